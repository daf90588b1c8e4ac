// Port: fault injection for the crash tests — the named points where a use case marks "a power cut here would hurt"
// (after a write, before the step that depends on it). Inert in production; the adapter (platform/crash-point.ts)
// kills the process at the point the environment names.

/** The named points, so a test cannot set one that no code reaches. */
export const crashPoints = [
  // projects/workflow.ts handOverTask: after the hand-over's write, before StartExecution.
  "project.handover.after-write",
  // payments/runs.ts reserveTranche: after the reservation (claim, payment, commitment), before StartExecution.
  "payment.reserve.after-write",
  // payments/workflow.ts confirmDisbursement: the treasury's confirmation recorded, before the callback completes.
  "payment.treasury.after-confirm",
  // payments/workflow.ts recordPaymentTask: the callback completed with the reference, before the paying transaction.
  "payment.record.before-write",
  // notifications/deliver.ts sendOnce: the e-mail handed to the relay, before its send is recorded.
  "notification.after-send",
  // events/adapters/stream.ts publishBatch: the event appended to the log (put on the bus), before the stream moves on.
  "domain-event.after-publish",
] as const;
export type CrashPoint = (typeof crashPoints)[number];

export interface Faults {
  /** Passes a named point; an injector may end the process there. */
  crashPoint(name: CrashPoint): void;
}

/** No faults: what use cases get when their composition gives none (unit tests, tools). */
export const noFaults: Faults = { crashPoint: () => {} };
