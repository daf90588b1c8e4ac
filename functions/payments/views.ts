// Use case (payments): what the API returns — every route's response body as a zod/mini schema, built on first use
// (functions/kernel/view-schemas.ts), named after the domain type it describes; the routes' results are typed by them.
import * as z from "zod/mini";
import { lazySchema } from "../kernel/view-schemas.ts";

export const getPaymentsQueue200Schema = lazySchema(() =>
  z.object({
    items: z.array(
      z.object({
        lastRejection: z.optional(z.object({ by: z.string(), at: z.string(), reason: z.string() })),
        trancheId: z.string(),
        projectId: z.string(),
        /** The project's title: its challenge's (榜单名称). */
        projectTitle: z.optional(z.string()),
        programmeId: z.string(),
        programmeName: z.optional(z.string()),
        programmeNameZh: z.optional(z.string()),
        index: z.number(),
        amountFen: z.number(),
        payeeOrganisationId: z.string(),
        /** The payee's name as the award recorded it. */
        payeeName: z.optional(z.string()),
        condition: z.string(),
        evidence: z.optional(
          z.object({
            at: z.string(),
            by: z.string(),
            /** The confirmer's name, where kept (none for the workflow). */
            byName: z.optional(z.string()),
            milestone: z.optional(z.number()),
            reason: z.string(),
          }),
        ),
      }),
    ),
  }),
);
export const trancheOutcomeSchema = lazySchema("TrancheOutcome", () =>
  z.object({
    trancheId: z.string(),
    outcome: z.enum(["reserved", "in-progress", "paid", "refused"]),
    paymentId: z.optional(z.string()),
    code: z.optional(z.string()),
    message: z.optional(z.string()),
  }),
);
export const paymentRunResultSchema = lazySchema("PaymentRunResult", () =>
  z.object({ idempotencyKey: z.string(), results: z.array(trancheOutcomeSchema()) }),
);
export const paymentRecordSchema = lazySchema("PaymentRecord", () =>
  z.object({
    trancheId: z.string(),
    projectId: z.string(),
    programmeId: z.string(),
    trancheIndex: z.number(),
    attempt: z.number(),
    amountFen: z.number(),
    payeeOrganisationId: z.string(),
    status: z.enum([
      "returned",
      "paid",
      "cancelled",
      "awaiting-approval",
      "disbursing",
      "rejected",
      "disbursement-failed",
    ]),
    requestedBy: z.string(),
    requestedByName: z.optional(z.string()),
    requestedAt: z.string(),
    idempotencyKey: z.string(),
    evidence: z.optional(
      z.object({
        at: z.string(),
        by: z.string(),
        byName: z.optional(z.string()),
        reason: z.string(),
        milestone: z.optional(z.number()),
      }),
    ),
    executionName: z.string(),
    approval: z.optional(
      z.object({
        decision: z.enum(["approve", "reject"]),
        by: z.string(),
        byName: z.optional(z.string()),
        at: z.string(),
        reason: z.optional(z.string()),
      }),
    ),
    treasury: z.optional(
      z.object({
        submissions: z.number(),
        lastSubmittedAt: z.optional(z.string()),
        failures: z.array(z.object({ at: z.string(), reason: z.string() })),
        reference: z.optional(z.string()),
        confirmedAt: z.optional(z.string()),
        lastAnswer: z.optional(
          z.object({
            submission: z.number(),
            outcome: z.enum(["failed", "confirmed"]),
            reference: z.optional(z.string()),
            reason: z.optional(z.string()),
            at: z.string(),
            by: z.string(),
          }),
        ),
      }),
    ),
    // The frame withholds the task token (functions/platform/http/task-tokens.ts).
    pendingTask: z.optional(z.object({ kind: z.enum(["approval", "treasury"]), since: z.string() })),
    resolution: z.optional(
      z.object({
        outcome: z.enum(["return-to-eligible", "cancel"]),
        reason: z.string(),
        proposedBy: z.string(),
        proposedByName: z.optional(z.string()),
        proposedAt: z.string(),
        confirmedBy: z.optional(z.string()),
        confirmedByName: z.optional(z.string()),
        confirmedAt: z.optional(z.string()),
      }),
    ),
    closedReason: z.optional(z.string()),
    auditReport: z.optional(
      z.object({ jsonKey: z.string(), htmlKey: z.string(), sha256: z.string(), at: z.string() }),
    ),
    createdAt: z.string(),
    updatedAt: z.string(),
    id: z.string(),
    version: z.number(),
  }),
);
/** One payment as GET /v1/payments/{paymentId} answers: the record with the project's title and the payee's name. */
export const getPaymentsPaymentId200Schema = lazySchema(() =>
  z.extend(paymentRecordSchema(), {
    /** The project's title: its challenge's (榜单名称). */
    projectTitle: z.optional(z.string()),
    /** The payee's name as the award recorded it. */
    payeeName: z.optional(z.string()),
  }),
);
export const getProgrammesProgrammeIdLedger200Schema = lazySchema(() =>
  z.object({
    programmeId: z.string(),
    balances: z.record(z.string(), z.number()),
    rebuilt: z.record(z.string(), z.number()),
    /** Each account in words, by id: the project's title or the programme's name, and what kind of money. */
    accountNames: z.record(z.string(), z.object({ accountName: z.string(), accountNameZh: z.string() })),
    agrees: z.boolean(),
    transactions: z.number(),
  }),
);
export const getRecoveries200Schema = lazySchema(() =>
  z.object({
    items: z.array(
      z.object({
        escalation: z.optional(z.object({ at: z.string(), dueOn: z.string(), outstandingFen: z.number() })),
        id: z.string(),
        projectId: z.string(),
        /** The project's title: its challenge's (榜单名称). */
        projectTitle: z.optional(z.string()),
        programmeId: z.string(),
        reason: z.enum(["termination", "fraud"]),
        status: z.enum(["assessed", "recovered", "waived"]),
        amountFen: z.number(),
        receivedFen: z.number(),
        outstandingFen: z.number(),
        payerOrganisationId: z.string(),
        /** The payer's name as the award recorded it. */
        payerName: z.optional(z.string()),
        decidedOn: z.string(),
        dueOn: z.string(),
        escalated: z.boolean(),
      }),
    ),
  }),
);
export const recoveryReceiptSchema = lazySchema("RecoveryReceipt", () =>
  z.object({
    seq: z.number(),
    amountFen: z.number(),
    reference: z.string(),
    receivedOn: z.string(),
    by: z.string(),
    byName: z.optional(z.string()),
    at: z.string(),
    idempotencyKey: z.string(),
    ledgerTransactionId: z.string(),
  }),
);
export const getRecoveriesRecoveryId200Schema = lazySchema(() =>
  z.object({
    dueOn: z.string(),
    escalated: z.boolean(),
    receivedFen: z.number(),
    outstandingFen: z.number(),
    receipts: z.array(recoveryReceiptSchema()),
    projectId: z.string(),
    /** The project's title: its challenge's (榜单名称). */
    projectTitle: z.optional(z.string()),
    programmeId: z.string(),
    reason: z.enum(["termination", "fraud"]),
    amountFen: z.number(),
    paidFen: z.number(),
    verifiedSpendingFen: z.number(),
    cancelledTranches: z.array(z.number()),
    cancelledFen: z.number(),
    payerOrganisationId: z.string(),
    /** The payer's registered name, else the name the award recorded. */
    payerName: z.optional(z.string()),
    decidedOn: z.string(),
    decidedBy: z.string(),
    decidedByName: z.optional(z.string()),
    status: z.enum(["assessed", "recovered", "waived"]),
    ledgerAssessedFen: z.optional(z.number()),
    escalation: z.optional(z.object({ at: z.string(), dueOn: z.string(), outstandingFen: z.number() })),
    explanation: z.array(z.object({ rule: z.string(), message: z.string(), messageZh: z.string() })),
    createdAt: z.string(),
    updatedAt: z.string(),
    id: z.string(),
    version: z.number(),
  }),
);
export const postRecoveriesRecoveryIdReceipts201Schema = lazySchema(() =>
  z.object({
    receivedFen: z.number(),
    outstandingFen: z.number(),
    receipts: z.array(recoveryReceiptSchema()),
    projectId: z.string(),
    /** The project's title: its challenge's (榜单名称). */
    projectTitle: z.optional(z.string()),
    programmeId: z.string(),
    reason: z.enum(["termination", "fraud"]),
    amountFen: z.number(),
    paidFen: z.number(),
    verifiedSpendingFen: z.number(),
    cancelledTranches: z.array(z.number()),
    cancelledFen: z.number(),
    payerOrganisationId: z.string(),
    /** The payer's registered name, else the name the award recorded. */
    payerName: z.optional(z.string()),
    decidedOn: z.string(),
    decidedBy: z.string(),
    decidedByName: z.optional(z.string()),
    status: z.enum(["assessed", "recovered", "waived"]),
    ledgerAssessedFen: z.optional(z.number()),
    escalation: z.optional(z.object({ at: z.string(), dueOn: z.string(), outstandingFen: z.number() })),
    explanation: z.array(z.object({ rule: z.string(), message: z.string(), messageZh: z.string() })),
    createdAt: z.string(),
    updatedAt: z.string(),
    id: z.string(),
    version: z.number(),
  }),
);
export const getProgrammesProgrammeIdFinanceReport200Schema = lazySchema(() =>
  z.object({
    programmeId: z.string(),
    budgetFen: z.number(),
    committedFen: z.number(),
    disbursedFen: z.number(),
    recoveredFen: z.number(),
    recoverableFen: z.number(),
    outstandingFen: z.number(),
    netPublicFen: z.number(),
    budgetLeftFen: z.nullable(z.number()),
    enterpriseInvestmentFen: z.number(),
    socialInvestmentFen: z.number(),
    leveragePublicFen: z.number(),
    roadShowInterestFen: z.number(),
    leverage: z.nullable(z.string()),
    checks: z.array(
      z.object({
        figure: z.enum([
          "disbursedFen",
          "recoveredFen",
          "recoverableFen",
          "reservedOrPaidFen",
          "budgetAfterPaymentsFen",
        ]),
        records: z.number(),
        ledger: z.number(),
        agree: z.boolean(),
      }),
    ),
    ledgerRebuildAgrees: z.boolean(),
    agree: z.boolean(),
  }),
);
export const getFinanceReport200Schema = lazySchema(() =>
  z.object({
    leverage: z.nullable(z.string()),
    checks: z.array(
      z.object({
        figure: z.enum([
          "disbursedFen",
          "recoveredFen",
          "recoverableFen",
          "reservedOrPaidFen",
          "budgetAfterPaymentsFen",
        ]),
        records: z.number(),
        ledger: z.number(),
        agree: z.boolean(),
      }),
    ),
    ledgerRebuildAgrees: z.boolean(),
    agree: z.boolean(),
    programmes: z.array(
      z.object({
        programmeId: z.string(),
        budgetFen: z.number(),
        committedFen: z.number(),
        disbursedFen: z.number(),
        recoveredFen: z.number(),
        recoverableFen: z.number(),
        outstandingFen: z.number(),
        netPublicFen: z.number(),
        budgetLeftFen: z.nullable(z.number()),
        enterpriseInvestmentFen: z.number(),
        socialInvestmentFen: z.number(),
        leveragePublicFen: z.number(),
        roadShowInterestFen: z.number(),
        leverage: z.nullable(z.string()),
        checks: z.array(
          z.object({
            figure: z.enum([
              "disbursedFen",
              "recoveredFen",
              "recoverableFen",
              "reservedOrPaidFen",
              "budgetAfterPaymentsFen",
            ]),
            records: z.number(),
            ledger: z.number(),
            agree: z.boolean(),
          }),
        ),
        ledgerRebuildAgrees: z.boolean(),
        agree: z.boolean(),
      }),
    ),
    disbursedFen: z.number(),
    recoveredFen: z.number(),
    recoverableFen: z.number(),
    budgetFen: z.number(),
    committedFen: z.number(),
    outstandingFen: z.number(),
    netPublicFen: z.number(),
    budgetLeftFen: z.number(),
    enterpriseInvestmentFen: z.number(),
    socialInvestmentFen: z.number(),
    leveragePublicFen: z.number(),
    roadShowInterestFen: z.number(),
    scope: z.literal("total"),
    programmeCount: z.number(),
  }),
);
export const postTreasuryConfirmations200Schema = lazySchema(() =>
  z.object({ accepted: z.boolean(), replay: z.optional(z.literal(true)) }),
);
