// Embedded runtime, local Step Functions engine: one run on aws-local-stepfunctions — a state and the inline states
// after it (Pass, Choice, Map, Parallel, Succeed, Fail, synchronous Tasks) until a sentinel state, the end or a budget;
// the library's events turned into AWS history; the run's outcome committed as the next cursor or the execution's end.
import type { RunOptions } from "aws-local-stepfunctions";
import { callbackTask } from "./callback-task.ts";
import {
  type CompiledMachine,
  HOOK,
  isPure,
  type Json,
  type LibEvent,
  START,
  type StateDef,
  type TaskKind,
  walk,
} from "./definitions.ts";
import { type Core, dataLimitCause, type Exec, type Resolution, str, tooBig } from "./execution.ts";
import { succeed } from "./history.ts";
import { syncTask } from "./lambda-task.ts";
import { RunCtl, stateContext } from "./run-control.ts";

/** Transitions one library run makes at most (a long Pass/Choice loop is committed every CHUNK transitions). */
const CHUNK = 1000;

/** Per machine and state: the Task states nested in a Map or Parallel state (their handlers are the run's). */
const stepTasks = new WeakMap<CompiledMachine, Map<string, string[]>>();

function tasksOfStep(sm: CompiledMachine, state: string): string[] {
  let m = stepTasks.get(sm);
  if (!m) {
    m = new Map();
    stepTasks.set(sm, m);
  }
  let names = m.get(state);
  if (!names) {
    const def = sm.states.get(state) as StateDef;
    names = [];
    if (def.Type === "Map" || def.Type === "Parallel") {
      const found: string[] = [];
      walk({ [state]: def }, (n, s) => {
        if (s.Type === "Task" && n !== state) found.push(n);
      });
      names = found;
    }
    m.set(state, names);
  }
  return names;
}

function taskHandler(core: Core, ctl: RunCtl, name: string, def: StateDef): (input: Json) => Promise<Json> {
  const kind = (ctl.ex.sm as CompiledMachine).tasks.get(name)?.kind as TaskKind;
  if (kind === "callback") return (input) => callbackTask(core, ctl, name, def, input);
  return (input) => syncTask(core, ctl, def, kind, input);
}

/**
 * One run: runs `start` and the inline states that follow it (pure states, synchronous Tasks: see
 * onLibEvent) on the library until a sentinel, the end, or the CHUNK budget, then commits.
 */
export async function run(
  core: Core,
  ex: Exec,
  start: string,
  input: Json,
  resumeToken: string | undefined,
  resumeRes: Resolution | undefined,
  retries?: number[],
): Promise<void> {
  const sm = ex.sm as CompiledMachine;
  const ctl = new RunCtl(ex, ex.gen, start, input, resumeToken, resumeRes, core.o.clock.now(), retries);
  const startDef = sm.states.get(start) as StateDef;
  const handlers: Record<string, (input: Json) => Promise<Json>> = {};
  if (startDef.Type === "Task" && !sm.inline.has(start))
    handlers[START] = taskHandler(core, ctl, start, startDef);
  for (const n of sm.inlineTasks) handlers[n] = taskHandler(core, ctl, n, sm.tasks.get(n)?.def as StateDef);
  for (const n of tasksOfStep(sm, start))
    handlers[n] = taskHandler(core, ctl, n, sm.tasks.get(n)?.def as StateDef);
  const context = stateContext(ex, ctl, start, core.o.clock.now());
  const options = {
    overrides: { taskResourceLocalHandlers: handlers, retryIntervalOverrides: sm.retryZero },
    context,
    noThrowOnAbort: true,
    [HOOK]: (ev: LibEvent) => onLibEvent(core, ctl, ev),
  } as unknown as RunOptions;
  const r = sm.machineFor(start).run(input, options);
  ctl.abort = r.abort;
  ex.inflight = ctl;
  let result: unknown;
  let error: unknown;
  try {
    result = await r.result;
  } catch (e) {
    error = e;
  }
  if (ex.inflight === ctl) ex.inflight = undefined;
  if (core.stopped || ex.gen !== ctl.gen || ex.status !== "RUNNING" || ctl.parked) return;
  if (ctl.failure) {
    core.finish(ex, ctl.take(), { s: "FAILED", e: ctl.failure.error, c: ctl.failure.cause });
    return;
  }
  if (error !== undefined) {
    const cause = ((error as { cause?: unknown }).cause ?? error) as Error;
    let name: string | undefined = cause.name;
    let message: string | undefined = cause.message;
    const def = sm.states.get(ctl.curState);
    if (def?.Type === "Fail") {
      name = typeof def.Error === "string" ? def.Error : def.ErrorPath ? name : undefined;
      message = typeof def.Cause === "string" ? def.Cause : def.CausePath ? message : undefined;
    }
    core.finish(ex, ctl.take(), { s: "FAILED", e: name, c: message });
    return;
  }
  if (ctl.next !== undefined) {
    core.commit(ex, ctl.take(), { k: "next", s: ctl.next, i: ctl.nextInput });
    return;
  }
  const out = ctl.lastOutObj === result ? ctl.lastOutStr : str(result);
  succeed(core, ex, ctl.take(), out);
}

/** Receives the library's events synchronously (see HookedStateMachine) and turns them into AWS history. */
function onLibEvent(core: Core, ctl: RunCtl, ev: LibEvent): void {
  if (ctl.done) return;
  const st = ev.state;
  if (!st) return;
  const sm = ctl.ex.sm as CompiledMachine;
  const isStart = st.name === START;
  const name = isStart ? ctl.start : st.name;
  const def = sm.states.get(name);
  const inline = isStart || sm.inline.has(name);
  if (!def || (!inline && ev.type !== "StateEntered")) return; // nested state, or sentinel
  const now = core.o.clock.now();
  switch (ev.type) {
    case "StateEntered": {
      if (!inline) {
        // a sentinel: the step ends here and the execution continues at `name`
        ctl.next = name;
        ctl.nextInput = st.input;
        ctl.done = true;
        return;
      }
      const first = ctl.transitions === 0;
      if (ctl.transitions >= CHUNK && !first) {
        // run budget reached: end the run before this state, continue in the next run
        ctl.next = name;
        ctl.nextInput = st.input;
        ctl.done = true;
        ctl.abort();
        return;
      }
      if (!first && !isPure(def)) {
        // a synchronous Task entered mid-run: the step that led here is committed (as if it had ended at a
        // sentinel) and the run goes on; syncTask waits until that record is written before invoking.
        const ex = ctl.ex;
        const inputText = st.input === ctl.lastOutObj ? ctl.lastOutStr : str(st.input);
        ctl.lastOutObj = st.input;
        ctl.lastOutStr = inputText;
        const cursorText = `{"k":"next","s":${JSON.stringify(name)},"i":${inputText}}`;
        if (
          core.stopped ||
          ex.gen !== ctl.gen ||
          !core.commit(ex, ctl.take(), { k: "next", s: name, i: st.input }, undefined, cursorText)
        ) {
          ctl.done = true;
          ctl.abort();
          return;
        }
      }
      ctl.transitions++;
      ctl.curState = name;
      ctl.curEntered = now;
      ctl.retryCount = 0;
      if (ctl.skipEnter && isStart) {
        ctl.skipEnter = false;
        return;
      }
      const input = st.input === ctl.lastOutObj ? ctl.lastOutStr : str(st.input);
      ctl.events.push(
        `{"timestamp":${now},"type":"${def.Type}StateEntered","stateEnteredEventDetails":{"name":${JSON.stringify(name)},"input":${JSON.stringify(input)},"inputDetails":{"truncated":false}}}`,
      );
      if (def.Type === "Map" || def.Type === "Parallel")
        ctl.events.push({ timestamp: now, type: `${def.Type}StateStarted` });
      return;
    }
    case "StateExited": {
      // a Choice (or a Pass without paths) passes its input on as is: serialised once
      const output = st.output === ctl.lastOutObj ? ctl.lastOutStr : str(st.output);
      if (tooBig(core.o, output)) {
        ctl.failure = {
          error: "States.DataLimitExceeded",
          cause: dataLimitCause(core.o, `output of state ${name}`),
        };
        ctl.done = true;
        ctl.abort();
        return;
      }
      if (def.Type === "Map" || def.Type === "Parallel")
        ctl.events.push({ timestamp: now, type: `${def.Type}StateSucceeded` });
      ctl.events.push(
        `{"timestamp":${now},"type":"${def.Type}StateExited","stateExitedEventDetails":{"name":${JSON.stringify(name)},"output":${JSON.stringify(output)},"outputDetails":{"truncated":false}}}`,
      );
      ctl.lastOutObj = st.output;
      ctl.lastOutStr = output;
      return;
    }
    case "StateFailed":
      if (def.Type === "Map" || def.Type === "Parallel")
        ctl.events.push({ timestamp: now, type: `${def.Type}StateFailed` });
      return;
    case "StateRetried":
      ctl.retryCount++;
      return;
    default:
      return;
  }
}
