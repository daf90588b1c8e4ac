// Embedded runtime, local Step Functions engine: entry module. The Engine the service (service.ts) calls — the API
// operations, the stepping of executions, the virtual clock — wired from the pieces below.
//
// An execution (execution.ts) is journaled step by step; between steps its cursor says where it stands: the next
// state, a Wait until a due time, or a callback task waiting for its token. A step is one of:
//   library-run.ts   a run on aws-local-stepfunctions: a state and the inline states after it (Pass, Choice, Map,
//                    Parallel, Succeed, Fail, synchronous Tasks) until a sentinel, the end or a budget; its events
//                    become history (run-control.ts holds a run's state and the $$ context object);
//   lambda-task.ts   a synchronous Lambda task inside such a run, invoked once the steps before are journaled;
//   callback-task.ts a .waitForTaskToken task: scheduled with a token (tokens.ts), parked, resumed by
//                    SendTaskSuccess/Failure or by its TimeoutSeconds/HeartbeatSeconds, retries counted across runs;
//   wait-state.ts    a Wait state entered (due time into the cursor) and exited when the clock reaches it.
// Every step ends in one commit (history.ts: events numbered, the closing event, the history limit, one journal
// line). store.ts keeps the executions (by ARN and machine, naming, recovery and compaction of the journal, history
// read back); timers.ts schedules their due times (deadline, Wait, callback timeouts) on the virtual clock.
// Stopping an execution (StopExecution) closes it as ABORTED; RedriveExecution (redrive.ts) reopens a FAILED,
// TIMED_OUT or ABORTED one at the state that did not complete, under the same ARN.
import { callbackTimeout, currentTask } from "./callback-task.ts";
import type { CompiledMachine, Json, StateDef } from "./definitions.ts";
import {
  ApiError,
  type CallbackCursor,
  type Core,
  type Cursor,
  type End,
  type EngineOptions,
  type Exec,
  type HistoryEvent,
  type JournalRedrive,
  type JournalStart,
  type Pending,
  type Resolution,
} from "./execution.ts";
import { commitStep } from "./history.ts";
import { run } from "./library-run.ts";
import { redrivenDeadline, redriveState, resumeCursor } from "./redrive.ts";
import { applyRedrive, ExecutionStore, executionArn, newExec } from "./store.ts";
import { TimerQueue, timersOf } from "./timers.ts";
import { enterWait, exitWait } from "./wait-state.ts";

export { ApiError, type EngineOptions, type Exec, type HistoryEvent, type Status } from "./execution.ts";

const yieldMacrotask = (): Promise<void> => new Promise((r) => setImmediate(r));

export class Engine implements Core {
  private readonly store: ExecutionStore;
  private readonly timers: TimerQueue;
  private active = 0;
  private idleWaiters: (() => void)[] = [];
  private halted = false;
  private readonly unsubscribe: () => void;

  constructor(readonly o: EngineOptions) {
    this.store = new ExecutionStore(o);
    this.timers = new TimerQueue(
      o.clock,
      (ex, now) => this.onTimer(ex, now),
      () => this.store.size,
    );
    this.unsubscribe = o.clock.onAdvance(() => this.timers.fireDue());
  }

  /** Set once stop() ran: nothing commits or fires any more. */
  get stopped(): boolean {
    return this.halted;
  }

  // ---------------------------------------------------------------- recovery

  /** Rebuilds executions from the journal, compacts it, and resumes what was running. */
  recover(): void {
    this.store.recover();
    for (const ex of this.store.execs.values()) {
      if (ex.status !== "RUNNING") continue;
      if (!ex.sm) {
        this.o.log({
          level: "warn",
          msg: "execution of an unknown state machine left as is",
          executionArn: ex.arn,
        });
        continue;
      }
      this.timers.update(ex);
    }
    this.timers.fireDue();
    for (const ex of this.store.execs.values()) if (ex.status === "RUNNING" && ex.sm) this.kick(ex);
  }

  /** The execution's history events (parsed from the compact form; the last few are cached). */
  history(ex: Exec): HistoryEvent[] {
    return this.store.history(ex);
  }

  // ---------------------------------------------------------------- API operations

  startExecution(smArn: string, name: string, input: string): { executionArn: string; startDate: number } {
    const sm = this.o.machines.get(smArn);
    if (!sm) throw new ApiError("StateMachineDoesNotExist", `State Machine Does Not Exist: '${smArn}'`);
    const arn = executionArn(smArn, sm, name);
    const existing = this.store.execs.get(arn);
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
    const ex = newExec(
      { arn, name, smArn, input, startMs: now },
      sm,
      this.store.deadlineOf(now, sm),
      [started],
      jseq,
      cursor,
    );
    this.store.register(ex);
    this.timers.update(ex);
    this.kick(ex);
    return { executionArn: arn, startDate: now };
  }

  get(arn: string): Exec {
    return this.store.get(arn);
  }

  list(smArn: string): Exec[] {
    return this.store.list(smArn);
  }

  stopExecution(arn: string, error: string | undefined, cause: string | undefined): number {
    const ex = this.get(arn);
    if (ex.status !== "RUNNING") return ex.stopMs ?? this.o.clock.now();
    this.finish(ex, [], { s: "ABORTED", e: error, c: cause });
    return ex.stopMs as number;
  }

  /**
   * RedriveExecution: reopens a closed execution at the state that did not complete (journaled, then an
   * ExecutionRedriven event and that state's cursor). The same client token again answers the same redrive.
   */
  redriveExecution(arn: string, clientToken: string | undefined): number {
    const ex = this.get(arn);
    if (clientToken !== undefined && ex.redriveToken === clientToken && ex.redriveMs !== undefined) {
      return ex.redriveMs;
    }
    const now = this.o.clock.now();
    const state = redriveState(this.o, ex, now);
    if (state.status !== "REDRIVABLE" || !ex.sm) {
      throw new ApiError("ExecutionNotRedrivable", `Execution Not Redrivable: '${state.reason ?? arn}'`);
    }
    const cursor = resumeCursor(this.history(ex), ex.sm, ex.input);
    const deadline = redrivenDeadline(this.o, ex, now);
    const rec: JournalRedrive = { r: "d", a: arn, t: now, dl: deadline };
    if (clientToken !== undefined) rec.rk = clientToken;
    this.o.journal.append(rec);
    applyRedrive(ex, now, deadline, clientToken);
    const redriven: Pending = {
      timestamp: now,
      type: "ExecutionRedriven",
      executionRedrivenEventDetails: { redriveCount: ex.redriveCount },
    };
    this.commit(ex, [redriven], cursor);
    this.kick(ex);
    return now;
  }

  sendTaskSuccess(token: string, output: string): void {
    const { ex, c } = currentTask(this.store, token);
    this.resolve(ex, c, { k: "ok", o: output });
  }

  sendTaskFailure(token: string, error: string | undefined, cause: string | undefined): void {
    const { ex, c } = currentTask(this.store, token);
    this.resolve(ex, c, { k: "err", e: error, c: cause });
  }

  sendTaskHeartbeat(token: string): void {
    const { ex, c } = currentTask(this.store, token);
    if (c.hbs !== undefined && c.ph === "wait") {
      this.commit(ex, [], { ...c, hb: this.o.clock.now() + c.hbs * 1000 });
    }
  }

  /** A callback task's outcome into its cursor; the execution resumes the task with it. */
  private resolve(ex: Exec, c: CallbackCursor, res: Resolution): void {
    if (this.commit(ex, [], { ...c, res })) this.kick(ex);
  }

  // ---------------------------------------------------------------- idleness, the clock

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
      const top = this.timers.peek();
      if (!top || top.due > target) break;
      clock.advanceTo(top.due); // notifies onAdvance → fireDue
      this.timers.fireDue();
      await this.whenIdle();
    }
    clock.advanceTo(target);
    this.timers.fireDue();
    await this.whenIdle();
  }

  /** A timer of the execution fell due: its deadline (TIMED_OUT), its Wait, or its callback task's timeout. */
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
      const timedOut = callbackTimeout(ex, c, now);
      if (timedOut) this.resolve(ex, c, timedOut);
    }
    this.timers.update(ex);
  }

  stats(): { executions: number; running: number; pendingTasks: number; pendingTimers: number } {
    let running = 0;
    let pendingTasks = 0;
    let pendingTimers = 0;
    for (const ex of this.store.execs.values()) {
      if (ex.status !== "RUNNING") continue;
      running++;
      if (ex.cursor?.k === "cb" && !ex.cursor.res) pendingTasks++;
      pendingTimers += timersOf(ex).length;
    }
    return { executions: this.store.size, running, pendingTasks, pendingTimers };
  }

  stop(): void {
    this.halted = true;
    this.unsubscribe();
    this.timers.stop();
    for (const ex of this.store.execs.values()) ex.inflight?.abort();
    this.o.journal.close();
    this.active = 0;
    this.checkIdle();
  }

  // ---------------------------------------------------------------- commit (Core, for the state modules)

  commit(ex: Exec, pending: Pending[], cursor: Cursor | null, end?: End, cursorText?: string): boolean {
    if (this.halted) return false;
    commitStep(this.o, ex, pending, cursor, end, cursorText);
    this.timers.update(ex);
    return ex.status === "RUNNING";
  }

  finish(ex: Exec, pending: Pending[], end: End): void {
    this.commit(ex, pending, null, end);
  }

  // ---------------------------------------------------------------- stepping

  private actionable(ex: Exec): boolean {
    const c = ex.cursor;
    if (ex.status !== "RUNNING" || !c || !ex.sm) return false;
    if (c.k === "next") return true;
    if (c.k === "wait") return c.due <= this.o.clock.now();
    return c.res !== undefined || c.ph === "sched";
  }

  /** Steps the execution (in the background) if it has something to do and is not stepping already. */
  private kick(ex: Exec): void {
    if (ex.busy || this.halted || !this.actionable(ex)) return;
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
        if (ex.status === "RUNNING" && !this.halted) {
          this.finish(ex, [], {
            s: "FAILED",
            e: "States.Runtime",
            c: `Internal error of the local service: ${String(e)}`,
          });
        }
      })
      .finally(() => {
        ex.busy = false;
        if (this.halted) return;
        this.active--;
        this.kick(ex);
        this.checkIdle();
      });
  }

  private async drive(ex: Exec): Promise<void> {
    while (!this.halted && this.actionable(ex)) {
      const before = ex.cursor;
      const n = ex.nEvents;
      await this.step(ex);
      if (ex.cursor === before && ex.nEvents === n) break; // no progress: don't spin
      await yieldMacrotask();
    }
  }

  /** One step from the cursor: enter or leave a Wait, or a library run (resuming a callback task with its outcome). */
  private async step(ex: Exec): Promise<void> {
    const c = ex.cursor as Cursor;
    const sm = ex.sm as CompiledMachine;
    if (c.k === "next") {
      const def = sm.states.get(c.s) as StateDef;
      if (def.Type === "Wait") return enterWait(this, ex, c.s, def, c.i);
      return run(this, ex, c.s, c.i, undefined, undefined);
    }
    if (c.k === "wait") return exitWait(this, ex, c);
    return run(this, ex, c.s, c.i, c.tok, c.res, c.ra);
  }
}
