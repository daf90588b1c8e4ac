// Use-case model of payments (拨付): payment attempts of a tranche (一期拨款), the permanent claims that make a
// tranche payable once only, the idempotency records of payment runs, and the double-entry ledger's accounts and
// transactions as stored records (the rules are functions/payments/rules/ledger.ts).

import { listing, type RecordKind, type VersionedRecord } from "../platform/ports/records.ts";
import type { AccountKind, LedgerEntry, TransactionKind } from "./rules/ledger.ts";
import { paymentTodos } from "./rules/todos.ts";
import type { RecordedTreasuryAnswer } from "./rules/treasury-answers.ts";

export const paymentStatuses = [
  "awaiting-approval", // four eyes: a second finance officer approves or rejects
  "disbursing", // approved; the treasury (国库集中支付) is asked to pay and confirms by callback
  "paid", // the tranche paid, the ledger written, in one transaction
  "rejected", // the approver refused: the tranche is eligible again
  "cancelled", // the project stopped being payable before disbursement (termination), or finance cancelled the
  // tranche after its disbursement failed (four eyes, resolution.ts): commitment released
  "disbursement-failed", // the treasury kept failing or never answered: the tranche stays reserved for finance to resolve
  "returned", // after its disbursement failed finance returned the tranche to eligible (four eyes): commitment released
] as const;
export type PaymentStatus = (typeof paymentStatuses)[number];

/** One attempt at paying one tranche: `pmt-<trancheId>-a<attempt>`, run by execution `pay-<trancheId>-a<attempt>`. */
export interface PaymentRecord extends VersionedRecord {
  readonly trancheId: string;
  readonly projectId: string;
  readonly programmeId: string;
  readonly trancheIndex: number;
  readonly attempt: number;
  readonly amountFen: number;
  readonly payeeOrganisationId: string;
  readonly status: PaymentStatus;
  readonly requestedBy: string;
  /** The requesting officer's name (kernel/actor.ts actorName); none on payments requested before names were kept. */
  readonly requestedByName?: string;
  readonly requestedAt: string;
  readonly idempotencyKey: string;
  /** Why the tranche was eligible when it was reserved (the tranche's `eligible`, with its confirmer's name). */
  readonly evidence?: {
    readonly at: string;
    readonly by: string;
    readonly byName?: string;
    readonly reason: string;
    readonly milestone?: number;
  };
  readonly executionName: string;
  readonly approval?: {
    readonly decision: "approve" | "reject";
    readonly by: string;
    /** The approver's name (kernel/actor.ts actorName); none on approvals made before names were kept. */
    readonly byName?: string;
    readonly at: string;
    readonly reason?: string;
  };
  readonly treasury?: {
    readonly submissions: number;
    readonly lastSubmittedAt?: string;
    readonly failures: readonly { readonly at: string; readonly reason: string }[];
    readonly reference?: string;
    readonly confirmedAt?: string;
    /** The answer that decided the latest answered submission (rules/treasury-answers.ts): the first one. */
    readonly lastAnswer?: RecordedTreasuryAnswer & { readonly at: string; readonly by: string };
  };
  /** The callback the payment execution is parked on. */
  readonly pendingTask?: {
    readonly kind: "approval" | "treasury";
    readonly token: string;
    readonly since: string;
  };
  /**
   * A failed disbursement's way out (resolution.ts): proposed by one finance officer, confirmed by another. A new
   * proposal replaces an open one.
   */
  readonly resolution?: {
    readonly outcome: ResolutionOutcome;
    readonly reason: string;
    readonly proposedBy: string;
    /** The proposing and the confirming officers' names (kernel/actor.ts actorName), where kept. */
    readonly proposedByName?: string;
    readonly proposedAt: string;
    readonly confirmedBy?: string;
    readonly confirmedByName?: string;
    readonly confirmedAt?: string;
  };
  readonly closedReason?: string;
  /** The payment audit report in the audit bucket (payment-audit-reports.ts), once written. */
  readonly auditReport?: {
    readonly jsonKey: string;
    readonly htmlKey: string;
    /** SHA-256 of the JSON report as stored. */
    readonly sha256: string;
    readonly at: string;
  };
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** What finance does with a tranche whose disbursement failed: make it payable again, or not pay it. */
export const resolutionOutcomes = ["return-to-eligible", "cancel"] as const;
export type ResolutionOutcome = (typeof resolutionOutcomes)[number];

export const paymentId = (trancheId: string, attempt: number) => `pmt-${trancheId}-a${attempt}`;
export const paymentExecutionName = (trancheId: string, attempt: number) => `pay-${trancheId}-a${attempt}`;
export const paymentStateMachine = "payment";

export const paymentKind: RecordKind<PaymentRecord> = {
  name: "PAYMENT",
  indexKeys: (p) => ({
    gsi1pk: `PROGRAMME#${p.programmeId}#PAYMENT`,
    gsi1sk: `${p.createdAt}#${p.id}`,
    gsi2pk: paymentsOfTranche(p.trancheId).partition,
    gsi2sk: String(p.attempt).padStart(4, "0"),
  }),
  todos: paymentTodos,
};

/** A tranche's payment attempts. */
export const paymentsOfTranche = (trancheId: string) =>
  listing<PaymentRecord>("gsi2", `TRANCHE#${trancheId}#PAYMENT`);

/**
 * Never twice: created (attribute_not_exists) in the same transaction as the state change it guards, never deleted.
 * `<trancheId>#a<n>` with the reservation of attempt n; `<trancheId>#paid` with the ledger write that pays it —
 * whatever replays, races, restarts or redrives, a second `#paid` claim cannot be created.
 */
export interface PaymentClaimRecord extends VersionedRecord {
  readonly trancheId: string;
  readonly paymentId: string;
  readonly claim: "reservation" | "paid";
  readonly createdAt: string;
  readonly updatedAt: string;
}

export const reservationClaimId = (trancheId: string, attempt: number) => `${trancheId}#a${attempt}`;
export const paidClaimId = (trancheId: string) => `${trancheId}#paid`;
export const paymentClaimKind: RecordKind<PaymentClaimRecord> = {
  name: "PAYMENT_CLAIM",
  indexKeys: () => ({}),
};

/** A payment run's Idempotency-Key, kept permanently (no TTL): the request's hash and the first result. */
export interface IdempotencyRecord extends VersionedRecord {
  readonly scope: string;
  readonly key: string;
  readonly requestHash: string;
  readonly requestedBy: string;
  readonly result: unknown;
  readonly createdAt: string;
  readonly updatedAt: string;
}
export const idempotencyId = (scope: string, key: string) => `${scope}#${key}`;
export const idempotencyKind: RecordKind<IdempotencyRecord> = { name: "IDEMPOTENCY", indexKeys: () => ({}) };

/** An account's stored normal-side balance (id = the account id, e.g. `prj:<projectId>:paid`). */
export interface LedgerAccountRecord extends VersionedRecord {
  readonly programmeId: string;
  readonly kind: AccountKind;
  readonly balanceFen: number;
  readonly flagged: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
}
export const ledgerAccountKind: RecordKind<LedgerAccountRecord> = {
  name: "LEDGER_ACCOUNT",
  indexKeys: (a) => ({ gsi1pk: ledgerAccountsOfProgramme(a.programmeId).partition, gsi1sk: a.id }),
};

/** A programme's ledger accounts. */
export const ledgerAccountsOfProgramme = (programmeId: string) =>
  listing<LedgerAccountRecord>("gsi1", `PROGRAMME#${programmeId}#ACCOUNT`);

/** A posted ledger transaction (记账凭证), create-only. */
export interface LedgerTransactionRecord extends VersionedRecord {
  readonly programmeId: string;
  readonly projectId?: string;
  readonly kind: TransactionKind;
  readonly entries: readonly LedgerEntry[];
  readonly overRecovery?: boolean;
  readonly paymentId?: string;
  readonly postedAt: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}
export const ledgerTransactionKind: RecordKind<LedgerTransactionRecord> = {
  name: "LEDGER_TXN",
  indexKeys: (t) => ({
    gsi1pk: ledgerTransactionsOfProgramme(t.programmeId).partition,
    gsi1sk: `${t.postedAt}#${t.id}`,
  }),
};

/** A programme's ledger transactions (记账凭证), by posting time. */
export const ledgerTransactionsOfProgramme = (programmeId: string) =>
  listing<LedgerTransactionRecord>("gsi1", `PROGRAMME#${programmeId}#LEDGER`);
