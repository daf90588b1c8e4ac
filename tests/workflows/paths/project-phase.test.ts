// Path tests of workflows/project-phase.asl.json: every Choice branch, Catch and callback timeout on the local engine.
//
// Paths (Choice rules / Catches / callback timeouts named as in support.ts declaredBranches):
//  1. a stale phase                           Step → Route [done] → Done
//  2. an event wakes the phase                Step → Route [await] → AwaitEvent → Step → Route [done] → Done
//  3. the next timer fires, then hand-over    Step → Route [await] → AwaitEvent [timeout] → (catch) Step → Route [handover]
//                                              → HandOver → Done
//  4. a filed report is validated             Step → Route [validate] → ValidateReport → Step → Route [done] → Done
//  5. an unknown next action                  Step → Route [Default] → UnexpectedStep (FAILED)
//  6. (no Catch) a timer of 0 seconds         Step → Route [await] → AwaitEvent: TimeoutSecondsPath invalid → FAILED States.Runtime
import { expect } from "vitest";
import { DAY_MS, pathSuite } from "./support.ts";

/** The execution input, built in one place: what the hand-over starts project-<projectId>-p<phase> with. */
function input(over: Record<string, unknown> = {}): Record<string, unknown> {
  return { projectId: "prj-1", phase: 2, correlationId: "corr-project-1", ...over };
}

/** What the step task says comes next (timeoutSeconds: until the next timer; 1 when it does not matter). */
const step = (next: string, timeoutSeconds = 1, seenVersion = 7) => ({ next, timeoutSeconds, seenVersion });

const paths = pathSuite("project-phase", {
  step: step("done"),
  park: { parked: true },
  validate: { valid: true },
  handOver: { phase: 3, executionName: "project-prj-1-p3" },
});

paths.path("a stale phase is done at once", ["Route [$.step.next = done] → Done"], async (run) => {
  const arn = await run.start(input());
  expect(await run.statesEntered(arn)).toEqual(["Step", "Route", "Done"]);
  expect(await run.end(arn)).toMatchObject({ status: "SUCCEEDED" });
  expect(run.callsOf("step")).toEqual([expect.objectContaining({ projectId: "prj-1", phase: 2 })]);
});

paths.path(
  "an event (a signature, a report, a vote) wakes the phase, which steps again",
  ["Route [$.step.next = await] → AwaitEvent"],
  async (run) => {
    run.answer("step", step("await", 10 * 86_400), step("done"));
    const arn = await run.start(input());
    await run.complete(arn, "AwaitEvent", { woken: true });
    expect(await run.statesEntered(arn)).toEqual(["Step", "Route", "AwaitEvent", "Step", "Route", "Done"]);
    expect(await run.end(arn)).toMatchObject({ status: "SUCCEEDED" });
    expect(run.callsOf("park")).toEqual([expect.objectContaining({ seenVersion: 7, phase: 2 })]);
  },
);

paths.path(
  "the next timer is the callback's timeout: it fires, the phase steps and hands over",
  [
    "AwaitEvent [timeout]",
    "AwaitEvent [catch States.Timeout] → Step",
    "Route [$.step.next = handover] → HandOver",
  ],
  async (run) => {
    const timer = 3 * 86_400; // e.g. the reminder 3 days before a milestone is due
    run.answer("step", step("await", timer), step("handover"));
    const arn = await run.start(input());
    const scheduledAt = run.clock.now();
    await run.timeOut(arn, "AwaitEvent");
    expect(run.clock.now() - scheduledAt).toBeGreaterThanOrEqual(3 * DAY_MS - 1000);
    expect(await run.statesEntered(arn)).toEqual([
      "Step",
      "Route",
      "AwaitEvent",
      "Step",
      "Route",
      "HandOver",
      "Done",
    ]);
    const ending = await run.end(arn);
    expect(ending).toMatchObject({
      status: "SUCCEEDED",
      output: { handedOver: { phase: 3, executionName: "project-prj-1-p3" } },
    });
    const scheduled = (await run.history(arn)).find(
      (e) =>
        e.type === "TaskScheduled" && e.taskScheduledEventDetails?.resource === "invoke.waitForTaskToken",
    );
    expect(scheduled?.taskScheduledEventDetails?.timeoutInSeconds).toBe(timer); // TimeoutSecondsPath: $.step.timeoutSeconds
  },
);

paths.path(
  "a filed report is validated, then the phase steps again",
  ["Route [$.step.next = validate] → ValidateReport"],
  async (run) => {
    run.answer("step", step("validate"), step("done"));
    const arn = await run.start(input());
    expect(await run.statesEntered(arn)).toEqual([
      "Step",
      "Route",
      "ValidateReport",
      "Step",
      "Route",
      "Done",
    ]);
    expect(await run.end(arn)).toMatchObject({ status: "SUCCEEDED" });
    expect(run.callsOf("validate")).toEqual([expect.objectContaining({ projectId: "prj-1" })]);
  },
);

paths.path(
  "an unknown next action fails the execution in UnexpectedStep",
  ["Route [Default] → UnexpectedStep"],
  async (run) => {
    run.answer("step", step("sleep"));
    const arn = await run.start(input());
    expect(await run.statesEntered(arn)).toEqual(["Step", "Route", "UnexpectedStep"]);
    expect(await run.end(arn)).toMatchObject({ status: "FAILED", error: "UnexpectedStep" });
  },
);

paths.path("a timer of 0 seconds is not a valid callback timeout: the execution fails", [], async (run) => {
  run.answer("step", step("await", 0));
  const arn = await run.start(input());
  expect(await run.statesEntered(arn)).toEqual(["Step", "Route", "AwaitEvent"]);
  expect(await run.end(arn)).toMatchObject({ status: "FAILED", error: "States.Runtime" });
  expect(run.callsOf("park")).toEqual([]);
});

paths.coverage();
