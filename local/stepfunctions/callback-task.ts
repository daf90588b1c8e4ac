// Embedded runtime, local Step Functions engine: callback tasks (lambda:invoke.waitForTaskToken) — scheduled with a
// token and journaled, then parked until SendTaskSuccess/Failure or a timeout (TimeoutSeconds, HeartbeatSeconds)
// resumes them; their retries counted across the runs that resume them.
import type { CompiledMachine, Json, StateDef } from "./definitions.ts";
import {
  ApiError,
  type CallbackCursor,
  type Core,
  type Cursor,
  type Exec,
  namedError,
  type Resolution,
  str,
  terminalError,
} from "./execution.ts";
import { abandoned, lambdaError, wrapInvoke } from "./lambda-task.ts";
import { type RunCtl, stateContext } from "./run-control.ts";
import type { ExecutionStore } from "./store.ts";
import { executionArnOfToken, newToken } from "./tokens.ts";

/** The execution and callback cursor a token answers (TaskTimedOut once the task is answered or gone). */
export function currentTask(store: ExecutionStore, token: string): { ex: Exec; c: CallbackCursor } {
  const ex = store.execs.get(executionArnOfToken(token));
  if (!ex) throw new ApiError("TaskDoesNotExist", "Task Does Not Exist: 'Provided task does not exist'");
  const c = ex.cursor;
  if (ex.status !== "RUNNING" || !c || c.k !== "cb" || c.tok !== token || c.res) {
    throw new ApiError("TaskTimedOut", "Task Timed Out: 'Provided task does not exist anymore'");
  }
  return { ex, c };
}

/** The timeout a callback task has reached at `now` (TimeoutSeconds first, then HeartbeatSeconds), if any. */
export function callbackTimeout(ex: Exec, c: CallbackCursor, now: number): Resolution | undefined {
  if (c.due !== undefined && c.due <= now) {
    return { k: "to", e: "States.Timeout", c: "The task timed out (TimeoutSeconds)" };
  }
  if (c.ph === "wait" && c.hb !== undefined && c.hb <= now) {
    const def = ex.sm?.states.get(c.s);
    const explicit = JSON.stringify([def?.Retry, def?.Catch]).includes("States.HeartbeatTimeout");
    return {
      k: "to",
      e: explicit ? "States.HeartbeatTimeout" : "States.Timeout",
      c: "The task sent no heartbeat within HeartbeatSeconds",
    };
  }
  return undefined;
}

async function seconds(
  sm: CompiledMachine,
  def: StateDef,
  key: "TimeoutSeconds" | "HeartbeatSeconds",
  input: Json,
  ctx: Record<string, unknown>,
): Promise<number | undefined> {
  if (typeof def[key] === "number") return def[key] as number;
  const path = def[`${key}Path`];
  if (typeof path !== "string") return undefined;
  const v = await sm.evalPath(path, input, ctx);
  if (typeof v !== "number" || !Number.isInteger(v) || v < 1)
    throw terminalError("States.Runtime", `${key}Path ${path} is not a positive integer`);
  return v;
}

/**
 * Counts a failure of a callback task against its Retry field. Each SendTaskFailure or timeout resumes the task in
 * a new library run, whose own retry counters start at zero: left to the library, a callback would be retried for
 * ever. So the engine keeps the count per retrier (in the cursor, across steps) and, once a retrier is spent or
 * none matches (AWS: States.TaskFailed does not match States.Timeout), marks the error not retryable: the library
 * goes straight to Catch. The library then retries only when the engine's count allows it.
 */
function countRetry(ctl: RunCtl, def: StateDef, err: Error): Error {
  const retriers = (def.Retry as { ErrorEquals?: string[]; MaxAttempts?: number }[] | undefined) ?? [];
  const i = retriers.findIndex((r) =>
    (r.ErrorEquals ?? []).some(
      (e) =>
        e === err.name || e === "States.ALL" || (e === "States.TaskFailed" && err.name !== "States.Timeout"),
    ),
  );
  const counts = ctl.retries ?? retriers.map(() => 0);
  ctl.retries = counts;
  const spent = counts[i] ?? 0;
  if (i < 0 || spent >= (retriers[i]?.MaxAttempts ?? 3)) {
    (err as Error & { isRetryable?: boolean }).isRetryable = false;
  } else {
    counts[i] = spent + 1;
  }
  return err;
}

/**
 * A .waitForTaskToken task. Phase 1: journal TaskScheduled with the token, invoke the function, journal
 * "waiting" and abort the step. Phase 2 (re-run on SendTaskSuccess/Failure or timeout): the first call
 * delivers the outcome, so ResultSelector/ResultPath/Retry/Catch apply. A retry schedules a new token.
 */
export async function callbackTask(
  core: Core,
  ctl: RunCtl,
  name: string,
  def: StateDef,
  input: Json,
): Promise<Json> {
  if (ctl.done) return abandoned();
  const o = core.o;
  const ex = ctl.ex;
  const sm = ex.sm as CompiledMachine;
  const first = ctl.attempt === 0;
  const resumed = first && ctl.resumeToken !== undefined;
  const token = ctl.pendingToken ?? (resumed ? (ctl.resumeToken as string) : newToken(ex));
  ctl.pendingToken = undefined;
  ctl.attempt++;
  const rt = { resourceType: "lambda", resource: "invoke.waitForTaskToken" };
  const deliver = (res: Resolution): Json => {
    const now = o.clock.now();
    if (res.k === "ok") {
      ctl.events.push({
        timestamp: now,
        type: "TaskSucceeded",
        taskSucceededEventDetails: { ...rt, output: res.o, outputDetails: { truncated: false } },
      });
      return JSON.parse(res.o) as Json;
    }
    if (res.k === "err") {
      const d: Record<string, string> = { ...rt };
      if (res.e !== undefined) d.error = res.e;
      if (res.c !== undefined) d.cause = res.c;
      ctl.events.push({ timestamp: now, type: "TaskFailed", taskFailedEventDetails: d });
      throw countRetry(ctl, def, namedError(res.e ?? "", res.c ?? ""));
    }
    ctl.events.push({
      timestamp: now,
      type: "TaskTimedOut",
      taskTimedOutEventDetails: { ...rt, error: res.e, cause: res.c },
    });
    throw countRetry(ctl, def, namedError(res.e, res.c));
  };
  if (resumed && ctl.resumeRes) return deliver(ctl.resumeRes);
  const obj = (input ?? {}) as Record<string, Json>;
  if (!resumed) {
    const ctx = stateContext(ex, ctl, name, o.clock.now());
    let timeoutS: number | undefined;
    let hbS: number | undefined;
    try {
      timeoutS = await seconds(sm, def, "TimeoutSeconds", ctl.input, ctx);
      hbS = await seconds(sm, def, "HeartbeatSeconds", ctl.input, ctx);
    } catch (e) {
      throw terminalError("States.Runtime", (e as Error).message);
    }
    if (ctl.done || ex.gen !== ctl.gen) return abandoned();
    const now = o.clock.now();
    const details: Record<string, unknown> = { ...rt, region: o.region, parameters: str(input) };
    if (timeoutS !== undefined) details.timeoutInSeconds = timeoutS;
    if (hbS !== undefined) details.heartbeatInSeconds = hbS;
    ctl.events.push({ timestamp: now, type: "TaskScheduled", taskScheduledEventDetails: details });
    const cursor: Cursor = { k: "cb", s: name, i: ctl.input, tok: token, ph: "sched" };
    if (ctl.retries) cursor.ra = [...ctl.retries];
    if (timeoutS !== undefined) cursor.due = now + timeoutS * 1000;
    if (hbS !== undefined) cursor.hbs = hbS;
    // journaled before the function is invoked: after a crash the same token is scheduled again
    if (!core.commit(ex, ctl.take(), cursor)) {
      ctl.done = true;
      ctl.abort();
      return abandoned();
    }
  }
  ctl.events.push({ timestamp: o.clock.now(), type: "TaskStarted", taskStartedEventDetails: rt });
  let out: unknown;
  try {
    const fn = obj.FunctionName;
    if (typeof fn !== "string" || !fn) throw namedError("States.Runtime", "FunctionName is missing");
    o.journal.flushThrough(ex.jseq); // the token's cursor (committed above) is written before the function receives it
    out = await o.invokeFunction(fn, obj.Payload ?? null);
  } catch (e) {
    if (ctl.done || ex.gen !== ctl.gen) return abandoned();
    const err = lambdaError(e);
    ctl.events.push({
      timestamp: o.clock.now(),
      type: "TaskFailed",
      taskFailedEventDetails: { ...rt, error: err.name, cause: err.message },
    });
    throw countRetry(ctl, def, err);
  }
  if (ctl.done || ex.gen !== ctl.gen || core.stopped) return abandoned();
  ctl.events.push({
    timestamp: o.clock.now(),
    type: "TaskSubmitted",
    taskSubmittedEventDetails: {
      ...rt,
      output: str(wrapInvoke(out)),
      outputDetails: { truncated: false },
    },
  });
  const cur = ex.cursor;
  if (cur?.k === "cb" && cur.tok === token && cur.res) return deliver(cur.res);
  if (cur?.k !== "cb" || cur.tok !== token) return abandoned();
  const waiting: Cursor = { ...cur, ph: "wait" };
  if (cur.hbs !== undefined) waiting.hb = o.clock.now() + cur.hbs * 1000;
  ctl.parked = true;
  ctl.done = true;
  core.commit(ex, ctl.take(), waiting);
  ctl.abort();
  return abandoned();
}
