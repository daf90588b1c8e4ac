// Pure rule: money back on termination or fraud (《太原市实施“双百攻关行动”工作方案》四（七）4) — cancelled tranches, amount to recover, credit record.
import * as z from "zod/mini";
import { addDays, addMonths, type IsoDate, isIsoDate } from "../../kernel/dates.ts";
import { businessRuleError, parseOrThrow, validationError } from "../../kernel/errors.ts";
import { type Fen, formatYuan, sumFen } from "../../kernel/money.ts";
import type { FundingPolicy } from "../../programmes/rules/policy.ts";

const safeFen = () => z.number().check(z.int(), z.nonnegative());

/**
 * Why money comes back:
 * - `termination`: the project cannot continue (any signatory proposes it) or is stopped by a party's fault
 *   after third-party review — unpaid money is not paid, paid-but-unspent money is recovered;
 * - `fraud`: fraud or collusion (弄虚作假或串通骗取) — all paid money is recovered and the organisation goes on
 *   the credit record (失信行为记录).
 */
export const recoveryReasons = ["termination", "fraud"] as const;
export type RecoveryReason = (typeof recoveryReasons)[number];

export const recoveryInputSchema = z.lazy(() =>
  z.strictObject({
    reason: z.enum(recoveryReasons),
    /** Public money paid so far. */
    paidFen: safeFen(),
    /** R&D spending of the paid money verified by the special audit (专项审计); ignored on fraud. */
    verifiedSpendingFen: z._default(safeFen(), 0),
    /** Tranches not yet paid: cancelled either way (未拨付的财政资金不再拨付). */
    unpaidTranches: z._default(
      z.array(z.strictObject({ index: z.number().check(z.int(), z.gte(1)), amountFen: safeFen() })),
      [],
    ),
    /** Organisations found responsible (for the credit record on fraud). */
    organisationIds: z._default(z.array(z.string().check(z.minLength(1))), []),
    /** The decision date, from which a credit record runs. */
    decidedOn: z.optional(
      z.string().check(
        z.refine(isIsoDate, {
          message: "not a date YYYY-MM-DD",
          params: { messageZh: "不是有效日期（YYYY-MM-DD）" },
        }),
      ),
    ),
  }),
);
export type RecoveryInput = z.input<typeof recoveryInputSchema>;

export interface CreditRecordDecision {
  organisationIds: string[];
  blockMonths: number;
  /** Set when the decision date is known: applications are refused from `recordedOn` until (not including) `blockedUntil`. */
  recordedOn?: IsoDate;
  blockedUntil?: IsoDate;
}

export interface RecoveryResult {
  reason: RecoveryReason;
  recoverFen: Fen;
  cancelledTranches: number[];
  cancelledFen: Fen;
  creditRecord: CreditRecordDecision | null;
  explanation: { rule: string; message: string; messageZh: string }[];
}

/** What to recover and cancel for a terminated or fraudulent project. The result is always within [0, paid]. */
export function computeRecovery(policy: FundingPolicy, input: RecoveryInput): RecoveryResult {
  const parsed = parseOrThrow(recoveryInputSchema, input, "INVALID_RECOVERY_INPUT");
  const cancelledTranches = parsed.unpaidTranches.map((t) => t.index);
  const cancelledFen = sumFen(
    parsed.unpaidTranches.map((t) => t.amountFen),
    "unpaidTranches",
  );
  const explanation: RecoveryResult["explanation"] = [
    {
      rule: "cancel-unpaid",
      message: `unpaid tranches cancelled: ${formatYuan(cancelledFen)} CNY${cancelledTranches.length ? ` (tranches ${cancelledTranches.join(", ")})` : ""}`,
      messageZh: `未拨付资金不再拨付：${formatYuan(cancelledFen)} 元${cancelledTranches.length ? `（第${cancelledTranches.join("、")}期）` : ""}`,
    },
  ];

  if (parsed.reason === "termination") {
    const recoverFen = Math.max(0, parsed.paidFen - parsed.verifiedSpendingFen);
    explanation.push({
      rule: "recover-unspent",
      message: `paid ${formatYuan(parsed.paidFen)} − verified spending ${formatYuan(parsed.verifiedSpendingFen)} = ${formatYuan(recoverFen)} CNY to recover (never negative)`,
      messageZh: `已拨付 ${formatYuan(parsed.paidFen)} 元 − 经审计支出 ${formatYuan(parsed.verifiedSpendingFen)} 元，收回已拨付未支出的 ${formatYuan(recoverFen)} 元`,
    });
    return {
      reason: "termination",
      recoverFen,
      cancelledTranches,
      cancelledFen,
      creditRecord: null,
      explanation,
    };
  }

  const creditRecord: CreditRecordDecision = {
    organisationIds: parsed.organisationIds,
    blockMonths: policy.creditRecordBlockMonths,
  };
  if (parsed.decidedOn !== undefined) {
    creditRecord.recordedOn = parsed.decidedOn;
    creditRecord.blockedUntil = addMonths(parsed.decidedOn, policy.creditRecordBlockMonths);
  }
  explanation.push(
    {
      rule: "recover-all",
      message: `fraud: all paid money recovered, ${formatYuan(parsed.paidFen)} CNY`,
      messageZh: `弄虚作假：收回全部已拨付财政资金 ${formatYuan(parsed.paidFen)} 元`,
    },
    {
      rule: "credit-record",
      message: `credit record: barred from applying for ${policy.creditRecordBlockMonths} months`,
      messageZh: `列入失信行为记录，${policy.creditRecordBlockMonths} 个月内不得揭榜`,
    },
  );
  return {
    reason: "fraud",
    recoverFen: parsed.paidFen,
    cancelledTranches,
    cancelledFen,
    creditRecord,
    explanation,
  };
}

/**
 * The tranches still unpaid when tranches are paid in order and `paidFen` has been paid: `paidFen` must be
 * the sum of the first k tranches (k ≥ 0), else a validation error.
 */
export function unpaidTranchesAfter(
  tranches: readonly { index: number; amountFen: Fen }[],
  paidFen: Fen,
): { index: number; amountFen: Fen }[] {
  let sum = 0;
  for (let k = 0; k <= tranches.length; k++) {
    if (sum === paidFen) return tranches.slice(k).map((t) => ({ index: t.index, amountFen: t.amountFen }));
    if (k < tranches.length) sum += (tranches[k] as { amountFen: Fen }).amountFen;
  }
  throw validationError(
    "PAID_NOT_TRANCHE_TOTAL",
    `paidFen: ${paidFen} is not the total of the first tranches`,
    `paidFen：${paidFen} 分不等于前若干期拨款之和`,
    [
      {
        path: "paidFen",
        message: "not the total of the first tranches",
        messageZh: "不等于前若干期拨款之和",
      },
    ],
  );
}

/**
 * Decision (《太原市实施“双百攻关行动”工作方案》四（七）4 says only 收回, no deadline): money to recover is due 30 calendar days after the
 * decision (termination or fraud); a receivable not fully returned by then is overdue and escalated (README).
 */
export const receivableDueDays = 30;

/** The last day (Shanghai date) on which a receivable decided on `decidedOn` may be returned without escalation. */
export function receivableDueOn(decidedOn: IsoDate): IsoDate {
  return addDays(decidedOn, receivableDueDays);
}

/** Whether a receivable with `outstandingFen` still to return is overdue on `today` (both Shanghai dates). */
export function isReceivableOverdue(decidedOn: IsoDate, outstandingFen: Fen, today: IsoDate): boolean {
  return outstandingFen > 0 && today > receivableDueOn(decidedOn);
}

/**
 * Money returned on a receivable is received on or after the decision that made it owed and no later than `today`
 * (Shanghai dates): a receipt dated otherwise (9999-12-31, 1900-01-01) is refused, 422 RECEIPT_DATE_OUT_OF_RANGE.
 */
export function assertReceiptDate(receivedOn: IsoDate, decidedOn: IsoDate, today: IsoDate): void {
  if (receivedOn >= decidedOn && receivedOn <= today) return;
  throw businessRuleError(
    "RECEIPT_DATE_OUT_OF_RANGE",
    `A receipt is dated from the decision (${decidedOn}) to today (${today})`,
    `到账日期须在决定之日（${decidedOn}）至今天（${today}）之间`,
    [
      {
        path: "body.receivedOn",
        message: `from ${decidedOn} to ${today}`,
        messageZh: `${decidedOn} 至 ${today}`,
      },
    ],
  );
}

/** What a recovery record says of the money: paid, to recover, and why. */
export interface RecoveryAssessment {
  readonly reason: RecoveryReason;
  readonly paidFen: Fen;
  readonly amountFen: Fen;
  readonly verifiedSpendingFen: Fen;
  readonly payerOrganisationId: string;
  readonly explanation: readonly {
    readonly rule: string;
    readonly message: string;
    readonly messageZh: string;
  }[];
}

/**
 * Recovery reassessment (收回金额重新核定): a tranche that was in payment when the project was terminated is paid after
 * all, so the paid amount grows and the amount to recover is computed again by the same rule (computeRecovery); the
 * explanation keeps the first assessment's lines and adds why it changed.
 */
export function reassessRecovery(
  policy: FundingPolicy,
  recovery: RecoveryAssessment,
  addedPaidFen: Fen,
  trancheId: string,
): Pick<RecoveryAssessment, "paidFen" | "amountFen" | "explanation"> {
  const paidFen = recovery.paidFen + addedPaidFen;
  const result = computeRecovery(policy, {
    reason: recovery.reason,
    paidFen,
    verifiedSpendingFen: recovery.verifiedSpendingFen,
    unpaidTranches: [],
    organisationIds: [recovery.payerOrganisationId],
  });
  return {
    paidFen,
    amountFen: result.recoverFen,
    explanation: [
      ...recovery.explanation,
      {
        rule: "paid-after-termination",
        message: `${trancheId} was in payment at termination and was paid: the recovery is reassessed`,
        messageZh: `${trancheId} 在终止时正在拨付且已拨付，收回金额重新核定`,
      },
      ...result.explanation.filter((line) => line.rule !== "cancel-unpaid"),
    ],
  };
}
