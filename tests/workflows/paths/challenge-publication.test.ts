// Path tests of workflows/challenge-publication.asl.json: every Choice branch, Catch and callback timeout on the local engine.
//
// Paths (Choice rules / Catches / callback timeouts named as in support.ts declaredBranches):
//  1. republication (流榜 → 重新发榜)          IsRepublication [true] → WaitForOpening → OpenWindow → WaitForClosing → CloseWindow → Closed
//  2. first publication, both sign off        IsRepublication [Default] → AwaitBureauSignOff → ApplyBureauSignOff → RouteAfterBureau
//                                              [awaiting-approver] → AwaitApproverSignOff → ApplyApproverSignOff → RouteAfterApprover
//                                              [scheduled] → Published → WaitForOpening → … → Closed
//  3. the bureau is silent for 14 days        AwaitBureauSignOff [timeout] → EscalateBureauSignOff → AwaitBureauSignOff → … → Closed
//  4. the approver is silent for 14 days      AwaitApproverSignOff [timeout] → EscalateApproverSignOff → AwaitApproverSignOff → … → Closed
//  5. the bureau sends the draft back         RouteAfterBureau [draft] → AwaitResubmission → AwaitBureauSignOff → … → Closed
//  6. the approver sends it back, no resubmission for 60 days
//                                              RouteAfterApprover [draft] → AwaitResubmission [timeout] → LapseSubmission → Lapsed
//  7. the bureau's sign-off applies oddly     RouteAfterBureau [Default] → SignOffNotApplied (FAILED)
//  8. the approver's sign-off applies oddly   RouteAfterApprover [Default] → SignOffNotApplied (FAILED)
//  9. (no Catch) closing keeps failing        CloseWindow retried 3 times → FAILED with the task's error
// 10. other terms in the input                 the sign-off and resubmission timeouts are the input's, not fixed numbers
import { expect } from "vitest";
import { publicationTerms } from "../../../functions/challenges/rules/terms.ts";
import { DAY_SECONDS } from "../../../functions/kernel/dates.ts";
import { DAY_MS, type PathRun, pathSuite, raise } from "./support.ts";

const iso = (ms: number): string => new Date(ms).toISOString();
/** The application window the approver schedules: opens a week after the sign-off, stays open 30 days. */
const windowFrom = (now: number) => ({ opensAt: iso(now + 7 * DAY_MS), closesAt: iso(now + 37 * DAY_MS) });

/** The execution input, built in one place: what ChallengesApi starts challenge-publication with (terms from the rules). */
function input(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    challengeId: "ch-1",
    round: 1,
    correlationId: "corr-challenge-1",
    republication: false,
    terms: publicationTerms(),
    ...over,
  };
}
/** A republication's input: the window comes with it. */
function republication(now: number): Record<string, unknown> {
  return input({ round: 2, republication: true, schedule: windowFrom(now) });
}

const bureauSignsOff = { status: "awaiting-approver" };
const approverSchedules = (_p: unknown, now: number) => ({ status: "scheduled", window: windowFrom(now) });
const sentBack = (_p: unknown, now: number) => ({ status: "draft", window: windowFrom(now) });

const paths = pathSuite("challenge-publication", {
  parkToken: { parked: true },
  applySignOff: [bureauSignsOff, approverSchedules],
  escalateSignOff: { escalated: true },
  lapseSubmission: { lapsed: true },
  openWindow: { status: "open" },
  closeWindow: { status: "closed", awardStarted: true },
});

const SIGN_OFFS = [
  "AwaitBureauSignOff",
  "ApplyBureauSignOff",
  "RouteAfterBureau",
  "AwaitApproverSignOff",
  "ApplyApproverSignOff",
  "RouteAfterApprover",
];
const WINDOW = ["WaitForOpening", "OpenWindow", "WaitForClosing", "CloseWindow", "Closed"];

/** The window opens and closes on the workflow clock. */
async function throughWindow(run: PathRun, arn: string): Promise<void> {
  await run.passWait(arn, "WaitForOpening");
  await run.passWait(arn, "WaitForClosing");
  expect(await run.end(arn)).toMatchObject({
    status: "SUCCEEDED",
    output: { closed: { awardStarted: true } },
  });
}

paths.path(
  "a republication starts at the window: opened and closed on the clock",
  ["IsRepublication [$.republication = true] → WaitForOpening"],
  async (run) => {
    const arn = await run.start(republication(run.clock.now()));
    await throughWindow(run, arn);
    expect(await run.statesEntered(arn)).toEqual(["IsRepublication", ...WINDOW]);
    expect(run.callsOf("parkToken")).toEqual([]);
    expect(run.callsOf("openWindow")).toEqual([expect.objectContaining({ challengeId: "ch-1", round: 2 })]);
  },
);

paths.path(
  "a first publication: bureau and approver sign off, published, window opened and closed",
  [
    "IsRepublication [Default] → AwaitBureauSignOff",
    "RouteAfterBureau [$.applied.status = awaiting-approver] → AwaitApproverSignOff",
    "RouteAfterApprover [$.applied.status = scheduled] → Published",
  ],
  async (run) => {
    const arn = await run.start(input());
    await run.complete(arn, "AwaitBureauSignOff", { decision: "approve" });
    await run.complete(arn, "AwaitApproverSignOff", { decision: "approve" });
    await throughWindow(run, arn);
    expect(await run.statesEntered(arn)).toEqual(["IsRepublication", ...SIGN_OFFS, "Published", ...WINDOW]);
    expect(run.callsOf("parkToken").map((p) => p.kind)).toEqual(["bureau-sign-off", "approver-sign-off"]);
  },
);

paths.path(
  "the bureau does not sign off in 14 days: escalated, then it signs off",
  ["AwaitBureauSignOff [timeout]", "AwaitBureauSignOff [catch States.Timeout] → EscalateBureauSignOff"],
  async (run) => {
    const arn = await run.start(input());
    await run.timeOut(arn, "AwaitBureauSignOff");
    await run.complete(arn, "AwaitBureauSignOff", { decision: "approve" });
    await run.complete(arn, "AwaitApproverSignOff", { decision: "approve" });
    await throughWindow(run, arn);
    expect(await run.statesEntered(arn)).toEqual([
      "IsRepublication",
      "AwaitBureauSignOff",
      "EscalateBureauSignOff",
      ...SIGN_OFFS,
      "Published",
      ...WINDOW,
    ]);
    expect(run.callsOf("escalateSignOff")).toEqual([expect.objectContaining({ stage: "bureau" })]);
  },
);

paths.path(
  "the approver does not decide in 14 days: escalated, then it approves",
  ["AwaitApproverSignOff [timeout]", "AwaitApproverSignOff [catch States.Timeout] → EscalateApproverSignOff"],
  async (run) => {
    const arn = await run.start(input());
    await run.complete(arn, "AwaitBureauSignOff", { decision: "approve" });
    await run.timeOut(arn, "AwaitApproverSignOff");
    await run.complete(arn, "AwaitApproverSignOff", { decision: "approve" });
    await throughWindow(run, arn);
    expect(await run.statesEntered(arn)).toEqual([
      "IsRepublication",
      "AwaitBureauSignOff",
      "ApplyBureauSignOff",
      "RouteAfterBureau",
      "AwaitApproverSignOff",
      "EscalateApproverSignOff",
      "AwaitApproverSignOff",
      "ApplyApproverSignOff",
      "RouteAfterApprover",
      "Published",
      ...WINDOW,
    ]);
    expect(run.callsOf("escalateSignOff")).toEqual([expect.objectContaining({ stage: "approver" })]);
  },
);

paths.path(
  "the bureau sends the draft back; resubmitted, then signed off and published",
  ["RouteAfterBureau [$.applied.status = draft] → AwaitResubmission"],
  async (run) => {
    run.answer("applySignOff", sentBack, bureauSignsOff, approverSchedules);
    const arn = await run.start(input());
    await run.complete(arn, "AwaitBureauSignOff", { decision: "send-back" });
    await run.complete(arn, "AwaitResubmission", { resubmittedAt: iso(run.clock.now()), by: "bureau-2" });
    await run.complete(arn, "AwaitBureauSignOff", { decision: "approve" });
    await run.complete(arn, "AwaitApproverSignOff", { decision: "approve" });
    await throughWindow(run, arn);
    expect(await run.statesEntered(arn)).toEqual([
      "IsRepublication",
      "AwaitBureauSignOff",
      "ApplyBureauSignOff",
      "RouteAfterBureau",
      "AwaitResubmission",
      ...SIGN_OFFS,
      "Published",
      ...WINDOW,
    ]);
  },
);

paths.path(
  "the approver sends it back and nobody resubmits within 60 days: the submission lapses",
  [
    "RouteAfterApprover [$.applied.status = draft] → AwaitResubmission",
    "AwaitResubmission [timeout]",
    "AwaitResubmission [catch States.Timeout] → LapseSubmission",
  ],
  async (run) => {
    run.answer("applySignOff", bureauSignsOff, sentBack);
    const arn = await run.start(input());
    await run.complete(arn, "AwaitBureauSignOff", { decision: "approve" });
    await run.complete(arn, "AwaitApproverSignOff", { decision: "send-back" });
    await run.timeOut(arn, "AwaitResubmission");
    expect(await run.statesEntered(arn)).toEqual([
      "IsRepublication",
      ...SIGN_OFFS,
      "AwaitResubmission",
      "LapseSubmission",
      "Lapsed",
    ]);
    expect(await run.end(arn)).toMatchObject({
      status: "SUCCEEDED",
      output: { timeout: { Error: "States.Timeout" } },
    });
    expect(run.callsOf("openWindow")).toEqual([]);
  },
);

paths.path(
  "an unexpected status after the bureau's sign-off fails in SignOffNotApplied",
  ["RouteAfterBureau [Default] → SignOffNotApplied"],
  async (run) => {
    run.answer("applySignOff", { status: "scheduled" });
    const arn = await run.start(input());
    await run.complete(arn, "AwaitBureauSignOff", { decision: "approve" });
    expect(await run.statesEntered(arn)).toEqual([
      "IsRepublication",
      "AwaitBureauSignOff",
      "ApplyBureauSignOff",
      "RouteAfterBureau",
      "SignOffNotApplied",
    ]);
    expect(await run.end(arn)).toMatchObject({ status: "FAILED", error: "Challenge.SignOffNotApplied" });
  },
);

paths.path(
  "an unexpected status after the approver's sign-off fails in SignOffNotApplied",
  ["RouteAfterApprover [Default] → SignOffNotApplied"],
  async (run) => {
    run.answer("applySignOff", bureauSignsOff, (_p: unknown, now: number) => ({
      status: "awaiting-approver",
      window: windowFrom(now),
    }));
    const arn = await run.start(input());
    await run.complete(arn, "AwaitBureauSignOff", { decision: "approve" });
    await run.complete(arn, "AwaitApproverSignOff", { decision: "approve" });
    expect(await run.statesEntered(arn)).toEqual(["IsRepublication", ...SIGN_OFFS, "SignOffNotApplied"]);
    expect(await run.end(arn)).toMatchObject({ status: "FAILED", error: "Challenge.SignOffNotApplied" });
  },
);

paths.path(
  "closing the window fails with a deterministic error: not retried, the execution fails",
  [],
  async (run) => {
    run.answer("closeWindow", raise("ConditionalCheckFailed", "the challenge moved on"));
    const arn = await run.start(republication(run.clock.now()));
    await run.passWait(arn, "WaitForOpening");
    await run.passWait(arn, "WaitForClosing");
    expect(await run.statesEntered(arn)).toEqual(["IsRepublication", ...WINDOW.slice(0, -1)]);
    expect(await run.end(arn)).toMatchObject({ status: "FAILED", error: "ConditionalCheckFailed" });
    expect(run.callsOf("closeWindow")).toHaveLength(1); // no States.TaskFailed retrier
  },
);

paths.path(
  "the timeouts are the terms of the input: shorter terms time out sooner",
  ["AwaitBureauSignOff [timeout]", "AwaitApproverSignOff [timeout]", "AwaitResubmission [timeout]"],
  async (run) => {
    const terms = { signOffSeconds: 3 * DAY_SECONDS, resubmissionSeconds: 10 * DAY_SECONDS };
    run.answer("applySignOff", bureauSignsOff, sentBack);
    const arn = await run.start(input({ terms }));
    await run.timeOut(arn, "AwaitBureauSignOff"); // waiting one second before the input's term, timed out at it
    await run.complete(arn, "AwaitBureauSignOff", { decision: "approve" });
    await run.timeOut(arn, "AwaitApproverSignOff");
    await run.complete(arn, "AwaitApproverSignOff", { decision: "send-back" });
    await run.timeOut(arn, "AwaitResubmission");
    expect(await run.timeoutsScheduled(arn)).toEqual([
      ["AwaitBureauSignOff", terms.signOffSeconds],
      ["AwaitBureauSignOff", terms.signOffSeconds],
      ["AwaitApproverSignOff", terms.signOffSeconds],
      ["AwaitApproverSignOff", terms.signOffSeconds],
      ["AwaitResubmission", terms.resubmissionSeconds],
    ]);
    expect(await run.end(arn)).toMatchObject({ status: "SUCCEEDED", output: { terms } });
  },
);

paths.keepsOnStateData("terms");
paths.coverage();
