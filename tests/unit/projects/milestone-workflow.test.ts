// Unit tests of the project-milestone workflow's tasks (functions/projects/milestone-workflow.ts) on the in-memory
// record store: where a milestone stands, the report's timers, the reminder and the escalation (once each, with their
// notices and audit events), the reminders of the other waits, the rectification's wait and its lapse.
import { beforeEach, describe, expect, it } from "vitest";
import { created, workflowAudit } from "../../../functions/platform/ports/records.ts";
import type { ProjectDeps } from "../../../functions/projects/common.ts";
import {
  escalateReportTask,
  locateMilestoneTask,
  planRectificationTask,
  planReportTimersTask,
  rectificationLapsedTask,
  referForTerminationTask,
  remindReportTask,
  remindTask,
  returnReportTask,
} from "../../../functions/projects/milestone-workflow.ts";
import {
  type MilestoneProgress,
  type ProjectTrackRecord,
  type TaskBook,
  trackKind,
} from "../../../functions/projects/model.ts";
import { projectNotices } from "../../../functions/projects/notices.ts";
import { milestoneTerms } from "../../../functions/projects/rules/terms.ts";
import { type FixedClock, fixedClock } from "../../support/fixed-clock.ts";
import { type MemoryRecordStore, memoryRecordStore } from "../../support/memory-records.ts";

const DAY_MS = 86_400_000;
const STARTED = "2026-03-02T01:00:00.000Z"; // 09:00 in Shanghai
const terms = milestoneTerms();
const horizon = { executionStartedAt: STARTED, handOverAfterSeconds: terms.handOverAfterSeconds };
const one = { projectId: "prj-1", milestone: 1 };

let records: MemoryRecordStore;
let clock: FixedClock;
let deps: ProjectDeps;

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

async function seed(
  m: Partial<MilestoneProgress> = {},
  over: Partial<ProjectTrackRecord> = {},
): Promise<void> {
  const taskBook = { revision: 1, signatures: [], tranches: [], milestones: [] } as unknown as TaskBook;
  const track: ProjectTrackRecord = {
    id: "prj-1",
    version: 1,
    projectId: "prj-1",
    programmeId: "prg-1",
    status: "in-progress",
    taskBook,
    milestones: [milestone(m), milestone({ index: 2, dueDate: "2027-03-31" })],
    phase: 1,
    phaseStartedAt: STARTED,
    notices: [],
    createdAt: STARTED,
    updatedAt: STARTED,
    ...over,
  };
  await records.write([created(trackKind, track, workflowAudit("test.seeded"))], STARTED);
}
const track = async () => (await records.get(trackKind, "prj-1")) as ProjectTrackRecord;
/** The project's notices as its page shows them: the track's and the reminders' own records (notices.ts). */
const notices = async () => projectNotices(records, await track());

beforeEach(() => {
  records = memoryRecordStore();
  clock = fixedClock(STARTED);
  deps = { records, clock, workflows: {} as never, documents: {} as never };
});

describe("locateMilestone", () => {
  it("answers the stage the records say, the horse race after a passed key milestone", async () => {
    await seed({ status: "under-review", panel: ["exp-1"] });
    expect(await locateMilestoneTask(deps, { ...one, keyMilestone: false })).toEqual({ stage: "review" });
    await seed({ status: "passed" }, { id: "prj-2", projectId: "prj-2" });
    expect(await locateMilestoneTask(deps, { projectId: "prj-2", milestone: 1, keyMilestone: true })).toEqual(
      {
        stage: "horse-race",
      },
    );
  });
});

describe("the report's timers, the reminder and the escalation", () => {
  it("plans the reminder, reminds once when it is due, then plans the due date and escalates once", async () => {
    await seed();
    const plan = () => planReportTimersTask(deps, { ...one, reminderDaysBefore: 14, ...horizon });
    const first = await plan();
    expect(first.stage).toBe("before-reminder");
    expect(await remindReportTask(deps, { ...one, reminderDaysBefore: 14 })).toEqual({ reminded: false });

    clock.advance(first.seconds * 1000);
    expect(await remindReportTask(deps, { ...one, reminderDaysBefore: 14 })).toEqual({ reminded: true });
    expect(await remindReportTask(deps, { ...one, reminderDaysBefore: 14 })).toEqual({ reminded: false });
    const second = await plan();
    expect(second).toEqual({ stage: "before-due", seconds: 14 * 86_400 + 15 * 3600 });

    clock.advance(second.seconds * 1000);
    expect(await escalateReportTask(deps, one)).toEqual({ escalated: true });
    expect(await escalateReportTask(deps, one)).toEqual({ escalated: false });
    expect((await plan()).stage).toBe("overdue");

    const t = await track();
    expect(t.notices.map((n) => [n.kind, n.to])).toEqual([
      ["milestone-reminder", "enterprise"],
      ["milestone-overdue", "bureau"],
    ]);
    expect(t.milestones[0]).toMatchObject({
      remindedAt: expect.any(String),
      escalatedAt: expect.any(String),
    });
    // The audit events name the milestone and its due date: the reminder's text and the domain event read them.
    const trail = await records.auditTrail(trackKind, "prj-1");
    expect(
      trail
        .filter((e) => e.action === "milestone.reminded" || e.action === "milestone.escalated")
        .map((e) => [e.action, e.detail]),
    ).toEqual([
      ["milestone.reminded", { milestone: 1, dueDate: "2026-06-30" }],
      ["milestone.escalated", { milestone: 1, dueDate: "2026-06-30" }],
    ]);
  });

  it("does not escalate a report filed before the due date passed", async () => {
    await seed({ status: "under-review", remindedAt: STARTED });
    clock.advance(200 * DAY_MS);
    expect(await escalateReportTask(deps, one)).toEqual({ escalated: false });
    expect((await track()).notices).toEqual([]);
  });
});

describe("returned for missing documents", () => {
  it("tells the enterprise once per returned report", async () => {
    await seed({
      status: "returned",
      reports: [
        {
          seq: 1,
          summary: "s",
          indicators: [],
          fileIds: [],
          filedBy: "u",
          filedAt: STARTED,
          votes: [],
        },
      ],
    });
    expect(await returnReportTask(deps, one)).toEqual({ returned: true });
    expect(await returnReportTask(deps, one)).toEqual({ returned: false });
    expect((await track()).notices).toEqual([
      expect.objectContaining({ kind: "milestone-returned-1", to: "enterprise", milestone: 1 }),
    ]);
  });
});

describe("the other waits' reminders", () => {
  it("tells the party the stage waits for, and hands over when the next wait would pass the horizon", async () => {
    await seed({ status: "awaiting-payment-opinion" });
    const remind = () =>
      remindTask(deps, { ...one, stage: "opinion", waitSeconds: terms.opinionWaitSeconds, ...horizon });
    expect(await remind()).toEqual({ handOver: false });
    clock.advance(295 * DAY_MS);
    expect(await remind()).toEqual({ handOver: true });
    expect((await notices()).map((n) => [n.kind, n.to])).toEqual([
      ["opinion-overdue", "approver"],
      ["opinion-overdue", "approver"],
    ]);
    // Each reminder is a record of its own: the track is left as it was.
    expect((await track()).version).toBe(1);
    expect((await track()).notices).toEqual([]);
  });
});

describe("the rectification", () => {
  it("waits until the end of the deadline's day; before it nothing lapses, after it the project is referred once", async () => {
    await seed({ status: "rectifying", rectifyBy: "2026-03-31", rectificationUsed: true });
    const planned = await planRectificationTask(deps, { ...one, ...horizon });
    expect(planned).toEqual({ seconds: 29 * 86_400 + 15 * 3600, handOver: false });
    expect(await rectificationLapsedTask(deps, one)).toEqual({ lapsed: false });
    expect((await track()).status).toBe("in-progress");

    clock.advance(planned.seconds * 1000);
    expect(await rectificationLapsedTask(deps, one)).toEqual({ lapsed: true });
    expect(await rectificationLapsedTask(deps, one)).toEqual({ lapsed: true });
    const t = await track();
    expect(t.status).toBe("termination-referred");
    expect(t.milestones[0]?.status).toBe("failed");
    expect(t.notices.filter((n) => n.kind === "termination-referral")).toHaveLength(1);
    expect(await referForTerminationTask(deps, one)).toEqual({ referred: true });
  });
});
