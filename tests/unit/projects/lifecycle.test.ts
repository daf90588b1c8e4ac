// Unit tests of the chain of executions' park, wake and hand-overs (functions/projects/lifecycle.ts, inbox.ts) on the
// in-memory record store with a recording workflow engine: an event is handed to a parked callback once, whichever of
// the wake and the park comes first; a timed-out callback gives it back; only the execution in charge parks; the wake
// budget asks for a hand-over; the records moved past the stage say `changed`; a hand-over starts its successor once.
import { beforeEach, describe, expect, it } from "vitest";
import { bump } from "../../../functions/platform/ports/record-helpers.ts";
import { created, unaudited, updated, workflowAudit } from "../../../functions/platform/ports/records.ts";
import type { ExecutionStatus, WorkflowEngine } from "../../../functions/platform/ports/workflow-engine.ts";
import type { ProjectDeps } from "../../../functions/projects/common.ts";
import { deliverEvents, loadChain, withEvent } from "../../../functions/projects/inbox.ts";
import {
  handOverMilestoneTask,
  parkStageTask,
  startNextMilestoneTask,
} from "../../../functions/projects/lifecycle.ts";
import { resumeChain } from "../../../functions/projects/lifecycle-resume.ts";
import {
  type Lifecycle,
  lifecycleKind,
  type MilestoneProgress,
  type ProjectLifecycleRecord,
  type ProjectTrackRecord,
  projectExecutionId,
  projectExecutionKind,
  type TaskBook,
  trackKind,
  wakeBudget,
} from "../../../functions/projects/model.ts";
import { type FixedClock, fixedClock } from "../../support/fixed-clock.ts";
import { type MemoryRecordStore, memoryRecordStore } from "../../support/memory-records.ts";

const STARTED = "2026-03-02T01:00:00.000Z";
const M1 = "project-prj-1-m1-r1";

let records: MemoryRecordStore;
let clock: FixedClock;
let deps: ProjectDeps;
/** Tokens completed and what with; tokens in `expired` answer false (the callback had timed out). */
let completed: { token: string; output: unknown }[];
let expired: Set<string>;
let starts: { machine: string; name: string; input: unknown }[];
/** Each execution's status as the engine reports it (started ones RUNNING); none: never started. */
let statuses: Map<string, ExecutionStatus>;

const milestone = (index: number, over: Partial<MilestoneProgress> = {}): MilestoneProgress => ({
  index,
  status: "pending",
  dueDate: "2026-06-30",
  files: [],
  reports: [],
  panel: [],
  rectificationUsed: false,
  ...over,
});

/**
 * A track, on the chain unless `lifecycle` is null: its bookkeeping in its own record, or (`legacy`) on the track as
 * tracks written before that record existed carry it.
 */
async function seed(
  lifecycle: Partial<Lifecycle> | null = {},
  over: Partial<ProjectTrackRecord> = {},
  legacy = false,
) {
  const taskBook = { revision: 1, signatures: [], tranches: [], milestones: [] } as unknown as TaskBook;
  const track: ProjectTrackRecord = {
    id: "prj-1",
    version: 1,
    projectId: "prj-1",
    programmeId: "prg-1",
    status: "in-progress",
    taskBook,
    milestones: [milestone(1), milestone(2, { dueDate: "2027-03-31" })],
    phase: 1,
    phaseStartedAt: STARTED,
    notices: [],
    ...(lifecycle && legacy ? { lifecycle: { ...chained, ...lifecycle } } : {}),
    createdAt: STARTED,
    updatedAt: STARTED,
    ...over,
  };
  await records.write([created(trackKind, track, workflowAudit("test.seeded"))], STARTED);
  if (lifecycle && !legacy) {
    const record: ProjectLifecycleRecord = {
      id: "prj-1",
      version: 1,
      projectId: "prj-1",
      lifecycle: { ...chained, ...lifecycle },
      inbox: [],
      updatedAt: STARTED,
    };
    await records.write([unaudited(lifecycleKind, undefined, record)], STARTED);
  }
}
const chained: Lifecycle = {
  machine: "project-milestone",
  execution: M1,
  startedAt: STARTED,
  delivered: 0,
  wakes: 0,
};
const track = async () => (await records.get(trackKind, "prj-1")) as ProjectTrackRecord;
/** The chain's bookkeeping as the use cases read it (the record, or a track's copy from before it). */
const chain = async () => (await loadChain(deps, "prj-1")) as ProjectLifecycleRecord;

/** A use case's change: the event appended in the same write. */
async function useCase(kind: "report-filed" | "extension-approved" | "terminated", change = {}) {
  const before = await track();
  const at = clock.now().toISOString();
  await records.write(
    [
      updated(trackKind, before, bump(before, at, change), workflowAudit("t")),
      ...withEvent(await loadChain(deps, "prj-1"), at, kind, 1),
    ],
    at,
  );
}

const park = (token: string, over: Partial<Parameters<typeof parkStageTask>[1]> = {}) =>
  parkStageTask(deps, {
    projectId: "prj-1",
    milestone: 1,
    keyMilestone: false,
    stage: "report",
    token,
    execution: M1,
    ...over,
  });

beforeEach(() => {
  records = memoryRecordStore();
  clock = fixedClock(STARTED);
  completed = [];
  expired = new Set();
  starts = [];
  statuses = new Map();
  const workflows: WorkflowEngine = {
    start: async (machine, name, input) => {
      starts.push({ machine, name, input });
      if (!statuses.has(name)) statuses.set(name, "RUNNING");
      return { executionArn: name, startedAt: STARTED };
    },
    completeTask: async (token, output) => {
      if (expired.has(token)) return false;
      completed.push({ token, output });
      return true;
    },
    failTask: async () => true,
    status: async (_machine, name) => statuses.get(name),
  };
  deps = { records, clock, workflows, documents: {} as never };
});

describe("the track's item", () => {
  it("carries no index keys: it is read by id only, and an index entry would bill each park and event again", async () => {
    await seed();
    expect(trackKind.indexKeys(await track())).toEqual({});
  });
});

describe("the inbox", () => {
  it("is not written for a project on project-phase (no lifecycle): its execution is woken without an event", async () => {
    await seed(null);
    await useCase("report-filed");
    expect((await chain())?.inbox).toBeUndefined();
  });

  it("keeps the last 50 events with their sequence going on", async () => {
    await seed();
    for (let i = 0; i < 52; i++) await useCase("extension-approved");
    const inbox = (await chain())?.inbox ?? [];
    expect(inbox).toHaveLength(50);
    expect([inbox[0]?.seq, inbox.at(-1)?.seq]).toEqual([3, 52]);
  });
});

describe("the chain's bookkeeping record (PROJECT_LIFECYCLE)", () => {
  it("a park and a delivery write it alone, with no audit event, and leave the track as it was", async () => {
    await seed();
    const before = await track();
    await park("t1");
    await useCase("report-filed");
    expect(await deliverEvents(deps, "prj-1")).toBe(true);
    const after = await track();
    // The use case wrote the track once (its change); the park and the delivery did not touch it.
    expect(after.version).toBe(before.version + 1);
    expect((await records.auditTrail(trackKind, "prj-1")).map((e) => e.action)).toEqual(["test.seeded", "t"]);
    expect(await records.auditTrail(lifecycleKind, "prj-1")).toEqual([]);
    expect(await chain()).toMatchObject({ version: 4, lifecycle: { delivered: 1, wakes: 1 } });
  });

  it("a use case's event and its change are one transaction: a stale bookkeeping record refuses both", async () => {
    await seed();
    const stale = await chain();
    const before = await track();
    await park("t1"); // moves the record's version
    const at = clock.now().toISOString();
    await expect(
      records.write(
        [
          updated(trackKind, before, bump(before, at, {}), workflowAudit("t")),
          ...withEvent(stale, at, "report-filed", 1),
        ],
        at,
      ),
    ).rejects.toMatchObject({ code: "VERSION_CONFLICT" });
    expect((await track()).version).toBe(before.version);
    expect((await chain()).inbox).toEqual([]);
  });

  it("a track written before the record existed: its copy is read, and the first write creates the record", async () => {
    await seed({ delivered: 2 }, {}, true);
    const before = await track();
    expect(await records.get(lifecycleKind, "prj-1")).toBeUndefined();
    expect(await chain()).toMatchObject({ version: 0, lifecycle: { execution: M1, delivered: 2 } });
    await useCase("report-filed");
    expect(await records.get(lifecycleKind, "prj-1")).toMatchObject({
      version: 1,
      inbox: [expect.objectContaining({ seq: 3, kind: "report-filed" })],
    });
    expect(await park("t1")).toEqual({ parked: false });
    expect(completed).toEqual([{ token: "t1", output: expect.objectContaining({ seq: 3 }) }]);
    // From now on the record is read; the track's old copy is left as it was.
    expect((await chain()).lifecycle.delivered).toBe(3);
    expect((await track()).lifecycle).toEqual(before.lifecycle);
  });
});

describe("an event reaches the parked callback once", () => {
  it("the wake after the use case hands it to the parked token; a second wake hands nothing", async () => {
    await seed();
    expect(await park("t1")).toEqual({ parked: true });
    await useCase("report-filed");
    expect(await deliverEvents(deps, "prj-1")).toBe(true);
    expect(await deliverEvents(deps, "prj-1")).toBe(false);
    expect(completed).toEqual([
      { token: "t1", output: expect.objectContaining({ seq: 1, kind: "report-filed" }) },
    ]);
    expect((await chain())?.lifecycle).toMatchObject({ delivered: 1, wakes: 1 });
    expect((await chain())?.lifecycle?.parked).toBeUndefined();
  });

  it("an event written before the park (between two tasks) is delivered by the park itself", async () => {
    await seed();
    await useCase("report-filed");
    expect(await deliverEvents(deps, "prj-1")).toBe(false); // nobody parked
    expect(await park("t1")).toEqual({ parked: false });
    expect(completed).toEqual([{ token: "t1", output: expect.objectContaining({ kind: "report-filed" }) }]);
    // The next park waits: nothing left.
    expect(await park("t2")).toEqual({ parked: true });
    expect(completed).toHaveLength(1);
  });

  it("a callback that had timed out gives the event back; the next park delivers it", async () => {
    await seed();
    await park("t1");
    expired.add("t1");
    await useCase("report-filed");
    expect(await deliverEvents(deps, "prj-1")).toBe(false);
    expect((await chain())?.lifecycle?.delivered).toBe(0);
    expect(await park("t2")).toEqual({ parked: false });
    expect(completed).toEqual([{ token: "t2", output: expect.objectContaining({ kind: "report-filed" }) }]);
  });

  it("two events in a row: the oldest first, the next at the following park", async () => {
    await seed();
    await useCase("extension-approved");
    await useCase("terminated");
    await park("t1");
    await park("t2");
    expect(completed.map((c) => (c.output as { kind: string }).kind)).toEqual([
      "extension-approved",
      "terminated",
    ]);
  });

  it("a retried park of the same token writes nothing and waits", async () => {
    await seed();
    await park("t1");
    const version = (await chain()).version;
    expect(await park("t1")).toEqual({ parked: true });
    expect((await chain()).version).toBe(version);
  });
});

describe("the park answers at once", () => {
  it("superseded, to an execution no longer in charge (it ends)", async () => {
    await seed({ execution: "project-prj-1-m1-r2" });
    expect(await park("t1")).toEqual({ parked: false });
    expect(completed).toEqual([{ token: "t1", output: { kind: "superseded" } }]);
  });

  it("hand-over, once the execution has taken its wake budget", async () => {
    await seed({ wakes: wakeBudget });
    await useCase("report-filed");
    await park("t1");
    expect(completed).toEqual([{ token: "t1", output: { kind: "hand-over" } }]);
    // The event stays for the next execution.
    expect((await chain())?.lifecycle?.delivered).toBe(0);
  });

  it("changed, when the records are past the stage it parks for (it locates the milestone again)", async () => {
    await seed({}, { milestones: [milestone(1, { status: "awaiting-payment-opinion" }), milestone(2)] });
    await park("t1", { stage: "review" });
    expect(completed).toEqual([{ token: "t1", output: { kind: "changed" } }]);
    expect(await park("t2", { stage: "opinion" })).toEqual({ parked: true });
  });
});

describe("the park writes the audit reports of decisions not yet reported", () => {
  it("the review's verdict (审计报告, JSON + HTML) before the execution waits for the payment opinion, once", async () => {
    const stored = new Map<string, string>();
    deps = {
      ...deps,
      reports: {
        putOnce: async (key, body) => {
          const written = !stored.has(key);
          if (written) stored.set(key, body);
          return { sha256: `sha-${key}`, written };
        },
        read: async (key) => stored.get(key),
      },
    };
    const decided = {
      seq: 1,
      summary: "done",
      indicators: [],
      fileIds: [],
      filedBy: "ent-1",
      filedAt: STARTED,
      votes: [{ expertId: "exp-1", verdict: "pass" as const, comment: "ok", at: STARTED }],
      decision: { verdict: "pass" as const, at: STARTED },
    };
    const taskBook = {
      revision: 1,
      signatures: [],
      tranches: [],
      grantFen: 100_000_00,
      milestones: [{ index: 1, title: "样机", indicators: [] }],
    } as unknown as TaskBook;
    await seed(
      {},
      {
        taskBook,
        milestones: [milestone(1, { status: "awaiting-payment-opinion", reports: [decided] }), milestone(2)],
      },
    );
    expect(await park("t1", { stage: "opinion" })).toEqual({ parked: true });
    expect([...stored.keys()].sort()).toEqual([
      "projects/prj-1/milestones/1/review-1.html",
      "projects/prj-1/milestones/1/review-1.json",
    ]);
    const after = await track();
    expect(after.milestones[0]?.auditReports?.map((r) => r.event)).toEqual(["review-1"]);
    expect((await chain()).lifecycle.parked?.taskToken).toBe("t1");
    // A later park finds it reported and writes nothing more.
    expect(await park("t1", { stage: "opinion" })).toEqual({ parked: true });
    expect(stored.size).toBe(2);
  });
});

describe("the hand-overs", () => {
  it("HandOverMilestone moves the chain to the next round and starts it once, however often it runs", async () => {
    await seed({ delivered: 3, wakes: 40, parked: { taskToken: "t1", stage: "report", since: STARTED } });
    const input = { projectId: "prj-1", milestone: 1, round: 1, execution: M1 };
    expect(await handOverMilestoneTask(deps, input)).toEqual({ executionName: "project-prj-1-m1-r2" });
    expect(await handOverMilestoneTask(deps, input)).toEqual({ executionName: "project-prj-1-m1-r2" });
    expect((await chain())?.lifecycle).toEqual({
      machine: "project-milestone",
      execution: "project-prj-1-m1-r2",
      startedAt: STARTED,
      delivered: 3,
      wakes: 0,
    });
    expect(await records.get(projectExecutionKind, projectExecutionId("project-prj-1-m1-r2"))).toMatchObject({
      machine: "project-milestone",
    });
    // The hand-over's audit event: the execution's record created, from the execution before it.
    expect(
      (await records.auditTrail(projectExecutionKind, projectExecutionId("project-prj-1-m1-r2"))).map((e) => [
        e.action,
        e.detail,
      ]),
    ).toEqual([["project.execution-created", { executionName: "project-prj-1-m1-r2", from: M1 }]]);
    // StartExecution by name is idempotent; the records were written once.
    expect(starts.map((s) => s.name)).toEqual(["project-prj-1-m1-r2", "project-prj-1-m1-r2"]);
    expect(starts[0]?.input).toMatchObject({
      projectId: "prj-1",
      milestone: 1,
      round: 2,
      keyMilestone: false,
    });
  });

  it("an execution no longer in charge starts nothing", async () => {
    // A later round of the same milestone took over (a hand-over): the older round's StartNextMilestone is stale.
    await seed({ execution: "project-prj-1-m1-r2" });
    await startNextMilestoneTask(deps, { projectId: "prj-1", milestone: 1, execution: M1 });
    expect(starts).toEqual([]);
    expect((await chain())?.lifecycle?.execution).toBe("project-prj-1-m1-r2");
  });

  it("StartNextMilestone: the next milestone's first round, and acceptance after the last", async () => {
    await seed();
    expect(await startNextMilestoneTask(deps, { projectId: "prj-1", milestone: 1, execution: M1 })).toEqual({
      executionName: "project-prj-1-m2-r1",
    });
    expect(
      await startNextMilestoneTask(deps, {
        projectId: "prj-1",
        milestone: 2,
        execution: "project-prj-1-m2-r1",
      }),
    ).toEqual({ executionName: "project-prj-1-acceptance-r1" });
    expect(starts.map((s) => [s.machine, s.name])).toEqual([
      ["project-milestone", "project-prj-1-m2-r1"],
      ["project-acceptance", "project-prj-1-acceptance-r1"],
    ]);
  });
});

describe("an operator's resume of the chain (resumeChain)", () => {
  const by = { operator: "ops-li", reason: "执行失败，按记录续跑" };

  it("a failed execution's stage again in its next round, handed over once and audited with who and why", async () => {
    await seed();
    statuses.set(M1, "FAILED");
    const resumed = await resumeChain(deps, "prj-1", by);
    expect(resumed).toEqual({
      projectId: "prj-1",
      from: { executionName: M1, status: "FAILED" },
      outcome: "resumed",
      executionName: "project-prj-1-m1-r2",
    });
    expect(starts.map((x) => [x.machine, x.name])).toEqual([["project-milestone", "project-prj-1-m1-r2"]]);
    expect(starts[0]?.input).toMatchObject({ projectId: "prj-1", milestone: 1, round: 2 });
    expect((await chain()).lifecycle).toMatchObject({ execution: "project-prj-1-m1-r2", wakes: 0 });
    expect(await records.auditTrail(projectExecutionKind, projectExecutionId("project-prj-1-m1-r2"))).toEqual(
      [
        expect.objectContaining({
          actor: "ops-li",
          role: "admin",
          action: "project.execution-resumed",
          detail: {
            executionName: "project-prj-1-m1-r2",
            from: M1,
            fromStatus: "FAILED",
            reason: "执行失败，按记录续跑",
          },
        }),
      ],
    );
    // Again: the new round runs, so nothing more starts.
    await expect(resumeChain(deps, "prj-1", by)).rejects.toMatchObject({ code: "EXECUTION_RUNNING" });
    expect(starts).toHaveLength(1);
  });

  it("the next stage when the records moved past the ended execution's (milestone 1 passed: milestone 2, round 1)", async () => {
    await seed(
      {},
      { milestones: [milestone(1, { status: "passed" }), milestone(2, { dueDate: "2027-03-31" })] },
    );
    statuses.set(M1, "TIMED_OUT");
    const resumed = await resumeChain(deps, "prj-1", by);
    expect(resumed.executionName).toBe("project-prj-1-m2-r1");
    expect(starts[0]?.input).toMatchObject({ milestone: 2, round: 1 });
  });

  it("passes over a round whose name is taken", async () => {
    await seed();
    statuses.set(M1, "ABORTED");
    statuses.set("project-prj-1-m1-r2", "FAILED");
    expect((await resumeChain(deps, "prj-1", by)).executionName).toBe("project-prj-1-m1-r3");
  });

  it("starts by its name an execution the chain names but that never started (a hand-over that died before it)", async () => {
    await seed();
    const resumed = await resumeChain(deps, "prj-1", by);
    expect(resumed).toMatchObject({ outcome: "started", executionName: M1, from: { status: "none" } });
    expect(starts.map((x) => x.name)).toEqual([M1]);
    expect((await chain()).version).toBe(1);
  });

  it("refuses while the execution runs, for a closed project and for one still on project-phase, writing nothing", async () => {
    await seed();
    statuses.set(M1, "RUNNING");
    await expect(resumeChain(deps, "prj-1", by)).rejects.toMatchObject({ code: "EXECUTION_RUNNING" });
    statuses.set(M1, "PENDING_REDRIVE");
    await expect(resumeChain(deps, "prj-1", by)).rejects.toMatchObject({ code: "EXECUTION_RUNNING" });
    expect((await chain()).version).toBe(1);

    records = memoryRecordStore();
    deps = { ...deps, records };
    await seed({}, { status: "closed" });
    statuses.set(M1, "FAILED");
    await expect(resumeChain(deps, "prj-1", by)).rejects.toMatchObject({ code: "PROJECT_CLOSED" });

    records = memoryRecordStore();
    deps = { ...deps, records };
    await seed(null);
    await expect(resumeChain(deps, "prj-1", by)).rejects.toMatchObject({ code: "NOT_ON_CHAIN" });
    expect(starts).toEqual([]);
  });
});
