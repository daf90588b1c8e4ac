// Use cases: recoveries and finance reports — a recovery (追回) assessed at termination or fraud becomes a
// receivable in the ledger (`assess`, caught up lazily and idempotently); finance records money returned (partial or
// full, with an Idempotency-Key), each receipt a `recover` ledger transaction and an audit event in one write; and the
// programme finance report computed both from the ledger and from the records, with whether they agree.

import { createHash } from "node:crypto";
import { roadShowInterestOf } from "../followup/model.ts";
import { type Actor, actorName } from "../kernel/actor.ts";
import { addDays, shanghaiDate, shanghaiInstant } from "../kernel/dates.ts";
import { businessRuleError, conflictError } from "../kernel/errors.ts";
import { formatRatio, formatYuan, ratio } from "../kernel/money.ts";
import { ledgerWrites } from "../payments/common.ts";
import { idempotencyId, idempotencyKind } from "../payments/model.ts";
import { programmeLedger } from "../payments/reads.ts";
import {
  type LedgerTransaction,
  programmeAccount,
  projectAccount,
  transfer,
} from "../payments/rules/ledger.ts";
import type { Clock } from "../platform/ports/clock.ts";
import type { BusinessMetrics } from "../platform/ports/metrics.ts";
import { bump, listAll, mustGet, retryOnConflict } from "../platform/ports/record-helpers.ts";
import {
  type AuditNote,
  created,
  type RecordStore,
  type RecordWrite,
  updated,
} from "../platform/ports/records.ts";
import type { WorkflowEngine } from "../platform/ports/workflow-engine.ts";
import { allProgrammes, type ProgrammeRecord, programmeKind } from "../programmes/model.ts";
import { programmeLedger as programmeArithmetic } from "../programmes/rules/budget.ts";
import { projectsOfProgramme, type TrancheRecord, tranchesOfProject } from "../projects/model.ts";
import { projectNames } from "../projects/names.ts";
import {
  type RecoveryRecord,
  recoveriesWithStatus,
  recoveryId as recoveryIdOf,
  recoveryKind,
} from "./model.ts";
import { namesOf } from "./names.ts";
import { assertReceiptDate, isReceivableOverdue, receivableDueOn } from "./rules/recovery.ts";

export interface RecoveryDeps {
  readonly records: RecordStore;
  readonly clock: Clock;
  /** Business metrics (recoveries received); optional in tests. */
  readonly metrics?: BusinessMetrics;
  /** Starts the overdue timer (recovery-escalation) of a receivable; without it no timer is started. */
  readonly workflows?: WorkflowEngine;
}
const loadRecovery = (deps: Pick<RecoveryDeps, "records">, id: string) =>
  mustGet(deps.records, recoveryKind, id, "Recovery", "追回");
const outstanding = (r: RecoveryRecord) => Math.max(0, r.amountFen - (r.receivedFen ?? 0));

/** The `assess` transaction that brings the ledger's receivable to the recovery's current amount, if any is due. */
function assessmentTxn(r: RecoveryRecord): LedgerTransaction | undefined {
  const posted = r.ledgerAssessedFen ?? 0;
  const delta = r.amountFen - posted;
  if (delta === 0) return undefined;
  const receivable = projectAccount(r.projectId, "receivable");
  const due = programmeAccount(r.programmeId, "recoveries-due");
  const id = `ltx-${r.id}-assess-${r.amountFen}-from-${posted}`;
  // A reassessment downwards (rare) posts the reverse transfer.
  return delta > 0
    ? transfer(id, "assess", receivable, due, delta)
    : transfer(id, "assess", due, receivable, -delta);
}

/** Posts the pending assessment of one recovery (idempotent; run after a termination and before each receipt). */
export async function syncRecoveryAssessment(
  deps: RecoveryDeps,
  id: string,
  note: AuditNote = { actor: "system", role: "workflow", action: "recovery.assessed-in-ledger" },
): Promise<RecoveryRecord | undefined> {
  const synced = await retryOnConflict(async () => {
    const recovery = await deps.records.get(recoveryKind, id);
    if (!recovery) return undefined;
    const txn = assessmentTxn(recovery);
    if (!txn) return recovery;
    const programme = await mustGet(deps.records, programmeKind, recovery.programmeId, "Programme", "批次");
    const at = deps.clock.now().toISOString();
    const ledger = await ledgerWrites(deps.records, programme, recovery.projectId, [txn], at, note);
    const after = bump(recovery, at, { ledgerAssessedFen: recovery.amountFen });
    await deps.records.write([updated(recoveryKind, recovery, after, note), ...ledger], at);
    return after;
  });
  if (synced) await scheduleEscalation(deps, synced);
  return synced;
}

// ---- overdue receivables (逾期未缴回) ---------------------------------------------------------------------------
export const escalationStateMachine = "recovery-escalation";
export const escalationExecutionName = (recoveryId: string) => `escalate-${recoveryId}`;
const dueOnOf = (r: RecoveryRecord) => receivableDueOn(r.decidedOn);
/** The instant a receivable becomes overdue: 00:00 Shanghai time on the day after its due date. */
const overdueAt = (r: RecoveryRecord) => new Date(shanghaiInstant(addDays(dueOnOf(r), 1))).toISOString();

/**
 * Starts the receivable's timer (workflows/recovery-escalation.asl.json: wait until overdue, then check) while money
 * is outstanding. The execution name is fixed per recovery, so repeats (every sync, a retry after a crash) start it
 * once; a receivable settled first lets the timer find nothing to do.
 */
async function scheduleEscalation(deps: RecoveryDeps, r: RecoveryRecord): Promise<void> {
  if (!deps.workflows || r.status !== "assessed" || outstanding(r) === 0 || r.escalation) return;
  await deps.workflows.start(escalationStateMachine, escalationExecutionName(r.id), {
    recoveryId: r.id,
    overdueAt: overdueAt(r),
  });
}

/**
 * The timer's check: a receivable not fully returned after its due date is escalated — flagged with the date, the
 * amount still outstanding and an audit event — once. Settled or waived: nothing. Not yet due (a clock moved back, a
 * due date moved): the timer waits again until `overdueAt`.
 */
export async function escalateOverdueRecovery(
  deps: RecoveryDeps,
  input: { recoveryId: string },
): Promise<{ outcome: "escalated" | "settled" | "not-due"; overdueAt: string }> {
  return retryOnConflict(async () => {
    const r = await loadRecovery(deps, input.recoveryId);
    const at = deps.clock.now().toISOString();
    if (r.escalation) return { outcome: "escalated", overdueAt: overdueAt(r) };
    if (r.status !== "assessed" || outstanding(r) === 0)
      return { outcome: "settled", overdueAt: overdueAt(r) };
    if (!isReceivableOverdue(r.decidedOn, outstanding(r), shanghaiDate(Date.parse(at))))
      return { outcome: "not-due", overdueAt: overdueAt(r) };
    const escalation = { at, dueOn: dueOnOf(r), outstandingFen: outstanding(r) };
    await deps.records.write(
      [
        updated(recoveryKind, r, bump(r, at, { escalation }), {
          actor: "workflow",
          role: "workflow",
          action: "recovery.escalated",
          detail: { ...escalation, amountFen: r.amountFen, receivedFen: r.receivedFen ?? 0 },
        }),
      ],
      at,
    );
    return { outcome: "escalated", overdueAt: overdueAt(r) };
  });
}

export async function readRecovery(deps: RecoveryDeps, id: string) {
  const r = await loadRecovery(deps, id);
  return {
    ...r,
    ...namesOf(await projectNames(deps.records, [r.projectId]), r),
    dueOn: dueOnOf(r),
    escalated: r.escalation !== undefined,
    receivedFen: r.receivedFen ?? 0,
    outstandingFen: outstanding(r),
    receipts: r.receipts ?? [],
  };
}

export async function listRecoveries(
  deps: RecoveryDeps,
  filter: { status?: RecoveryRecord["status"]; escalated?: boolean },
) {
  const statuses = filter.status ? [filter.status] : (["assessed", "recovered", "waived"] as const);
  const items: RecoveryRecord[] = [];
  for (const s of statuses) items.push(...(await listAll(deps.records, recoveriesWithStatus(s))));
  const chosen =
    filter.escalated === undefined
      ? items
      : items.filter((r) => (r.escalation !== undefined) === filter.escalated);
  // The projects' titles and the payers' names for the whole list: batch reads, never one a row.
  const names = await projectNames(
    deps.records,
    chosen.map((r) => r.projectId),
  );
  return chosen.map((r) => ({
    id: r.id,
    projectId: r.projectId,
    ...namesOf(names, r),
    programmeId: r.programmeId,
    reason: r.reason,
    status: r.status,
    amountFen: r.amountFen,
    receivedFen: r.receivedFen ?? 0,
    outstandingFen: outstanding(r),
    payerOrganisationId: r.payerOrganisationId,
    decidedOn: r.decidedOn,
    dueOn: dueOnOf(r),
    escalated: r.escalation !== undefined,
    ...(r.escalation ? { escalation: r.escalation } : {}),
  }));
}

export interface ReceiptInput {
  readonly idempotencyKey: string;
  readonly amountFen: number;
  readonly reference: string;
  readonly receivedOn: string;
}

/**
 * Money returned (追回款到账): partial or full; the receipt, its `recover` ledger transaction (with any pending
 * `assess`), the idempotency record and the audit event in one write. More than outstanding → 422; fully returned →
 * `recovered`. A repeated Idempotency-Key returns the first result; the same key with another body → 409.
 */
export async function recordReceipt(deps: RecoveryDeps, actor: Actor, id: string, input: ReceiptInput) {
  const key = idempotencyId("recovery-receipts", input.idempotencyKey);
  const hash = createHash("sha256")
    .update(JSON.stringify([id, input.amountFen, input.reference, input.receivedOn]))
    .digest("hex");
  const replay = async () => {
    const seen = await deps.records.get(idempotencyKind, key);
    if (!seen) return undefined;
    if (seen.requestHash !== hash) {
      throw conflictError(
        "IDEMPOTENCY_KEY_REUSED",
        "this Idempotency-Key was used for a different receipt",
        "该幂等键已用于另一笔追回款登记",
      );
    }
    return seen.result as Awaited<ReturnType<typeof readRecovery>>;
  };
  return retryOnConflict(async () => {
    const first = await replay();
    if (first) return first;
    const recovery = await loadRecovery(deps, id);
    if (recovery.status !== "assessed") {
      throw conflictError(
        "RECOVERY_CLOSED",
        `recovery is ${recovery.status}`,
        `追回已结束（${recovery.status}）`,
      );
    }
    assertReceiptDate(input.receivedOn, recovery.decidedOn, shanghaiDate(deps.clock.now().getTime()));
    const left = outstanding(recovery);
    if (input.amountFen > left) {
      throw businessRuleError(
        "RECEIPT_EXCEEDS_OUTSTANDING",
        `${formatYuan(input.amountFen)} yuan exceeds the ${formatYuan(left)} yuan outstanding`,
        `到账金额 ${formatYuan(input.amountFen)} 元超过待追回 ${formatYuan(left)} 元`,
        [{ path: "body.amountFen", message: `at most ${left}`, messageZh: `不得超过 ${left}` }],
      );
    }
    const programme: ProgrammeRecord = await mustGet(
      deps.records,
      programmeKind,
      recovery.programmeId,
      "Programme",
      "批次",
    );
    const at = deps.clock.now().toISOString();
    const seq = (recovery.receipts?.length ?? 0) + 1;
    const txnId = `ltx-${recovery.id}-recover-${seq}`;
    const note: AuditNote = {
      actor: actor.userId,
      role: "finance",
      action: "recovery.receipt-recorded",
      detail: { amountFen: input.amountFen, reference: input.reference, receivedOn: input.receivedOn, seq },
    };
    const assess = assessmentTxn(recovery);
    const ledger = await ledgerWrites(
      deps.records,
      programme,
      recovery.projectId,
      [
        ...(assess ? [assess] : []),
        transfer(
          txnId,
          "recover",
          projectAccount(recovery.projectId, "recovered"),
          projectAccount(recovery.projectId, "receivable"),
          input.amountFen,
        ),
      ],
      at,
      note,
    );
    const receivedFen = (recovery.receivedFen ?? 0) + input.amountFen;
    const after = bump(recovery, at, {
      ledgerAssessedFen: recovery.amountFen,
      receivedFen,
      status: receivedFen >= recovery.amountFen ? "recovered" : "assessed",
      receipts: [
        ...(recovery.receipts ?? []),
        {
          seq,
          amountFen: input.amountFen,
          reference: input.reference,
          receivedOn: input.receivedOn,
          by: actor.userId,
          byName: actorName(actor),
          at,
          idempotencyKey: input.idempotencyKey,
          ledgerTransactionId: txnId,
        },
      ],
    });
    const result = {
      ...after,
      receivedFen,
      outstandingFen: outstanding(after),
      receipts: after.receipts ?? [],
    };
    const writes: RecordWrite[] = [
      updated(recoveryKind, recovery, after, note),
      created(
        idempotencyKind,
        {
          id: key,
          version: 1,
          scope: "recovery-receipts",
          key: input.idempotencyKey,
          requestHash: hash,
          requestedBy: actor.userId,
          result,
          createdAt: at,
          updatedAt: at,
        },
        note,
      ),
      ...ledger,
    ];
    // A VERSION_CONFLICT (another receipt, or the same key racing) is retried: the replay then answers a repeat.
    await deps.records.write(writes, at);
    deps.metrics?.record({
      kind: "recovery-received",
      programmeId: recovery.programmeId,
      recoveryId: recovery.id,
      amountFen: input.amountFen,
    });
    return result;
  });
}

// ---- finance report ------------------------------------------------------------------------------------------------
const sumKind = (balances: Record<string, number>, kind: string) =>
  Object.entries(balances)
    .filter(([id]) => id.startsWith("prj:") && id.endsWith(`:${kind}`))
    .reduce((s, [, v]) => s + v, 0);

/**
 * A programme's money position (committed, disbursed, recovered, outstanding, budget left, leverage) from the records
 * (functions/programmes/rules/budget.ts), the same comparable figures from the ledger, and whether they agree.
 */
export async function financeReport(deps: RecoveryDeps, programmeId: string) {
  const programme = await mustGet(deps.records, programmeKind, programmeId, "Programme", "批次");
  const projects = await listAll(deps.records, projectsOfProgramme(programmeId));
  const perProject = [];
  const recoveries: RecoveryRecord[] = [];
  let reservedOrPaidFen = 0;
  for (const p of projects) {
    const tranches = await listAll(deps.records, tranchesOfProject(p.id));
    reservedOrPaidFen += tranches
      .filter((t) => t.status === "reserved" || t.status === "paid")
      .reduce((s, t) => s + t.amountFen, 0);
    const r = await deps.records.get(recoveryKind, recoveryIdOf(p.id));
    if (r) recoveries.push(r);
    perProject.push({
      challengeId: p.challengeId,
      status: p.status,
      rdInvestmentFen: p.rdInvestmentFen,
      grantFen: p.grantFen,
      recoveredFen: r?.receivedFen ?? 0,
      roadShowInterestFen: await roadShowInterestOf(deps.records, p.id),
      tranches: arithmeticTranches(tranches),
    });
  }
  const figures = programmeArithmetic({
    budgetFen: programme.budgetFen,
    projects: perProject,
    recoveries: recoveries.flatMap((r) => [
      { amountFen: r.receivedFen ?? 0, status: "recovered" as const },
      { amountFen: r.status === "assessed" ? outstanding(r) : 0, status: "assessed" as const },
    ]),
  });
  const books = await programmeLedger(deps, programmeId);
  const budgetAccount = books.balances[programmeAccount(programmeId, "budget")];
  const ledger = {
    disbursedFen: sumKind(books.balances, "paid"),
    recoveredFen: sumKind(books.balances, "recovered"),
    recoverableFen: sumKind(books.balances, "receivable"),
    reservedOrPaidFen:
      sumKind(books.balances, "committed") +
      sumKind(books.balances, "payable") +
      sumKind(books.balances, "paid"),
    budgetAfterPaymentsFen: budgetAccount ?? programme.budgetFen,
  };
  const records = {
    disbursedFen: figures.disbursedFen,
    recoveredFen: figures.recoveredFen,
    recoverableFen: figures.recoverableFen,
    reservedOrPaidFen,
    budgetAfterPaymentsFen: programme.budgetFen - reservedOrPaidFen,
  };
  const checks = (Object.keys(ledger) as (keyof typeof ledger)[]).map((figure) => ({
    figure,
    records: records[figure],
    ledger: ledger[figure],
    agree: records[figure] === ledger[figure],
  }));
  return {
    programmeId,
    budgetFen: programme.budgetFen,
    // committed, disbursed, recovered, recoverable, outstanding, net public, budget left, investments, leverage
    ...figures,
    leverage: formatRatio(figures.leverage),
    checks,
    ledgerRebuildAgrees: books.agrees,
    agree: books.agrees && checks.every((c) => c.agree),
  };
}

type FinanceReport = Awaited<ReturnType<typeof financeReport>>;
/** The figures a finance report has, for one programme or in total. */
const reportFigures = [
  "budgetFen",
  "committedFen",
  "disbursedFen",
  "recoveredFen",
  "recoverableFen",
  "outstandingFen",
  "netPublicFen",
  "budgetLeftFen",
  "enterpriseInvestmentFen",
  "socialInvestmentFen",
  "leveragePublicFen",
  "roadShowInterestFen",
] as const;

export function financeReportCsv(
  report: Pick<FinanceReport, (typeof reportFigures)[number] | "leverage" | "checks" | "agree">,
): string {
  const rows = [
    ["figure", "records_fen", "ledger_fen", "agree"],
    ...reportFigures.map((f) => [f, String(report[f] ?? ""), "", ""]),
    ["leverage", report.leverage ?? "", "", ""],
    ...report.checks.map((c) => [`ledger:${c.figure}`, String(c.records), String(c.ledger), String(c.agree)]),
    ["agree", "", "", String(report.agree)],
  ];
  return `${rows.map((r) => r.join(",")).join("\r\n")}\r\n`;
}

/**
 * The finance report across every programme: the programme reports' figures summed (leverage recomputed exactly from
 * the sums), the ledger-vs-records checks summed figure by figure, and each programme's own report. It agrees when
 * every programme's ledger rebuild and checks agree.
 */
export async function totalFinanceReport(deps: RecoveryDeps) {
  const programmes = await listAll(deps.records, allProgrammes());
  const reports: FinanceReport[] = [];
  for (const p of programmes) reports.push(await financeReport(deps, p.id));
  const sum = (f: (typeof reportFigures)[number]) => reports.reduce((s, r) => s + (r[f] ?? 0), 0);
  const totals = Object.fromEntries(reportFigures.map((f) => [f, sum(f)])) as Record<
    (typeof reportFigures)[number],
    number
  >;
  const figures = reports[0]?.checks.map((c) => c.figure) ?? [];
  const checks = figures.map((figure) => {
    const records = reports.reduce(
      (s, r) => s + (r.checks.find((c) => c.figure === figure)?.records ?? 0),
      0,
    );
    const ledger = reports.reduce((s, r) => s + (r.checks.find((c) => c.figure === figure)?.ledger ?? 0), 0);
    return { figure, records, ledger, agree: records === ledger };
  });
  return {
    scope: "total" as const,
    programmeCount: reports.length,
    ...totals,
    // The city's leverage from the programmes' sums: the same definition (rules/leverage.ts), summed exactly.
    leverage: formatRatio(ratio(BigInt(totals.socialInvestmentFen), BigInt(totals.leveragePublicFen))),
    checks,
    ledgerRebuildAgrees: reports.every((r) => r.ledgerRebuildAgrees),
    agree: reports.every((r) => r.agree) && checks.every((c) => c.agree),
    programmes: reports,
  };
}

/** The total report as CSV: the same figure rows as a programme's, then one row per programme. */
export function totalFinanceReportCsv(report: Awaited<ReturnType<typeof totalFinanceReport>>): string {
  const header = ["programme_id", ...reportFigures, "leverage", "agree"];
  const rows = report.programmes.map((p) => [
    p.programmeId,
    ...reportFigures.map((f) => String(p[f] ?? "")),
    p.leverage ?? "",
    String(p.agree),
  ]);
  return `${financeReportCsv(report)}\r\n${[header, ...rows].map((r) => r.join(",")).join("\r\n")}\r\n`;
}

/** Tranches as the finance arithmetic counts them: paid, cancelled, or still to pay (everything else). */
export function arithmeticTranches(
  tranches: readonly TrancheRecord[],
): { amountFen: number; status: "paid" | "cancelled" | "planned" }[] {
  return tranches.map((t) => ({
    amountFen: t.amountFen,
    status: t.status === "paid" ? "paid" : t.status === "cancelled" ? "cancelled" : "planned",
  }));
}
