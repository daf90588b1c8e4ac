// Embedded runtime, local Step Functions engine: the virtual clock's schedule — each running execution's due times
// (its deadline, a Wait, a callback's timeout and heartbeat) in a min-heap, fired when the clock reaches them, and a
// real timer for the earliest so the clock can also follow real time.
import type { ControllableClock } from "../clock.ts";
import type { Exec } from "./execution.ts";

const MAX_REAL_TIMER_MS = 3600 * 1000;

interface Entry {
  due: number;
  ex: Exec;
  v: number;
}

/** The due times of an execution now: its deadline, and those of its Wait state or callback task. */
export function timersOf(ex: Exec): number[] {
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

export class TimerQueue {
  private heap: Entry[] = [];
  private realTimer: NodeJS.Timeout | undefined;
  private realTimerDue = Number.POSITIVE_INFINITY;
  private stopped = false;

  constructor(
    private readonly clock: ControllableClock,
    /** Called for each entry that falls due (the execution may have nothing due any more: the callee checks). */
    private readonly onTimer: (ex: Exec, now: number) => void,
    /** Number of executions kept: the heap is rebuilt when stale entries far outnumber them. */
    private readonly executions: () => number,
  ) {}

  /** Re-arms the execution's timers after its cursor or status changed (stale entries are skipped later). */
  update(ex: Exec): void {
    const c = ex.cursor;
    // common case (running, next state known, deadline already armed): nothing to do, nothing allocated
    if (ex.status === "RUNNING" && c?.k === "next" && ex.timerSig === `${ex.deadline}`) return;
    const t = timersOf(ex);
    const sig = t.join(",");
    if (sig === ex.timerSig) return;
    ex.timerSig = sig;
    ex.tv++;
    for (const due of t) this.push({ due, ex, v: ex.tv });
    if (this.heap.length > 1000 && this.heap.length > 8 * this.executions()) this.rebuildHeap();
    this.armReal();
  }

  /** Earliest valid timer (drops stale entries on the way). */
  peek(): { due: number; ex: Exec } | undefined {
    for (;;) {
      const top = this.heap[0];
      if (!top) return undefined;
      if (top.v === top.ex.tv && top.ex.status === "RUNNING") return top;
      this.pop();
    }
  }

  /** Fires every timer due by the clock's time, in order, then re-arms the real timer. */
  fireDue(): void {
    if (this.stopped) return;
    const now = this.clock.now();
    for (;;) {
      const top = this.peek();
      if (!top || top.due > now) break;
      this.pop();
      this.onTimer(top.ex, now);
    }
    this.armReal();
  }

  stop(): void {
    this.stopped = true;
    if (this.realTimer) clearTimeout(this.realTimer);
    this.realTimer = undefined;
  }

  private rebuildHeap(): void {
    const old = this.heap;
    this.heap = [];
    for (const e of old) if (e.v === e.ex.tv) this.push(e);
  }

  private push(e: Entry): void {
    const h = this.heap;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if ((h[p] as Entry).due <= e.due) break;
      h[i] = h[p] as Entry;
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
      const c = r < h.length && (h[r] as Entry).due < (h[l] as Entry).due ? r : l;
      if ((h[c] as Entry).due >= last.due) break;
      h[i] = h[c] as Entry;
      i = c;
    }
    h[i] = last;
  }

  /** The clock follows real time: a real timer for the earliest due time (capped at 1 h, then re-armed). */
  private armReal(): void {
    if (this.stopped) return;
    const top = this.peek();
    if (!top) return;
    if (this.realTimer && top.due >= this.realTimerDue) return;
    if (this.realTimer) clearTimeout(this.realTimer);
    const delay = Math.min(Math.max(top.due - this.clock.now(), 0), MAX_REAL_TIMER_MS);
    this.realTimerDue = top.due;
    this.realTimer = setTimeout(() => {
      this.realTimer = undefined;
      this.realTimerDue = Number.POSITIVE_INFINITY;
      this.fireDue();
    }, delay);
    this.realTimer.unref();
  }
}
