// Use cases of the dynamic adjustment of a running project's targets (动态调整, 《太原市…行动方案》五（二）“根据科学技术新进展
// 和产业需求新变化，对…攻关项目及目标要求等进行动态调整”): the bureau decides new indicator targets for milestones not yet
// passed, with a reason; the change is a new task-book revision that the three parties (bureau, enterprise, lead solver)
// sign again; the targets in force change only with the last signature (the earlier revision's signatures are voided
// then). Records on the project's performance record (`pfm-<projectId>`); the applied revision on the track.
import type { Actor } from "../kernel/actor.ts";
import { conflictError, notFoundError } from "../kernel/errors.ts";
import { bump, retryOnConflict } from "../platform/ports/record-helpers.ts";
import { updated } from "../platform/ports/records.ts";
import { partyOf } from "../projects/common.ts";
import { type ProjectTrackRecord, signatoryParties, trackKind } from "../projects/model.ts";
import { assertRunning, type FollowupDeps, projectFor } from "./common.ts";
import { performanceOf, savePerformance } from "./performance.ts";
import type { PerformanceRecord, TargetAdjustment } from "./performance-model.ts";
import { adjustedMilestones } from "./rules/performance.ts";

const passedIn = (track: ProjectTrackRecord) => (index: number) =>
  track.milestones.some((m) => m.index === index && m.status === "passed");

function assertUnderWay(track: ProjectTrackRecord): void {
  assertRunning(track, "adjust its targets", "动态调整");
  if (track.status !== "in-progress") {
    throw conflictError(
      "PROJECT_NOT_RUNNING",
      "Targets are adjusted on a project under way (a draft task book is amended instead)",
      "项目实施后方可动态调整（任务书签订前请修改任务书）",
    );
  }
}

/** The bureau decides the new targets; they wait for the three signatures. */
export async function proposeAdjustment(
  deps: FollowupDeps,
  actor: Actor,
  projectId: string,
  input: { reason: string; changes: readonly { milestone: number; indicator: string; target: string }[] },
): Promise<PerformanceRecord> {
  return retryOnConflict(async () => {
    const { project, track, at } = await projectFor(deps, actor, projectId, "decide");
    assertUnderWay(track);
    const current = await performanceOf(deps, project, at);
    if (current.record.adjustments.some((a) => a.status === "awaiting-signatures")) {
      throw conflictError(
        "ADJUSTMENT_PENDING",
        "An adjustment is waiting for signatures",
        "已有动态调整待三方签署",
      );
    }
    const { changes } = adjustedMilestones(track.taskBook.milestones, passedIn(track), input.changes);
    const adjustment: TargetAdjustment = {
      seq: current.record.adjustments.length + 1,
      reason: input.reason,
      fromRevision: track.taskBook.revision,
      toRevision: track.taskBook.revision + 1,
      changes,
      status: "awaiting-signatures",
      parties: {
        enterpriseOrganisationIds: track.enterpriseOrganisationIds ?? project.enterpriseOrganisationIds,
        solverLeadId: track.taskBook.solverLeadId,
      },
      signatures: [],
      proposedBy: actor.userId,
      proposedAt: at,
    };
    return savePerformance(
      deps,
      current,
      { adjustments: [...current.record.adjustments, adjustment] },
      {
        actor: actor.userId,
        role: "bureau",
        action: "task-book.adjustment-proposed",
        detail: { seq: adjustment.seq, toRevision: adjustment.toRevision, changes: changes.length },
      },
      at,
    );
  });
}

/** One of the three signatures; the last applies the targets as the task book's new revision. */
export async function signAdjustment(
  deps: FollowupDeps,
  actor: Actor,
  projectId: string,
  seq: number,
): Promise<PerformanceRecord> {
  return retryOnConflict(async () => {
    const { project, track, at } = await projectFor(deps, actor, projectId, "sign-adjustment");
    const party = partyOf(actor, project);
    const current = await performanceOf(deps, project, at);
    const adjustment = current.record.adjustments.find((a) => a.seq === seq);
    if (!adjustment) {
      throw notFoundError("ADJUSTMENT_NOT_FOUND", `No adjustment ${seq}`, `无第${seq}次动态调整`);
    }
    // An ended project first: its pending adjustment was voided with it (projects/endings.ts).
    assertUnderWay(track);
    if (adjustment.status !== "awaiting-signatures") {
      throw conflictError("ADJUSTMENT_SIGNED", "This adjustment is signed", "该动态调整已签署");
    }
    if (track.taskBook.revision !== adjustment.fromRevision) {
      throw conflictError(
        "STALE_REVISION",
        `The task book is at revision ${track.taskBook.revision}, not the one adjusted`,
        `任务书已是第${track.taskBook.revision}版，与调整所依据的版本不同`,
      );
    }
    if (adjustment.signatures.some((s) => s.party === party)) {
      throw conflictError("ALREADY_SIGNED", `The ${party} has signed this adjustment`, "已签署本次调整");
    }
    const signatures = [
      ...adjustment.signatures,
      { party, by: actor.userId, organisationId: actor.organisationId, at },
    ];
    const complete = signatoryParties.every((p) => signatures.some((s) => s.party === p));
    const next: TargetAdjustment = {
      ...adjustment,
      signatures,
      ...(complete ? { status: "signed" as const, signedAt: at } : {}),
    };
    const adjustments = current.record.adjustments.map((a) => (a.seq === seq ? next : a));
    const note = { actor: actor.userId, role: party };
    if (!complete) {
      return savePerformance(
        deps,
        current,
        { adjustments },
        { ...note, action: "task-book.adjustment-signed", detail: { seq, party } },
        at,
      );
    }
    const book = track.taskBook;
    const { milestones } = adjustedMilestones(
      book.milestones,
      () => false,
      adjustment.changes.map((c) => ({ milestone: c.milestone, indicator: c.indicator, target: c.to })),
    );
    const after = bump(track, at, {
      taskBook: {
        ...book,
        revision: adjustment.toRevision,
        milestones,
        signatures: signatures.map((s) => ({ ...s, revision: adjustment.toRevision })),
        voided: [
          ...(book.voided ?? []),
          { revision: book.revision, parties: book.signatures.map((s) => s.party), at },
        ],
      },
    });
    return savePerformance(
      deps,
      current,
      { adjustments },
      { ...note, action: "task-book.adjustment-signed", detail: { seq, party, complete: true } },
      at,
      [
        updated(trackKind, track, after, {
          ...note,
          action: "task-book.adjusted",
          detail: { seq, revision: adjustment.toRevision, changes: adjustment.changes },
        }),
      ],
    );
  });
}
