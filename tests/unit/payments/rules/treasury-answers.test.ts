// Unit tests of the pure rule functions/payments/rules/treasury-answers.ts: the first answer to the latest submission
// is recorded, an exact replay of it is a no-op, anything else is refused with a stable code.
import { describe, expect, it } from "vitest";
import { isDomainError } from "../../../../functions/kernel/errors.ts";
import {
  judgeTreasuryAnswer,
  type TreasuryAnswer,
  type TreasuryAnswerFacts,
} from "../../../../functions/payments/rules/treasury-answers.ts";

const waiting: TreasuryAnswerFacts = { status: "disbursing", waitingForTreasury: true, submissions: 1 };
const confirmed = (reference: string): TreasuryAnswer => ({ outcome: "confirmed", reference });
const failed = (reason?: string): TreasuryAnswer => ({ outcome: "failed", ...(reason ? { reason } : {}) });

function verdict(facts: TreasuryAnswerFacts, answer: TreasuryAnswer): string {
  try {
    return judgeTreasuryAnswer(facts, answer);
  } catch (error) {
    if (isDomainError(error) && error.kind === "conflict") return error.code;
    throw error;
  }
}

describe("judgeTreasuryAnswer", () => {
  it("records the first answer to the latest submission, whatever it is", () => {
    expect(verdict(waiting, confirmed("R1"))).toBe("record");
    expect(verdict(waiting, failed("frozen"))).toBe("record");
    // The previous submission's answer does not answer this one.
    const resubmitted = { ...waiting, submissions: 2, lastAnswer: { ...failed("frozen"), submission: 1 } };
    expect(verdict(resubmitted, failed("frozen"))).toBe("record");
  });

  it("an exact replay of the recorded answer is a no-op; any other answer to the submission is refused", () => {
    const answered = {
      ...waiting,
      lastAnswer: { ...confirmed("R1"), submission: 1 },
      confirmedReference: "R1",
    };
    expect(verdict(answered, confirmed("R1"))).toBe("replay");
    expect(verdict(answered, confirmed("R2"))).toBe("TREASURY_ALREADY_ANSWERED");
    expect(verdict(answered, failed("frozen"))).toBe("TREASURY_ALREADY_ANSWERED");
    const failedOnce = { ...waiting, lastAnswer: { ...failed(), submission: 1 } };
    expect(verdict(failedOnce, failed())).toBe("replay");
    expect(verdict(failedOnce, failed("failed"))).toBe("replay"); // the default reason is the recorded one
    expect(verdict(failedOnce, failed("payee unknown"))).toBe("TREASURY_ALREADY_ANSWERED");
  });

  it("once confirmed, a later submission is answered with the same reference only", () => {
    const facts = {
      ...waiting,
      submissions: 2,
      lastAnswer: { ...confirmed("R1"), submission: 1 },
      confirmedReference: "R1",
    };
    expect(verdict(facts, confirmed("R1"))).toBe("record");
    expect(verdict(facts, confirmed("R2"))).toBe("TREASURY_REFERENCE_CONFLICT");
    expect(verdict(facts, failed("frozen"))).toBe("TREASURY_REFERENCE_CONFLICT");
  });

  it("refuses answers for a payment not waiting on the treasury, except an exact replay", () => {
    for (const status of ["awaiting-approval", "paid", "disbursement-failed", "cancelled"]) {
      expect(verdict({ status, waitingForTreasury: false, submissions: 0 }, confirmed("R1"))).toBe(
        "NOT_DISBURSING",
      );
    }
    const paid = {
      status: "paid",
      waitingForTreasury: false,
      submissions: 1,
      lastAnswer: { ...confirmed("R1"), submission: 1 },
      confirmedReference: "R1",
    };
    expect(verdict(paid, confirmed("R1"))).toBe("replay");
    expect(verdict(paid, confirmed("R2"))).toBe("NOT_DISBURSING");
  });
});
