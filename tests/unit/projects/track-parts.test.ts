// Unit tests: the project track stored in parts (model.ts trackParts; docs/project-lifecycle.md, "Write units") — the
// parts join back into the track exactly, a change of one milestone rewrites the core and that milestone's parts only,
// and a track stored whole (written before the track had parts, its notices and chain copy inside) reads as it was
// and continues: its next write stores it in parts, and the project reads the same.
import { beforeEach, describe, expect, it } from "vitest";
import { canonicalJson } from "../../../functions/kernel/audit-chain.ts";
import {
  created,
  joinStored,
  type RecordKind,
  workflowAudit,
} from "../../../functions/platform/ports/records.ts";
import type { ProjectDeps } from "../../../functions/projects/common.ts";
import { escalateReportTask } from "../../../functions/projects/milestone-workflow.ts";
import {
  type MilestoneProgress,
  type ProjectTrackRecord,
  type TaskBook,
  trackKind,
  trackParts,
} from "../../../functions/projects/model.ts";
import { fixedClock } from "../../support/fixed-clock.ts";
import { type MemoryRecordStore, memoryRecordStore } from "../../support/memory-records.ts";

const STARTED = "2026-03-02T01:00:00.000Z";
const LATER = "2026-07-02T01:00:00.000Z";

const milestone = (index: number, over: Partial<MilestoneProgress> = {}): MilestoneProgress => ({
  index,
  status: "pending",
  dueDate: index === 1 ? "2026-06-30" : "2027-03-31",
  files: [
    {
      fileId: `f-${index}`,
      kind: "progress-report",
      fileName: "进展报告.pdf",
      contentType: "application/pdf",
      sizeBytes: 1024,
      sha256: "a".repeat(64),
      key: `uploads/prj-1/${index}/f-${index}`,
      reservedAt: STARTED,
    },
  ],
  reports: [],
  panel: [],
  rectificationUsed: false,
  ...over,
});

/** A track as the version before parts wrote it: everything inside, the chain's copy and a notice too. */
const oldTrack = (): ProjectTrackRecord => ({
  id: "prj-1",
  version: 1,
  projectId: "prj-1",
  programmeId: "prg-1",
  status: "in-progress",
  taskBook: { revision: 1, signatures: [], tranches: [], milestones: [] } as unknown as TaskBook,
  milestones: [
    milestone(1),
    milestone(2, {
      auditReports: [{ event: "review-1", jsonKey: "j", htmlKey: "h", sha256: "b".repeat(64), at: STARTED }],
    }),
  ],
  phase: 1,
  phaseStartedAt: STARTED,
  lifecycle: {
    machine: "project-milestone",
    execution: "project-prj-1-m1-r1",
    startedAt: STARTED,
    delivered: 0,
    wakes: 0,
  },
  inbox: [],
  notices: [{ kind: "milestone-reminder", milestone: 1, at: STARTED, to: "enterprise" }],
  extensions: [],
  createdAt: STARTED,
  updatedAt: STARTED,
});

/** The track's kind as it was before it had parts: one item, the whole track under `data`. */
const wholeTrackKind: RecordKind<ProjectTrackRecord> = { ...trackKind, parts: undefined } as never;

let records: MemoryRecordStore;
let deps: ProjectDeps;
beforeEach(() => {
  records = memoryRecordStore();
  deps = { records, clock: fixedClock(LATER), workflows: {} as never, documents: {} as never };
});

const items = () => records.table.items().filter((i) => String(i["pk"]) === "PROJECT_TRACK#prj-1");

describe("the track in parts", () => {
  it("splits into a small core and parts, named by their paths, that join back into the very track", () => {
    const track = oldTrack();
    const { core, parts } = trackParts.split(track);
    const joined = (c: Record<string, unknown>, p: ReadonlyMap<string, unknown>) =>
      canonicalJson(joinStored(c, [...p.keys()], p));
    expect(joined(core, parts)).toBe(canonicalJson(track));
    expect(Object.keys(core)).not.toContain("milestones");
    expect(Object.keys(core)).not.toContain("taskBook");
    expect([...parts.keys()].sort()).toEqual([
      "extensions",
      "milestones.0",
      "milestones.0.files",
      "milestones.0.reports",
      "milestones.1",
      "milestones.1.auditReports",
      "milestones.1.files",
      "milestones.1.reports",
      "notices",
      "taskBook",
    ]);
    // A long plan keeps each milestone in one part (its parts fit one transaction), and joins back.
    const long = { ...track, milestones: Array.from({ length: 36 }, (_, i) => milestone(i + 1)) };
    const coarse = trackParts.split(long);
    expect(coarse.parts.size).toBe(36 + 3);
    expect(joined(coarse.core, coarse.parts)).toBe(canonicalJson(long));
    // No milestones: the empty list stays in the core.
    const none = trackParts.split({ ...track, milestones: [] });
    expect(joined(none.core, none.parts)).toBe(canonicalJson({ ...track, milestones: [] }));
  });

  it("a track stored whole reads as it was, continues, and is stored in parts from its next write", async () => {
    const old = oldTrack();
    await records.write([created(wholeTrackKind, old, workflowAudit("test.seeded"))], STARTED);
    expect(items().filter((i) => String(i["sk"]).startsWith("PROJECT_TRACK#"))).toEqual([]);
    expect(await records.get(trackKind, "prj-1")).toEqual(old);

    // The due date passed without a report: the bureau is told (a change of milestone 1, a notice on the track).
    expect(await escalateReportTask(deps, { projectId: "prj-1", milestone: 1 })).toEqual({ escalated: true });
    const after = (await records.get(trackKind, "prj-1"))!;
    expect(after).toEqual({
      ...old,
      version: 2,
      updatedAt: LATER,
      milestones: [{ ...old.milestones[0], escalatedAt: LATER }, old.milestones[1]],
      notices: [...old.notices, { kind: "milestone-overdue", milestone: 1, at: LATER, to: "bureau" }],
    });
    // Stored in parts now: the core keeps neither the task book nor the milestones, each part is an item.
    const core = items().find((i) => i["sk"] === "PROJECT_TRACK")!;
    expect(Object.keys(core["data"] as object)).not.toContain("milestones");
    expect(core["parts"]).toEqual(
      expect.arrayContaining(["taskBook", "milestones.0", "milestones.0.files", "milestones.1", "notices"]),
    );
    expect(await records.getMany([{ kind: trackKind as never, id: "prj-1" }])).toEqual([after]);

    // The next change of milestone 1 rewrites the core and milestone 1's state, nothing else.
    // The table's own item objects (items() gives copies): a rewritten item is a new object.
    const sks = items().map((i) => String(i["sk"]));
    const own = () => new Map(sks.map((sk) => [sk, records.table.get("PROJECT_TRACK#prj-1", sk)]));
    const stored = own();
    await records.write(
      [
        {
          op: "update",
          kind: trackKind as never,
          before: after,
          after: {
            ...after,
            version: 3,
            milestones: [{ ...after.milestones[0]!, status: "returned" }, after.milestones[1]!],
          } as ProjectTrackRecord,
          audit: workflowAudit("test.changed"),
        },
      ],
      LATER,
    );
    const now = own();
    const rewritten = items()
      .map((i) => String(i["sk"]))
      .filter((sk) => !stored.has(sk) || stored.get(sk) !== now.get(sk))
      .sort();
    expect(rewritten).toEqual(["AUDIT#0000000003", "PROJECT_TRACK", "PROJECT_TRACK#milestones.0"]);
    expect((await records.get(trackKind, "prj-1"))!.milestones[0]!.status).toBe("returned");
  });
});
