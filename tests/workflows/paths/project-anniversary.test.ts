// Path tests of workflows/project-anniversary.asl.json (安山: 合同签订满一年后拨付): every Choice branch, Catch and callback
// timeout on the local engine.
//
// Paths:
//  1. the day comes                         PlanAnniversary [before] → AwaitAnniversary [timeout] → AnniversaryTrancheEligible
//                                             [reached] → TrancheEligible
//  2. the day is not reached when it fires  AnniversaryReached [Default] → PlanAnniversary (planned again)
//  3. due at once, ended                    AnniversaryTimer [due] → AnniversaryTrancheEligible; [ended] → ProjectEnded;
//                                             [Default] → UnexpectedStage (FAILED)
//  4. beyond the horizon                    AnniversaryTimer [later] → AwaitAnniversaryUntilHandOver [timeout] → HandOverAnniversary
//  5. an extension moves the day            RouteAnniversaryEvent [extension-approved] → AnniversaryMoved → PlanAnniversary
//  6. the endings, superseded, a stale wake terminated, fraud, horse-race-closed, superseded; anything else plans again
//  7. Lambda's transient errors are retried; every other failure of a task is caught to AnniversaryTaskFailed
import { expect } from "vitest";
import { DAY_SECONDS } from "../../../functions/kernel/dates.ts";
import { anniversaryTerms } from "../../../functions/projects/rules/terms.ts";
import { type PathRun, pathSuite, raise } from "./support.ts";

function input(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    projectId: "prj-1",
    years: 1,
    round: 1,
    correlationId: "corr-project-1",
    terms: anniversaryTerms(),
    ...over,
  };
}

const plan = (stage: string, days = 30) => ({ stage, seconds: days * DAY_SECONDS });
const script = {
  planAnniversary: plan("before"),
  parkAnniversary: { parked: true },
  anniversaryTrancheEligible: { reached: true },
  handOverAnniversary: { executionName: "project-prj-1-y1-r2" },
};
const paths = pathSuite("project-anniversary", script);
const event = (kind: string) => ({ kind, seq: 3 });
const PLANNED = ["PlanAnniversary", "AnniversaryTimer"];
const REACHED = ["AnniversaryTrancheEligible", "AnniversaryReached", "TrancheEligible"];

paths.path(
  "the anniversary comes: the callback's timeout is the timer, the tranche becomes eligible",
  [
    "AnniversaryTimer [$.plan.stage = before] → AwaitAnniversary",
    "AwaitAnniversary [timeout]",
    "AwaitAnniversary [catch States.Timeout] → AnniversaryTrancheEligible",
    "AnniversaryReached [$.eligibility.reached = true] → TrancheEligible",
  ],
  async (run) => {
    const arn = await run.start(input());
    expect(await run.restingAt(arn)).toBe("AwaitAnniversary");
    await run.timeOut(arn, "AwaitAnniversary");
    expect(await run.statesEntered(arn)).toEqual([...PLANNED, "AwaitAnniversary", ...REACHED]);
    expect(await run.end(arn)).toMatchObject({ status: "SUCCEEDED" });
    expect(await run.timeoutsScheduled(arn)).toEqual([["AwaitAnniversary", 30 * DAY_SECONDS]]);
    expect(run.callsOf("planAnniversary")[0]).toMatchObject({
      projectId: "prj-1",
      years: 1,
      handOverAfterSeconds: 300 * DAY_SECONDS,
    });
    expect(run.callsOf("parkAnniversary")).toEqual([
      expect.objectContaining({ years: 1, execution: expect.any(String), taskToken: expect.any(String) }),
    ]);
  },
);

paths.path(
  "the timer fires but the tranche is not eligible (the day moved, the project held): planned again",
  ["AnniversaryReached [Default] → PlanAnniversary"],
  async (run) => {
    run.answer("anniversaryTrancheEligible", { reached: false }, { reached: true });
    run.answer("planAnniversary", plan("before", 10), plan("due"));
    const arn = await run.start(input());
    await run.timeOut(arn, "AwaitAnniversary");
    expect(await run.statesEntered(arn)).toEqual([
      ...PLANNED,
      "AwaitAnniversary",
      "AnniversaryTrancheEligible",
      "AnniversaryReached",
      ...PLANNED,
      ...REACHED,
    ]);
  },
);

paths.path(
  "due at once, ended, or a stage the machine does not know",
  [
    "AnniversaryTimer [$.plan.stage = due] → AnniversaryTrancheEligible",
    "AnniversaryTimer [$.plan.stage = ended] → ProjectEnded",
    "AnniversaryTimer [Default] → UnexpectedStage",
  ],
  async (run) => {
    run.answer("planAnniversary", plan("due"));
    const due = await run.start(input());
    expect(await run.statesEntered(due)).toEqual([...PLANNED, ...REACHED]);
    run.answer("planAnniversary", plan("ended"));
    const ended = await run.start(input());
    expect(await run.statesEntered(ended)).toEqual([...PLANNED, "ProjectEnded"]);
    expect(await run.end(ended)).toMatchObject({ status: "SUCCEEDED" });
    run.answer("planAnniversary", plan("someday"));
    const unknown = await run.start(input());
    expect(await run.end(unknown)).toMatchObject({
      status: "FAILED",
      error: "ProjectAnniversary.UnexpectedStage",
    });
    expect(run.callsOf("parkAnniversary")).toEqual([]);
  },
);

paths.path(
  "the anniversary lies beyond this execution's horizon: it waits until the horizon and hands over",
  [
    "AnniversaryTimer [$.plan.stage = later] → AwaitAnniversaryUntilHandOver",
    "AwaitAnniversaryUntilHandOver [timeout]",
    "AwaitAnniversaryUntilHandOver [catch States.Timeout] → HandOverAnniversary",
  ],
  async (run) => {
    run.answer("planAnniversary", plan("later", 300));
    const arn = await run.start(input({ round: 2 }));
    await run.timeOut(arn, "AwaitAnniversaryUntilHandOver");
    expect(await run.statesEntered(arn)).toEqual([
      ...PLANNED,
      "AwaitAnniversaryUntilHandOver",
      "HandOverAnniversary",
      "HandedOver",
    ]);
    expect(await run.end(arn)).toMatchObject({
      status: "SUCCEEDED",
      output: { handedOver: { executionName: "project-prj-1-y1-r2" } },
    });
    expect(run.callsOf("handOverAnniversary")).toEqual([expect.objectContaining({ round: 2, years: 1 })]);
  },
);

paths.path(
  "an approved extension moves the day: the anniversary is planned again and waits for the moved day",
  ["RouteAnniversaryEvent [$.wake.event.kind = extension-approved] → AnniversaryMoved"],
  async (run) => {
    run.answer("planAnniversary", plan("before", 30), plan("before", 120));
    const arn = await run.start(input());
    await run.complete(arn, "AwaitAnniversary", event("extension-approved"));
    expect(await run.restingAt(arn)).toBe("AwaitAnniversary");
    expect(await run.statesEntered(arn)).toEqual([
      ...PLANNED,
      "AwaitAnniversary",
      "RouteAnniversaryEvent",
      "AnniversaryMoved",
      ...PLANNED,
      "AwaitAnniversary",
    ]);
    expect(await run.timeoutsScheduled(arn)).toEqual([
      ["AwaitAnniversary", 30 * DAY_SECONDS],
      ["AwaitAnniversary", 120 * DAY_SECONDS],
    ]);
  },
);

/** An execution resting in AwaitAnniversary sent `kind`: the states after the wait. */
async function woken(run: PathRun, kind: string): Promise<string[]> {
  const arn = await run.start(input());
  await run.complete(arn, "AwaitAnniversary", event(kind));
  return (await run.statesEntered(arn)).slice(3);
}

paths.path(
  "the endings end it (the tranche is cancelled by the ending's transaction); superseded ends; anything else plans again",
  [
    "RouteAnniversaryEvent [$.wake.event.kind = terminated] → Terminated",
    "RouteAnniversaryEvent [$.wake.event.kind = fraud] → ClosedForFraud",
    "RouteAnniversaryEvent [$.wake.event.kind = horse-race-closed] → ClosedByHorseRace",
    "RouteAnniversaryEvent [$.wake.event.kind = superseded] → Superseded",
    "RouteAnniversaryEvent [Default] → PlanAnniversary",
  ],
  async (run) => {
    expect(await woken(run, "terminated")).toEqual(["RouteAnniversaryEvent", "Terminated"]);
    expect(await woken(run, "fraud")).toEqual(["RouteAnniversaryEvent", "ClosedForFraud"]);
    expect(await woken(run, "horse-race-closed")).toEqual(["RouteAnniversaryEvent", "ClosedByHorseRace"]);
    expect(await woken(run, "superseded")).toEqual(["RouteAnniversaryEvent", "Superseded"]);
    expect(await woken(run, "review-passed")).toEqual([
      "RouteAnniversaryEvent",
      ...PLANNED,
      "AwaitAnniversary",
    ]);
  },
);

paths.path(
  "Lambda's transient errors are retried in the state; any other failure of a task is caught to AnniversaryTaskFailed",
  [
    "PlanAnniversary [catch States.ALL] → AnniversaryTaskFailed",
    "AwaitAnniversary [catch States.ALL] → AnniversaryTaskFailed",
    "AwaitAnniversaryUntilHandOver [catch States.ALL] → AnniversaryTaskFailed",
    "AnniversaryTrancheEligible [catch States.ALL] → AnniversaryTaskFailed",
    "HandOverAnniversary [catch States.ALL] → AnniversaryTaskFailed",
  ],
  async (run) => {
    run.answer(
      "planAnniversary",
      raise("Lambda.TooManyRequestsException", "Rate exceeded"),
      raise("Lambda.AWSLambdaException", "try again"),
      plan("before"),
    );
    const retried = await run.start(input());
    expect(await run.restingAt(retried)).toBe("AwaitAnniversary");
    expect(run.callsOf("planAnniversary")).toHaveLength(3);

    const failsAt = async (state: string, drive?: (arn: string) => Promise<void>) => {
      const arn = await run.start(input());
      if (drive) await drive(arn);
      expect((await run.statesEntered(arn)).slice(-2)).toEqual([state, "AnniversaryTaskFailed"]);
      expect(await run.end(arn)).toMatchObject({ status: "FAILED", error: "ProjectAnniversary.TaskFailed" });
    };
    const domainError = raise("NotFound", "no such project");
    run.answer("planAnniversary", domainError);
    const before = run.callsOf("planAnniversary").length;
    await failsAt("PlanAnniversary");
    expect(run.callsOf("planAnniversary")).toHaveLength(before + 1); // a domain error is not retried
    run.answer("planAnniversary", plan("before"));
    await failsAt("AwaitAnniversary", (arn) =>
      run.fail(arn, "AwaitAnniversary", "Operator.Abandoned", "given up"),
    );
    run.answer("planAnniversary", plan("later"));
    await failsAt("AwaitAnniversaryUntilHandOver", (arn) =>
      run.fail(arn, "AwaitAnniversaryUntilHandOver", "Operator.Abandoned", "given up"),
    );
    run.answer("handOverAnniversary", domainError);
    await failsAt("HandOverAnniversary", (arn) => run.timeOut(arn, "AwaitAnniversaryUntilHandOver"));
    run.answer("planAnniversary", plan("due"));
    run.answer("anniversaryTrancheEligible", domainError);
    await failsAt("AnniversaryTrancheEligible");
  },
);

paths.keepsOnStateData("terms");
paths.keepsOnStateData("projectId");
paths.keepsOnStateData("years");
paths.keepsOnStateData("round");
paths.coverage();
