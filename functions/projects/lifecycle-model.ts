// Model of the executions a project's lifecycle runs in: the phase executions of project-phase, each written
// (create-only) by its hand-over (re-exported by model.ts).
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
