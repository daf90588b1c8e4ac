// Unit tests of demand intake's terms (需求征集): the bureau's decision and the resubmission, in days and as seconds.
import { describe, expect, it } from "vitest";
import {
  bureauDecisionDays,
  intakeTerms,
  resubmissionDays,
} from "../../../../functions/demands/rules/terms.ts";
import { DAY_SECONDS } from "../../../../functions/kernel/dates.ts";

describe("demand intake terms", () => {
  it("gives the bureau 30 days to decide and the enterprise 60 days to resubmit", () => {
    expect(bureauDecisionDays).toBe(30);
    expect(resubmissionDays).toBe(60);
  });

  it("carries them into demand-intake's input as seconds", () => {
    expect(intakeTerms()).toEqual({
      decisionSeconds: bureauDecisionDays * DAY_SECONDS,
      resubmissionSeconds: resubmissionDays * DAY_SECONDS,
    });
    expect(intakeTerms().resubmissionSeconds).toBe(5_184_000);
  });
});
