// Use case of an operator on a project's chain of executions (docs/project-lifecycle.md, "Resuming a chain"): a new
// round of the stage the records say when the execution in charge ended without handing over, by the chain's own
// hand-over (functions/projects/lifecycle.ts), audited with who and why. The CLI: local/cli/projects.ts.
import { conflictError } from "../kernel/errors.ts";
import type { AuditNote } from "../platform/ports/records.ts";
import type { ExecutionStatus } from "../platform/ports/workflow-engine.ts";
import { loadTrack, type ProjectDeps } from "./common.ts";
import { loadChain } from "./inbox.ts";
import { executionFromRecords, handOver } from "./lifecycle.ts";

/** What a resume of the chain did: the execution in charge before, how it had ended, and the one started. */
export interface ChainResume {
  readonly projectId: string;
  /** The execution the chain named, and its status then (`none`: it was never started). */
  readonly from: { readonly executionName: string; readonly status: ExecutionStatus | "none" };
  /** `resumed`: a new round located from the records; `started`: the execution the chain named, started by name. */
  readonly outcome: "resumed" | "started";
  readonly executionName: string;
}

/** How many rounds of one stage a resume looks past for a name not yet used. */
const resumeRoundsMax = 50;

/**
 * An operator's resume of a project's chain whose execution in charge ended without handing over (FAILED, TIMED_OUT
 * or ABORTED — past AWS's 14 days for a redrive, or ended in a Fail state a redrive would only repeat — or SUCCEEDED
 * with the project still open): a new round of the stage the records say (its Locate state finds the step), handed
 * over from the ended execution exactly once (the chain's conditional write; a second resume finds the new round
 * running and is refused), audited `project.execution-resumed` with who and why. An execution the chain names but
 * never started (a crash between the hand-over's write and StartExecution) is started by that name. Refused while the
 * execution runs (409 EXECUTION_RUNNING: stop it first, or redrive it), for a closed project (409 PROJECT_CLOSED), for
 * a project not yet on the chain (409 NOT_ON_CHAIN: `migrate project-lifecycle`) and when the chain moved on meanwhile
 * (409 CHAIN_MOVED). The anniversaries' executions beside the chain are their own (redriven or left as they are).
 */
export async function resumeChain(
  deps: ProjectDeps,
  projectId: string,
  by: { operator: string; reason: string },
): Promise<ChainResume> {
  const track = await loadTrack(deps, projectId);
  const chain = await loadChain(deps, projectId);
  if (!chain)
    throw conflictError(
      "NOT_ON_CHAIN",
      `Project ${projectId} is not on the chain of executions yet: run migrate project-lifecycle`,
      `项目 ${projectId} 尚未迁移到新的流程链：请先运行 migrate project-lifecycle`,
    );
  if (track.status === "closed")
    throw conflictError(
      "PROJECT_CLOSED",
      `Project ${projectId} is closed: nothing runs any more`,
      `项目 ${projectId} 已结束，无需续跑`,
    );
  const current = chain.lifecycle;
  const status = await deps.workflows.status(current.machine, current.execution);
  if (status === "RUNNING" || status === "PENDING_REDRIVE")
    throw conflictError(
      "EXECUTION_RUNNING",
      `Execution ${current.execution} is ${status}: stop it first, or let it run`,
      `流程执行 ${current.execution} 仍在运行（${status}）：请先终止，或让其继续`,
    );
  const from = { executionName: current.execution, status: status ?? ("none" as const) };
  const correlationId = `project-${projectId}`;
  if (status === undefined) {
    // Named by a hand-over that died before StartExecution: started now by that name (its input from the records).
    const named = await executionFromRecords(deps, track, roundOf(current.execution), correlationId);
    if (named.to === current.execution) {
      await deps.workflows.start(named.machine, named.to, named.input);
      return { projectId, from, outcome: "started", executionName: named.to };
    }
  }
  // The stage the records say, in the first round of it not yet used: after the ended execution's round when it is the
  // same stage (an earlier round's name may have expired from Step Functions' history, 90 days after it closed).
  const first = await executionFromRecords(deps, track, 1, correlationId);
  let round = stageOf(first.to) === stageOf(current.execution) ? roundOf(current.execution) + 1 : 1;
  let next = round === 1 ? first : await executionFromRecords(deps, track, round, correlationId);
  while (round < resumeRoundsMax && (await deps.workflows.status(next.machine, next.to)) !== undefined) {
    round += 1;
    next = await executionFromRecords(deps, track, round, correlationId);
  }
  const note: AuditNote = {
    actor: by.operator,
    role: "admin",
    action: "project.execution-resumed",
    detail: { executionName: next.to, from: current.execution, fromStatus: from.status, reason: by.reason },
  };
  const moved = await handOver(deps, { projectId, from: current.execution, ...next, note });
  if (!moved.started)
    throw conflictError(
      "CHAIN_MOVED",
      `The chain of project ${projectId} moved on from ${current.execution} meanwhile: look again`,
      `项目 ${projectId} 的流程链已从 ${current.execution} 继续，请重新查看`,
    );
  return { projectId, from, outcome: "resumed", executionName: moved.executionName };
}

/** The round of a chain execution's name (project-<id>-…-r<round>), and its stage (the name without the round). */
const roundOf = (executionName: string) => Number(/-r(\d+)$/.exec(executionName)?.[1] ?? 1);
const stageOf = (executionName: string) => executionName.replace(/-r\d+$/, "");
