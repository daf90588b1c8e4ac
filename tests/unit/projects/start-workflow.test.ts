// Unit tests of the project-start and project-acceptance workflows' tasks (functions/projects/start-workflow.ts,
// lifecycle.ts) and rules (rules/start-stage.ts, rules/acceptance-stage.ts) on the in-memory record store with a
// recording workflow engine: the stage an execution enters, the reminders of the parties still to act, the parks, and
// the hand-overs (to milestone 1, to acceptance, to the next round) — each once.
import { beforeEach, describe, expect, it } from "vitest";
import { bump, listAll } from "../../../functions/platform/ports/record-helpers.ts";
import { created, unaudited, updated, workflowAudit } from "../../../functions/platform/ports/records.ts";
import type { WorkflowEngine } from "../../../functions/platform/ports/workflow-engine.ts";
import type { ProjectDeps } from "../../../functions/projects/common.ts";
import { withEvent } from "../../../functions/projects/inbox.ts";
import {
  handOverAcceptanceTask,
  handOverStartTask,
  parkAcceptanceTask,
  parkStartTask,
  startFirstMilestoneTask,
  startNextMilestoneTask,
  startSignatures,
} from "../../../functions/projects/lifecycle.ts";
import {
  type Acceptance,
  type Lifecycle,
  lifecycleKind,
  type MilestoneProgress,
  noticeKind,
  noticesOfProject,
  type ProjectLifecycleRecord,
  type ProjectTrackRecord,
  projectExecutionId,
  projectExecutionKind,
  type TaskBook,
  trackKind,
} from "../../../functions/projects/model.ts";
import { projectNotices } from "../../../functions/projects/notices.ts";
import { acceptanceStage } from "../../../functions/projects/rules/acceptance-stage.ts";
import { startStage } from "../../../functions/projects/rules/start-stage.ts";
import { acceptanceTerms, startTerms } from "../../../functions/projects/rules/terms.ts";
import {
  locateAcceptanceTask,
  locateStartTask,
  remindAcceptanceTask,
  remindSignatoriesTask,
  unsignedParties,
} from "../../../functions/projects/start-workflow.ts";
import { type FixedClock, fixedClock } from "../../support/fixed-clock.ts";
import { type MemoryRecordStore, memoryRecordStore } from "../../support/memory-records.ts";

const STARTED = "2026-03-02T01:00:00.000Z";
const S1 = "project-prj-1-start-r1";
const DAY = 86_400;

let records: MemoryRecordStore;
let clock: FixedClock;
let deps: ProjectDeps;
let completed: { token: string; output: unknown }[];
let starts: { machine: string; name: string; input: unknown }[];

const signature = (party: string, revision = 2) => ({ party, by: `u-${party}`, at: STARTED, revision });
const milestone = (index: number): MilestoneProgress => ({
  index,
  status: "pending",
  dueDate: "2027-03-01",
  files: [],
  reports: [],
  panel: [],
  rectificationUsed: false,
});

async function seed(lifecycle: Partial<Lifecycle> | null = {}, over: Partial<ProjectTrackRecord> = {}) {
  const taskBook = { revision: 2, signatures: [signature("enterprise")], tranches: [], milestones: [] };
  const track: ProjectTrackRecord = {
    id: "prj-1",
    version: 1,
    projectId: "prj-1",
    programmeId: "prg-1",
    status: "drafting",
    taskBook: taskBook as unknown as TaskBook,
    milestones: [milestone(1), milestone(2)],
    phase: 1,
    phaseStartedAt: STARTED,
    notices: [],
    createdAt: STARTED,
    updatedAt: STARTED,
    ...over,
  };
  const chained: Lifecycle = {
    machine: "project-start",
    execution: S1,
    startedAt: STARTED,
    delivered: 0,
    wakes: 0,
    ...lifecycle,
  };
  await records.write(
    [
      created(trackKind, track, workflowAudit("test.seeded")),
      ...(lifecycle
        ? [
            unaudited(lifecycleKind, undefined, {
              id: "prj-1",
              version: 1,
              projectId: "prj-1",
              lifecycle: chained,
              inbox: [],
              updatedAt: STARTED,
            }),
          ]
        : []),
    ],
    STARTED,
  );
}
const track = async () => (await records.get(trackKind, "prj-1")) as ProjectTrackRecord;
/** The project's notices as its page shows them: the track's and the reminders' own records (notices.ts). */
const notices = async () => projectNotices(records, await track());
const chain = async () => (await records.get(lifecycleKind, "prj-1")) as ProjectLifecycleRecord;

beforeEach(() => {
  records = memoryRecordStore();
  clock = fixedClock(STARTED);
  completed = [];
  starts = [];
  const workflows: WorkflowEngine = {
    start: async (machine, name, input) => {
      starts.push({ machine, name, input });
      return { executionArn: name, startedAt: STARTED };
    },
    completeTask: async (token, output) => {
      completed.push({ token, output });
      return true;
    },
    failTask: async () => true,
    status: async () => undefined,
  };
  deps = { records, clock, workflows, documents: {} as never };
});

describe("where a start execution stands", () => {
  it("drafting awaits the signatures; closed has ended; anything after the signing is signed", async () => {
    expect(startStage({ status: "drafting" })).toBe("signatures");
    expect(startStage({ status: "in-progress" })).toBe("signed");
    expect(startStage({ status: "termination-referred" })).toBe("signed");
    expect(startStage({ status: "closed" })).toBe("ended");
    await seed();
    expect(await locateStartTask(deps, { projectId: "prj-1" })).toEqual({ stage: "signatures" });
  });

  it("the parties still to sign are those without a signature on the current revision", () => {
    const book = (signatures: unknown[]) => ({
      taskBook: { revision: 2, signatures } as unknown as TaskBook,
    });
    expect(unsignedParties(book([]))).toEqual(["bureau", "enterprise", "solver"]);
    // A signature of an earlier revision was voided by the amendment: that party signs again.
    expect(unsignedParties(book([signature("bureau", 1), signature("solver")]))).toEqual([
      "bureau",
      "enterprise",
    ]);
  });
});

describe("RemindSignatories", () => {
  const remind = (over = {}) =>
    remindSignatoriesTask(deps, {
      projectId: "prj-1",
      waitSeconds: 7 * DAY,
      executionStartedAt: STARTED,
      handOverAfterSeconds: 300 * DAY,
      ...over,
    });

  it("reminds each party that has not signed, and hands over when the next wait would pass the horizon", async () => {
    await seed();
    const before = await track();
    expect(await remind()).toEqual({ reminded: ["bureau", "solver"], handOver: false });
    expect(await notices()).toEqual([
      { kind: "signatures-overdue", at: STARTED, to: "bureau" },
      { kind: "signatures-overdue", at: STARTED, to: "solver" },
    ]);
    // A record of its own, audited with the reminder's action; the track is not rewritten.
    expect(await track()).toEqual(before);
    const [sent] = await listAll(records, noticesOfProject("prj-1"));
    expect((await records.auditTrail(noticeKind, sent!.id)).map((e) => e.action)).toEqual([
      "task-book.signatures-overdue",
    ]);
    clock.advance(294 * DAY * 1000);
    expect((await remind()).handOver).toBe(true);
  });

  it("a track written before reminders had records keeps its notices: shown first, the new reminder after", async () => {
    const earlier = { kind: "signatures-overdue", at: "2025-06-01T02:00:00.000Z", to: "enterprise" };
    await seed({}, { notices: [earlier] });
    await remind();
    expect(await notices()).toEqual([
      earlier,
      { kind: "signatures-overdue", at: STARTED, to: "bureau" },
      { kind: "signatures-overdue", at: STARTED, to: "solver" },
    ]);
    // The track's own notices stay where they were; the new ones are not appended to it.
    expect((await track()).notices).toEqual([earlier]);
  });

  it("reminds nobody once the task book is signed", async () => {
    await seed({}, { status: "in-progress" });
    expect(await remind()).toEqual({ reminded: [], handOver: false });
    expect(await notices()).toEqual([]);
  });
});

describe("the signatures' park", () => {
  const park = (token: string, over = {}) =>
    parkStartTask(deps, { projectId: "prj-1", stage: "signatures", token, execution: S1, ...over });

  it("parks while drafting; a park after the signing hands over its event, not `changed`", async () => {
    await seed();
    expect(await park("t1")).toEqual({ parked: true });
    expect((await chain())?.lifecycle?.parked).toMatchObject({ taskToken: "t1", stage: "signatures" });
    // The signing's transaction appends its event (as signTaskBook does); its wake was lost, the next park delivers it.
    const before = await track();
    await records.write(
      [
        updated(trackKind, before, bump(before, STARTED, { status: "in-progress" }), workflowAudit("t")),
        ...withEvent(await chain(), STARTED, "task-book-signed"),
      ],
      STARTED,
    );
    expect(await park("t2")).toEqual({ parked: false });
    expect(completed).toEqual([{ token: "t2", output: { seq: 1, kind: "task-book-signed", at: STARTED } }]);
    expect((await chain())?.lifecycle).toMatchObject({ delivered: 1, wakes: 1 });
  });

  it("answers `changed` when the records are past the signatures and no event is waiting", async () => {
    await seed({}, { status: "in-progress" });
    expect(await park("t1")).toEqual({ parked: false });
    expect(completed).toEqual([{ token: "t1", output: { kind: "changed" } }]);
  });

  it("answers `superseded` to an execution no longer in charge", async () => {
    await seed({ execution: "project-prj-1-start-r2" });
    expect(await park("t1")).toEqual({ parked: false });
    expect(completed).toEqual([{ token: "t1", output: { kind: "superseded" } }]);
  });
});

describe("the start's hand-overs", () => {
  it("startSignatures puts a drafted project on the chain at project-<id>-start-r1 and ends project-phase's park", async () => {
    await seed(null, { pendingTask: { token: "phase-token", since: STARTED } });
    expect(await startSignatures(deps, "prj-1")).toEqual({ executionName: S1, started: true });
    expect((await chain())?.lifecycle).toMatchObject({
      machine: "project-start",
      execution: S1,
      delivered: 0,
    });
    expect(starts).toEqual([
      {
        machine: "project-start",
        name: S1,
        // No correlation id of its own: the engine gives the input the current one (the draft request's).
        input: { projectId: "prj-1", round: 1, terms: startTerms() },
      },
    ]);
    expect(completed).toEqual([{ token: "phase-token", output: { woken: true } }]);
  });

  it("StartFirstMilestone moves the chain to project-<id>-m1-r1 once, however often it runs", async () => {
    await seed();
    const input = { projectId: "prj-1", execution: S1 };
    expect(await startFirstMilestoneTask(deps, input)).toEqual({ executionName: "project-prj-1-m1-r1" });
    expect(await startFirstMilestoneTask(deps, input)).toEqual({ executionName: "project-prj-1-m1-r1" });
    expect((await chain())?.lifecycle).toMatchObject({
      machine: "project-milestone",
      execution: "project-prj-1-m1-r1",
    });
    expect(await records.get(projectExecutionKind, projectExecutionId("project-prj-1-m1-r1"))).toMatchObject({
      machine: "project-milestone",
    });
    expect(starts.map((s) => [s.machine, s.name])).toEqual([
      ["project-milestone", "project-prj-1-m1-r1"],
      ["project-milestone", "project-prj-1-m1-r1"],
    ]);
    expect(starts[0]?.input).toMatchObject({ projectId: "prj-1", milestone: 1, round: 1 });
  });

  it("HandOverStart starts the next round; a stale execution starts nothing", async () => {
    await seed();
    expect(await handOverStartTask(deps, { projectId: "prj-1", round: 1, execution: S1 })).toEqual({
      executionName: "project-prj-1-start-r2",
    });
    expect(starts.map((s) => [s.machine, s.name, (s.input as { round: number }).round])).toEqual([
      ["project-start", "project-prj-1-start-r2", 2],
    ]);
    await startFirstMilestoneTask(deps, { projectId: "prj-1", execution: S1 });
    expect(starts).toHaveLength(1);
    expect((await chain())?.lifecycle?.execution).toBe("project-prj-1-start-r2");
  });
});

describe("project-acceptance's tasks", () => {
  const acceptance = (over: Partial<Acceptance> = {}): Acceptance => ({
    status: "planning",
    summary: "done",
    requestedBy: "u-e",
    requestedAt: STARTED,
    fixedBy: [],
    votes: [],
    ...over,
  });
  const A1 = "project-prj-1-acceptance-r1";
  const onAcceptance = { machine: "project-acceptance", execution: A1 };

  it("the stage: request until asked, then the acceptance's status; closed otherwise has ended", () => {
    const at = (status: ProjectTrackRecord["status"], a?: Acceptance) =>
      acceptanceStage({ status, ...(a ? { acceptance: a } : {}) });
    expect(at("in-progress")).toBe("request");
    expect(at("in-progress", acceptance())).toBe("plan");
    expect(at("in-progress", acceptance({ status: "under-review" }))).toBe("review");
    expect(at("in-progress", acceptance({ status: "awaiting-payment-opinion" }))).toBe("opinion");
    expect(at("closed", acceptance({ status: "passed" }))).toBe("accepted");
    expect(at("closed", acceptance({ status: "failed" }))).toBe("not-accepted");
    expect(at("closed")).toBe("ended");
    expect(at("closed", acceptance())).toBe("ended");
  });

  it("LocateAcceptance and the park read that stage: a park past its stage answers `changed`", async () => {
    await seed(onAcceptance, { status: "in-progress", acceptance: acceptance() });
    expect(await locateAcceptanceTask(deps, { projectId: "prj-1" })).toEqual({ stage: "plan" });
    const park = (token: string, stage: string) =>
      parkAcceptanceTask(deps, { projectId: "prj-1", stage, token, execution: A1 });
    expect(await park("t1", "plan")).toEqual({ parked: true });
    expect(await park("t2", "request")).toEqual({ parked: false });
    expect(completed).toEqual([{ token: "t2", output: { kind: "changed" } }]);
  });

  it("reminds the party still to act at each stage, nobody once it acted", async () => {
    const remind = (stage: string) =>
      remindAcceptanceTask(deps, {
        projectId: "prj-1",
        stage,
        waitSeconds: 7 * DAY,
        executionStartedAt: STARTED,
        handOverAfterSeconds: 300 * DAY,
      });
    await seed(onAcceptance, {
      status: "in-progress",
      acceptance: acceptance({ fixedBy: [{ party: "bureau", by: "b1", at: STARTED }] }),
    });
    expect(await remind("plan")).toEqual({ reminded: ["enterprise"], handOver: false });
    expect(await remind("request")).toEqual({ reminded: [], handOver: false });
    expect(await notices()).toEqual([{ kind: "acceptance-plan-overdue", at: STARTED, to: "enterprise" }]);
  });

  it("StartNextMilestone after the last starts acceptance with its terms; HandOverAcceptance the next round", async () => {
    await seed({ machine: "project-milestone", execution: "project-prj-1-m2-r1" }, { status: "in-progress" });
    await startNextMilestoneTask(deps, {
      projectId: "prj-1",
      milestone: 2,
      execution: "project-prj-1-m2-r1",
    });
    expect(starts).toEqual([
      {
        machine: "project-acceptance",
        name: A1,
        input: { projectId: "prj-1", round: 1, correlationId: "project-prj-1", terms: acceptanceTerms() },
      },
    ]);
    expect(await handOverAcceptanceTask(deps, { projectId: "prj-1", round: 1, execution: A1 })).toEqual({
      executionName: "project-prj-1-acceptance-r2",
    });
    expect(starts.map((s) => [s.machine, s.name])).toEqual([
      ["project-acceptance", A1],
      ["project-acceptance", "project-prj-1-acceptance-r2"],
    ]);
  });
});
