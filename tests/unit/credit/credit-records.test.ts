// Unit tests of the credit record use cases (functions/credit/credit-records.ts) on the in-memory record store and a
// fixed clock: the record and the organisation's credit standing written together, the retry when the standing
// changed meanwhile, refusals, blocking and the guards an application's transaction carries.
import { describe, expect, it } from "vitest";
import {
  addCreditRecord,
  creditClearGuards,
  creditStanding,
  creditStandingKey,
  findBlockingCreditRecord,
  listCreditRecords,
} from "../../../functions/credit/credit-records.ts";
import { creditRecordKind } from "../../../functions/credit/model.ts";
import { created, type RecordStore } from "../../../functions/platform/ports/records.ts";
import { fixedClock } from "../../support/fixed-clock.ts";
import { memoryRecordStore } from "../../support/memory-records.ts";

const bureau = { userId: "u-bureau", role: "bureau" };
// 20:00 UTC is 04:00 the next day in Asia/Shanghai: the record's date is Shanghai's.
const clockAt = "2026-05-04T20:00:00.000Z";

function setup() {
  const records = memoryRecordStore();
  const clock = fixedClock(clockAt);
  let n = 0;
  return { records, clock, deps: { records, clock, newId: () => `crd-${++n}` } };
}

/** An unrelated record written with `guards`, as an application's transaction would carry them. */
const writeGuarded = (records: RecordStore, id: string, guards: Parameters<RecordStore["write"]>[2]) =>
  records.write(
    [created(creditRecordKind, { id, version: 1 } as never, { actor: "u", role: "r", action: "probe" })],
    clockAt,
    guards,
  );

describe("addCreditRecord", () => {
  it("records a 36-month block from today in Shanghai, audited, with the organisation's standing", async () => {
    const { records, deps } = setup();
    const record = await addCreditRecord(deps, bureau, {
      organisationId: "org-1",
      reason: "false reporting",
    });
    expect(record).toEqual({
      id: "crd-1",
      version: 1,
      organisationId: "org-1",
      recordedOn: "2026-05-05",
      blockedUntil: "2029-05-05",
      reason: "false reporting",
      source: "bureau",
      createdBy: "u-bureau",
      createdAt: clockAt,
      updatedAt: clockAt,
    });
    expect(await records.get(creditRecordKind, "crd-1")).toEqual(record);
    expect(await records.auditTrail(creditRecordKind, "crd-1")).toEqual([
      expect.objectContaining({
        actor: "u-bureau",
        role: "bureau",
        action: "credit-record.added",
        detail: { organisationId: "org-1", blockedUntil: "2029-05-05", source: "bureau" },
        at: clockAt,
      }),
    ]);
    const standing = await records.getMarker(creditStandingKey("org-1"));
    expect(standing).toMatchObject({ count: 1, latestEnd: "2029-05-05" });
    expect(JSON.parse(String(standing?.["intervals"]))).toEqual([
      { id: "crd-1", recordedOn: "2026-05-05", blockedUntil: "2029-05-05" },
    ]);
  });

  it("counts each further record in the standing, keeping the latest end", async () => {
    const { records, deps } = setup();
    await addCreditRecord(deps, bureau, { organisationId: "org-1", reason: "a", blockMonths: 12 });
    await addCreditRecord(deps, bureau, {
      organisationId: "org-1",
      reason: "b",
      recordedOn: "2026-01-10",
      blockedUntil: "2026-07-01",
      source: "project-recovery",
      projectId: "prj-1",
    });
    expect(await records.getMarker(creditStandingKey("org-1"))).toMatchObject({
      count: 2,
      latestEnd: "2027-05-05",
    });
    expect(await records.get(creditRecordKind, "crd-2")).toMatchObject({
      source: "project-recovery",
      projectId: "prj-1",
    });
  });

  it("refuses a block that does not end after it starts, writing nothing", async () => {
    const { records, deps } = setup();
    await expect(
      addCreditRecord(deps, bureau, {
        organisationId: "org-1",
        reason: "x",
        recordedOn: "2026-05-05",
        blockedUntil: "2026-05-05",
      }),
    ).rejects.toMatchObject({
      code: "CREDIT_RECORD_PERIOD_INVALID",
      kind: "validation",
      fields: [expect.objectContaining({ path: "body.blockedUntil" })],
    });
    expect(records.table.items()).toEqual([]);
  });

  it("reads the standing again when another entry changed it meanwhile, and keeps both", async () => {
    const { records, clock } = setup();
    let raced = false;
    // Another entry for the same organisation lands between this one's read of the standing and its write.
    const racing: RecordStore = {
      ...records,
      async write(writes, at, guards) {
        if (!raced) {
          raced = true;
          await addCreditRecord({ records, clock, newId: () => "crd-rival" }, bureau, {
            organisationId: "org-1",
            reason: "rival",
          });
        }
        return records.write(writes, at, guards);
      },
    };
    await addCreditRecord({ records: racing, clock, newId: () => "crd-mine" }, bureau, {
      organisationId: "org-1",
      reason: "mine",
    });
    const standing = await records.getMarker(creditStandingKey("org-1"));
    expect(standing?.["count"]).toBe(2);
    expect((JSON.parse(String(standing?.["intervals"])) as { id: string }[]).map((i) => i.id)).toEqual([
      "crd-rival",
      "crd-mine",
    ]);
    expect(await records.auditTrail(creditRecordKind, "crd-mine")).toHaveLength(1);
  });
});

describe("credit standing", () => {
  it("blocks from the first day to the day before blockedUntil", async () => {
    const { records, deps } = setup();
    const record = await addCreditRecord(deps, bureau, { organisationId: "org-1", reason: "x" });
    expect(await findBlockingCreditRecord(records, ["org-2", "org-1"], "2026-05-04")).toBeUndefined();
    expect(await findBlockingCreditRecord(records, ["org-2", "org-1"], "2026-05-05")).toEqual(record);
    expect(await findBlockingCreditRecord(records, ["org-1"], "2029-05-04")).toEqual(record);
    expect(await findBlockingCreditRecord(records, ["org-1"], "2029-05-05")).toBeUndefined();
    expect(await findBlockingCreditRecord(records, ["org-2"], "2027-01-01")).toBeUndefined();
  });

  it("guards the standings read: a write carrying them fails once a credit record was added meanwhile", async () => {
    const { records, deps } = setup();
    await addCreditRecord(deps, bureau, { organisationId: "org-1", reason: "old", blockMonths: 1 });
    const read = await creditStanding(records, ["org-1", "org-2"], "2026-12-01");
    expect(read.blocking).toBeUndefined();
    expect(read.guards).toHaveLength(2);
    await writeGuarded(records, "probe-1", read.guards);

    const again = await creditStanding(records, ["org-1", "org-2"], "2026-12-01");
    await addCreditRecord(deps, bureau, { organisationId: "org-2", reason: "new" });
    await expect(writeGuarded(records, "probe-2", again.guards)).rejects.toMatchObject({
      code: "VERSION_CONFLICT",
      kind: "conflict",
      message: "The credit standing of org-2 changed meanwhile; retry",
    });
    expect(await records.get(creditRecordKind, "probe-2")).toBeUndefined();
  });

  it("clears without a read while no standing ends after the day, and refuses when one does", async () => {
    const { records, deps } = setup();
    await writeGuarded(records, "probe-1", creditClearGuards(["org-1"], "2026-06-01"));
    await addCreditRecord(deps, bureau, { organisationId: "org-1", reason: "x" });
    await expect(
      writeGuarded(records, "probe-2", creditClearGuards(["org-1"], "2026-06-01")),
    ).rejects.toMatchObject({
      code: "VERSION_CONFLICT",
      message: "The credit standing of org-1 changed meanwhile; retry",
    });
    await writeGuarded(records, "probe-3", creditClearGuards(["org-1"], "2029-05-05"));
    expect(await records.get(creditRecordKind, "probe-3")).toBeDefined();
  });
});

describe("listCreditRecords", () => {
  it("lists an organisation's records, latest first, a page at a time", async () => {
    const { deps } = setup();
    for (const recordedOn of ["2025-01-01", "2026-03-01", "2025-07-01"]) {
      await addCreditRecord(deps, bureau, { organisationId: "org-1", reason: recordedOn, recordedOn });
    }
    await addCreditRecord(deps, bureau, { organisationId: "org-2", reason: "other" });
    const first = await listCreditRecords(deps, "org-1", { limit: 2 });
    expect(first.items.map((r) => r.recordedOn)).toEqual(["2026-03-01", "2025-07-01"]);
    const rest = await listCreditRecords(deps, "org-1", { limit: 2, cursor: first.next! });
    expect(rest.items.map((r) => r.recordedOn)).toEqual(["2025-01-01"]);
    expect(rest.next).toBeUndefined();
  });
});
