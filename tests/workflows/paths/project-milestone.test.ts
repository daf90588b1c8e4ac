// Path tests of workflows/project-milestone.asl.json: every Choice branch, Catch and callback timeout on the local engine.
//
// Paths (Choice rules / Catches / callback timeouts named as in support.ts declaredBranches):
//  1. filed before the reminder, passed      Locate → report → AwaitReportBeforeReminder → ValidateEvidence → AwaitPanel
//                                              → AwaitReview [passed] → AwaitPaymentOpinion → TrancheEligible → StartNextMilestone
//  2. reminder, escalation, overdue           AwaitReportBeforeReminder [timeout] → RemindEnterprise → AwaitReportBeforeDue
//                                              [timeout] → EscalateOverdueReport → AwaitReportOverdue [timeout] → HandOverMilestone
//  3. next timer beyond the horizon           ReportTimers [later] → AwaitReportUntilHandOver [timeout] → HandOverMilestone
//  4. already at the horizon                  ReportTimers [hand-over] → HandOverMilestone
//  5. missing documents, filed again          ReportTimers [filed] → ValidateEvidence → ReturnedForMissingDocuments → … → AwaitPanel
//  6. unknown stages                          ReportTimers [Default] / ResumeStage [Default] → UnexpectedStage (FAILED)
//  7. panel late                              AwaitPanel [timeout] → RemindBureauOfPanel → AfterReminder → ResumeStage [panel]
//  8. review late at the horizon              AwaitReview [timeout] → RemindPanel → AfterReminder [handOver] → HandOverMilestone
//  9. one rectification, then passed          RouteReviewEvent [rectify] → PlanRectification → AwaitRectifiedReport → ValidateEvidence
// 10. rectification lapses, terminated        AwaitRectifiedReport [timeout] → RectificationLapsed → DeadlinePassed → … → Terminated
// 11. rectification at the horizon           RectificationTimer [handOver] → HandOverMilestone; DeadlinePassed [Default] → PlanRectification
// 12. failed, referral, rejection, fraud     RouteReviewEvent [failed] → ReferForTermination → AwaitTerminationDecision … → ClosedForFraud
// 13. payment opinion late                   AwaitPaymentOpinion [timeout] → RemindApprover → ResumeStage [opinion] → … → StartNextMilestone
// 14. key milestone, the race continues      KeyMilestone [true] → AwaitHorseRaceSettlement [timeout] → … [continues] → StartNextMilestone
// 15. key milestone, the race closes it      AwaitHorseRaceSettlement → RouteInterrupt [horse-race-closed] → ClosedByHorseRace
// 16. interrupts while awaiting the report   extension (timers planned again), termination proposed, a stale event,
//                                              the records moved (RouteInterrupt [changed] → LocateMilestone)
// 16b. a hand-over asked for                  RouteInterrupt [hand-over] → HandOverMilestone
// 16c. superseded by another execution       RouteInterrupt [superseded] → Superseded
// 17. an extension reaches every stage        panel, review, rectification (deadline planned again), payment opinion
// 18. started after the milestone passed      ResumeStage [passed] → StartNextMilestone; [ended] → ProjectEnded
// 19. Lambda's transient errors are retried; any other failure of a task is caught to MilestoneTaskFailed (by name)
// 20. the timeouts are the terms of the input: other terms move them
import { expect } from "vitest";
import { DAY_SECONDS } from "../../../functions/kernel/dates.ts";
import { milestoneTerms } from "../../../functions/projects/rules/terms.ts";
import { type PathRun, pathSuite, raise } from "./support.ts";

/** The execution input, built in one place: what a hand-over starts project-<projectId>-m<milestone>-r<round> with. */
function input(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    projectId: "prj-1",
    milestone: 1,
    round: 1,
    keyMilestone: false,
    correlationId: "corr-project-1",
    terms: milestoneTerms(),
    ...over,
  };
}

const timers = (stage: string, days = 10) => ({ stage, seconds: days * DAY_SECONDS });

/** The answers of the happy path (a test scripts others with run.answer). */
const script = {
  writeAuditReports: { written: 1 },
  locateMilestone: { stage: "report" },
  planReportTimers: timers("before-reminder"),
  parkStage: { parked: true },
  remindReport: { reminded: true },
  escalateReport: { escalated: true },
  validateEvidence: { complete: true },
  returnReport: { returned: true },
  remind: { handOver: false },
  planRectification: { seconds: 30 * DAY_SECONDS, handOver: false },
  rectificationLapsed: { lapsed: true },
  referForTermination: { referred: true },
  startNextMilestone: { executionName: "project-prj-1-m2-r1" },
  handOverMilestone: { executionName: "project-prj-1-m1-r2" },
};
const paths = pathSuite("project-milestone", script);

const event = (kind: string, more: Record<string, unknown> = {}) => ({ kind, ...more });
const START = ["LocateMilestone", "ResumeStage"];
const AWAIT_REPORT = ["PlanReportTimers", "ReportTimers", "AwaitReportBeforeReminder"];
const TO_REVIEW = [
  "RouteReportEvent",
  "ValidateEvidence",
  "EvidenceComplete",
  "AwaitPanel",
  "RoutePanelEvent",
  "AwaitReview",
];
const OPINION_TO_NEXT = [
  "RouteOpinionEvent",
  "TrancheEligible",
  "KeyMilestone",
  "StartNextMilestone",
  "MilestonePassed",
];

/** Report filed, complete, panel named: the execution rests in AwaitReview. */
async function toReview(run: PathRun, arn: string): Promise<void> {
  await run.complete(arn, "AwaitReportBeforeReminder", event("report-filed"));
  await run.complete(arn, "AwaitPanel", event("panel-named"));
}

paths.path(
  "the report is filed before the reminder, complete; the panel passes it; the opinion makes the tranche eligible",
  [
    "ResumeStage [$.wake.stage = report] → PlanReportTimers",
    "ReportTimers [$.timers.stage = before-reminder] → AwaitReportBeforeReminder",
    "RouteReportEvent [$.wake.event.kind = report-filed] → ValidateEvidence",
    "EvidenceComplete [$.validation.complete = true] → AwaitPanel",
    "RoutePanelEvent [$.wake.event.kind = panel-named] → AwaitReview",
    "RouteReviewEvent [$.wake.event.kind = review-passed] → AwaitPaymentOpinion",
    "RouteOpinionEvent [$.wake.event.kind = opinion-confirmed] → TrancheEligible",
    "KeyMilestone [Default] → StartNextMilestone",
  ],
  async (run) => {
    const arn = await run.start(input());
    await toReview(run, arn);
    await run.complete(arn, "AwaitReview", event("review-passed"));
    await run.complete(arn, "AwaitPaymentOpinion", event("opinion-confirmed"));
    expect(await run.statesEntered(arn)).toEqual([
      ...START,
      ...AWAIT_REPORT,
      ...TO_REVIEW,
      "RouteReviewEvent",
      "AwaitPaymentOpinion",
      ...OPINION_TO_NEXT,
    ]);
    expect(await run.end(arn)).toMatchObject({
      status: "SUCCEEDED",
      output: { next: { executionName: "project-prj-1-m2-r1" } },
    });
    expect(run.callsOf("parkStage").map((p) => p.stage)).toEqual(["report", "panel", "review", "opinion"]);
    // Each park says which execution asks (only the one in charge may park) and whether it is the key milestone.
    expect(run.callsOf("parkStage")[0]).toMatchObject({ keyMilestone: false, execution: expect.any(String) });
    expect(run.callsOf("startNextMilestone")).toEqual([
      expect.objectContaining({ projectId: "prj-1", milestone: 1, correlationId: "corr-project-1" }),
    ]);
  },
);

paths.path(
  "no report: the reminder before the due date, the escalation after it, then overdue until the hand-over",
  [
    "AwaitReportBeforeReminder [timeout]",
    "AwaitReportBeforeReminder [catch States.Timeout] → RemindEnterprise",
    "ReportTimers [$.timers.stage = before-due] → AwaitReportBeforeDue",
    "AwaitReportBeforeDue [timeout]",
    "AwaitReportBeforeDue [catch States.Timeout] → EscalateOverdueReport",
    "ReportTimers [$.timers.stage = overdue] → AwaitReportOverdue",
    "AwaitReportOverdue [timeout]",
    "AwaitReportOverdue [catch States.Timeout] → HandOverMilestone",
  ],
  async (run) => {
    run.answer(
      "planReportTimers",
      timers("before-reminder", 5),
      timers("before-due", 14),
      timers("overdue", 200),
    );
    const arn = await run.start(input());
    await run.timeOut(arn, "AwaitReportBeforeReminder");
    await run.timeOut(arn, "AwaitReportBeforeDue");
    await run.timeOut(arn, "AwaitReportOverdue");
    expect(await run.statesEntered(arn)).toEqual([
      ...START,
      ...AWAIT_REPORT,
      "RemindEnterprise",
      "PlanReportTimers",
      "ReportTimers",
      "AwaitReportBeforeDue",
      "EscalateOverdueReport",
      "PlanReportTimers",
      "ReportTimers",
      "AwaitReportOverdue",
      "HandOverMilestone",
      "HandedOver",
    ]);
    expect(await run.timeoutsScheduled(arn)).toEqual([
      ["AwaitReportBeforeReminder", 5 * DAY_SECONDS],
      ["AwaitReportBeforeDue", 14 * DAY_SECONDS],
      ["AwaitReportOverdue", 200 * DAY_SECONDS],
    ]);
    expect(await run.end(arn)).toMatchObject({
      status: "SUCCEEDED",
      output: { handedOver: { executionName: "project-prj-1-m1-r2" } },
    });
    expect(run.callsOf("remindReport")).toEqual([expect.objectContaining({ reminderDaysBefore: 14 })]);
    expect(run.callsOf("escalateReport")).toHaveLength(1);
    expect(run.callsOf("handOverMilestone")).toEqual([expect.objectContaining({ round: 1 })]);
    const plan = run.callsOf("planReportTimers")[0];
    expect(plan).toMatchObject({ handOverAfterSeconds: 300 * DAY_SECONDS });
    expect(Date.parse(String(plan?.executionStartedAt))).toBeGreaterThan(0);
  },
);

paths.path(
  "the next timer lies beyond this execution's horizon: it waits until the hand-over",
  [
    "ReportTimers [$.timers.stage = later] → AwaitReportUntilHandOver",
    "AwaitReportUntilHandOver [timeout]",
    "AwaitReportUntilHandOver [catch States.Timeout] → HandOverMilestone",
  ],
  async (run) => {
    run.answer("planReportTimers", timers("later", 290));
    const arn = await run.start(input({ round: 2 }));
    await run.timeOut(arn, "AwaitReportUntilHandOver");
    expect(await run.statesEntered(arn)).toEqual([
      ...START,
      "PlanReportTimers",
      "ReportTimers",
      "AwaitReportUntilHandOver",
      "HandOverMilestone",
      "HandedOver",
    ]);
    expect(await run.end(arn)).toMatchObject({ status: "SUCCEEDED" });
    expect(run.callsOf("handOverMilestone")).toEqual([expect.objectContaining({ round: 2 })]);
    expect(run.callsOf("remindReport")).toEqual([]);
  },
);

paths.path(
  "planned at the horizon: it hands over at once",
  ["ReportTimers [$.timers.stage = hand-over] → HandOverMilestone"],
  async (run) => {
    run.answer("planReportTimers", { stage: "hand-over", seconds: 1 });
    const arn = await run.start(input());
    expect(await run.statesEntered(arn)).toEqual([
      ...START,
      "PlanReportTimers",
      "ReportTimers",
      "HandOverMilestone",
      "HandedOver",
    ]);
    expect(await run.end(arn)).toMatchObject({ status: "SUCCEEDED" });
  },
);

paths.path(
  "documents missing: returned to the enterprise, its timers run on; filed again, complete, to the panel",
  [
    "ReportTimers [$.timers.stage = filed] → ValidateEvidence",
    "EvidenceComplete [Default] → ReturnedForMissingDocuments",
  ],
  async (run) => {
    run.answer("planReportTimers", timers("filed"), timers("before-reminder", 3));
    run.answer("validateEvidence", { complete: false }, { complete: true });
    const arn = await run.start(input());
    await run.complete(arn, "AwaitReportBeforeReminder", event("report-filed"));
    expect(await run.restingAt(arn)).toBe("AwaitPanel");
    expect(await run.statesEntered(arn)).toEqual([
      ...START,
      "PlanReportTimers",
      "ReportTimers",
      "ValidateEvidence",
      "EvidenceComplete",
      "ReturnedForMissingDocuments",
      ...AWAIT_REPORT,
      "RouteReportEvent",
      "ValidateEvidence",
      "EvidenceComplete",
      "AwaitPanel",
    ]);
    expect(run.callsOf("returnReport")).toHaveLength(1);
  },
);

paths.path(
  "a stage the machine does not know fails the execution (a redrive resumes it)",
  ["ReportTimers [Default] → UnexpectedStage", "ResumeStage [Default] → UnexpectedStage"],
  async (run) => {
    run.answer("planReportTimers", { stage: "sideways", seconds: 1 });
    const first = await run.start(input());
    expect(await run.statesEntered(first)).toEqual([
      ...START,
      "PlanReportTimers",
      "ReportTimers",
      "UnexpectedStage",
    ]);
    expect(await run.end(first)).toMatchObject({ status: "FAILED", error: "UnexpectedStage" });
    run.answer("locateMilestone", { stage: "sideways" });
    const second = await run.start(input());
    expect(await run.statesEntered(second)).toEqual([...START, "UnexpectedStage"]);
    expect(await run.end(second)).toMatchObject({ status: "FAILED", error: "UnexpectedStage" });
  },
);

paths.path(
  "no panel within the term: the bureau is reminded and the wait starts again",
  [
    "ResumeStage [$.wake.stage = panel] → AwaitPanel",
    "AwaitPanel [timeout]",
    "AwaitPanel [catch States.Timeout] → RemindBureauOfPanel",
    "AfterReminder [Default] → ResumeStage",
  ],
  async (run) => {
    run.answer("locateMilestone", { stage: "panel" });
    const arn = await run.start(input());
    await run.timeOut(arn, "AwaitPanel");
    expect(await run.restingAt(arn)).toBe("AwaitPanel");
    expect(await run.statesEntered(arn)).toEqual([
      ...START,
      "AwaitPanel",
      "RemindBureauOfPanel",
      "AfterReminder",
      "ResumeStage",
      "AwaitPanel",
    ]);
    expect(run.callsOf("remind")).toEqual([
      expect.objectContaining({ stage: "panel", waitSeconds: milestoneTerms().panelWaitSeconds }),
    ]);
  },
);

paths.path(
  "no verdict within the term near the horizon: the panel is reminded and the execution hands over",
  [
    "ResumeStage [$.wake.stage = review] → AwaitReview",
    "AwaitReview [timeout]",
    "AwaitReview [catch States.Timeout] → RemindPanel",
    "AfterReminder [$.wake.handOver = true] → HandOverMilestone",
  ],
  async (run) => {
    run.answer("locateMilestone", { stage: "review" });
    run.answer("remind", { handOver: true });
    const arn = await run.start(input());
    await run.timeOut(arn, "AwaitReview");
    expect(await run.statesEntered(arn)).toEqual([
      ...START,
      "AwaitReview",
      "RemindPanel",
      "AfterReminder",
      "HandOverMilestone",
      "HandedOver",
    ]);
    expect(await run.end(arn)).toMatchObject({ status: "SUCCEEDED" });
    expect(run.callsOf("remind")).toEqual([expect.objectContaining({ stage: "review" })]);
  },
);

paths.path(
  "one rectification: the rectified report is validated and passed",
  [
    "RouteReviewEvent [$.wake.event.kind = review-rectify] → PlanRectification",
    "RectificationTimer [Default] → AwaitRectifiedReport",
    "RouteRectificationEvent [$.wake.event.kind = report-filed] → ValidateEvidence",
  ],
  async (run) => {
    const arn = await run.start(input());
    await toReview(run, arn);
    await run.complete(arn, "AwaitReview", event("review-rectify"));
    await run.complete(arn, "AwaitRectifiedReport", event("report-filed"));
    await run.complete(arn, "AwaitPanel", event("panel-named"));
    await run.complete(arn, "AwaitReview", event("review-passed"));
    expect(await run.restingAt(arn)).toBe("AwaitPaymentOpinion");
    expect(await run.statesEntered(arn)).toEqual([
      ...START,
      ...AWAIT_REPORT,
      ...TO_REVIEW,
      "RouteReviewEvent",
      "PlanRectification",
      "RectificationTimer",
      "AwaitRectifiedReport",
      "RouteRectificationEvent",
      "ValidateEvidence",
      "EvidenceComplete",
      "AwaitPanel",
      "RoutePanelEvent",
      "AwaitReview",
      "RouteReviewEvent",
      "AwaitPaymentOpinion",
    ]);
    expect(await run.timeoutsScheduled(arn)).toContainEqual(["AwaitRectifiedReport", 30 * DAY_SECONDS]);
    expect(run.callsOf("planRectification")).toEqual([expect.objectContaining({ defaultRectifyDays: 30 })]);
  },
);

paths.path(
  "the rectification deadline passes: referred for termination, and the bureau terminates",
  [
    "ResumeStage [$.wake.stage = rectification] → PlanRectification",
    "AwaitRectifiedReport [timeout]",
    "AwaitRectifiedReport [catch States.Timeout] → RectificationLapsed",
    "DeadlinePassed [$.lapse.lapsed = true] → AwaitTerminationDecision",
    "RouteInterrupt [$.wake.event.kind = terminated] → Terminated",
  ],
  async (run) => {
    run.answer("locateMilestone", { stage: "rectification" });
    run.answer("planRectification", { seconds: 12 * DAY_SECONDS, handOver: false });
    const arn = await run.start(input());
    await run.timeOut(arn, "AwaitRectifiedReport");
    await run.complete(arn, "AwaitTerminationDecision", event("terminated"));
    expect(await run.statesEntered(arn)).toEqual([
      ...START,
      "PlanRectification",
      "RectificationTimer",
      "AwaitRectifiedReport",
      "RectificationLapsed",
      "DeadlinePassed",
      "AwaitTerminationDecision",
      "RouteInterrupt",
      "Terminated",
    ]);
    expect(await run.end(arn)).toMatchObject({ status: "SUCCEEDED" });
    expect(run.callsOf("rectificationLapsed")).toHaveLength(1);
  },
);

paths.path(
  "the rectification wait ends at this execution's horizon before the deadline: planned again, it hands over",
  ["DeadlinePassed [Default] → PlanRectification"],
  async (run) => {
    run.answer("locateMilestone", { stage: "rectification" });
    run.answer(
      "planRectification",
      { seconds: 20 * DAY_SECONDS, handOver: false },
      { seconds: 1, handOver: true },
    );
    run.answer("rectificationLapsed", { lapsed: false });
    const arn = await run.start(input());
    await run.timeOut(arn, "AwaitRectifiedReport");
    expect(await run.statesEntered(arn)).toEqual([
      ...START,
      "PlanRectification",
      "RectificationTimer",
      "AwaitRectifiedReport",
      "RectificationLapsed",
      "DeadlinePassed",
      "PlanRectification",
      "RectificationTimer",
      "HandOverMilestone",
      "HandedOver",
    ]);
    expect(await run.end(arn)).toMatchObject({ status: "SUCCEEDED" });
  },
);

paths.path(
  "planned at this execution's horizon during a rectification: it hands over",
  ["RectificationTimer [$.rectification.handOver = true] → HandOverMilestone"],
  async (run) => {
    run.answer("locateMilestone", { stage: "rectification" });
    run.answer("planRectification", { seconds: 40 * DAY_SECONDS, handOver: true });
    const arn = await run.start(input());
    expect(await run.statesEntered(arn)).toEqual([
      ...START,
      "PlanRectification",
      "RectificationTimer",
      "HandOverMilestone",
      "HandedOver",
    ]);
    expect(await run.end(arn)).toMatchObject({ status: "SUCCEEDED" });
  },
);

paths.path(
  "failed with no rectification left: referred; the bureau is reminded, rejects a proposal, then closes it for fraud",
  [
    "RouteReviewEvent [$.wake.event.kind = review-failed] → ReferForTermination",
    "AwaitTerminationDecision [timeout]",
    "AwaitTerminationDecision [catch States.Timeout] → RemindBureauOfReferral",
    "ResumeStage [$.wake.stage = termination] → AwaitTerminationDecision",
    "RouteInterrupt [$.wake.event.kind = termination-rejected] → TerminationRejected",
    "RouteInterrupt [$.wake.event.kind = fraud] → ClosedForFraud",
  ],
  async (run) => {
    run.answer("locateMilestone", { stage: "review" });
    const arn = await run.start(input());
    await run.complete(arn, "AwaitReview", event("review-failed"));
    await run.timeOut(arn, "AwaitTerminationDecision");
    await run.complete(arn, "AwaitTerminationDecision", event("termination-rejected"));
    await run.complete(arn, "AwaitTerminationDecision", event("fraud"));
    expect(await run.statesEntered(arn)).toEqual([
      ...START,
      "AwaitReview",
      "RouteReviewEvent",
      "ReferForTermination",
      "AwaitTerminationDecision",
      "RemindBureauOfReferral",
      "AfterReminder",
      "ResumeStage",
      "AwaitTerminationDecision",
      "RouteInterrupt",
      "TerminationRejected",
      "ResumeStage",
      "AwaitTerminationDecision",
      "RouteInterrupt",
      "ClosedForFraud",
    ]);
    expect(await run.end(arn)).toMatchObject({ status: "SUCCEEDED" });
    expect(run.callsOf("remind")).toEqual([expect.objectContaining({ stage: "termination" })]);
  },
);

paths.path(
  "the payment opinion waits past its term: the approver is reminded, confirms, the next milestone starts",
  [
    "ResumeStage [$.wake.stage = opinion] → AwaitPaymentOpinion",
    "AwaitPaymentOpinion [timeout]",
    "AwaitPaymentOpinion [catch States.Timeout] → RemindApprover",
  ],
  async (run) => {
    run.answer("locateMilestone", { stage: "opinion" });
    const arn = await run.start(input());
    await run.timeOut(arn, "AwaitPaymentOpinion");
    await run.complete(arn, "AwaitPaymentOpinion", event("opinion-confirmed"));
    expect(await run.statesEntered(arn)).toEqual([
      ...START,
      "AwaitPaymentOpinion",
      "RemindApprover",
      "AfterReminder",
      "ResumeStage",
      "AwaitPaymentOpinion",
      ...OPINION_TO_NEXT,
    ]);
    expect(await run.end(arn)).toMatchObject({ status: "SUCCEEDED" });
  },
);

paths.path(
  "the horse race's key milestone: the settlement is late, the bureau reminded; this project continues",
  [
    "KeyMilestone [$.keyMilestone = true] → AwaitHorseRaceSettlement",
    "AwaitHorseRaceSettlement [timeout]",
    "AwaitHorseRaceSettlement [catch States.Timeout] → RemindBureauOfSettlement",
    "ResumeStage [$.wake.stage = horse-race] → AwaitHorseRaceSettlement",
    "RouteSettlementEvent [$.wake.event.kind = horse-race-continues] → StartNextMilestone",
  ],
  async (run) => {
    run.answer("locateMilestone", { stage: "opinion" });
    const arn = await run.start(input({ keyMilestone: true }));
    await run.complete(arn, "AwaitPaymentOpinion", event("opinion-confirmed"));
    await run.timeOut(arn, "AwaitHorseRaceSettlement");
    await run.complete(arn, "AwaitHorseRaceSettlement", event("horse-race-continues"));
    expect(await run.statesEntered(arn)).toEqual([
      ...START,
      "AwaitPaymentOpinion",
      "RouteOpinionEvent",
      "TrancheEligible",
      "KeyMilestone",
      "AwaitHorseRaceSettlement",
      "RemindBureauOfSettlement",
      "AfterReminder",
      "ResumeStage",
      "AwaitHorseRaceSettlement",
      "RouteSettlementEvent",
      "StartNextMilestone",
      "MilestonePassed",
    ]);
    expect(await run.end(arn)).toMatchObject({ status: "SUCCEEDED" });
  },
);

paths.path(
  "the horse race closes this project at its key milestone",
  [
    "RouteSettlementEvent [Default] → RouteInterrupt",
    "RouteInterrupt [$.wake.event.kind = horse-race-closed] → ClosedByHorseRace",
  ],
  async (run) => {
    run.answer("locateMilestone", { stage: "horse-race" });
    const arn = await run.start(input({ keyMilestone: true }));
    await run.complete(arn, "AwaitHorseRaceSettlement", event("horse-race-closed"));
    expect(await run.statesEntered(arn)).toEqual([
      ...START,
      "AwaitHorseRaceSettlement",
      "RouteSettlementEvent",
      "RouteInterrupt",
      "ClosedByHorseRace",
    ]);
    expect(await run.end(arn)).toMatchObject({ status: "SUCCEEDED" });
    expect(run.callsOf("startNextMilestone")).toEqual([]);
  },
);

paths.path(
  "awaiting the report: an extension plans the timers again, a termination proposal lets them run on, a stale event resumes, the records moved locate again",
  [
    "RouteReportEvent [Default] → RouteInterrupt",
    "RouteInterrupt [$.wake.event.kind = extension-approved] → DeadlinesMoved",
    "RouteInterrupt [$.wake.event.kind = termination-proposed] → TerminationProposed",
    "RouteInterrupt [Default] → ResumeStage",
    "RouteInterrupt [$.wake.event.kind = changed] → LocateMilestone",
  ],
  async (run) => {
    run.answer(
      "planReportTimers",
      timers("before-reminder", 10),
      timers("before-reminder", 70),
      timers("before-reminder", 69),
      timers("before-reminder", 68),
      timers("before-reminder", 67),
    );
    const arn = await run.start(input());
    await run.complete(arn, "AwaitReportBeforeReminder", event("extension-approved", { months: 2 }));
    await run.complete(arn, "AwaitReportBeforeReminder", event("termination-proposed"));
    // An event of another stage (a duplicate, or one for a stage already left) resumes the stage it arrived in.
    await run.complete(arn, "AwaitReportBeforeReminder", event("review-passed"));
    // The park found the records past its stage (an event's delivery lost in a crash): the stage is located again.
    await run.complete(arn, "AwaitReportBeforeReminder", event("changed"));
    expect(await run.restingAt(arn)).toBe("AwaitReportBeforeReminder");
    const again = ["RouteReportEvent", "RouteInterrupt"];
    expect(await run.statesEntered(arn)).toEqual([
      ...START,
      ...AWAIT_REPORT,
      ...again,
      "DeadlinesMoved",
      "ResumeStage",
      ...AWAIT_REPORT,
      ...again,
      "TerminationProposed",
      "ResumeStage",
      ...AWAIT_REPORT,
      ...again,
      "ResumeStage",
      ...AWAIT_REPORT,
      ...again,
      ...START,
      ...AWAIT_REPORT,
    ]);
    expect(run.callsOf("locateMilestone")).toHaveLength(2);
    expect((await run.timeoutsScheduled(arn)).map(([, s]) => s / DAY_SECONDS)).toEqual([10, 70, 69, 68, 67]);
  },
);

paths.path(
  "a hand-over asked for while waiting (the wake budget spent, or an operator): the next round carries on",
  ["RouteInterrupt [$.wake.event.kind = hand-over] → HandOverMilestone"],
  async (run) => {
    run.answer("locateMilestone", { stage: "review" });
    const arn = await run.start(input({ round: 3 }));
    await run.complete(arn, "AwaitReview", event("hand-over"));
    expect(await run.statesEntered(arn)).toEqual([
      ...START,
      "AwaitReview",
      "RouteReviewEvent",
      "RouteInterrupt",
      "HandOverMilestone",
      "HandedOver",
    ]);
    expect(await run.end(arn)).toMatchObject({ status: "SUCCEEDED" });
    expect(run.callsOf("handOverMilestone")).toEqual([expect.objectContaining({ round: 3 })]);
  },
);

paths.path(
  "another execution in charge (a hand-over or a migration moved the project on): the park answers superseded, it ends",
  ["RouteInterrupt [$.wake.event.kind = superseded] → Superseded"],
  async (run) => {
    run.answer("locateMilestone", { stage: "opinion" });
    const arn = await run.start(input());
    await run.complete(arn, "AwaitPaymentOpinion", event("superseded"));
    expect(await run.statesEntered(arn)).toEqual([
      ...START,
      "AwaitPaymentOpinion",
      "RouteOpinionEvent",
      "RouteInterrupt",
      "Superseded",
    ]);
    expect(await run.end(arn)).toMatchObject({ status: "SUCCEEDED" });
    expect(run.callsOf("startNextMilestone")).toEqual([]);
    expect(run.callsOf("handOverMilestone")).toEqual([]);
  },
);

paths.path(
  "an extension reaches every waiting stage: the panel, the review, the rectification (its deadline moves), the opinion",
  [
    "RoutePanelEvent [Default] → RouteInterrupt",
    "RouteReviewEvent [Default] → RouteInterrupt",
    "RouteRectificationEvent [Default] → RouteInterrupt",
    "RouteOpinionEvent [Default] → RouteInterrupt",
  ],
  async (run) => {
    run.answer("locateMilestone", { stage: "panel" });
    run.answer(
      "planRectification",
      { seconds: 30 * DAY_SECONDS, handOver: false },
      { seconds: 90 * DAY_SECONDS, handOver: false },
    );
    const extension = event("extension-approved");
    const arn = await run.start(input());
    await run.complete(arn, "AwaitPanel", extension);
    await run.complete(arn, "AwaitPanel", event("panel-named"));
    await run.complete(arn, "AwaitReview", extension);
    await run.complete(arn, "AwaitReview", event("review-rectify"));
    await run.complete(arn, "AwaitRectifiedReport", extension);
    await run.complete(arn, "AwaitRectifiedReport", event("report-filed"));
    await run.complete(arn, "AwaitPanel", event("panel-named"));
    await run.complete(arn, "AwaitReview", event("review-passed"));
    await run.complete(arn, "AwaitPaymentOpinion", extension);
    await run.complete(arn, "AwaitPaymentOpinion", event("opinion-confirmed"));
    const moved = ["RouteInterrupt", "DeadlinesMoved", "ResumeStage"];
    expect(await run.statesEntered(arn)).toEqual([
      ...START,
      "AwaitPanel",
      "RoutePanelEvent",
      ...moved,
      "AwaitPanel",
      "RoutePanelEvent",
      "AwaitReview",
      "RouteReviewEvent",
      ...moved,
      "AwaitReview",
      "RouteReviewEvent",
      "PlanRectification",
      "RectificationTimer",
      "AwaitRectifiedReport",
      "RouteRectificationEvent",
      ...moved,
      "PlanRectification",
      "RectificationTimer",
      "AwaitRectifiedReport",
      "RouteRectificationEvent",
      "ValidateEvidence",
      "EvidenceComplete",
      "AwaitPanel",
      "RoutePanelEvent",
      "AwaitReview",
      "RouteReviewEvent",
      "AwaitPaymentOpinion",
      "RouteOpinionEvent",
      ...moved,
      "AwaitPaymentOpinion",
      ...OPINION_TO_NEXT,
    ]);
    expect(
      (await run.timeoutsScheduled(arn))
        .filter(([s]) => s === "AwaitRectifiedReport")
        .map(([, seconds]) => seconds / DAY_SECONDS),
    ).toEqual([30, 90]);
    expect(await run.end(arn)).toMatchObject({ status: "SUCCEEDED" });
  },
);

paths.path(
  "started where the records say: after the milestone passed it starts the next; on an ended project it ends",
  [
    "ResumeStage [$.wake.stage = passed] → StartNextMilestone",
    "ResumeStage [$.wake.stage = ended] → ProjectEnded",
  ],
  async (run) => {
    run.answer("locateMilestone", { stage: "passed" }, { stage: "ended" });
    const passed = await run.start(input());
    expect(await run.statesEntered(passed)).toEqual([...START, "StartNextMilestone", "MilestonePassed"]);
    expect(await run.end(passed)).toMatchObject({ status: "SUCCEEDED" });
    const ended = await run.start(input());
    expect(await run.statesEntered(ended)).toEqual([...START, "ProjectEnded"]);
    expect(await run.end(ended)).toMatchObject({ status: "SUCCEEDED" });
  },
);

/** A way to make one task of the machine fail: the answers to script, and how to drive the execution there. */
interface FailureCase {
  readonly state: string;
  readonly answers?: Readonly<Record<string, unknown>>;
  readonly drive?: (run: PathRun, arn: string) => Promise<void>;
  readonly input?: Record<string, unknown>;
}
const domainError = raise("NotFound", "no such project");
const located = (stage: string) => ({ locateMilestone: { stage } });
const failWait = (state: string) => (run: PathRun, arn: string) =>
  run.fail(arn, state, "Operator.Abandoned", "given up");
const timeOut = (state: string) => (run: PathRun, arn: string) => run.timeOut(arn, state);
const send = (state: string, kind: string) => (run: PathRun, arn: string) =>
  run.complete(arn, state, event(kind));
const failureCases: readonly FailureCase[] = [
  { state: "LocateMilestone", answers: { locateMilestone: domainError } },
  { state: "PlanReportTimers", answers: { planReportTimers: domainError } },
  { state: "AwaitReportBeforeReminder", drive: failWait("AwaitReportBeforeReminder") },
  {
    state: "AwaitReportBeforeDue",
    answers: { planReportTimers: timers("before-due") },
    drive: failWait("AwaitReportBeforeDue"),
  },
  {
    state: "AwaitReportOverdue",
    answers: { planReportTimers: timers("overdue") },
    drive: failWait("AwaitReportOverdue"),
  },
  {
    state: "AwaitReportUntilHandOver",
    answers: { planReportTimers: timers("later") },
    drive: failWait("AwaitReportUntilHandOver"),
  },
  {
    state: "RemindEnterprise",
    answers: { remindReport: domainError },
    drive: timeOut("AwaitReportBeforeReminder"),
  },
  {
    state: "EscalateOverdueReport",
    answers: { planReportTimers: timers("before-due"), escalateReport: domainError },
    drive: timeOut("AwaitReportBeforeDue"),
  },
  {
    state: "ValidateEvidence",
    answers: { validateEvidence: domainError },
    drive: send("AwaitReportBeforeReminder", "report-filed"),
  },
  {
    state: "ReturnedForMissingDocuments",
    answers: { validateEvidence: { complete: false }, returnReport: domainError },
    drive: send("AwaitReportBeforeReminder", "report-filed"),
  },
  { state: "AwaitPanel", answers: located("panel"), drive: failWait("AwaitPanel") },
  {
    state: "RemindBureauOfPanel",
    answers: { ...located("panel"), remind: domainError },
    drive: timeOut("AwaitPanel"),
  },
  { state: "AwaitReview", answers: located("review"), drive: failWait("AwaitReview") },
  {
    state: "RemindPanel",
    answers: { ...located("review"), remind: domainError },
    drive: timeOut("AwaitReview"),
  },
  { state: "PlanRectification", answers: { ...located("rectification"), planRectification: domainError } },
  {
    state: "AwaitRectifiedReport",
    answers: located("rectification"),
    drive: failWait("AwaitRectifiedReport"),
  },
  {
    state: "RectificationLapsed",
    answers: { ...located("rectification"), rectificationLapsed: domainError },
    drive: timeOut("AwaitRectifiedReport"),
  },
  {
    state: "ReferForTermination",
    answers: { ...located("review"), referForTermination: domainError },
    drive: send("AwaitReview", "review-failed"),
  },
  {
    state: "AwaitTerminationDecision",
    answers: located("termination"),
    drive: failWait("AwaitTerminationDecision"),
  },
  {
    state: "RemindBureauOfReferral",
    answers: { ...located("termination"), remind: domainError },
    drive: timeOut("AwaitTerminationDecision"),
  },
  { state: "AwaitPaymentOpinion", answers: located("opinion"), drive: failWait("AwaitPaymentOpinion") },
  {
    state: "RemindApprover",
    answers: { ...located("opinion"), remind: domainError },
    drive: timeOut("AwaitPaymentOpinion"),
  },
  {
    state: "AwaitHorseRaceSettlement",
    input: { keyMilestone: true },
    answers: located("horse-race"),
    drive: failWait("AwaitHorseRaceSettlement"),
  },
  {
    state: "RemindBureauOfSettlement",
    input: { keyMilestone: true },
    answers: { ...located("horse-race"), remind: domainError },
    drive: timeOut("AwaitHorseRaceSettlement"),
  },
  { state: "StartNextMilestone", answers: { ...located("passed"), startNextMilestone: domainError } },
  {
    state: "Terminated",
    answers: { writeAuditReports: domainError },
    drive: send("AwaitReportBeforeReminder", "terminated"),
  },
  {
    state: "ClosedForFraud",
    answers: { writeAuditReports: domainError },
    drive: send("AwaitReportBeforeReminder", "fraud"),
  },
  {
    state: "ClosedByHorseRace",
    answers: { writeAuditReports: domainError },
    drive: send("AwaitReportBeforeReminder", "horse-race-closed"),
  },
  {
    state: "HandOverMilestone",
    answers: { planReportTimers: { stage: "hand-over", seconds: 1 }, handOverMilestone: domainError },
  },
];

paths.path(
  "Lambda's transient errors are retried in the state; any other failure of a task is caught to MilestoneTaskFailed",
  failureCases.map((c) => `${c.state} [catch States.ALL] → MilestoneTaskFailed`),
  async (run) => {
    run.answer(
      "validateEvidence",
      raise("Lambda.TooManyRequestsException", "Rate exceeded"),
      raise("Lambda.ServiceException", "try again"),
      { complete: true },
    );
    const arn = await run.start(input());
    await run.complete(arn, "AwaitReportBeforeReminder", event("report-filed"));
    expect(await run.restingAt(arn)).toBe("AwaitPanel");
    expect(run.callsOf("validateEvidence")).toHaveLength(3);

    // Each task in turn fails with a domain error (not retried: one call) or its callback is failed (SendTaskFailure):
    // the execution fails by name in MilestoneTaskFailed, the caught error kept on the state data.
    for (const c of failureCases) {
      for (const [task, answer] of Object.entries({ ...script, ...c.answers })) run.answer(task, answer);
      const failed = await run.start(input(c.input));
      if (c.drive) await c.drive(run, failed);
      const states = await run.statesEntered(failed);
      expect(states.slice(-2), c.state).toEqual([c.state, "MilestoneTaskFailed"]);
      expect(await run.end(failed), c.state).toMatchObject({
        status: "FAILED",
        error: "ProjectMilestone.TaskFailed",
      });
      const entered = (await run.history(failed)).find((e) => e.type === "FailStateEntered");
      const data = JSON.parse(entered?.stateEnteredEventDetails?.input ?? "{}") as {
        failure?: { Error?: string };
      };
      expect(["NotFound", "Operator.Abandoned"], c.state).toContain(data.failure?.Error);
    }
    // A domain error is not retried: LocateMilestone was called once by its failing execution.
    expect(run.callsOf("locateMilestone").length).toBe(failureCases.length + 1);
  },
);

paths.path("the waits are the terms of the input: other terms move them", [], async (run) => {
  const terms = {
    ...milestoneTerms(),
    panelWaitSeconds: 2 * DAY_SECONDS,
    reviewWaitSeconds: 3 * DAY_SECONDS,
    opinionWaitSeconds: 4 * DAY_SECONDS,
  };
  const arn = await run.start(input({ terms }));
  await run.complete(arn, "AwaitReportBeforeReminder", event("report-filed"));
  await run.timeOut(arn, "AwaitPanel");
  await run.complete(arn, "AwaitPanel", event("panel-named"));
  await run.complete(arn, "AwaitReview", event("review-passed"));
  expect((await run.timeoutsScheduled(arn)).slice(1)).toEqual([
    ["AwaitPanel", terms.panelWaitSeconds],
    ["AwaitPanel", terms.panelWaitSeconds],
    ["AwaitReview", terms.reviewWaitSeconds],
    ["AwaitPaymentOpinion", terms.opinionWaitSeconds],
  ]);
  expect(run.callsOf("remind")).toEqual([expect.objectContaining({ waitSeconds: terms.panelWaitSeconds })]);
});

paths.keepsOnStateData("terms");
paths.keepsOnStateData("projectId");
paths.keepsOnStateData("milestone");
paths.keepsOnStateData("round");
paths.coverage();
