// Use cases: finance-triggered payments (issue 6) — the payment queue, payment runs with an Idempotency-Key, the
// reservation of a tranche (eligible → reserved) with its permanent claim, four-eyes approval, treasury disbursement
// (国库集中支付) by callback, the one transaction that pays the tranche and writes the ledger, and the ledger read
// with its rebuild from entries. Rules are in functions/payments/rules/ledger.ts and guards.ts.

import { createHash } from "node:crypto";
import type { Actor } from "../kernel/actor.ts";
import { shanghaiDate } from "../kernel/dates.ts";
import { businessRuleError, conflictError, DomainError } from "../kernel/errors.ts";
import { authorizeRecord } from "../kernel/record-access.ts";
import { crashPoint } from "../platform/crash-point.ts";
import type { Clock } from "../platform/ports/clock.ts";
import { nowIso } from "../platform/ports/clock.ts";
import type { BusinessMetrics } from "../platform/ports/metrics.ts";
import {
  bump,
  isVersionConflict,
  listAll,
  mustGet,
  retryOnConflict,
} from "../platform/ports/record-helpers.ts";
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
  projectKind,
  type TrancheRecord,
  trackKind,
  trancheKind,
  tranchesWithStatus,
} from "../projects/model.ts";
import { type RecoveryRecord, recoveryId, recoveryKind } from "../recoveries/model.ts";
import { computeRecovery } from "../recoveries/rules/recovery.ts";
import {
  idempotencyId,
  idempotencyKind,
  type LedgerAccountRecord,
  type LedgerTransactionRecord,
  ledgerAccountKind,
  ledgerAccountsOfProgramme,
  ledgerTransactionKind,
  ledgerTransactionsOfProgramme,
  type PaymentRecord,
  paidClaimId,
  paymentClaimKind,
  paymentExecutionName,
  paymentId,
  paymentKind,
  paymentStateMachine,
  reservationClaimId,
} from "./model.ts";
import {
  type AccountId,
  accountKindOf,
  type Balances,
  type LedgerTransaction,
  post,
  programmeAccount,
  projectAccount,
  rebuildBalances,
  transfer,
} from "./rules/ledger.ts";
import { assertConditionMet, type PayabilityFacts } from "./rules/payability.ts";
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
}

const financeNote = (actor: Actor, action: string, detail?: Record<string, unknown>): AuditNote => ({
  actor: actor.userId,
  role: "finance",
  action,
  ...(detail ? { detail } : {}),
});
const workflowNote = (action: string, detail?: Record<string, unknown>): AuditNote => ({
  actor: "workflow",
  role: "workflow",
  action,
  ...(detail ? { detail } : {}),
});

const loadPayment = (deps: Pick<PaymentDeps, "records">, id: string) =>
  mustGet(deps.records, paymentKind, id, "Payment", "拨付");
const loadTranche = (deps: Pick<PaymentDeps, "records">, id: string) =>
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
/** Throws unless the tranche may be paid now, on the project's current state (domain guards). */
async function assertPayable(
  deps: Pick<PaymentDeps, "records" | "clock">,
  tranche: TrancheRecord,
): Promise<{ project: ProjectRecord; programme: ProgrammeRecord }> {
  const project = await mustGet(deps.records, projectKind, tranche.projectId, "Project", "项目");
  const programme = await mustGet(deps.records, programmeKind, tranche.programmeId, "Programme", "批次");
  const track = await deps.records.get(trackKind, tranche.projectId);
  if (project.status === "terminated" || track?.termination) {
    throw businessRuleError(
      "PROJECT_TERMINATED",
      "the project was terminated: nothing more is paid",
      "项目已终止，不再拨付",
    );
  }
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

// ---- payment runs ------------------------------------------------------------------------------------------------
export interface TrancheOutcome {
  readonly trancheId: string;
  readonly outcome: "reserved" | "in-progress" | "paid" | "refused";
  readonly paymentId?: string;
  readonly code?: string;
  readonly message?: string;
}

export interface PaymentRunResult {
  readonly idempotencyKey: string;
  readonly results: readonly TrancheOutcome[];
}

const requestHash = (trancheIds: readonly string[]) =>
  createHash("sha256")
    .update(JSON.stringify([...new Set(trancheIds)].sort()))
    .digest("hex");

/**
 * A payment run. A repeat with the same key returns the first result; the same key with another body is refused
 * (409 IDEMPOTENCY_KEY_REUSED). Idempotency records are kept permanently.
 */
export async function triggerPayments(
  deps: PaymentDeps,
  actor: Actor,
  input: { idempotencyKey: string; trancheIds: readonly string[] },
): Promise<PaymentRunResult> {
  const id = idempotencyId("payments", input.idempotencyKey);
  const hash = requestHash(input.trancheIds);
  const replay = async (): Promise<PaymentRunResult | undefined> => {
    const seen = await deps.records.get(idempotencyKind, id);
    if (!seen) return undefined;
    if (seen.requestHash !== hash) {
      throw conflictError(
        "IDEMPOTENCY_KEY_REUSED",
        "this Idempotency-Key was used for a different payment run",
        "该幂等键已用于另一批拨付请求",
      );
    }
    return seen.result as PaymentRunResult;
  };
  const first = await replay();
  if (first) return first;

  const results: TrancheOutcome[] = [];
  for (const trancheId of [...new Set(input.trancheIds)]) {
    results.push(await reserveTranche(deps, actor, trancheId, input.idempotencyKey));
  }
  const result: PaymentRunResult = { idempotencyKey: input.idempotencyKey, results };
  const at = nowIso(deps);
  try {
    await deps.records.write(
      [
        created(
          idempotencyKind,
          {
            id,
            version: 1,
            scope: "payments",
            key: input.idempotencyKey,
            requestHash: hash,
            requestedBy: actor.userId,
            result,
            createdAt: at,
            updatedAt: at,
          },
          financeNote(actor, "payment-run.recorded", { trancheIds: input.trancheIds }),
        ),
      ],
      at,
    );
  } catch (error) {
    // Another request with the same key got there first: its result is the answer.
    if (isVersionConflict(error)) {
      const other = await replay();
      if (other) return other;
    }
    throw error;
  }
  return result;
}

/** Reserves one tranche (eligible → reserved) with its claim, payment record and ledger commitment; starts the execution. */
async function reserveTranche(
  deps: PaymentDeps,
  actor: Actor,
  trancheId: string,
  idempotencyKey: string,
): Promise<TrancheOutcome> {
  return retryOnConflict(async (): Promise<TrancheOutcome> => {
    const tranche = await deps.records.get(trancheKind, trancheId);
    if (!tranche)
      return { trancheId, outcome: "refused", code: "TRANCHE_NOT_FOUND", message: "no such tranche" };
    if (tranche.status === "paid") {
      return {
        trancheId,
        outcome: "paid",
        ...(tranche.payment ? { paymentId: tranche.payment.paymentId } : {}),
      };
    }
    if (tranche.status === "reserved" && tranche.payment) {
      // Already under way (a race, a repeat with another key, or a retry after a crash): make sure it runs.
      const payment = await deps.records.get(paymentKind, tranche.payment.paymentId);
      if (payment) await startExecution(deps, payment);
      return { trancheId, outcome: "in-progress", paymentId: tranche.payment.paymentId };
    }
    if (tranche.status !== "eligible") {
      return {
        trancheId,
        outcome: "refused",
        code: "TRANCHE_NOT_ELIGIBLE",
        message: `tranche is ${tranche.status}`,
      };
    }
    try {
      const { programme } = await assertPayable(deps, tranche);
      const at = nowIso(deps);
      const attempt = (tranche.payment?.attempts ?? 0) + 1;
      const id = paymentId(trancheId, attempt);
      const payment: PaymentRecord = {
        id,
        version: 1,
        trancheId,
        projectId: tranche.projectId,
        programmeId: tranche.programmeId,
        trancheIndex: tranche.index,
        attempt,
        amountFen: tranche.amountFen,
        payeeOrganisationId: tranche.payeeOrganisationId,
        status: "awaiting-approval",
        requestedBy: actor.userId,
        requestedAt: at,
        idempotencyKey,
        ...(tranche.eligible ? { evidence: tranche.eligible } : {}),
        executionName: paymentExecutionName(trancheId, attempt),
        createdAt: at,
        updatedAt: at,
      };
      const note = financeNote(actor, "payment.reserved", {
        trancheId,
        attempt,
        amountFen: tranche.amountFen,
      });
      const ledger = await ledgerWrites(
        deps.records,
        programme,
        tranche.projectId,
        [
          transfer(
            `ltx-${id}-commit`,
            "commit",
            projectAccount(tranche.projectId, "committed"),
            programmeAccount(programme.id, "budget"),
            tranche.amountFen,
          ),
        ],
        at,
        note,
        id,
      );
      await deps.records.write(
        [
          updated(
            trancheKind,
            tranche,
            bump(tranche, at, {
              status: "reserved",
              payment: { ...tranche.payment, attempts: attempt, paymentId: id },
            }),
            note,
          ),
          created(
            paymentClaimKind,
            {
              id: reservationClaimId(trancheId, attempt),
              version: 1,
              trancheId,
              paymentId: id,
              claim: "reservation",
              createdAt: at,
              updatedAt: at,
            },
            note,
          ),
          created(paymentKind, payment, note),
          ...ledger,
        ],
        at,
      );
      // A crash here leaves the tranche reserved and no execution: a repeat of the run (any key) starts it.
      crashPoint("payment.reserve.after-write");
      await startExecution(deps, payment);
      return { trancheId, outcome: "reserved", paymentId: id };
    } catch (error) {
      if (isVersionConflict(error)) throw error; // another writer meanwhile: retryOnConflict reads afresh
      if (error instanceof DomainError && error.kind !== "conflict") {
        return { trancheId, outcome: "refused", code: error.code, message: error.message };
      }
      throw error;
    }
  });
}

async function startExecution(deps: PaymentDeps, payment: PaymentRecord): Promise<void> {
  if (payment.status !== "awaiting-approval") return;
  await deps.workflows.start(paymentStateMachine, payment.executionName, { paymentId: payment.id });
}

// ---- four eyes -----------------------------------------------------------------------------------------------------
/** A second finance officer, neither the requester nor of a party of the project, approves or rejects. */
export async function decideApproval(
  deps: PaymentDeps,
  actor: Actor,
  id: string,
  input: { decision: "approve" | "reject"; reason?: string },
): Promise<PaymentRecord> {
  if (input.decision === "reject" && !input.reason) {
    throw businessRuleError("REASON_REQUIRED", "a rejection needs a reason", "驳回须说明理由", [
      { path: "reason", message: "required to reject", messageZh: "驳回时必填" },
    ]);
  }
  const next = await retryOnConflict(async () => {
    const payment = await loadPayment(deps, id);
    const project = await mustGet(deps.records, projectKind, payment.projectId, "Project", "项目");
    // Four eyes (functions/kernel/record-access.ts, payment.approve): not the requester, not of a project party.
    authorizeRecord(actor, "payment", "approve", {
      requestedBy: payment.requestedBy,
      enterpriseOrganisationIds: [...project.enterpriseOrganisationIds, project.enterprise.organisationId],
      leadSolverOrganisationId: project.solverLead.organisationId,
      solverOrganisationIds: project.solverMembers.map((m) => m.organisationId),
    });
    if (payment.status !== "awaiting-approval" || payment.approval) {
      throw conflictError(
        "PAYMENT_DECIDED",
        `payment is ${payment.status}`,
        `拨付已处理（${payment.status}）`,
      );
    }
    const at = nowIso(deps);
    const after = bump(payment, at, {
      approval: {
        decision: input.decision,
        by: actor.userId,
        at,
        ...(input.reason ? { reason: input.reason } : {}),
      },
    });
    await deps.records.write(
      [
        updated(
          paymentKind,
          payment,
          after,
          financeNote(actor, `payment.${input.decision}d`, { reason: input.reason }),
        ),
      ],
      at,
    );
    return after;
  });
  if (next.pendingTask?.kind === "approval") {
    await deps.workflows.completeTask(next.pendingTask.token, { decision: input.decision });
  }
  return next;
}

// ---- tasks of workflows/payment.asl.json ---------------------------------------------------------------------------
export async function parkApprovalTask(deps: PaymentDeps, input: { paymentId: string; token: string }) {
  let overdueSince: string | undefined;
  const payment = await retryOnConflict(async () => {
    const current = await loadPayment(deps, input.paymentId);
    if (current.pendingTask?.token === input.token) return current;
    const at = nowIso(deps);
    const after = bump(current, at, { pendingTask: { kind: "approval", token: input.token, since: at } });
    await deps.records.write(
      [updated(paymentKind, current, after, workflowNote("payment.awaiting-approval"))],
      at,
    );
    // Parked again with a new token: the previous wait timed out without a decision.
    overdueSince = current.pendingTask?.kind === "approval" ? current.pendingTask.since : undefined;
    return after;
  });
  if (overdueSince && !payment.approval) {
    deps.metrics?.record({
      kind: "payment-approval-overdue",
      programmeId: payment.programmeId,
      paymentId: payment.id,
      waitingSince: overdueSince,
    });
  }
  // The decision came before the token was parked: complete our own callback.
  if (payment.approval)
    await deps.workflows.completeTask(input.token, { decision: payment.approval.decision });
  return { parked: true };
}

/** Returns the commitment to the budget; the tranche goes back to `eligible` (rejection) or `cancelled` (terminated). */
async function closeUnpaid(
  deps: PaymentDeps,
  paymentRef: string,
  status: "rejected" | "cancelled",
  reason: string,
): Promise<{ status: string }> {
  return retryOnConflict(async () => {
    const payment = await loadPayment(deps, paymentRef);
    if (payment.status === status || payment.status === "paid") return { status: payment.status };
    const tranche = await loadTranche(deps, payment.trancheId);
    const programme = await mustGet(deps.records, programmeKind, payment.programmeId, "Programme", "批次");
    const at = nowIso(deps);
    const note = workflowNote(`payment.${status}`, { reason, trancheId: tranche.id });
    const ledger = await ledgerWrites(
      deps.records,
      programme,
      payment.projectId,
      [
        transfer(
          `ltx-${payment.id}-release`,
          "release",
          programmeAccount(programme.id, "budget"),
          projectAccount(payment.projectId, "committed"),
          payment.amountFen,
        ),
      ],
      at,
      note,
      payment.id,
    );
    const trancheAfter =
      tranche.status === "reserved" && tranche.payment?.paymentId === payment.id
        ? bump(tranche, at, {
            // Rejected: eligible again, a later run makes attempt n+1 (a new reservation claim); the `#paid` claim
            // was never written, so paying it later is still once only.
            status: status === "rejected" ? "eligible" : "cancelled",
            payment: {
              ...tranche.payment,
              lastRejection: { by: payment.approval?.by ?? "workflow", at, reason },
            },
          })
        : undefined;
    await deps.records.write(
      [
        updated(
          paymentKind,
          payment,
          bump(payment, at, { status, closedReason: reason, pendingTask: undefined }),
          note,
        ),
        ...(trancheAfter ? [updated(trancheKind, tranche, trancheAfter, note)] : []),
        ...ledger,
      ],
      at,
    );
    if (status === "rejected") {
      deps.metrics?.record({
        kind: "payment-rejected",
        programmeId: payment.programmeId,
        paymentId: payment.id,
        amountFen: payment.amountFen,
      });
    }
    return { status };
  });
}

export async function applyRejectionTask(deps: PaymentDeps, input: { paymentId: string }) {
  const payment = await loadPayment(deps, input.paymentId);
  return closeUnpaid(deps, input.paymentId, "rejected", payment.approval?.reason ?? "rejected");
}

/** Before the money moves: is the tranche still payable on the project's current state? If not, cancel. */
export async function recheckTask(
  deps: PaymentDeps,
  input: { paymentId: string },
): Promise<{ payable: boolean }> {
  const payment = await loadPayment(deps, input.paymentId);
  if (payment.status === "paid") return { payable: true };
  const tranche = await loadTranche(deps, payment.trancheId);
  try {
    await assertPayable(deps, tranche);
    return { payable: true };
  } catch (error) {
    if (!(error instanceof DomainError) || error.kind === "conflict") throw error;
    const terminated = error.code === "PROJECT_TERMINATED";
    await closeUnpaid(deps, input.paymentId, terminated ? "cancelled" : "rejected", error.message);
    return { payable: false };
  }
}

/** Parks the treasury callback and submits the payment instruction (its id is the payment id: the treasury dedups). */
export async function requestDisbursementTask(
  deps: PaymentDeps,
  input: { paymentId: string; token: string },
) {
  const payment = await retryOnConflict(async () => {
    const current = await loadPayment(deps, input.paymentId);
    const at = nowIso(deps);
    const treasury = current.treasury ?? { submissions: 0, failures: [] };
    const after = bump(current, at, {
      status: "disbursing",
      pendingTask: { kind: "treasury", token: input.token, since: at },
      treasury: { ...treasury, submissions: treasury.submissions + 1, lastSubmittedAt: at },
    });
    await deps.records.write(
      [updated(paymentKind, current, after, workflowNote("payment.disbursement-requested"))],
      at,
    );
    return after;
  });
  await deps.treasury.submit({
    instructionId: payment.id,
    amountFen: payment.amountFen,
    payeeOrganisationId: payment.payeeOrganisationId,
  });
  return { submitted: true };
}

/**
 * The treasury's answer (the simulator in the embedded runtime, POST /v1/treasury/confirmations in AWS): records it
 * and completes or fails the parked callback (a failure is retried by the state machine with backoff).
 */
export async function confirmDisbursement(
  deps: PaymentDeps,
  input: {
    instructionId: string;
    outcome: "confirmed" | "failed";
    reference?: string;
    reason?: string;
    /** Who answered: the treasury system's IAM identity (its ARN), recorded in the audit event. */
    caller?: string;
  },
): Promise<{ accepted: boolean }> {
  const payment = await retryOnConflict(async () => {
    const current = await loadPayment(deps, input.instructionId);
    if (current.status !== "disbursing" || current.pendingTask?.kind !== "treasury") {
      throw conflictError(
        "NOT_DISBURSING",
        `payment is ${current.status}`,
        `拨付不在国库支付环节（${current.status}）`,
      );
    }
    const at = nowIso(deps);
    const treasury = current.treasury ?? { submissions: 0, failures: [] };
    const after = bump(current, at, {
      treasury:
        input.outcome === "confirmed"
          ? { ...treasury, ...(input.reference ? { reference: input.reference } : {}), confirmedAt: at }
          : { ...treasury, failures: [...treasury.failures, { at, reason: input.reason ?? "failed" }] },
    });
    await deps.records.write(
      [updated(paymentKind, current, after, workflowNote(`treasury.${input.outcome}`, { ...input }))],
      at,
    );
    return current;
  });
  // A crash here leaves the callback parked: its timeout resubmits the instruction, which the treasury answers with
  // the first reference (it disburses an instruction id once).
  if (input.outcome === "confirmed") crashPoint("payment.treasury.after-confirm");
  const token = payment.pendingTask?.token as string;
  const accepted =
    input.outcome === "confirmed"
      ? await deps.workflows.completeTask(token, { reference: input.reference })
      : await deps.workflows.failTask(token, "Treasury.Failed", input.reason ?? "treasury failed");
  return { accepted };
}

/** The recovery once a tranche in flight at termination is paid after all: the rule of functions/recoveries/rules/recovery.ts. */
function reassessRecovery(
  programme: ProgrammeRecord,
  recovery: RecoveryRecord,
  addedPaidFen: number,
  trancheId: string,
  at: string,
): RecoveryRecord {
  const paidFen = recovery.paidFen + addedPaidFen;
  const result = computeRecovery(programme.policy, {
    reason: recovery.reason,
    paidFen,
    verifiedSpendingFen: recovery.verifiedSpendingFen,
    unpaidTranches: [],
    organisationIds: [recovery.payerOrganisationId],
  });
  return bump(recovery, at, {
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
  });
}

/** One transaction: the tranche paid, the permanent `#paid` claim, the ledger (payable, pay) and the audit events. */
export async function recordPaymentTask(
  deps: PaymentDeps,
  input: { paymentId: string; reference: string },
): Promise<{ status: string }> {
  return retryOnConflict(async () => {
    const payment = await loadPayment(deps, input.paymentId);
    if (payment.status === "paid") return { status: "paid" };
    const tranche = await loadTranche(deps, payment.trancheId);
    const programme = await mustGet(deps.records, programmeKind, payment.programmeId, "Programme", "批次");
    const at = nowIso(deps);
    const note = workflowNote("payment.paid", {
      trancheId: tranche.id,
      amountFen: payment.amountFen,
      reference: input.reference,
    });
    const p = payment.projectId;
    const ledger = await ledgerWrites(
      deps.records,
      programme,
      p,
      [
        transfer(
          `ltx-${payment.id}-payable`,
          "payable",
          projectAccount(p, "payable"),
          projectAccount(p, "committed"),
          payment.amountFen,
        ),
        transfer(
          `ltx-${payment.id}-pay`,
          "pay",
          projectAccount(p, "paid"),
          projectAccount(p, "payable"),
          payment.amountFen,
        ),
      ],
      at,
      note,
      payment.id,
    );
    // Money has left the treasury: the tranche is paid even if the project was terminated meanwhile. The termination
    // assessed its recovery without this tranche (it was reserved, neither paid nor cancelled), so the recovery is
    // reassessed with it, in the same transaction: the money is then both paid and counted, never one without the other.
    const recovery = await deps.records.get(recoveryKind, recoveryId(p));
    const reassessed =
      recovery && recovery.status === "assessed"
        ? updated(
            recoveryKind,
            recovery,
            reassessRecovery(programme, recovery, payment.amountFen, tranche.id, at),
            workflowNote("recovery.reassessed", { trancheId: tranche.id, addedPaidFen: payment.amountFen }),
          )
        : undefined;
    crashPoint("payment.record.before-write");
    await deps.records.write(
      [
        ...(reassessed ? [reassessed] : []),
        updated(
          trancheKind,
          tranche,
          bump(tranche, at, {
            status: "paid",
            payment: {
              ...(tranche.payment ?? { attempts: payment.attempt }),
              paymentId: payment.id,
              paidAt: at,
              treasuryReference: input.reference,
            },
          }),
          note,
        ),
        created(
          paymentClaimKind,
          {
            id: paidClaimId(tranche.id),
            version: 1,
            trancheId: tranche.id,
            paymentId: payment.id,
            claim: "paid",
            createdAt: at,
            updatedAt: at,
          },
          note,
        ),
        updated(paymentKind, payment, bump(payment, at, { status: "paid", pendingTask: undefined }), note),
        ...ledger,
      ],
      at,
    );
    deps.metrics?.record({
      kind: "payment-disbursed",
      programmeId: payment.programmeId,
      paymentId: payment.id,
      amountFen: payment.amountFen,
    });
    return { status: "paid" };
  });
}

export async function disbursementFailedTask(
  deps: PaymentDeps,
  input: { paymentId: string; error?: string },
) {
  return retryOnConflict(async () => {
    const payment = await loadPayment(deps, input.paymentId);
    if (payment.status !== "disbursing") return { status: payment.status };
    const at = nowIso(deps);
    await deps.records.write(
      [
        updated(
          paymentKind,
          payment,
          bump(payment, at, {
            status: "disbursement-failed",
            closedReason: input.error ?? "treasury did not confirm",
            pendingTask: undefined,
          }),
          workflowNote("payment.disbursement-failed", { error: input.error }),
        ),
      ],
      at,
    );
    deps.metrics?.record({
      kind: "payment-failed",
      programmeId: payment.programmeId,
      paymentId: payment.id,
      amountFen: payment.amountFen,
      reason: input.error ?? "treasury did not confirm",
    });
    return { status: "disbursement-failed" };
  });
}

// ---- reads -------------------------------------------------------------------------------------------------------
export async function readPayment(deps: PaymentDeps, id: string): Promise<PaymentRecord> {
  return loadPayment(deps, id);
}

/**
 * Eligible tranches with the amount and the evidence that made them eligible. `dueSince` (a date, YYYY-MM-DD) keeps
 * those that became eligible on or after it, by the Shanghai date of `eligible.at` (not of the record's last change:
 * a rejection changes the record, not when the tranche fell due).
 */
export async function paymentQueue(
  deps: PaymentDeps,
  filter: { programmeId?: string; enterprise?: string; dueSince?: string },
) {
  const eligible = await listAll(deps.records, tranchesWithStatus("eligible"));
  return eligible
    .filter((t) => !filter.programmeId || t.programmeId === filter.programmeId)
    .filter((t) => !filter.enterprise || t.payeeOrganisationId === filter.enterprise)
    .filter(
      (t) =>
        !filter.dueSince ||
        (t.eligible !== undefined && shanghaiDate(Date.parse(t.eligible.at)) >= filter.dueSince),
    )
    .map((t) => ({
      trancheId: t.id,
      projectId: t.projectId,
      programmeId: t.programmeId,
      index: t.index,
      amountFen: t.amountFen,
      payeeOrganisationId: t.payeeOrganisationId,
      condition: t.conditionToken,
      evidence: t.eligible,
      ...(t.payment?.lastRejection ? { lastRejection: t.payment.lastRejection } : {}),
    }));
}

/** A programme's ledger: stored balances, the balances rebuilt from the entries, and whether they agree. */
export async function programmeLedger(deps: Pick<PaymentDeps, "records">, programmeId: string) {
  const accounts = await listAll(deps.records, ledgerAccountsOfProgramme(programmeId));
  const txns = await listAll(deps.records, ledgerTransactionsOfProgramme(programmeId));
  const rebuilt = rebuildBalances(txns);
  const stored = Object.fromEntries(accounts.map((a) => [a.id, a.balanceFen]));
  const agrees =
    Object.keys({ ...stored, ...rebuilt.fen }).every((k) => (stored[k] ?? 0) === (rebuilt.fen[k] ?? 0)) &&
    accounts.every((a) => a.flagged === rebuilt.flagged.includes(a.id));
  return { programmeId, balances: stored, rebuilt: rebuilt.fen, agrees, transactions: txns.length };
}
