// Adapter unit tests (aws-sdk-client-mock): the record store's getRecent — one read shared within its age, a fresh read
// after it or after this store's own write, a failed read not remembered — and an update's audit item.
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { randomCursorKey } from "../../functions/platform/cursors.ts";
import { dynamoRecordStore } from "../../functions/platform/dynamodb/record-store.ts";
import {
  created,
  type RecordKind,
  updated,
  type VersionedRecord,
} from "../../functions/platform/ports/records.ts";

interface Thing extends VersionedRecord {
  readonly name: string;
}
const thingKind: RecordKind<Thing> = { name: "THING", indexKeys: () => ({}) };
const at = "2026-11-24T00:00:00.000Z";
const audit = { actor: "u1", role: "bureau", action: "thing.changed" };

const ddb = mockClient(DynamoDBDocumentClient);
let store: ReturnType<typeof dynamoRecordStore>;

beforeEach(() => {
  ddb.reset();
  vi.useFakeTimers({ toFake: ["performance"] });
  store = dynamoRecordStore(
    DynamoDBDocumentClient.from(new DynamoDBClient({ region: "us-east-1" })),
    "tbl",
    randomCursorKey(),
  );
  ddb
    .on(GetCommand, { Key: { pk: "THING#t1", sk: "THING" } })
    .resolves({ Item: { data: { id: "t1", version: 1, name: "one" }, auditHash: "h1" } });
  ddb.on(TransactWriteCommand).resolves({});
});
afterEach(() => {
  vi.useRealTimers();
});

describe("dynamoRecordStore.getRecent", () => {
  it("shares one read among callers within its age, simultaneous or not, and reads afresh after it", async () => {
    const [a, b] = await Promise.all([
      store.getRecent(thingKind, "t1", 1000),
      store.getRecent(thingKind, "t1", 1000),
    ]);
    vi.advanceTimersByTime(999);
    const c = await store.getRecent(thingKind, "t1", 1000);
    expect([a?.name, b?.name, c?.name]).toEqual(["one", "one", "one"]);
    expect(ddb.commandCalls(GetCommand)).toHaveLength(1);
    vi.advanceTimersByTime(2);
    await store.getRecent(thingKind, "t1", 1000);
    expect(ddb.commandCalls(GetCommand)).toHaveLength(2);
    // An age of 0 (the optimistic path's second run) always reads.
    vi.advanceTimersByTime(1);
    await store.getRecent(thingKind, "t1", 0);
    expect(ddb.commandCalls(GetCommand)).toHaveLength(3);
    expect(ddb.commandCalls(GetCommand)[0]!.args[0].input.ConsistentRead).toBe(true);
  });

  it("reads afresh once this store has written the record, and does not remember a failed read", async () => {
    const before = (await store.getRecent(thingKind, "t1", 60_000))!;
    await store.write([updated(thingKind, before, { ...before, version: 2, name: "two" }, audit)], at);
    ddb
      .on(GetCommand, { Key: { pk: "THING#t1", sk: "THING" } })
      .resolves({ Item: { data: { id: "t1", version: 2, name: "two" }, auditHash: "h2" } });
    expect((await store.getRecent(thingKind, "t1", 60_000))?.name).toBe("two");
    expect(ddb.commandCalls(GetCommand)).toHaveLength(2);

    ddb.on(GetCommand, { Key: { pk: "THING#t2", sk: "THING" } }).rejectsOnce(new Error("throttled"));
    await expect(store.getRecent(thingKind, "t2", 60_000)).rejects.toThrow("throttled");
    ddb
      .on(GetCommand, { Key: { pk: "THING#t2", sk: "THING" } })
      .resolves({ Item: { data: { id: "t2", version: 1, name: "t2" }, auditHash: "h" } });
    expect((await store.getRecent(thingKind, "t2", 60_000))?.name).toBe("t2");
  });
});

describe("dynamoRecordStore.write", () => {
  it("guards the record by its version and writes the audit item without a condition of its own", async () => {
    const first: Thing = { id: "t3", version: 1, name: "a" };
    await store.write([created(thingKind, first, audit)], at);
    await store.write([updated(thingKind, first, { ...first, version: 2, name: "b" }, audit)], at);
    const [create, update] = ddb
      .commandCalls(TransactWriteCommand)
      .map((c) => c.args[0].input.TransactItems!);
    expect(create![0]!.Put!.ConditionExpression).toBe("attribute_not_exists(pk)");
    expect(update![0]!.Put!.ConditionExpression).toBe("#d.#v = :previous");
    expect(update![1]!.Put!.ConditionExpression).toBeUndefined();
    // The update chains to the create's event and states the hash of the record it replaced.
    const createdEvent = create![1]!.Put!.Item!;
    const updatedEvent = update![1]!.Put!.Item!;
    expect(updatedEvent["prevHash"]).toBe(createdEvent["hash"]);
    expect(updatedEvent["beforeHash"]).toBe(createdEvent["afterHash"]);
  });
});
