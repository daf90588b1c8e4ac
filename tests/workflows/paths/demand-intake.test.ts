// Path tests of workflows/demand-intake.asl.json: every Choice branch, Catch and callback timeout on the local engine.
//
// Paths (Choice rules / Catches / callback timeouts named as in support.ts declaredBranches):
//  1. decided, applied as accepted          AwaitBureauDecision → ApplyDecision → RouteByDecision → Accepted
//  2. decided, merged into another demand   … RouteByDecision → Merged
//  3. returned, resubmitted, accepted       … RouteByDecision → AwaitResubmission → AwaitBureauDecision → … → Accepted
//  4. returned, never resubmitted (term)    … AwaitResubmission [timeout] → LapseDemand → Lapsed
//  5. decision not applicable, waits again  … RouteByDecision [submitted] → AwaitBureauDecision → … → Merged
//  6. unknown status                        … RouteByDecision [Default] → DecisionNotApplied (FAILED)
//  7. bureau silent for its term            AwaitBureauDecision [timeout] → EscalateOverdueDecision → AwaitBureauDecision → …
//  8. (no Catch) the callback is failed     AwaitBureauDecision → FAILED with the callback's error
//  9. (no Catch) applying keeps failing     ApplyDecision retried 3 times → FAILED with the task's error
// 10. other terms in the input              the decision and resubmission timeouts are the input's, not fixed numbers
import { expect } from "vitest";
import { intakeTerms } from "../../../functions/demands/rules/terms.ts";
import { DAY_SECONDS } from "../../../functions/kernel/dates.ts";
import { pathSuite, raise } from "./support.ts";

/** The execution input, built in one place: what DemandsApi starts demand-intake with (terms from the rules). */
function input(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    demandId: "dem-1",
    organisationId: "org-1",
    correlationId: "corr-demand-1",
    terms: intakeTerms(),
    ...over,
  };
}

const decision = (kind: "return" | "merge" | "draft-challenge") => ({
  decision: kind,
  decidedBy: "bureau-1",
});

const paths = pathSuite("demand-intake", {
  parkDecisionToken: { parked: true },
  parkResubmissionToken: { parked: true },
  applyDecision: { status: "accepted" },
  escalateOverdueDecision: { escalated: true },
  lapseDemand: { lapsed: true },
});

paths.path(
  "a decision applied as accepted ends in Accepted",
  ["RouteByDecision [$.applied.status = accepted] → Accepted"],
  async (run) => {
    const arn = await run.start(input());
    await run.complete(arn, "AwaitBureauDecision", decision("draft-challenge"));
    expect(await run.statesEntered(arn)).toEqual([
      "AwaitBureauDecision",
      "ApplyDecision",
      "RouteByDecision",
      "Accepted",
    ]);
    expect(await run.end(arn)).toMatchObject({ status: "SUCCEEDED" });
    // the decision travels to the task that applies it
    expect(run.callsOf("applyDecision")).toEqual([
      expect.objectContaining({ demandId: "dem-1", decision: decision("draft-challenge") }),
    ]);
  },
);

paths.path(
  "a merge ends in Merged",
  ["RouteByDecision [$.applied.status = merged] → Merged"],
  async (run) => {
    run.answer("applyDecision", { status: "merged" });
    const arn = await run.start(input());
    await run.complete(arn, "AwaitBureauDecision", decision("merge"));
    expect(await run.statesEntered(arn)).toEqual([
      "AwaitBureauDecision",
      "ApplyDecision",
      "RouteByDecision",
      "Merged",
    ]);
    expect(await run.end(arn)).toMatchObject({ status: "SUCCEEDED" });
  },
);

paths.path(
  "returned for changes, resubmitted, decided again and accepted",
  ["RouteByDecision [$.applied.status = returned] → AwaitResubmission"],
  async (run) => {
    run.answer("applyDecision", { status: "returned" }, { status: "accepted" });
    const arn = await run.start(input());
    await run.complete(arn, "AwaitBureauDecision", decision("return"));
    await run.complete(arn, "AwaitResubmission", { resubmittedAt: "2026-03-05T10:00:00+08:00" });
    await run.complete(arn, "AwaitBureauDecision", decision("draft-challenge"));
    expect(await run.statesEntered(arn)).toEqual([
      "AwaitBureauDecision",
      "ApplyDecision",
      "RouteByDecision",
      "AwaitResubmission",
      "AwaitBureauDecision",
      "ApplyDecision",
      "RouteByDecision",
      "Accepted",
    ]);
    expect(await run.end(arn)).toMatchObject({ status: "SUCCEEDED" });
    expect(run.callsOf("parkDecisionToken")).toHaveLength(2);
  },
);

paths.path(
  "returned and never resubmitted: the resubmission times out and the demand lapses",
  ["AwaitResubmission [timeout]", "AwaitResubmission [catch States.Timeout] → LapseDemand"],
  async (run) => {
    run.answer("applyDecision", { status: "returned" });
    const arn = await run.start(input());
    await run.complete(arn, "AwaitBureauDecision", decision("return"));
    await run.timeOut(arn, "AwaitResubmission");
    expect(await run.statesEntered(arn)).toEqual([
      "AwaitBureauDecision",
      "ApplyDecision",
      "RouteByDecision",
      "AwaitResubmission",
      "LapseDemand",
      "Lapsed",
    ]);
    expect(await run.end(arn)).toMatchObject({
      status: "SUCCEEDED",
      output: { timeout: { Error: "States.Timeout" } },
    });
    expect(run.callsOf("lapseDemand")).toEqual([expect.objectContaining({ demandId: "dem-1" })]);
  },
);

paths.path(
  "a decision that could not be applied (still submitted) waits for the bureau again",
  ["RouteByDecision [$.applied.status = submitted] → AwaitBureauDecision"],
  async (run) => {
    run.answer("applyDecision", { status: "submitted" }, { status: "merged" });
    const arn = await run.start(input());
    await run.complete(arn, "AwaitBureauDecision", decision("merge"));
    await run.complete(arn, "AwaitBureauDecision", decision("merge"));
    expect(await run.statesEntered(arn)).toEqual([
      "AwaitBureauDecision",
      "ApplyDecision",
      "RouteByDecision",
      "AwaitBureauDecision",
      "ApplyDecision",
      "RouteByDecision",
      "Merged",
    ]);
    expect(await run.end(arn)).toMatchObject({ status: "SUCCEEDED" });
  },
);

paths.path(
  "an unknown status fails the execution in DecisionNotApplied",
  ["RouteByDecision [Default] → DecisionNotApplied"],
  async (run) => {
    run.answer("applyDecision", { status: "archived" });
    const arn = await run.start(input());
    await run.complete(arn, "AwaitBureauDecision", decision("draft-challenge"));
    expect(await run.statesEntered(arn)).toEqual([
      "AwaitBureauDecision",
      "ApplyDecision",
      "RouteByDecision",
      "DecisionNotApplied",
    ]);
    expect(await run.end(arn)).toMatchObject({ status: "FAILED", error: "Demand.DecisionNotApplied" });
  },
);

paths.path(
  "the bureau does not decide in time: escalated, then it decides",
  ["AwaitBureauDecision [timeout]", "AwaitBureauDecision [catch States.Timeout] → EscalateOverdueDecision"],
  async (run) => {
    const arn = await run.start(input());
    await run.timeOut(arn, "AwaitBureauDecision");
    await run.timeOut(arn, "AwaitBureauDecision");
    await run.complete(arn, "AwaitBureauDecision", decision("draft-challenge"));
    expect(await run.statesEntered(arn)).toEqual([
      "AwaitBureauDecision",
      "EscalateOverdueDecision",
      "AwaitBureauDecision",
      "EscalateOverdueDecision",
      "AwaitBureauDecision",
      "ApplyDecision",
      "RouteByDecision",
      "Accepted",
    ]);
    expect(await run.end(arn)).toMatchObject({ status: "SUCCEEDED" });
    expect(run.callsOf("escalateOverdueDecision")).toHaveLength(2);
    expect(run.callsOf("parkDecisionToken")).toHaveLength(3); // a fresh token after each escalation
  },
);

paths.path(
  "a failed decision callback is not caught: the execution fails with its error",
  [],
  async (run) => {
    const arn = await run.start(input());
    await run.fail(arn, "AwaitBureauDecision", "Demand.Withdrawn", "the enterprise withdrew the demand");
    expect(await run.statesEntered(arn)).toEqual(["AwaitBureauDecision"]);
    expect(await run.end(arn)).toMatchObject({
      status: "FAILED",
      error: "Demand.Withdrawn",
      cause: "the enterprise withdrew the demand",
    });
  },
);

paths.path(
  "applying a decision that keeps failing transiently is retried, then fails the execution",
  [],
  async (run) => {
    run.answer("applyDecision", raise("Platform.Transient", "VERSION_CONFLICT: a concurrent writer"));
    const arn = await run.start(input());
    await run.complete(arn, "AwaitBureauDecision", decision("draft-challenge"));
    expect(await run.statesEntered(arn)).toEqual(["AwaitBureauDecision", "ApplyDecision"]);
    expect(await run.end(arn)).toMatchObject({ status: "FAILED", error: "Platform.Transient" });
    expect(run.callsOf("applyDecision")).toHaveLength(7); // 1 + MaxAttempts 6
  },
);

paths.path(
  "the timeouts are the terms of the input: shorter terms time out sooner",
  ["AwaitBureauDecision [timeout]", "AwaitResubmission [timeout]"],
  async (run) => {
    const terms = { decisionSeconds: 2 * DAY_SECONDS, resubmissionSeconds: 5 * DAY_SECONDS };
    run.answer("applyDecision", { status: "returned" });
    const arn = await run.start(input({ terms }));
    await run.timeOut(arn, "AwaitBureauDecision"); // waiting one second before the input's term, timed out at it
    await run.complete(arn, "AwaitBureauDecision", decision("return"));
    await run.timeOut(arn, "AwaitResubmission");
    expect(await run.timeoutsScheduled(arn)).toEqual([
      ["AwaitBureauDecision", terms.decisionSeconds],
      ["AwaitBureauDecision", terms.decisionSeconds],
      ["AwaitResubmission", terms.resubmissionSeconds],
    ]);
    expect(await run.end(arn)).toMatchObject({ status: "SUCCEEDED", output: { terms } });
  },
);

paths.keepsOnStateData("terms");
paths.coverage();
