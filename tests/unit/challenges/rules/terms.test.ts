// Unit tests of challenge publication's terms (张榜发布): each sign-off and the resubmission, in days and as seconds.
import { describe, expect, it } from "vitest";
import {
  publicationTerms,
  resubmissionDays,
  signOffDays,
} from "../../../../functions/challenges/rules/terms.ts";
import { DAY_SECONDS } from "../../../../functions/kernel/dates.ts";

describe("challenge publication terms", () => {
  it("gives each sign-off 14 days and the bureau 60 days to resubmit a sent-back draft", () => {
    expect(signOffDays).toBe(14);
    expect(resubmissionDays).toBe(60);
  });

  it("carries them into challenge-publication's input as seconds", () => {
    expect(publicationTerms()).toEqual({
      signOffSeconds: signOffDays * DAY_SECONDS,
      resubmissionSeconds: resubmissionDays * DAY_SECONDS,
    });
    expect(publicationTerms().signOffSeconds).toBe(1_209_600);
  });
});
