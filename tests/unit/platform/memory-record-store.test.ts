// Unit tests of the in-memory RecordStore (tests/support/memory-records.ts): the RecordStore contract, the same one
// the DynamoDB adapter passes on DynamoDB Local (tests/adapters/dynamodb-record-store.test.ts), and what only the
// memory store can show.
import { describe, expect, it } from "vitest";
import { randomCursorKey } from "../../../functions/platform/cursors.ts";
import {
  created,
  type RecordKind,
  updated,
  type VersionedRecord,
} from "../../../functions/platform/ports/records.ts";
import { memoryRecordStore } from "../../support/memory-records.ts";
import { recordStoreContract } from "../../support/record-store-contract.ts";

const kind: RecordKind<VersionedRecord & { status: string }> = {
  name: "THING",
  indexKeys: (t) => ({ gsi2pk: `STATUS#${t.status}`, gsi2sk: t.id }),
};
const note = { actor: "u-1", role: "bureau", action: "thing.changed" };
const at = "2026-03-02T01:02:03.000Z";

describe("memoryRecordStore", () => {
  recordStoreContract(async () => {
    const store = memoryRecordStore();
    return {
      store,
      another: () => memoryRecordStore(store.table),
      otherDeployment: () => memoryRecordStore(store.table, randomCursorKey()),
    };
  });

  it("holds the items the DynamoDB adapter writes: the record with its index keys, its audit events, markers", async () => {
    const store = memoryRecordStore();
    const v1 = { id: "a", version: 1, status: "open" };
    await store.write([created(kind, v1, note)], at, [
      { op: "put-marker", key: "CLAIM#a", fields: { by: "u-1" }, failure: () => new Error("taken") },
    ]);
    const [event] = await store.auditTrail(kind, "a");
    expect(store.table.items()).toEqual([
      { pk: "CLAIM#a", sk: "MARKER", kind: "marker", by: "u-1" },
      { pk: "THING#a", sk: "AUDIT#0000000001", kind: "audit", ...event },
      {
        pk: "THING#a",
        sk: "THING",
        kind: "THING",
        gsi2pk: "STATUS#open",
        gsi2sk: "a",
        data: v1,
        auditHash: event?.hash,
      },
    ]);
  });

  it("refuses a write and a guard on one record in a transaction, as DynamoDB does (DynamoDB Local lets it through)", async () => {
    const store = memoryRecordStore();
    const v1 = { id: "a", version: 1, status: "open" };
    await store.write([created(kind, v1, note)], at);
    const guard = {
      op: "record-version" as const,
      kind: kind as unknown as RecordKind<VersionedRecord>,
      id: "a",
      version: 1,
      failure: () => new Error("moved on"),
    };
    await expect(
      store.write([updated(kind, v1, { ...v1, version: 2, status: "closed" }, note)], at, [guard]),
    ).rejects.toMatchObject({
      name: "ValidationException",
      message: "Transaction request cannot include multiple operations on one item",
    });
    expect(await store.get(kind, "a")).toEqual(v1);
  });
});
