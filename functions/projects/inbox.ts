// The project's inbox (docs/project-lifecycle.md, "How an event reaches the waiting execution exactly once"), on the
// chain's bookkeeping record (PROJECT_LIFECYCLE, apart from the track): a use case appends its event in the same
// transaction as its change of the track; the wake after it, or the next park, hands the oldest undelivered event to
// the parked callback, claiming it with a write guarded by the bookkeeping record's version.
import { retryOnConflict } from "../platform/ports/record-helpers.ts";
import { type RecordStore, type RecordWrite, unaudited } from "../platform/ports/records.ts";
import type { WorkflowEngine } from "../platform/ports/workflow-engine.ts";
import {
  type Acceptance,
  inboxKept,
  type LifecycleEvent,
  type LifecycleEventKind,
  lifecycleKind,
  type MilestoneProgress,
  type ProjectLifecycleRecord,
  type ProjectTrackRecord,
  trackKind,
} from "./model.ts";

/**
 * The project's chain bookkeeping: its record, or — a track written before the record existed, which carries
 * `lifecycle` and `inbox` itself — that copy as the record's version 0, which its first write creates (the create's
 * condition makes it once). Once the record exists the track's copy is never read again. Undefined: not on the chain
 * (project-phase, or not started).
 */
export function chainOf(
  track: ProjectTrackRecord | undefined,
  stored: ProjectLifecycleRecord | undefined,
): ProjectLifecycleRecord | undefined {
  if (stored) return stored;
  if (!track?.lifecycle) return undefined;
  return {
    id: track.projectId,
    version: 0,
    projectId: track.projectId,
    lifecycle: track.lifecycle,
    inbox: track.inbox ?? [],
    updatedAt: track.updatedAt,
  };
}

/** The chain's bookkeeping as stored now (the track read only when the record is absent: a track from before it). */
export async function loadChain(
  deps: { records: RecordStore },
  projectId: string,
): Promise<ProjectLifecycleRecord | undefined> {
  const stored = await deps.records.get(lifecycleKind, projectId);
  return stored ?? chainOf(await deps.records.get(trackKind, projectId), undefined);
}

/** The bookkeeping record changed, and its write (no audit event: ports/records.ts unaudited). */
export function chainChange(
  chain: ProjectLifecycleRecord,
  at: string,
  changes: Partial<Pick<ProjectLifecycleRecord, "lifecycle" | "inbox">>,
): { after: ProjectLifecycleRecord; write: RecordWrite } {
  const after: ProjectLifecycleRecord = { ...chain, ...changes, version: chain.version + 1, updatedAt: at };
  return { after, write: unaudited(lifecycleKind, chain.version === 0 ? undefined : chain, after) };
}

/**
 * The write appending `kind` to the inbox, to add to the use case's own transaction (its change of the track); none
 * when the project is not on the chain of executions (project-phase's executions are woken without an event).
 */
export function withEvent(
  chain: ProjectLifecycleRecord | undefined,
  at: string,
  kind: LifecycleEventKind,
  milestone?: number,
): RecordWrite[] {
  if (!chain) return [];
  const seq = (chain.inbox.at(-1)?.seq ?? chain.lifecycle.delivered) + 1;
  const event: LifecycleEvent = { seq, kind, at, ...(milestone !== undefined ? { milestone } : {}) };
  return [chainChange(chain, at, { inbox: [...chain.inbox, event].slice(-inboxKept) }).write];
}

/** The oldest event not yet handed to an execution. */
export const undelivered = (chain: ProjectLifecycleRecord): LifecycleEvent | undefined =>
  chain.inbox.find((e) => e.seq > chain.lifecycle.delivered);

/** What the callback's output is: the event as the states route on it. */
export const eventOutput = (e: LifecycleEvent) => ({ ...e });

/**
 * Hands the oldest undelivered event to the parked callback: the claim (delivered moves, the park is cleared) is
 * written first, guarded by the bookkeeping record's version, so two wakes deliver it once; a token no longer waiting
 * (its timeout came first) gives the claim back, so the next park delivers the event.
 */
export async function deliverEvents(
  deps: { records: RecordStore; workflows: WorkflowEngine; clock: { now(): Date } },
  projectId: string,
  /** The chain's record as the caller just read it, for the first attempt (a retry reads it afresh). */
  read?: ProjectLifecycleRecord,
): Promise<boolean> {
  let unused = read;
  const claim = await retryOnConflict(async () => {
    const chain = unused ?? (await loadChain(deps, projectId));
    unused = undefined;
    const parked = chain?.lifecycle.parked;
    const event = chain && undelivered(chain);
    if (!chain || !parked || !event) return undefined;
    const at = deps.clock.now().toISOString();
    const { parked: _claimed, ...unparked } = chain.lifecycle;
    const lifecycle = { ...unparked, delivered: event.seq, wakes: chain.lifecycle.wakes + 1 };
    await deps.records.write([chainChange(chain, at, { lifecycle }).write], at);
    return { token: parked.taskToken, event };
  });
  if (!claim) return false;
  if (await deps.workflows.completeTask(claim.token, eventOutput(claim.event))) return true;
  // The callback had timed out: give the claim back (unless more happened since), the next park delivers it.
  await retryOnConflict(async () => {
    const chain = await loadChain(deps, projectId);
    const lifecycle = chain?.lifecycle;
    if (!chain || !lifecycle || lifecycle.delivered !== claim.event.seq || lifecycle.parked) return;
    const at = deps.clock.now().toISOString();
    await deps.records.write(
      [chainChange(chain, at, { lifecycle: { ...lifecycle, delivered: claim.event.seq - 1 } }).write],
      at,
    );
  });
  return false;
}

/** The review's decision as an event (review-passed, -rectify, -failed); nothing while the review is open. */
export function withReviewEvent(
  chain: ProjectLifecycleRecord | undefined,
  at: string,
  m: MilestoneProgress,
): RecordWrite[] {
  const kind = reviewEventKinds[m.status];
  return kind ? withEvent(chain, at, kind, m.index) : [];
}
const reviewEventKinds: Partial<Record<MilestoneProgress["status"], LifecycleEventKind>> = {
  "awaiting-payment-opinion": "review-passed",
  rectifying: "review-rectify",
  failed: "review-failed",
};

/** The acceptance panel's decision as an event (acceptance-passed, -accepted, -failed); nothing while it is open. */
export function withAcceptanceEvent(
  chain: ProjectLifecycleRecord | undefined,
  at: string,
  acceptance: Acceptance,
): RecordWrite[] {
  const kind = acceptanceEventKinds[acceptance.status];
  return kind ? withEvent(chain, at, kind) : [];
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
 * After a use case's change at `at` (wake): when the event it appended is one an anniversary takes, every parked
 * anniversary slot (lifecycle.anniversaries) is claimed — the parks cleared, guarded by the bookkeeping record's
 * version: of two wakes one claims — and its callback completed with the event. A callback that had timed out meanwhile
 * is harmless: its execution plans again from the records.
 */
export async function wakeAnniversaries(
  deps: { records: RecordStore; workflows: WorkflowEngine; clock: { now(): Date } },
  seen: ProjectLifecycleRecord,
  at: string,
): Promise<number> {
  const event = seen.inbox.at(-1);
  if (!event || event.at !== at || !anniversaryEvents.has(event.kind)) return 0;
  if (!seen.lifecycle.anniversaries?.some((s) => s.parked)) return 0;
  const tokens = await retryOnConflict(async () => {
    const chain = await loadChain(deps, seen.projectId);
    const slots = chain?.lifecycle.anniversaries ?? [];
    const parked = slots.flatMap((s) => (s.parked ? [s.parked.taskToken] : []));
    if (!chain || parked.length === 0) return [];
    const now = deps.clock.now().toISOString();
    const anniversaries = slots.map((s) => ({ years: s.years, execution: s.execution }));
    await deps.records.write(
      [chainChange(chain, now, { lifecycle: { ...chain.lifecycle, anniversaries } }).write],
      now,
    );
    return parked;
  });
  for (const token of tokens) await deps.workflows.completeTask(token, eventOutput(event));
  return tokens.length;
}
