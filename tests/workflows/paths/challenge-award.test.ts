// Path tests of workflows/challenge-award.asl.json: every Choice branch, Catch and callback timeout on the local engine.
//
// Paths (Choice rules / Catches / callback timeouts named as in support.ts declaredBranches). REVIEW is StartReview →
// RouteAfterStart → AwaitScores → RankApplications; CONFIRM is AwaitShortlist → ApplyShortlist → RouteAfterShortlist →
// AwaitBureauConfirmation → ApplyBureauConfirmation → RouteAfterBureau → AwaitApproverConfirmation →
// ApplyApproverConfirmation → RouteAfterApprover; NOTICE is PublishNotice → NoticePeriod → EndNotice → RouteAfterNotice.
//  1. reviewed, confirmed, noticed, awarded   RouteAfterStart [reviewing] → REVIEW → CONFIRM (RouteAfterShortlist, RouteAfterBureau,
//                                              RouteAfterApprover [Default]) → NOTICE → RouteAfterNotice [award] → Award → Awarded
//  2. no application (流榜)                    RouteAfterStart [unsolved] → Unsolved
//  3. no eligible finance expert              RouteAfterStart [no-experts] → WaitForExpertPool (1 day) → StartReview → … → Unsolved
//  4. an unknown outcome from the start       RouteAfterStart [Default] → UnexpectedOutcome (FAILED)
//  5. scores late, all in at the reminder     AwaitScores [timeout] → RemindReviewers → RouteAfterReminder [allScored] → RankApplications → … → Awarded
//  6. scores late, some missing               … RouteAfterReminder [Default] → AwaitScores → RankApplications → … → Awarded
//  7. four deadlines missed                   … RouteAfterReminder [overdueCount >= terms.lapseAfterOverdue] → ReviewLapsed (FAILED)
//  8. no shortlist decision in 30 days        AwaitShortlist [timeout] → EscalateShortlist → AwaitShortlist → … → Awarded
//  9. the shortlist exceeds the budget        RouteAfterShortlist [budget-exceeded] → AwaitShortlist → … → Awarded
// 10. the bureau silent for 30 days           AwaitBureauConfirmation [timeout] → EscalateBureauConfirmation → AwaitBureauConfirmation → …
// 11. the bureau sends it back                RouteAfterBureau [sent-back] → AwaitShortlist → … → Awarded
// 12. the approver silent for 30 days         AwaitApproverConfirmation [timeout] → EscalateApproverConfirmation → AwaitApproverConfirmation → …
// 13. the approver sends it back              RouteAfterApprover [sent-back] → AwaitShortlist → … → Awarded
// 14. the notice's year has no calendar       PublishNotice [catch CalendarYearNotLoaded] → EscalateCalendarYear → AwaitCalendarYear (1 day)
//                                              → PublishNotice → … → Awarded (no retry of that error)
// 15. an objection, ruled                     RouteAfterNotice [await-ruling] → AwaitRuling → EndNotice → RouteAfterNotice [award] → …
// 16. an objection, ruling late               AwaitRuling [timeout] → EscalateRuling → AwaitRuling → EndNotice → … → Awarded
// 17. a winner replaced (递补)                 RouteAfterNotice [replace] → ReplaceWinners → RouteAfterReplace [Default]
//                                              → CheckReplacementOverlap → RouteAfterOverlapCheck [Default] → NOTICE → … → Awarded
// 18. no winner left to replace              … RouteAfterReplace [winnersLeft = 0] → MarkUnsolved → Unsolved
// 19. an unknown outcome at the notice's end  RouteAfterNotice [Default] → UnexpectedOutcome (FAILED)
// 20. (no Catch) publishing keeps failing     PublishNotice retried 3 times → FAILED with the task's error
// 21. other terms in the input                 every callback timeout and retry wait is the input's, not a fixed number
// 22. another lapse count in the input         … RouteAfterReminder [overdueCount >= terms.lapseAfterOverdue] → ReviewLapsed
// 24. a replacement winner overlaps (就高不重复)  … CheckReplacementOverlap → RouteAfterOverlapCheck [undecided] → AwaitOverlapDecision
//                                              → CheckReplacementOverlap (again) → RouteAfterOverlapCheck [Default] → NOTICE → … → Awarded
// 25. the bureau decides the overlap late      AwaitOverlapDecision [timeout] → EscalateOverlapDecision → AwaitOverlapDecision → …
// 26. the offered winner withdrawn, nobody left … CheckReplacementOverlap → RouteAfterOverlapCheck [winnersLeft = 0] → MarkUnsolved → Unsolved
// 23. the notice extended while it ran        (counted provisionally; the official calendar loaded gives a later end)
//                                              NOTICE → RouteAfterNotice [extended] → NoticeExtended → NoticePeriod (to the
//                                              new end) → EndNotice → RouteAfterNotice [award] → Award → Awarded
import { expect } from "vitest";
import { awardTerms } from "../../../functions/award/rules/terms.ts";
import { DAY_SECONDS } from "../../../functions/kernel/dates.ts";
import { DAY_MS, type PathRun, pathSuite, raise } from "./support.ts";

const iso = (ms: number): string => new Date(ms).toISOString();

/** The execution input, built in one place: what CloseWindow starts award-<challengeId>-r<round> with (terms from the rules). */
function input(over: Record<string, unknown> = {}): Record<string, unknown> {
  return { challengeId: "ch-1", round: 1, correlationId: "corr-award-1", terms: awardTerms(), ...over };
}

/** The notice (公示) runs 7 days from its publication (the policy's working days, computed by the task). */
const notice = (_p: unknown, now: number) => ({
  noticeId: "ntc-1",
  waitUntil: iso(now + 7 * DAY_MS),
  lastDay: iso(now + 6 * DAY_MS).slice(0, 10),
});
/** EndNotice's answer: the outcome, and the notice's end as the record has it (moved only when `extended`). */
const ended = (outcome: string, waitUntil = "2026-03-10T16:00:00.000Z", lastDay = "2026-03-10") => ({
  outcome,
  waitUntil,
  lastDay,
});
const overdue = (overdueCount: number) => ({ allScored: false, overdueCount });

const paths = pathSuite("challenge-award", {
  startReview: { outcome: "reviewing" },
  parkRoundToken: { parked: true },
  remindReviewers: { allScored: true, overdueCount: 0 },
  rankApplications: { ranked: 3 },
  escalate: { escalated: true },
  applyShortlist: { outcome: "shortlisted" },
  applyConfirmation: { outcome: "confirmed" },
  publishNotice: notice,
  endNotice: ended("award"),
  parkRulingToken: { parked: true },
  replaceWinners: { winnersLeft: 1 },
  checkReplacementOverlap: { undecided: false, checked: 1, winnersLeft: 1 },
  markUnsolved: { status: "unsolved" },
  award: { projects: ["prj-1"] },
});

const REVIEW = ["StartReview", "RouteAfterStart", "AwaitScores", "RankApplications"];
const SHORTLIST = ["AwaitShortlist", "ApplyShortlist", "RouteAfterShortlist"];
const BUREAU = ["AwaitBureauConfirmation", "ApplyBureauConfirmation", "RouteAfterBureau"];
const APPROVER = ["AwaitApproverConfirmation", "ApplyApproverConfirmation", "RouteAfterApprover"];
const CONFIRM = [...SHORTLIST, ...BUREAU, ...APPROVER];
const NOTICE = ["PublishNotice", "NoticePeriod", "EndNotice", "RouteAfterNotice"];
const AWARD = ["Award", "Awarded"];

/** The panel's last score completes the callback. */
async function scored(run: PathRun, arn: string): Promise<void> {
  await run.complete(arn, "AwaitScores", { allScored: true });
}
/** Shortlist, bureau and approver decide, the notice runs its days, the challenge is awarded. */
async function toAwarded(run: PathRun, arn: string): Promise<void> {
  await run.complete(arn, "AwaitShortlist", { kind: "shortlist" });
  await run.complete(arn, "AwaitBureauConfirmation", { kind: "confirm" });
  await run.complete(arn, "AwaitApproverConfirmation", { kind: "confirm" });
  await run.passWait(arn, "NoticePeriod");
  expect(await run.end(arn)).toMatchObject({
    status: "SUCCEEDED",
    output: { awarded: { projects: ["prj-1"] } },
  });
}

paths.path(
  "reviewed, ranked, shortlisted, confirmed twice, noticed and awarded",
  [
    "RouteAfterStart [$.review.outcome = reviewing] → AwaitScores",
    "RouteAfterShortlist [Default] → AwaitBureauConfirmation",
    "RouteAfterBureau [Default] → AwaitApproverConfirmation",
    "RouteAfterApprover [Default] → PublishNotice",
    "RouteAfterNotice [$.noticeOutcome.outcome = award] → Award",
  ],
  async (run) => {
    const arn = await run.start(input());
    await scored(run, arn);
    await toAwarded(run, arn);
    expect(await run.statesEntered(arn)).toEqual([...REVIEW, ...CONFIRM, ...NOTICE, ...AWARD]);
    expect(run.callsOf("parkRoundToken").map((p) => p.kind)).toEqual([
      "scores",
      "shortlist",
      "bureau-confirmation",
      "approver-confirmation",
    ]);
    expect(run.callsOf("award")).toEqual([
      expect.objectContaining({ challengeId: "ch-1", noticeId: "ntc-1" }),
    ]);
  },
);

paths.path(
  "no application was submitted (流榜): unsolved",
  ["RouteAfterStart [$.review.outcome = unsolved] → Unsolved"],
  async (run) => {
    run.answer("startReview", { outcome: "unsolved" });
    const arn = await run.start(input());
    expect(await run.statesEntered(arn)).toEqual(["StartReview", "RouteAfterStart", "Unsolved"]);
    expect(await run.end(arn)).toMatchObject({ status: "SUCCEEDED" });
  },
);

paths.path(
  "no eligible finance expert: the review starts again a day later",
  ["RouteAfterStart [$.review.outcome = no-experts] → WaitForExpertPool"],
  async (run) => {
    run.answer("startReview", { outcome: "no-experts" }, { outcome: "unsolved" });
    const arn = await run.start(input());
    await run.passWait(arn, "WaitForExpertPool");
    expect(await run.statesEntered(arn)).toEqual([
      "StartReview",
      "RouteAfterStart",
      "WaitForExpertPool",
      "StartReview",
      "RouteAfterStart",
      "Unsolved",
    ]);
    expect(await run.end(arn)).toMatchObject({ status: "SUCCEEDED" });
    expect(run.callsOf("startReview")).toHaveLength(2);
  },
);

paths.path(
  "an unknown outcome from the review's start fails in UnexpectedOutcome",
  ["RouteAfterStart [Default] → UnexpectedOutcome"],
  async (run) => {
    run.answer("startReview", { outcome: "postponed" });
    const arn = await run.start(input());
    expect(await run.statesEntered(arn)).toEqual(["StartReview", "RouteAfterStart", "UnexpectedOutcome"]);
    expect(await run.end(arn)).toMatchObject({ status: "FAILED", error: "Award.UnexpectedOutcome" });
  },
);

paths.path(
  "the scoring deadline passes with every score in: ranked at the reminder",
  [
    "AwaitScores [timeout]",
    "AwaitScores [catch States.Timeout] → RemindReviewers",
    "RouteAfterReminder [$.overdue.allScored = true] → RankApplications",
  ],
  async (run) => {
    const arn = await run.start(input());
    await run.timeOut(arn, "AwaitScores");
    await toAwarded(run, arn);
    expect(await run.statesEntered(arn)).toEqual([
      "StartReview",
      "RouteAfterStart",
      "AwaitScores",
      "RemindReviewers",
      "RouteAfterReminder",
      "RankApplications",
      ...CONFIRM,
      ...NOTICE,
      ...AWARD,
    ]);
  },
);

paths.path(
  "the scoring deadline passes with scores missing: reminded, then the last score comes",
  ["RouteAfterReminder [Default] → AwaitScores"],
  async (run) => {
    run.answer("remindReviewers", overdue(1));
    const arn = await run.start(input());
    await run.timeOut(arn, "AwaitScores");
    await scored(run, arn);
    await toAwarded(run, arn);
    expect(await run.statesEntered(arn)).toEqual([
      "StartReview",
      "RouteAfterStart",
      "AwaitScores",
      "RemindReviewers",
      "RouteAfterReminder",
      "AwaitScores",
      "RankApplications",
      ...CONFIRM,
      ...NOTICE,
      ...AWARD,
    ]);
  },
);

paths.path(
  "four scoring deadlines missed: the review lapses",
  ["RouteAfterReminder [$.overdue.overdueCount >= $.terms.lapseAfterOverdue] → ReviewLapsed"],
  async (run) => {
    run.answer("remindReviewers", overdue(1), overdue(2), overdue(3), overdue(4));
    const arn = await run.start(input());
    for (let deadline = 1; deadline <= 4; deadline++) await run.timeOut(arn, "AwaitScores");
    const reminded = ["AwaitScores", "RemindReviewers", "RouteAfterReminder"];
    expect(await run.statesEntered(arn)).toEqual([
      "StartReview",
      "RouteAfterStart",
      ...reminded,
      ...reminded,
      ...reminded,
      ...reminded,
      "ReviewLapsed",
    ]);
    expect(await run.end(arn)).toMatchObject({ status: "FAILED", error: "Review.Lapsed" });
  },
);

paths.path(
  "no shortlist decision within 30 days: escalated, then decided",
  ["AwaitShortlist [timeout]", "AwaitShortlist [catch States.Timeout] → EscalateShortlist"],
  async (run) => {
    const arn = await run.start(input());
    await scored(run, arn);
    await run.timeOut(arn, "AwaitShortlist");
    await toAwarded(run, arn);
    expect(await run.statesEntered(arn)).toEqual([
      ...REVIEW,
      "AwaitShortlist",
      "EscalateShortlist",
      ...CONFIRM,
      ...NOTICE,
      ...AWARD,
    ]);
    expect(run.callsOf("escalate")).toEqual([expect.objectContaining({ stage: "shortlist" })]);
  },
);

paths.path(
  "the shortlist exceeds the programme budget: the enterprise decides again",
  ["RouteAfterShortlist [$.shortlisted.outcome = budget-exceeded] → AwaitShortlist"],
  async (run) => {
    run.answer("applyShortlist", { outcome: "budget-exceeded" }, { outcome: "shortlisted" });
    const arn = await run.start(input());
    await scored(run, arn);
    await run.complete(arn, "AwaitShortlist", { kind: "horse-race" });
    await toAwarded(run, arn);
    expect(await run.statesEntered(arn)).toEqual([...REVIEW, ...SHORTLIST, ...CONFIRM, ...NOTICE, ...AWARD]);
  },
);

paths.path(
  "the bureau does not confirm within 30 days: escalated, then confirmed",
  [
    "AwaitBureauConfirmation [timeout]",
    "AwaitBureauConfirmation [catch States.Timeout] → EscalateBureauConfirmation",
  ],
  async (run) => {
    const arn = await run.start(input());
    await scored(run, arn);
    await run.complete(arn, "AwaitShortlist", { kind: "shortlist" });
    await run.timeOut(arn, "AwaitBureauConfirmation");
    await run.complete(arn, "AwaitBureauConfirmation", { kind: "confirm" });
    await run.complete(arn, "AwaitApproverConfirmation", { kind: "confirm" });
    await run.passWait(arn, "NoticePeriod");
    expect(await run.statesEntered(arn)).toEqual([
      ...REVIEW,
      ...SHORTLIST,
      "AwaitBureauConfirmation",
      "EscalateBureauConfirmation",
      ...BUREAU,
      ...APPROVER,
      ...NOTICE,
      ...AWARD,
    ]);
    expect(await run.end(arn)).toMatchObject({ status: "SUCCEEDED" });
    expect(run.callsOf("escalate")).toEqual([expect.objectContaining({ stage: "bureau-confirmation" })]);
  },
);

paths.path(
  "the bureau sends the shortlist back to the enterprise",
  ["RouteAfterBureau [$.confirmation.outcome = sent-back] → AwaitShortlist"],
  async (run) => {
    run.answer("applyConfirmation", { outcome: "sent-back" }, { outcome: "confirmed" });
    const arn = await run.start(input());
    await scored(run, arn);
    await run.complete(arn, "AwaitShortlist", { kind: "shortlist" });
    await run.complete(arn, "AwaitBureauConfirmation", { kind: "send-back" });
    await toAwarded(run, arn);
    expect(await run.statesEntered(arn)).toEqual([
      ...REVIEW,
      ...SHORTLIST,
      ...BUREAU,
      ...CONFIRM,
      ...NOTICE,
      ...AWARD,
    ]);
    expect(run.callsOf("applyConfirmation").map((p) => p.stage)).toEqual(["bureau", "bureau", "approver"]);
  },
);

paths.path(
  "the approver does not confirm within 30 days: escalated, then confirmed",
  [
    "AwaitApproverConfirmation [timeout]",
    "AwaitApproverConfirmation [catch States.Timeout] → EscalateApproverConfirmation",
  ],
  async (run) => {
    const arn = await run.start(input());
    await scored(run, arn);
    await run.complete(arn, "AwaitShortlist", { kind: "shortlist" });
    await run.complete(arn, "AwaitBureauConfirmation", { kind: "confirm" });
    await run.timeOut(arn, "AwaitApproverConfirmation");
    await run.complete(arn, "AwaitApproverConfirmation", { kind: "confirm" });
    await run.passWait(arn, "NoticePeriod");
    expect(await run.statesEntered(arn)).toEqual([
      ...REVIEW,
      ...SHORTLIST,
      ...BUREAU,
      "AwaitApproverConfirmation",
      "EscalateApproverConfirmation",
      ...APPROVER,
      ...NOTICE,
      ...AWARD,
    ]);
    expect(await run.end(arn)).toMatchObject({ status: "SUCCEEDED" });
    expect(run.callsOf("escalate")).toEqual([expect.objectContaining({ stage: "approver-confirmation" })]);
  },
);

paths.path(
  "the approver sends the shortlist back to the enterprise",
  ["RouteAfterApprover [$.confirmation.outcome = sent-back] → AwaitShortlist"],
  async (run) => {
    run.answer(
      "applyConfirmation",
      { outcome: "confirmed" },
      { outcome: "sent-back" },
      { outcome: "confirmed" },
    );
    const arn = await run.start(input());
    await scored(run, arn);
    await run.complete(arn, "AwaitShortlist", { kind: "shortlist" });
    await run.complete(arn, "AwaitBureauConfirmation", { kind: "confirm" });
    await run.complete(arn, "AwaitApproverConfirmation", { kind: "send-back" });
    await toAwarded(run, arn);
    expect(await run.statesEntered(arn)).toEqual([...REVIEW, ...CONFIRM, ...CONFIRM, ...NOTICE, ...AWARD]);
  },
);

paths.path(
  "the notice's year has no working-day calendar: escalated, published once an operator loads it",
  ["PublishNotice [catch CalendarYearNotLoaded] → EscalateCalendarYear"],
  async (run) => {
    run.answer("publishNotice", raise("CalendarYearNotLoaded", "no calendar for 2027"), notice);
    const arn = await run.start(input());
    await scored(run, arn);
    await run.complete(arn, "AwaitShortlist", { kind: "shortlist" });
    await run.complete(arn, "AwaitBureauConfirmation", { kind: "confirm" });
    await run.complete(arn, "AwaitApproverConfirmation", { kind: "confirm" });
    await run.passWait(arn, "AwaitCalendarYear");
    await run.passWait(arn, "NoticePeriod");
    expect(await run.statesEntered(arn)).toEqual([
      ...REVIEW,
      ...CONFIRM,
      "PublishNotice",
      "EscalateCalendarYear",
      "AwaitCalendarYear",
      ...NOTICE,
      ...AWARD,
    ]);
    expect(await run.end(arn)).toMatchObject({ status: "SUCCEEDED" });
    expect(run.callsOf("publishNotice")).toHaveLength(2); // CalendarYearNotLoaded is not retried (MaxAttempts 0)
    expect(run.callsOf("escalate")).toEqual([expect.objectContaining({ stage: "calendar-year" })]);
  },
);

paths.path(
  "the notice is extended while it runs: the execution waits again until the new end, then awards",
  ["RouteAfterNotice [$.noticeOutcome.outcome = extended] → NoticeExtended"],
  async (run) => {
    // The notice was counted provisionally; loading the year's official arrangement moved its end 3 days later.
    let newEnd = 0;
    const later = (_p: unknown, now: number) => {
      newEnd = now + 3 * DAY_MS;
      return ended("extended", iso(newEnd), iso(now + 2 * DAY_MS).slice(0, 10));
    };
    run.answer("endNotice", later, ended("award"));
    const arn = await run.start(input());
    await scored(run, arn);
    await run.complete(arn, "AwaitShortlist", { kind: "shortlist" });
    await run.complete(arn, "AwaitBureauConfirmation", { kind: "confirm" });
    await run.complete(arn, "AwaitApproverConfirmation", { kind: "confirm" });
    await run.passWait(arn, "NoticePeriod");
    // The second wait lasts until the new waitUntil (passWait: still waiting a second before it).
    await run.passWait(arn, "NoticePeriod");
    expect(run.clock.now()).toBeGreaterThanOrEqual(newEnd);
    expect(run.clock.now()).toBeLessThan(newEnd + 60_000);
    expect(await run.statesEntered(arn)).toEqual([
      ...REVIEW,
      ...CONFIRM,
      ...NOTICE,
      "NoticeExtended",
      "NoticePeriod",
      "EndNotice",
      "RouteAfterNotice",
      ...AWARD,
    ]);
    expect(await run.end(arn)).toMatchObject({ status: "SUCCEEDED" });
    expect(run.callsOf("endNotice")).toEqual([
      expect.objectContaining({ noticeId: "ntc-1" }),
      expect.objectContaining({ noticeId: "ntc-1" }),
    ]);
    expect(run.callsOf("award")).toEqual([expect.objectContaining({ noticeId: "ntc-1" })]);
  },
);

paths.path(
  "an objection holds the award until the bureau rules",
  ["RouteAfterNotice [$.noticeOutcome.outcome = await-ruling] → AwaitRuling"],
  async (run) => {
    run.answer("endNotice", ended("await-ruling"), ended("award"));
    const arn = await run.start(input());
    await scored(run, arn);
    await run.complete(arn, "AwaitShortlist", { kind: "shortlist" });
    await run.complete(arn, "AwaitBureauConfirmation", { kind: "confirm" });
    await run.complete(arn, "AwaitApproverConfirmation", { kind: "confirm" });
    await run.passWait(arn, "NoticePeriod");
    await run.complete(arn, "AwaitRuling", { ruled: true });
    expect(await run.statesEntered(arn)).toEqual([
      ...REVIEW,
      ...CONFIRM,
      ...NOTICE,
      "AwaitRuling",
      "EndNotice",
      "RouteAfterNotice",
      ...AWARD,
    ]);
    expect(await run.end(arn)).toMatchObject({ status: "SUCCEEDED" });
    expect(run.callsOf("parkRulingToken")).toEqual([expect.objectContaining({ noticeId: "ntc-1" })]);
  },
);

paths.path(
  "the bureau does not rule within 30 days: escalated, then it rules",
  ["AwaitRuling [timeout]", "AwaitRuling [catch States.Timeout] → EscalateRuling"],
  async (run) => {
    run.answer("endNotice", ended("await-ruling"), ended("award"));
    const arn = await run.start(input());
    await scored(run, arn);
    await run.complete(arn, "AwaitShortlist", { kind: "shortlist" });
    await run.complete(arn, "AwaitBureauConfirmation", { kind: "confirm" });
    await run.complete(arn, "AwaitApproverConfirmation", { kind: "confirm" });
    await run.passWait(arn, "NoticePeriod");
    await run.timeOut(arn, "AwaitRuling");
    await run.complete(arn, "AwaitRuling", { ruled: true });
    expect(await run.statesEntered(arn)).toEqual([
      ...REVIEW,
      ...CONFIRM,
      ...NOTICE,
      "AwaitRuling",
      "EscalateRuling",
      "AwaitRuling",
      "EndNotice",
      "RouteAfterNotice",
      ...AWARD,
    ]);
    expect(await run.end(arn)).toMatchObject({ status: "SUCCEEDED" });
    expect(run.callsOf("escalate")).toEqual([expect.objectContaining({ stage: "ruling" })]);
  },
);

paths.path(
  "an upheld objection replaces a winner (递补): a new notice, then the award",
  [
    "RouteAfterNotice [$.noticeOutcome.outcome = replace] → ReplaceWinners",
    "RouteAfterReplace [Default] → CheckReplacementOverlap",
    "RouteAfterOverlapCheck [Default] → PublishNotice",
  ],
  async (run) => {
    run.answer("endNotice", ended("replace"), ended("award"));
    const arn = await run.start(input());
    await scored(run, arn);
    await run.complete(arn, "AwaitShortlist", { kind: "shortlist" });
    await run.complete(arn, "AwaitBureauConfirmation", { kind: "confirm" });
    await run.complete(arn, "AwaitApproverConfirmation", { kind: "confirm" });
    await run.passWait(arn, "NoticePeriod");
    await run.passWait(arn, "NoticePeriod");
    expect(await run.statesEntered(arn)).toEqual([
      ...REVIEW,
      ...CONFIRM,
      ...NOTICE,
      "ReplaceWinners",
      "RouteAfterReplace",
      "CheckReplacementOverlap",
      "RouteAfterOverlapCheck",
      ...NOTICE,
      ...AWARD,
    ]);
    expect(await run.end(arn)).toMatchObject({ status: "SUCCEEDED" });
    expect(run.callsOf("publishNotice")).toHaveLength(2);
    expect(run.callsOf("checkReplacementOverlap")).toEqual([
      expect.objectContaining({ challengeId: "ch-1", round: 1 }),
    ]);
  },
);

paths.path(
  "a replacement winner's overlapping support (就高不重复) waits for the bureau's decision before the new notice",
  ["RouteAfterOverlapCheck [$.overlap.undecided = true] → AwaitOverlapDecision"],
  async (run) => {
    run.answer("endNotice", ended("replace"), ended("award"));
    run.answer(
      "checkReplacementOverlap",
      { undecided: true, checked: 1, winnersLeft: 1 },
      { undecided: false, checked: 1, winnersLeft: 1 },
    );
    const arn = await run.start(input());
    await scored(run, arn);
    await run.complete(arn, "AwaitShortlist", { kind: "shortlist" });
    await run.complete(arn, "AwaitBureauConfirmation", { kind: "confirm" });
    await run.complete(arn, "AwaitApproverConfirmation", { kind: "confirm" });
    await run.passWait(arn, "NoticePeriod");
    // Held: no new notice before the bureau decides.
    expect(run.callsOf("publishNotice")).toHaveLength(1);
    await run.complete(arn, "AwaitOverlapDecision", { decided: true });
    await run.passWait(arn, "NoticePeriod");
    expect(await run.statesEntered(arn)).toEqual([
      ...REVIEW,
      ...CONFIRM,
      ...NOTICE,
      "ReplaceWinners",
      "RouteAfterReplace",
      "CheckReplacementOverlap",
      "RouteAfterOverlapCheck",
      "AwaitOverlapDecision",
      "CheckReplacementOverlap",
      "RouteAfterOverlapCheck",
      ...NOTICE,
      ...AWARD,
    ]);
    expect(await run.end(arn)).toMatchObject({ status: "SUCCEEDED" });
    expect(run.callsOf("parkRoundToken").at(-1)).toMatchObject({ kind: "overlap" });
  },
);

paths.path(
  "the bureau does not decide the replacement's overlap in time: escalated, then it decides",
  ["AwaitOverlapDecision [timeout]", "AwaitOverlapDecision [catch States.Timeout] → EscalateOverlapDecision"],
  async (run) => {
    run.answer("endNotice", ended("replace"), ended("award"));
    run.answer(
      "checkReplacementOverlap",
      { undecided: true, checked: 1, winnersLeft: 1 },
      { undecided: false, checked: 1, winnersLeft: 1 },
    );
    const arn = await run.start(input());
    await scored(run, arn);
    await run.complete(arn, "AwaitShortlist", { kind: "shortlist" });
    await run.complete(arn, "AwaitBureauConfirmation", { kind: "confirm" });
    await run.complete(arn, "AwaitApproverConfirmation", { kind: "confirm" });
    await run.passWait(arn, "NoticePeriod");
    await run.timeOut(arn, "AwaitOverlapDecision");
    await run.complete(arn, "AwaitOverlapDecision", { decided: true });
    await run.passWait(arn, "NoticePeriod");
    expect(run.callsOf("escalate")).toEqual([expect.objectContaining({ stage: "overlap" })]);
    expect(await run.end(arn)).toMatchObject({ status: "SUCCEEDED" });
  },
);

paths.path(
  "no winner left to replace: the challenge is unsolved",
  ["RouteAfterReplace [$.replaced.winnersLeft = 0] → MarkUnsolved"],
  async (run) => {
    run.answer("endNotice", ended("replace"));
    run.answer("replaceWinners", { winnersLeft: 0 });
    const arn = await run.start(input());
    await scored(run, arn);
    await run.complete(arn, "AwaitShortlist", { kind: "shortlist" });
    await run.complete(arn, "AwaitBureauConfirmation", { kind: "confirm" });
    await run.complete(arn, "AwaitApproverConfirmation", { kind: "confirm" });
    await run.passWait(arn, "NoticePeriod");
    expect(await run.statesEntered(arn)).toEqual([
      ...REVIEW,
      ...CONFIRM,
      ...NOTICE,
      "ReplaceWinners",
      "RouteAfterReplace",
      "MarkUnsolved",
      "Unsolved",
    ]);
    expect(await run.end(arn)).toMatchObject({ status: "SUCCEEDED" });
    expect(run.callsOf("award")).toEqual([]);
  },
);

paths.path(
  "the offered winner withdrawn for overlap (就高不重复) and nobody ranked after it: unsolved, no notice at grant 0",
  ["RouteAfterOverlapCheck [$.overlap.winnersLeft = 0] → MarkUnsolved"],
  async (run) => {
    run.answer("endNotice", ended("replace"));
    run.answer("checkReplacementOverlap", { undecided: false, checked: 1, winnersLeft: 0 });
    const arn = await run.start(input());
    await scored(run, arn);
    await run.complete(arn, "AwaitShortlist", { kind: "shortlist" });
    await run.complete(arn, "AwaitBureauConfirmation", { kind: "confirm" });
    await run.complete(arn, "AwaitApproverConfirmation", { kind: "confirm" });
    await run.passWait(arn, "NoticePeriod");
    expect(await run.statesEntered(arn)).toEqual([
      ...REVIEW,
      ...CONFIRM,
      ...NOTICE,
      "ReplaceWinners",
      "RouteAfterReplace",
      "CheckReplacementOverlap",
      "RouteAfterOverlapCheck",
      "MarkUnsolved",
      "Unsolved",
    ]);
    expect(await run.end(arn)).toMatchObject({ status: "SUCCEEDED" });
    expect(run.callsOf("publishNotice")).toHaveLength(1);
    expect(run.callsOf("award")).toEqual([]);
  },
);

paths.path(
  "an unknown outcome at the notice's end fails in UnexpectedOutcome",
  ["RouteAfterNotice [Default] → UnexpectedOutcome"],
  async (run) => {
    run.answer("endNotice", ended("adjourn"));
    const arn = await run.start(input());
    await scored(run, arn);
    await run.complete(arn, "AwaitShortlist", { kind: "shortlist" });
    await run.complete(arn, "AwaitBureauConfirmation", { kind: "confirm" });
    await run.complete(arn, "AwaitApproverConfirmation", { kind: "confirm" });
    await run.passWait(arn, "NoticePeriod");
    expect(await run.statesEntered(arn)).toEqual([...REVIEW, ...CONFIRM, ...NOTICE, "UnexpectedOutcome"]);
    expect(await run.end(arn)).toMatchObject({ status: "FAILED", error: "Award.UnexpectedOutcome" });
  },
);

paths.path(
  "publishing the notice fails transiently (Platform.Transient) every time: retried with backoff, then the execution fails",
  [],
  async (run) => {
    run.answer("publishNotice", raise("Platform.Transient", "ThrottlingException: rate exceeded"));
    const arn = await run.start(input());
    await scored(run, arn);
    await run.complete(arn, "AwaitShortlist", { kind: "shortlist" });
    await run.complete(arn, "AwaitBureauConfirmation", { kind: "confirm" });
    await run.complete(arn, "AwaitApproverConfirmation", { kind: "confirm" });
    expect(await run.end(arn)).toMatchObject({ status: "FAILED", error: "Platform.Transient" });
    expect(run.callsOf("publishNotice")).toHaveLength(7); // 1 + MaxAttempts 6
  },
);

paths.path(
  "publishing the notice fails with a deterministic error: not retried, the execution fails",
  [],
  async (run) => {
    run.answer("publishNotice", raise("ResourceNotFoundException", "the notices table is missing"));
    const arn = await run.start(input());
    await scored(run, arn);
    await run.complete(arn, "AwaitShortlist", { kind: "shortlist" });
    await run.complete(arn, "AwaitBureauConfirmation", { kind: "confirm" });
    await run.complete(arn, "AwaitApproverConfirmation", { kind: "confirm" });
    expect(await run.statesEntered(arn)).toEqual([...REVIEW, ...CONFIRM, "PublishNotice"]);
    expect(await run.end(arn)).toMatchObject({ status: "FAILED", error: "ResourceNotFoundException" });
    expect(run.callsOf("publishNotice")).toHaveLength(1); // no States.TaskFailed retrier
  },
);

/** Terms unlike the rules' (hours and days apart from any default), to see every timer follow the input. */
const otherTerms = {
  ...awardTerms(),
  scoringSeconds: 3 * DAY_SECONDS,
  expertPoolRetrySeconds: DAY_SECONDS / 4,
  shortlistSeconds: 5 * DAY_SECONDS,
  confirmationSeconds: 4 * DAY_SECONDS,
  rulingSeconds: 6 * DAY_SECONDS,
  calendarRetrySeconds: DAY_SECONDS / 2,
};

paths.path(
  "the timeouts and retry waits are the terms of the input: other terms move every one of them",
  [
    "RouteAfterStart [$.review.outcome = no-experts] → WaitForExpertPool",
    "AwaitScores [timeout]",
    "RouteAfterReminder [Default] → AwaitScores",
    "AwaitShortlist [timeout]",
    "AwaitBureauConfirmation [timeout]",
    "AwaitApproverConfirmation [timeout]",
    "PublishNotice [catch CalendarYearNotLoaded] → EscalateCalendarYear",
    "AwaitRuling [timeout]",
  ],
  async (run) => {
    const terms = otherTerms;
    run.answer("startReview", { outcome: "no-experts" }, { outcome: "reviewing" });
    run.answer("remindReviewers", overdue(1));
    run.answer("publishNotice", raise("CalendarYearNotLoaded", "no calendar for 2027"), notice);
    run.answer("endNotice", ended("await-ruling"), ended("award"));
    const arn = await run.start(input({ terms }));
    await run.passWait(arn, "WaitForExpertPool");
    await run.timeOut(arn, "AwaitScores"); // waiting one second before the input's term, timed out at it
    await scored(run, arn);
    await run.timeOut(arn, "AwaitShortlist");
    await run.complete(arn, "AwaitShortlist", { kind: "shortlist" });
    await run.timeOut(arn, "AwaitBureauConfirmation");
    await run.complete(arn, "AwaitBureauConfirmation", { kind: "confirm" });
    await run.timeOut(arn, "AwaitApproverConfirmation");
    await run.complete(arn, "AwaitApproverConfirmation", { kind: "confirm" });
    await run.passWait(arn, "AwaitCalendarYear");
    await run.passWait(arn, "NoticePeriod");
    await run.timeOut(arn, "AwaitRuling");
    await run.complete(arn, "AwaitRuling", { ruled: true });
    expect(await run.end(arn)).toMatchObject({ status: "SUCCEEDED", output: { terms } });
    expect(await run.timeoutsScheduled(arn)).toEqual([
      ["AwaitScores", terms.scoringSeconds],
      ["AwaitScores", terms.scoringSeconds],
      ["AwaitShortlist", terms.shortlistSeconds],
      ["AwaitShortlist", terms.shortlistSeconds],
      ["AwaitBureauConfirmation", terms.confirmationSeconds],
      ["AwaitBureauConfirmation", terms.confirmationSeconds],
      ["AwaitApproverConfirmation", terms.confirmationSeconds],
      ["AwaitApproverConfirmation", terms.confirmationSeconds],
      ["AwaitRuling", terms.rulingSeconds],
      ["AwaitRuling", terms.rulingSeconds],
    ]);
    expect((await run.waitsTaken(arn)).filter(([state]) => state !== "NoticePeriod")).toEqual([
      ["WaitForExpertPool", terms.expertPoolRetrySeconds],
      ["AwaitCalendarYear", terms.calendarRetrySeconds],
    ]);
  },
);

paths.path(
  "the review lapses after the input's count of missed scoring deadlines",
  ["RouteAfterReminder [$.overdue.overdueCount >= $.terms.lapseAfterOverdue] → ReviewLapsed"],
  async (run) => {
    run.answer("remindReviewers", overdue(1), overdue(2));
    const arn = await run.start(input({ terms: { ...otherTerms, lapseAfterOverdue: 2 } }));
    for (let deadline = 1; deadline <= 2; deadline++) await run.timeOut(arn, "AwaitScores");
    const reminded = ["AwaitScores", "RemindReviewers", "RouteAfterReminder"];
    expect(await run.statesEntered(arn)).toEqual([
      "StartReview",
      "RouteAfterStart",
      ...reminded,
      ...reminded,
      "ReviewLapsed",
    ]);
    expect(await run.end(arn)).toMatchObject({ status: "FAILED", error: "Review.Lapsed" });
  },
);

paths.keepsOnStateData("terms");
paths.coverage();
