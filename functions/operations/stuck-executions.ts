// Use case (pure): the stuck-execution sweep (停滞流程巡检) — lists the RUNNING executions of every catalog
// state machine and classifies each from the tail of its history (read by operations/execution-inspection.ts) and its
// machine's ASL: waiting on a person (callback task, fine until its deadline), on a Wait timer (fine until it is due),
// on a Task retry's backoff (fine until the retry is due), or stuck (a task in flight, or no event at all, for longer
// than the threshold). No AWS imports: the adapters (functions/operations/adapters/execution-source.ts) feed it.
import {
  analyseExecution,
  type InspectedEvent,
  type WaitedOn,
  workflowGraph,
} from "./execution-inspection.ts";

/** A RUNNING execution as ListExecutions names it. */
export interface RunningExecution {
  readonly executionArn: string;
  readonly name: string;
  /** ISO 8601 instant. */
  readonly startDate: string;
}

/** The port the sweep reads Step Functions through (ListExecutions, DescribeStateMachine, GetExecutionHistory). */
export interface ExecutionSource {
  /** The machine's ASL definition (JSON text). */
  definition(stateMachine: string): Promise<string>;
  /** One page of the machine's RUNNING executions; `next` for the following page. */
  listRunning(
    stateMachine: string,
    cursor?: string,
  ): Promise<{ executions: readonly RunningExecution[]; next?: string }>;
  /**
   * The execution's input and the end of its history, oldest first: at least every event from the last
   * `…StateEntered` on (the whole history when it is short).
   */
  recentHistory(executionArn: string): Promise<{ input: unknown; events: readonly InspectedEvent[] }>;
}

export interface SweepOptions {
  /** A task in flight, or no event while not waiting, for longer than this is stuck (default 15 minutes). */
  readonly thresholdMs?: number;
  /** How long past a callback's deadline or a timer's due time before it counts as stuck (default 5 minutes). */
  readonly graceMs?: number;
  /** Executions read at once (default 8). */
  readonly concurrency?: number;
}

export const defaultStuckThresholdMs = 15 * 60_000;
export const defaultStuckGraceMs = 5 * 60_000;

export type StuckReason =
  /** A Lambda task scheduled or started and not finished. */
  | "task-in-flight"
  /** Not waiting on anything and no history event for longer than the threshold. */
  | "no-progress"
  /** A callback task still waited on past its TimeoutSeconds (Step Functions should have timed it out). */
  | "callback-overdue"
  /** A Wait state still waiting after its timer was due. */
  | "timer-overdue"
  /** A failed task whose retry was due and never came. */
  | "retry-overdue";

export type Verdict =
  | {
      readonly state: "waiting-person";
      readonly stateName: string;
      readonly waitedOn: WaitedOn;
      readonly deadline?: string;
    }
  | { readonly state: "waiting-timer"; readonly stateName: string; readonly due?: string }
  | { readonly state: "waiting-retry"; readonly stateName: string; readonly due: string }
  | { readonly state: "progressing"; readonly stateName?: string; readonly since: string }
  | {
      readonly state: "stuck";
      readonly reason: StuckReason;
      readonly stateName?: string;
      /** Since when (the last event, the deadline, the due time) in ISO 8601. */
      readonly since: string;
      readonly stuckForMs: number;
      readonly message: string;
      readonly messageZh: string;
    };

/** The ASL fields the classification reads, per top-level state. */
interface AslState {
  Type?: string;
  Resource?: string;
  InputPath?: string | null;
  Seconds?: number;
  Timestamp?: string;
  SecondsPath?: string;
  TimestampPath?: string;
  Retry?: {
    ErrorEquals?: string[];
    IntervalSeconds?: number;
    MaxAttempts?: number;
    BackoffRate?: number;
    MaxDelaySeconds?: number;
  }[];
}

const failureTypes = new Set([
  "TaskFailed",
  "TaskTimedOut",
  "LambdaFunctionFailed",
  "LambdaFunctionTimedOut",
  "LambdaFunctionStartFailed",
  "LambdaFunctionScheduleFailed",
]);
const inFlightTypes = new Set([
  "TaskScheduled",
  "TaskStarted",
  "LambdaFunctionScheduled",
  "LambdaFunctionStarted",
]);

const minutes = (ms: number) => Math.round(ms / 60_000);

/**
 * Classifies one RUNNING execution at `now` from the end of its history (see ExecutionSource.recentHistory) and its
 * machine's definition.
 */
export function classifyExecution(
  events: readonly InspectedEvent[],
  definition: string | Record<string, unknown>,
  now: Date,
  options: SweepOptions = {},
): Verdict {
  const threshold = options.thresholdMs ?? defaultStuckThresholdMs;
  const grace = options.graceMs ?? defaultStuckGraceMs;
  const asl = (typeof definition === "string" ? JSON.parse(definition) : definition) as {
    States?: Record<string, AslState>;
  };
  const states = asl.States ?? {};
  const analysis = analyseExecution(events, "RUNNING", workflowGraph(asl));
  const nowMs = now.getTime();
  const last = events.at(-1);
  const lastAt = last ? Date.parse(last.timestamp) : nowMs;
  const current = analysis.steps.at(-1)?.status === "running" ? analysis.steps.at(-1) : undefined;
  const stuck = (
    reason: StuckReason,
    sinceMs: number,
    message: string,
    messageZh: string,
    stateName = current?.name,
  ): Verdict => ({
    state: "stuck",
    reason,
    ...(stateName ? { stateName } : {}),
    since: new Date(sinceMs).toISOString(),
    stuckForMs: nowMs - sinceMs,
    message,
    messageZh,
  });

  // A person is waited on: fine until the callback's deadline (plus grace), when Step Functions times it out.
  const pending = analysis.pendingTasks[0];
  if (pending) {
    if (pending.deadline && nowMs > Date.parse(pending.deadline) + grace) {
      const deadline = Date.parse(pending.deadline);
      return stuck(
        "callback-overdue",
        deadline,
        `${pending.state} still waits for ${pending.waitedOn.what} ${minutes(nowMs - deadline)} min after its deadline ${pending.deadline}`,
        `${pending.state} 已过期限 ${pending.deadline} ${minutes(nowMs - deadline)} 分钟仍在等待${pending.waitedOn.whatZh}`,
        pending.state,
      );
    }
    return {
      state: "waiting-person",
      stateName: pending.state,
      waitedOn: pending.waitedOn,
      ...(pending.deadline ? { deadline: pending.deadline } : {}),
    };
  }

  const def = current ? states[current.name] : undefined;

  // A Wait state: fine until its timer is due (plus grace).
  if (current && (def?.Type ?? current.type) === "Wait") {
    const due = def ? waitDue(def, current.input, Date.parse(current.enteredAt)) : undefined;
    if (due !== undefined && nowMs > due + grace) {
      return stuck(
        "timer-overdue",
        due,
        `Wait state ${current.name} was due at ${new Date(due).toISOString()} and still waits`,
        `等待状态 ${current.name} 应于 ${new Date(due).toISOString()} 结束，仍未继续`,
      );
    }
    return {
      state: "waiting-timer",
      stateName: current.name,
      ...(due !== undefined ? { due: new Date(due).toISOString() } : {}),
    };
  }

  // A task failed and Step Functions backs off before the retry: fine until the retry is due (plus the threshold).
  if (current && last && failureTypes.has(last.type) && def?.Retry) {
    const due = retryDue(def, events, current.enteredAt, last);
    if (due !== undefined) {
      if (nowMs <= due + threshold)
        return { state: "waiting-retry", stateName: current.name, due: new Date(due).toISOString() };
      return stuck(
        "retry-overdue",
        due,
        `${current.name} failed and its retry, due at ${new Date(due).toISOString()}, never started`,
        `${current.name} 失败后应于 ${new Date(due).toISOString()} 重试，未见重试`,
      );
    }
  }

  // Otherwise something should be happening: a task running, or the next transition.
  const idleMs = nowMs - lastAt;
  if (idleMs <= threshold) {
    return {
      state: "progressing",
      ...(current ? { stateName: current.name } : {}),
      since: new Date(lastAt).toISOString(),
    };
  }
  if (current && last && inFlightTypes.has(last.type)) {
    return stuck(
      "task-in-flight",
      lastAt,
      `Task ${current.name} has been in flight for ${minutes(idleMs)} min (since ${last.timestamp})`,
      `任务 ${current.name} 已执行 ${minutes(idleMs)} 分钟未结束（自 ${last.timestamp}）`,
    );
  }
  const where = current
    ? `in ${current.name}`
    : analysis.steps.length > 0
      ? `after ${analysis.steps.at(-1)!.name}`
      : "since it started";
  const whereZh = current
    ? `停在 ${current.name}`
    : analysis.steps.length > 0
      ? `${analysis.steps.at(-1)!.name} 之后`
      : "启动后";
  return stuck(
    "no-progress",
    lastAt,
    `No progress for ${minutes(idleMs)} min ${where} (last event ${last?.type ?? "none"} at ${last?.timestamp ?? "?"})`,
    `${whereZh}已 ${minutes(idleMs)} 分钟无进展（最后事件 ${last?.type ?? "无"}，${last?.timestamp ?? "?"}）`,
    current?.name ?? analysis.steps.at(-1)?.name,
  );
}

/** When a Wait state's timer is due: Seconds/Timestamp, or SecondsPath/TimestampPath read from the state's input. */
function waitDue(def: AslState, input: unknown, enteredMs: number): number | undefined {
  if (typeof def.Seconds === "number") return enteredMs + def.Seconds * 1000;
  if (typeof def.Timestamp === "string") return finite(Date.parse(def.Timestamp));
  const effective = def.InputPath === null ? {} : def.InputPath ? readPath(input, def.InputPath) : input;
  if (typeof def.SecondsPath === "string") {
    const seconds = readPath(effective, def.SecondsPath);
    return typeof seconds === "number" ? enteredMs + seconds * 1000 : undefined;
  }
  if (typeof def.TimestampPath === "string") {
    const at = readPath(effective, def.TimestampPath);
    return typeof at === "string" ? finite(Date.parse(at)) : undefined;
  }
  return undefined;
}

/** ASL error matching: the name, States.ALL, or States.TaskFailed for any task error but a timeout. */
function matchesError(equals: readonly string[], error: string): boolean {
  return (
    equals.includes(error) ||
    equals.includes("States.ALL") ||
    (equals.includes("States.TaskFailed") && error !== "States.Timeout")
  );
}

const finite = (n: number) => (Number.isFinite(n) ? n : undefined);

/** A simple reference path (`$`, `$.a.b`); anything else reads as undefined. */
function readPath(value: unknown, path: string): unknown {
  if (path === "$") return value;
  if (!/^\$(\.[A-Za-z0-9_-]+)+$/.test(path)) return undefined;
  let at: unknown = value;
  for (const key of path.slice(2).split(".")) {
    if (typeof at !== "object" || at === null) return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

/**
 * When the retry of a failed task is due: the first retrier matching the error, its interval times its backoff rate
 * to the power of the attempts it already made in this visit (capped by MaxDelaySeconds); undefined when none applies
 * or its attempts are spent (the state then fails or catches, which is progress).
 */
function retryDue(
  def: AslState,
  events: readonly InspectedEvent[],
  enteredAt: string,
  failure: InspectedEvent,
): number | undefined {
  const error = String(
    failure.details?.["error"] ?? (failure.type.includes("TimedOut") ? "States.Timeout" : ""),
  );
  const retrier = (def.Retry ?? []).find((r) => matchesError(r.ErrorEquals ?? [], error));
  if (!retrier) return undefined;
  const enteredMs = Date.parse(enteredAt);
  const errorOf = (e: InspectedEvent) =>
    String(e.details?.["error"] ?? (e.type === "TaskTimedOut" ? "States.Timeout" : ""));
  const sameRetrier = (e: InspectedEvent) =>
    (def.Retry ?? []).find((r) => matchesError(r.ErrorEquals ?? [], errorOf(e))) === retrier;
  const failures = events.filter(
    (e) =>
      (e.type === "TaskFailed" || e.type === "TaskTimedOut") &&
      Date.parse(e.timestamp) >= enteredMs &&
      sameRetrier(e),
  ).length;
  const attempts = Math.max(1, failures);
  if (attempts > (retrier.MaxAttempts ?? 3)) return undefined;
  const interval = (retrier.IntervalSeconds ?? 1) * (retrier.BackoffRate ?? 2) ** (attempts - 1);
  const capped =
    retrier.MaxDelaySeconds !== undefined ? Math.min(interval, retrier.MaxDelaySeconds) : interval;
  return Date.parse(failure.timestamp) + capped * 1000;
}

/** One stuck execution as the sweep reports it. */
export interface StuckExecution {
  readonly stateMachine: string;
  readonly executionArn: string;
  readonly name: string;
  readonly startDate: string;
  readonly correlationId?: string;
  readonly reason: StuckReason;
  readonly stateName?: string;
  readonly since: string;
  readonly stuckForMs: number;
  readonly message: string;
  readonly messageZh: string;
}

export interface SweepResult {
  readonly checkedAt: string;
  readonly thresholdMs: number;
  /** RUNNING executions per state machine, and in all. */
  readonly running: Readonly<Record<string, number>>;
  readonly runningTotal: number;
  readonly stuck: readonly StuckExecution[];
}

/** Lists the RUNNING executions of each machine (every page) and returns the stuck ones with their reasons. */
export async function sweepStuckExecutions(
  deps: { readonly source: ExecutionSource; readonly clock: { now(): Date } },
  stateMachines: readonly string[],
  options: SweepOptions = {},
): Promise<SweepResult> {
  const now = deps.clock.now();
  const thresholdMs = options.thresholdMs ?? defaultStuckThresholdMs;
  const running: Record<string, number> = {};
  const stuck: StuckExecution[] = [];
  for (const machine of stateMachines) {
    const definition = await deps.source.definition(machine);
    const executions: RunningExecution[] = [];
    let cursor: string | undefined;
    do {
      const page = await deps.source.listRunning(machine, cursor);
      executions.push(...page.executions);
      cursor = page.next;
    } while (cursor);
    running[machine] = executions.length;
    const found = await mapLimited(executions, options.concurrency ?? 8, async (execution) => {
      const { input, events } = await deps.source.recentHistory(execution.executionArn);
      const verdict = classifyExecution(events, definition, now, options);
      if (verdict.state !== "stuck") return undefined;
      const correlationId = (input as { correlationId?: unknown } | null | undefined)?.correlationId;
      const { state: _state, ...rest } = verdict;
      return {
        stateMachine: machine,
        executionArn: execution.executionArn,
        name: execution.name,
        startDate: execution.startDate,
        ...(typeof correlationId === "string" ? { correlationId } : {}),
        ...rest,
      } satisfies StuckExecution;
    });
    stuck.push(...found.filter((s): s is StuckExecution => s !== undefined));
  }
  return {
    checkedAt: now.toISOString(),
    thresholdMs,
    running,
    runningTotal: Object.values(running).reduce((a, b) => a + b, 0),
    stuck: stuck.sort((a, b) => a.since.localeCompare(b.since)),
  };
}

async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      out[index] = await fn(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
