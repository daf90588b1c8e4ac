// Embedded runtime, local Step Functions service: loads ASL definitions, checks the supported subset, and
// compiles the per-start-state machines of aws-local-stepfunctions that the engine runs a few steps at a time.
import { type RunOptions, StateMachine, type StateMachineDefinition } from "aws-local-stepfunctions";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type StateDef = Record<string, unknown> & { Type: string };

/** The name under which the start state of a step runs, so that a loop back to it ends the step. */
export const START = "__jiebang_start__";
/** Run option key carrying the event hook (see HookedStateMachine). */
export const HOOK = "__jiebangHook";

export const LAMBDA_INVOKE = "arn:aws:states:::lambda:invoke";
export const LAMBDA_CALLBACK = "arn:aws:states:::lambda:invoke.waitForTaskToken";
const LAMBDA_ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+(:[A-Za-z0-9_$-]+)?$/;

export type TaskKind = "arn" | "invoke" | "callback";

/** An event as the library's EventLogger dispatches it (internal shape of aws-local-stepfunctions 3.0.0). */
export interface LibEvent {
  type: string;
  timestamp: number;
  state?: { name: string; type: string; input: Json; output?: Json };
  index?: number;
}

/**
 * The library's event log is an async generator whose consumption halves throughput. Its `execute` method
 * receives the EventLogger: when our hook is in the run options, we replace the logger's `dispatch` with the
 * hook, so every event is delivered synchronously, in order, at the moment it happens (StateEntered is
 * dispatched before the state runs: the hook can stop the run there). Relies on aws-local-stepfunctions
 * 3.0.0 internals; checked at load time.
 */
type ExecuteFn = (
  input: unknown,
  options: { runOptions?: Record<string, unknown>; eventLogger: { dispatch: unknown } },
  cleanup: unknown,
) => Promise<unknown>;
const baseExecute = (StateMachine.prototype as unknown as { execute?: ExecuteFn }).execute;
if (typeof baseExecute !== "function") {
  throw new Error(
    "aws-local-stepfunctions internals changed (StateMachine.prototype.execute): pin version 3.0.0",
  );
}
class HookedStateMachine extends StateMachine {}
(HookedStateMachine.prototype as unknown as { execute: ExecuteFn }).execute = function (
  input,
  options,
  cleanup,
) {
  const hook = options.runOptions?.[HOOK];
  if (typeof hook === "function") options.eventLogger.dispatch = hook;
  return (baseExecute as ExecuteFn).call(this, input, options, cleanup);
};

export interface CompiledMachine {
  name: string;
  arn: string;
  roleArn: string;
  definitionText: string;
  definition: StateMachineDefinition & { States: Record<string, StateDef> };
  /** Top-level states by name (original definitions). */
  states: Map<string, StateDef>;
  /** Every Task state at any depth, by name (names are unique across a definition, as AWS requires). */
  tasks: Map<string, { def: StateDef; kind: TaskKind }>;
  /** Execution TimeoutSeconds from the definition, in ms (undefined: none). */
  timeoutMs: number | undefined;
  /**
   * Top-level states that run inline in a step machine: pure states and synchronous Lambda Tasks (a run goes on
   * through them; the engine commits a durable step where a synchronous Task is entered). Others are sentinels.
   */
  inline: Set<string>;
  /** The synchronous Lambda Tasks among `inline`. */
  inlineTasks: string[];
  /** Retry intervals: 0 ms for every retryable state. */
  retryZero: Record<string, number>;
  /** Machine whose StartAt runs `state` for one step (cached). */
  machineFor(state: string): StateMachine;
  /** Evaluates a JSONPath (reference path) against a value with the library's semantics. */
  evalPath(path: string, input: Json, context: Record<string, unknown>): Promise<Json>;
}

/** Pure states run back to back within one step: they have no side effects, so re-running them is harmless. */
export function isPure(def: StateDef): boolean {
  return def.Type === "Pass" || def.Type === "Choice" || def.Type === "Succeed" || def.Type === "Fail";
}

export function taskKind(resource: unknown): TaskKind | undefined {
  if (resource === LAMBDA_INVOKE) return "invoke";
  if (resource === LAMBDA_CALLBACK) return "callback";
  if (typeof resource === "string" && LAMBDA_ARN.test(resource)) return "arn";
  return undefined;
}

const NO_VALIDATE = { validationOptions: { noValidate: true } } as const;
/** setTimeout's ceiling in seconds: the library's wall-clock task timeout must stay below it. */
const MAX_WALL_TIMEOUT_S = Math.floor((2 ** 31 - 1) / 1000);

/**
 * The library overwrites $$.Execution.Input and StartTime with the step's own input and time: paths to the
 * execution context are renamed to $$.JiebangExecution, which the engine fills with the real values.
 */
function renameExecutionContext(value: unknown, key = ""): unknown {
  if (typeof value === "string") {
    const isPath = key.endsWith(".$") || key.endsWith("Path") || key === "Variable";
    return isPath && value.includes("$$.Execution")
      ? value.replaceAll("$$.Execution", () => "$$.JiebangExecution")
      : value;
  }
  if (Array.isArray(value)) return value.map((v) => renameExecutionContext(v, key));
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = renameExecutionContext(v, k);
    return out;
  }
  return value;
}

/** Walks every state at any depth, with the path of Map/Parallel states enclosing it. */
export function walk(
  states: Record<string, StateDef>,
  visit: (name: string, def: StateDef, enclosing: string[]) => void,
  enclosing: string[] = [],
): void {
  for (const [name, def] of Object.entries(states)) {
    visit(name, def, enclosing);
    if (def.Type === "Map") {
      const proc = (def.ItemProcessor ?? def.Iterator) as { States?: Record<string, StateDef> } | undefined;
      if (proc?.States) walk(proc.States, visit, [...enclosing, name]);
    } else if (def.Type === "Parallel") {
      for (const branch of (def.Branches as { States?: Record<string, StateDef> }[] | undefined) ?? []) {
        if (branch.States) walk(branch.States, visit, [...enclosing, name]);
      }
    }
  }
}

/** Adjusts a real state for a step run: context paths renamed, timeouts handled by the engine. */
function adjustState(def: StateDef, kind: TaskKind | undefined): StateDef {
  const copy = renameExecutionContext(def) as StateDef;
  if (def.Type === "Task") {
    delete copy.HeartbeatSeconds;
    delete copy.HeartbeatSecondsPath;
    delete copy.TimeoutSecondsPath;
    if (kind === "callback") {
      // The engine keeps callback timeouts on the virtual clock; the library's own wall-clock timer (60 s
      // when absent) only runs while the Lambda that receives the token is being invoked.
      copy.TimeoutSeconds = MAX_WALL_TIMEOUT_S;
    } else {
      // Synchronous Lambda: wall-clock timeout, capped below setTimeout's overflow (about 24.8 days).
      const t = typeof def.TimeoutSeconds === "number" ? def.TimeoutSeconds : MAX_WALL_TIMEOUT_S;
      copy.TimeoutSeconds = Math.min(t, MAX_WALL_TIMEOUT_S);
    }
  }
  return copy;
}

export function compileMachine(
  name: string,
  arn: string,
  definition: unknown,
  roleArn?: string,
): CompiledMachine {
  const fail = (msg: string): never => {
    throw new Error(`state machine ${name}: ${msg}`);
  };
  if (!definition || typeof definition !== "object") fail("definition is not an object");
  const def = definition as StateMachineDefinition & {
    States: Record<string, StateDef>;
    QueryLanguage?: string;
  };
  if (def.QueryLanguage === "JSONata") fail("JSONata is not supported locally (JSONPath only)");
  try {
    // Validated once here (asl-validator mutates its input: give it a copy); step machines skip validation.
    new StateMachine(structuredClone(def));
  } catch (e) {
    fail((e as Error).message);
  }
  const tasks = new Map<string, { def: StateDef; kind: TaskKind }>();
  const seen = new Set<string>();
  walk(def.States, (stateName, s, enclosing) => {
    if (seen.has(stateName))
      fail(`state name "${stateName}" is used twice (names must be unique, as in AWS)`);
    seen.add(stateName);
    if (stateName === START) fail(`state name "${START}" is reserved`);
    if ((s as { QueryLanguage?: string }).QueryLanguage === "JSONata")
      fail(`state ${stateName}: JSONata is not supported`);
    if ("Assign" in s) fail(`state ${stateName}: Assign (variables) is not supported locally`);
    const inside = enclosing.length ? ` inside ${enclosing.join(" > ")}` : "";
    if (
      s.Type === "Map" &&
      (s.ItemProcessor as { ProcessorConfig?: { Mode?: string } } | undefined)?.ProcessorConfig?.Mode ===
        "DISTRIBUTED"
    ) {
      fail(`state ${stateName}: distributed Map is not supported locally`);
    }
    if (s.Type === "Wait" && enclosing.length) {
      fail(
        `Wait state ${stateName}${inside}: durable waits must be top-level states (not inside Map or Parallel)`,
      );
    }
    if (s.Type === "Task") {
      const kind = taskKind(s.Resource);
      if (!kind) {
        fail(
          `Task state ${stateName}: resource ${String(s.Resource)} is not supported locally (Lambda ARN, ${LAMBDA_INVOKE}, ${LAMBDA_CALLBACK})`,
        );
      }
      if (kind === "callback" && enclosing.length) {
        fail(
          `callback Task ${stateName}${inside}: .waitForTaskToken tasks must be top-level states (not inside Map or Parallel)`,
        );
      }
      tasks.set(stateName, { def: s, kind: kind as TaskKind });
    }
  });

  const states = new Map(Object.entries(def.States));
  // Retries don't sleep in wall time: every retry interval is overridden to 0 ms (the virtual clock is not
  // advanced either; a later improvement could make retry backoff a durable virtual-clock timer).
  const retryZero: Record<string, number> = { [START]: 0 };
  walk(def.States, (stateName) => {
    retryZero[stateName] = 0;
  });

  // Inline states (pure states and synchronous Lambda Tasks) are real in every step machine; other states are
  // sentinels ({Type: "Succeed"}) except the step's start state, which then runs under the name START (so a loop
  // back to it ends the step).
  const adjusted = new Map<string, StateDef>();
  for (const [n, s] of states) adjusted.set(n, adjustState(s, tasks.get(n)?.kind));
  const inline = new Set<string>();
  const inlineTasks: string[] = [];
  for (const [n, s] of states) {
    const kind = tasks.get(n)?.kind;
    if (isPure(s)) inline.add(n);
    else if (s.Type === "Task" && (kind === "arn" || kind === "invoke")) {
      inline.add(n);
      inlineTasks.push(n);
    }
  }
  const pureStates: Record<string, StateDef> = {};
  for (const [n] of states)
    pureStates[n] = inline.has(n) ? (adjusted.get(n) as StateDef) : { Type: "Succeed" };
  const cache = new Map<string, StateMachine>();
  const machineFor = (state: string): StateMachine => {
    let m = cache.get(state);
    if (!m) {
      const s = adjusted.get(state);
      if (!s) throw new Error(`state machine ${name}: no state ${state}`);
      const stepDef = inline.has(state)
        ? { StartAt: state, States: pureStates }
        : { StartAt: START, States: { ...pureStates, [START]: s } };
      m = new HookedStateMachine(stepDef as StateMachineDefinition, NO_VALIDATE);
      cache.set(state, m);
    }
    return m;
  };

  const helperCache = new Map<string, StateMachine>();
  const helper = (key: string, state: StateDef): StateMachine => {
    let m = helperCache.get(key);
    if (!m) {
      m = new StateMachine(
        { StartAt: "H", States: { H: state } } as unknown as StateMachineDefinition,
        NO_VALIDATE,
      );
      helperCache.set(key, m);
    }
    return m;
  };
  const run = async (m: StateMachine, input: Json, context: Record<string, unknown>): Promise<Json> => {
    try {
      return (await m.run(input, { context } as RunOptions).result) as Json;
    } catch (e) {
      const cause = (e as { cause?: Error }).cause;
      throw cause instanceof Error ? cause : e;
    }
  };
  const evalPath = (path: string, input: Json, context: Record<string, unknown>): Promise<Json> => {
    const p = path.replaceAll("$$.Execution", () => "$$.JiebangExecution");
    const m = helper(`p:${p}`, { Type: "Pass", Parameters: { "v.$": p }, End: true });
    return run(m, input, context).then((r) => (r as { v: Json }).v);
  };

  const timeoutMs = typeof def.TimeoutSeconds === "number" ? def.TimeoutSeconds * 1000 : undefined;
  return {
    name,
    arn,
    roleArn: roleArn ?? `arn:aws:iam::${arn.split(":")[4] ?? "000000000000"}:role/${name}-local`,
    definitionText: JSON.stringify(definition),
    definition: def,
    states,
    tasks,
    timeoutMs,
    inline,
    inlineTasks,
    retryZero,
    machineFor,
    evalPath,
  };
}
