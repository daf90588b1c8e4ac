// Embedded runtime: the controllable clock. Follows real time plus an offset that only grows; the offset persists.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

export interface ClockState {
  readonly nowMs: number;
  readonly offsetMs: number;
}

/**
 * now() = Date.now() + offset. Advancing raises the offset, so time never runs backwards, and after
 * advancing it keeps flowing at real speed. With a file, the offset survives restarts (and SIGKILL:
 * it is written synchronously before advance returns).
 */
export class ControllableClock {
  private offset = 0;
  private readonly listeners = new Set<(nowMs: number) => void>();

  /**
   * `startAtMs` sets the clock's first reading on a fresh data directory (tests and demos that need a given date,
   * e.g. a notice before National Day 2025); it is ignored once the clock has a saved offset. The offset may then be
   * negative, but from there on time only moves forward.
   */
  constructor(
    private readonly file?: string,
    startAtMs?: number,
  ) {
    let restored = false;
    if (file) {
      try {
        const saved = JSON.parse(readFileSync(file, "utf8")) as { offsetMs?: unknown };
        if (typeof saved.offsetMs === "number" && Number.isFinite(saved.offsetMs)) {
          this.offset = saved.offsetMs;
          restored = true;
        }
      } catch {
        // first start: no offset yet
      }
    }
    if (!restored && startAtMs !== undefined) {
      if (!Number.isFinite(startAtMs)) throw new RangeError(`invalid clock start ${startAtMs}`);
      this.offset = startAtMs - Date.now();
      this.persist();
    }
  }

  now(): number {
    return Date.now() + this.offset;
  }

  state(): ClockState {
    return { nowMs: this.now(), offsetMs: this.offset };
  }

  /** Moves the clock forward to `targetMs` (no-op if already past it) and notifies listeners. */
  advanceTo(targetMs: number): void {
    const delta = targetMs - this.now();
    if (delta <= 0) return;
    this.offset += delta;
    this.persist();
    const now = this.now();
    for (const listener of this.listeners) listener(now);
  }

  advanceBy(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`cannot advance the clock by ${ms} ms`);
    this.advanceTo(this.now() + ms);
  }

  /** Called after every advance with the new time. Returns an unsubscribe function. */
  onAdvance(listener: (nowMs: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private persist(): void {
    if (!this.file) return;
    mkdirSync(dirname(this.file), { recursive: true });
    writeFileSync(this.file, JSON.stringify({ offsetMs: this.offset }));
  }
}
