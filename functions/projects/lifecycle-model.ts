// Model of the executions a project's lifecycle runs in (re-exported by model.ts): the chain of short executions of
// docs/project-lifecycle.md (project-start, project-milestone, project-anniversary, project-acceptance) with their
// bookkeeping record (PROJECT_LIFECYCLE: the execution in charge, its parked callback, the inbox of events for it), and
// the phase executions of the older project-phase.
import { listing, type RecordKind, type VersionedRecord } from "../platform/ports/records.ts";

// ---- phases: one execution each -----------------------------------------------------------------------------
/** A phase execution, written (create-only) by the hand-over before it starts the execution. */
export interface ProjectPhaseRecord extends VersionedRecord {
  readonly projectId: string;
  readonly phase: number;
  readonly executionName: string;
  readonly startedAt: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export const phaseStateMachine = "project-phase";
export const phaseExecutionName = (projectId: string, phase: number) => `project-${projectId}-p${phase}`;
export const phaseId = (projectId: string, phase: number) => `php-${projectId}-${phase}`;

export const phaseKind: RecordKind<ProjectPhaseRecord> = {
  name: "PROJECT_PHASE",
  indexKeys: (p) => ({
    gsi1pk: phasesOfProject(p.projectId).partition,
    gsi1sk: String(p.phase).padStart(4, "0"),
  }),
};

/** A project's phase executions, in order. */
export const phasesOfProject = (projectId: string) =>
  listing<ProjectPhaseRecord>("gsi1", `PROJECT#${projectId}#PHASE`);

// ---- the lifecycle's chain of executions (docs/project-lifecycle.md) ---------------------------------------------
/** What a use case tells the waiting execution: the kinds its states route on (RouteInterrupt and each stage's). */
export const lifecycleEventKinds = [
  // project-start: the bureau amended the draft (the signatures start again), the third signature signed it
  "task-book-amended",
  "task-book-signed",
  "report-filed",
  "panel-named",
  "review-passed",
  "review-rectify",
  "review-failed",
  "opinion-confirmed",
  "extension-approved",
  // the bureau rejected an extension: nothing moves, but the waiting state resumes (its park writes the audit report)
  "extension-rejected",
  "termination-proposed",
  "termination-rejected",
  "terminated",
  "fraud",
  "horse-race-closed",
  "horse-race-continues",
  // project-acceptance (结题验收): asked for, the plan agreed by both parties, the panel's decision (passed with a final
  // payment opinion to come, accepted outright when the task book has no final tranche, failed), the final opinion
  "acceptance-requested",
  "acceptance-plan-agreed",
  "acceptance-passed",
  "acceptance-accepted",
  "acceptance-failed",
  "acceptance-opinion-confirmed",
] as const;
export type LifecycleEventKind = (typeof lifecycleEventKinds)[number];

/** An event in the project's inbox, appended by its use case in the same transaction as its change (of the track). */
export interface LifecycleEvent {
  /** 1, 2, … on the track; `lifecycle.delivered` is the last one handed to an execution. */
  readonly seq: number;
  readonly kind: LifecycleEventKind;
  readonly at: string;
  readonly milestone?: number;
}
/** The inbox keeps the last events only (the console's history of interrupts); the audit trail keeps all. */
export const inboxKept = 50;
/** Wakes one execution takes before it hands over, to stay far inside 25,000 history events (≈ 16 a wake). */
export const wakeBudget = 1000;

/** The execution in charge of the project on the new machines, and the callback it is parked on. */
export interface Lifecycle {
  readonly machine: string;
  /** The execution's name (project-<id>-m<n>-r<round>, …); only it may park. */
  readonly execution: string;
  readonly startedAt: string;
  /** The last event handed to an execution (0: none yet). */
  readonly delivered: number;
  /** Wakes delivered to the execution in charge (wakeBudget). */
  readonly wakes: number;
  readonly parked?: { readonly taskToken: string; readonly stage: string; readonly since: string };
  /**
   * The anniversary executions running beside the one in charge (project-<id>-y<years>-r<round>), each with its own
   * parked callback: an approved extension and the endings complete it (wakeAnniversaries), nothing else.
   */
  readonly anniversaries?: readonly AnniversarySlot[];
}

/** One anniversary tranche's execution and the callback it is parked on. */
export interface AnniversarySlot {
  readonly years: number;
  /** Its execution's name; only it may park in the slot. */
  readonly execution: string;
  readonly parked?: { readonly taskToken: string; readonly since: string };
}

export const lifecycleMachines = {
  start: "project-start",
  milestone: "project-milestone",
  anniversary: "project-anniversary",
  acceptance: "project-acceptance",
} as const;
export const startExecutionName = (projectId: string, round: number) =>
  `project-${projectId}-start-r${round}`;
export const milestoneExecutionName = (projectId: string, milestone: number, round: number) =>
  `project-${projectId}-m${milestone}-r${round}`;
export const anniversaryExecutionName = (projectId: string, years: number, round: number) =>
  `project-${projectId}-y${years}-r${round}`;
export const acceptanceExecutionName = (projectId: string, round: number) =>
  `project-${projectId}-acceptance-r${round}`;

/**
 * The chain's bookkeeping of one project (id = the project id), apart from its track so that a park, a delivery or a
 * hand-over writes this small record and not the whole track (docs/project-lifecycle.md, "Write units"). It exists
 * once the project is on the chain (the first hand-over creates it). Execution plumbing, written without an audit
 * event (docs/security.md, "Execution plumbing without an audit trail"): the callback token, the delivery claims and
 * the execution in charge are Step Functions' own history; every business change that appends an event is audited on
 * the track in the same transaction, and each execution of the chain has its audited PROJECT_EXECUTION record.
 */
export interface ProjectLifecycleRecord extends VersionedRecord {
  readonly projectId: string;
  readonly lifecycle: Lifecycle;
  /** The last `inboxKept` events, oldest first. */
  readonly inbox: readonly LifecycleEvent[];
  readonly updatedAt: string;
}

/** Read by the project's id only, never listed: no index keys (an index entry would bill each write again). */
export const lifecycleKind: RecordKind<ProjectLifecycleRecord> = {
  name: "PROJECT_LIFECYCLE",
  indexKeys: () => ({}),
  unaudited: true,
};

/** An execution of the chain, written (create-only) by the hand-over that starts it: the project's history. */
export interface ProjectExecutionRecord extends VersionedRecord {
  readonly projectId: string;
  readonly machine: string;
  readonly executionName: string;
  readonly startedAt: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}
export const projectExecutionId = (executionName: string) => `pex-${executionName}`;
export const projectExecutionKind: RecordKind<ProjectExecutionRecord> = {
  name: "PROJECT_EXECUTION",
  indexKeys: (p) => ({
    gsi1pk: executionsOfProject(p.projectId).partition,
    gsi1sk: `${p.startedAt}#${p.id}`,
  }),
};
/** A project's executions on the new machines, oldest first. */
export const executionsOfProject = (projectId: string) =>
  listing<ProjectExecutionRecord>("gsi1", `PROJECT#${projectId}#EXECUTION`);
