// Model of recoveries (追回): the recovery record a termination or a finding of fraud hands to finance, its receipts
// and record kind. The amount is computed by recoveries/rules/recovery.ts; the ledger postings by recoveries/recoveries.ts.
import { listing, type RecordKind, type VersionedRecord } from "../platform/ports/records.ts";
import { recoveryTodos } from "./rules/todos.ts";

/**
 * Written once per project (`rcv-<projectId>`) when the bureau terminates it or finds fraud: the amount from
 * computeRecovery, status `assessed`; the payments context lists `RECOVERY#assessed` (gsi2) and recovers it.
 */
export interface RecoveryRecord extends VersionedRecord {
  readonly projectId: string;
  readonly programmeId: string;
  readonly reason: "termination" | "fraud";
  readonly amountFen: number;
  readonly paidFen: number;
  readonly verifiedSpendingFen: number;
  readonly cancelledTranches: readonly number[];
  readonly cancelledFen: number;
  readonly payerOrganisationId: string;
  readonly decidedOn: string;
  readonly decidedBy: string;
  /** The deciding officer's name (kernel/actor.ts actorName); none on recoveries decided before names were kept. */
  readonly decidedByName?: string;
  readonly status: "assessed" | "recovered" | "waived";
  /** The amount posted to the ledger as `assess` transactions (应收); caught up to `amountFen` lazily. */
  readonly ledgerAssessedFen?: number;
  /** Money returned so far (已追回), the sum of `receipts`. */
  readonly receivedFen?: number;
  /** Each receipt recorded by finance, with its ledger `recover` transaction. */
  readonly receipts?: readonly RecoveryReceipt[];
  /**
   * Set when the receivable was still not fully returned after its due date (recoveries/rules/recovery.ts
   * receivableDueOn), by the recovery-escalation workflow (recoveries/recoveries.ts escalateOverdueRecovery).
   */
  readonly escalation?: { readonly at: string; readonly dueOn: string; readonly outstandingFen: number };
  readonly explanation: readonly {
    readonly rule: string;
    readonly message: string;
    readonly messageZh: string;
  }[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Money returned on a recovery (追回款到账), recorded by finance. */
export interface RecoveryReceipt {
  readonly seq: number;
  readonly amountFen: number;
  readonly reference: string;
  readonly receivedOn: string;
  readonly by: string;
  readonly byName?: string;
  readonly at: string;
  readonly idempotencyKey: string;
  readonly ledgerTransactionId: string;
}

export const recoveryId = (projectId: string) => `rcv-${projectId}`;

export const recoveryKind: RecordKind<RecoveryRecord> = {
  name: "RECOVERY",
  indexKeys: (r) => ({
    gsi1pk: `PROJECT#${r.projectId}#RECOVERY`,
    gsi1sk: r.createdAt,
    gsi2pk: recoveriesWithStatus(r.status).partition,
    gsi2sk: `${r.createdAt}#${r.id}`,
  }),
  todos: recoveryTodos,
};

/** Recoveries in one status. */
export const recoveriesWithStatus = (status: RecoveryRecord["status"]) =>
  listing<RecoveryRecord>("gsi2", `RECOVERY#${status}`);
