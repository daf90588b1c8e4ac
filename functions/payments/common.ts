// Use-case support of payments (拨付): their ports, the audit notes of finance and of the workflow, loading payments and
// tranches, the ledger's double-entry writes, the eligibility re-check before money moves, and starting a payment's
// workflow. The rules are in payments/rules (ledger, payability).

import type { Actor } from "../kernel/actor.ts";
import { shanghaiDate } from "../kernel/dates.ts";
import { businessRuleError } from "../kernel/errors.ts";
import type { Clock } from "../platform/ports/clock.ts";
import type { Faults } from "../platform/ports/faults.ts";
import type { BusinessMetrics } from "../platform/ports/metrics.ts";
import { bump, mustGet } from "../platform/ports/record-helpers.ts";
import {
  type AuditNote,
  created,
  type RecordStore,
  type RecordWrite,
  updated,
} from "../platform/ports/records.ts";
import type { ReportStore } from "../platform/ports/report-store.ts";
import type { WorkflowEngine } from "../platform/ports/workflow-engine.ts";
import { type ProgrammeRecord, programmeKind } from "../programmes/model.ts";
import {
  type ProjectRecord,
  type ProjectTrackRecord,
  projectKind,
  type TrancheRecord,
  trackKind,
  trancheKind,
} from "../projects/model.ts";
import {
  type LedgerAccountRecord,
  type LedgerTransactionRecord,
  ledgerAccountKind,
  ledgerTransactionKind,
  type PaymentRecord,
  paymentKind,
  paymentStateMachine,
} from "./model.ts";
import {
  type AccountId,
  accountKindOf,
  type Balances,
  type LedgerTransaction,
  post,
  programmeAccount,
  transfer,
} from "./rules/ledger.ts";
import { assertConditionMet, type PayabilityFacts } from "./rules/payability.ts";
import { paymentTerms } from "./rules/terms.ts";
import type { Treasury } from "./treasury.ts";

export interface PaymentDeps {
  readonly records: RecordStore;
  readonly workflows: WorkflowEngine;
  readonly treasury: Treasury;
  readonly clock: Clock;
  /** Business metrics (payments disbursed, failed, rejected, overdue approvals); optional in tests. */
  readonly metrics?: BusinessMetrics;
  /** The audit bucket: only the payment tasks have it (payment-audit-reports.ts). */
  readonly reports?: ReportStore;
  /** Crash points for the crash tests (platform/ports/faults.ts); none unless the composition gives them. */
  readonly faults?: Faults;
}

export const financeNote = (actor: Actor, action: string, detail?: Record<string, unknown>): AuditNote => ({
  actor: actor.userId,
  role: "finance",
  action,
  ...(detail ? { detail } : {}),
});
/** The treasury's own audit events: its machine identity (the SigV4 principal's ARN) is the actor. */
export const treasuryNote = (
  caller: string,
  action: string,
  detail?: Record<string, unknown>,
): AuditNote => ({
  actor: caller,
  role: "treasury",
  action,
  ...(detail ? { detail } : {}),
});
export const workflowNote = (action: string, detail?: Record<string, unknown>): AuditNote => ({
  actor: "workflow",
  role: "workflow",
  action,
  ...(detail ? { detail } : {}),
});

export const loadPayment = (deps: Pick<PaymentDeps, "records">, id: string) =>
  mustGet(deps.records, paymentKind, id, "Payment", "拨付");
export const loadTranche = (deps: Pick<PaymentDeps, "records">, id: string) =>
  mustGet(deps.records, trancheKind, id, "Tranche", "拨款批次");

// ---- ledger writes -----------------------------------------------------------------------------------------------
/**
 * The record writes that post `txns` (in order) on the stored balances: account creates/updates guarded by version and
 * create-only transaction records. A programme's budget account is funded with its budget on first use.
 */
export async function ledgerWrites(
  records: RecordStore,
  programme: Pick<ProgrammeRecord, "id" | "budgetFen">,
  projectId: string | undefined,
  txns: readonly LedgerTransaction[],
  at: string,
  note: AuditNote,
  paymentRef?: string,
): Promise<RecordWrite[]> {
  const budget = programmeAccount(programme.id, "budget");
  const touched = new Set<AccountId>(txns.flatMap((t) => t.entries.map((e) => e.account)));
  const stored = new Map<AccountId, LedgerAccountRecord>();
  const all = [...touched, budget, programmeAccount(programme.id, "appropriation")];
  for (const id of all) {
    const found = await records.get(ledgerAccountKind, id);
    if (found) stored.set(id, found);
  }
  const sequence = [...txns];
  if (touched.has(budget) && !stored.has(budget)) {
    sequence.unshift(
      transfer(
        `ltx-fund-${programme.id}`,
        "fund",
        budget,
        programmeAccount(programme.id, "appropriation"),
        programme.budgetFen,
      ),
    );
  }
  let balances: Balances = {
    fen: Object.fromEntries([...stored].map(([id, a]) => [id, a.balanceFen])),
    flagged: [...stored].filter(([, a]) => a.flagged).map(([id]) => id),
  };
  for (const t of sequence) balances = post(balances, t);
  const writes: RecordWrite[] = [];
  const changed = new Set<AccountId>(sequence.flatMap((t) => t.entries.map((e) => e.account)));
  for (const id of changed) {
    const before = stored.get(id);
    const balanceFen = balances.fen[id] ?? 0;
    const flagged = balances.flagged.includes(id);
    if (before) {
      writes.push(updated(ledgerAccountKind, before, bump(before, at, { balanceFen, flagged }), note));
    } else {
      const account: LedgerAccountRecord = {
        id,
        version: 1,
        programmeId: programme.id,
        kind: accountKindOf(id),
        balanceFen,
        flagged,
        createdAt: at,
        updatedAt: at,
      };
      writes.push(created(ledgerAccountKind, account, note));
    }
  }
  for (const t of sequence) {
    const record: LedgerTransactionRecord = {
      id: t.id,
      version: 1,
      programmeId: programme.id,
      ...(projectId && t.kind !== "fund" ? { projectId } : {}),
      kind: t.kind,
      entries: t.entries,
      ...(t.overRecovery ? { overRecovery: true } : {}),
      ...(paymentRef && t.kind !== "fund" ? { paymentId: paymentRef } : {}),
      postedAt: at,
      createdAt: at,
      updatedAt: at,
    };
    writes.push(created(ledgerTransactionKind, record, note));
  }
  return writes;
}

// ---- eligibility re-check ----------------------------------------------------------------------------------------
/** Throws unless the project is still running: once terminated nothing more is paid. */
export function assertNotTerminated(project: ProjectRecord, track: ProjectTrackRecord | undefined): void {
  if (project.status === "terminated" || track?.termination) {
    throw businessRuleError(
      "PROJECT_TERMINATED",
      "the project was terminated: nothing more is paid",
      "项目已终止，不再拨付",
    );
  }
}

/** Throws unless the tranche may be paid now, on the project's current state (domain guards). */
export async function assertPayable(
  deps: Pick<PaymentDeps, "records" | "clock">,
  tranche: TrancheRecord,
): Promise<{ project: ProjectRecord; programme: ProgrammeRecord }> {
  const project = await mustGet(deps.records, projectKind, tranche.projectId, "Project", "项目");
  const programme = await mustGet(deps.records, programmeKind, tranche.programmeId, "Programme", "批次");
  const track = await deps.records.get(trackKind, tranche.projectId);
  assertNotTerminated(project, track);
  const facts: PayabilityFacts = {
    ...(track?.taskBook.signedOn ? { signedOn: track.taskBook.signedOn } : {}),
    milestones: (track?.milestones ?? []).map((m) => ({
      index: m.index,
      status: m.status === "passed" ? "passed" : m.status === "failed" ? "rejected" : "pending",
    })),
    finalAccepted: track?.acceptance?.result?.verdict === "pass",
    today: shanghaiDate(deps.clock.now().getTime()),
  };
  assertConditionMet(tranche.condition, facts);
  // Lump sum (一次性拨付): at or under the policy's threshold the whole grant is one tranche.
  if (project.grantFen <= programme.policy.lumpSumThresholdFen && tranche.amountFen !== project.grantFen) {
    throw businessRuleError(
      "LUMP_SUM_REQUIRED",
      "a grant at or under the lump-sum threshold is paid in one payment",
      "资助额不超过一次性拨付限额，应一次性拨付",
    );
  }
  return { project, programme };
}

export async function startExecution(deps: PaymentDeps, payment: PaymentRecord): Promise<void> {
  if (payment.status !== "awaiting-approval") return;
  await deps.workflows.start(paymentStateMachine, payment.executionName, {
    paymentId: payment.id,
    terms: paymentTerms(),
  });
}
