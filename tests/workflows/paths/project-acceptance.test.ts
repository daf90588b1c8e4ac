// Path tests of workflows/project-acceptance.asl.json: every Choice branch, Catch and callback timeout on the local engine.
//
// Paths (Choice rules / Catches / callback timeouts named as in support.ts declaredBranches):
//  1. accepted with a final tranche       request → plan → review [passed] → final opinion → FinalTrancheEligible → Closure
//  2. accepted outright, not accepted     RouteAcceptanceVerdict [accepted] → Closure; [failed] → NotAccepted
//  3. every wait late                     each Await… [timeout] → its reminder → AfterReminder → ResumeStage (its stage)
//  4. a reminder at the horizon           AfterReminder [handOver] → HandOverAcceptance → HandedOver
//  5. started where the records say       ResumeStage [each stage], [Default] → UnexpectedStage (FAILED)
//  6. interrupts                          each stage's Default → RouteInterrupt: extension (shown), terminated, fraud,
//                                           hand-over, changed (LocateAcceptance), superseded, a stale event
//  7. Lambda's transient errors are retried; every other failure of a task is caught to AcceptanceTaskFailed
//  8. the waits are the terms of the input
import { expect } from "vitest";
import { DAY_SECONDS } from "../../../functions/kernel/dates.ts";
import { acceptanceTerms } from "../../../functions/projects/rules/terms.ts";
import { type PathRun, pathSuite, raise } from "./support.ts";

/** The execution input: what StartNextMilestone (and a hand-over) starts project-<id>-acceptance-r<round> with. */
function input(over: Record<string, unknown> = {}): Record<string, unknown> {
  return { projectId: "prj-1", round: 1, correlationId: "corr-project-1", terms: acceptanceTerms(), ...over };
}

const paths = pathSuite("project-acceptance", {
  writeAuditReports: { written: 1 },
  locateAcceptance: { stage: "request" },
  parkAcceptance: { parked: true },
  remindAcceptance: { reminded: ["enterprise"], handOver: false },
  handOverAcceptance: { executionName: "project-prj-1-acceptance-r2" },
});

const event = (kind: string) => ({ kind });
const START = ["LocateAcceptance", "ResumeStage"];
const WAITS = {
  request: ["AwaitAcceptanceRequest", "RouteRequestEvent", "RemindEnterpriseToRequest"],
  plan: ["AwaitAcceptancePlan", "RoutePlanEvent", "RemindPlanParties"],
  review: ["AwaitAcceptanceReview", "RouteAcceptanceVerdict", "RemindAcceptancePanel"],
  opinion: ["AwaitFinalPaymentOpinion", "RouteOpinionEvent", "RemindApprover"],
} as const;
type Stage = keyof typeof WAITS;

/** From the request to the review: the execution rests in AwaitAcceptanceReview. */
async function toReview(run: PathRun, arn: string): Promise<void> {
  await run.complete(arn, "AwaitAcceptanceRequest", event("acceptance-requested"));
  await run.complete(arn, "AwaitAcceptancePlan", event("acceptance-plan-agreed"));
}
const TO_REVIEW = [
  "AwaitAcceptanceRequest",
  "RouteRequestEvent",
  "AwaitAcceptancePlan",
  "RoutePlanEvent",
  "AwaitAcceptanceReview",
  "RouteAcceptanceVerdict",
];

paths.path(
  "requested, planned by both parties, passed by the panel, the final opinion confirmed: the final tranche and closure",
  [
    "ResumeStage [$.wake.stage = request] → AwaitAcceptanceRequest",
    "RouteRequestEvent [$.wake.event.kind = acceptance-requested] → AwaitAcceptancePlan",
    "RoutePlanEvent [$.wake.event.kind = acceptance-plan-agreed] → AwaitAcceptanceReview",
    "RouteAcceptanceVerdict [$.wake.event.kind = acceptance-passed] → AwaitFinalPaymentOpinion",
    "RouteOpinionEvent [$.wake.event.kind = acceptance-opinion-confirmed] → FinalTrancheEligible",
  ],
  async (run) => {
    const arn = await run.start(input());
    await toReview(run, arn);
    await run.complete(arn, "AwaitAcceptanceReview", event("acceptance-passed"));
    await run.complete(arn, "AwaitFinalPaymentOpinion", event("acceptance-opinion-confirmed"));
    expect(await run.statesEntered(arn)).toEqual([
      ...START,
      ...TO_REVIEW,
      "AwaitFinalPaymentOpinion",
      "RouteOpinionEvent",
      "FinalTrancheEligible",
      "Closure",
      "Closed",
    ]);
    expect(await run.end(arn)).toMatchObject({ status: "SUCCEEDED" });
    expect(run.callsOf("parkAcceptance").map((p) => p.stage)).toEqual([
      "request",
      "plan",
      "review",
      "opinion",
    ]);
    expect(run.callsOf("parkAcceptance")[0]).toMatchObject({
      projectId: "prj-1",
      execution: expect.any(String),
    });
  },
);

paths.path(
  "accepted outright when the task book has no final tranche; not accepted when the panel fails it",
  [
    "RouteAcceptanceVerdict [$.wake.event.kind = acceptance-accepted] → Closure",
    "RouteAcceptanceVerdict [$.wake.event.kind = acceptance-failed] → NotAccepted",
  ],
  async (run) => {
    const accepted = await run.start(input());
    await toReview(run, accepted);
    await run.complete(accepted, "AwaitAcceptanceReview", event("acceptance-accepted"));
    expect(await run.statesEntered(accepted)).toEqual([...START, ...TO_REVIEW, "Closure", "Closed"]);
    const failed = await run.start(input());
    await toReview(run, failed);
    await run.complete(failed, "AwaitAcceptanceReview", event("acceptance-failed"));
    expect(await run.statesEntered(failed)).toEqual([...START, ...TO_REVIEW, "NotAccepted"]);
    expect(await run.end(failed)).toMatchObject({ status: "SUCCEEDED" });
  },
);

paths.path(
  "every wait late: its party is reminded and the wait starts again in its stage",
  [
    "ResumeStage [$.wake.stage = plan] → AwaitAcceptancePlan",
    "ResumeStage [$.wake.stage = review] → AwaitAcceptanceReview",
    "ResumeStage [$.wake.stage = opinion] → AwaitFinalPaymentOpinion",
    "AfterReminder [Default] → ResumeStage",
    ...(["request", "plan", "review", "opinion"] as const).flatMap((stage) => [
      `${WAITS[stage][0]} [timeout]`,
      `${WAITS[stage][0]} [catch States.Timeout] → ${WAITS[stage][2]}`,
    ]),
  ],
  async (run) => {
    for (const stage of Object.keys(WAITS) as Stage[]) {
      const [wait, , remind] = WAITS[stage];
      run.answer("locateAcceptance", { stage });
      const arn = await run.start(input());
      await run.timeOut(arn, wait);
      expect(await run.restingAt(arn)).toBe(wait);
      expect(await run.statesEntered(arn)).toEqual([
        ...START,
        wait,
        remind,
        "AfterReminder",
        "ResumeStage",
        wait,
      ]);
    }
    // (An earlier execution of this test still waiting may be reminded again as the clock moves on.)
    const terms = new Map(
      run.callsOf("remindAcceptance").map((p) => [p.stage, Number(p.waitSeconds) / DAY_SECONDS]),
    );
    expect([...terms]).toEqual([
      ["request", 30],
      ["plan", 14],
      ["review", 14],
      ["opinion", 7],
    ]);
    expect(run.callsOf("remindAcceptance")[0]).toMatchObject({ handOverAfterSeconds: 300 * DAY_SECONDS });
  },
);

paths.path(
  "a reminder whose next wait would pass the horizon hands over to the next round",
  ["AfterReminder [$.wake.handOver = true] → HandOverAcceptance"],
  async (run) => {
    run.answer("remindAcceptance", { reminded: ["enterprise"], handOver: true });
    const arn = await run.start(input({ round: 2 }));
    await run.timeOut(arn, "AwaitAcceptanceRequest");
    expect(await run.statesEntered(arn)).toEqual([
      ...START,
      ...WAITS.request.filter((s) => s !== "RouteRequestEvent"),
      "AfterReminder",
      "HandOverAcceptance",
      "HandedOver",
    ]);
    expect(await run.end(arn)).toMatchObject({
      status: "SUCCEEDED",
      output: { handedOver: { executionName: "project-prj-1-acceptance-r2" } },
    });
    expect(run.callsOf("handOverAcceptance")).toEqual([expect.objectContaining({ round: 2 })]);
  },
);

paths.path(
  "started where the records say: decided acceptances end at once; an unknown stage fails by name",
  [
    "ResumeStage [$.wake.stage = accepted] → Closure",
    "ResumeStage [$.wake.stage = not-accepted] → NotAccepted",
    "ResumeStage [$.wake.stage = ended] → ProjectEnded",
    "ResumeStage [Default] → UnexpectedStage",
  ],
  async (run) => {
    const cases: [string, string[]][] = [
      ["accepted", ["Closure", "Closed"]],
      ["not-accepted", ["NotAccepted"]],
      ["ended", ["ProjectEnded"]],
    ];
    for (const [stage, states] of cases) {
      run.answer("locateAcceptance", { stage });
      const arn = await run.start(input());
      expect(await run.statesEntered(arn)).toEqual([...START, ...states]);
      expect(await run.end(arn)).toMatchObject({ status: "SUCCEEDED" });
    }
    run.answer("locateAcceptance", { stage: "signatures" });
    const unknown = await run.start(input());
    expect(await run.end(unknown)).toMatchObject({
      status: "FAILED",
      error: "ProjectAcceptance.UnexpectedStage",
    });
    expect(run.callsOf("parkAcceptance")).toEqual([]);
  },
);

paths.path(
  "interrupts reach every wait: an extension is shown, termination and fraud end it, a hand-over, the records moved, another execution in charge, a stale event",
  [
    "RouteRequestEvent [Default] → RouteInterrupt",
    "RoutePlanEvent [Default] → RouteInterrupt",
    "RouteAcceptanceVerdict [Default] → RouteInterrupt",
    "RouteOpinionEvent [Default] → RouteInterrupt",
    "RouteInterrupt [$.wake.event.kind = extension-approved] → ExtensionNoted",
    "RouteInterrupt [$.wake.event.kind = terminated] → Terminated",
    "RouteInterrupt [$.wake.event.kind = fraud] → ClosedForFraud",
    "RouteInterrupt [$.wake.event.kind = hand-over] → HandOverAcceptance",
    "RouteInterrupt [$.wake.event.kind = changed] → LocateAcceptance",
    "RouteInterrupt [$.wake.event.kind = superseded] → Superseded",
    "RouteInterrupt [Default] → ResumeStage",
  ],
  async (run) => {
    // An extension reaches each stage's wait, is shown, and the stage resumes.
    for (const stage of Object.keys(WAITS) as Stage[]) {
      const [wait, route] = WAITS[stage];
      run.answer("locateAcceptance", { stage });
      const arn = await run.start(input());
      await run.complete(arn, wait, event("extension-approved"));
      expect(await run.restingAt(arn)).toBe(wait);
      expect((await run.statesEntered(arn)).slice(2)).toEqual([
        wait,
        route,
        "RouteInterrupt",
        "ExtensionNoted",
        "ResumeStage",
        wait,
      ]);
    }
    run.answer("locateAcceptance", { stage: "review" });
    const ends: [string, string[]][] = [
      ["terminated", ["Terminated"]],
      ["fraud", ["ClosedForFraud"]],
      ["hand-over", ["HandOverAcceptance", "HandedOver"]],
      ["superseded", ["Superseded"]],
      ["review-passed", ["ResumeStage", "AwaitAcceptanceReview"]],
    ];
    for (const [kind, states] of ends) {
      const arn = await run.start(input());
      await run.complete(arn, "AwaitAcceptanceReview", event(kind));
      expect((await run.statesEntered(arn)).slice(3), kind).toEqual([
        "RouteAcceptanceVerdict",
        "RouteInterrupt",
        ...states,
      ]);
    }
    run.answer("locateAcceptance", { stage: "review" }, { stage: "not-accepted" });
    const moved = await run.start(input());
    await run.complete(moved, "AwaitAcceptanceReview", event("changed"));
    expect((await run.statesEntered(moved)).slice(3)).toEqual([
      "RouteAcceptanceVerdict",
      "RouteInterrupt",
      ...START,
      "NotAccepted",
    ]);
  },
);

paths.path(
  "Lambda's transient errors are retried in the state; any other failure of a task is caught to AcceptanceTaskFailed",
  [
    "LocateAcceptance [catch States.ALL] → AcceptanceTaskFailed",
    "HandOverAcceptance [catch States.ALL] → AcceptanceTaskFailed",
    "Closure [catch States.ALL] → AcceptanceTaskFailed",
    "NotAccepted [catch States.ALL] → AcceptanceTaskFailed",
    "Terminated [catch States.ALL] → AcceptanceTaskFailed",
    "ClosedForFraud [catch States.ALL] → AcceptanceTaskFailed",
    ...(["request", "plan", "review", "opinion"] as const).flatMap((stage) => [
      `${WAITS[stage][0]} [catch States.ALL] → AcceptanceTaskFailed`,
      `${WAITS[stage][2]} [catch States.ALL] → AcceptanceTaskFailed`,
    ]),
  ],
  async (run) => {
    run.answer(
      "locateAcceptance",
      raise("Lambda.TooManyRequestsException", "Rate exceeded"),
      raise("Lambda.SdkClientException", "socket hang up"),
      { stage: "request" },
    );
    const retried = await run.start(input());
    expect(await run.restingAt(retried)).toBe("AwaitAcceptanceRequest");
    expect(run.callsOf("locateAcceptance")).toHaveLength(3);

    const failedAt = async (arn: string, last: string) => {
      const states = await run.statesEntered(arn);
      expect(states.slice(-2)).toEqual([last, "AcceptanceTaskFailed"]);
      expect(await run.end(arn)).toMatchObject({ status: "FAILED", error: "ProjectAcceptance.TaskFailed" });
    };
    run.answer("locateAcceptance", raise("NotFound", "no such project"));
    const before = run.callsOf("locateAcceptance").length;
    await failedAt(await run.start(input()), "LocateAcceptance");
    expect(run.callsOf("locateAcceptance")).toHaveLength(before + 1); // a domain error is not retried
    for (const stage of Object.keys(WAITS) as Stage[]) {
      const [wait, , remind] = WAITS[stage];
      run.answer("locateAcceptance", { stage });
      run.answer("parkAcceptance", raise("NotFound", "no such project"));
      await failedAt(await run.start(input()), wait);
      run.answer("parkAcceptance", { parked: true });
      run.answer("remindAcceptance", raise("NotFound", "no such project"));
      const late = await run.start(input());
      await run.timeOut(late, wait);
      await failedAt(late, remind);
      run.answer("remindAcceptance", { reminded: [], handOver: false });
    }
    run.answer("handOverAcceptance", raise("NotFound", "no such project"));
    const handing = await run.start(input());
    await run.complete(handing, "AwaitFinalPaymentOpinion", event("hand-over"));
    await failedAt(handing, "HandOverAcceptance");
    // The ends that write the audit reports (the acceptance's, a termination's) fail by name when they cannot.
    run.answer("handOverAcceptance", { executionName: "project-prj-1-acceptance-r2" });
    run.answer("locateAcceptance", { stage: "review" });
    run.answer("writeAuditReports", raise("NotFound", "no such project"));
    for (const [kind, end] of [
      ["acceptance-accepted", "Closure"],
      ["acceptance-failed", "NotAccepted"],
      ["terminated", "Terminated"],
      ["fraud", "ClosedForFraud"],
    ] as const) {
      const arn = await run.start(input());
      await run.complete(arn, "AwaitAcceptanceReview", event(kind));
      await failedAt(arn, end);
    }
  },
);

paths.path("the waits are the terms of the input: other terms move them", [], async (run) => {
  const terms = {
    ...acceptanceTerms(),
    requestWaitSeconds: 2 * DAY_SECONDS,
    planWaitSeconds: 3 * DAY_SECONDS,
  };
  const arn = await run.start(input({ terms }));
  await run.timeOut(arn, "AwaitAcceptanceRequest");
  await run.complete(arn, "AwaitAcceptanceRequest", event("acceptance-requested"));
  expect(await run.timeoutsScheduled(arn)).toEqual([
    ["AwaitAcceptanceRequest", 2 * DAY_SECONDS],
    ["AwaitAcceptanceRequest", 2 * DAY_SECONDS],
    ["AwaitAcceptancePlan", 3 * DAY_SECONDS],
  ]);
});

paths.keepsOnStateData("terms");
paths.keepsOnStateData("projectId");
paths.keepsOnStateData("round");
paths.coverage();
