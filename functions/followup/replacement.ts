// Use case of a replacement on performance (递补, 泰安《实施意见》第24条 “及时对项目进行后续支持、退出或递补”): after a failed
// evaluation the bureau ends the project as a termination without fault (its unpaid tranches cancelled, never paid; the
// paid but unspent money assessed for recovery) and offers the remaining work and money to the next-ranked application
// of the same challenge, whose 揭榜 agreement both sides signed: a new project awaiting its own task book, drafted and
// signed as at award, with the grant left (the replaced solver's paid and in-payment tranches deducted).
import { type ApplicationRecord, applicationKind } from "../applications/model.ts";
import { plannedGrantFen } from "../award/award.ts";
import { type NoticeRecord, noticeKind } from "../award/model.ts";
import { workingDayCalendar } from "../calendar/calendar.ts";
import type { Actor } from "../kernel/actor.ts";
import { businessRuleError } from "../kernel/errors.ts";
import { registeredNames } from "../organisations/organisations.ts";
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
import { assertRemainingMoney, nextRanked, remainingGrantFen } from "./rules/performance.ts";

const noCandidate = () =>
  businessRuleError(
    "NO_REPLACEMENT_CANDIDATE",
    "No application of the challenge is left to take over (ranked, not selected, agreement signed)",
    "该榜单无可递补的揭榜申请（已排名、未入选且揭榜协议已签署）",
    [{ path: "body.decision", message: "nobody to replace with", messageZh: "无递补对象" }],
  );

/** The next-ranked application of the project's challenge and the money it would be offered. */
async function replacementPlan(deps: ProjectDeps, project: ProjectRecord) {
  const challenge = await loadChallenge(deps, project.challengeId);
  const round = await loadRound(deps, challenge.id, challenge.round);
  const ranking = round.ranking ?? [];
  if (!ranking.some((r) => r.applicationId === project.applicationId)) throw noCandidate();
  const applications = await Promise.all(ranking.map((r) => loadApplication(deps, r.applicationId)));
  const candidate = nextRanked(
    ranking.map((r, i) => ({
      applicationId: r.applicationId,
      rank: r.rank,
      status: applications[i]?.status ?? "",
      agreementSigned: Boolean(
        applications[i]?.agreement.enterpriseSignedAt && applications[i]?.agreement.solverSignedAt,
      ),
    })),
  );
  const application = applications.find((a) => a.id === candidate?.applicationId);
  if (!candidate || !application) throw noCandidate();
  const programme = await loadProgramme(deps, project.programmeId);
  const tranches = await listAll(deps.records, tranchesOfProject(project.id));
  const money = remainingGrantFen(
    project.grantFen,
    tranches,
    plannedGrantFen(programme.policy, challenge, application),
  );
  assertRemainingMoney(money.grantFen);
  return { challenge, round, application, rank: candidate.rank, ...money };
}

const orgRef = (application: ApplicationRecord, organisationId: string) => ({
  organisationId,
  name: application.organisationNames?.[organisationId] ?? organisationId,
});

/**
 * The replacement's public notice (递补公示): the new winner by registered name, the replaced solvers, the policy's
 * working days from today (as the award's notice, award/notices.ts publishNoticeTask). Its id derives from the new
 * project, so a retried decision writes it once.
 */
async function replacementNotice(
  deps: ProjectDeps,
  project: ProjectRecord,
  plan: Awaited<ReturnType<typeof replacementPlan>>,
  at: string,
): Promise<NoticeRecord> {
  const a = plan.application;
  const organisationIds = [a.leadOrganisationId, ...a.memberOrganisationIds];
  const registered = await registeredNames(deps.records, organisationIds);
  const programme = await loadProgramme(deps, project.programmeId);
  const period = (await workingDayCalendar(deps.records)).noticePeriod(
    Date.parse(at),
    programme.policy.noticeWorkingDays,
  );
  const successorId = derivedId("prj", a.id);
  return {
    id: derivedId("ntc", plan.challenge.id, plan.round.round, "replacement", successorId),
    version: 1,
    challengeId: plan.challenge.id,
    programmeId: project.programmeId,
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
      replacedProjectId: project.id,
      replacedOrganisationNames: [project.solverLead.name, ...project.solverMembers.map((m) => m.name)],
    },
    objections: [],
    createdAt: at,
    updatedAt: at,
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
  await replacementPlan(deps, first.project);
  const { recoveryId, settlement } = await endForPerformance(deps, actor, projectId, seq, {
    ...input,
    decision: "replace",
  });
  return retryOnConflict(async () => {
    const { project, current, evaluation } = await scoredEvaluation(deps, actor, projectId, seq, "replace");
    const plan = await replacementPlan(deps, project);
    const at = nowIso(deps);
    const a = plan.application;
    const enterpriseId = project.enterprise.organisationId;
    const notice = await replacementNotice(deps, project, plan, at);
    const successor: ProjectRecord = {
      id: derivedId("prj", a.id),
      version: 1,
      programmeId: project.programmeId,
      challengeId: project.challengeId,
      ...(project.title ? { title: project.title } : {}),
      applicationId: a.id,
      enterprise: { organisationId: enterpriseId, name: project.enterprise.name },
      enterpriseOrganisationIds: project.enterpriseOrganisationIds,
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
    const replacement = {
      applicationId: a.id,
      rank: plan.rank,
      projectId: successor.id,
      grantFen: plan.grantFen,
      paidToReplacedFen: plan.paidToReplacedFen,
    };
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
        replacement,
      },
    };
    const note = { actor: actor.userId, role: "bureau" };
    const successorPerformance = await performanceOf(deps, successor, at);
    const writes: RecordWrite[] = [
      created(noticeKind, notice, {
        ...note,
        action: "notice.replacement-published",
        detail: {
          projectId: successor.id,
          replaced: project.id,
          lastDay: notice.lastDay,
          solverName: notice.winners[0]?.organisationNames[0] ?? a.leadOrganisationId,
          replacedName: project.solverLead.name,
        },
      }),
      created(projectKind, successor, {
        ...note,
        action: "project.created",
        detail: { grantFen: successor.grantFen, replaces: project.id },
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
        detail: { replaces: project.applicationId, projectId: successor.id },
      }),
      updated(
        roundKind,
        plan.round,
        bump(plan.round, at, { projectIds: [...(plan.round.projectIds ?? []), successor.id] }),
        { ...note, action: "award.replacement", detail: { replaced: project.id, by: successor.id } },
      ),
      created(
        performanceKind,
        { ...successorPerformance.record, replaces: project.id },
        { ...note, action: "performance.replaces", detail: { replaced: project.id } },
      ),
    ];
    return savePerformance(
      deps,
      current,
      {
        evaluations: current.record.evaluations.map((e) => (e.seq === seq ? decided : e)),
        replacedBy: successor.id,
      },
      { ...note, action: "performance.replaced", detail: { seq, ...replacement } },
      at,
      writes,
    );
  });
}
