// Unit: a project's audit trail as the operators' console shows it (operations/console-views.ts) — each record's
// chain checked, and the record at the head of its chain: deleting the newest events is not ok.
import { describe, expect, it } from "vitest";
import { projectAuditTrail } from "../../../functions/operations/console-views.ts";
import { created, updated } from "../../../functions/platform/ports/records.ts";
import { type ProjectRecord, projectKind } from "../../../functions/projects/model.ts";
import { fixedClock } from "../../support/fixed-clock.ts";
import { MemoryRecordTable, memoryRecordStore } from "../../support/memory-records.ts";

const at = "2026-12-01T00:00:00.000Z";
const project = {
  id: "prj-1",
  version: 1,
  programmeId: "prg-1",
  challengeId: "chl-1",
  applicationId: "app-1",
  enterprise: { organisationId: "ent-1", name: "太钢" },
  enterpriseOrganisationIds: ["ent-1"],
  solverLead: { organisationId: "uni-1", name: "太原理工大学" },
  solverMembers: [],
  chiefEngineerId: "p-1",
  rdInvestmentFen: 10_000_000_00,
  grantFen: 3_000_000_00,
  status: "awaiting-task-book",
  noticeId: "ntc-1",
  awardedAt: at,
  createdAt: at,
  updatedAt: at,
} as unknown as ProjectRecord;

async function projectAtVersion(n: number) {
  const table = new MemoryRecordTable();
  const records = memoryRecordStore(table);
  let current = project;
  await records.write(
    [created(projectKind, current, { actor: "workflow", role: "workflow", action: "project.created" })],
    at,
  );
  for (let v = 2; v <= n; v++) {
    const next = { ...current, version: v, updatedAt: at };
    await records.write(
      [updated(projectKind, current, next, { actor: "b1", role: "bureau", action: `project.step-${v}` })],
      at,
    );
    current = next;
  }
  return { table, deps: { records, clock: fixedClock(at) } };
}

describe("a project's audit trail in the console", () => {
  it("is ok when every event is there", async () => {
    const { deps } = await projectAtVersion(4);
    const trail = await projectAuditTrail(deps, "prj-1");
    expect(trail.ok).toBe(true);
    expect(trail.records).toEqual([
      expect.objectContaining({ recordId: "prj-1", version: 4, events: 4, ok: true }),
    ]);
  });

  it("is not ok when the newest events were deleted: the record is ahead of its trail", async () => {
    const { table, deps } = await projectAtVersion(4);
    table.delete("PROJECT#prj-1", "AUDIT#0000000004");
    table.delete("PROJECT#prj-1", "AUDIT#0000000003");
    const trail = await projectAuditTrail(deps, "prj-1");
    expect(trail.ok).toBe(false);
    expect(trail.records).toEqual([
      expect.objectContaining({
        recordId: "prj-1",
        version: 4,
        events: 2,
        ok: false,
        brokenAt: 3,
        reason: "truncated",
      }),
    ]);
  });
});
