// Unit tests of the award's terms (遴选): shortlist, confirmations, ruling and the calendar retry, with the review's.
import { describe, expect, it } from "vitest";
import {
  awardTerms,
  calendarRetryDays,
  confirmationDays,
  rulingDays,
  shortlistDays,
} from "../../../../functions/award/rules/terms.ts";
import { DAY_SECONDS } from "../../../../functions/kernel/dates.ts";
import { reviewTerms } from "../../../../functions/review/rules/terms.ts";

describe("award terms", () => {
  it("gives the shortlist, each confirmation and a ruling 30 days, and retries a missing calendar daily", () => {
    expect(shortlistDays).toBe(30);
    expect(confirmationDays).toBe(30);
    expect(rulingDays).toBe(30);
    expect(calendarRetryDays).toBe(1);
  });

  it("carries them with the review's terms into challenge-award's input as seconds", () => {
    expect(awardTerms()).toEqual({
      ...reviewTerms(),
      shortlistSeconds: shortlistDays * DAY_SECONDS,
      confirmationSeconds: confirmationDays * DAY_SECONDS,
      rulingSeconds: rulingDays * DAY_SECONDS,
      calendarRetrySeconds: calendarRetryDays * DAY_SECONDS,
    });
    expect(awardTerms().rulingSeconds).toBe(2_592_000);
    expect(awardTerms().calendarRetrySeconds).toBe(86_400);
  });
});
