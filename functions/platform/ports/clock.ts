// Port: the clock use cases read "now" from (system time in AWS, the controllable clock in the embedded runtime).

export interface Clock {
  /** Current instant. */
  now(): Date;
  /** Where the time comes from, for health reports; absent means the system clock. */
  describe?(): { source: "system" | "controllable"; offsetMs: number };
}

/** Now as an ISO 8601 instant (UTC), the form every record stores. */
export const nowIso = (deps: { readonly clock: Clock }): string => deps.clock.now().toISOString();
