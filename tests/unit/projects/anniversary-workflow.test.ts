// Unit tests of project-anniversary's tasks (functions/projects/anniversary-workflow.ts, rules/anniversary.ts, the wake in
// inbox.ts) on the in-memory record store with a recording workflow engine: the day moved by extensions, the plan
// within the horizon, the slot only its execution parks in, the tranche made eligible once on the day, the wake by an
// approved extension or an ending, the executions started once by the start's execution in charge.
import { beforeEach, describe, expect, it } from "vitest";
import { bump } from "../../../functions/platform/ports/record-helpers.ts";
import { created, unaudited, updated, workflowAudit } from "../../../functions/platform/ports/records.ts";
import type { WorkflowEngine } from "../../../functions/platform/ports/workflow-engine.ts";
import {
  anniversaryTrancheEligibleTask,
  handOverAnniversaryTask,
  parkAnniversaryTask,
  planAnniversaryTask,
  startAnniversariesTask,
} from "../../../functions/projects/anniversary-workflow.ts";
import type { ProjectDeps } from "../../../functions/projects/common.ts";
import { wakeAnniversaries, withEvent } from "../../../functions/projects/inbox.ts";
import {
  lifecycleKind,
  type ProjectLifecycleRecord,
  type ProjectTrackRecord,
  type TaskBook,
  type TrancheRecord,
  trackKind,
  trancheKind,
} from "../../../functions/projects/model.ts";
import { anniversaryPlan } from "../../../functions/projects/rules/anniversary.ts";
import { type FixedClock, fixedClock } from "../../support/fixed-clock.ts";
import { type MemoryRecordStore, memoryRecordStore } from "../../support/memory-records.ts";

const SIGNED = "2026-03-02";
const STARTED = "2026-03-02T01:00:00.000Z";
/** The first anniversary: 2027-03-02 00:00 in Shanghai. */
const DAY_1 = Date.parse("2027-03-01T16:00:00.000Z");
const START = "project-prj-1-start-r1";
const Y1 = "project-prj-1-y1-r1";

let records: MemoryRecordStore;
let clock: FixedClock;
let deps: ProjectDeps;
let completed: { token: string; output: unknown }[];
let starts: { machine: string; name: string; input: unknown }[];

async function seed(over: Partial<ProjectTrackRecord> = {}) {
  const taskBook = {
    revision: 1,
    signatures: [],
    signedOn: SIGNED,
    milestones: [],
    tranches: [
      { index: 1, condition: { kind: "on-signing" }, conditionToken: "on-signing", amountFen: 100 },
      {
        index: 2,
        condition: { kind: "anniversary", years: 1 },
        conditionToken: "anniversary:1",
        amountFen: 200,
      },
    ],
  } as unknown as TaskBook;
  const track = {
    id: "prj-1",
    version: 1,
    projectId: "prj-1",
    programmeId: "prg-1",
    status: "in-progress",
    taskBook,
    milestones: [],
    phase: 1,
    phaseStartedAt: STARTED,
    notices: [],
    createdAt: STARTED,
    updatedAt: STARTED,
    ...over,
  } as ProjectTrackRecord;
  const tranche = {
    id: "trn-prj-1-2",
    version: 1,
    projectId: "prj-1",
    programmeId: "prg-1",
    index: 2,
    condition: { kind: "anniversary", years: 1 },
    conditionToken: "anniversary:1",
    amountFen: 200,
    payeeOrganisationId: "org-1",
    status: "planned",
    createdAt: STARTED,
    updatedAt: STARTED,
  } as TrancheRecord;
  await records.write(
    [
      created(trackKind, track, workflowAudit("test.seeded")),
      created(trancheKind, tranche, workflowAudit("test.seeded")),
      unaudited(lifecycleKind, undefined, {
        id: "prj-1",
        version: 1,
        projectId: "prj-1",
        lifecycle: { machine: "project-start", execution: START, startedAt: STARTED, delivered: 0, wakes: 0 },
        inbox: [],
        updatedAt: STARTED,
      }),
    ],
    STARTED,
  );
}
const track = async () => (await records.get(trackKind, "prj-1")) as ProjectTrackRecord;
const chain = async () => (await records.get(lifecycleKind, "prj-1")) as ProjectLifecycleRecord;
const tranche = async () => (await records.get(trancheKind, "trn-prj-1-2")) as TrancheRecord;

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

describe("the plan (rules/anniversary.ts)", () => {
  const h = { startedAtMs: Date.parse(STARTED), handOverAfterSeconds: 300 * 86_400 };
  const base = {
    taskBook: { signedOn: SIGNED } as TaskBook,
    status: "in-progress" as const,
    extensions: [] as ProjectTrackRecord["extensions"],
  };
  it("beyond the horizon: waits until the horizon; within it: until the day; on the day: due", () => {
    expect(anniversaryPlan(base, { status: "planned" }, 1, Date.parse(STARTED), h)).toEqual({
      stage: "later",
      seconds: 300 * 86_400,
    });
    const late = { ...h, startedAtMs: DAY_1 - 100 * 86_400_000 };
    expect(anniversaryPlan(base, { status: "planned" }, 1, DAY_1 - 10_000, late)).toEqual({
      stage: "before",
      seconds: 10,
    });
    expect(anniversaryPlan(base, { status: "planned" }, 1, DAY_1, late).stage).toBe("due");
  });
  it("an approved extension moves the day by its months; a closed project or a tranche not planned has ended", () => {
    const late = { ...h, startedAtMs: DAY_1 };
    const extended = {
      ...base,
      extensions: [{ status: "approved", months: 6 }] as unknown as ProjectTrackRecord["extensions"],
    };
    expect(anniversaryPlan(extended, { status: "planned" }, 1, DAY_1, late).stage).toBe("before");
    expect(anniversaryPlan({ ...base, status: "closed" }, { status: "planned" }, 1, DAY_1, late).stage).toBe(
      "ended",
    );
    expect(anniversaryPlan(base, { status: "cancelled" }, 1, DAY_1, late).stage).toBe("ended");
  });
  it("while referred for termination the tranche is held: it looks again a day later", () => {
    const late = { ...h, startedAtMs: DAY_1 };
    expect(
      anniversaryPlan({ ...base, status: "termination-referred" }, { status: "planned" }, 1, DAY_1, late),
    ).toEqual({ stage: "before", seconds: 86_400 });
  });
});

describe("the tasks", () => {
  it("StartAnniversaries: a slot and project-<id>-y1-r1 once, by the execution in charge only", async () => {
    await seed();
    expect(
      await startAnniversariesTask(deps, { projectId: "prj-1", execution: "project-prj-1-start-r0" }),
    ).toEqual({
      started: [],
    });
    expect(await startAnniversariesTask(deps, { projectId: "prj-1", execution: START })).toEqual({
      started: [Y1],
    });
    await startAnniversariesTask(deps, { projectId: "prj-1", execution: START });
    expect((await chain()).lifecycle?.anniversaries).toEqual([{ years: 1, execution: Y1 }]);
    expect(starts.map((s) => [s.machine, s.name])).toEqual([
      ["project-anniversary", Y1],
      ["project-anniversary", Y1],
    ]);
    expect(starts[0]?.input).toMatchObject({ projectId: "prj-1", years: 1, round: 1 });
  });

  it("PlanAnniversary reads the day from the records", async () => {
    await seed();
    clock.advance(DAY_1 - 1000 - clock.now().getTime());
    expect(
      await planAnniversaryTask(deps, {
        projectId: "prj-1",
        years: 1,
        executionStartedAt: new Date(DAY_1 - 86_400_000).toISOString(),
        handOverAfterSeconds: 300 * 86_400,
      }),
    ).toEqual({ stage: "before", seconds: 1 });
  });

  it("the park: only the slot's execution parks; another is answered superseded", async () => {
    await seed();
    await startAnniversariesTask(deps, { projectId: "prj-1", execution: START });
    expect(
      await parkAnniversaryTask(deps, { projectId: "prj-1", years: 1, token: "t1", execution: Y1 }),
    ).toEqual({
      parked: true,
    });
    expect((await chain()).lifecycle?.anniversaries?.[0]?.parked?.taskToken).toBe("t1");
    expect(
      await parkAnniversaryTask(deps, {
        projectId: "prj-1",
        years: 1,
        token: "t0",
        execution: "project-prj-1-y1-r0",
      }),
    ).toEqual({ parked: false });
    expect(completed).toEqual([{ token: "t0", output: { kind: "superseded" } }]);
  });

  it("AnniversaryTrancheEligible: not before the day; on it the tranche is eligible once, finance told", async () => {
    await seed();
    clock.advance(DAY_1 - 1000 - clock.now().getTime());
    expect(await anniversaryTrancheEligibleTask(deps, { projectId: "prj-1", years: 1 })).toEqual({
      reached: false,
    });
    expect((await tranche()).status).toBe("planned");
    clock.advance(DAY_1 - clock.now().getTime());
    expect(await anniversaryTrancheEligibleTask(deps, { projectId: "prj-1", years: 1 })).toEqual({
      reached: true,
    });
    expect(await tranche()).toMatchObject({
      status: "eligible",
      eligible: { by: "workflow", reason: "anniversary:1" },
    });
    const version = (await track()).version;
    expect(await anniversaryTrancheEligibleTask(deps, { projectId: "prj-1", years: 1 })).toEqual({
      reached: true,
    });
    expect((await track()).version).toBe(version);
    expect((await track()).notices.filter((n) => n.kind === "tranche-eligible")).toHaveLength(1);
  });

  it("HandOverAnniversary moves the slot to the next round and starts it; a stale execution starts nothing", async () => {
    await seed();
    await startAnniversariesTask(deps, { projectId: "prj-1", execution: START });
    starts = [];
    const next = { projectId: "prj-1", years: 1, round: 1, execution: Y1 };
    expect(await handOverAnniversaryTask(deps, next)).toEqual({ executionName: "project-prj-1-y1-r2" });
    await handOverAnniversaryTask(deps, { ...next, round: 3, execution: "project-prj-1-y1-r0" });
    expect((await chain()).lifecycle?.anniversaries).toEqual([
      { years: 1, execution: "project-prj-1-y1-r2" },
    ]);
    expect(starts.map((s) => s.name)).toEqual(["project-prj-1-y1-r2"]);
  });
});

describe("the wake (inbox.ts wakeAnniversaries)", () => {
  async function parked() {
    await seed();
    await startAnniversariesTask(deps, { projectId: "prj-1", execution: START });
    await parkAnniversaryTask(deps, { projectId: "prj-1", years: 1, token: "t1", execution: Y1 });
  }
  async function useCase(kind: "extension-approved" | "report-filed") {
    const before = await track();
    const at = "2026-05-01T00:00:00.000Z";
    const after = bump(before, at, {});
    await records.write(
      [updated(trackKind, before, after, workflowAudit("t")), ...withEvent(await chain(), at, kind)],
      at,
    );
    return [await chain(), at] as const;
  }

  it("an approved extension completes the parked anniversary with the event, once", async () => {
    await parked();
    const after = await useCase("extension-approved");
    expect(await wakeAnniversaries(deps, ...after)).toBe(1);
    expect(completed).toEqual([
      { token: "t1", output: expect.objectContaining({ kind: "extension-approved" }) },
    ]);
    expect((await chain()).lifecycle?.anniversaries?.[0]?.parked).toBeUndefined();
    expect(await wakeAnniversaries(deps, ...after)).toBe(0);
  });

  it("an event an anniversary does not take leaves it parked", async () => {
    await parked();
    expect(await wakeAnniversaries(deps, ...(await useCase("report-filed")))).toBe(0);
    expect(completed).toEqual([]);
    expect((await chain()).lifecycle?.anniversaries?.[0]?.parked?.taskToken).toBe("t1");
  });
});
