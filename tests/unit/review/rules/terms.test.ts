// Unit tests of expert review's terms (专家评审): the scoring deadline, escalation and lapse counts, the pool retry.
import { describe, expect, it } from "vitest";
import { DAY_SECONDS } from "../../../../functions/kernel/dates.ts";
import {
  escalateFromOverdue,
  expertPoolRetryDays,
  lapseAfterOverdue,
  reviewTerms,
  scoringDays,
} from "../../../../functions/review/rules/terms.ts";

describe("review terms", () => {
  it("gives the panel 7 days a deadline, escalates from the 2nd missed one and lapses at the 4th", () => {
    expect(scoringDays).toBe(7);
    expect(escalateFromOverdue).toBe(2);
    expect(lapseAfterOverdue).toBe(4);
    expect(expertPoolRetryDays).toBe(1);
  });

  it("escalates to the bureau before the review can lapse, with a reminder first", () => {
    expect(escalateFromOverdue).toBeGreaterThan(1);
    expect(escalateFromOverdue).toBeLessThan(lapseAfterOverdue);
  });

  it("carries them into challenge-award's input: seconds, and the lapse count as a count", () => {
    expect(reviewTerms()).toEqual({
      scoringSeconds: scoringDays * DAY_SECONDS,
      lapseAfterOverdue,
      expertPoolRetrySeconds: expertPoolRetryDays * DAY_SECONDS,
    });
    expect(reviewTerms().scoringSeconds).toBe(604_800);
  });
});
