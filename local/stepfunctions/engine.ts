// Embedded runtime, local Step Functions service: the execution engine. Runs executions on aws-local-stepfunctions
// (one library run goes through pure states and synchronous Tasks, committing a durable step at each Task),
// journals every step, keeps waits/callbacks/timeouts on the virtual clock.
import { randomBytes, randomUUID } from "node:crypto";
import type { RunOptions } from "aws-local-stepfunctions";
import type { ControllableClock } from "../clock.ts";
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
import type { Journal } from "./journal.ts";

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = code;
  }
}

export type Status = "RUNNING" | "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "ABORTED";
export interface HistoryEvent {
  id: number;
  previousEventId: number;
  /** epoch ms (the API sends seconds) */
  timestamp: number;
  type: string;
  [details: string]: unknown;
}
/**
 * An event not yet committed: an object, or (on the hot paths) its JSON text already, without id and
 * previousEventId (which commit() appends).
 */
type Pending = Omit<HistoryEvent, "id" | "previousEventId"> | string;

type Resolution =
  | { k: "ok"; o: string }
  | { k: "err"; e?: string; c?: string }
  | { k: "to"; e: string; c: string };
type Cursor =
  | { k: "next"; s: string; i: Json }
  | { k: "wait"; s: string; o: Json; due: number }
  | {
      k: "cb";
      s: string;
      i: Json;
      tok: string;
      ph: "sched" | "wait";
      due?: number;
      hbs?: number;
      hb?: number;
      res?: Resolution;
      /** retries spent so far, per retrier of the state (they span steps: see Engine.countRetry) */
      ra?: number[];
    };
interface End {
  s: Exclude<Status, "RUNNING">;
  o?: string;
  e?: string;
  c?: string;
}

export interface Exec {
  arn: string;
  name: string;
  smArn: string;
  sm: CompiledMachine | undefined;
  input: string;
  startMs: number;
  deadline: number;
  status: Status;
  stopMs?: number;
  output?: string;
  error?: string;
  cause?: string;
  /**
   * History in compact form: the UTF-8 JSON text of each committed step's events (as journaled), parsed only
   * when read (history()). Off the JS heap: one small object per step instead of several per event, which the
   * garbage collector would otherwise copy from generation to generation.
   */
  hist: Buffer[];
  /** Number of events in `hist`. */
  nEvents: number;
  /** Journal sequence number of the execution's last record (see Journal.flushThrough). */
  jseq: number;
  cursor: Cursor | null;
  /** Bumped when the execution closes: an in-flight step of an older generation is discarded. */
  gen: number;
  busy: boolean;
  inflight?: RunCtl;
  /** Timer version: heap entries of older versions are stale. */
  tv: number;
  timerSig: string;
}

interface JournalStart {
  r: "x";
  a: string;
  n: string;
  m: string;
  i: string;
  t: number;
  ev: HistoryEvent[];
  c: Cursor | null;
  z?: End & { t: number };
}
interface JournalStep {
  r: "s";
  a: string;
  ev: HistoryEvent[];
  c: Cursor | null;
  z?: End & { t: number };
}

export interface EngineOptions {
  clock: ControllableClock;
  region: string;
  journal: Journal;
  machines: Map<string, CompiledMachine>;
  invokeFunction(functionArn: string, payload: unknown): Promise<unknown>;
  maxHistoryEvents: number;
  maxPayloadBytes: number;
  maxExecutionMs: number;
  log(line: Record<string, unknown>): void;
}

/** Transitions one library run makes at most (a long Pass/Choice loop is committed every CHUNK transitions). */
const CHUNK = 1000;
const RETENTION_MS = 90 * 24 * 3600 * 1000;
const MAX_REAL_TIMER_MS = 3600 * 1000;
/** Executions whose parsed history is kept for paging (GetExecutionHistory). */
const HISTORY_CACHE = 4;

/** One JSON array text from the step texts (JSON arrays, UTF-8) of a compact history. */
function joinHistory(hist: readonly Buffer[]): string {
  if (hist.length === 1) return (hist[0] as Buffer).toString("utf8");
  let out = "";
  for (const b of hist) {
    if (b.length <= 2) continue;
    const t = b.toString("utf8", 1, b.length - 1);
    out = out ? `${out},${t}` : t;
  }
  return `[${out}]`;
}

/** State of one step run of the library. */
class RunCtl {
  events: Pending[] = [];
  done = false;
  parked = false;
  next: string | undefined;
  nextInput: Json = null;
  failure: { error: string; cause: string } | undefined;
  transitions = 0;
  attempt = 0;
  pendingToken: string | undefined;
  retryCount = 0;
  /** The callback task's retries spent per retrier (from the cursor when resumed; see Engine.countRetry). */
  retries: number[] | undefined;
  curState: string;
  curEntered: number;
  lastOutObj: unknown = undefined;
  lastOutStr = "";
  abort: () => void = () => {};
  skipEnter: boolean;
  constructor(
    readonly ex: Exec,
    readonly gen: number,
    readonly start: string,
    readonly input: Json,
    readonly resumeToken: string | undefined,
    readonly resumeRes: Resolution | undefined,
    now: number,
    retries?: number[],
  ) {
    this.retries = retries ? [...retries] : undefined;
    this.curState = start;
    this.curEntered = now;
    this.skipEnter = resumeToken !== undefined;
  }
  take(): Pending[] {
    const e = this.events;
    this.events = [];
    return e;
  }
}

/** An error the library can neither retry nor catch (as AWS treats States.DataLimitExceeded and friends). */
function terminalError(name: string, message: string): Error {
  const e = new Error(message) as Error & { isRetryable: boolean; isCatchable: boolean };
  e.name = name;
  e.isRetryable = false;
  e.isCatchable = false;
  return e;
}
function namedError(name: string, message: string): Error {
  const e = new Error(message);
  e.name = name;
  return e;
}
const str = (v: unknown): string => JSON.stringify(v) ?? "null";
/** resourceType and resource of a synchronous lambda:invoke task, as JSON members */
const RT_INVOKE = '"resourceType":"lambda","resource":"invoke"';
const iso = (ms: number): string => new Date(ms).toISOString();
const yieldMacrotask = (): Promise<void> => new Promise((r) => setImmediate(r));

export class Engine {
  readonly execs = new Map<string, Exec>();
  private readonly bySm = new Map<string, Exec[]>();
  private heap: { due: number; ex: Exec; v: number }[] = [];
  private realTimer: NodeJS.Timeout | undefined;
  private realTimerDue = Number.POSITIVE_INFINITY;
  private active = 0;
  private idleWaiters: (() => void)[] = [];
  private stopped = false;
  private readonly unsubscribe: () => void;
  private readonly stepTasks = new Map<CompiledMachine, Map<string, string[]>>();
  private readonly historyCache = new Map<Exec, { n: number; events: HistoryEvent[] }>();

  constructor(private readonly o: EngineOptions) {
    this.unsubscribe = o.clock.onAdvance(() => this.fireDue());
  }

  // ---------------------------------------------------------------- recovery

  /** Rebuilds executions from the journal, compacts it, and resumes what was running. */
  recover(): void {
    const o = this.o;
    const records = o.journal.read((lineNo, text) =>
      o.log({ level: "warn", msg: "journal line skipped", lineNo, text }),
    );
    for (const rec of records as (JournalStart | JournalStep)[]) {
      if (rec.r === "x") {
        const sm = o.machines.get(rec.m);
        const ex: Exec = {
          arn: rec.a,
          name: rec.n,
          smArn: rec.m,
          sm,
          input: rec.i,
          startMs: rec.t,
          deadline: this.deadlineOf(rec.t, sm),
          status: "RUNNING",
          hist: rec.ev.length ? [Buffer.from(JSON.stringify(rec.ev), "utf8")] : [],
          nEvents: rec.ev.length,
          jseq: 0,
          cursor: rec.c,
          gen: 0,
          busy: false,
          tv: 0,
          timerSig: "",
        };
        if (rec.z) this.applyEnd(ex, rec.z, rec.z.t);
        this.register(ex);
      } else if (rec.r === "s") {
        const ex = this.execs.get(rec.a);
        if (!ex) continue;
        if (rec.ev.length) {
          ex.hist.push(Buffer.from(JSON.stringify(rec.ev), "utf8"));
          ex.nEvents += rec.ev.length;
        }
        ex.cursor = rec.c;
        if (rec.z) this.applyEnd(ex, rec.z, rec.z.t);
      }
    }
    // Compaction: one snapshot record per execution; closed executions expire after 90 days (as in AWS).
    const now = o.clock.now();
    for (const [arn, ex] of this.execs) {
      if (ex.status !== "RUNNING" && (ex.stopMs ?? 0) < now - RETENTION_MS) {
        this.execs.delete(arn);
        const list = this.bySm.get(ex.smArn);
        if (list) list.splice(list.indexOf(ex), 1);
      }
    }
    o.journal.rewrite(
      (function* (execs: Iterable<Exec>) {
        for (const ex of execs) yield Engine.snapshot(ex);
      })(this.execs.values()),
    );
    for (const ex of this.execs.values()) {
      if (ex.status !== "RUNNING") continue;
      if (!ex.sm) {
        o.log({
          level: "warn",
          msg: "execution of an unknown state machine left as is",
          executionArn: ex.arn,
        });
        continue;
      }
      this.updateTimers(ex);
    }
    this.fireDue();
    for (const ex of this.execs.values()) if (ex.status === "RUNNING" && ex.sm) this.kick(ex);
  }

  /** The execution as one journal line (a JournalStart record, serialised). */
  private static snapshot(ex: Exec): string {
    const head = JSON.stringify({ r: "x", a: ex.arn, n: ex.name, m: ex.smArn, i: ex.input, t: ex.startMs });
    const z =
      ex.status !== "RUNNING"
        ? { s: ex.status, t: ex.stopMs ?? ex.startMs, o: ex.output, e: ex.error, c: ex.cause }
        : undefined;
    return `${head.slice(0, -1)},"ev":${joinHistory(ex.hist)},"c":${str(ex.cursor)}${z ? `,"z":${JSON.stringify(z)}` : ""}}`;
  }

  /** The execution's history events (parsed from the compact form; the last few are cached). */
  history(ex: Exec): HistoryEvent[] {
    const hit = this.historyCache.get(ex);
    if (hit && hit.n === ex.nEvents) return hit.events;
    const events = JSON.parse(joinHistory(ex.hist)) as HistoryEvent[];
    this.historyCache.delete(ex);
    this.historyCache.set(ex, { n: ex.nEvents, events });
    if (this.historyCache.size > HISTORY_CACHE) {
      const oldest = this.historyCache.keys().next().value as Exec;
      this.historyCache.delete(oldest);
    }
    return events;
  }

  private deadlineOf(startMs: number, sm: CompiledMachine | undefined): number {
    const limit = Math.min(this.o.maxExecutionMs, sm?.timeoutMs ?? Number.POSITIVE_INFINITY);
    return startMs + limit;
  }

  private register(ex: Exec): void {
    this.execs.set(ex.arn, ex);
    let list = this.bySm.get(ex.smArn);
    if (!list) {
      list = [];
      this.bySm.set(ex.smArn, list);
    }
    list.push(ex);
  }

  private applyEnd(ex: Exec, z: End, t: number): void {
    ex.status = z.s;
    ex.stopMs = t;
    ex.output = z.o;
    ex.error = z.e;
    ex.cause = z.c;
    ex.cursor = null;
    ex.gen++;
  }

  // ---------------------------------------------------------------- API operations

  startExecution(smArn: string, name: string, input: string): { executionArn: string; startDate: number } {
    const sm = this.o.machines.get(smArn);
    if (!sm) throw new ApiError("StateMachineDoesNotExist", `State Machine Does Not Exist: '${smArn}'`);
    const arn = `arn:aws:states:${smArn.split(":")[3]}:${smArn.split(":")[4]}:execution:${sm.name}:${name}`;
    const existing = this.execs.get(arn);
    if (existing) {
      if (existing.status === "RUNNING" && existing.input === input) {
        return { executionArn: arn, startDate: existing.startMs };
      }
      throw new ApiError("ExecutionAlreadyExists", `Execution Already Exists: '${arn}'`);
    }
    let inputObj: Json;
    try {
      inputObj = JSON.parse(input) as Json;
    } catch {
      throw new ApiError(
        "InvalidExecutionInput",
        "Invalid State Machine Execution Input: 'input is not valid JSON'",
      );
    }
    const now = this.o.clock.now();
    const started: HistoryEvent = {
      id: 1,
      previousEventId: 0,
      timestamp: now,
      type: "ExecutionStarted",
      executionStartedEventDetails: { input, inputDetails: { truncated: false }, roleArn: sm.roleArn },
    };
    const cursor: Cursor = { k: "next", s: sm.definition.StartAt, i: inputObj };
    const rec: JournalStart = {
      r: "x",
      a: arn,
      n: name,
      m: smArn,
      i: input,
      t: now,
      ev: [started],
      c: cursor,
    };
    const jseq = this.o.journal.append(rec);
    const ex: Exec = {
      arn,
      name,
      smArn,
      sm,
      input,
      startMs: now,
      deadline: this.deadlineOf(now, sm),
      status: "RUNNING",
      hist: [Buffer.from(JSON.stringify([started]), "utf8")],
      nEvents: 1,
      jseq,
      cursor,
      gen: 0,
      busy: false,
      tv: 0,
      timerSig: "",
    };
    this.register(ex);
    this.updateTimers(ex);
    this.kick(ex);
    return { executionArn: arn, startDate: now };
  }

  get(arn: string): Exec {
    const ex = this.execs.get(arn);
    if (!ex) throw new ApiError("ExecutionDoesNotExist", `Execution Does Not Exist: '${arn}'`);
    return ex;
  }

  list(smArn: string): Exec[] {
    return this.bySm.get(smArn) ?? [];
  }

  stopExecution(arn: string, error: string | undefined, cause: string | undefined): number {
    const ex = this.get(arn);
    if (ex.status !== "RUNNING") return ex.stopMs ?? this.o.clock.now();
    this.finish(ex, [], { s: "ABORTED", e: error, c: cause });
    return ex.stopMs as number;
  }

  private execOfToken(token: string): Exec {
    let arn: unknown;
    try {
      arn = (JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as { a?: unknown }).a;
    } catch {
      arn = undefined;
    }
    if (typeof arn !== "string") throw new ApiError("InvalidToken", "Invalid Token: 'Invalid token'");
    const ex = this.execs.get(arn);
    if (!ex) throw new ApiError("TaskDoesNotExist", "Task Does Not Exist: 'Provided task does not exist'");
    return ex;
  }

  private currentTask(token: string): { ex: Exec; c: Extract<Cursor, { k: "cb" }> } {
    const ex = this.execOfToken(token);
    const c = ex.cursor;
    if (ex.status !== "RUNNING" || !c || c.k !== "cb" || c.tok !== token || c.res) {
      throw new ApiError("TaskTimedOut", "Task Timed Out: 'Provided task does not exist anymore'");
    }
    return { ex, c };
  }

  sendTaskSuccess(token: string, output: string): void {
    const { ex, c } = this.currentTask(token);
    this.resolve(ex, c, { k: "ok", o: output });
  }

  sendTaskFailure(token: string, error: string | undefined, cause: string | undefined): void {
    const { ex, c } = this.currentTask(token);
    this.resolve(ex, c, { k: "err", e: error, c: cause });
  }

  sendTaskHeartbeat(token: string): void {
    const { ex, c } = this.currentTask(token);
    if (c.hbs !== undefined && c.ph === "wait") {
      this.commit(ex, [], { ...c, hb: this.o.clock.now() + c.hbs * 1000 });
    }
  }

  private resolve(ex: Exec, c: Extract<Cursor, { k: "cb" }>, res: Resolution): void {
    if (this.commit(ex, [], { ...c, res })) this.kick(ex);
  }

  // ---------------------------------------------------------------- idleness, timers

  whenIdle(): Promise<void> {
    if (this.active === 0) return Promise.resolve();
    return new Promise((r) => this.idleWaiters.push(r));
  }

  private checkIdle(): void {
    if (this.active !== 0) return;
    const w = this.idleWaiters;
    this.idleWaiters = [];
    for (const r of w) r();
  }

  async advanceClock(ms: number): Promise<void> {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`cannot advance the clock by ${ms} ms`);
    const clock = this.o.clock;
    const target = clock.now() + ms;
    for (;;) {
      await this.whenIdle();
      const top = this.peek();
      if (!top || top.due > target) break;
      clock.advanceTo(top.due); // notifies onAdvance → fireDue
      this.fireDue();
      await this.whenIdle();
    }
    clock.advanceTo(target);
    this.fireDue();
    await this.whenIdle();
  }

  private timersOf(ex: Exec): number[] {
    if (ex.status !== "RUNNING") return [];
    const t = [ex.deadline];
    const c = ex.cursor;
    if (c?.k === "wait") t.push(c.due);
    if (c?.k === "cb" && !c.res) {
      if (c.due !== undefined) t.push(c.due);
      if (c.ph === "wait" && c.hb !== undefined) t.push(c.hb);
    }
    return t;
  }

  private updateTimers(ex: Exec): void {
    const c = ex.cursor;
    // common case (running, next state known, deadline already armed): nothing to do, nothing allocated
    if (ex.status === "RUNNING" && c?.k === "next" && ex.timerSig === `${ex.deadline}`) return;
    const t = this.timersOf(ex);
    const sig = t.join(",");
    if (sig === ex.timerSig) return;
    ex.timerSig = sig;
    ex.tv++;
    for (const due of t) this.push({ due, ex, v: ex.tv });
    if (this.heap.length > 1000 && this.heap.length > 8 * this.execs.size) this.rebuildHeap();
    this.armReal();
  }

  private rebuildHeap(): void {
    const old = this.heap;
    this.heap = [];
    for (const e of old) if (e.v === e.ex.tv) this.push(e);
  }

  private push(e: { due: number; ex: Exec; v: number }): void {
    const h = this.heap;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if ((h[p] as { due: number }).due <= e.due) break;
      h[i] = h[p] as typeof e;
      i = p;
    }
    h[i] = e;
  }

  private pop(): void {
    const h = this.heap;
    const last = h.pop();
    if (!last || h.length === 0) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= h.length) break;
      const r = l + 1;
      const c = r < h.length && (h[r] as typeof last).due < (h[l] as typeof last).due ? r : l;
      if ((h[c] as typeof last).due >= last.due) break;
      h[i] = h[c] as typeof last;
      i = c;
    }
    h[i] = last;
  }

  /** Earliest valid timer (drops stale entries on the way). */
  private peek(): { due: number; ex: Exec } | undefined {
    for (;;) {
      const top = this.heap[0];
      if (!top) return undefined;
      if (top.v === top.ex.tv && top.ex.status === "RUNNING") return top;
      this.pop();
    }
  }

  private fireDue(): void {
    if (this.stopped) return;
    const now = this.o.clock.now();
    for (;;) {
      const top = this.peek();
      if (!top || top.due > now) break;
      this.pop();
      this.onTimer(top.ex, now);
    }
    this.armReal();
  }

  /** The clock follows real time: a real timer for the earliest due time (capped at 1 h, then re-armed). */
  private armReal(): void {
    if (this.stopped) return;
    const top = this.peek();
    if (!top) return;
    if (this.realTimer && top.due >= this.realTimerDue) return;
    if (this.realTimer) clearTimeout(this.realTimer);
    const delay = Math.min(Math.max(top.due - this.o.clock.now(), 0), MAX_REAL_TIMER_MS);
    this.realTimerDue = top.due;
    this.realTimer = setTimeout(() => {
      this.realTimer = undefined;
      this.realTimerDue = Number.POSITIVE_INFINITY;
      this.fireDue();
    }, delay);
    this.realTimer.unref();
  }

  private onTimer(ex: Exec, now: number): void {
    if (ex.status !== "RUNNING") return;
    if (now >= ex.deadline) {
      const days = Math.round((ex.deadline - ex.startMs) / 86_400_000);
      this.finish(ex, [], {
        s: "TIMED_OUT",
        e: "States.Timeout",
        c: `The execution ran longer than its limit (${days} days)`,
      });
      return;
    }
    const c = ex.cursor;
    if (c?.k === "wait" && c.due <= now) this.kick(ex);
    if (c?.k === "cb" && !c.res) {
      if (c.due !== undefined && c.due <= now) {
        this.resolve(ex, c, { k: "to", e: "States.Timeout", c: "The task timed out (TimeoutSeconds)" });
      } else if (c.ph === "wait" && c.hb !== undefined && c.hb <= now) {
        const def = ex.sm?.states.get(c.s);
        const explicit = JSON.stringify([def?.Retry, def?.Catch]).includes("States.HeartbeatTimeout");
        this.resolve(ex, c, {
          k: "to",
          e: explicit ? "States.HeartbeatTimeout" : "States.Timeout",
          c: "The task sent no heartbeat within HeartbeatSeconds",
        });
      }
    }
    this.updateTimers(ex);
  }

  stats(): { executions: number; running: number; pendingTasks: number; pendingTimers: number } {
    let running = 0;
    let pendingTasks = 0;
    let pendingTimers = 0;
    for (const ex of this.execs.values()) {
      if (ex.status !== "RUNNING") continue;
      running++;
      if (ex.cursor?.k === "cb" && !ex.cursor.res) pendingTasks++;
      pendingTimers += this.timersOf(ex).length;
    }
    return { executions: this.execs.size, running, pendingTasks, pendingTimers };
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe();
    if (this.realTimer) clearTimeout(this.realTimer);
    this.realTimer = undefined;
    for (const ex of this.execs.values()) ex.inflight?.abort();
    this.o.journal.close();
    this.active = 0;
    this.checkIdle();
  }

  // ---------------------------------------------------------------- commit

  /**
   * Appends events and sets the cursor (or ends the execution), in memory and in the journal (one line).
   * Enforces the history limit. Returns false if the execution is no longer running afterwards.
   */
  private commit(
    ex: Exec,
    pending: Pending[],
    cursor: Cursor | null,
    end?: End,
    /** `cursor` already serialised (saves serialising the state input again) */
    cursorText?: string,
  ): boolean {
    if (this.stopped) return false;
    const max = this.o.maxHistoryEvents;
    if (ex.nEvents + pending.length + (end ? 1 : 0) > max) {
      pending = pending.slice(0, Math.max(0, max - 1 - ex.nEvents));
      cursor = null;
      cursorText = undefined;
      end = {
        s: "FAILED",
        e: "States.Runtime",
        c: `The execution reached the maximum number of history events (${max}) (the limit of a Standard execution is 25,000 events).`,
      };
    }
    const now = this.o.clock.now();
    let id = ex.nEvents;
    let evText = "";
    for (const p of pending) {
      const prev = id++;
      let t: string;
      if (typeof p === "string") t = `${p.slice(0, -1)},"previousEventId":${prev},"id":${id}}`;
      else {
        const e = p as HistoryEvent;
        e.previousEventId = prev;
        e.id = id;
        t = JSON.stringify(e);
      }
      evText = evText ? `${evText},${t}` : t;
    }
    if (end) {
      const e: HistoryEvent = { id: id + 1, previousEventId: id, timestamp: now, type: "" };
      if (end.s === "SUCCEEDED") {
        e.type = "ExecutionSucceeded";
        e.executionSucceededEventDetails = { output: end.o, outputDetails: { truncated: false } };
      } else {
        const key = {
          FAILED: "executionFailed",
          TIMED_OUT: "executionTimedOut",
          ABORTED: "executionAborted",
        }[end.s];
        e.type = { FAILED: "ExecutionFailed", TIMED_OUT: "ExecutionTimedOut", ABORTED: "ExecutionAborted" }[
          end.s
        ];
        const d: Record<string, string> = {};
        if (end.e !== undefined) d.error = end.e;
        if (end.c !== undefined) d.cause = end.c;
        e[`${key}EventDetails`] = d;
      }
      id++;
      evText = evText ? `${evText},${JSON.stringify(e)}` : JSON.stringify(e);
    }
    const added = id - ex.nEvents;
    // A JournalStep record, serialised once: the events' text is both the journal's and the in-memory history.
    evText = `[${evText}]`;
    ex.jseq = this.o.journal.appendLine(
      `{"r":"s","a":${JSON.stringify(ex.arn)},"ev":${evText},"c":${cursorText ?? str(cursor)}${end ? `,"z":${JSON.stringify({ ...end, t: now })}` : ""}}`,
    );
    if (added) {
      ex.hist.push(Buffer.from(evText, "utf8"));
      ex.nEvents = id;
    }
    ex.cursor = cursor;
    if (end) {
      this.applyEnd(ex, end, now);
      const inflight = ex.inflight;
      if (inflight) {
        inflight.done = true;
        inflight.abort();
      }
      if (end.s !== "SUCCEEDED")
        this.o.log({
          level: "info",
          msg: "execution closed",
          executionArn: ex.arn,
          status: end.s,
          error: end.e,
        });
    }
    this.updateTimers(ex);
    return ex.status === "RUNNING";
  }

  private finish(ex: Exec, pending: Pending[], end: End): void {
    this.commit(ex, pending, null, end);
  }

  private tooBig(s: string): boolean {
    const max = this.o.maxPayloadBytes;
    return s.length > max / 3 && Buffer.byteLength(s, "utf8") > max;
  }

  private dataLimitCause(what: string): string {
    return `The ${what} exceeds the maximum size of ${this.o.maxPayloadBytes} bytes.`;
  }

  // ---------------------------------------------------------------- stepping

  private actionable(ex: Exec): boolean {
    const c = ex.cursor;
    if (ex.status !== "RUNNING" || !c || !ex.sm) return false;
    if (c.k === "next") return true;
    if (c.k === "wait") return c.due <= this.o.clock.now();
    return c.res !== undefined || c.ph === "sched";
  }

  private kick(ex: Exec): void {
    if (ex.busy || this.stopped || !this.actionable(ex)) return;
    ex.busy = true;
    this.active++;
    void this.drive(ex)
      .catch((e: unknown) => {
        this.o.log({
          level: "error",
          msg: "step failed unexpectedly",
          executionArn: ex.arn,
          error: String((e as Error)?.stack ?? e),
        });
        if (ex.status === "RUNNING" && !this.stopped) {
          this.finish(ex, [], {
            s: "FAILED",
            e: "States.Runtime",
            c: `Internal error of the local service: ${String(e)}`,
          });
        }
      })
      .finally(() => {
        ex.busy = false;
        if (this.stopped) return;
        this.active--;
        this.kick(ex);
        this.checkIdle();
      });
  }

  private async drive(ex: Exec): Promise<void> {
    while (!this.stopped && this.actionable(ex)) {
      const before = ex.cursor;
      const n = ex.nEvents;
      await this.step(ex);
      if (ex.cursor === before && ex.nEvents === n) break; // no progress: don't spin
      await yieldMacrotask();
    }
  }

  private async step(ex: Exec): Promise<void> {
    const c = ex.cursor as Cursor;
    const sm = ex.sm as CompiledMachine;
    if (c.k === "next") {
      const def = sm.states.get(c.s) as StateDef;
      if (def.Type === "Wait") return this.enterWait(ex, c.s, def, c.i);
      return this.run(ex, c.s, c.i, undefined, undefined);
    }
    if (c.k === "wait") return this.exitWait(ex, c);
    return this.run(ex, c.s, c.i, c.tok, c.res, c.ra);
  }

  private context(ex: Exec, ctl: RunCtl | undefined, state: string): Record<string, unknown> {
    const sm = ex.sm as CompiledMachine;
    const now = this.o.clock.now();
    return {
      JiebangExecution: {
        Id: ex.arn,
        Name: ex.name,
        StartTime: iso(ex.startMs),
        get Input() {
          return JSON.parse(ex.input);
        },
        RoleArn: sm.roleArn,
        RedriveCount: 0,
      },
      StateMachine: { Id: sm.arn, Name: sm.name },
      State: {
        get Name() {
          return ctl ? ctl.curState : state;
        },
        get EnteredTime() {
          return iso(ctl ? ctl.curEntered : now);
        },
        get RetryCount() {
          return ctl ? ctl.retryCount : 0;
        },
      },
      Task: {
        get Token() {
          if (!ctl || ctl.done) return "";
          ctl.pendingToken ??= ctl.attempt === 0 && ctl.resumeToken ? ctl.resumeToken : Engine.newToken(ex);
          return ctl.pendingToken;
        },
      },
    };
  }

  private static newToken(ex: Exec): string {
    return Buffer.from(JSON.stringify({ a: ex.arn, n: randomBytes(12).toString("base64url") })).toString(
      "base64url",
    );
  }

  private async enterWait(ex: Exec, name: string, def: StateDef, input: Json): Promise<void> {
    const sm = ex.sm as CompiledMachine;
    const ctx = this.context(ex, undefined, name);
    const now = this.o.clock.now();
    const entered: Pending = {
      timestamp: now,
      type: "WaitStateEntered",
      stateEnteredEventDetails: { name, input: str(input), inputDetails: { truncated: false } },
    };
    const gen = ex.gen;
    let due: number;
    let output: Json;
    try {
      const eff =
        "InputPath" in def
          ? def.InputPath === null
            ? {}
            : await sm.evalPath(String(def.InputPath), input, ctx)
          : input;
      if (typeof def.Seconds === "number") due = now + def.Seconds * 1000;
      else if (typeof def.Timestamp === "string") due = Date.parse(def.Timestamp);
      else if (typeof def.SecondsPath === "string") {
        const s = await sm.evalPath(def.SecondsPath, eff, ctx);
        if (typeof s !== "number" || !Number.isInteger(s) || s < 0) {
          throw namedError("States.Runtime", `SecondsPath ${def.SecondsPath} is not a non-negative integer`);
        }
        due = now + s * 1000;
      } else {
        const t = await sm.evalPath(String(def.TimestampPath), eff, ctx);
        due = typeof t === "string" ? Date.parse(t) : Number.NaN;
        if (!Number.isFinite(due))
          throw namedError("States.Runtime", `TimestampPath ${String(def.TimestampPath)} is not a timestamp`);
      }
      if (!Number.isFinite(due)) throw namedError("States.Runtime", "Wait state has no valid duration");
      output =
        "OutputPath" in def
          ? def.OutputPath === null
            ? {}
            : await sm.evalPath(String(def.OutputPath), eff, ctx)
          : eff;
    } catch (e) {
      if (gen !== ex.gen || this.stopped) return;
      const err = e as Error;
      this.finish(ex, [entered], {
        s: "FAILED",
        e: err.name === "Error" ? "States.Runtime" : err.name,
        c: err.message,
      });
      return;
    }
    if (gen !== ex.gen || this.stopped) return;
    this.commit(ex, [entered], { k: "wait", s: name, o: output, due });
  }

  private exitWait(ex: Exec, c: Extract<Cursor, { k: "wait" }>): void {
    const sm = ex.sm as CompiledMachine;
    const def = sm.states.get(c.s) as StateDef;
    const out = str(c.o);
    const exited: Pending = {
      timestamp: this.o.clock.now(),
      type: "WaitStateExited",
      stateExitedEventDetails: { name: c.s, output: out, outputDetails: { truncated: false } },
    };
    if (def.End === true) {
      this.succeed(ex, [exited], out);
      return;
    }
    this.commit(ex, [exited], { k: "next", s: String(def.Next), i: c.o });
  }

  private succeed(ex: Exec, pending: Pending[], output: string): void {
    if (this.tooBig(output)) {
      this.finish(ex, pending, {
        s: "FAILED",
        e: "States.DataLimitExceeded",
        c: this.dataLimitCause("execution output"),
      });
    } else {
      this.finish(ex, pending, { s: "SUCCEEDED", o: output });
    }
  }

  private tasksOfStep(sm: CompiledMachine, state: string): string[] {
    let m = this.stepTasks.get(sm);
    if (!m) {
      m = new Map();
      this.stepTasks.set(sm, m);
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

  /**
   * One run: runs `start` and the inline states that follow it (pure states, synchronous Tasks: see
   * onLibEvent) on the library until a sentinel, the end, or the CHUNK budget, then commits.
   */
  private async run(
    ex: Exec,
    start: string,
    input: Json,
    resumeToken: string | undefined,
    resumeRes: Resolution | undefined,
    retries?: number[],
  ): Promise<void> {
    const sm = ex.sm as CompiledMachine;
    const ctl = new RunCtl(ex, ex.gen, start, input, resumeToken, resumeRes, this.o.clock.now(), retries);
    const startDef = sm.states.get(start) as StateDef;
    const handlers: Record<string, (input: Json) => Promise<Json>> = {};
    if (startDef.Type === "Task" && !sm.inline.has(start))
      handlers[START] = this.taskHandler(ctl, start, startDef);
    for (const n of sm.inlineTasks) handlers[n] = this.taskHandler(ctl, n, sm.tasks.get(n)?.def as StateDef);
    for (const n of this.tasksOfStep(sm, start))
      handlers[n] = this.taskHandler(ctl, n, sm.tasks.get(n)?.def as StateDef);
    const context = this.context(ex, ctl, start);
    const options = {
      overrides: { taskResourceLocalHandlers: handlers, retryIntervalOverrides: sm.retryZero },
      context,
      noThrowOnAbort: true,
      [HOOK]: (ev: LibEvent) => this.onLibEvent(ctl, ev),
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
    if (this.stopped || ex.gen !== ctl.gen || ex.status !== "RUNNING" || ctl.parked) return;
    if (ctl.failure) {
      this.finish(ex, ctl.take(), { s: "FAILED", e: ctl.failure.error, c: ctl.failure.cause });
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
      this.finish(ex, ctl.take(), { s: "FAILED", e: name, c: message });
      return;
    }
    if (ctl.next !== undefined) {
      this.commit(ex, ctl.take(), { k: "next", s: ctl.next, i: ctl.nextInput });
      return;
    }
    const out = ctl.lastOutObj === result ? ctl.lastOutStr : str(result);
    this.succeed(ex, ctl.take(), out);
  }

  /** Receives the library's events synchronously (see HookedStateMachine) and turns them into AWS history. */
  private onLibEvent(ctl: RunCtl, ev: LibEvent): void {
    if (ctl.done) return;
    const st = ev.state;
    if (!st) return;
    const sm = ctl.ex.sm as CompiledMachine;
    const isStart = st.name === START;
    const name = isStart ? ctl.start : st.name;
    const def = sm.states.get(name);
    const inline = isStart || sm.inline.has(name);
    if (!def || (!inline && ev.type !== "StateEntered")) return; // nested state, or sentinel
    const now = this.o.clock.now();
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
            this.stopped ||
            ex.gen !== ctl.gen ||
            !this.commit(ex, ctl.take(), { k: "next", s: name, i: st.input }, undefined, cursorText)
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
        if (this.tooBig(output)) {
          ctl.failure = {
            error: "States.DataLimitExceeded",
            cause: this.dataLimitCause(`output of state ${name}`),
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

  private abandoned(): Promise<never> {
    return Promise.reject(terminalError("States.Runtime", "step abandoned"));
  }

  private lambdaError(e: unknown): Error {
    const err = e instanceof Error ? e : new Error(String(e));
    const name = err.name || "Error";
    return namedError(name, JSON.stringify({ errorType: name, errorMessage: err.message }));
  }

  private taskHandler(ctl: RunCtl, name: string, def: StateDef): (input: Json) => Promise<Json> {
    const kind = (ctl.ex.sm as CompiledMachine).tasks.get(name)?.kind as TaskKind;
    if (kind === "callback") return (input) => this.callbackTask(ctl, name, def, input);
    return (input) => this.syncTask(ctl, def, kind, input);
  }

  private wrapInvoke(out: unknown): Json {
    return {
      ExecutedVersion: "$LATEST",
      Payload: (out === undefined ? null : out) as Json,
      SdkHttpMetadata: { HttpHeaders: { "Content-Type": "application/json" }, HttpStatusCode: 200 },
      SdkResponseMetadata: { RequestId: randomUUID() },
      StatusCode: 200,
    };
  }

  private async syncTask(ctl: RunCtl, def: StateDef, kind: TaskKind, input: Json): Promise<Json> {
    if (ctl.done) return this.abandoned();
    const ex = ctl.ex;
    const obj = (input ?? {}) as Record<string, Json>;
    const fn = kind === "arn" ? String(def.Resource) : obj.FunctionName;
    const payload = kind === "arn" ? input : (obj.Payload ?? null);
    const now = this.o.clock.now();
    const timeout =
      typeof def.TimeoutSeconds === "number"
        ? `,"timeoutInSeconds":${JSON.stringify(def.TimeoutSeconds)}`
        : "";
    const rt = { resourceType: "lambda", resource: "invoke" };
    // events as JSON text (see Pending), in the shape and key order AWS gives them
    if (kind === "arn") {
      ctl.events.push(
        `{"timestamp":${now},"type":"LambdaFunctionScheduled","lambdaFunctionScheduledEventDetails":{"resource":${JSON.stringify(fn)},"input":${JSON.stringify(str(input))},"inputDetails":{"truncated":false}${timeout}}}`,
        `{"timestamp":${now},"type":"LambdaFunctionStarted"}`,
      );
    } else {
      ctl.events.push(
        `{"timestamp":${now},"type":"TaskScheduled","taskScheduledEventDetails":{${RT_INVOKE},"region":${JSON.stringify(this.o.region)},"parameters":${JSON.stringify(str(input))}${timeout}}}`,
        `{"timestamp":${now},"type":"TaskStarted","taskStartedEventDetails":{${RT_INVOKE}}}`,
      );
    }
    let out: unknown;
    try {
      if (typeof fn !== "string" || !fn) throw namedError("States.Runtime", "FunctionName is missing");
      // Every step that led here is written before the function runs: waiting for the journal's next group
      // write (end of this event-loop turn) lets the executions stepping meanwhile share that one write.
      const written = this.o.journal.whenWritten(ex.jseq);
      if (written) {
        await written;
        if (ctl.done || ex.gen !== ctl.gen || this.stopped) return this.abandoned();
      }
      out = await this.o.invokeFunction(fn, payload);
    } catch (e) {
      if (ctl.done || ex.gen !== ctl.gen) return this.abandoned();
      const err = this.lambdaError(e);
      const details = { error: err.name, cause: err.message };
      if (kind === "arn")
        ctl.events.push({
          timestamp: this.o.clock.now(),
          type: "LambdaFunctionFailed",
          lambdaFunctionFailedEventDetails: details,
        });
      else
        ctl.events.push({
          timestamp: this.o.clock.now(),
          type: "TaskFailed",
          taskFailedEventDetails: { ...rt, ...details },
        });
      throw err;
    }
    if (ctl.done || ex.gen !== ctl.gen) return this.abandoned();
    const result = kind === "invoke" ? this.wrapInvoke(out) : ((out === undefined ? null : out) as Json);
    const output = str(result);
    if (this.tooBig(output))
      throw terminalError("States.DataLimitExceeded", this.dataLimitCause("task result"));
    const done = this.o.clock.now();
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

  private async seconds(
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
  private countRetry(ctl: RunCtl, def: StateDef, err: Error): Error {
    const retriers = (def.Retry as { ErrorEquals?: string[]; MaxAttempts?: number }[] | undefined) ?? [];
    const i = retriers.findIndex((r) =>
      (r.ErrorEquals ?? []).some(
        (e) =>
          e === err.name ||
          e === "States.ALL" ||
          (e === "States.TaskFailed" && err.name !== "States.Timeout"),
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
  private async callbackTask(ctl: RunCtl, name: string, def: StateDef, input: Json): Promise<Json> {
    if (ctl.done) return this.abandoned();
    const ex = ctl.ex;
    const sm = ex.sm as CompiledMachine;
    const first = ctl.attempt === 0;
    const resumed = first && ctl.resumeToken !== undefined;
    const token = ctl.pendingToken ?? (resumed ? (ctl.resumeToken as string) : Engine.newToken(ex));
    ctl.pendingToken = undefined;
    ctl.attempt++;
    const rt = { resourceType: "lambda", resource: "invoke.waitForTaskToken" };
    const deliver = (res: Resolution): Json => {
      const now = this.o.clock.now();
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
        throw this.countRetry(ctl, def, namedError(res.e ?? "", res.c ?? ""));
      }
      ctl.events.push({
        timestamp: now,
        type: "TaskTimedOut",
        taskTimedOutEventDetails: { ...rt, error: res.e, cause: res.c },
      });
      throw this.countRetry(ctl, def, namedError(res.e, res.c));
    };
    if (resumed && ctl.resumeRes) return deliver(ctl.resumeRes);
    const obj = (input ?? {}) as Record<string, Json>;
    if (!resumed) {
      const ctx = this.context(ex, ctl, name);
      let timeoutS: number | undefined;
      let hbS: number | undefined;
      try {
        timeoutS = await this.seconds(sm, def, "TimeoutSeconds", ctl.input, ctx);
        hbS = await this.seconds(sm, def, "HeartbeatSeconds", ctl.input, ctx);
      } catch (e) {
        throw terminalError("States.Runtime", (e as Error).message);
      }
      if (ctl.done || ex.gen !== ctl.gen) return this.abandoned();
      const now = this.o.clock.now();
      const details: Record<string, unknown> = { ...rt, region: this.o.region, parameters: str(input) };
      if (timeoutS !== undefined) details.timeoutInSeconds = timeoutS;
      if (hbS !== undefined) details.heartbeatInSeconds = hbS;
      ctl.events.push({ timestamp: now, type: "TaskScheduled", taskScheduledEventDetails: details });
      const cursor: Cursor = { k: "cb", s: name, i: ctl.input, tok: token, ph: "sched" };
      if (ctl.retries) cursor.ra = [...ctl.retries];
      if (timeoutS !== undefined) cursor.due = now + timeoutS * 1000;
      if (hbS !== undefined) cursor.hbs = hbS;
      // journaled before the function is invoked: after a crash the same token is scheduled again
      if (!this.commit(ex, ctl.take(), cursor)) {
        ctl.done = true;
        ctl.abort();
        return this.abandoned();
      }
    }
    ctl.events.push({ timestamp: this.o.clock.now(), type: "TaskStarted", taskStartedEventDetails: rt });
    let out: unknown;
    try {
      const fn = obj.FunctionName;
      if (typeof fn !== "string" || !fn) throw namedError("States.Runtime", "FunctionName is missing");
      this.o.journal.flushThrough(ex.jseq); // the token's cursor (committed above) is written before the function receives it
      out = await this.o.invokeFunction(fn, obj.Payload ?? null);
    } catch (e) {
      if (ctl.done || ex.gen !== ctl.gen) return this.abandoned();
      const err = this.lambdaError(e);
      ctl.events.push({
        timestamp: this.o.clock.now(),
        type: "TaskFailed",
        taskFailedEventDetails: { ...rt, error: err.name, cause: err.message },
      });
      throw this.countRetry(ctl, def, err);
    }
    if (ctl.done || ex.gen !== ctl.gen || this.stopped) return this.abandoned();
    ctl.events.push({
      timestamp: this.o.clock.now(),
      type: "TaskSubmitted",
      taskSubmittedEventDetails: {
        ...rt,
        output: str(this.wrapInvoke(out)),
        outputDetails: { truncated: false },
      },
    });
    const cur = ex.cursor;
    if (cur?.k === "cb" && cur.tok === token && cur.res) return deliver(cur.res);
    if (cur?.k !== "cb" || cur.tok !== token) return this.abandoned();
    const waiting: Cursor = { ...cur, ph: "wait" };
    if (cur.hbs !== undefined) waiting.hb = this.o.clock.now() + cur.hbs * 1000;
    ctl.parked = true;
    ctl.done = true;
    this.commit(ex, ctl.take(), waiting);
    ctl.abort();
    return this.abandoned();
  }
}
