// Use cases behind the Task states of workflows/challenge-publication.asl.json: the sign-off callback parked and
// applied, an overdue sign-off escalated, a lapsed resubmission, and the application window opened and closed on the
// clock.

import { retryOnConflict } from "../platform/ports/record-helpers.ts";
import {
  type ChallengeDeps,
  load,
  next,
  type PublicationTask,
  save,
  stateConflict,
  without,
} from "./common.ts";
import type { ChallengeRecord, ChallengeRecordStatus } from "./model.ts";

// ---- tasks of the challenge-publication workflow ----------------------------------------------------------------
// Each re-reads the challenge and applies its change once; a request that wrote in between makes it try again.

type TaskDeps = Pick<ChallengeDeps, "records" | "clock">;

const workflowActor = { actor: "workflow", role: "workflow" };

const expectedStatusOf: Record<PublicationTask, ChallengeRecordStatus> = {
  "bureau-sign-off": "awaiting-bureau",
  "approver-sign-off": "awaiting-approver",
  "sign-off-resubmission": "draft",
};

export async function parkPublicationToken(
  deps: TaskDeps,
  challengeId: string,
  round: number,
  kind: PublicationTask,
  token: string,
  executionArn: string,
): Promise<void> {
  return retryOnConflict(async () => {
    const c = await load(deps, challengeId);
    if (c.round !== round || c.status !== expectedStatusOf[kind]) {
      throw stateConflict(c, `wait for ${kind} on`, "进入等待");
    }
    if (c.pendingTask?.token === token) return;
    const at = deps.clock.now().toISOString();
    const after = next(c, at, {
      pendingTask: { kind, token, since: at },
      workflow: { ...c.workflow, executionArn },
    });
    await save(deps, c, after, at, workflowActor, `challenge.awaiting-${kind}`, { round });
  });
}

/** Applies the recorded sign-off: bureau approve → awaiting-approver; approver approve → scheduled (published); send-back → draft. */
export async function applySignOff(
  deps: TaskDeps,
  challengeId: string,
  round: number,
): Promise<{ status: ChallengeRecordStatus; window?: { opensAt: string; closesAt: string } }> {
  return retryOnConflict(async () => {
    const c = await load(deps, challengeId);
    const signOff = c.pendingSignOff;
    const report = (r: ChallengeRecord) => ({ status: r.status, ...(r.window ? { window: r.window } : {}) });
    if (!signOff || c.round !== round) return report(c); // applied already (a retried task)
    const at = deps.clock.now().toISOString();
    const base = without(c, "pendingSignOff", "pendingTask", "overdueSince");
    const signOffs = [...(c.signOffs ?? []), signOff];
    let after: ChallengeRecord;
    if (signOff.decision === "send-back") after = next(base, at, { status: "draft", signOffs });
    else if (signOff.stage === "bureau") after = next(base, at, { status: "awaiting-approver", signOffs });
    else {
      after = next(base, at, {
        status: "scheduled",
        publishedAt: at,
        signOffs,
        ...(c.caseByCase && signOff.caseByCaseApproved
          ? { caseByCase: { ...c.caseByCase, approvedBy: signOff.by, approvedAt: signOff.at } }
          : {}),
      });
    }
    const action =
      after.status === "scheduled"
        ? "challenge.published"
        : after.status === "draft"
          ? `challenge.sent-back-by-${signOff.stage}`
          : "challenge.bureau-approved";
    await save(deps, c, after, at, workflowActor, action, { by: signOff.by, round });
    return report(after);
  });
}

export async function escalateSignOff(deps: TaskDeps, challengeId: string, stage: string): Promise<void> {
  return retryOnConflict(async () => {
    const c = await load(deps, challengeId);
    const at = deps.clock.now().toISOString();
    const after = next(c, at, { overdueSince: c.overdueSince ?? at });
    await save(deps, c, after, at, workflowActor, "challenge.sign-off-overdue", { stage });
  });
}

/** Nobody resubmitted a sent-back draft in time: the execution ends; a later submission starts a fresh one. */
export async function lapseSubmission(deps: TaskDeps, challengeId: string, round: number): Promise<void> {
  return retryOnConflict(async () => {
    const c = await load(deps, challengeId);
    if (c.round !== round || c.status !== "draft" || !c.workflow?.executionName) return;
    const at = deps.clock.now().toISOString();
    const after = next(without(c, "pendingTask", "workflow"), at, {});
    await save(deps, c, after, at, workflowActor, "challenge.submission-lapsed", { round });
  });
}

/** The window opens (the workflow's clock reached opensAt). */
export async function openWindow(
  deps: TaskDeps,
  challengeId: string,
  round: number,
): Promise<{ status: ChallengeRecordStatus }> {
  return retryOnConflict(async () => {
    const c = await load(deps, challengeId);
    if (c.round !== round || c.status !== "scheduled") return { status: c.status };
    const at = deps.clock.now().toISOString();
    const after = next(c, at, { status: "open", openedAt: at });
    await save(deps, c, after, at, workflowActor, "challenge.window-opened", { round });
    return { status: after.status };
  });
}

/**
 * The window closes (the workflow's clock reached closesAt); then review starts: the challenge-award execution
 * `award-<id>-r<round>`, when `startAward` is given (the challenge-award state machine is in the catalog).
 */
export async function closeWindow(
  deps: TaskDeps,
  challengeId: string,
  round: number,
  startAward?: (c: ChallengeRecord) => Promise<{ executionArn: string }>,
): Promise<{ status: ChallengeRecordStatus; awardStarted: boolean }> {
  const closed = await retryOnConflict(async () => {
    const c = await load(deps, challengeId);
    if (c.round !== round || c.status !== "open") return c;
    const at = deps.clock.now().toISOString();
    const after = next(c, at, { status: "closed", closedAt: at });
    return save(deps, c, after, at, workflowActor, "challenge.window-closed", { round });
  });
  if (!startAward || closed.round !== round || closed.status === "open" || closed.status === "scheduled") {
    return { status: closed.status, awardStarted: false };
  }
  const { executionArn } = await startAward(closed); // idempotent by name
  await retryOnConflict(async () => {
    const c = await load(deps, challengeId);
    if (c.workflow?.awardExecutionArn === executionArn) return;
    const at = deps.clock.now().toISOString();
    const after = next(c, at, { workflow: { ...c.workflow, awardExecutionArn: executionArn } });
    await save(deps, c, after, at, workflowActor, "challenge.award-started", { executionArn, round });
  });
  return { status: closed.status, awardStarted: true };
}
