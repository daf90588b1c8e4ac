// Use cases of expert review (专家评审, section R): the expert pool and declared conflicts, automatic assignment after
// the window closes, weighted scoring, late-found conflicts with reassignment, reminders and escalation, and ranking.
// Ports come in as parameters; the workflow's task states call the `*Task` functions.

import { randomUUID } from "node:crypto";
import { type ApplicationRecord, applicationKind, applicationsOfChallenge } from "../applications/model.ts";
import { type ChallengeRecord, challengeKind } from "../challenges/model.ts";
import type { Actor } from "../kernel/actor.ts";
import { businessRuleError, conflictError, type DomainError, notFoundError } from "../kernel/errors.ts";
import { authorizeRecord } from "../kernel/record-access.ts";
import type { Role } from "../kernel/roles.ts";
import type { Clock } from "../platform/ports/clock.ts";
import { nowIso } from "../platform/ports/clock.ts";
import { bump, listAll, mustGet, retryOnConflict, writeInBatches } from "../platform/ports/record-helpers.ts";
import { created, type RecordStore, type RecordWrite, updated } from "../platform/ports/records.ts";
import type { WorkflowEngine } from "../platform/ports/workflow-engine.ts";
import { type ProgrammeRecord, programmeKind } from "../programmes/model.ts";
import {
  type ApplicationScore,
  allExperts,
  assignmentKind,
  assignmentsOfChallenge,
  assignmentsOfExpert,
  type CriterionKey,
  defaultPanelSize,
  derivedId,
  type Expertise,
  type ExpertRecord,
  expertKind,
  type ReviewAssignmentRecord,
  type ReviewRoundRecord,
  type RoundWaitKind,
  roundId,
  roundKind,
  rubric,
} from "./model.ts";
import { isExpertConflicted } from "./rules/conflicts.ts";

export interface AwardDeps {
  readonly records: RecordStore;
  readonly workflows: WorkflowEngine;
  readonly clock: Clock;
}

/** The workflow section P starts when a challenge's window closes: name `award-<challengeId>-r<round>`. */
export const awardStateMachine = "challenge-award";
export const awardExecutionName = (challengeId: string, round: number) => `award-${challengeId}-r${round}`;

const overseers: readonly Role[] = ["bureau", "admin", "auditor"];
export const isOverseer = (actor: Actor) => actor.roles.some((r) => overseers.includes(r));

// ---- helpers shared by the award and notice use cases --------------------------------------------------------

export const loadChallenge = (deps: Pick<AwardDeps, "records">, id: string) =>
  mustGet<ChallengeRecord>(deps.records, challengeKind, id, "Challenge", "榜单");
export const loadProgramme = (deps: Pick<AwardDeps, "records">, id: string) =>
  mustGet<ProgrammeRecord>(deps.records, programmeKind, id, "Programme", "批次");
export const loadApplication = (deps: Pick<AwardDeps, "records">, id: string) =>
  mustGet<ApplicationRecord>(deps.records, applicationKind, id, "Application", "揭榜申请");
export const loadRound = (deps: Pick<AwardDeps, "records">, challengeId: string, round: number) =>
  mustGet<ReviewRoundRecord>(
    deps.records,
    roundKind,
    roundId(challengeId, round),
    "Review round",
    "评审轮次",
  );
export const loadAssignment = (deps: Pick<AwardDeps, "records">, id: string) =>
  mustGet<ReviewAssignmentRecord>(deps.records, assignmentKind, id, "Review assignment", "评审任务");

const workflowAudit = (action: string, detail?: Record<string, unknown>) => ({
  actor: "workflow",
  role: "workflow",
  action,
  ...(detail ? { detail } : {}),
});

export function workflowNotReady(): DomainError {
  return conflictError(
    "WORKFLOW_NOT_READY",
    "The workflow is not waiting for this decision now",
    "流程当前未在等待该决定",
  );
}

/** Every organisation of an application: the lead and the consortium members. */
export const applicationOrganisations = (a: ApplicationRecord) => [
  a.leadOrganisationId,
  ...a.memberOrganisationIds,
];

// ---- expert pool ---------------------------------------------------------------------------------------------

export async function registerExpert(
  deps: AwardDeps,
  actor: Actor,
  input: {
    expertId: string;
    organisationId: string;
    name: string;
    expertise: Expertise;
    conflicts?: { organisationId: string; reason: string }[] | undefined;
  },
): Promise<ExpertRecord> {
  if (await deps.records.get(expertKind, input.expertId)) {
    throw conflictError(
      "EXPERT_EXISTS",
      `Expert ${input.expertId} is already registered`,
      `专家 ${input.expertId} 已在专家库中`,
    );
  }
  const at = nowIso(deps);
  const expert: ExpertRecord = {
    id: input.expertId,
    version: 1,
    organisationId: input.organisationId,
    name: input.name,
    expertise: input.expertise,
    conflicts: (input.conflicts ?? []).map((c) => ({ ...c, declaredAt: at })),
    active: true,
    createdBy: actor.userId,
    createdAt: at,
    updatedAt: at,
  };
  await deps.records.write(
    [
      created(expertKind, expert, {
        actor: actor.userId,
        role: actor.roles.includes("bureau") ? "bureau" : "admin",
        action: "expert.registered",
        detail: { expertise: expert.expertise },
      }),
    ],
    at,
  );
  return expert;
}

export async function listExperts(deps: AwardDeps): Promise<ExpertRecord[]> {
  return listAll(deps.records, allExperts());
}

/** An expert declares a conflict of interest with an organisation (回避申报); later assignments avoid it. */
export async function declareConflict(
  deps: AwardDeps,
  actor: Actor,
  input: { organisationId: string; reason: string },
): Promise<ExpertRecord> {
  return retryOnConflict(async () => {
    const expert = await deps.records.get(expertKind, actor.userId);
    if (!expert) {
      throw notFoundError("EXPERT_NOT_REGISTERED", "You are not in the expert pool", "您尚未入选专家库");
    }
    if (expert.conflicts.some((c) => c.organisationId === input.organisationId)) return expert;
    const at = nowIso(deps);
    const next = bump(expert, at, {
      conflicts: [...expert.conflicts, { ...input, declaredAt: at }],
    });
    await deps.records.write(
      [
        updated(expertKind, expert, next, {
          actor: actor.userId,
          role: "expert",
          action: "expert.conflict-declared",
          detail: { organisationId: input.organisationId },
        }),
      ],
      at,
    );
    return next;
  });
}

/** Conflicted: same organisation as an enterprise or any applicant organisation, or a declared conflict with one. */
export function isConflicted(
  expert: Pick<ExpertRecord, "organisationId" | "conflicts">,
  parties: { enterpriseIds: readonly string[]; solverOrganisationIds: readonly string[] },
): boolean {
  const sameOrganisation = parties.enterpriseIds.some((enterpriseId) =>
    isExpertConflicted(expert.organisationId, {
      enterpriseId,
      solverOrganisationIds: parties.solverOrganisationIds,
    }),
  );
  const all = [...parties.enterpriseIds, ...parties.solverOrganisationIds];
  return sameOrganisation || expert.conflicts.some((c) => all.includes(c.organisationId));
}

/**
 * The panel: the least-loaded eligible finance expert first, then the least-loaded of the rest (ties by id), so
 * the choice is fair over time and the same for the same facts. Undefined when no finance expert is eligible.
 */
/** Least-loaded first, ties by expert id. */
export function leastLoaded<C extends { expert: ExpertRecord; load: number }>(candidates: readonly C[]): C[] {
  return [...candidates].sort(
    (a, b) => a.load - b.load || (a.expert.id < b.expert.id ? -1 : a.expert.id > b.expert.id ? 1 : 0),
  );
}

export function choosePanel(
  eligible: readonly { expert: ExpertRecord; load: number }[],
  size: number,
): ExpertRecord[] | undefined {
  const sorted = leastLoaded(eligible);
  const finance = sorted.find((c) => c.expert.expertise === "finance");
  if (!finance) return undefined;
  return [finance, ...sorted.filter((c) => c !== finance).slice(0, Math.max(0, size - 1))].map(
    (c) => c.expert,
  );
}

async function expertLoad(deps: AwardDeps, expertId: string): Promise<number> {
  const assignments = await listAll(deps.records, assignmentsOfExpert(expertId));
  return assignments.filter((a) => a.status !== "withdrawn").length;
}

async function eligibleExperts(
  deps: AwardDeps,
  parties: { enterpriseIds: readonly string[]; solverOrganisationIds: readonly string[] },
  exclude: ReadonlySet<string>,
): Promise<{ expert: ExpertRecord; load: number }[]> {
  const pool = (await listExperts(deps)).filter(
    (e) => e.active && !exclude.has(e.id) && !isConflicted(e, parties),
  );
  return Promise.all(pool.map(async (expert) => ({ expert, load: await expertLoad(deps, expert.id) })));
}

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
  return { parked: true };
}

/** The scoring deadline passed: remind the experts who have not scored; from the second time, escalate to the bureau. */
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
    const escalatedAt = count >= 2 ? (round.overdue?.escalatedAt ?? at) : round.overdue?.escalatedAt;
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
          workflowAudit(count >= 2 ? "review.escalated-to-bureau" : "review.overdue", {
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

// ---- scoring ---------------------------------------------------------------------------------------------------

export interface ScoreInput {
  readonly applicationId: string;
  readonly technical: number;
  readonly team: number;
  readonly metrics: number;
  readonly budget?: number | undefined;
  readonly comment?: string | undefined;
}

/** The record rule of review assignments (functions/kernel/record-access.ts): the assigned expert, staff as declared. */
function authorizeAssignment(
  actor: Actor,
  action: "read" | "score" | "conflict",
  assignment: ReviewAssignmentRecord,
): void {
  authorizeRecord(actor, "review-assignment", action, { assignedUserIds: [assignment.expertId] });
}

function assertScoresComplete(assignment: ReviewAssignmentRecord, scores: readonly ScoreInput[]): void {
  const fields: { path: string; message: string; messageZh: string }[] = [];
  const seen = new Set<string>();
  scores.forEach((s, i) => {
    if (!assignment.applicationIds.includes(s.applicationId)) {
      fields.push({
        path: `body.scores.${i}.applicationId`,
        message: "not an application of this assignment",
        messageZh: "不是本评审任务的申请",
      });
    } else if (seen.has(s.applicationId)) {
      fields.push({
        path: `body.scores.${i}.applicationId`,
        message: "scored twice",
        messageZh: "重复评分",
      });
    }
    seen.add(s.applicationId);
    const finance = assignment.expertise === "finance";
    if (finance && s.budget === undefined) {
      fields.push({
        path: `body.scores.${i}.budget`,
        message: "finance experts score the budget",
        messageZh: "财务专家须评预算合理性",
      });
    } else if (!finance && s.budget !== undefined) {
      fields.push({
        path: `body.scores.${i}.budget`,
        message: "only finance experts score the budget",
        messageZh: "预算合理性仅由财务专家评分",
      });
    }
  });
  assignment.applicationIds.forEach((id) => {
    if (!seen.has(id)) {
      fields.push({ path: "body.scores", message: `missing ${id}`, messageZh: `缺少申请 ${id} 的评分` });
    }
  });
  if (fields.length > 0) {
    throw businessRuleError(
      "SCORES_INCOMPLETE",
      "Score every assigned application once, with the criteria of your expertise",
      "须对每个分配的申请按本人专业类别评分一次",
      fields,
    );
  }
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

// ---- reading reviews -----------------------------------------------------------------------------------------

export function assignmentView(a: ReviewAssignmentRecord) {
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
  return {
    assignment: assignmentView(assignment),
    rubric,
    applications:
      assignment.status === "withdrawn" && !overseer ? [] : applications.map(reviewApplicationView),
    ...(otherScores ? { otherScores } : { otherScoresHidden: true }),
  };
}

// ---- ranking ---------------------------------------------------------------------------------------------------

export interface RankedApplication {
  readonly applicationId: string;
  readonly rank: number;
  readonly scoreBp: number;
  readonly financeBudgetPoints: number;
}

/**
 * Weighted score: for each criterion, the mean of the points given by the experts who score it (budget: the finance
 * experts), times its weight; compared exactly (common denominator), shown as scoreBp (10000 = 100 points,
 * floored). Tie-break: higher weighted score, then more finance-expert budget points, then the earlier
 * submission, then the application id.
 */
export function rankScores(
  applications: readonly Pick<ApplicationRecord, "id" | "submittedAt" | "createdAt">[],
  scored: readonly Pick<ReviewAssignmentRecord, "expertise" | "scores">[],
): RankedApplication[] {
  const raters = (key: CriterionKey) =>
    scored.filter((a) => rubric.find((c) => c.key === key)?.scoredBy === "all" || a.expertise === "finance");
  const counts = new Map(rubric.map((c) => [c.key, BigInt(raters(c.key).length)]));
  const denominator = [...new Set([...counts.values()].filter((n) => n > 0n))].reduce((d, n) => d * n, 1n);
  const rows = applications.map((app) => {
    let total = 0n;
    let financeBudgetPoints = 0;
    for (const criterion of rubric) {
      const n = counts.get(criterion.key) ?? 0n;
      if (n === 0n) continue;
      let sum = 0n;
      for (const rater of raters(criterion.key)) {
        const points = rater.scores?.find((s) => s.applicationId === app.id)?.points[criterion.key] ?? 0;
        sum += BigInt(points);
        if (criterion.key === "budget") financeBudgetPoints += points;
      }
      total += BigInt(criterion.weightBp) * sum * (denominator / n);
    }
    return {
      app,
      total,
      financeBudgetPoints,
      scoreBp: Number(total / (denominator * BigInt(maxPointsScale))),
    };
  });
  rows.sort((a, b) => {
    if (a.total !== b.total) return a.total > b.total ? -1 : 1;
    if (a.financeBudgetPoints !== b.financeBudgetPoints) return b.financeBudgetPoints - a.financeBudgetPoints;
    const sa = a.app.submittedAt ?? a.app.createdAt;
    const sb = b.app.submittedAt ?? b.app.createdAt;
    if (sa !== sb) return sa < sb ? -1 : 1;
    return a.app.id < b.app.id ? -1 : a.app.id > b.app.id ? 1 : 0;
  });
  return rows.map((r, i) => ({
    applicationId: r.app.id,
    rank: i + 1,
    scoreBp: r.scoreBp,
    financeBudgetPoints: r.financeBudgetPoints,
  }));
}
/** weight (bp) × points / 100 = score in bp of 100 points. */
const maxPointsScale = 100;

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

export const newObjectionId = () => `obj-${randomUUID()}`;
