// Path tests of workflows/recovery-escalation.asl.json: every Choice branch (it has no Catch, no callback) on the local engine.
//
// Paths (Choice rules named as in support.ts declaredBranches):
//  1. overdue with money outstanding          WaitUntilOverdue → CheckOverdue → RouteOutcome [Default] → Done (escalated)
//  2. settled by the time it is due           … RouteOutcome [Default] → Done (nothing to do)
//  3. the due date moved: not due yet         … RouteOutcome [not-due] → WaitAgain → WaitUntilOverdue → CheckOverdue → … → Done
//  4. (no Catch) the check keeps failing      CheckOverdue retried 5 times → FAILED with the task's error
import { expect } from "vitest";
import { DAY_MS, pathSuite, raise } from "./support.ts";

const iso = (ms: number): string => new Date(ms).toISOString();

/** The execution input, built in one place: what posting a receivable starts escalate-<recoveryId> with. */
function input(now: number, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    recoveryId: "rec-1",
    overdueAt: iso(now + 31 * DAY_MS),
    correlationId: "corr-recovery-1",
    ...over,
  };
}

const paths = pathSuite("recovery-escalation", {
  escalateRecovery: (_p: unknown, now: number) => ({ outcome: "escalated", overdueAt: iso(now) }),
});

paths.path(
  "overdue with money outstanding: checked when due and escalated",
  ["RouteOutcome [Default] → Done"],
  async (run) => {
    const start = input(run.clock.now());
    const arn = await run.start(start);
    await run.passWait(arn, "WaitUntilOverdue");
    expect(await run.statesEntered(arn)).toEqual([
      "WaitUntilOverdue",
      "CheckOverdue",
      "RouteOutcome",
      "Done",
    ]);
    expect(await run.end(arn)).toMatchObject({
      status: "SUCCEEDED",
      output: { check: { outcome: "escalated" } },
    });
    expect(run.clock.now()).toBeGreaterThanOrEqual(Date.parse(start.overdueAt as string));
    expect(run.callsOf("escalateRecovery")).toEqual([expect.objectContaining({ recoveryId: "rec-1" })]);
  },
);

paths.path("settled before it fell due: checked, nothing to escalate", [], async (run) => {
  run.answer("escalateRecovery", (_p: unknown, now: number) => ({ outcome: "settled", overdueAt: iso(now) }));
  const arn = await run.start(input(run.clock.now()));
  await run.passWait(arn, "WaitUntilOverdue");
  expect(await run.statesEntered(arn)).toEqual(["WaitUntilOverdue", "CheckOverdue", "RouteOutcome", "Done"]);
  expect(await run.end(arn)).toMatchObject({
    status: "SUCCEEDED",
    output: { check: { outcome: "settled" } },
  });
});

paths.path(
  "the due date moved (not due yet): it waits until the new date, then escalates",
  ["RouteOutcome [$.check.outcome = not-due] → WaitAgain"],
  async (run) => {
    run.answer(
      "escalateRecovery",
      (_p: unknown, now: number) => ({ outcome: "not-due", overdueAt: iso(now + 10 * DAY_MS) }),
      (_p: unknown, now: number) => ({ outcome: "escalated", overdueAt: iso(now) }),
    );
    const arn = await run.start(input(run.clock.now()));
    await run.passWait(arn, "WaitUntilOverdue");
    const firstCheck = run.clock.now();
    await run.passWait(arn, "WaitUntilOverdue");
    expect(run.clock.now() - firstCheck).toBeGreaterThanOrEqual(10 * DAY_MS - 1000);
    expect(await run.statesEntered(arn)).toEqual([
      "WaitUntilOverdue",
      "CheckOverdue",
      "RouteOutcome",
      "WaitAgain",
      "WaitUntilOverdue",
      "CheckOverdue",
      "RouteOutcome",
      "Done",
    ]);
    expect(await run.end(arn)).toMatchObject({
      status: "SUCCEEDED",
      output: { check: { outcome: "escalated" } },
    });
    expect(run.callsOf("escalateRecovery")).toHaveLength(2);
    // WaitAgain hands the next round only the recovery, the new date and the correlation id
    const waits = (await run.history(arn)).filter((e) => e.type === "WaitStateEntered");
    expect(JSON.parse(waits[1]?.stateEnteredEventDetails?.input ?? "null")).toEqual({
      recoveryId: "rec-1",
      overdueAt: expect.any(String),
      correlationId: "corr-recovery-1",
    });
  },
);

paths.path("the check keeps failing: retried, then the execution fails", [], async (run) => {
  run.answer(
    "escalateRecovery",
    raise("Platform.Transient", "ProvisionedThroughputExceededException: slow down"),
  );
  const arn = await run.start(input(run.clock.now()));
  await run.passWait(arn, "WaitUntilOverdue");
  expect(await run.statesEntered(arn)).toEqual(["WaitUntilOverdue", "CheckOverdue"]);
  expect(await run.end(arn)).toMatchObject({
    status: "FAILED",
    error: "Platform.Transient",
  });
  expect(run.callsOf("escalateRecovery")).toHaveLength(7); // 1 + MaxAttempts 6
});

paths.coverage();
