// Workbench: which execution a project is waiting in, from its track — the lifecycle chain's execution in charge
// (with the stage it is parked at), else the older project-phase's execution of the current phase; none once closed —
// and, the other way, the project a chain execution belongs to.

/** What of a project's track says where it runs (the project view's `track`). */
export interface TrackPosition {
  readonly status?: string;
  readonly phase?: number;
  readonly lifecycle?: {
    readonly machine: string;
    readonly execution: string;
    readonly parked?: { readonly stage: string };
  };
}

/** The project's current execution: its machine (catalog name) and execution name, while the project runs. */
export function currentExecution(
  projectId: string,
  track: TrackPosition | undefined,
): { machine: string; name: string; stage?: string } | undefined {
  if (!track || track.status === "closed") return undefined;
  if (track.lifecycle) {
    const { machine, execution, parked } = track.lifecycle;
    return parked ? { machine, name: execution, stage: parked.stage } : { machine, name: execution };
  }
  if (track.phase === undefined) return undefined;
  return { machine: "project-phase", name: `project-${projectId}-p${track.phase}` };
}

/**
 * The project whose chain of executions an execution belongs to (project-<id>-start|m<n>|acceptance-r<round>, by its
 * ARN or name), if it is one; an anniversary's (-y<n>-r<round>) or another machine's is not.
 */
export function chainProjectOf(execution: string): string | undefined {
  const name = execution.split(":").at(-1) ?? "";
  return /^project-(.+)-(?:start|m\d+|acceptance)-r\d+$/.exec(name)?.[1];
}
