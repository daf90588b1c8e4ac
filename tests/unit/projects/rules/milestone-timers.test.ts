// Unit tests of the project-milestone workflow's rules: the stage a milestone's execution enters, the report's timers
// (reminder, due date, overdue, the horizon) and the rectification's wait.
import { describe, expect, it } from "vitest";
import type { MilestoneProgress, ProjectTrackRecord } from "../../../../functions/projects/model.ts";
import {
  milestoneStage,
  rectificationLapsed,
  rectificationTimer,
  reminderHandsOver,
  reportTimers,
} from "../../../../functions/projects/rules/milestone-timers.ts";

const DAY = 86_400;
const at = (iso: string) => Date.parse(iso);
/** An execution started on 2 March 2026, 09:00 in Shanghai, handing over after 300 days. */
const horizon = { startedAtMs: at("2026-03-02T09:00:00+08:00"), handOverAfterSeconds: 300 * DAY };

const milestone = (over: Partial<MilestoneProgress> = {}): MilestoneProgress => ({
  index: 1,
  status: "pending",
  dueDate: "2026-06-30",
  files: [],
  reports: [],
  panel: [],
  rectificationUsed: false,
  ...over,
});
type Track = Pick<ProjectTrackRecord, "status" | "milestones" | "horseRace" | "terminationReferral">;
const track = (m: Partial<MilestoneProgress>, over: Partial<Track> = {}): Track => ({
  status: "in-progress",
  milestones: [milestone(m), milestone({ index: 2, dueDate: "2027-06-30" })],
  ...over,
});

describe("milestoneStage", () => {
  it("follows the milestone's status", () => {
    const stage = (m: Partial<MilestoneProgress>) => milestoneStage(track(m), 1, false);
    expect(stage({ status: "pending" })).toBe("report");
    expect(stage({ status: "returned" })).toBe("report");
    expect(stage({ status: "validating" })).toBe("report");
    expect(stage({ status: "under-review" })).toBe("panel");
    expect(stage({ status: "under-review", panel: ["exp-1"] })).toBe("review");
    expect(stage({ status: "rectifying" })).toBe("rectification");
    expect(stage({ status: "awaiting-payment-opinion" })).toBe("opinion");
    expect(stage({ status: "passed" })).toBe("passed");
    expect(stage({ status: "failed" })).toBe("termination");
  });

  it("waits for the horse race after a passed key milestone until it is settled", () => {
    const race = { challengeId: "c-1", keyMilestone: 1, decidedAt: "2026-07-01T00:00:00Z" };
    expect(milestoneStage(track({ status: "passed" }), 1, true)).toBe("horse-race");
    expect(
      milestoneStage(track({ status: "passed" }, { horseRace: { ...race, outcome: "continues" } }), 1, true),
    ).toBe("passed");
    expect(
      milestoneStage(track({ status: "passed" }, { horseRace: { ...race, outcome: "closed" } }), 1, true),
    ).toBe("ended");
  });

  it("ends on a closed project and refers on a referred one", () => {
    expect(milestoneStage(track({}, { status: "closed" }), 1, false)).toBe("ended");
    expect(milestoneStage(track({}, { status: "termination-referred" }), 1, false)).toBe("termination");
    expect(milestoneStage(track({}), 9, false)).toBe("ended");
  });
});

describe("reportTimers", () => {
  const plan = (m: Partial<MilestoneProgress>, now: string) =>
    reportTimers(milestone(m), at(now), 14, horizon);

  it("waits for the reminder at 09:00 in Shanghai 14 days before the due date", () => {
    expect(plan({}, "2026-06-01T09:00:00+08:00")).toEqual({ stage: "before-reminder", seconds: 15 * DAY });
  });

  it("after the reminder, waits for the end of the due date; after the escalation, until the horizon", () => {
    const reminded = { remindedAt: "2026-06-16T01:00:00Z" };
    expect(plan(reminded, "2026-06-16T09:00:00+08:00")).toEqual({
      stage: "before-due",
      seconds: 14 * DAY + 15 * 3600,
    });
    expect(plan({ ...reminded, escalatedAt: "2026-06-30T16:00:00Z" }, "2026-07-01T00:00:00+08:00")).toEqual({
      stage: "overdue",
      seconds: (horizon.startedAtMs + 300 * DAY * 1000 - at("2026-07-01T00:00:00+08:00")) / 1000,
    });
  });

  it("a timer already due fires after one second", () => {
    expect(plan({}, "2026-07-05T09:00:00+08:00")).toEqual({ stage: "before-reminder", seconds: 1 });
    expect(plan({ remindedAt: "x" }, "2026-07-05T09:00:00+08:00")).toEqual({
      stage: "before-due",
      seconds: 1,
    });
  });

  it("a timer beyond the horizon waits until it (later); at the horizon it hands over; a filed report is validated", () => {
    const now = "2026-06-01T09:00:00+08:00";
    const late = plan({ dueDate: "2027-06-30" }, now);
    expect(late.stage).toBe("later");
    expect(at(now) + late.seconds * 1000).toBe(horizon.startedAtMs + 300 * DAY * 1000);
    expect(plan({}, "2026-12-27T09:00:00+08:00")).toEqual({ stage: "hand-over", seconds: 1 });
    expect(plan({ status: "validating" }, now)).toEqual({ stage: "filed", seconds: 1 });
  });

  it("an extension's later due date moves the timer", () => {
    const now = "2026-06-01T09:00:00+08:00";
    expect(plan({ dueDate: "2026-08-30" }, now).seconds - plan({}, now).seconds).toBe(61 * DAY);
  });
});

describe("rectificationTimer", () => {
  it("waits until the end of the deadline's day, or the horizon when it comes first; hands over at it", () => {
    const now = at("2026-06-01T00:00:00+08:00");
    expect(rectificationTimer("2026-06-30", now, horizon)).toEqual({ seconds: 30 * DAY, handOver: false });
    const capped = rectificationTimer("2027-06-30", now, horizon);
    expect(capped.handOver).toBe(false);
    expect(now + capped.seconds * 1000).toBe(horizon.startedAtMs + 300 * DAY * 1000);
    expect(rectificationTimer("2027-06-30", horizon.startedAtMs + 300 * DAY * 1000, horizon)).toEqual({
      seconds: 1,
      handOver: true,
    });
  });

  it("lapses at the end of the deadline's day, not before", () => {
    expect(rectificationLapsed("2026-06-30", at("2026-06-30T23:59:59+08:00"))).toBe(false);
    expect(rectificationLapsed("2026-06-30", at("2026-07-01T00:00:00+08:00"))).toBe(true);
  });
});

describe("reminderHandsOver", () => {
  it("hands over when the next wait would pass the horizon", () => {
    const end = horizon.startedAtMs + 300 * DAY * 1000;
    expect(reminderHandsOver(end - 7 * DAY * 1000, 7 * DAY, horizon)).toBe(false);
    expect(reminderHandsOver(end - 7 * DAY * 1000 + 1, 7 * DAY, horizon)).toBe(true);
  });
});
