// Use cases of a running project's periodic performance evaluation (定期绩效评估, 《太原市…行动方案》五（二）; 泰安《实施意见》
// 第24条): the bureau names the period and the experts, each expert scores the task book's indicators, and on the result
// the bureau decides continued support (后续支持), exit (退出: the project ends as a termination without fault, with its
// settlement) or replacement (递补, replacement.ts). One record per project (`pfm-<projectId>`), each step one write with
// its audit event.
import { applicationKind } from "../applications/model.ts";
import type { Actor } from "../kernel/actor.ts";
import { conflictError, forbiddenError, notFoundError } from "../kernel/errors.ts";
import { authorizeRecord } from "../kernel/record-access.ts";
import { nowIso } from "../platform/ports/clock.ts";
import { bump, retryOnConflict } from "../platform/ports/record-helpers.ts";
import { created, type RecordWrite, updated } from "../platform/ports/records.ts";
import { assertPanelExperts, loadProject, loadProjectAndTrack, projectFacts } from "../projects/common.ts";
import { endProject } from "../projects/endings.ts";
import { projectKind } from "../projects/model.ts";
import { expertNames } from "../projects/names.ts";
import type { ProjectDeps } from "../projects/projects.ts";
import { recoveryKind } from "../recoveries/model.ts";
import { assertRunning, type FollowupDeps, projectFor } from "./common.ts";
import {
  type PerformanceDecision,
  type PerformanceEvaluation,
  type PerformanceRecord,
  performanceId,
  performanceKind,
} from "./performance-model.ts";
import { assertDecisionAllowed, assertPeriod, assertScores, evaluationResult } from "./rules/performance.ts";

export const noEvaluation = (seq: number) =>
  notFoundError("EVALUATION_NOT_FOUND", `No performance evaluation ${seq}`, `无第${seq}次绩效评价`);

/** The project's performance record, or a new empty one (not yet written) for it. */
export async function performanceOf(
  deps: Pick<FollowupDeps, "records">,
  project: { id: string; programmeId: string },
  at: string,
): Promise<{ record: PerformanceRecord; existed: boolean }> {
  const existing = await deps.records.get(performanceKind, performanceId(project.id));
  if (existing) return { record: existing, existed: true };
  return {
    existed: false,
    record: {
      id: performanceId(project.id),
      version: 1,
      projectId: project.id,
      programmeId: project.programmeId,
      evaluations: [],
      adjustments: [],
      createdAt: at,
      updatedAt: at,
    },
  };
}

/** Writes the record (created or updated) with its audit event and any other writes, in one transaction. */
export async function savePerformance(
  deps: Pick<FollowupDeps, "records">,
  before: { record: PerformanceRecord; existed: boolean },
  changes: Partial<PerformanceRecord>,
  note: { actor: string; role: string; action: string; detail?: Record<string, unknown> },
  at: string,
  more: RecordWrite[] = [],
): Promise<PerformanceRecord> {
  const after = before.existed ? bump(before.record, at, changes) : { ...before.record, ...changes };
  await deps.records.write(
    [
      before.existed
        ? updated(performanceKind, before.record, after, note)
        : created(performanceKind, after, note),
      ...more,
    ],
    at,
  );
  return after;
}

/** The bureau opens an evaluation: the period (ended, within the implementation period) and the experts (pool, no conflict). */
export async function openEvaluation(
  deps: FollowupDeps,
  actor: Actor,
  projectId: string,
  input: { periodFrom: string; periodTo: string; expertIds: readonly string[] },
): Promise<PerformanceRecord> {
  return retryOnConflict(async () => {
    const { project, track, at, today } = await projectFor(deps, actor, projectId, "decide");
    assertRunning(track, "evaluate its performance", "开展绩效评价");
    if (track.status !== "in-progress") {
      throw conflictError(
        "PROJECT_NOT_RUNNING",
        "Only a project under way (task book signed) is evaluated",
        "任务书签订、项目实施后方可开展绩效评价",
      );
    }
    assertPeriod(input, track.taskBook, today);
    await assertPanelExperts(deps, project, input.expertIds, "body.expertIds");
    const current = await performanceOf(deps, project, at);
    if (current.record.evaluations.some((e) => e.status !== "decided")) {
      throw conflictError(
        "EVALUATION_OPEN",
        "An evaluation of this project is still open",
        "该项目已有进行中的绩效评价",
      );
    }
    const evaluation: PerformanceEvaluation = {
      seq: current.record.evaluations.length + 1,
      periodFrom: input.periodFrom,
      periodTo: input.periodTo,
      expertIds: [...new Set(input.expertIds)],
      taskBookRevision: track.taskBook.revision,
      indicators: track.taskBook.milestones.flatMap((m) =>
        m.indicators.map((i) => ({ milestone: m.index, name: i.name, target: i.target })),
      ),
      status: "scoring",
      scores: [],
      openedBy: actor.userId,
      openedAt: at,
    };
    return savePerformance(
      deps,
      current,
      { evaluations: [...current.record.evaluations, evaluation] },
      {
        actor: actor.userId,
        role: "bureau",
        action: "performance.evaluation-opened",
        detail: { seq: evaluation.seq, periodFrom: input.periodFrom, periodTo: input.periodTo },
      },
      at,
    );
  });
}

function evaluationOf(record: PerformanceRecord | undefined, seq: number): PerformanceEvaluation {
  const evaluation = record?.evaluations.find((e) => e.seq === seq);
  if (!evaluation) throw noEvaluation(seq);
  return evaluation;
}

const withEvaluation = (record: PerformanceRecord, evaluation: PerformanceEvaluation) => ({
  evaluations: record.evaluations.map((e) => (e.seq === evaluation.seq ? evaluation : e)),
});

/** A named expert scores each indicator (0–100) once; the last expert's scores give the result. */
export async function scoreEvaluation(
  deps: FollowupDeps,
  actor: Actor,
  projectId: string,
  seq: number,
  input: { scores: readonly { milestone: number; indicator: string; score: number }[]; comment: string },
): Promise<PerformanceRecord> {
  return retryOnConflict(async () => {
    const { project, at } = await projectFor(deps, actor, projectId, "score");
    const current = await performanceOf(deps, project, at);
    const evaluation = evaluationOf(current.existed ? current.record : undefined, seq);
    if (!evaluation.expertIds.includes(actor.userId)) {
      throw forbiddenError(
        "NOT_ON_EVALUATION_PANEL",
        "Only the experts named for this evaluation score it",
        "仅本次绩效评价的专家可以打分",
      );
    }
    if (evaluation.status !== "scoring" || evaluation.scores.some((s) => s.expertId === actor.userId)) {
      throw conflictError("ALREADY_SCORED", "This evaluation has your scores", "您已完成本次评价打分");
    }
    assertScores(
      evaluation.indicators.map((i) => ({ milestone: i.milestone, name: i.name })),
      input.scores,
    );
    const scores = [
      ...evaluation.scores,
      { expertId: actor.userId, scores: [...input.scores], comment: input.comment, at },
    ];
    const complete = evaluation.expertIds.every((id) => scores.some((s) => s.expertId === id));
    const result = complete ? { ...evaluationResult(scores), at } : undefined;
    const next: PerformanceEvaluation = {
      ...evaluation,
      scores,
      ...(result ? { status: "scored" as const, result } : {}),
    };
    return savePerformance(
      deps,
      current,
      withEvaluation(current.record, next),
      {
        actor: actor.userId,
        role: "expert",
        action: result ? "performance.evaluation-scored" : "performance.expert-scored",
        detail: { seq, ...(result ? { meanScore: result.meanScore, passed: result.passed } : {}) },
      },
      at,
    );
  });
}

export interface PerformanceDecisionInput {
  readonly decision: PerformanceDecision;
  readonly reason: string;
  /** Exit and replacement: the R&D spending of the paid money verified by the latest special audit (专项审计). */
  readonly verifiedSpendingFen?: number | undefined;
}

/** The reason the project's termination carries when a performance evaluation ended it (also how a retry knows it). */
export const endingReason = (seq: number, decision: PerformanceDecision, reason: string) =>
  `绩效评价第${seq}次${decision === "exit" ? "退出" : "递补"}：${reason}`;

/**
 * Ends the project for an exit or a replacement as a termination without fault (unpaid tranches cancelled, the paid
 * but unspent money assessed for recovery); a repeat after a crash finds the project already ended by this decision.
 */
export async function endForPerformance(
  deps: ProjectDeps,
  actor: Actor,
  projectId: string,
  seq: number,
  input: PerformanceDecisionInput,
): Promise<{ recoveryId?: string; settlement?: Settlement }> {
  const reason = endingReason(seq, input.decision, input.reason);
  const [, track] = await loadProjectAndTrack(deps, projectId);
  const recovery =
    track.termination?.reason === reason
      ? track.termination.recoveryId
        ? await deps.records.get(recoveryKind, track.termination.recoveryId)
        : undefined
      : (
          await endProject(deps, actor, projectId, "termination", {
            reason,
            fault: false,
            proposedBy: "bureau",
            verifiedSpendingFen: input.verifiedSpendingFen ?? 0,
          })
        ).recovery;
  if (!recovery) return {};
  return {
    recoveryId: recovery.id,
    settlement: {
      paidFen: recovery.paidFen,
      recoverFen: recovery.amountFen,
      cancelledFen: recovery.cancelledFen,
    },
  };
}

type Settlement = NonNullable<NonNullable<PerformanceEvaluation["decision"]>["settlement"]>;

/** The evaluation waiting for the bureau's decision, after the checks every decision shares. */
export async function scoredEvaluation(
  deps: FollowupDeps,
  actor: Actor,
  projectId: string,
  seq: number,
  decision: PerformanceDecision,
) {
  const loaded = await projectFor(deps, actor, projectId, "decide");
  const current = await performanceOf(deps, loaded.project, loaded.at);
  const evaluation = evaluationOf(current.existed ? current.record : undefined, seq);
  if (evaluation.status === "decided") {
    throw conflictError("EVALUATION_DECIDED", "This evaluation has been decided", "本次绩效评价已作出决定");
  }
  assertDecisionAllowed(evaluation.result, decision);
  return { ...loaded, current, evaluation };
}

/** Continue or exit (replacement: replacement.ts). Exit ends the project like a termination without fault. */
export async function decideEvaluation(
  deps: ProjectDeps,
  actor: Actor,
  projectId: string,
  seq: number,
  input: PerformanceDecisionInput & { decision: "continue" | "exit" },
): Promise<PerformanceRecord> {
  const first = await scoredEvaluation(deps, actor, projectId, seq, input.decision);
  if (first.track.termination?.reason !== endingReason(seq, input.decision, input.reason)) {
    assertRunning(first.track, "decide on its evaluation", "作出绩效评价决定");
  }
  const { recoveryId, settlement } =
    input.decision === "exit" ? await endForPerformance(deps, actor, projectId, seq, input) : {};
  return retryOnConflict(async () => {
    const { current, evaluation } = await scoredEvaluation(deps, actor, projectId, seq, input.decision);
    const at = nowIso(deps);
    const next: PerformanceEvaluation = {
      ...evaluation,
      status: "decided",
      decision: {
        decision: input.decision,
        reason: input.reason,
        by: actor.userId,
        at,
        ...(recoveryId ? { recoveryId } : {}),
        ...(settlement ? { settlement } : {}),
        ...(input.decision === "exit" ? { verifiedSpendingFen: input.verifiedSpendingFen ?? 0 } : {}),
      },
    };
    return savePerformance(
      deps,
      current,
      withEvaluation(current.record, next),
      {
        actor: actor.userId,
        role: "bureau",
        action: input.decision === "exit" ? "performance.exited" : "performance.continued",
        detail: { seq, ...(recoveryId ? { recoveryId } : {}) },
      },
      at,
    );
  });
}

/** The project's evaluations and adjustments (parties and staff; an expert named on one of its evaluations); null if none. */
export async function readPerformance(deps: FollowupDeps, actor: Actor, projectId: string) {
  // A project a replacement created has no track until its task book is drafted: its record is readable already.
  const project = await loadProject(deps, projectId);
  authorizeRecord(actor, "followup", "performance-read", projectFacts(project));
  const record = await deps.records.get(performanceKind, performanceId(project.id));
  const staffOrParty = actor.roles.some((r) => r !== "expert");
  if (!staffOrParty && !record?.evaluations.some((e) => e.expertIds.includes(actor.userId))) {
    throw forbiddenError(
      "NOT_ON_EVALUATION_PANEL",
      "Only the experts named for an evaluation of this project may see it",
      "仅该项目绩效评价的专家可查看",
    );
  }
  if (!record) return null;
  // The experts by name: the parties read who evaluates them, and may not list the pool (专家库).
  return {
    ...record,
    names: await chainNames(deps, record),
    expertNames: await expertNames(
      deps.records,
      record.evaluations.flatMap((e) => e.expertIds),
    ),
  };
}

/** The lead solver's name of each project and candidate the record's replacement chain (递补) names, by id. */
async function chainNames(
  deps: Pick<FollowupDeps, "records">,
  record: PerformanceRecord,
): Promise<Record<string, string>> {
  const projectIds = [
    record.replaces,
    record.replacedBy,
    record.withdrawn?.originProjectId,
    ...record.evaluations.map((e) => e.decision?.replacement?.projectId),
  ].filter((id): id is string => Boolean(id));
  const applicationIds = [
    ...(record.nextOffer?.status === "awaiting-overlap" ? [record.nextOffer.applicationId] : []),
    ...(record.nextOffer?.skipped ?? []),
  ];
  const names: Record<string, string> = {};
  for (const id of new Set(projectIds)) {
    const p = await deps.records.get(projectKind, id);
    if (p) names[id] = p.solverLead.name;
  }
  for (const id of new Set(applicationIds)) {
    const a = await deps.records.get(applicationKind, id);
    if (a) names[id] = a.organisationNames?.[a.leadOrganisationId] ?? a.leadOrganisationId;
  }
  return names;
}
