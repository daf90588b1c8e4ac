// Path tests of the state machines (tests/workflows/paths): shared support — a real workflows/*.asl.json on the local
// Step Functions service with scripted task stubs, history readers, and the check that every branch has a path test.
import { rmSync } from "node:fs";
import { join } from "node:path";
import {
  type HistoryEvent,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  StopExecutionCommand,
} from "@aws-sdk/client-sfn";
import { StateMachine, type StateMachineDefinition } from "aws-local-stepfunctions";
import { afterAll, beforeAll, expect, it } from "vitest";
import { stateMachines } from "../../../functions/catalog.ts";
import { ControllableClock } from "../../../local/clock.ts";
import { localFunctionArn } from "../../../local/functions.ts";
import { loadStateMachines } from "../../../local/workflows.ts";
import { describe, type Harness, history, startHarness, tempDir, tokenOf } from "../harness.ts";

const ROOT = join(import.meta.dirname, "..", "..", "..");

/** Each test file's virtual clock starts at this instant (Monday 2 March 2026, 09:00 in Shanghai), whatever today is. */
export const START_MS = Date.parse("2026-03-02T09:00:00+08:00");
export { DAY_MS } from "../harness.ts";

// ---------------------------------------------------------------- the real definitions

type StateDef = Record<string, unknown> & { Type: string; Next?: string };
export interface Asl {
  StartAt: string;
  States: Record<string, StateDef>;
}

export interface Machine {
  readonly name: string;
  readonly arn: string;
  /** The ASL with the catalog's ${Placeholder} substitutions applied, as the local runtime loads it. */
  readonly definition: Asl;
  /** The ARNs of the functions the catalog substitutes into it: the only ones its Task states may call. */
  readonly functionArns: ReadonlySet<string>;
}

let loaded: Machine[] | undefined;

/** The state machines of functions/catalog.ts, loaded from workflows/ exactly as the embedded runtime loads them. */
export function machines(): Machine[] {
  loaded ??= loadStateMachines(ROOT).map((m) => {
    const entry = stateMachines.find((s) => s.name === m.name);
    if (!entry) throw new Error(`state machine ${m.name} is not in the catalog`);
    return {
      name: m.name,
      arn: m.arn,
      definition: m.definition as Asl,
      functionArns: new Set(Object.values(entry.functionSubstitutions).map(localFunctionArn)),
    };
  });
  return loaded;
}

export function machine(name: string): Machine {
  const found = machines().find((m) => m.name === name);
  if (!found) throw new Error(`no state machine ${name} in the catalog`);
  return found;
}

// ---------------------------------------------------------------- branches: what the ASL declares

const OPERATORS: Readonly<Record<string, string>> = {
  StringEquals: "=",
  BooleanEquals: "=",
  NumericEquals: "=",
  TimestampEquals: "=",
  NumericGreaterThan: ">",
  NumericGreaterThanEquals: ">=",
  NumericLessThan: "<",
  NumericLessThanEquals: "<=",
  NumericEqualsPath: "=",
  NumericGreaterThanPath: ">",
  NumericGreaterThanEqualsPath: ">=",
  NumericLessThanPath: "<",
  NumericLessThanEqualsPath: "<=",
  StringMatches: "~",
  IsPresent: "present:",
};

function ruleText(rule: Record<string, unknown>, index: number): string {
  if (typeof rule.Variable === "string") {
    for (const [key, value] of Object.entries(rule)) {
      const op = OPERATORS[key];
      if (op) return `${rule.Variable} ${op} ${String(value)}`;
    }
  }
  return `rule ${index + 1}`;
}

const choiceKey = (state: string, rule: Record<string, unknown>, index: number): string =>
  `${state} [${ruleText(rule, index)}] → ${String(rule.Next)}`;
const defaultKey = (state: string, next: string): string => `${state} [Default] → ${next}`;
const catchKey = (state: string, catcher: Catcher): string =>
  `${state} [catch ${catcher.ErrorEquals.join(", ")}] → ${catcher.Next}`;
const timeoutKey = (state: string): string => `${state} [timeout]`;

interface Catcher {
  ErrorEquals: string[];
  Next: string;
}

const rulesOf = (def: StateDef): Record<string, unknown>[] =>
  (def.Choices as Record<string, unknown>[]) ?? [];
const catchersOf = (def: StateDef): Catcher[] => (def.Catch as Catcher[] | undefined) ?? [];
const isCallback = (def: StateDef): boolean =>
  def.Type === "Task" && typeof def.Resource === "string" && def.Resource.endsWith(".waitForTaskToken");

function topLevel(asl: Asl): [string, StateDef][] {
  const states = Object.entries(asl.States);
  const nested = states.filter(([, s]) => s.Type === "Map" || s.Type === "Parallel").map(([n]) => n);
  if (nested.length) throw new Error(`path coverage does not look inside Map/Parallel states yet: ${nested}`);
  return states;
}

/**
 * Every branch a path test must take, as the keys tests declare: each Choice rule and Default
 * ("Route [$.x = a] → Next", "Route [Default] → Next"), each Catch ("Task [catch States.Timeout] → Next"),
 * and the timeout of each callback task ("Task [timeout]").
 */
export function declaredBranches(asl: Asl): string[] {
  const out: string[] = [];
  for (const [name, def] of topLevel(asl)) {
    if (def.Type === "Choice") {
      rulesOf(def).forEach((rule, i) => {
        out.push(choiceKey(name, rule, i));
      });
      if (typeof def.Default === "string") out.push(defaultKey(name, def.Default));
    }
    for (const catcher of catchersOf(def)) out.push(catchKey(name, catcher));
    if (isCallback(def)) out.push(timeoutKey(name));
  }
  return out;
}

/** Callback tasks with neither TimeoutSeconds nor TimeoutSecondsPath (they would wait for about three years). */
export function callbacksWithoutTimeout(asl: Asl): string[] {
  return topLevel(asl)
    .filter(([, def]) => isCallback(def) && def.TimeoutSeconds === undefined && !def.TimeoutSecondsPath)
    .map(([name]) => name);
}

/**
 * States (and their Catches) that would take `$.<field>` of the execution input off the state data: an InputPath or
 * OutputPath other than "$", or a Task, Pass, Map or Parallel whose ResultPath (absent: "$") is "$" or lies under the
 * field; a Catch whose ResultPath is absent or "$". A TimeoutSecondsPath or SecondsPath on `$.<field>` needs none.
 */
export function statesDropping(asl: Asl, field: string): string[] {
  const replaces = (resultPath: unknown): boolean =>
    resultPath === undefined ||
    resultPath === "$" ||
    (typeof resultPath === "string" &&
      (resultPath === `$.${field}` ||
        resultPath.startsWith(`$.${field}.`) ||
        resultPath.startsWith(`$.${field}[`)));
  const out: string[] = [];
  for (const [name, def] of topLevel(asl)) {
    for (const key of ["InputPath", "OutputPath"] as const) {
      if (key in def && def[key] !== "$") out.push(`${name} ${key}`);
    }
    if (["Task", "Pass", "Map", "Parallel"].includes(def.Type) && replaces(def.ResultPath)) {
      out.push(`${name} ResultPath`);
    }
    for (const catcher of catchersOf(def) as (Catcher & { ResultPath?: unknown })[]) {
      if (replaces(catcher.ResultPath))
        out.push(`${name} Catch ${catcher.ErrorEquals.join(", ")} ResultPath`);
    }
  }
  return out;
}

/** States no transition leads to from StartAt (Next, Choice rules and Default, Catch). */
export function unreachableStates(asl: Asl): string[] {
  const seen = new Set<string>();
  const todo = [asl.StartAt];
  for (let name = todo.pop(); name !== undefined; name = todo.pop()) {
    if (seen.has(name)) continue;
    seen.add(name);
    const def = asl.States[name];
    if (!def) continue;
    const next = [
      def.Next,
      def.Default,
      ...rulesOf(def).map((r) => r.Next),
      ...catchersOf(def).map((c) => c.Next),
    ];
    for (const n of next) if (typeof n === "string") todo.push(n);
  }
  return Object.keys(asl.States).filter((n) => !seen.has(n));
}

// ---------------------------------------------------------------- branches: what an execution took

const NO_VALIDATE = { validationOptions: { noValidate: true } } as const;
const choiceMachines = new Map<StateDef, StateMachine>();

/** Index of the Choice rule that matches `input` (-1: Default), decided by the engine's own ASL library. */
async function matchedRule(def: StateDef, input: unknown): Promise<number | undefined> {
  let sm = choiceMachines.get(def);
  if (!sm) {
    const rules = rulesOf(def);
    const states: Record<string, unknown> = {
      C: { Type: "Choice", Choices: rules.map((r, i) => ({ ...r, Next: `R${i}` })), Default: "D" },
      D: { Type: "Pass", Result: { rule: -1 }, End: true },
    };
    rules.forEach((_, i) => {
      // (an object: the library ignores a falsy Result such as 0)
      states[`R${i}`] = { Type: "Pass", Result: { rule: i }, End: true };
    });
    sm = new StateMachine({ StartAt: "C", States: states } as unknown as StateMachineDefinition, NO_VALIDATE);
    choiceMachines.set(def, sm);
  }
  try {
    return ((await sm.run(input as never).result) as { rule: number }).rule;
  } catch {
    return undefined; // the Choice itself failed (e.g. its Variable is missing): no branch taken
  }
}

/** The value at a reference path (e.g. "$.schedule.opensAt"), with the library's semantics. */
async function valueAt(path: string, input: unknown): Promise<unknown> {
  const sm = new StateMachine(
    { StartAt: "P", States: { P: { Type: "Pass", Parameters: { "v.$": path }, End: true } } } as never,
    NO_VALIDATE,
  );
  return ((await sm.run(input as never).result) as { v: unknown }).v;
}

/** AWS's error matching: States.ALL matches everything, States.TaskFailed everything but States.Timeout. */
function matches(errorEquals: readonly string[], error: string): boolean {
  return errorEquals.some(
    (e) => e === error || e === "States.ALL" || (e === "States.TaskFailed" && error !== "States.Timeout"),
  );
}

const ERROR_EVENTS: Readonly<Record<string, (e: HistoryEvent) => string | undefined>> = {
  TaskFailed: (e) => e.taskFailedEventDetails?.error,
  TaskTimedOut: (e) => e.taskTimedOutEventDetails?.error,
  LambdaFunctionFailed: (e) => e.lambdaFunctionFailedEventDetails?.error,
  LambdaFunctionTimedOut: (e) => e.lambdaFunctionTimedOutEventDetails?.error,
};

/** The branches (keys of declaredBranches) an execution's history shows it took. */
export async function branchesTaken(asl: Asl, events: readonly HistoryEvent[]): Promise<string[]> {
  const taken = new Set<string>();
  let current: string | undefined;
  let error: string | undefined;
  let choice: { key: string; next: string } | undefined;
  for (const e of events) {
    const entered = e.type?.endsWith("StateEntered") ? e.stateEnteredEventDetails?.name : undefined;
    if (entered !== undefined) {
      if (choice?.next === entered) taken.add(choice.key);
      choice = undefined;
      const left = current ? asl.States[current] : undefined;
      if (current && left && error !== undefined) {
        const catcher = catchersOf(left).find((c) => matches(c.ErrorEquals, error as string));
        if (catcher?.Next === entered) taken.add(catchKey(current, catcher));
      }
      current = entered;
      error = undefined;
      const def = asl.States[entered];
      if (def?.Type === "Choice") {
        const input = JSON.parse(e.stateEnteredEventDetails?.input ?? "null") as unknown;
        const i = await matchedRule(def, input);
        const rule = i === undefined || i < 0 ? undefined : rulesOf(def)[i];
        if (rule) choice = { key: choiceKey(entered, rule, i as number), next: String(rule.Next) };
        else if (i === -1 && typeof def.Default === "string")
          choice = { key: defaultKey(entered, def.Default), next: def.Default };
      }
      continue;
    }
    const errorOf = ERROR_EVENTS[e.type ?? ""];
    if (errorOf) {
      error = errorOf(e) ?? "";
      if (e.type === "TaskTimedOut" && current) taken.add(timeoutKey(current));
    } else if (e.type === "TaskScheduled" || e.type === "LambdaFunctionScheduled") {
      error = undefined; // retried
    }
  }
  return [...taken];
}

// ---------------------------------------------------------------- scripted task stubs

/** A scripted error: the stub throws an Error with this name (what Retry and Catch match). */
export class Raised {
  constructor(
    readonly name: string,
    readonly message: string,
  ) {}
}
export const raise = (name: string, message = `${name} (scripted)`): Raised => new Raised(name, message);

export type Payload = Readonly<Record<string, unknown>>;
/**
 * What a task answers: a value (the Lambda's result: the Payload), a raise(...), or a function of the payload and the
 * virtual clock's time giving one of those; or an array of such answers, one per call (the last one repeats).
 */
export type Scripted = unknown;
/** Answers by task key: the payload's `task`, or `task:kind` / `task:stage` when the same task serves several states. */
export type Script = Readonly<Record<string, Scripted>>;

export interface Call {
  /** `task`, or `task:kind` / `task:stage` */
  key: string;
  payload: Payload;
}

function named(name: string, message: string): Error {
  const e = new Error(message);
  e.name = name;
  return e;
}

export interface Ending {
  status: string;
  error?: string | undefined;
  cause?: string | undefined;
  output?: unknown;
}

/**
 * The service of one test file, on a fresh data directory and a clock starting at START_MS: compiling a definition
 * costs more than a path test, so the tests of a file share it. Each test is a PathRun; its stubs answer while it runs.
 */
export class Host {
  current: PathRun | undefined;
  started = 0;

  private constructor(
    readonly machine: Machine,
    readonly h: Harness,
    private readonly dataDir: string,
  ) {}

  static async start(machine: Machine): Promise<Host> {
    const dataDir = tempDir("paths");
    const box: { host?: Host } = {};
    const h = await startHarness({
      dataDir,
      clock: new ControllableClock(join(dataDir, "clock.json"), START_MS),
      stateMachines: [{ name: machine.name, arn: machine.arn, definition: machine.definition }],
      invokeFunction: async (fn, payload) => {
        const run = box.host?.current;
        if (!run) throw named("Stub.NoTest", `${fn} invoked between tests`);
        return run.invoke(fn, payload);
      },
    });
    box.host = new Host(machine, h, dataDir);
    return box.host;
  }

  async close(): Promise<void> {
    await this.h.close();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/** One path test: its stubs, its executions, and what it does to them (on its file's Host). */
export class PathRun {
  readonly calls: Call[] = [];
  readonly executions: string[] = [];
  readonly machine: Machine;
  private readonly script: Record<string, Scripted>;
  private readonly used = new Map<string, number>();
  private readonly h: Harness;

  constructor(
    private readonly host: Host,
    base: Script,
  ) {
    this.machine = host.machine;
    this.h = host.h;
    this.script = { ...base };
    host.current = this;
  }

  get clock(): ControllableClock {
    return this.h.clock;
  }

  /** Scripts a task's next answers (replacing the machine's default): one per call, the last one repeats. */
  answer(key: string, ...answers: unknown[]): void {
    if (answers.length === 0) throw new Error(`no answer for ${key}`);
    this.script[key] = answers;
    this.used.delete(key);
  }

  /** The payloads a task was invoked with (key: `task` for every call of it, or `task:kind` / `task:stage`). */
  callsOf(key: string): Payload[] {
    return this.calls.filter((c) => c.key === key || c.key.split(":")[0] === key).map((c) => c.payload);
  }

  /** The stubbed Lambda functions of the machine: answers `payload` as scripted. */
  async invoke(fn: string, payload: unknown): Promise<unknown> {
    if (!this.machine.functionArns.has(fn))
      throw named("Stub.WrongFunction", `${this.machine.name} invoked ${fn}, not its catalog function`);
    const p = (payload ?? {}) as Payload;
    const task = String(p.task);
    const sub = p.kind ?? p.stage;
    const full = sub === undefined ? task : `${task}:${String(sub)}`;
    this.calls.push({ key: full, payload: p });
    const key = full in this.script ? full : task;
    const scripted = this.script[key];
    let answer: unknown = scripted;
    if (scripted === undefined) answer = raise("Stub.Unscripted", `no answer scripted for ${full}`);
    else if (Array.isArray(scripted)) {
      const n = this.used.get(key) ?? 0;
      this.used.set(key, n + 1);
      answer = scripted[Math.min(n, scripted.length - 1)];
    }
    if (typeof answer === "function")
      answer = (answer as (p: Payload, now: number) => unknown)(p, this.clock.now());
    if (answer instanceof Raised) throw named(answer.name, answer.message);
    return answer;
  }

  /** Starts an execution and waits until it rests (finished, or waiting on a callback or a timer). */
  async start(input: unknown): Promise<string> {
    const { executionArn } = await this.h.client.send(
      new StartExecutionCommand({
        stateMachineArn: this.machine.arn,
        name: `${this.machine.name}-${++this.host.started}`,
        input: JSON.stringify(input),
      }),
    );
    const arn = executionArn as string;
    this.executions.push(arn);
    await this.h.service.whenIdle();
    return arn;
  }

  history(arn: string): Promise<HistoryEvent[]> {
    return history(this.h.client, arn);
  }

  /** Names of the states entered, in order (the StateEntered events of the history). */
  async statesEntered(arn: string): Promise<string[]> {
    return (await this.history(arn))
      .filter((e) => e.type?.endsWith("StateEntered"))
      .map((e) => e.stateEnteredEventDetails?.name as string);
  }

  async end(arn: string): Promise<Ending> {
    const d = await describe(this.h.client, arn);
    const ending: Ending = { status: d.status as string };
    if (d.error !== undefined) ending.error = d.error;
    if (d.cause !== undefined) ending.cause = d.cause;
    if (d.output !== undefined) ending.output = JSON.parse(d.output) as unknown;
    return ending;
  }

  /** Each callback's scheduled timeout in order, as [state, seconds] (TimeoutSeconds or TimeoutSecondsPath resolved). */
  async timeoutsScheduled(arn: string): Promise<[string, number][]> {
    const out: [string, number][] = [];
    let state = "";
    for (const e of await this.history(arn)) {
      if (e.type === "TaskStateEntered") state = e.stateEnteredEventDetails?.name ?? "";
      const seconds = e.type === "TaskScheduled" ? e.taskScheduledEventDetails?.timeoutInSeconds : undefined;
      if (seconds !== undefined) out.push([state, seconds]);
    }
    return out;
  }

  /** How long each Wait state waited, in order, as [state, seconds] (from its entered and exited events). */
  async waitsTaken(arn: string): Promise<[string, number][]> {
    const out: [string, number][] = [];
    let entered: HistoryEvent | undefined;
    for (const e of await this.history(arn)) {
      if (e.type === "WaitStateEntered") entered = e;
      else if (e.type === "WaitStateExited" && entered?.timestamp && e.timestamp) {
        const ms = e.timestamp.getTime() - entered.timestamp.getTime();
        out.push([e.stateExitedEventDetails?.name ?? "", Math.round(ms / 1000)]); // the clock also runs in real time
        entered = undefined;
      }
    }
    return out;
  }

  /** The callback task or Wait state the execution rests in (undefined: finished, or not resting). */
  async restingAt(arn: string): Promise<string | undefined> {
    if ((await describe(this.h.client, arn)).status !== "RUNNING") return undefined;
    const events = await this.history(arn);
    const last = events.at(-1);
    if (last?.type === "WaitStateEntered") return last.stateEnteredEventDetails?.name;
    if (last?.type !== "TaskSubmitted") return undefined;
    return events.filter((e) => e.type === "TaskStateEntered").at(-1)?.stateEnteredEventDetails?.name;
  }

  private async expectResting(arn: string, state: string): Promise<void> {
    expect(await this.restingAt(arn), `${arn} should be waiting in ${state}`).toBe(state);
  }

  private async advanceTo(ms: number): Promise<void> {
    await this.h.service.advanceClock(Math.max(0, ms - this.clock.now()));
  }

  /** Completes the callback `state` waits on (SendTaskSuccess with its token), as the API would. */
  async complete(arn: string, state: string, output: unknown = {}): Promise<void> {
    await this.expectResting(arn, state);
    const taskToken = await tokenOf(this.h.client, arn);
    await this.h.client.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) }));
    await this.h.service.whenIdle();
  }

  /** Fails the callback `state` waits on (SendTaskFailure). */
  async fail(arn: string, state: string, error: string, cause: string): Promise<void> {
    await this.expectResting(arn, state);
    const taskToken = await tokenOf(this.h.client, arn);
    await this.h.client.send(new SendTaskFailureCommand({ taskToken, error, cause }));
    await this.h.service.whenIdle();
  }

  /**
   * Lets the callback `state` time out: the clock goes to one second before its timeout (read from the TaskScheduled
   * event: TimeoutSeconds or TimeoutSecondsPath as resolved), where it must still wait, then to the timeout.
   */
  async timeOut(arn: string, state: string): Promise<void> {
    await this.expectResting(arn, state);
    const events = await this.history(arn);
    const scheduled = events.filter((e) => e.type === "TaskScheduled").at(-1);
    const seconds = scheduled?.taskScheduledEventDetails?.timeoutInSeconds;
    if (!scheduled?.timestamp || seconds === undefined) throw new Error(`${state} has no timeout`);
    const due = scheduled.timestamp.getTime() + seconds * 1000;
    await this.advanceTo(due - 1000);
    await this.expectResting(arn, state);
    await this.advanceTo(due);
    const after = (await this.history(arn)).slice(events.length);
    expect(after[0]?.type, `${state} should have timed out`).toBe("TaskTimedOut");
  }

  /**
   * Moves the clock to the end of the Wait state `state` (Seconds, Timestamp or their paths, as the ASL says): one
   * second before it, it must still wait; at it, it must have ended.
   */
  async passWait(arn: string, state: string): Promise<void> {
    await this.expectResting(arn, state);
    const events = await this.history(arn);
    const entered = events.at(-1) as HistoryEvent;
    const def = this.machine.definition.States[state] as StateDef;
    const input = JSON.parse(entered.stateEnteredEventDetails?.input ?? "null") as unknown;
    const at = (entered.timestamp as Date).getTime();
    let due: number;
    if (typeof def.Seconds === "number") due = at + def.Seconds * 1000;
    else if (typeof def.Timestamp === "string") due = Date.parse(def.Timestamp);
    else if (typeof def.SecondsPath === "string")
      due = at + Number(await valueAt(def.SecondsPath, input)) * 1000;
    else due = Date.parse(String(await valueAt(String(def.TimestampPath), input)));
    if (!Number.isFinite(due)) throw new Error(`${state}: no end time`);
    if (due - 1000 > this.clock.now()) {
      await this.advanceTo(due - 1000);
      await this.expectResting(arn, state);
    }
    await this.advanceTo(due);
    const after = (await this.history(arn)).slice(events.length);
    expect(after[0]?.type, `${state} should have ended`).toBe("WaitStateExited");
  }

  /** Moves the clock forward by `ms`, firing every timer that falls due (waits, callback timeouts, the 1-year limit). */
  async advance(ms: number): Promise<void> {
    await this.h.service.advanceClock(ms);
  }

  async branches(arn: string): Promise<string[]> {
    return branchesTaken(this.machine.definition, await this.history(arn));
  }

  /** Stops what the test left running (so that no timer of it fires in a later test) and detaches the stubs. */
  async close(): Promise<void> {
    for (const arn of this.executions) {
      if ((await describe(this.h.client, arn)).status === "RUNNING")
        await this.h.client.send(new StopExecutionCommand({ executionArn: arn, cause: "end of the test" }));
    }
    await this.h.service.whenIdle();
    this.host.current = undefined;
  }
}

// ---------------------------------------------------------------- suites

export interface PathSuite {
  readonly machine: Machine;
  /**
   * A path test: `covers` lists the branches (keys of declaredBranches) it takes; after the body, the histories of
   * the executions it started must show each of them.
   */
  path(title: string, covers: readonly string[], body: (run: PathRun) => Promise<void>): void;
  /** The tests that every branch of the ASL has a path test (call it once, after the paths). */
  coverage(): void;
  /** The test that no state takes `$.<field>` of the execution input off the state data (the timers read it). */
  keepsOnStateData(field: string): void;
}

/** The path tests of one state machine; `script` answers every task of the happy path unless a test says otherwise. */
export function pathSuite(name: string, script: Script): PathSuite {
  const m = machine(name);
  const covered = new Map<string, string[]>();
  let host: Host | undefined;
  beforeAll(async () => {
    host = await Host.start(m);
  });
  afterAll(async () => {
    await host?.close();
  });
  return {
    machine: m,
    path(title, covers, body) {
      for (const key of covers) covered.set(key, [...(covered.get(key) ?? []), title]);
      it(title, async () => {
        if (!host) throw new Error("no service: the suite's beforeAll did not run");
        const run = new PathRun(host, script);
        try {
          await body(run);
          const taken = new Set<string>();
          for (const arn of run.executions) for (const b of await run.branches(arn)) taken.add(b);
          expect(
            covers.filter((c) => !taken.has(c)),
            "branches this test says it takes but its executions did not",
          ).toEqual([]);
        } finally {
          await run.close();
        }
      });
    },
    coverage() {
      it("has a path test for every Choice rule and Default, every Catch and every callback timeout", () => {
        const declared = declaredBranches(m.definition);
        expect(
          declared.filter((b) => !covered.has(b)),
          `branches of ${name} no path test takes`,
        ).toEqual([]);
        expect(
          [...covered.keys()].filter((b) => !declared.includes(b)),
          `branches the tests name that ${name} does not have`,
        ).toEqual([]);
      });
      it("gives every callback a timeout and reaches every state", () => {
        expect(callbacksWithoutTimeout(m.definition)).toEqual([]);
        expect(unreachableStates(m.definition)).toEqual([]);
      });
    },
    keepsOnStateData(field) {
      it(`keeps $.${field} of the execution input on the state data through every state`, () => {
        expect(statesDropping(m.definition, field)).toEqual([]);
      });
    },
  };
}
