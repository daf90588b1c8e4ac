// Shared: test-only crash points (fault injection). With JIEBANG_CRASH_AT=<name> in the environment the process dies
// at the point of that name (SIGKILL, as a power cut would: nothing cleans up); inert when the variable is unset, as
// it is everywhere except the platform child processes of tests/e2e/project-restart.test.ts and payment-restart.test.ts.

/** The named points, so a test cannot set one that no code reaches. */
export const crashPoints = [
  // functions/projects/workflow.ts handOverTask: after the hand-over's write, before StartExecution.
  "project.handover.after-write",
  // functions/payments/common.ts reserveTranche: after the reservation (claim, payment, commitment), before StartExecution.
  "payment.reserve.after-write",
  // functions/payments/common.ts confirmDisbursement: the treasury's confirmation recorded, before the callback completes.
  "payment.treasury.after-confirm",
  // functions/payments/common.ts recordPaymentTask: the callback completed with the reference, before the paying transaction.
  "payment.record.before-write",
] as const;
export type CrashPoint = (typeof crashPoints)[number];

export function crashPoint(name: CrashPoint): void {
  if (process.env["JIEBANG_CRASH_AT"] === name) process.kill(process.pid, "SIGKILL");
}
