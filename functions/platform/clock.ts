// Shared: the clock handlers pass to use cases. System time in AWS; the embedded runtime installs its controllable clock.
import type { Clock } from "./ports/clock.ts";

export const systemClock: Clock = { now: () => new Date() };

let installed: Clock | undefined;

/** The embedded runtime calls this once at start so in-process handlers see its (advanceable) time. */
export function installClock(clock: Clock | undefined): void {
  installed = clock;
}

export function currentClock(): Clock {
  return installed ?? systemClock;
}
