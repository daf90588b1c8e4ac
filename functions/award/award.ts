// Use cases of the award (遴选 → 立项, 《太原市实施“双百攻关行动”工作方案》四（五）（六）): the enterprise's shortlist and horse race (赛马制), the
// bureau's and the approver's confirmations (either may send it back), the programme budget check, and the award that
// creates the project records. The workflow's task states call the `*Task` functions.

import type { ApplicationRecord } from "../applications/model.ts";
import type { ChallengeRecord } from "../challenges/model.ts";
import { type Actor, actorName } from "../kernel/actor.ts";
import { businessRuleError, conflictError } from "../kernel/errors.ts";
import { formatYuan } from "../kernel/money.ts";
import { authorizeRecord } from "../kernel/record-access.ts";
import { assertOverlapSettled } from "../overlap/checks.ts";
import { nowIso } from "../platform/ports/clock.ts";
import { bump, listAll, retryOnConflict } from "../platform/ports/record-helpers.ts";
import { updated } from "../platform/ports/records.ts";
import type { ProgrammeRecord } from "../programmes/model.ts";
import { budgetHeldFen } from "../programmes/rules/budget.ts";
import { planGrant } from "../programmes/rules/grant.ts";
import type { FundingPolicy } from "../programmes/rules/policy.ts";
import { projectsOfProgramme } from "../projects/model.ts";
import { tranchesOfProject } from "../projects/tranche-model.ts";
import {
  type AwardDeps,
  loadApplication,
  loadChallenge,
  loadProgramme,
  loadRound,
  workflowNotReady,
} from "../review/common.ts";
import {
  type ReviewRoundRecord,
  type RoundDecision,
  type RoundDecisionKind,
  roundKind,
} from "../review/model.ts";
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

/**
 * The programme's budget minus what its projects hold of it (budgetHeldFen: a grant until the task book, then the
 * tranches not cancelled — a project ended early and replaced is not counted twice).
 */
export async function budgetLeftFen(deps: Pick<AwardDeps, "records">, programme: ProgrammeRecord) {
  const projects = await listAll(deps.records, projectsOfProgramme(programme.id));
  let heldFen = 0;
  for (const p of projects)
    heldFen += budgetHeldFen({
      grantFen: p.grantFen,
      tranches: await listAll(deps.records, tranchesOfProject(p.id)),
    });
  return programme.budgetFen - heldFen;
}

export async function budgetProblem(
  deps: AwardDeps,
  programme: ProgrammeRecord,
  challenge: ChallengeRecord,
  winners: readonly ApplicationRecord[],
): Promise<{ neededFen: number; leftFen: number } | undefined> {
  const neededFen = winners.reduce((sum, a) => sum + plannedGrantFen(programme.policy, challenge, a), 0);
  const leftFen = await budgetLeftFen(deps, programme);
  return neededFen > leftFen ? { neededFen, leftFen } : undefined;
}

export const budgetError = (p: { neededFen: number; leftFen: number }) =>
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

/** The applicants' names by organisation id, when the application gave them. */
const named = (a: { readonly organisationNames?: Readonly<Record<string, string>> } | undefined) =>
  a?.organisationNames ? { organisationNames: a.organisationNames } : {};

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
      ...named(applications[i]),
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
    ...(round.noticeExtended ? { noticeExtended: round.noticeExtended } : {}),
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
    byName: actorName(actor),
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
  if (kind === "bureau-confirmation" && input.decision === "confirm") {
    // 就高不重复 (《太原市…行动方案》六（一）): the winners' overlap checks run; an undecided finding stops the confirmation.
    const winners = (round.ranking ?? []).slice(0, round.shortlist?.winners ?? 0).map((r) => r.applicationId);
    await assertOverlapSettled(deps, actor, winners, "award");
  }
  const decision: RoundDecision = {
    kind,
    decision: input.decision,
    ...(input.comment ? { comment: input.comment } : {}),
    by: actor.userId,
    byName: actorName(actor),
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

// ---- an extended notice re-announced -------------------------------------------------------------------------

/**
 * The bureau confirms it re-announced, on its own channels, the corrected end of a notice extended when the State
 * Council's arrangement was loaded (award/notice-calendar.ts; 《太原市实施“双百攻关行动”工作方案》四（五）: 公示 5 个工作日).
 * Recorded on the round with its audit event; it ends the bureau's to-do (待办). Confirming again changes nothing.
 */
export async function confirmNoticeReannounced(
  deps: AwardDeps,
  actor: Actor,
  challengeId: string,
  input: { note?: string | undefined },
): Promise<ReviewRoundRecord> {
  const challenge = await loadChallenge(deps, challengeId);
  authorizeRecord(actor, "award", "reannounce", {
    enterpriseOrganisationIds: challenge.enterpriseOrganisationIds,
  });
  return retryOnConflict(async () => {
    const round = await currentRound(deps, challenge);
    const extended = round.noticeExtended;
    if (!extended) {
      throw conflictError(
        "NOTICE_NOT_EXTENDED",
        "No notice of this challenge's round was extended by the official calendar: nothing to re-announce",
        "本榜单本轮公示未因正式节假日安排顺延，无需重新公告",
      );
    }
    if (extended.reannounced) return round;
    const at = nowIso(deps);
    const reannounced = {
      by: actor.userId,
      byName: actorName(actor),
      at,
      ...(input.note ? { note: input.note } : {}),
    };
    const next = bump(round, at, { noticeExtended: { ...extended, reannounced } });
    await deps.records.write(
      [
        updated(roundKind, round, next, {
          actor: actor.userId,
          role: "bureau",
          action: "award.notice-reannounced",
          detail: {
            noticeId: extended.noticeId,
            previousLastDay: extended.previousLastDay,
            lastDay: extended.lastDay,
            ...(input.note ? { note: input.note } : {}),
          },
        }),
      ],
      at,
    );
    return next;
  });
}
