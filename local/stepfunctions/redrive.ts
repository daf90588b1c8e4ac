// Embedded runtime, local Step Functions engine: RedriveExecution's rules — which closed executions may be redriven
// (FAILED, TIMED_OUT or ABORTED, within 14 days of the stop, under the history and duration limits) and where a
// redrive resumes: the state that did not complete, with the input it was entered with (succeeded steps not re-run).
import type { CompiledMachine, Json } from "./definitions.ts";
import type { Cursor, EngineOptions, Exec, HistoryEvent } from "./execution.ts";

/** How long after its stop an execution may be redriven (AWS: 14 days). */
export const REDRIVE_WINDOW_MS = 14 * 24 * 3600 * 1000;

export const HISTORY_LIMIT_CAUSE = "The execution reached the maximum number of history events";

export interface RedriveState {
  status: "REDRIVABLE" | "NOT_REDRIVABLE";
  /** why not (AWS's redriveStatusReason wording) */
  reason?: string;
}

/** Whether the execution can be redriven at `now`, and if not why (DescribeExecution's redriveStatus). */
export function redriveState(o: Pick<EngineOptions, "maxExecutionMs">, ex: Exec, now: number): RedriveState {
  const no = (reason: string): RedriveState => ({ status: "NOT_REDRIVABLE", reason });
  if (ex.status === "RUNNING") return no("Execution is RUNNING and cannot be redriven");
  if (ex.status === "SUCCEEDED") return no("Execution is SUCCEEDED and cannot be redriven");
  if (!ex.sm) return no("State machine is in DELETING status");
  if (ex.cause?.startsWith(HISTORY_LIMIT_CAUSE)) return no("Execution history event limit exceeded");
  if (now >= ex.startMs + o.maxExecutionMs) return no("Execution has exceeded the max execution time");
  if (now > (ex.stopMs ?? ex.startMs) + REDRIVE_WINDOW_MS) return no("Execution redrivable period exceeded");
  return { status: "REDRIVABLE" };
}

/**
 * Where a redrive resumes: the last top-level state entered and not exited (the one that failed, was aborted or timed
 * out), with the input it was entered with; the machine's start if no state was entered.
 */
export function resumeCursor(events: readonly HistoryEvent[], sm: CompiledMachine, input: string): Cursor {
  let open: { name: string; input: string } | undefined;
  for (const e of events) {
    const entered = e.stateEnteredEventDetails as { name?: string; input?: string } | undefined;
    if (e.type.endsWith("StateEntered") && entered?.name && sm.states.has(entered.name)) {
      open = { name: entered.name, input: entered.input ?? "{}" };
      continue;
    }
    const exited = e.stateExitedEventDetails as { name?: string } | undefined;
    if (e.type.endsWith("StateExited") && exited?.name === open?.name) open = undefined;
  }
  if (!open) return { k: "next", s: sm.definition.StartAt, i: JSON.parse(input) as Json };
  return { k: "next", s: open.name, i: JSON.parse(open.input) as Json };
}

/** The deadline of a redriven execution: a machine's TimeoutSeconds counts again from the redrive, within a year of the start. */
export function redrivenDeadline(o: Pick<EngineOptions, "maxExecutionMs">, ex: Exec, now: number): number {
  const year = ex.startMs + o.maxExecutionMs;
  const own = ex.sm?.timeoutMs;
  return own === undefined ? year : Math.min(year, Math.max(ex.deadline, now + own));
}
