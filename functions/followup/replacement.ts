// Use case of a replacement on performance (递补, 泰安《实施意见》第24条 “及时对项目进行后续支持、退出或递补”): after a failed
// evaluation the bureau ends the project as a termination without fault (its unpaid tranches cancelled, never paid; the
// paid but unspent money assessed for recovery) and offers the remaining work and money to the next-ranked application
// of the same challenge, whose 揭榜 agreement both sides signed and whose 就高不重复 check (《太原市…行动方案》六（一）) is
// settled: a new project awaiting its own task book, drafted and signed as at award, with the grant left (the replaced
// solver's paid and in-payment tranches deducted), announced by its own public notice (递补公示, 四（五）). An objection to
// that notice upheld ends the new project before signing and offers the same money to the next candidate the same way
// (replacement-objection.ts; offerReplacement is the one offer both paths make).
import { type ApplicationRecord, applicationKind } from "../applications/model.ts";
import { plannedGrantFen } from "../award/award.ts";
import { type NoticeRecord, noticeKind } from "../award/model.ts";
import { workingDayCalendar } from "../calendar/calendar.ts";
import type { Actor } from "../kernel/actor.ts";
import { businessRuleError, conflictError } from "../kernel/errors.ts";
import { registeredNames } from "../organisations/organisations.ts";
import { checkOverlap } from "../overlap/checks.ts";
import type { OverlapCheckRecord } from "../overlap/model.ts";
import { nowIso } from "../platform/ports/clock.ts";
import { bump, listAll, retryOnConflict } from "../platform/ports/record-helpers.ts";
import { created, type RecordWrite, updated } from "../platform/ports/records.ts";
import {
  type ProjectRecord,
  projectKind,
  projectParties,
  projectPartyKind,
  tranchesOfProject,
} from "../projects/model.ts";
import type { ProjectDeps } from "../projects/projects.ts";
import { loadApplication, loadChallenge, loadProgramme, loadRound } from "../review/common.ts";
import { derivedId, roundKind } from "../review/model.ts";
import { assertRunning } from "./common.ts";
import {
  endForPerformance,
  endingReason,
  type PerformanceDecisionInput,
  performanceOf,
  savePerformance,
  scoredEvaluation,
} from "./performance.ts";
import { type PerformanceEvaluation, type PerformanceRecord, performanceKind } from "./performance-model.ts";
import {
  assertRemainingMoney,
  overlapStanding,
  remainingGrantFen,
  replacementCandidates,
} from "./rules/performance.ts";

const noCandidate = () =>
  businessRuleError(
    "NO_REPLACEMENT_CANDIDATE",
    "No application of the challenge is left to take over (ranked, not selected, agreement signed, not withdrawn on a 就高不重复 decision)",
    "该榜单无可递补的揭榜申请（已排名、未入选、揭榜协议已签署且未因就高不重复撤销支持）",
    [{ path: "body.decision", message: "nobody to replace with", messageZh: "无递补对象" }],
  );

export const leadName = (a: ApplicationRecord) =>
  a.organisationNames?.[a.leadOrganisationId] ?? a.leadOrganisationId;

const overlapUndecided = (a: ApplicationRecord) =>
  conflictError(
    "OVERLAP_UNDECIDED",
    `The replacement candidate ${leadName(a)} (${a.id}) may have the same content supported already (就高不重复): decide its overlap first, then decide again`,
    `递补候选单位${leadName(a)}（申请 ${a.id}）可能与其他已支持项目内容重复（就高不重复）：请先作出认定，再作递补决定`,
  );

/** The next-ranked application and the money it is offered, or why nobody is offered now. */
export type ReplacementPick =
  | {
      kind: "offer";
      challenge: Awaited<ReturnType<typeof loadChallenge>>;
      round: Awaited<ReturnType<typeof loadRound>>;
      application: ApplicationRecord;
      rank: number;
      grantFen: number;
      paidToReplacedFen: number;
      skipped: string[];
    }
  | { kind: "undecided"; application: ApplicationRecord; skipped: string[] }
  | { kind: "none"; leftFen: number; skipped: string[] };

/**
 * The candidate for the money of `origin` (the project whose solver a performance evaluation replaced): the
 * best-ranked application not selected with both agreement signatures, each checked for 就高不重复 at the award stage
 * in rank order — a finding not decided stops at it, a withdrawn one is passed over, a reduction caps the grant.
 * `checks` keeps the checks run, so a retried transaction does not run them again.
 */
export async function pickReplacement(
  deps: ProjectDeps,
  actor: Actor,
  origin: ProjectRecord,
  checks: Map<string, OverlapCheckRecord>,
): Promise<ReplacementPick> {
  const challenge = await loadChallenge(deps, origin.challengeId);
  const round = await loadRound(deps, challenge.id, challenge.round);
  const ranking = round.ranking ?? [];
  const tranches = await listAll(deps.records, tranchesOfProject(origin.id));
  const skipped: string[] = [];
  const none = (): ReplacementPick => ({
    kind: "none",
    skipped,
    leftFen: remainingGrantFen(origin.grantFen, tranches, Number.MAX_SAFE_INTEGER).grantFen,
  });
  if (!ranking.some((r) => r.applicationId === origin.applicationId)) return none();
  const applications = await Promise.all(ranking.map((r) => loadApplication(deps, r.applicationId)));
  const candidates = replacementCandidates(
    ranking.map((r, i) => ({
      applicationId: r.applicationId,
      rank: r.rank,
      status: applications[i]?.status ?? "",
      agreementSigned: Boolean(
        applications[i]?.agreement.enterpriseSignedAt && applications[i]?.agreement.solverSignedAt,
      ),
    })),
  );
  const programme = await loadProgramme(deps, origin.programmeId);
  for (const candidate of candidates) {
    const application = applications.find((a) => a.id === candidate.applicationId);
    if (!application) continue;
    const check = checks.get(application.id) ?? (await checkOverlap(deps, actor, application.id, "award"));
    checks.set(application.id, check);
    const standing = overlapStanding(check);
    if (standing.kind === "undecided") return { kind: "undecided", application, skipped };
    if (standing.kind === "withdrawn") {
      skipped.push(application.id);
      continue;
    }
    const money = remainingGrantFen(
      origin.grantFen,
      tranches,
      plannedGrantFen(programme.policy, challenge, application),
      standing.capFen,
    );
    return { kind: "offer", challenge, round, application, rank: candidate.rank, skipped, ...money };
  }
  return none();
}

const orgRef = (application: ApplicationRecord, organisationId: string) => ({
  organisationId,
  name: application.organisationNames?.[organisationId] ?? organisationId,
});

/**
 * The replacement's public notice (递补公示): the new winner by registered name, the solvers the evaluation replaced
 * (the origin's), the policy's working days from today (as the award's notice, award/notices.ts publishNoticeTask).
 * Its id derives from the new project, so a retried decision writes it once.
 */
async function replacementNotice(
  deps: ProjectDeps,
  origin: ProjectRecord,
  plan: Extract<ReplacementPick, { kind: "offer" }>,
  at: string,
): Promise<NoticeRecord> {
  const a = plan.application;
  const organisationIds = [a.leadOrganisationId, ...a.memberOrganisationIds];
  const registered = await registeredNames(deps.records, organisationIds);
  const programme = await loadProgramme(deps, origin.programmeId);
  const period = (await workingDayCalendar(deps.records)).noticePeriod(
    Date.parse(at),
    programme.policy.noticeWorkingDays,
  );
  const successorId = derivedId("prj", a.id);
  return {
    id: derivedId("ntc", plan.challenge.id, plan.round.round, "replacement", successorId),
    version: 1,
    challengeId: plan.challenge.id,
    programmeId: origin.programmeId,
    round: plan.round.round,
    seq: plan.round.noticeIds.length + 1,
    title: plan.challenge.title,
    winners: [
      {
        position: 1,
        applicationId: a.id,
        rank: plan.rank,
        organisationIds,
        organisationNames: organisationIds.map((id) => registered.get(id) ?? a.organisationNames?.[id] ?? id),
      },
    ],
    publishedAt: at,
    workingDays: programme.policy.noticeWorkingDays,
    firstDay: period.firstDay,
    lastDay: period.lastDay,
    endsAt: period.endsAt,
    waitUntil: new Date(period.endsAtMs + 1).toISOString(),
    ...(period.provisional ? { provisional: true as const, provisionalYears: period.provisionalYears } : {}),
    status: "open",
    replacement: {
      projectId: successorId,
      replacedProjectId: origin.id,
      replacedOrganisationNames: [origin.solverLead.name, ...origin.solverMembers.map((m) => m.name)],
    },
    objections: [],
    createdAt: at,
    updatedAt: at,
  };
}

/**
 * The offer (递补) both paths make: the notice, the new project with its parties at the money of `origin`, the
 * application awarded, the round's projects, and the new project's performance record linked to `replaced` (the
 * project it follows: the origin itself, or a replacement withdrawn on an upheld objection). The caller writes
 * `replaced`'s own record (`replacedBy`) in the same transaction.
 */
export async function offerReplacement(
  deps: ProjectDeps,
  actor: Actor,
  origin: ProjectRecord,
  replaced: ProjectRecord,
  plan: Extract<ReplacementPick, { kind: "offer" }>,
  at: string,
): Promise<{
  writes: RecordWrite[];
  replacement: NonNullable<NonNullable<PerformanceEvaluation["decision"]>["replacement"]>;
}> {
  const a = plan.application;
  const notice = await replacementNotice(deps, origin, plan, at);
  const successor: ProjectRecord = {
    id: derivedId("prj", a.id),
    version: 1,
    programmeId: origin.programmeId,
    challengeId: origin.challengeId,
    ...(origin.title ? { title: origin.title } : {}),
    applicationId: a.id,
    enterprise: { organisationId: origin.enterprise.organisationId, name: origin.enterprise.name },
    enterpriseOrganisationIds: origin.enterpriseOrganisationIds,
    solverLead: orgRef(a, a.leadOrganisationId),
    solverMembers: a.memberOrganisationIds.map((m) => orgRef(a, m)),
    chiefEngineerId: a.chiefEngineerId,
    rdInvestmentFen: a.rdInvestmentFen,
    grantFen: plan.grantFen,
    status: "awaiting-task-book",
    noticeId: notice.id,
    awardedAt: at,
    createdAt: at,
    updatedAt: at,
  };
  const note = { actor: actor.userId, role: "bureau" };
  const successorPerformance = await performanceOf(deps, successor, at);
  const writes: RecordWrite[] = [
    created(noticeKind, notice, {
      ...note,
      action: "notice.replacement-published",
      detail: {
        projectId: successor.id,
        replaced: origin.id,
        lastDay: notice.lastDay,
        solverName: notice.winners[0]?.organisationNames[0] ?? a.leadOrganisationId,
        replacedName: origin.solverLead.name,
      },
    }),
    created(projectKind, successor, {
      ...note,
      action: "project.created",
      detail: { grantFen: successor.grantFen, replaces: replaced.id },
    }),
    ...projectParties(successor).map((party) =>
      created(projectPartyKind, party, {
        ...note,
        action: "project-party.added",
        detail: { role: party.role },
      }),
    ),
    updated(applicationKind, a, bump(a, at, { status: "awarded" }), {
      ...note,
      action: "application.awarded",
      detail: { replaces: replaced.applicationId, projectId: successor.id },
    }),
    updated(
      roundKind,
      plan.round,
      bump(plan.round, at, { projectIds: [...(plan.round.projectIds ?? []), successor.id] }),
      { ...note, action: "award.replacement", detail: { replaced: replaced.id, by: successor.id } },
    ),
    created(
      performanceKind,
      { ...successorPerformance.record, replaces: replaced.id },
      { ...note, action: "performance.replaces", detail: { replaced: replaced.id } },
    ),
  ];
  return {
    writes,
    replacement: {
      applicationId: a.id,
      rank: plan.rank,
      projectId: successor.id,
      grantFen: plan.grantFen,
      paidToReplacedFen: plan.paidToReplacedFen,
    },
  };
}

/** The bureau's replacement decision: the project ends, the next-ranked application gets a new project. */
export async function replaceOnPerformance(
  deps: ProjectDeps,
  actor: Actor,
  projectId: string,
  seq: number,
  input: PerformanceDecisionInput,
): Promise<PerformanceRecord> {
  const first = await scoredEvaluation(deps, actor, projectId, seq, "replace");
  if (first.track.termination?.reason !== endingReason(seq, "replace", input.reason)) {
    assertRunning(first.track, "replace its solver", "递补");
  }
  // Before anything is written: somebody to offer (就高不重复 settled for them) and money to offer.
  const checks = new Map<string, OverlapCheckRecord>();
  const planned = async (project: ProjectRecord) => {
    const plan = await pickReplacement(deps, actor, project, checks);
    if (plan.kind === "undecided") throw overlapUndecided(plan.application);
    if (plan.kind === "none") throw noCandidate();
    assertRemainingMoney(plan.grantFen);
    return plan;
  };
  await planned(first.project);
  const { recoveryId, settlement } = await endForPerformance(deps, actor, projectId, seq, {
    ...input,
    decision: "replace",
  });
  return retryOnConflict(async () => {
    const { project, current, evaluation } = await scoredEvaluation(deps, actor, projectId, seq, "replace");
    const plan = await planned(project);
    const at = nowIso(deps);
    const offer = await offerReplacement(deps, actor, project, project, plan, at);
    const decided: PerformanceEvaluation = {
      ...evaluation,
      status: "decided",
      decision: {
        decision: "replace",
        reason: input.reason,
        by: actor.userId,
        at,
        ...(recoveryId ? { recoveryId } : {}),
        ...(settlement ? { settlement } : {}),
        verifiedSpendingFen: input.verifiedSpendingFen ?? 0,
        replacement: offer.replacement,
      },
    };
    return savePerformance(
      deps,
      current,
      {
        evaluations: current.record.evaluations.map((e) => (e.seq === seq ? decided : e)),
        replacedBy: offer.replacement.projectId,
      },
      {
        actor: actor.userId,
        role: "bureau",
        action: "performance.replaced",
        detail: { seq, ...offer.replacement, ...(plan.skipped.length ? { skipped: plan.skipped } : {}) },
      },
      at,
      offer.writes,
    );
  });
}
