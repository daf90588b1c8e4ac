// Use cases: read views for the operators' console — a programme's projects, a project's audit trail across
// its records (hash chains checked), a programme's ledger transactions (记账凭证) page by page, and the finance series:
// funds committed / disbursed / recovered over time and the leverage (撬动比) of each programme. Reads only (Query).

import { verifyAuditTrail } from "../audit/rules/verification.ts";
import { challengeKind } from "../challenges/model.ts";
import { followupRecords, roadShowInterestOf } from "../followup/model.ts";
import { shanghaiDate } from "../kernel/dates.ts";
import { formatRatio } from "../kernel/money.ts";
import { mayAccessRecord, type RecordActor } from "../kernel/record-access.ts";
import { ledgerTransactionsOfProgramme, paymentKind, paymentsOfTranche } from "../payments/model.ts";
import { accountName, accountOwner } from "../payments/rules/ledger.ts";
import type { Clock } from "../platform/ports/clock.ts";
import { listAll, mustGet, recordsById } from "../platform/ports/record-helpers.ts";
import type {
  RecordKind,
  RecordStore,
  StoredAuditEvent,
  VersionedRecord,
} from "../platform/ports/records.ts";
import { allProgrammes, type ProgrammeRecord, programmeKind } from "../programmes/model.ts";
import { programmeLedger as programmeArithmetic } from "../programmes/rules/budget.ts";
import {
  type Leverage,
  type LeverageProject,
  leverageByChallenge,
  leverageOf,
} from "../programmes/rules/leverage.ts";
import {
  executionsOfProject,
  noticeKind,
  noticesOfProject,
  type ProjectRecord,
  phaseKind,
  phasesOfProject,
  projectExecutionKind,
  projectKind,
  projectsOfProgramme,
  type TrancheRecord,
  trackKind,
  trancheKind,
  tranchesOfProject,
} from "../projects/model.ts";
import { namesOfProjects, projectTitles } from "../projects/names.ts";
import { type RecoveryRecord, recoveryId, recoveryKind } from "../recoveries/model.ts";
import { arithmeticTranches } from "../recoveries/recoveries.ts";

export interface ConsoleDeps {
  readonly records: RecordStore;
  readonly clock: Clock;
}

const loadProgramme = (deps: Pick<ConsoleDeps, "records">, id: string) =>
  mustGet<ProgrammeRecord>(deps.records, programmeKind, id, "Programme", "批次");

// ---- a programme's projects -----------------------------------------------------------------------------------
/**
 * A programme's projects (项目), newest first, paged: the parties, the money and the status. Programme staff see every
 * project; an enterprise only those it is the enterprise of (the project's read rule, as the challenge list filters a
 * page) — a page may then hold fewer than `limit` items, `next` still leads on.
 */
export async function listProjects(
  deps: ConsoleDeps,
  actor: RecordActor,
  filter: { programmeId: string; limit: number; cursor?: string },
) {
  const programme = await loadProgramme(deps, filter.programmeId);
  const listed = await deps.records.list(projectsOfProgramme(filter.programmeId), {
    limit: filter.limit,
    newestFirst: true,
    ...(filter.cursor ? { cursor: filter.cursor } : {}),
  });
  const page = {
    ...listed,
    items: listed.items.filter((p) =>
      // The route's only organisation-scoped role is the enterprise: its relation is all the rule needs.
      mayAccessRecord(actor, "project", "read", { enterpriseOrganisationIds: p.enterpriseOrganisationIds }),
    ),
  };
  // The page's names in one batch read: the title stored at award (else its challenge's), the parties by their
  // registered names (机构名录) where registered — an older record's stored name is often only the id.
  const names = await namesOfProjects(deps.records, page.items);
  const party = (p: ProjectRecord, o: { organisationId: string; name: string }) => ({
    organisationId: o.organisationId,
    name: names.get(p.id)?.organisationNames.get(o.organisationId) ?? o.name,
  });
  return {
    items: page.items.map((p: ProjectRecord) => {
      const title = names.get(p.id)?.title;
      return {
        id: p.id,
        programmeId: p.programmeId,
        programmeName: programme.name,
        programmeNameZh: programme.nameZh,
        challengeId: p.challengeId,
        ...(title !== undefined ? { title } : {}),
        enterprise: party(p, p.enterprise),
        solverLead: party(p, p.solverLead),
        rdInvestmentFen: p.rdInvestmentFen,
        grantFen: p.grantFen,
        status: p.status,
        awardedAt: p.awardedAt,
      };
    }),
    ...(page.next ? { next: page.next } : {}),
  };
}

// ---- a project's audit trail --------------------------------------------------------------------------------------
/**
 * A record's trail checked as `audit verify` checks it (positions are the events' versions), the record at the head of
 * its chain included (a deleted newest event shows as `truncated`): ok, or its first break.
 */
function chainCheck(record: string, version: number | undefined, events: readonly StoredAuditEvent[]) {
  const report = verifyAuditTrail({
    table: "",
    records: version === undefined ? [] : [{ record, version }],
    events: events.map((e) => ({
      record,
      position: e.version,
      event: e as unknown as Record<string, unknown>,
    })),
  });
  const broken = report.breaks[0];
  return broken ? { ok: false, brokenAt: broken.version, reason: broken.reason } : { ok: true };
}

/**
 * Every audit event of a project's records — the project, its task book and milestones (track), its reminders'
 * notices, phases, executions, tranches,
 * payment attempts and recovery — oldest first, with each record's hash chain checked.
 */
export async function projectAuditTrail(deps: ConsoleDeps, projectId: string) {
  const project = await mustGet<ProjectRecord>(deps.records, projectKind, projectId, "Project", "项目");
  const subjects: { kind: RecordKind<VersionedRecord>; id: string }[] = [];
  const add = <T extends VersionedRecord>(kind: RecordKind<T>, id: string) =>
    subjects.push({ kind: kind as unknown as RecordKind<VersionedRecord>, id });
  add(projectKind, project.id);
  if (await deps.records.get(trackKind, projectId)) add(trackKind, projectId);
  for (const phase of await listAll(deps.records, phasesOfProject(projectId))) add(phaseKind, phase.id);
  // The chain's executions (each hand-over audited as its record's creation; the bookkeeping itself has no trail).
  for (const e of await listAll(deps.records, executionsOfProject(projectId)))
    add(projectExecutionKind, e.id);
  // The reminders' notices, each audited as its record's creation (projects/notices.ts).
  for (const n of await listAll(deps.records, noticesOfProject(projectId))) add(noticeKind, n.id);
  const tranches = await listAll(deps.records, tranchesOfProject(projectId));
  for (const t of tranches) {
    add(trancheKind, t.id);
    for (const p of await listAll(deps.records, paymentsOfTranche(t.id))) add(paymentKind, p.id);
  }
  if (await deps.records.get(recoveryKind, recoveryId(projectId))) add(recoveryKind, recoveryId(projectId));
  // The follow-up records (functions/followup): judicial referral, road-show, the task book's budget revisions.
  for (const [kind, id] of followupRecords(projectId)) if (await deps.records.get(kind, id)) add(kind, id);

  const records = [];
  const events = [];
  for (const s of subjects) {
    const [trail, current] = await Promise.all([
      deps.records.auditTrail(s.kind, s.id),
      deps.records.get(s.kind, s.id),
    ]);
    records.push({
      recordKind: s.kind.name,
      recordId: s.id,
      ...(current ? { version: current.version } : {}),
      events: trail.length,
      ...chainCheck(`${s.kind.name}#${s.id}`, current?.version, trail),
    });
    events.push(...trail);
  }
  events.sort((a, b) =>
    a.at === b.at
      ? a.recordId === b.recordId
        ? a.version - b.version
        : a.recordId < b.recordId
          ? -1
          : 1
      : a.at < b.at
        ? -1
        : 1,
  );
  return {
    projectId,
    ok: records.every((r) => r.ok),
    records,
    events: events.map((e) => ({
      at: e.at,
      recordKind: e.recordKind,
      recordId: e.recordId,
      version: e.version,
      actor: e.actor,
      role: e.role,
      action: e.action,
      ...(e.detail ? { detail: e.detail } : {}),
      ...(e.beforeHash ? { beforeHash: e.beforeHash } : {}),
      afterHash: e.afterHash,
      ...(e.prevHash ? { prevHash: e.prevHash } : {}),
      ...(e.hash ? { hash: e.hash } : {}),
    })),
  };
}

// ---- a programme's ledger transactions ------------------------------------------------------------------------------
/** A programme's ledger transactions (记账凭证) with their entries, newest first by default, paged. */
export async function ledgerEntries(
  deps: ConsoleDeps,
  filter: { programmeId: string; limit: number; cursor?: string; order: "newest" | "oldest" },
) {
  const programme = await loadProgramme(deps, filter.programmeId);
  const page = await deps.records.list(ledgerTransactionsOfProgramme(filter.programmeId), {
    limit: filter.limit,
    newestFirst: filter.order === "newest",
    ...(filter.cursor ? { cursor: filter.cursor } : {}),
  });
  // The titles of the page's projects (of the transactions and of their accounts): one batch read for the page.
  const titles = await projectTitles(
    deps.records,
    page.items.flatMap((t) => [
      t.projectId,
      ...t.entries.map((e) => accountOwner(e.account)).flatMap((o) => (o.kind === "project" ? [o.id] : [])),
    ]),
  );
  const names = (projectId: string | undefined) => ({
    programmeName: programme.name,
    programmeNameZh: programme.nameZh,
    ...(projectId && titles.has(projectId) ? { projectTitle: titles.get(projectId)! } : {}),
  });
  return {
    items: page.items.map((t) => ({
      id: t.id,
      kind: t.kind,
      postedAt: t.postedAt,
      ...(t.projectId ? { projectId: t.projectId } : {}),
      ...(t.projectId && titles.has(t.projectId) ? { projectTitle: titles.get(t.projectId)! } : {}),
      ...(t.paymentId ? { paymentId: t.paymentId } : {}),
      ...(t.overRecovery ? { overRecovery: true } : {}),
      amountFen: t.entries.reduce((s, e) => s + e.debitFen, 0),
      entries: t.entries.map((e) => ({ ...e, ...accountName(e.account, names(accountOwner(e.account).id)) })),
    })),
    ...(page.next ? { next: page.next } : {}),
  };
}

// ---- finance series: money over time and leverage by programme --------------------------------------------------
interface Change {
  readonly date: string;
  readonly committedFen: number;
  readonly disbursedFen: number;
  readonly recoveredFen: number;
}

const dateOf = (iso: string) => shanghaiDate(Date.parse(iso));

/** The changes one tranche made: committed when the task book created it, disbursed when paid, released if cancelled. */
function trancheChanges(t: TrancheRecord): Change[] {
  const out: Change[] = [
    { date: dateOf(t.createdAt), committedFen: t.amountFen, disbursedFen: 0, recoveredFen: 0 },
  ];
  if (t.status === "cancelled")
    out.push({ date: dateOf(t.updatedAt), committedFen: -t.amountFen, disbursedFen: 0, recoveredFen: 0 });
  if (t.status === "paid")
    out.push({
      date: dateOf(t.payment?.paidAt ?? t.updatedAt),
      committedFen: 0,
      disbursedFen: t.amountFen,
      recoveredFen: 0,
    });
  return out;
}

const recoveryChanges = (r: RecoveryRecord): Change[] =>
  (r.receipts ?? []).map((x) => ({
    date: x.receivedOn,
    committedFen: 0,
    disbursedFen: 0,
    recoveredFen: x.amountFen,
  }));

/** A leverage as the API shows it: the two sums, the ratio to two places, road-show interest apart. */
const leverageFigures = (l: Leverage) => ({
  socialInvestmentFen: l.socialInvestmentFen,
  leveragePublicFen: l.publicFen,
  roadShowInterestFen: l.roadShowInterestFen,
  leverage: formatRatio(l.ratio),
});

/** Each challenge's leverage among a programme's projects, with the challenge's title. */
async function challengeLeverage(deps: ConsoleDeps, projects: readonly LeverageProject[]) {
  const groups = leverageByChallenge(projects);
  const challenges = await recordsById(
    deps.records,
    challengeKind,
    groups.map((g) => g.challengeId),
  );
  return groups.map((g) => ({
    challengeId: g.challengeId,
    ...(challenges.has(g.challengeId) ? { title: challenges.get(g.challengeId)!.title } : {}),
    ...leverageFigures(g.leverage),
  }));
}

/**
 * For charts: per programme, its committed / disbursed / recovered money and leverage (social R&D investment ÷ public
 * money, functions/programmes/rules/leverage.ts, as the finance report computes them from the records) with each
 * challenge's, and the city's leverage in the totals, and the running totals per
 * Asia/Shanghai day on which something changed. One programme with `programmeId`, else every programme.
 */
export async function financeSeries(deps: ConsoleDeps, filter: { programmeId?: string }) {
  const programmes = filter.programmeId
    ? [await loadProgramme(deps, filter.programmeId)]
    : await listAll(deps.records, allProgrammes());
  const changes: Change[] = [];
  const perProgramme = [];
  const cityProjects: LeverageProject[] = [];
  for (const programme of programmes) {
    const projects = await listAll(deps.records, projectsOfProgramme(programme.id));
    const arithmeticProjects = [];
    const recoveries: RecoveryRecord[] = [];
    for (const p of projects) {
      const tranches = await listAll(deps.records, tranchesOfProject(p.id));
      for (const t of tranches) changes.push(...trancheChanges(t));
      const r = await deps.records.get(recoveryKind, recoveryId(p.id));
      if (r) {
        recoveries.push(r);
        changes.push(...recoveryChanges(r));
      }
      arithmeticProjects.push({
        challengeId: p.challengeId,
        status: p.status,
        rdInvestmentFen: p.rdInvestmentFen,
        grantFen: p.grantFen,
        recoveredFen: r?.receivedFen ?? 0,
        roadShowInterestFen: await roadShowInterestOf(deps.records, p.id),
        tranches: arithmeticTranches(tranches),
      });
    }
    const leverageProjects = arithmeticProjects.map(({ tranches, ...p }) => ({
      ...p,
      committedFen: tranches.filter((t) => t.status !== "cancelled").reduce((sum, t) => sum + t.amountFen, 0),
    }));
    const figures = programmeArithmetic({
      budgetFen: programme.budgetFen,
      projects: arithmeticProjects,
      recoveries: recoveries.flatMap((r) => [
        { amountFen: r.receivedFen ?? 0, status: "recovered" as const },
        {
          amountFen: r.status === "assessed" ? Math.max(0, r.amountFen - (r.receivedFen ?? 0)) : 0,
          status: "assessed" as const,
        },
      ]),
    });
    perProgramme.push({
      programmeId: programme.id,
      name: programme.name,
      nameZh: programme.nameZh,
      year: programme.year,
      budgetFen: programme.budgetFen,
      projects: projects.length,
      committedFen: figures.committedFen,
      disbursedFen: figures.disbursedFen,
      recoveredFen: figures.recoveredFen,
      recoverableFen: figures.recoverableFen,
      enterpriseInvestmentFen: figures.enterpriseInvestmentFen,
      socialInvestmentFen: figures.socialInvestmentFen,
      leveragePublicFen: figures.leveragePublicFen,
      roadShowInterestFen: figures.roadShowInterestFen,
      leverage: formatRatio(figures.leverage),
      challenges: await challengeLeverage(deps, leverageProjects),
    });
    cityProjects.push(...leverageProjects);
  }
  const byDate = new Map<string, Change>();
  for (const c of changes) {
    const prev = byDate.get(c.date) ?? { date: c.date, committedFen: 0, disbursedFen: 0, recoveredFen: 0 };
    byDate.set(c.date, {
      date: c.date,
      committedFen: prev.committedFen + c.committedFen,
      disbursedFen: prev.disbursedFen + c.disbursedFen,
      recoveredFen: prev.recoveredFen + c.recoveredFen,
    });
  }
  let committed = 0;
  let disbursed = 0;
  let recovered = 0;
  const series = [...byDate.values()]
    .sort((a, b) => (a.date < b.date ? -1 : 1))
    .map((c) => {
      committed += c.committedFen;
      disbursed += c.disbursedFen;
      recovered += c.recoveredFen;
      return { date: c.date, committedFen: committed, disbursedFen: disbursed, recoveredFen: recovered };
    });
  return {
    asOf: deps.clock.now().toISOString(),
    programmes: perProgramme,
    totals: {
      committedFen: committed,
      disbursedFen: disbursed,
      recoveredFen: recovered,
      ...leverageFigures(leverageOf(cityProjects)),
    },
    series,
  };
}
