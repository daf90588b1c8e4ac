// Use cases of scoring (评分): an expert scores their assignment once; experts and staff read reviews.

import type { ApplicationRecord } from "../applications/model.ts";
import type { Actor } from "../kernel/actor.ts";
import { businessRuleError, conflictError } from "../kernel/errors.ts";
import { authorizeRecord } from "../kernel/record-access.ts";
import { nowIso } from "../platform/ports/clock.ts";
import { bump, listAll, retryOnConflict } from "../platform/ports/record-helpers.ts";
import { updated } from "../platform/ports/records.ts";
import {
  type AwardDeps,
  isOverseer,
  loadApplication,
  loadAssignment,
  loadChallenge,
  loadRound,
  workflowNotReady,
} from "./common.ts";
import {
  type ApplicationScore,
  assignmentKind,
  assignmentsOfChallenge,
  assignmentsOfExpert,
  type Expertise,
  type ReviewAssignmentRecord,
  roundKind,
} from "./model.ts";
import { allScored } from "./panels.ts";
import { assertScoresComplete, rubric, type ScoreInput } from "./rules/scoring.ts";
import type { AssignmentView } from "./views.ts";

/** The record rule of review assignments (functions/kernel/record-access.ts): the assigned expert, staff as declared. */
export function authorizeAssignment(
  actor: Actor,
  action: "read" | "score" | "conflict",
  assignment: ReviewAssignmentRecord,
): void {
  authorizeRecord(actor, "review-assignment", action, { assignedUserIds: [assignment.expertId] });
}

/** An expert scores their assignment, once; the last score of the panel completes the workflow's wait. */
export async function scoreAssignment(
  deps: AwardDeps,
  actor: Actor,
  assignmentId: string,
  scores: readonly ScoreInput[],
): Promise<ReviewAssignmentRecord> {
  const first = await loadAssignment(deps, assignmentId);
  authorizeAssignment(actor, "score", first);
  const { assignment, round } = await retryOnConflict(async () => {
    const assignment = await loadAssignment(deps, assignmentId);
    if (assignment.status !== "assigned") {
      throw conflictError(
        assignment.status === "scored" ? "ALREADY_SCORED" : "ASSIGNMENT_WITHDRAWN",
        `This assignment is ${assignment.status}; scores are given once`,
        assignment.status === "scored" ? "已评分，不能重复评分" : "该评审任务已撤回",
      );
    }
    assertScoresComplete(assignment, scores);
    const round = await loadRound(deps, assignment.challengeId, assignment.round);
    if (round.status !== "reviewing") throw workflowNotReady();
    const at = nowIso(deps);
    const stored: ApplicationScore[] = scores.map((s) => ({
      applicationId: s.applicationId,
      points: {
        technical: s.technical,
        team: s.team,
        metrics: s.metrics,
        ...(s.budget !== undefined ? { budget: s.budget } : {}),
      },
      ...(s.comment ? { comment: s.comment } : {}),
    }));
    const nextAssignment = bump(assignment, at, { status: "scored", scores: stored, scoredAt: at });
    const nextRound = bump(round, at, {
      assignments: round.assignments.map((a) =>
        a.assignmentId === assignment.id ? { ...a, status: "scored" as const } : a,
      ),
    });
    const audit = { actor: actor.userId, role: "expert", action: "review.scored" };
    await deps.records.write(
      [
        updated(assignmentKind, assignment, nextAssignment, audit),
        updated(roundKind, round, nextRound, audit),
      ],
      at,
    );
    return { assignment: nextAssignment, round: nextRound };
  });
  if (allScored(round) && round.pendingTask?.kind === "scores") {
    await deps.workflows.completeTask(round.pendingTask.token, { allScored: true });
  }
  return assignment;
}

// ---- reading reviews -----------------------------------------------------------------------------------------

export function assignmentView(a: ReviewAssignmentRecord): AssignmentView {
  return {
    id: a.id,
    challengeId: a.challengeId,
    round: a.round,
    expertId: a.expertId,
    expertise: a.expertise,
    applicationIds: a.applicationIds,
    status: a.status,
    ...(a.scores ? { scores: a.scores } : {}),
    ...(a.scoredAt ? { scoredAt: a.scoredAt } : {}),
    ...(a.withdrawn ? { withdrawn: a.withdrawn } : {}),
    ...(a.replaces ? { replaces: a.replaces } : {}),
    ...(a.replacedBy ? { replacedBy: a.replacedBy } : {}),
    ...(a.remindedAt ? { remindedAt: a.remindedAt } : {}),
    createdAt: a.createdAt,
    version: a.version,
  };
}

/** What a reviewing expert reads of an application: the plan and the numbers, not birth dates or signatures. */
function reviewApplicationView(a: ApplicationRecord) {
  return {
    id: a.id,
    leadOrganisationId: a.leadOrganisationId,
    memberOrganisationIds: a.memberOrganisationIds,
    ...(a.organisationNames ? { organisationNames: a.organisationNames } : {}),
    team: a.team.map((m) => ({
      name: m.name,
      organisationId: m.organisationId,
      role: m.role,
      isLead: m.isLead,
      isKey: m.isKey,
    })),
    chiefEngineerId: a.chiefEngineerId,
    technicalPlan: a.technicalPlan,
    budget: a.budget,
    rdInvestmentFen: a.rdInvestmentFen,
    requestedFen: a.requestedFen,
    periodMonths: a.periodMonths,
    milestones: a.milestones,
    submittedAt: a.submittedAt,
  };
}

/** An expert's own assignments; the bureau, admin and auditor read a challenge's. */
export async function listReviews(
  deps: AwardDeps,
  actor: Actor,
  query: { challengeId?: string | undefined },
): Promise<ReviewAssignmentRecord[]> {
  if (isOverseer(actor)) {
    if (!query.challengeId) {
      throw businessRuleError("CHALLENGE_REQUIRED", "Say which challenge", "请指定榜单", [
        { path: "query.challengeId", message: "required for the bureau", messageZh: "必填" },
      ]);
    }
    return listAll(deps.records, assignmentsOfChallenge(query.challengeId));
  }
  const mine = await listAll(deps.records, assignmentsOfExpert(actor.userId));
  return query.challengeId ? mine.filter((a) => a.challengeId === query.challengeId) : mine;
}

/** Assignments as listed: each with its challenge's title (one read per challenge). */
export async function withChallengeTitles(
  deps: AwardDeps,
  assignments: readonly ReviewAssignmentRecord[],
): Promise<(AssignmentView & { challengeTitle: string })[]> {
  const ids = [...new Set(assignments.map((a) => a.challengeId))];
  const titles = new Map(
    await Promise.all(ids.map(async (id) => [id, (await loadChallenge(deps, id)).title] as const)),
  );
  return assignments.map((a) => ({ ...assignmentView(a), challengeTitle: titles.get(a.challengeId) ?? "" }));
}

/**
 * One assignment with its applications and the rubric. Other experts' scores appear only once this expert's own
 * are in (the bureau sees them all).
 */
export async function readReview(deps: AwardDeps, actor: Actor, assignmentId: string) {
  const assignment = await loadAssignment(deps, assignmentId);
  const overseer = isOverseer(actor);
  authorizeAssignment(actor, "read", assignment);
  const applications = await Promise.all(assignment.applicationIds.map((id) => loadApplication(deps, id)));
  const mayCompare = overseer || assignment.status === "scored";
  let otherScores: { expertise: Expertise; scores: readonly ApplicationScore[] }[] | undefined;
  if (mayCompare) {
    const round = await loadRound(deps, assignment.challengeId, assignment.round);
    const others = await Promise.all(
      round.assignments
        .filter((a) => a.assignmentId !== assignment.id && a.status === "scored")
        .map((a) => loadAssignment(deps, a.assignmentId)),
    );
    otherScores = others.map((o) => ({ expertise: o.expertise, scores: o.scores ?? [] }));
  }
  const challenge = await loadChallenge(deps, assignment.challengeId);
  return {
    challengeTitle: challenge.title,
    assignment: assignmentView(assignment),
    rubric,
    applications:
      assignment.status === "withdrawn" && !overseer ? [] : applications.map(reviewApplicationView),
    ...(otherScores ? { otherScores } : { otherScoresHidden: true }),
  };
}
