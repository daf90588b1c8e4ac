// Port: the clock use cases read "now" from (system time in AWS, the controllable clock in the embedded runtime).

export interface Clock {
  /** Current instant. */
  now(): Date;
  /** Where the time comes from, for health reports; absent means the system clock. */
  describe?(): { source: "system" | "controllable"; offsetMs: number };
}
