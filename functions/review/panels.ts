// Use cases of review panels (专家评审 after the window closes): the review started with a panel per the rules, the
// round's callback token parked, reminders, escalation, late-found conflicts with reassignment, and ranking handed on.

import { applicationKind, applicationsOfChallenge } from "../applications/model.ts";
import { completeOverlapWaitIfSettled } from "../award/replacement-overlap.ts";
import { challengeKind } from "../challenges/model.ts";
import type { Actor } from "../kernel/actor.ts";
import { businessRuleError, conflictError } from "../kernel/errors.ts";
import { nowIso } from "../platform/ports/clock.ts";
import { bump, listAll, retryOnConflict, writeInBatches } from "../platform/ports/record-helpers.ts";
import { created, type RecordWrite, updated, workflowAudit } from "../platform/ports/records.ts";
import {
  type AwardDeps,
  applicationOrganisations,
  loadApplication,
  loadAssignment,
  loadChallenge,
  loadRound,
} from "./common.ts";
import {
  assignmentKind,
  derivedId,
  type ExpertRecord,
  expertKind,
  type ReviewAssignmentRecord,
  type ReviewRoundRecord,
  type RoundWaitKind,
  roundId,
  roundKind,
} from "./model.ts";
import { eligibleExperts } from "./pool.ts";
import { choosePanel, defaultPanelSize, leastLoaded } from "./rules/panel.ts";
import { rankScores } from "./rules/scoring.ts";
import { escalateFromOverdue } from "./rules/terms.ts";
import { authorizeAssignment } from "./scoring.ts";

function newAssignment(
  round: ReviewRoundRecord,
  expert: ExpertRecord,
  applicationIds: readonly string[],
  at: string,
  replaces?: string,
): ReviewAssignmentRecord {
  return {
    id: derivedId("asg", round.challengeId, round.round, expert.id),
    version: 1,
    roundId: round.id,
    challengeId: round.challengeId,
    programmeId: round.programmeId,
    round: round.round,
    expertId: expert.id,
    expertOrganisationId: expert.organisationId,
    expertise: expert.expertise,
    applicationIds,
    status: "assigned",
    ...(replaces ? { replaces } : {}),
    createdAt: at,
    updatedAt: at,
  };
}

const activeAssignments = (round: ReviewRoundRecord) =>
  round.assignments.filter((a) => a.status !== "withdrawn");

export const allScored = (round: ReviewRoundRecord) =>
  activeAssignments(round).length > 0 && activeAssignments(round).every((a) => a.status === "scored");

// ---- workflow: start the review (after close) ------------------------------------------------------------------

export type StartOutcome = "unsolved" | "reviewing" | "no-experts";

/**
 * After close: 流榜 when nobody submitted, else the panel is assigned (conflicts excluded) and every submitted
 * application goes under review. Idempotent: a retried task finds the round it made.
 */
export async function startReviewTask(
  deps: AwardDeps,
  input: { challengeId: string; round: number; executionArn: string },
): Promise<{ outcome: StartOutcome; assigned?: number }> {
  return retryOnConflict(async () => {
    const existing = await deps.records.get(roundKind, roundId(input.challengeId, input.round));
    if (existing) return { outcome: existing.status === "unsolved" ? "unsolved" : "reviewing" };
    const challenge = await loadChallenge(deps, input.challengeId);
    if (challenge.round !== input.round || challenge.status !== "closed") {
      throw conflictError(
        "CHALLENGE_NOT_CLOSED",
        `Challenge ${challenge.id} round ${challenge.round} is ${challenge.status}; review starts on a closed round ${input.round}`,
        `榜单 ${challenge.id} 第 ${challenge.round} 轮当前为 ${challenge.status}，不能开始第 ${input.round} 轮评审`,
      );
    }
    const at = nowIso(deps);
    const applications = (await listAll(deps.records, applicationsOfChallenge(challenge.id))).filter(
      (a) => a.status === "submitted" || a.status === "under-review",
    );
    const round: ReviewRoundRecord = {
      id: roundId(challenge.id, input.round),
      version: 1,
      challengeId: challenge.id,
      programmeId: challenge.programmeId,
      enterpriseOrganisationIds: challenge.enterpriseOrganisationIds,
      round: input.round,
      // Between 2 and 20 experts (one transaction holds the panel with the round and the challenge).
      panelSize: Math.min(20, Math.max(2, challenge.reviewPanelSize ?? defaultPanelSize)),
      status: "reviewing",
      assignments: [],
      decisions: [],
      noticeIds: [],
      executionArn: input.executionArn,
      createdAt: at,
      updatedAt: at,
    };
    const challengeWorkflow = { ...challenge.workflow, awardExecutionArn: input.executionArn };

    if (applications.length === 0) {
      // 流榜: nobody applied; the challenge can be republished (a new round).
      await deps.records.write(
        [
          created(roundKind, { ...round, status: "unsolved" }, workflowAudit("review.no-applications")),
          updated(
            challengeKind,
            challenge,
            bump(challenge, at, { status: "unsolved", workflow: challengeWorkflow }),
            workflowAudit("challenge.unsolved", { round: input.round }),
          ),
        ],
        at,
      );
      return { outcome: "unsolved" };
    }

    const parties = {
      enterpriseIds: challenge.enterpriseOrganisationIds,
      solverOrganisationIds: [...new Set(applications.flatMap(applicationOrganisations))],
    };
    const panel = choosePanel(await eligibleExperts(deps, parties, new Set()), round.panelSize);
    if (!panel) return { outcome: "no-experts" };

    const applicationIds = applications.map((a) => a.id);
    const assignments = panel.map((e) => newAssignment(round, e, applicationIds, at));
    const withPanel: ReviewRoundRecord = {
      ...round,
      assignments: assignments.map((a) => ({
        assignmentId: a.id,
        expertId: a.expertId,
        expertise: a.expertise,
        status: a.status,
      })),
    };
    // Applications first (batches, idempotent by status), then the round, its panel and the challenge at once.
    await writeInBatches(
      deps.records,
      applications
        .filter((a) => a.status === "submitted")
        .map((a) =>
          updated(
            applicationKind,
            a,
            bump(a, at, { status: "under-review" }),
            workflowAudit("application.under-review"),
          ),
        ),
      at,
    );
    await deps.records.write(
      [
        created(roundKind, withPanel, workflowAudit("review.started", { panel: panel.map((e) => e.id) })),
        ...assignments.map((a) =>
          created(assignmentKind, a, workflowAudit("review.assigned", { expertise: a.expertise })),
        ),
        updated(
          challengeKind,
          challenge,
          bump(challenge, at, { status: "reviewing", workflow: challengeWorkflow }),
          workflowAudit("challenge.reviewing", { round: input.round }),
        ),
      ],
      at,
    );
    return { outcome: "reviewing", assigned: assignments.length };
  });
}

/** Parks a callback token on the round; when every score is already in, completes it at once. */
export async function parkRoundTokenTask(
  deps: AwardDeps,
  input: { challengeId: string; round: number; kind: RoundWaitKind; token: string },
): Promise<{ parked: true }> {
  const round = await retryOnConflict(async () => {
    const current = await loadRound(deps, input.challengeId, input.round);
    if (current.pendingTask?.token === input.token) return current;
    const at = nowIso(deps);
    const next = bump(current, at, { pendingTask: { kind: input.kind, token: input.token, since: at } });
    await deps.records.write(
      [updated(roundKind, current, next, workflowAudit(`review.awaiting-${input.kind}`))],
      at,
    );
    return next;
  });
  if (input.kind === "scores" && allScored(round)) {
    await deps.workflows.completeTask(input.token, { allScored: true });
  }
  // The bureau may have decided the replacement winners' findings between the check and this park.
  if (input.kind === "overlap") await completeOverlapWaitIfSettled(deps, input.challengeId, input.round);
  return { parked: true };
}

/**
 * The scoring deadline passed: remind the experts who have not scored; from the `escalateFromOverdue`-th missed
 * deadline on (rules/terms.ts), escalate to the bureau.
 */
export async function remindReviewersTask(
  deps: AwardDeps,
  input: { challengeId: string; round: number },
): Promise<{ allScored: boolean; overdueCount: number }> {
  return retryOnConflict(async () => {
    const round = await loadRound(deps, input.challengeId, input.round);
    if (allScored(round) || round.status !== "reviewing") {
      return { allScored: true, overdueCount: round.overdue?.count ?? 0 };
    }
    const at = nowIso(deps);
    const count = (round.overdue?.count ?? 0) + 1;
    const escalates = count >= escalateFromOverdue;
    const escalatedAt = escalates ? (round.overdue?.escalatedAt ?? at) : round.overdue?.escalatedAt;
    const late = await Promise.all(
      round.assignments
        .filter((a) => a.status === "assigned")
        .map((a) => loadAssignment(deps, a.assignmentId)),
    );
    await deps.records.write(
      [
        updated(
          roundKind,
          round,
          bump(round, at, {
            pendingTask: undefined,
            overdue: { count, lastAt: at, ...(escalatedAt ? { escalatedAt } : {}) },
          }),
          workflowAudit(escalates ? "review.escalated-to-bureau" : "review.overdue", {
            count,
            late: late.map((a) => a.expertId),
          }),
        ),
        ...late.map((a) =>
          updated(
            assignmentKind,
            a,
            bump(a, at, { remindedAt: [...(a.remindedAt ?? []), at] }),
            workflowAudit("review.reminder-sent", { count }),
          ),
        ),
      ],
      at,
    );
    return { allScored: false, overdueCount: count };
  });
}

/**
 * A conflict found later (by the expert or the bureau): the expert's assignment and any scores are withdrawn and an
 * eligible replacement is assigned (a finance expert when the panel would otherwise have none).
 */
export async function reportLateConflict(
  deps: AwardDeps,
  actor: Actor,
  assignmentId: string,
  input: { reason: string; organisationId?: string | undefined },
): Promise<{ withdrawn: ReviewAssignmentRecord; replacement?: ReviewAssignmentRecord }> {
  const first = await loadAssignment(deps, assignmentId);
  authorizeAssignment(actor, "conflict", first);
  const asBureau = actor.roles.includes("bureau");
  const result = await retryOnConflict(async () => {
    const assignment = await loadAssignment(deps, assignmentId);
    if (assignment.status === "withdrawn") {
      throw conflictError("ASSIGNMENT_WITHDRAWN", "This assignment is already withdrawn", "该评审任务已撤回");
    }
    const round = await loadRound(deps, assignment.challengeId, assignment.round);
    if (round.status !== "reviewing") {
      throw conflictError(
        "REVIEW_CLOSED",
        "The review of this round is over; a conflict can no longer change the panel",
        "本轮评审已结束，不能再调整评审专家",
      );
    }
    const challenge = await loadChallenge(deps, assignment.challengeId);
    const applications = await Promise.all(assignment.applicationIds.map((id) => loadApplication(deps, id)));
    const parties = {
      enterpriseIds: challenge.enterpriseOrganisationIds,
      solverOrganisationIds: [...new Set(applications.flatMap(applicationOrganisations))],
    };
    const onPanel = new Set(round.assignments.map((a) => a.expertId));
    const remaining = round.assignments.filter(
      (a) => a.assignmentId !== assignment.id && a.status !== "withdrawn",
    );
    const needFinance = !remaining.some((a) => a.expertise === "finance");
    const candidates = (await eligibleExperts(deps, parties, onPanel)).filter(
      (c) => !needFinance || c.expert.expertise === "finance",
    );
    const replacementExpert = leastLoaded(candidates)[0]?.expert;
    if (!replacementExpert && (needFinance || remaining.length === 0)) {
      throw businessRuleError(
        "NO_REPLACEMENT_EXPERT",
        "No eligible expert can replace this one; register another expert first",
        "没有可替换的无利害关系专家，请先增补专家",
      );
    }
    const at = nowIso(deps);
    const replacement = replacementExpert
      ? newAssignment(round, replacementExpert, assignment.applicationIds, at, assignment.id)
      : undefined;
    const withdrawn = bump(assignment, at, {
      status: "withdrawn",
      withdrawn: { at, by: actor.userId, role: asBureau ? "bureau" : "expert", reason: input.reason },
      ...(replacement ? { replacedBy: replacement.id } : {}),
    });
    const nextRound = bump(round, at, {
      assignments: [
        ...round.assignments.map((a) =>
          a.assignmentId === assignment.id ? { ...a, status: "withdrawn" as const } : a,
        ),
        ...(replacement
          ? [
              {
                assignmentId: replacement.id,
                expertId: replacement.expertId,
                expertise: replacement.expertise,
                status: "assigned" as const,
              },
            ]
          : []),
      ],
    });
    const audit = {
      actor: actor.userId,
      role: asBureau ? "bureau" : "expert",
      action: "review.conflict-withdrawn",
      detail: {
        expertId: assignment.expertId,
        scoresWithdrawn: assignment.status === "scored",
        ...(replacement ? { replacement: replacement.expertId } : {}),
      },
    };
    const writes: RecordWrite[] = [
      updated(assignmentKind, assignment, withdrawn, audit),
      updated(roundKind, round, nextRound, audit),
      ...(replacement
        ? [created(assignmentKind, replacement, { ...audit, action: "review.reassigned" })]
        : []),
    ];
    // The expert's own report also goes on record as a declared conflict, so later panels avoid it too.
    if (!asBureau && input.organisationId) {
      const expert = await deps.records.get(expertKind, assignment.expertId);
      if (expert && !expert.conflicts.some((c) => c.organisationId === input.organisationId)) {
        writes.push(
          updated(
            expertKind,
            expert,
            bump(expert, at, {
              conflicts: [
                ...expert.conflicts,
                { organisationId: input.organisationId, reason: input.reason, declaredAt: at },
              ],
            }),
            { ...audit, action: "expert.conflict-declared" },
          ),
        );
      }
    }
    await deps.records.write(writes, at);
    return { withdrawn, ...(replacement ? { replacement } : {}), round: nextRound };
  });
  if (allScored(result.round) && result.round.pendingTask?.kind === "scores") {
    await deps.workflows.completeTask(result.round.pendingTask.token, { allScored: true });
  }
  return { withdrawn: result.withdrawn, ...(result.replacement ? { replacement: result.replacement } : {}) };
}

/** Every score is in: rank the applications and hand over to the enterprise's shortlist. Idempotent. */
export async function rankApplicationsTask(
  deps: AwardDeps,
  input: { challengeId: string; round: number },
): Promise<{ ranked: number }> {
  return retryOnConflict(async () => {
    const round = await loadRound(deps, input.challengeId, input.round);
    if (round.status !== "reviewing") return { ranked: round.ranking?.length ?? 0 };
    const scored = await Promise.all(
      round.assignments.filter((a) => a.status === "scored").map((a) => loadAssignment(deps, a.assignmentId)),
    );
    const applicationIds = [...new Set(scored.flatMap((a) => a.applicationIds))];
    const applications = await Promise.all(applicationIds.map((id) => loadApplication(deps, id)));
    const ranking = rankScores(applications, scored);
    const at = nowIso(deps);
    const challenge = await loadChallenge(deps, input.challengeId);
    await writeInBatches(
      deps.records,
      applications
        .filter((a) => a.status === "under-review")
        .map((a) => {
          const r = ranking.find((x) => x.applicationId === a.id)!;
          return updated(
            applicationKind,
            a,
            bump(a, at, { status: "ranked", rank: r.rank, scoreBp: r.scoreBp }),
            workflowAudit("application.ranked", { rank: r.rank, scoreBp: r.scoreBp }),
          );
        }),
      at,
    );
    await deps.records.write(
      [
        updated(
          roundKind,
          round,
          bump(round, at, { status: "ranked", ranking, pendingTask: undefined }),
          workflowAudit("review.ranked", { applications: ranking.length }),
        ),
        updated(
          challengeKind,
          challenge,
          bump(challenge, at, { status: "shortlisting" }),
          workflowAudit("challenge.shortlisting"),
        ),
      ],
      at,
    );
    return { ranked: ranking.length };
  });
}

/** A deadline passed on a human step of the award (shortlist, confirmations): escalate to the bureau. */
export async function escalateTask(
  deps: AwardDeps,
  input: { challengeId: string; round: number; stage: string },
): Promise<{ escalated: true }> {
  return retryOnConflict(async () => {
    const round = await loadRound(deps, input.challengeId, input.round);
    const at = nowIso(deps);
    await deps.records.write(
      [
        updated(
          roundKind,
          round,
          bump(round, at, {
            pendingTask: undefined,
            overdue: { count: (round.overdue?.count ?? 0) + 1, lastAt: at, escalatedAt: at },
          }),
          workflowAudit("award.escalated-to-bureau", { stage: input.stage }),
        ),
      ],
      at,
    );
    return { escalated: true };
  });
}
