// Use cases of the project's chain of executions (docs/project-lifecycle.md): starting the chain at a milestone, the
// park of every wait (one task, with its stage) delivering the inbox's events, and the hand-overs — to the next
// milestone's execution (StartNextMilestone) and to the next round of the same one (HandOverMilestone) — exactly once.
import { listAll, retryOnConflict } from "../platform/ports/record-helpers.ts";
import {
  type AuditNote,
  created,
  type RecordWrite,
  unaudited,
  workflowAudit,
} from "../platform/ports/records.ts";
import { startAnniversariesTask } from "./anniversary-workflow.ts";
import { auditReportsThenTrack } from "./audit-reports.ts";
import { loadTrack, loadTrackAndChain, type ProjectDeps } from "./common.ts";
import { chainChange, chainOf, eventOutput, loadChain, undelivered } from "./inbox.ts";
import {
  acceptanceExecutionName,
  horseRaceKeyMilestoneOf,
  type Lifecycle,
  lifecycleKind,
  lifecycleMachines,
  milestoneExecutionName,
  type ProjectTrackRecord,
  projectExecutionId,
  projectExecutionKind,
  projectKind,
  projectsOfChallenge,
  startExecutionName,
  wakeBudget,
} from "./model.ts";
import { acceptanceStage } from "./rules/acceptance-stage.ts";
import { milestoneStage } from "./rules/milestone-timers.ts";
import { startStage } from "./rules/start-stage.ts";
import { acceptanceTerms, milestoneTerms, startTerms } from "./rules/terms.ts";

/** The execution that hands over, and the execution it names next. */
interface HandOver {
  readonly projectId: string;
  /** The audit note of the execution's record (default: the workflow's `project.execution-created`). */
  readonly note?: AuditNote;
  /** The execution handing over ($$.Execution.Name), or none when the chain starts. */
  readonly from?: string;
  readonly machine: string;
  readonly to: string;
  readonly input: Record<string, unknown>;
}

/**
 * The hand-over: a conditional write moves `lifecycle.execution` to the next name (on the chain's bookkeeping record,
 * created by the first hand-over) and creates the execution's audited record, `project.execution-created` from the
 * execution before (a duplicate or retried hand-over finds it moved and writes nothing), then StartExecution by the
 * name (idempotent). An execution no longer in charge starts nothing.
 */
export async function handOver(
  deps: ProjectDeps,
  h: HandOver,
): Promise<{ executionName: string; started: boolean }> {
  // The callback the execution handing over left parked (a hand-over asked from outside it, or its timed-out wait).
  let stale: string | undefined;
  const inCharge = await retryOnConflict(async () => {
    const chain = await loadChain(deps, h.projectId);
    const current = chain?.lifecycle.execution;
    if (current === h.to) return true;
    if (current !== h.from) return false;
    stale = chain?.lifecycle.parked?.taskToken;
    const at = deps.clock.now().toISOString();
    const lifecycle: Lifecycle = {
      machine: h.machine,
      execution: h.to,
      startedAt: at,
      delivered: chain?.lifecycle.delivered ?? 0,
      wakes: 0,
      // The anniversaries run on beside the chain (project-anniversary): their slots pass to the next execution.
      ...(chain?.lifecycle.anniversaries ? { anniversaries: chain.lifecycle.anniversaries } : {}),
    };
    const writes: RecordWrite[] = [
      chain
        ? chainChange(chain, at, { lifecycle }).write
        : unaudited(lifecycleKind, undefined, {
            id: h.projectId,
            version: 1,
            projectId: h.projectId,
            lifecycle,
            inbox: [],
            updatedAt: at,
          }),
      created(
        projectExecutionKind,
        {
          id: projectExecutionId(h.to),
          version: 1,
          projectId: h.projectId,
          machine: h.machine,
          executionName: h.to,
          startedAt: at,
          createdAt: at,
          updatedAt: at,
        },
        h.note ?? workflowAudit("project.execution-created", { executionName: h.to, from: h.from ?? null }),
      ),
    ];
    await deps.records.write(writes, at);
    return true;
  });
  if (!inCharge) return { executionName: h.to, started: false };
  // No longer in charge, a parked execution ends now (Superseded) rather than at its timer; a token no longer waiting
  // answers false. Should a crash come first, it ends at its next look (its park answers `superseded`).
  if (stale) await deps.workflows.completeTask(stale, { kind: "superseded" });
  deps.faults?.crashPoint("project.handover.after-write");
  await deps.workflows.start(h.machine, h.to, h.input);
  return { executionName: h.to, started: true };
}

/** The input of project-<id>-m<milestone>-r<round>; the horse race's key milestone when rivals share the challenge. */
async function milestoneInput(
  deps: ProjectDeps,
  track: ProjectTrackRecord,
  milestone: number,
  round: number,
  correlationId: string,
): Promise<Record<string, unknown>> {
  const project = await deps.records.get(projectKind, track.projectId);
  const rivals = project
    ? (await listAll(deps.records, projectsOfChallenge(project.challengeId))).some((p) => p.id !== project.id)
    : false;
  const keyMilestone = rivals && horseRaceKeyMilestoneOf(track) === milestone;
  return {
    projectId: track.projectId,
    milestone,
    round,
    keyMilestone,
    correlationId,
    terms: milestoneTerms(),
  };
}

/** The input of project-<id>-acceptance-r<round>. */
export const acceptanceInput = (projectId: string, round: number, correlationId: string) => ({
  projectId,
  round,
  correlationId,
  terms: acceptanceTerms(),
});

/**
 * The input of project-<id>-start-r<round>; without a correlation id the engine gives it the current one (the
 * request's that drafted the task book), so the draft's id reaches the execution and its tasks.
 */
export const startInput = (projectId: string, round: number, correlationId?: string) => ({
  projectId,
  round,
  ...(correlationId ? { correlationId } : {}),
  terms: startTerms(),
});

/**
 * Puts a project on the chain at its first milestone not passed (project-<id>-m<n>-r1); the execution of
 * project-phase parked on the track ends at its next look (stepTask answers `done` on a track with `lifecycle`).
 */
export async function startLifecycle(
  deps: ProjectDeps,
  projectId: string,
  correlationId = `project-${projectId}`,
): Promise<{ executionName: string; started: boolean }> {
  const track = await loadTrack(deps, projectId);
  const milestone = track.milestones.find((m) => m.status !== "passed")?.index ?? 1;
  const started = await handOver(deps, {
    projectId,
    machine: lifecycleMachines.milestone,
    to: milestoneExecutionName(projectId, milestone, 1),
    input: await milestoneInput(deps, track, milestone, 1, correlationId),
  });
  if (track.pendingTask) await deps.workflows.completeTask(track.pendingTask.token, { woken: true });
  return started;
}

/**
 * Puts a drafted project on the chain at its start (project-<id>-start-r1: the signatures, then milestone 1); the
 * execution of project-phase parked on the track ends at its next look. `draftTaskBook` calls it (docs/project-lifecycle.md).
 */
export async function startSignatures(
  deps: ProjectDeps,
  projectId: string,
  correlationId?: string,
): Promise<{ executionName: string; started: boolean }> {
  const track = await loadTrack(deps, projectId);
  const started = await handOver(deps, {
    projectId,
    machine: lifecycleMachines.start,
    to: startExecutionName(projectId, 1),
    input: startInput(projectId, 1, correlationId),
  });
  if (track.pendingTask) await deps.workflows.completeTask(track.pendingTask.token, { woken: true });
  return started;
}

/** StartNextMilestone: hands over to project-<id>-m<n+1>-r1, or to acceptance after the last milestone. */
export async function startNextMilestoneTask(
  deps: ProjectDeps,
  input: { projectId: string; milestone: number; execution: string; correlationId?: string },
): Promise<{ executionName: string }> {
  const track = await loadTrack(deps, input.projectId);
  const correlationId = input.correlationId ?? `project-${input.projectId}`;
  const last = input.milestone >= track.milestones.length;
  const to = last
    ? acceptanceExecutionName(input.projectId, 1)
    : milestoneExecutionName(input.projectId, input.milestone + 1, 1);
  const next = await handOver(deps, {
    projectId: input.projectId,
    from: input.execution,
    machine: last ? lifecycleMachines.acceptance : lifecycleMachines.milestone,
    to,
    input: last
      ? acceptanceInput(input.projectId, 1, correlationId)
      : await milestoneInput(deps, track, input.milestone + 1, 1, correlationId),
  });
  return { executionName: next.executionName };
}

/** HandOverMilestone: hands over to project-<id>-m<n>-r<round+1> before this execution nears its horizon. */
export async function handOverMilestoneTask(
  deps: ProjectDeps,
  input: { projectId: string; milestone: number; round: number; execution: string; correlationId?: string },
): Promise<{ executionName: string }> {
  const track = await loadTrack(deps, input.projectId);
  const round = input.round + 1;
  const next = await handOver(deps, {
    projectId: input.projectId,
    from: input.execution,
    machine: lifecycleMachines.milestone,
    to: milestoneExecutionName(input.projectId, input.milestone, round),
    input: await milestoneInput(
      deps,
      track,
      input.milestone,
      round,
      input.correlationId ?? `project-${input.projectId}`,
    ),
  });
  return { executionName: next.executionName };
}

/** What a park answers at once instead of waiting: an event, or `changed`/`superseded`/`hand-over`. */
type ParkAnswer = { kind: string } & Record<string, unknown>;

/**
 * Every wait of the chain's machines: first writes the audit reports (审计报告) of the decisions not yet reported (a
 * review's verdict, a payment opinion, an extension or termination decision: the decision woke the execution, which
 * waits next, as project-phase's step wrote them), then parks the callback on the chain's bookkeeping record (its
 * write guarded by that record's version, which every event's append moves), unless it must answer at once — the execution
 * is no longer in charge (`superseded`: it ends), the wake budget is spent (`hand-over`), an event is undelivered (the
 * oldest, claimed as the wake claims it), or the records have moved past this stage (`changed`: it locates again).
 * `stageNow` is the machine's reading of the records (milestoneStage, startStage).
 */
async function park(
  deps: ProjectDeps,
  input: { projectId: string; stage: string; token: string; execution: string },
  stageNow: (track: ProjectTrackRecord) => string,
): Promise<{ parked: boolean }> {
  // The track the reports step read (or wrote) serves the first attempt: only the chain's record is read again (a
  // change of the track that moves the stage appends an event, which moves that record's version: the park's write
  // then conflicts and the retry reads both afresh).
  let unused = (await auditReportsThenTrack(deps, input.projectId)).track;
  const answer = await retryOnConflict(async (): Promise<ParkAnswer | undefined> => {
    const first = unused;
    unused = undefined;
    const { track, chain } = first
      ? { track: first, chain: chainOf(first, await deps.records.get(lifecycleKind, input.projectId)) }
      : await loadTrackAndChain(deps, input.projectId);
    const lifecycle = chain?.lifecycle;
    if (!chain || !lifecycle || lifecycle.execution !== input.execution) return { kind: "superseded" };
    if (lifecycle.parked?.taskToken === input.token) return undefined;
    const at = deps.clock.now().toISOString();
    const event = undelivered(chain);
    const spent = lifecycle.wakes >= wakeBudget;
    const moved = stageNow(track) !== input.stage;
    const { parked: _previous, ...unparked } = lifecycle;
    const next: Lifecycle =
      spent || event
        ? {
            ...unparked,
            delivered: event && !spent ? event.seq : lifecycle.delivered,
            wakes: lifecycle.wakes + 1,
          }
        : moved
          ? lifecycle
          : { ...unparked, parked: { taskToken: input.token, stage: input.stage, since: at } };
    if (next !== lifecycle) await deps.records.write([chainChange(chain, at, { lifecycle: next }).write], at);
    if (spent) return { kind: "hand-over" };
    if (event) return eventOutput(event);
    return moved ? { kind: "changed" } : undefined;
  });
  if (!answer) return { parked: true };
  await deps.workflows.completeTask(input.token, answer);
  return { parked: false };
}

/** Every wait of project-milestone (its stage as milestoneStage reads it). */
export function parkStageTask(
  deps: ProjectDeps,
  input: {
    projectId: string;
    milestone: number;
    keyMilestone: boolean;
    stage: string;
    token: string;
    execution: string;
  },
): Promise<{ parked: boolean }> {
  return park(deps, input, (track) => milestoneStage(track, input.milestone, input.keyMilestone));
}

/** Every wait of project-start (its stage as startStage reads it). */
export function parkStartTask(
  deps: ProjectDeps,
  input: { projectId: string; stage: string; token: string; execution: string },
): Promise<{ parked: boolean }> {
  return park(deps, input, startStage);
}

/**
 * StartFirstMilestone: the task book signed (tranche 1 made eligible by the signing itself), hands over from
 * project-<id>-start-r<n> to project-<id>-m1-r1.
 */
export async function startFirstMilestoneTask(
  deps: ProjectDeps,
  input: { projectId: string; execution: string; correlationId?: string },
): Promise<{ executionName: string }> {
  const track = await loadTrack(deps, input.projectId);
  const next = await handOver(deps, {
    projectId: input.projectId,
    from: input.execution,
    machine: lifecycleMachines.milestone,
    to: milestoneExecutionName(input.projectId, 1, 1),
    input: await milestoneInput(deps, track, 1, 1, input.correlationId ?? `project-${input.projectId}`),
  });
  return { executionName: next.executionName };
}

/** HandOverStart: hands over to project-<id>-start-r<round+1> before this execution nears its horizon. */
export async function handOverStartTask(
  deps: ProjectDeps,
  input: { projectId: string; round: number; execution: string; correlationId?: string },
): Promise<{ executionName: string }> {
  const round = input.round + 1;
  const next = await handOver(deps, {
    projectId: input.projectId,
    from: input.execution,
    machine: lifecycleMachines.start,
    to: startExecutionName(input.projectId, round),
    input: startInput(input.projectId, round, input.correlationId ?? `project-${input.projectId}`),
  });
  return { executionName: next.executionName };
}

/** Every wait of project-acceptance (its stage as acceptanceStage reads it). */
export function parkAcceptanceTask(
  deps: ProjectDeps,
  input: { projectId: string; stage: string; token: string; execution: string },
): Promise<{ parked: boolean }> {
  return park(deps, input, acceptanceStage);
}

/** HandOverAcceptance: hands over to project-<id>-acceptance-r<round+1> before this execution nears its horizon. */
export async function handOverAcceptanceTask(
  deps: ProjectDeps,
  input: { projectId: string; round: number; execution: string; correlationId?: string },
): Promise<{ executionName: string }> {
  const round = input.round + 1;
  const next = await handOver(deps, {
    projectId: input.projectId,
    from: input.execution,
    machine: lifecycleMachines.acceptance,
    to: acceptanceExecutionName(input.projectId, round),
    input: acceptanceInput(input.projectId, round, input.correlationId ?? `project-${input.projectId}`),
  });
  return { executionName: next.executionName };
}

/**
 * The chain's execution for the stage the records say, in `round`: drafting → project-<id>-start-r<round>; in progress
 * → project-<id>-m<first not passed>-r<round> (its LocateMilestone finds the step); every milestone passed →
 * project-<id>-acceptance-r<round>.
 */
export async function executionFromRecords(
  deps: ProjectDeps,
  track: ProjectTrackRecord,
  round: number,
  correlationId: string,
): Promise<{ machine: string; to: string; input: Record<string, unknown> }> {
  const projectId = track.projectId;
  const milestone = track.milestones.find((m) => m.status !== "passed")?.index;
  if (track.status === "drafting")
    return {
      machine: lifecycleMachines.start,
      to: startExecutionName(projectId, round),
      input: startInput(projectId, round, correlationId),
    };
  if (milestone !== undefined)
    return {
      machine: lifecycleMachines.milestone,
      to: milestoneExecutionName(projectId, milestone, round),
      input: await milestoneInput(deps, track, milestone, round, correlationId),
    };
  return {
    machine: lifecycleMachines.acceptance,
    to: acceptanceExecutionName(projectId, round),
    input: acceptanceInput(projectId, round, correlationId),
  };
}

/** What the migration from project-phase did, or would do (a dry run), for one project. */
export interface ChainMigration {
  readonly projectId: string;
  /** `moved`: put on the chain now; `on-chain`: already there (a second run); `closed`: nothing runs any more. */
  readonly outcome: "moved" | "on-chain" | "closed";
  readonly executionName?: string;
  readonly anniversaries?: readonly string[];
}

/**
 * The one-off migration of a project still on project-phase (docs/project-lifecycle.md, "Projects already running on
 * project-phase"): a track without `lifecycle` goes on the chain at the stage its records say — drafting →
 * project-<id>-start-r1; in progress → project-<id>-m<first not passed>-r1 (its LocateMilestone finds the stage) and
 * an anniversary execution per anniversary tranche still planned; every milestone passed → project-<id>-acceptance-r1.
 * The hand-over's conditional write makes it once (a second run finds `lifecycle` and writes nothing); the phase
 * execution parked is woken, and its step answers `done` on a track with `lifecycle`.
 */
export async function migrateToChain(
  deps: ProjectDeps,
  projectId: string,
  options: { dryRun?: boolean } = {},
): Promise<ChainMigration> {
  const track = await loadTrack(deps, projectId);
  const chain = await loadChain(deps, projectId);
  if (track.status === "closed") {
    return chain
      ? { projectId, outcome: "on-chain", executionName: chain.lifecycle.execution }
      : { projectId, outcome: "closed" };
  }
  const correlationId = `project-${projectId}`;
  const next = await executionFromRecords(deps, track, 1, correlationId);
  if (chain) {
    // A run that died between its write and StartExecution left `lifecycle` naming an execution never started: it is
    // started now, by name — one already running (or ended) is returned, never a second. Its anniversaries likewise.
    if (!options.dryRun && chain.lifecycle.execution === next.to) {
      await deps.workflows.start(next.machine, next.to, next.input);
      if (track.status !== "drafting")
        await startAnniversariesTask(deps, { projectId, execution: next.to, correlationId });
      const parked = track.pendingTask;
      if (parked) await deps.workflows.completeTask(parked.token, { woken: true });
    }
    return { projectId, outcome: "on-chain", executionName: chain.lifecycle.execution };
  }
  if (options.dryRun) return { projectId, outcome: "moved", executionName: next.to };
  const moved = await handOver(deps, { projectId, ...next });
  // Signed before the migration: the anniversaries run beside the chain from now (project-start starts them otherwise).
  const anniversaries =
    moved.started && track.status !== "drafting"
      ? (await startAnniversariesTask(deps, { projectId, execution: next.to, correlationId })).started
      : [];
  const parked = (await loadTrack(deps, projectId)).pendingTask;
  if (parked) await deps.workflows.completeTask(parked.token, { woken: true });
  return { projectId, outcome: "moved", executionName: moved.executionName, anniversaries };
}
