// Use cases of the award (遴选 → 立项, section R): the enterprise's shortlist and horse race (赛马制), the bureau's and
// the approver's confirmations (either may send it back), the programme budget check, and the award that creates the
// project records. The workflow's task states call the `*Task` functions.

import { type ApplicationRecord, applicationKind } from "../applications/model.ts";
import { type ChallengeRecord, challengeKind } from "../challenges/model.ts";
import type { Actor } from "../kernel/actor.ts";
import { businessRuleError, conflictError } from "../kernel/errors.ts";
import { formatYuan } from "../kernel/money.ts";
import { authorizeRecord } from "../kernel/record-access.ts";
import { nowIso } from "../platform/ports/clock.ts";
import { bump, listAll, retryOnConflict, writeInBatches } from "../platform/ports/record-helpers.ts";
import { created, type RecordWrite, updated, workflowAudit } from "../platform/ports/records.ts";
import type { ProgrammeRecord } from "../programmes/model.ts";
import { planGrant } from "../programmes/rules/grant.ts";
import type { FundingPolicy } from "../programmes/rules/policy.ts";
import { type ProjectRecord, projectKind, projectsOfProgramme } from "../projects/model.ts";
import {
  type AwardDeps,
  loadApplication,
  loadChallenge,
  loadProgramme,
  loadRound,
  workflowNotReady,
} from "../review/common.ts";
import {
  derivedId,
  type ReviewRoundRecord,
  type RoundDecision,
  type RoundDecisionKind,
  roundKind,
} from "../review/model.ts";
import { type NoticeRecord, noticeKind } from "./model.ts";
import { assertHorseRace } from "./rules/horse-race.ts";

// ---- money ---------------------------------------------------------------------------------------------------

/** The grant a winner would get: planGrant under the programme's policy, and never above the challenge's cap. */
export function plannedGrantFen(
  policy: FundingPolicy,
  challenge: Pick<ChallengeRecord, "fundingCapFen">,
  application: Pick<ApplicationRecord, "rdInvestmentFen" | "requestedFen">,
): number {
  const plan = planGrant(policy, {
    rdInvestmentFen: application.rdInvestmentFen,
    requestedFen: application.requestedFen,
  });
  return Math.min(plan.grantFen, challenge.fundingCapFen);
}

/** The programme's budget minus the grants of the projects already awarded in it. */
export async function budgetLeftFen(deps: Pick<AwardDeps, "records">, programme: ProgrammeRecord) {
  const projects = await listAll(deps.records, projectsOfProgramme(programme.id));
  return programme.budgetFen - projects.reduce((sum, p) => sum + p.grantFen, 0);
}

async function budgetProblem(
  deps: AwardDeps,
  programme: ProgrammeRecord,
  challenge: ChallengeRecord,
  winners: readonly ApplicationRecord[],
): Promise<{ neededFen: number; leftFen: number } | undefined> {
  const neededFen = winners.reduce((sum, a) => sum + plannedGrantFen(programme.policy, challenge, a), 0);
  const leftFen = await budgetLeftFen(deps, programme);
  return neededFen > leftFen ? { neededFen, leftFen } : undefined;
}

const budgetError = (p: { neededFen: number; leftFen: number }) =>
  businessRuleError(
    "PROGRAMME_BUDGET_EXCEEDED",
    `The winners' grants (${formatYuan(p.neededFen)} CNY) exceed what is left of the programme budget (${formatYuan(p.leftFen)} CNY)`,
    `拟支持金额 ${formatYuan(p.neededFen)} 元超过本批次剩余预算 ${formatYuan(p.leftFen)} 元`,
    [{ path: "body.winners", message: "over the programme budget", messageZh: "超出批次预算" }],
  );

// ---- reading -------------------------------------------------------------------------------------------------

/** The award's record rules (functions/kernel/record-access.ts) read the challenge's enterprises. */
function authorizeAward(actor: Actor, action: "read" | "shortlist", challenge: ChallengeRecord) {
  return authorizeRecord(actor, "award", action, {
    enterpriseOrganisationIds: challenge.enterpriseOrganisationIds,
  });
}

async function currentRound(deps: AwardDeps, challenge: ChallengeRecord): Promise<ReviewRoundRecord> {
  const round = await deps.records.get(roundKind, `rnd-${challenge.id}-r${challenge.round}`);
  if (!round) {
    throw conflictError(
      "REVIEW_NOT_STARTED",
      `The review of challenge ${challenge.id} round ${challenge.round} has not started`,
      `榜单 ${challenge.id} 第 ${challenge.round} 轮评审尚未开始`,
    );
  }
  return round;
}

/** The award state of a challenge's current round, for its enterprise, the bureau, the approver and auditors. */
export async function readAward(deps: AwardDeps, actor: Actor, challengeId: string) {
  const challenge = await loadChallenge(deps, challengeId);
  // Staff (granted any award) also see which expert holds each panel seat; the enterprise does not.
  const privileged = authorizeAward(actor, "read", challenge)?.relation === "any";
  const round = await currentRound(deps, challenge);
  const applications = await Promise.all(
    (round.ranking ?? []).map((r) => loadApplication(deps, r.applicationId)),
  );
  return {
    challengeId: challenge.id,
    round: round.round,
    challengeStatus: challenge.status,
    status: round.status,
    panel: round.assignments.map((a) => ({
      assignmentId: a.assignmentId,
      expertise: a.expertise,
      status: a.status,
      ...(privileged ? { expertId: a.expertId } : {}),
    })),
    ranking: (round.ranking ?? []).map((r, i) => ({
      applicationId: r.applicationId,
      leadOrganisationId: applications[i]?.leadOrganisationId,
      memberOrganisationIds: applications[i]?.memberOrganisationIds,
      status: applications[i]?.status,
      rank: r.rank,
      scoreBp: r.scoreBp,
    })),
    ...(round.shortlist ? { shortlist: round.shortlist } : {}),
    ...(round.pendingTask
      ? { waitingFor: { kind: round.pendingTask.kind, since: round.pendingTask.since } }
      : {}),
    ...(round.sentBack ? { sentBack: round.sentBack } : {}),
    ...(round.overdue ? { overdue: round.overdue } : {}),
    decisions: round.decisions,
    noticeIds: round.noticeIds,
    projectIds: round.projectIds ?? [],
    version: round.version,
  };
}

// ---- human decisions (callbacks) -----------------------------------------------------------------------------

/**
 * Records a decision on the round and completes the workflow's parked task. The same decision repeated while it is
 * being applied is harmless (the callback is completed again); a different one, or one the workflow is not waiting
 * for (stale or already applied), is a 409.
 */
async function decide(
  deps: AwardDeps,
  round: ReviewRoundRecord,
  decision: RoundDecision,
  same: (pending: RoundDecision) => boolean,
  actorRole: string,
): Promise<ReviewRoundRecord> {
  const recorded = await retryOnConflict(async () => {
    const current = await loadRound(deps, round.challengeId, round.round);
    if (current.pendingDecision) {
      if (current.pendingDecision.kind === decision.kind && same(current.pendingDecision)) return current;
      throw conflictError(
        "DECISION_ALREADY_MADE",
        "A decision at this step is already being applied",
        "该环节已有决定正在处理",
      );
    }
    if (current.pendingTask?.kind !== decision.kind) throw workflowNotReady();
    const at = nowIso(deps);
    const next = bump(current, at, { pendingDecision: decision });
    await deps.records.write(
      [
        updated(roundKind, current, next, {
          actor: decision.by,
          role: actorRole,
          action: `award.${decision.kind}-decided`,
          detail: { ...decision },
        }),
      ],
      at,
    );
    return next;
  });
  if (recorded.pendingTask?.kind === decision.kind) {
    await deps.workflows.completeTask(recorded.pendingTask.token, { kind: decision.kind });
  }
  return recorded;
}

/** The enterprise decides whether to race (赛马) and how many winners; the budget is checked at once. */
export async function decideShortlist(
  deps: AwardDeps,
  actor: Actor,
  challengeId: string,
  input: { race: boolean; winners: number },
): Promise<ReviewRoundRecord> {
  const challenge = await loadChallenge(deps, challengeId);
  authorizeAward(actor, "shortlist", challenge);
  const round = await currentRound(deps, challenge);
  if (round.pendingTask?.kind !== "shortlist" && !round.pendingDecision) throw workflowNotReady();
  const programme = await loadProgramme(deps, challenge.programmeId);
  if (!input.race && input.winners !== 1) {
    throw businessRuleError(
      "ONE_WINNER_WITHOUT_RACE",
      "Without a horse race there is one winner",
      "不赛马时只能有一个揭榜成功方",
      [{ path: "body.winners", message: "must be 1 without a race", messageZh: "不赛马时应为 1" }],
    );
  }
  if (input.race) {
    if (!challenge.horseRace.allowed) {
      throw businessRuleError(
        "HORSE_RACE_NOT_ALLOWED",
        "This challenge was published without a horse race",
        "该榜单发布时未设赛马",
        [{ path: "body.race", message: "not allowed for this challenge", messageZh: "该榜单不允许赛马" }],
      );
    }
    if (input.winners < 2) {
      throw businessRuleError(
        "RACE_NEEDS_TWO",
        "A horse race funds at least 2 winners",
        "赛马至少支持 2 个揭榜方",
        [{ path: "body.winners", message: "at least 2 in a race", messageZh: "赛马时至少为 2" }],
      );
    }
    assertHorseRace(input.winners, challenge.horseRace.maxWinners, programme.policy);
  }
  const ranking = round.ranking ?? [];
  if (input.winners > ranking.length) {
    throw businessRuleError(
      "NOT_ENOUGH_APPLICATIONS",
      `Only ${ranking.length} applications were ranked`,
      `仅有 ${ranking.length} 个申请参与排名`,
      [{ path: "body.winners", message: `at most ${ranking.length}`, messageZh: `最多 ${ranking.length}` }],
    );
  }
  const winners = await Promise.all(
    ranking.slice(0, input.winners).map((r) => loadApplication(deps, r.applicationId)),
  );
  const problem = await budgetProblem(deps, programme, challenge, winners);
  if (problem) throw budgetError(problem);
  const decision: RoundDecision = {
    kind: "shortlist",
    race: input.race,
    winners: input.winners,
    by: actor.userId,
    at: nowIso(deps),
  };
  return decide(
    deps,
    round,
    decision,
    (p) => p.kind === "shortlist" && p.race === input.race && p.winners === input.winners,
    "enterprise",
  );
}

/** The bureau, then the approver, confirm the shortlist or send it back to the enterprise. */
export async function decideConfirmation(
  deps: AwardDeps,
  actor: Actor,
  challengeId: string,
  input: { decision: "confirm" | "send-back"; comment?: string | undefined },
): Promise<ReviewRoundRecord> {
  const challenge = await loadChallenge(deps, challengeId);
  const round = await currentRound(deps, challenge);
  const waiting = round.pendingDecision?.kind ?? round.pendingTask?.kind;
  const kind: RoundDecisionKind | undefined =
    waiting === "bureau-confirmation" && actor.roles.includes("bureau")
      ? "bureau-confirmation"
      : waiting === "approver-confirmation" && actor.roles.includes("approver")
        ? "approver-confirmation"
        : undefined;
  if (!kind) throw workflowNotReady();
  if (input.decision === "send-back" && !input.comment) {
    throw businessRuleError("COMMENT_REQUIRED", "Say why it goes back", "退回时须说明理由", [
      { path: "body.comment", message: "required when sending back", messageZh: "退回时必填" },
    ]);
  }
  const decision: RoundDecision = {
    kind,
    decision: input.decision,
    ...(input.comment ? { comment: input.comment } : {}),
    by: actor.userId,
    at: nowIso(deps),
  };
  return decide(
    deps,
    round,
    decision,
    (p) => p.kind === kind && p.decision === input.decision && p.comment === input.comment,
    kind === "bureau-confirmation" ? "bureau" : "approver",
  );
}

// ---- workflow tasks ------------------------------------------------------------------------------------------

/** Applies the enterprise's shortlist: the top N ranked applications are shortlisted (budget re-checked). */
export async function applyShortlistTask(
  deps: AwardDeps,
  input: { challengeId: string; round: number },
): Promise<{ outcome: "applied" | "budget-exceeded" }> {
  return retryOnConflict(async () => {
    const round = await loadRound(deps, input.challengeId, input.round);
    const decision = round.pendingDecision;
    if (decision?.kind !== "shortlist") {
      if (round.shortlist) return { outcome: "applied" };
      if (round.sentBack?.by === "workflow") return { outcome: "budget-exceeded" };
      throw workflowNotReady();
    }
    const challenge = await loadChallenge(deps, input.challengeId);
    const programme = await loadProgramme(deps, challenge.programmeId);
    const winners = await Promise.all(
      (round.ranking ?? []).slice(0, decision.winners).map((r) => loadApplication(deps, r.applicationId)),
    );
    const at = nowIso(deps);
    const problem = await budgetProblem(deps, programme, challenge, winners);
    if (problem) {
      await deps.records.write(
        [
          updated(
            roundKind,
            round,
            bump(round, at, {
              pendingDecision: undefined,
              pendingTask: undefined,
              decisions: [...round.decisions, decision],
              sentBack: { by: "workflow", reason: budgetError(problem).message, at },
            }),
            workflowAudit("award.over-budget", { ...problem }),
          ),
        ],
        at,
      );
      return { outcome: "budget-exceeded" };
    }
    await deps.records.write(
      [
        updated(
          roundKind,
          round,
          bump(round, at, {
            pendingDecision: undefined,
            pendingTask: undefined,
            sentBack: undefined,
            decisions: [...round.decisions, decision],
            shortlist: { race: decision.race, winners: decision.winners },
          }),
          workflowAudit("award.shortlisted", { race: decision.race, winners: decision.winners }),
        ),
        ...winners
          .filter((a) => a.status === "ranked")
          .map((a) =>
            updated(
              applicationKind,
              a,
              bump(a, at, { status: "shortlisted" }),
              workflowAudit("application.shortlisted", { rank: a.rank }),
            ),
          ),
      ],
      at,
    );
    return { outcome: "applied" };
  });
}

/** Applies a confirmation: on a send-back the shortlisted applications return to `ranked`. */
export async function applyConfirmationTask(
  deps: AwardDeps,
  input: { challengeId: string; round: number; stage: "bureau" | "approver" },
): Promise<{ outcome: "confirmed" | "sent-back" }> {
  const kind = `${input.stage}-confirmation` as const;
  return retryOnConflict(async () => {
    const round = await loadRound(deps, input.challengeId, input.round);
    const decision = round.pendingDecision;
    if (decision?.kind !== kind) {
      const last = [...round.decisions].reverse().find((d) => d.kind === kind);
      if (last && last.kind !== "shortlist") {
        return { outcome: last.decision === "confirm" ? "confirmed" : "sent-back" };
      }
      throw workflowNotReady();
    }
    const at = nowIso(deps);
    if (decision.decision === "confirm") {
      await deps.records.write(
        [
          updated(
            roundKind,
            round,
            bump(round, at, {
              pendingDecision: undefined,
              pendingTask: undefined,
              decisions: [...round.decisions, decision],
            }),
            workflowAudit(`award.${kind}-confirmed`, { by: decision.by }),
          ),
        ],
        at,
      );
      return { outcome: "confirmed" };
    }
    const shortlisted = (
      await Promise.all((round.ranking ?? []).map((r) => loadApplication(deps, r.applicationId)))
    ).filter((a) => a.status === "shortlisted");
    await deps.records.write(
      [
        updated(
          roundKind,
          round,
          bump(round, at, {
            pendingDecision: undefined,
            pendingTask: undefined,
            shortlist: undefined,
            decisions: [...round.decisions, decision],
            sentBack: { by: decision.by, reason: decision.comment ?? "", at },
          }),
          workflowAudit(`award.${kind}-sent-back`, { by: decision.by }),
        ),
        ...shortlisted.map((a) =>
          updated(
            applicationKind,
            a,
            bump(a, at, { status: "ranked" }),
            workflowAudit("application.shortlist-sent-back"),
          ),
        ),
      ],
      at,
    );
    return { outcome: "sent-back" };
  });
}

const sweepable = new Set(["under-review", "ranked", "shortlisted"]);

/** Applications of the round that did not win become `not-selected` (batches; idempotent by status). */
async function sweepNotSelected(deps: AwardDeps, round: ReviewRoundRecord, at: string): Promise<void> {
  const applications = await Promise.all(
    (round.ranking ?? []).map((r) => loadApplication(deps, r.applicationId)),
  );
  await writeInBatches(
    deps.records,
    applications
      .filter((a) => sweepable.has(a.status))
      .map((a) =>
        updated(
          applicationKind,
          a,
          bump(a, at, { status: "not-selected" }),
          workflowAudit("application.not-selected"),
        ),
      ),
    at,
  );
}

const orgRef = (application: ApplicationRecord, organisationId: string) => ({
  organisationId,
  name: application.organisationNames?.[organisationId] ?? organisationId,
});

/**
 * The notice ended with no open objection: the challenge is awarded, each winner awarded with its project record
 * (awaiting the task book), the notice made final, all in one transaction; then the others are not selected.
 */
export async function awardTask(
  deps: AwardDeps,
  input: { challengeId: string; round: number; noticeId: string },
): Promise<{ projects: number }> {
  return retryOnConflict(async () => {
    const round = await loadRound(deps, input.challengeId, input.round);
    const at = nowIso(deps);
    if (round.status === "awarded") {
      await sweepNotSelected(deps, round, at);
      return { projects: round.projectIds?.length ?? 0 };
    }
    const challenge = await loadChallenge(deps, input.challengeId);
    const programme = await loadProgramme(deps, challenge.programmeId);
    const notice = await deps.records.get(noticeKind, input.noticeId);
    if (!notice) throw workflowNotReady();
    const winners = await Promise.all(notice.winners.map((w) => loadApplication(deps, w.applicationId)));
    const enterpriseId = challenge.enterpriseOrganisationIds[0] ?? "";
    const projects: ProjectRecord[] = winners.map((a) => ({
      id: derivedId("prj", a.id),
      version: 1,
      programmeId: challenge.programmeId,
      challengeId: challenge.id,
      applicationId: a.id,
      enterprise: { organisationId: enterpriseId, name: a.organisationNames?.[enterpriseId] ?? enterpriseId },
      enterpriseOrganisationIds: challenge.enterpriseOrganisationIds,
      solverLead: orgRef(a, a.leadOrganisationId),
      solverMembers: a.memberOrganisationIds.map((m) => orgRef(a, m)),
      chiefEngineerId: a.chiefEngineerId,
      rdInvestmentFen: a.rdInvestmentFen,
      grantFen: plannedGrantFen(programme.policy, challenge, a),
      status: "awaiting-task-book",
      noticeId: notice.id,
      awardedAt: at,
      createdAt: at,
      updatedAt: at,
    }));
    const writes: RecordWrite[] = [
      updated(
        challengeKind,
        challenge,
        bump(challenge, at, { status: "awarded" }),
        workflowAudit("challenge.awarded", { winners: winners.map((w) => w.id) }),
      ),
      ...winners.map((a) =>
        updated(applicationKind, a, bump(a, at, { status: "awarded" }), workflowAudit("application.awarded")),
      ),
      ...projects.map((p) =>
        created(projectKind, p, workflowAudit("project.created", { grantFen: p.grantFen })),
      ),
      updated(
        noticeKind,
        notice,
        bump<NoticeRecord>(notice, at, { status: "final" }),
        workflowAudit("notice.final"),
      ),
      updated(
        roundKind,
        round,
        bump(round, at, { status: "awarded", projectIds: projects.map((p) => p.id), pendingTask: undefined }),
        workflowAudit("award.announced", { projects: projects.map((p) => p.id) }),
      ),
    ];
    await deps.records.write(writes, at);
    await sweepNotSelected(deps, { ...round, status: "awarded" }, at);
    return { projects: projects.length };
  });
}

/** Every winner was removed and nobody is left to offer (递补): the challenge is unsolved (流榜). */
export async function markUnsolvedTask(
  deps: AwardDeps,
  input: { challengeId: string; round: number },
): Promise<{ unsolved: true }> {
  return retryOnConflict(async () => {
    const round = await loadRound(deps, input.challengeId, input.round);
    const at = nowIso(deps);
    if (round.status !== "unsolved") {
      const challenge = await loadChallenge(deps, input.challengeId);
      await deps.records.write(
        [
          updated(
            challengeKind,
            challenge,
            bump(challenge, at, { status: "unsolved" }),
            workflowAudit("challenge.unsolved", { round: input.round, reason: "no winner left" }),
          ),
          updated(
            roundKind,
            round,
            bump(round, at, { status: "unsolved", pendingTask: undefined }),
            workflowAudit("award.unsolved"),
          ),
        ],
        at,
      );
    }
    await sweepNotSelected(deps, round, at);
    return { unsolved: true };
  });
}
