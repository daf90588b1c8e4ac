// Port: the clock use cases read "now" from (system time in AWS, the controllable clock in the embedded runtime).

export interface Clock {
  /** Current instant. */
  now(): Date;
}
