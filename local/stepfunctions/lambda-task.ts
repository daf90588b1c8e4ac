// Embedded runtime, local Step Functions engine: synchronous Lambda Task states (a function ARN as Resource, or
// arn:aws:states:::lambda:invoke) — invoked inside a library run once the steps before are journaled, with the
// Task/LambdaFunction events AWS writes.
import { randomUUID } from "node:crypto";
import type { Json, StateDef, TaskKind } from "./definitions.ts";
import { type Core, dataLimitCause, namedError, str, terminalError, tooBig } from "./execution.ts";
import type { RunCtl } from "./run-control.ts";

/** resourceType and resource of a synchronous lambda:invoke task, as JSON members */
const RT_INVOKE = '"resourceType":"lambda","resource":"invoke"';

/** What a task handler returns when its run was abandoned (the execution closed, or moved on): the run stops. */
export function abandoned(): Promise<never> {
  return Promise.reject(terminalError("States.Runtime", "step abandoned"));
}

/** A function's error as AWS reports it to the state machine: its name, and a JSON errorType/errorMessage cause. */
export function lambdaError(e: unknown): Error {
  const err = e instanceof Error ? e : new Error(String(e));
  const name = err.name || "Error";
  return namedError(name, JSON.stringify({ errorType: name, errorMessage: err.message }));
}

/** The result of lambda:invoke: the function's return value as Payload, with the response's metadata. */
export function wrapInvoke(out: unknown): Json {
  return {
    ExecutedVersion: "$LATEST",
    Payload: (out === undefined ? null : out) as Json,
    SdkHttpMetadata: { HttpHeaders: { "Content-Type": "application/json" }, HttpStatusCode: 200 },
    SdkResponseMetadata: { RequestId: randomUUID() },
    StatusCode: 200,
  };
}

export async function syncTask(
  core: Core,
  ctl: RunCtl,
  def: StateDef,
  kind: TaskKind,
  input: Json,
): Promise<Json> {
  if (ctl.done) return abandoned();
  const o = core.o;
  const ex = ctl.ex;
  const obj = (input ?? {}) as Record<string, Json>;
  const fn = kind === "arn" ? String(def.Resource) : obj.FunctionName;
  const payload = kind === "arn" ? input : (obj.Payload ?? null);
  const now = o.clock.now();
  const timeout =
    typeof def.TimeoutSeconds === "number" ? `,"timeoutInSeconds":${JSON.stringify(def.TimeoutSeconds)}` : "";
  const rt = { resourceType: "lambda", resource: "invoke" };
  // events as JSON text (see Pending), in the shape and key order AWS gives them
  if (kind === "arn") {
    ctl.events.push(
      `{"timestamp":${now},"type":"LambdaFunctionScheduled","lambdaFunctionScheduledEventDetails":{"resource":${JSON.stringify(fn)},"input":${JSON.stringify(str(input))},"inputDetails":{"truncated":false}${timeout}}}`,
      `{"timestamp":${now},"type":"LambdaFunctionStarted"}`,
    );
  } else {
    ctl.events.push(
      `{"timestamp":${now},"type":"TaskScheduled","taskScheduledEventDetails":{${RT_INVOKE},"region":${JSON.stringify(o.region)},"parameters":${JSON.stringify(str(input))}${timeout}}}`,
      `{"timestamp":${now},"type":"TaskStarted","taskStartedEventDetails":{${RT_INVOKE}}}`,
    );
  }
  let out: unknown;
  try {
    if (typeof fn !== "string" || !fn) throw namedError("States.Runtime", "FunctionName is missing");
    // Every step that led here is written before the function runs: waiting for the journal's next group
    // write (end of this event-loop turn) lets the executions stepping meanwhile share that one write.
    const written = o.journal.whenWritten(ex.jseq);
    if (written) {
      await written;
      if (ctl.done || ex.gen !== ctl.gen || core.stopped) return abandoned();
    }
    out = await o.invokeFunction(fn, payload);
  } catch (e) {
    if (ctl.done || ex.gen !== ctl.gen) return abandoned();
    const err = lambdaError(e);
    const details = { error: err.name, cause: err.message };
    if (kind === "arn")
      ctl.events.push({
        timestamp: o.clock.now(),
        type: "LambdaFunctionFailed",
        lambdaFunctionFailedEventDetails: details,
      });
    else
      ctl.events.push({
        timestamp: o.clock.now(),
        type: "TaskFailed",
        taskFailedEventDetails: { ...rt, ...details },
      });
    throw err;
  }
  if (ctl.done || ex.gen !== ctl.gen) return abandoned();
  const result = kind === "invoke" ? wrapInvoke(out) : ((out === undefined ? null : out) as Json);
  const output = str(result);
  if (tooBig(o, output)) throw terminalError("States.DataLimitExceeded", dataLimitCause(o, "task result"));
  const done = o.clock.now();
  if (kind === "arn") {
    ctl.events.push(
      `{"timestamp":${done},"type":"LambdaFunctionSucceeded","lambdaFunctionSucceededEventDetails":{"output":${JSON.stringify(output)},"outputDetails":{"truncated":false}}}`,
    );
  } else {
    ctl.events.push(
      `{"timestamp":${done},"type":"TaskSucceeded","taskSucceededEventDetails":{${RT_INVOKE},"output":${JSON.stringify(output)},"outputDetails":{"truncated":false}}}`,
    );
  }
  return result;
}
