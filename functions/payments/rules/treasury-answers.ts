// Pure rule of payments: which answer of the treasury (国库集中支付回执) decides a submission of a payment instruction.
// The first answer to the payment's latest submission decides it; an exact replay of that answer changes nothing; any
// other answer to it, or to a payment no longer disbursing, is refused (409); once the treasury confirmed with a
// reference, only that reference answers a later submission.
import { conflictError } from "../../kernel/errors.ts";

/** An answer as the treasury sends it: a confirmation carries its reference, a failure its reason. */
export interface TreasuryAnswer {
  readonly outcome: "confirmed" | "failed";
  readonly reference?: string;
  readonly reason?: string;
}

/** The answer recorded on the payment, with the submission (1, 2, …) it answered. */
export interface RecordedTreasuryAnswer extends TreasuryAnswer {
  readonly submission: number;
}

/** What is known about the payment when an answer arrives. */
export interface TreasuryAnswerFacts {
  readonly status: string;
  /** The payment's execution is parked on the treasury's callback (Disburse). */
  readonly waitingForTreasury: boolean;
  /** Submissions of the instruction so far; the latest is the one an answer is for. */
  readonly submissions: number;
  readonly lastAnswer?: RecordedTreasuryAnswer;
  /** The treasury's reference once it confirmed: money has left, the instruction is paid under it. */
  readonly confirmedReference?: string;
}

/** The reason a failure is recorded with when the treasury gave none. */
export const defaultFailureReason = "failed";

const sameAnswer = (a: TreasuryAnswer, b: TreasuryAnswer) =>
  a.outcome === b.outcome &&
  (a.outcome === "confirmed"
    ? a.reference === b.reference
    : (a.reason ?? defaultFailureReason) === (b.reason ?? defaultFailureReason));

/**
 * `record`: the first answer to the latest submission — record it and pass it to the workflow. `replay`: the very
 * answer already recorded for the latest submission (a delivery the treasury retried) — write nothing. Otherwise a
 * 409 with a stable code.
 */
export function judgeTreasuryAnswer(facts: TreasuryAnswerFacts, answer: TreasuryAnswer): "record" | "replay" {
  const last = facts.lastAnswer;
  const latestAnswered = last !== undefined && last.submission === facts.submissions;
  if (latestAnswered && sameAnswer(last, answer)) return "replay";
  if (facts.status !== "disbursing" || !facts.waitingForTreasury) {
    throw conflictError(
      "NOT_DISBURSING",
      `payment is ${facts.status}`,
      `拨付不在国库支付环节（${facts.status}）`,
    );
  }
  if (latestAnswered) {
    throw conflictError(
      "TREASURY_ALREADY_ANSWERED",
      `the treasury already answered submission ${last.submission} of this instruction (${last.outcome}): the first answer decides`,
      `国库已对该支付指令第${last.submission}次提交作出回执（${last.outcome === "confirmed" ? "已支付" : "支付失败"}），以首次回执为准`,
    );
  }
  const reference = facts.confirmedReference;
  if (reference !== undefined && (answer.outcome !== "confirmed" || answer.reference !== reference)) {
    throw conflictError(
      "TREASURY_REFERENCE_CONFLICT",
      `the treasury confirmed this instruction with reference ${reference}: a later answer can only repeat it`,
      `国库已以支付凭证号 ${reference} 确认该支付指令，此后的回执须与之一致`,
    );
  }
  return "record";
}
