// Path tests of workflows/project-start.asl.json: every Choice branch, Catch and callback timeout on the local engine.
//
// Paths (Choice rules / Catches / callback timeouts named as in support.ts declaredBranches):
//  1. signed                                LocateStart → ResumeStage [signatures] → AwaitSignatures → RouteSignatureEvent
//                                             [signed] → FirstTrancheEligible → StartFirstMilestone → Started
//  2. amended, then signed                  RouteSignatureEvent [amended] → SignaturesRestarted → AwaitSignatures
//  3. signatures late                       AwaitSignatures [timeout] → RemindSignatories → AfterReminder → ResumeStage
//  4. signatures late at the horizon        AfterReminder [handOver] → HandOverStart → HandedOver
//  5. started where the records say         ResumeStage [signed] → FirstTrancheEligible; [ended] → ProjectEnded;
//                                             [Default] → UnexpectedStage (FAILED)
//  6. interrupts while awaiting signatures  terminated, fraud, hand-over, changed (LocateStart), superseded, a stale event
//  7. Lambda's transient errors are retried in the state; every other failure of a task is caught to StartTaskFailed
//  8. the wait is the term of the input
import { expect } from "vitest";
import { DAY_SECONDS } from "../../../functions/kernel/dates.ts";
import { startTerms } from "../../../functions/projects/rules/terms.ts";
import { type PathRun, pathSuite, raise } from "./support.ts";

/** The execution input: what the start (and a hand-over) starts project-<projectId>-start-r<round> with. */
function input(over: Record<string, unknown> = {}): Record<string, unknown> {
  return { projectId: "prj-1", round: 1, correlationId: "corr-project-1", terms: startTerms(), ...over };
}

const paths = pathSuite("project-start", {
  writeAuditReports: { written: 1 },
  locateStart: { stage: "signatures" },
  parkStart: { parked: true },
  remindSignatories: { reminded: ["solver"], handOver: false },
  startAnniversaries: { started: [] },
  startFirstMilestone: { executionName: "project-prj-1-m1-r1" },
  handOverStart: { executionName: "project-prj-1-start-r2" },
});

const event = (kind: string, more: Record<string, unknown> = {}) => ({ kind, ...more });
const START = ["LocateStart", "ResumeStage"];
const SIGNED = ["FirstTrancheEligible", "StartAnniversaries", "StartFirstMilestone", "Started"];

paths.path(
  "the third signature signs the task book: tranche 1 is eligible and milestone 1's execution starts",
  [
    "ResumeStage [$.wake.stage = signatures] → AwaitSignatures",
    "RouteSignatureEvent [$.wake.event.kind = task-book-signed] → FirstTrancheEligible",
  ],
  async (run) => {
    const arn = await run.start(input());
    expect(await run.restingAt(arn)).toBe("AwaitSignatures");
    await run.complete(arn, "AwaitSignatures", event("task-book-signed", { seq: 1 }));
    expect(await run.statesEntered(arn)).toEqual([
      ...START,
      "AwaitSignatures",
      "RouteSignatureEvent",
      ...SIGNED,
    ]);
    expect(await run.end(arn)).toMatchObject({
      status: "SUCCEEDED",
      output: { next: { executionName: "project-prj-1-m1-r1" } },
    });
    // The park says which execution asks (only the one in charge may park) and for which stage.
    expect(run.callsOf("parkStart")).toEqual([
      expect.objectContaining({ projectId: "prj-1", stage: "signatures", execution: expect.any(String) }),
    ]);
    expect(run.callsOf("startFirstMilestone")).toEqual([
      expect.objectContaining({ projectId: "prj-1", correlationId: "corr-project-1" }),
    ]);
    // The anniversary tranches' executions (project-anniversary) are started by the execution in charge.
    expect(run.callsOf("startAnniversaries")).toEqual([
      expect.objectContaining({ projectId: "prj-1", execution: expect.any(String) }),
    ]);
  },
);

paths.path(
  "an amendment voids the signatures so far: they start again, then the book is signed",
  ["RouteSignatureEvent [$.wake.event.kind = task-book-amended] → SignaturesRestarted"],
  async (run) => {
    const arn = await run.start(input());
    await run.complete(arn, "AwaitSignatures", event("task-book-amended"));
    expect(await run.restingAt(arn)).toBe("AwaitSignatures");
    await run.complete(arn, "AwaitSignatures", event("task-book-signed"));
    expect(await run.statesEntered(arn)).toEqual([
      ...START,
      "AwaitSignatures",
      "RouteSignatureEvent",
      "SignaturesRestarted",
      "AwaitSignatures",
      "RouteSignatureEvent",
      ...SIGNED,
    ]);
    expect(run.callsOf("parkStart")).toHaveLength(2);
  },
);

paths.path(
  "not signed within the term: the parties who have not signed are reminded, and the wait starts again",
  [
    "AwaitSignatures [timeout]",
    "AwaitSignatures [catch States.Timeout] → RemindSignatories",
    "AfterReminder [Default] → ResumeStage",
  ],
  async (run) => {
    const arn = await run.start(input());
    await run.timeOut(arn, "AwaitSignatures");
    expect(await run.restingAt(arn)).toBe("AwaitSignatures");
    await run.complete(arn, "AwaitSignatures", event("task-book-signed"));
    expect(await run.statesEntered(arn)).toEqual([
      ...START,
      "AwaitSignatures",
      "RemindSignatories",
      "AfterReminder",
      "ResumeStage",
      "AwaitSignatures",
      "RouteSignatureEvent",
      ...SIGNED,
    ]);
    const remind = run.callsOf("remindSignatories")[0];
    expect(remind).toMatchObject({ waitSeconds: 7 * DAY_SECONDS, handOverAfterSeconds: 300 * DAY_SECONDS });
    expect(Date.parse(String(remind?.executionStartedAt))).toBeGreaterThan(0);
  },
);

paths.path(
  "a reminder whose next wait would pass the horizon hands over to the next round",
  ["AfterReminder [$.wake.handOver = true] → HandOverStart"],
  async (run) => {
    run.answer("remindSignatories", { reminded: ["bureau"], handOver: true });
    const arn = await run.start(input({ round: 2 }));
    await run.timeOut(arn, "AwaitSignatures");
    expect(await run.statesEntered(arn)).toEqual([
      ...START,
      "AwaitSignatures",
      "RemindSignatories",
      "AfterReminder",
      "HandOverStart",
      "HandedOver",
    ]);
    expect(await run.end(arn)).toMatchObject({
      status: "SUCCEEDED",
      output: { handedOver: { executionName: "project-prj-1-start-r2" } },
    });
    expect(run.callsOf("handOverStart")).toEqual([expect.objectContaining({ round: 2, projectId: "prj-1" })]);
  },
);

paths.path(
  "started where the records say: signed goes on to milestone 1; ended ends; an unknown stage fails by name",
  [
    "ResumeStage [$.wake.stage = signed] → FirstTrancheEligible",
    "ResumeStage [$.wake.stage = ended] → ProjectEnded",
    "ResumeStage [Default] → UnexpectedStage",
  ],
  async (run) => {
    run.answer("locateStart", { stage: "signed" }, { stage: "ended" }, { stage: "awarded" });
    const signed = await run.start(input());
    expect(await run.statesEntered(signed)).toEqual([...START, ...SIGNED]);
    const ended = await run.start(input());
    expect(await run.statesEntered(ended)).toEqual([...START, "ProjectEnded"]);
    expect(await run.end(ended)).toMatchObject({ status: "SUCCEEDED" });
    const unknown = await run.start(input());
    expect(await run.statesEntered(unknown)).toEqual([...START, "UnexpectedStage"]);
    expect(await run.end(unknown)).toMatchObject({ status: "FAILED", error: "ProjectStart.UnexpectedStage" });
    expect(run.callsOf("parkStart")).toEqual([]);
  },
);

/** Starts an execution resting in AwaitSignatures and sends it `kind`; the states after the wait. */
async function interrupted(run: PathRun, kind: string): Promise<string[]> {
  const arn = await run.start(input());
  await run.complete(arn, "AwaitSignatures", event(kind));
  return (await run.statesEntered(arn)).slice(3);
}

paths.path(
  "interrupts while awaiting the signatures: termination, fraud, a hand-over, the records moved, another execution in charge, a stale event",
  [
    "RouteSignatureEvent [Default] → RouteInterrupt",
    "RouteInterrupt [$.wake.event.kind = terminated] → Terminated",
    "RouteInterrupt [$.wake.event.kind = fraud] → ClosedForFraud",
    "RouteInterrupt [$.wake.event.kind = hand-over] → HandOverStart",
    "RouteInterrupt [$.wake.event.kind = changed] → LocateStart",
    "RouteInterrupt [$.wake.event.kind = superseded] → Superseded",
    "RouteInterrupt [Default] → ResumeStage",
  ],
  async (run) => {
    const routed = ["RouteSignatureEvent", "RouteInterrupt"];
    expect(await interrupted(run, "terminated")).toEqual([...routed, "Terminated"]);
    expect(await interrupted(run, "fraud")).toEqual([...routed, "ClosedForFraud"]);
    expect(await interrupted(run, "hand-over")).toEqual([...routed, "HandOverStart", "HandedOver"]);
    expect(await interrupted(run, "superseded")).toEqual([...routed, "Superseded"]);
    // The park found the records past its stage: located again — here the records say signed.
    run.answer("locateStart", { stage: "signatures" }, { stage: "signed" });
    expect(await interrupted(run, "changed")).toEqual([...routed, ...START, ...SIGNED]);
    // An event of another machine's stage (a duplicate, an extension) resumes the signatures' wait.
    run.answer("locateStart", { stage: "signatures" });
    const arn = await run.start(input());
    await run.complete(arn, "AwaitSignatures", event("review-passed"));
    expect(await run.restingAt(arn)).toBe("AwaitSignatures");
    expect((await run.statesEntered(arn)).slice(3)).toEqual([...routed, "ResumeStage", "AwaitSignatures"]);
  },
);

paths.path(
  "Lambda's transient errors are retried in the state; any other failure of a task is caught to StartTaskFailed",
  [
    "LocateStart [catch States.ALL] → StartTaskFailed",
    "AwaitSignatures [catch States.ALL] → StartTaskFailed",
    "RemindSignatories [catch States.ALL] → StartTaskFailed",
    "StartAnniversaries [catch States.ALL] → StartTaskFailed",
    "StartFirstMilestone [catch States.ALL] → StartTaskFailed",
    "HandOverStart [catch States.ALL] → StartTaskFailed",
    "Terminated [catch States.ALL] → StartTaskFailed",
    "ClosedForFraud [catch States.ALL] → StartTaskFailed",
  ],
  async (run) => {
    run.answer(
      "startFirstMilestone",
      raise("Lambda.TooManyRequestsException", "Rate exceeded"),
      raise("Lambda.ServiceException", "try again"),
      { executionName: "project-prj-1-m1-r1" },
    );
    const retried = await run.start(input());
    await run.complete(retried, "AwaitSignatures", event("task-book-signed"));
    expect(await run.end(retried)).toMatchObject({ status: "SUCCEEDED" });
    expect(run.callsOf("startFirstMilestone")).toHaveLength(3);

    const failsAt = async (states: string[], act?: (arn: string) => Promise<void>) => {
      const arn = await run.start(input());
      if (act) await act(arn);
      expect(await run.statesEntered(arn)).toEqual([...states, "StartTaskFailed"]);
      expect(await run.end(arn)).toMatchObject({ status: "FAILED", error: "ProjectStart.TaskFailed" });
      const failed = (await run.history(arn)).find((e) => e.type === "FailStateEntered");
      return JSON.parse(failed?.stateEnteredEventDetails?.input ?? "{}") as { failure?: { Error?: string } };
    };
    // A domain error is not retried: one call, caught by name with the error kept on the state data.
    run.answer("locateStart", raise("NotFound", "no such project"));
    expect((await failsAt(["LocateStart"])).failure?.Error).toBe("NotFound");
    expect(run.callsOf("locateStart")).toHaveLength(2); // one for the first execution, one here
    run.answer("locateStart", { stage: "signatures" });
    run.answer("parkStart", raise("ConditionalCheckFailed", "lost the race"));
    await failsAt([...START, "AwaitSignatures"]);
    run.answer("parkStart", { parked: true });
    run.answer("remindSignatories", raise("NotFound", "no such project"));
    await failsAt([...START, "AwaitSignatures", "RemindSignatories"], (arn) =>
      run.timeOut(arn, "AwaitSignatures"),
    );
    run.answer("startAnniversaries", raise("NotFound", "no such project"));
    await failsAt(
      [...START, "AwaitSignatures", "RouteSignatureEvent", "FirstTrancheEligible", "StartAnniversaries"],
      (arn) => run.complete(arn, "AwaitSignatures", event("task-book-signed")),
    );
    run.answer("startAnniversaries", { started: ["project-prj-1-y1-r1"] });
    run.answer("startFirstMilestone", raise("NotFound", "no such project"));
    await failsAt(
      [
        ...START,
        "AwaitSignatures",
        "RouteSignatureEvent",
        "FirstTrancheEligible",
        "StartAnniversaries",
        "StartFirstMilestone",
      ],
      (arn) => run.complete(arn, "AwaitSignatures", event("task-book-signed")),
    );
    run.answer("handOverStart", raise("NotFound", "no such project"));
    await failsAt(
      [...START, "AwaitSignatures", "RouteSignatureEvent", "RouteInterrupt", "HandOverStart"],
      (arn) => run.complete(arn, "AwaitSignatures", event("hand-over")),
    );
    // The ends that write the decision's audit report fail by name when it cannot be written.
    run.answer("handOverStart", { executionName: "project-prj-1-start-r2" });
    run.answer("writeAuditReports", raise("NotFound", "no such project"));
    for (const [kind, end] of [
      ["terminated", "Terminated"],
      ["fraud", "ClosedForFraud"],
    ] as const) {
      await failsAt([...START, "AwaitSignatures", "RouteSignatureEvent", "RouteInterrupt", end], (arn) =>
        run.complete(arn, "AwaitSignatures", event(kind)),
      );
    }
    // A failed callback (SendTaskFailure) is a failure of the wait too.
    const sent = await run.start(input());
    await run.fail(sent, "AwaitSignatures", "Operator.Abandoned", "given up");
    expect((await run.statesEntered(sent)).at(-1)).toBe("StartTaskFailed");
  },
);

paths.path("the wait is the term of the input: another term moves it", [], async (run) => {
  const terms = { ...startTerms(), signatureWaitSeconds: 3 * DAY_SECONDS };
  const arn = await run.start(input({ terms }));
  await run.timeOut(arn, "AwaitSignatures");
  expect(await run.timeoutsScheduled(arn)).toEqual([
    ["AwaitSignatures", 3 * DAY_SECONDS],
    ["AwaitSignatures", 3 * DAY_SECONDS],
  ]);
  expect(run.callsOf("remindSignatories")).toEqual([
    expect.objectContaining({ waitSeconds: 3 * DAY_SECONDS }),
  ]);
});

paths.keepsOnStateData("terms");
paths.keepsOnStateData("projectId");
paths.keepsOnStateData("round");
paths.coverage();
