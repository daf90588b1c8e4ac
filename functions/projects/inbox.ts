// The track's inbox (docs/project-lifecycle.md, "How an event reaches the waiting execution exactly once"): a use case
// appends its event in the same transaction as its change; the wake after it, or the next park, hands the oldest
// undelivered event to the parked callback, claiming it with a write guarded by the track's version.
import { bump, retryOnConflict } from "../platform/ports/record-helpers.ts";
import { type RecordStore, updated, workflowAudit } from "../platform/ports/records.ts";
import type { WorkflowEngine } from "../platform/ports/workflow-engine.ts";
import {
  type Acceptance,
  inboxKept,
  type LifecycleEvent,
  type LifecycleEventKind,
  type MilestoneProgress,
  type ProjectTrackRecord,
  trackKind,
} from "./model.ts";

/**
 * The inbox with `kind` appended, to spread into the use case's own change of the track; nothing when the project
 * is not on the chain of executions (project-phase's executions are woken without an event).
 */
export function withEvent(
  track: ProjectTrackRecord,
  at: string,
  kind: LifecycleEventKind,
  milestone?: number,
): { inbox?: readonly LifecycleEvent[] } {
  if (!track.lifecycle) return {};
  const inbox = track.inbox ?? [];
  const seq = (inbox.at(-1)?.seq ?? track.lifecycle.delivered) + 1;
  const event: LifecycleEvent = { seq, kind, at, ...(milestone !== undefined ? { milestone } : {}) };
  return { inbox: [...inbox, event].slice(-inboxKept) };
}

/** The oldest event not yet handed to an execution. */
export const undelivered = (track: ProjectTrackRecord): LifecycleEvent | undefined =>
  track.lifecycle ? track.inbox?.find((e) => e.seq > (track.lifecycle?.delivered ?? 0)) : undefined;

/** What the callback's output is: the event as the states route on it. */
export const eventOutput = (e: LifecycleEvent) => ({ ...e });

/**
 * Hands the oldest undelivered event to the parked callback: the claim (delivered moves, the park is cleared) is
 * written first, guarded by the version, so two wakes deliver it once; a token no longer waiting (its timeout came
 * first) gives the claim back, so the next park delivers the event.
 */
export async function deliverEvents(
  deps: { records: RecordStore; workflows: WorkflowEngine; clock: { now(): Date } },
  projectId: string,
): Promise<boolean> {
  const claim = await retryOnConflict(async () => {
    const track = await deps.records.get(trackKind, projectId);
    const lifecycle = track?.lifecycle;
    const event = track && undelivered(track);
    if (!track || !lifecycle?.parked || !event) return undefined;
    const at = deps.clock.now().toISOString();
    const { parked, ...unparked } = lifecycle;
    await deps.records.write(
      [
        updated(
          trackKind,
          track,
          bump(track, at, { lifecycle: { ...unparked, delivered: event.seq, wakes: lifecycle.wakes + 1 } }),
          workflowAudit("project.event-delivered", { seq: event.seq, kind: event.kind }),
        ),
      ],
      at,
    );
    return { token: parked.taskToken, event };
  });
  if (!claim) return false;
  if (await deps.workflows.completeTask(claim.token, eventOutput(claim.event))) return true;
  // The callback had timed out: give the claim back (unless more happened since), the next park delivers it.
  await retryOnConflict(async () => {
    const track = await deps.records.get(trackKind, projectId);
    const lifecycle = track?.lifecycle;
    if (!track || !lifecycle || lifecycle.delivered !== claim.event.seq || lifecycle.parked) return;
    const at = deps.clock.now().toISOString();
    await deps.records.write(
      [
        updated(
          trackKind,
          track,
          bump(track, at, { lifecycle: { ...lifecycle, delivered: claim.event.seq - 1 } }),
          workflowAudit("project.event-returned", { seq: claim.event.seq, kind: claim.event.kind }),
        ),
      ],
      at,
    );
  });
  return false;
}

/** The review's decision as an event (review-passed, -rectify, -failed); nothing while the review is open. */
export function withReviewEvent(
  track: ProjectTrackRecord,
  at: string,
  m: MilestoneProgress,
): { inbox?: readonly LifecycleEvent[] } {
  const kind = reviewEventKinds[m.status];
  return kind ? withEvent(track, at, kind, m.index) : {};
}
const reviewEventKinds: Partial<Record<MilestoneProgress["status"], LifecycleEventKind>> = {
  "awaiting-payment-opinion": "review-passed",
  rectifying: "review-rectify",
  failed: "review-failed",
};

/** The acceptance panel's decision as an event (acceptance-passed, -accepted, -failed); nothing while it is open. */
export function withAcceptanceEvent(
  track: ProjectTrackRecord,
  at: string,
  acceptance: Acceptance,
): { inbox?: readonly LifecycleEvent[] } {
  const kind = acceptanceEventKinds[acceptance.status];
  return kind ? withEvent(track, at, kind) : {};
}
const acceptanceEventKinds: Partial<Record<Acceptance["status"], LifecycleEventKind>> = {
  "awaiting-payment-opinion": "acceptance-passed",
  passed: "acceptance-accepted",
  failed: "acceptance-failed",
};

/** The events an anniversary's wait takes (project-anniversary): the day moves, or the project ends. */
const anniversaryEvents: ReadonlySet<LifecycleEventKind> = new Set([
  "extension-approved",
  "terminated",
  "fraud",
  "horse-race-closed",
]);

/**
 * After a use case's change (wake): when its event is one an anniversary takes, every parked anniversary slot
 * (lifecycle.anniversaries) is claimed — the parks cleared, guarded by the version: of two wakes one claims — and its
 * callback completed with the event. A callback that had timed out meanwhile is harmless: its execution plans again
 * from the records.
 */
export async function wakeAnniversaries(
  deps: { records: RecordStore; workflows: WorkflowEngine; clock: { now(): Date } },
  after: ProjectTrackRecord,
): Promise<number> {
  const event = after.inbox?.at(-1);
  if (!event || event.at !== after.updatedAt || !anniversaryEvents.has(event.kind)) return 0;
  if (!after.lifecycle?.anniversaries?.some((s) => s.parked)) return 0;
  const tokens = await retryOnConflict(async () => {
    const track = await deps.records.get(trackKind, after.projectId);
    const lifecycle = track?.lifecycle;
    const slots = lifecycle?.anniversaries ?? [];
    const parked = slots.flatMap((s) => (s.parked ? [s.parked.taskToken] : []));
    if (!track || !lifecycle || parked.length === 0) return [];
    const at = deps.clock.now().toISOString();
    const anniversaries = slots.map((s) => ({ years: s.years, execution: s.execution }));
    await deps.records.write(
      [
        updated(
          trackKind,
          track,
          bump(track, at, { lifecycle: { ...lifecycle, anniversaries } }),
          workflowAudit("project.anniversaries-woken", { seq: event.seq, kind: event.kind }),
        ),
      ],
      at,
    );
    return parked;
  });
  for (const token of tokens) await deps.workflows.completeTask(token, eventOutput(event));
  return tokens.length;
}
