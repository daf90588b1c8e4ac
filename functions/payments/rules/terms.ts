// Pure rules of payments (资金拨付): their terms — how often a payment waiting for its second approval is raised again,
// and how long the treasury may stay silent before the instruction is resubmitted — and their seconds.
import { daysToSeconds } from "../../kernel/dates.ts";

/**
 * Days a payment waits for its second finance officer's approval (four-eyes) before the wait starts again; each
 * renewal reports the payment as an overdue approval in the queue and the metrics. 《太原市实施“双百攻关行动”工作方案》
 * 四（七）1 has the payment opinion "经市政府审定后" paid through treasury but sets no time limit for the approval.
 * The platform's own operating term: weekly, the rhythm of a finance office's payment runs.
 */
export const approvalWaitDays = 7;

/**
 * Days the treasury (国库集中支付, 四（七）1) may leave a disbursement instruction unanswered before it is resubmitted
 * (the treasury deduplicates by payment id); after the retries finance resolves it. No policy fixes it. The
 * platform's own operating term: one day, as treasury answers an instruction the same working day.
 */
export const treasuryAnswerDays = 1;

/** The terms in the execution input of payment (`terms`), in seconds. */
export interface PaymentTerms {
  /** AwaitApproval's TimeoutSecondsPath. */
  readonly approvalWaitSeconds: number;
  /** Disburse's TimeoutSecondsPath. */
  readonly treasuryAnswerSeconds: number;
}

/** The payment terms as the seconds the execution input carries. */
export function paymentTerms(): PaymentTerms {
  return {
    approvalWaitSeconds: daysToSeconds(approvalWaitDays),
    treasuryAnswerSeconds: daysToSeconds(treasuryAnswerDays),
  };
}
