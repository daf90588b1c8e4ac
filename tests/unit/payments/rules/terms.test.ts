// Unit tests of the payments' terms (资金拨付): the second approval's renewal and the treasury's answer, as seconds.
import { describe, expect, it } from "vitest";
import { DAY_SECONDS } from "../../../../functions/kernel/dates.ts";
import {
  approvalWaitDays,
  paymentTerms,
  treasuryAnswerDays,
} from "../../../../functions/payments/rules/terms.ts";

describe("payment terms", () => {
  it("renews the wait for the second approval weekly and resubmits to the treasury after a silent day", () => {
    expect(approvalWaitDays).toBe(7);
    expect(treasuryAnswerDays).toBe(1);
  });

  it("carries them into the payment execution's input as seconds", () => {
    expect(paymentTerms()).toEqual({
      approvalWaitSeconds: approvalWaitDays * DAY_SECONDS,
      treasuryAnswerSeconds: treasuryAnswerDays * DAY_SECONDS,
    });
    expect(paymentTerms()).toEqual({ approvalWaitSeconds: 604_800, treasuryAnswerSeconds: 86_400 });
  });
});
