// Test support: a Clock (functions/platform/ports/clock.ts) that stands at a given instant until the test moves it.
import type { Clock } from "../../functions/platform/ports/clock.ts";

export interface FixedClock extends Clock {
  /** Moves the clock by `ms` (forwards or back). */
  advance(ms: number): void;
}

export function fixedClock(iso: string): FixedClock {
  let now = Date.parse(iso);
  if (Number.isNaN(now)) throw new Error(`fixedClock: not an instant: ${iso}`);
  return {
    now: () => new Date(now),
    advance: (ms) => {
      now += ms;
    },
    describe: () => ({ source: "controllable", offsetMs: 0 }),
  };
}
