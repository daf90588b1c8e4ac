// Test support: the RecordStore contract (functions/platform/ports/records.ts) — the same assertions run against the
// in-memory store (tests/unit/platform/memory-record-store.test.ts) and the DynamoDB adapter on DynamoDB Local
// (tests/adapters/dynamodb-record-store.test.ts), so unit tests on the memory store see what production does.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { chainEvent, genesisHash, recordHash, verifyChains } from "../../functions/kernel/audit-chain.ts";
import {
  type AuditNote,
  created,
  listing,
  type RecordKind,
  type RecordStore,
  recordKey,
  type StoredAuditEvent,
  unaudited,
  updated,
  type VersionedRecord,
  type WriteGuard,
} from "../../functions/platform/ports/records.ts";
import {
  assigneePartitions,
  excludedFrom,
  type Todo,
  todoPartition,
} from "../../functions/platform/ports/todos.ts";

/** A store on a fresh, empty table, and how to open another container's store on that same table. */
export interface StoreUnderTest {
  readonly store: RecordStore;
  /** Another container's store on the same table: its own getRecent memory. */
  another(): RecordStore;
  /** A store on the same table with another deployment's cursor key. */
  otherDeployment(): RecordStore;
}

interface Thing extends VersionedRecord {
  readonly name: string;
  /** Listed under gsi1 "GROUP#<group>" by `rank`, when both are given. */
  readonly group?: string;
  readonly rank?: string;
  /** Listed under gsi2 "STATUS#<status>" by id. */
  readonly status?: string;
  readonly [more: string]: unknown;
}

const thingKind: RecordKind<Thing> = {
  name: "THING",
  indexKeys: (t) => ({
    ...(t.group !== undefined ? { gsi1pk: `GROUP#${t.group}`, gsi1sk: t.rank } : {}),
    ...(t.status !== undefined ? { gsi2pk: `STATUS#${t.status}`, gsi2sk: t.id } : {}),
  }),
};
/** Another kind, listed in the same gsi1 partitions. */
const otherKind: RecordKind<Thing> = { name: "OTHER", indexKeys: thingKind.indexKeys };

const at = "2026-03-02T01:02:03.000Z";
const note: AuditNote = { actor: "u-1", role: "bureau", action: "thing.changed" };

const thing = (id: string, more: Partial<Thing> = {}): Thing => ({ id, version: 1, name: id, ...more });
const next = (t: Thing, more: Partial<Thing> = {}): Thing => ({ ...t, version: t.version + 1, ...more });

/** A guard's failure, told apart from the store's own errors. */
class GuardFailed extends Error {}
const failing = (label: string) => () => new GuardFailed(`guard ${label} failed`);

const conflict = (ids: string) => ({
  name: "DomainError",
  code: "VERSION_CONFLICT",
  kind: "conflict",
  message: `Changed meanwhile: ${ids}; reload and retry`,
  messageZh: `记录已被修改：${ids}，请刷新后重试`,
});
const validation = (message: string) => ({ name: "ValidationException", message });

export function recordStoreContract(open: () => Promise<StoreUnderTest>): void {
  let subject: StoreUnderTest;
  let store: RecordStore;
  beforeEach(async () => {
    subject = await open();
    store = subject.store;
  });
  const create = (...things: Thing[]) =>
    store.write(
      things.map((t) => created(thingKind, t, note)),
      at,
    );
  const ids = async (page: Promise<{ items: VersionedRecord[] }>) => (await page).items.map((t) => t.id);

  describe("reads and writes records", () => {
    it("creates a record at version 1 and reads it with get, getMany and getRecent", async () => {
      const a = thing("a", { group: "g", rank: "1" });
      await create(a, thing("b"));
      expect(await store.get(thingKind, "a")).toEqual(a);
      expect(await store.get(thingKind, "zz")).toBeUndefined();
      expect(await store.get(otherKind, "a")).toBeUndefined();
      expect(await store.getRecent(thingKind, "a", 60_000)).toEqual(a);
      const many = await store.getMany([
        recordKey(thingKind, "b"),
        recordKey(thingKind, "zz"),
        recordKey(thingKind, "a"),
        recordKey(thingKind, "b"),
      ]);
      expect(many.map((t) => t?.id)).toEqual(["b", undefined, "a", "b"]);
      expect(await store.getMany([])).toEqual([]);
      const tooMany = Array.from({ length: 101 }, (_, i) => recordKey(thingKind, `t${i}`));
      await expect(store.getMany(tooMany)).rejects.toThrow("getMany reads at most 100 records");
    });

    it("stores what DynamoDB stores: undefined values dropped, nested maps and lists kept, copies both ways", async () => {
      const written = thing("a", {
        gone: undefined,
        nested: { keep: [1, "two", { three: true, gone: undefined }, null], empty: {}, gone: undefined },
        list: [1, undefined, 2],
        negativeZero: -0,
      });
      await create(written);
      const read = await store.get(thingKind, "a");
      expect(read).toStrictEqual({
        id: "a",
        version: 1,
        name: "a",
        nested: { keep: [1, "two", { three: true }, null], empty: {} },
        list: [1, 2],
        negativeZero: 0,
      });
      (read!["nested"] as { keep: unknown[] }).keep.push("changed by a reader");
      (written["nested"] as { keep: unknown[] }).keep.push("changed by the writer");
      expect((await store.get(thingKind, "a"))!["nested"]).toEqual({
        keep: [1, "two", { three: true }, null],
        empty: {},
      });
      expect(await store.get(thingKind, "a")).not.toBe(await store.get(thingKind, "a"));
    });

    it("refuses what DynamoDB cannot store, writing nothing", async () => {
      await expect(create(thing("nan", { value: Number.NaN }))).rejects.toThrow(
        "Special numeric value NaN is not allowed",
      );
      await expect(create(thing("date", { value: new Date(0) }))).rejects.toThrow("Unsupported type passed");
      await expect(create(thing("big", { text: "x".repeat(420_000) }))).rejects.toMatchObject(
        validation("Item size has exceeded the maximum allowed size"),
      );
      await expect(create(thing("e", { group: "g", rank: "" }))).rejects.toMatchObject(
        validation(
          "One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty string value. IndexName: gsi1, IndexKey: gsi1sk",
        ),
      );
      const found = await store.getMany(["nan", "date", "big", "e"].map((id) => recordKey(thingKind, id)));
      expect(found).toEqual([undefined, undefined, undefined, undefined]);
      // Just under the limit is fine.
      await create(thing("large", { text: "x".repeat(380_000) }));
      expect((await store.get(thingKind, "large"))?.["text"]).toHaveLength(380_000);
    });
  });

  describe("versions", () => {
    it("updates from the version stored; a stale update, an existing id or a missing record is VERSION_CONFLICT", async () => {
      const v1 = thing("a");
      await create(v1);
      const v2 = next(v1, { name: "second" });
      await store.write([updated(thingKind, v1, v2, note)], at);
      expect(await store.get(thingKind, "a")).toEqual(v2);

      await expect(store.write([updated(thingKind, v1, next(v1), note)], at)).rejects.toMatchObject(
        conflict("THING a"),
      );
      await expect(create(thing("a"))).rejects.toMatchObject(conflict("THING a"));
      const ghost = thing("ghost");
      await expect(store.write([updated(thingKind, ghost, next(ghost), note)], at)).rejects.toMatchObject(
        conflict("THING ghost"),
      );
      expect(await store.get(thingKind, "a")).toEqual(v2);
      expect(await store.get(thingKind, "ghost")).toBeUndefined();
      expect((await store.auditTrail(thingKind, "a")).map((e) => e.version)).toEqual([1, 2]);
    });

    it("refuses a version that does not grow by one, and a new record not at version 1", async () => {
      const v1 = thing("a");
      await create(v1);
      await expect(store.write([updated(thingKind, v1, { ...v1, version: 3 }, note)], at)).rejects.toThrow(
        "THING a: version must grow by one",
      );
      await expect(create({ ...thing("b"), version: 2 })).rejects.toThrow(
        "THING b: new records start at version 1",
      );
    });

    it("lets exactly one of two simultaneous updates from the same version win", async () => {
      const v1 = thing("a");
      await create(v1);
      const outcomes = await Promise.allSettled([
        store.write([updated(thingKind, v1, next(v1, { name: "left" }), note)], at),
        subject.another().write([updated(thingKind, v1, next(v1, { name: "right" }), note)], at),
      ]);
      expect(outcomes.map((o) => o.status).sort()).toEqual(["fulfilled", "rejected"]);
      const loser = outcomes.find((o) => o.status === "rejected") as PromiseRejectedResult;
      expect(loser.reason).toMatchObject(conflict("THING a"));
      const winner = outcomes[0]!.status === "fulfilled" ? "left" : "right";
      expect(await store.get(thingKind, "a")).toMatchObject({ version: 2, name: winner });
      expect(verifyChains(chainOf("THING#a", await store.auditTrail(thingKind, "a"))).ok).toBe(true);
    });
  });

  describe("transactions", () => {
    it("writes all or nothing: one stale record leaves the transaction's other records and events unwritten", async () => {
      const b1 = thing("b");
      await create(b1);
      await store.write([updated(thingKind, b1, next(b1), note)], at);
      const stale = store.write(
        [created(thingKind, thing("a"), note), updated(thingKind, b1, next(b1), note)],
        at,
        [{ op: "put-marker", key: "M#a", fields: { n: 1 }, failure: failing("put") }],
      );
      await expect(stale).rejects.toMatchObject(conflict("THING a, THING b"));
      expect(await store.get(thingKind, "a")).toBeUndefined();
      expect(await store.auditTrail(thingKind, "a")).toEqual([]);
      expect(await store.getMarker("M#a")).toBeUndefined();
      expect((await store.get(thingKind, "b"))?.version).toBe(2);
    });

    it("holds at most 50 records and 100 items, and checks no guard when it writes no record", async () => {
      const records = (n: number) =>
        Array.from({ length: n }, (_, i) => created(thingKind, thing(`t${i}`), note));
      await expect(store.write(records(51), at)).rejects.toThrow("a transaction holds at most 50 records");
      const guards: WriteGuard[] = Array.from({ length: 21 }, (_, i) => ({
        op: "check-marker",
        key: `M#${i}`,
        failure: failing(`${i}`),
      }));
      await expect(store.write(records(40), at, guards)).rejects.toThrow(
        "a transaction holds at most 100 items",
      );
      expect(await store.get(thingKind, "t0")).toBeUndefined();
      const absent = { op: "record-version", kind: thingKind, id: "zz", version: 1, failure: failing("zz") };
      await expect(store.write([], at, [absent as WriteGuard])).resolves.toBeUndefined();
      await store.write(records(50), at);
      expect((await store.get(thingKind, "t49"))?.version).toBe(1);
    });

    it("refuses two operations on one item in a transaction", async () => {
      await expect(create(thing("a"), thing("a"))).rejects.toMatchObject(
        validation("Transaction request cannot include multiple operations on one item"),
      );
      const twice = store.write([created(thingKind, thing("b"), note)], at, [
        { op: "check-marker", key: "M", failure: failing("check") },
        { op: "put-marker", key: "M", fields: { n: 1 }, failure: failing("put") },
      ]);
      await expect(twice).rejects.toMatchObject(
        validation("Transaction request cannot include multiple operations on one item"),
      );
      expect(await store.get(thingKind, "a")).toBeUndefined();
      expect(await store.get(thingKind, "b")).toBeUndefined();
    });
  });

  describe("guards and markers", () => {
    it("guards on a record's version: its failure() when the record moved on or is missing", async () => {
      const a1 = thing("a");
      await create(a1);
      const guard = (id: string, version: number, label: string): WriteGuard => ({
        op: "record-version",
        kind: thingKind as unknown as RecordKind<VersionedRecord>,
        id,
        version,
        failure: failing(label),
      });
      await store.write([created(thingKind, thing("b"), note)], at, [guard("a", 1, "a@1")]);
      await store.write([updated(thingKind, a1, next(a1), note)], at);
      const refused = store.write([created(thingKind, thing("c"), note)], at, [guard("a", 1, "a@1")]);
      await expect(refused).rejects.toThrow(new GuardFailed("guard a@1 failed"));
      await expect(
        store.write([created(thingKind, thing("c"), note)], at, [guard("missing", 1, "missing")]),
      ).rejects.toThrow("guard missing failed");
      expect(await store.get(thingKind, "b")).toBeDefined();
      expect(await store.get(thingKind, "c")).toBeUndefined();
    });

    it("guards on a record's absence: its failure() once the record is stored", async () => {
      const absent = (id: string): WriteGuard => ({
        op: "record-absent",
        kind: thingKind as unknown as RecordKind<VersionedRecord>,
        id,
        failure: failing(`absent ${id}`),
      });
      await store.write([created(thingKind, thing("b"), note)], at, [absent("a")]);
      expect(await store.get(thingKind, "b")).toBeDefined();
      await create(thing("a"));
      const refused = store.write([created(thingKind, thing("c"), note)], at, [absent("a")]);
      await expect(refused).rejects.toThrow(new GuardFailed("guard absent a failed"));
      expect(await store.get(thingKind, "c")).toBeUndefined();
    });

    it("puts a marker if absent, or replaces it whole when it meets absentOr; getMarker returns its fields", async () => {
      const put = (id: string, fields: Record<string, string | number | boolean>, absentOr?: object) =>
        store.write([created(thingKind, thing(id), note)], at, [
          {
            op: "put-marker",
            key: "STANDING#o1",
            fields,
            ...(absentOr ? { absentOr } : {}),
            failure: failing(id),
          },
        ] as WriteGuard[]);
      expect(await store.getMarker("STANDING#o1")).toBeUndefined();
      await put("a", { count: 1, latestEnd: "2027-01-01", open: true, kind: "not a field" });
      expect(await store.getMarker("STANDING#o1")).toEqual({ count: 1, latestEnd: "2027-01-01", open: true });
      await expect(put("b", { count: 2 })).rejects.toThrow("guard b failed");
      await expect(put("c", { count: 2 }, { field: "count", op: "=", value: 2 })).rejects.toThrow(
        "guard c failed",
      );
      await expect(put("d", { count: 2 }, { field: "count", op: "=", value: "1" })).rejects.toThrow(
        "guard d failed",
      );
      await expect(put("e", { count: 2 }, { field: "absent", op: "<=", value: 9 })).rejects.toThrow(
        "guard e failed",
      );
      await put("f", { count: 2 }, { field: "count", op: "=", value: 1 });
      expect(await store.getMarker("STANDING#o1")).toEqual({ count: 2 });
      await put("g", { count: 3, latestEnd: "2028-01-01" }, { field: "count", op: "<=", value: 10 });
      expect(await store.getMarker("STANDING#o1")).toEqual({ count: 3, latestEnd: "2028-01-01" });
      expect(
        (await store.getMany(["a", "b", "c", "d", "e", "f", "g"].map((id) => recordKey(thingKind, id)))).map(
          (t) => t?.id,
        ),
      ).toEqual(["a", undefined, undefined, undefined, undefined, "f", "g"]);
    });

    it("checks a marker: absent passes, present passes only the absentOr condition (strings compare as ISO dates)", async () => {
      const check = (id: string, absentOr?: object) =>
        store.write([created(thingKind, thing(id), note)], at, [
          { op: "check-marker", key: "STANDING#o2", ...(absentOr ? { absentOr } : {}), failure: failing(id) },
        ] as WriteGuard[]);
      await check("a");
      await check("b", { field: "latestEnd", op: "<=", value: "2026-01-01" });
      await store.write([created(thingKind, thing("c"), note)], at, [
        {
          op: "put-marker",
          key: "STANDING#o2",
          fields: { latestEnd: "2026-06-30", count: 4 },
          failure: failing("c"),
        },
      ]);
      await expect(check("d")).rejects.toThrow("guard d failed");
      await expect(check("e", { field: "latestEnd", op: "<=", value: "2026-06-29" })).rejects.toThrow(
        "guard e failed",
      );
      await check("f", { field: "latestEnd", op: "<=", value: "2026-06-30" });
      await check("g", { field: "latestEnd", op: "<=", value: "2026-12-01" });
      await expect(check("h", { field: "count", op: "<=", value: 3 })).rejects.toThrow("guard h failed");
      await check("i", { field: "count", op: "<=", value: 30 });
      await expect(check("j", { field: "count", op: "<=", value: "30" })).rejects.toThrow("guard j failed");
      expect(await store.getMarker("STANDING#o2")).toEqual({ latestEnd: "2026-06-30", count: 4 });
    });

    it("deletes a marker that meets the condition; an absent one stays absent; its failure() otherwise", async () => {
      const del = (id: string, value: number) =>
        store.write([created(thingKind, thing(id), note)], at, [
          {
            op: "delete-marker",
            key: "SLOT#1",
            condition: { field: "n", op: "=", value },
            failure: failing(id),
          },
        ]);
      await del("a", 1);
      await store.write([created(thingKind, thing("b"), note)], at, [
        { op: "put-marker", key: "SLOT#1", fields: { n: 5 }, failure: failing("b") },
      ]);
      await expect(del("c", 4)).rejects.toThrow("guard c failed");
      expect(await store.getMarker("SLOT#1")).toEqual({ n: 5 });
      await del("d", 5);
      expect(await store.getMarker("SLOT#1")).toBeUndefined();
    });

    it("throws the first failed guard's failure(), even when a record is stale too", async () => {
      const a1 = thing("a");
      await create(a1);
      await store.write([updated(thingKind, a1, next(a1), note)], at);
      await store.write([created(thingKind, thing("b"), note)], at, [
        { op: "put-marker", key: "TAKEN", fields: { by: "b" }, failure: failing("b") },
      ]);
      const stale = store.write([updated(thingKind, a1, next(a1), note)], at, [
        { op: "check-marker", key: "FREE", failure: failing("free") },
        { op: "check-marker", key: "TAKEN", failure: failing("taken") },
        {
          op: "put-marker",
          key: "OTHER",
          fields: { by: "a" },
          absentOr: { field: "by", op: "=", value: "x" },
          failure: failing("other"),
        },
        { op: "record-version", kind: thingKind as never, id: "zz", version: 1, failure: failing("zz") },
      ]);
      await expect(stale).rejects.toThrow("guard taken failed");
      expect(await store.getMarker("OTHER")).toBeUndefined();
      expect(await store.getMarker("TAKEN")).toEqual({ by: "b" });
    });
  });

  describe("lists", () => {
    it("lists an index partition newest first by default, oldest first when asked, by sort key prefix", async () => {
      await create(
        thing("a", { group: "g", rank: "2026-01#a", status: "open" }),
        thing("b", { group: "g", rank: "2026-03#b", status: "open" }),
        thing("c", { group: "g", rank: "2025-12#c", status: "closed" }),
        thing("d", { group: "h", rank: "2026-02#d", status: "open" }),
        thing("e", { group: "g" }),
      );
      await store.write([created(otherKind, thing("x", { group: "g", rank: "2026-02#x" }), note)], at);
      expect(await ids(store.list(listing("gsi1", "GROUP#g"), { limit: 10 }))).toEqual(["b", "x", "a", "c"]);
      expect(await ids(store.list(listing("gsi1", "GROUP#g"), { limit: 10, newestFirst: false }))).toEqual([
        "c",
        "a",
        "x",
        "b",
      ]);
      expect(
        await ids(store.list(listing("gsi1", "GROUP#g"), { limit: 10, sortKeyPrefix: "2026-0" })),
      ).toEqual(["b", "x", "a"]);
      expect(
        await ids(store.list(listing("gsi1", "GROUP#g"), { limit: 10, sortKeyPrefix: "" })),
      ).toHaveLength(4);
      expect(
        await ids(store.list(listing("gsi2", "STATUS#open"), { limit: 10, newestFirst: false })),
      ).toEqual(["a", "b", "d"]);
      expect(await store.list(listing("gsi1", "GROUP#none"), { limit: 10 })).toEqual({ items: [] });
      // Listed records are whole records.
      const [first] = (await store.list(listing("gsi2", "STATUS#closed"), { limit: 1 })).items;
      expect(first).toEqual(thing("c", { group: "g", rank: "2025-12#c", status: "closed" }));
    });

    it("moves an updated record between partitions", async () => {
      const a1 = thing("a", { status: "open" });
      await create(a1);
      await store.write([updated(thingKind, a1, next(a1, { status: "closed" }), note)], at);
      expect(await ids(store.list(listing("gsi2", "STATUS#open"), { limit: 10 }))).toEqual([]);
      expect(await ids(store.list(listing("gsi2", "STATUS#closed"), { limit: 10 }))).toEqual(["a"]);
    });

    it("pages with a cursor: a full page names a next page, even when that one is empty", async () => {
      await create(...["1", "2", "3", "4", "5"].map((n) => thing(`t${n}`, { group: "g", rank: n })));
      const pages: string[][] = [];
      let cursor: string | undefined;
      do {
        const page = await store.list(listing("gsi1", "GROUP#g"), {
          limit: 2,
          newestFirst: false,
          ...(cursor ? { cursor } : {}),
        });
        pages.push(page.items.map((t) => t.id));
        cursor = page.next;
      } while (cursor);
      expect(pages).toEqual([["t1", "t2"], ["t3", "t4"], ["t5"]]);

      const newest = await store.list(listing("gsi1", "GROUP#g"), { limit: 5 });
      expect(newest.items.map((t) => t.id)).toEqual(["t5", "t4", "t3", "t2", "t1"]);
      expect(newest.next).toEqual(expect.any(String));
      expect(await store.list(listing("gsi1", "GROUP#g"), { limit: 5, cursor: newest.next! })).toEqual({
        items: [],
      });
      // A cursor is bound to its query: asked the other way round, it is refused.
      const two = await store.list(listing("gsi1", "GROUP#g"), { limit: 2 });
      await expect(
        store.list(listing("gsi1", "GROUP#g"), { limit: 5, newestFirst: false, cursor: two.next! }),
      ).rejects.toMatchObject({ code: "INVALID_CURSOR", kind: "validation" });
      // Page sizes may change from page to page.
      expect(await ids(store.list(listing("gsi1", "GROUP#g"), { limit: 1, cursor: two.next! }))).toEqual([
        "t3",
      ]);
    });

    it("pages records sharing one sort key: each exactly once (in an order of the store's choosing)", async () => {
      const tied = ["t1", "t2", "t3", "t4", "t5", "t6", "t7"];
      await create(...tied.map((id) => thing(id, { group: "tie", rank: "same" })));
      for (const newestFirst of [true, false]) {
        const seen: string[] = [];
        let cursor: string | undefined;
        do {
          const page = await store.list(listing("gsi1", "GROUP#tie"), {
            limit: 3,
            newestFirst,
            ...(cursor ? { cursor } : {}),
          });
          seen.push(...page.items.map((t) => t.id));
          cursor = page.next;
        } while (cursor);
        expect(seen.toSorted()).toEqual(tied);
      }
    });

    it("ends a page at 1 MB of items, with a cursor to the rest", async () => {
      const text = "x".repeat(300_000);
      for (const n of ["1", "2", "3", "4", "5"])
        await create(thing(`t${n}`, { group: "big", rank: n, text }));
      const first = await store.list(listing("gsi1", "GROUP#big"), { limit: 10, newestFirst: false });
      expect(first.items.length).toBeLessThan(5);
      expect(first.next).toEqual(expect.any(String));
      const rest = await store.list(listing("gsi1", "GROUP#big"), {
        limit: 10,
        newestFirst: false,
        cursor: first.next!,
      });
      expect([...first.items, ...rest.items].map((t) => t.id)).toEqual(["t1", "t2", "t3", "t4", "t5"]);
    });

    it("refuses a cursor it did not issue, one of another partition or index, and a limit below 1", async () => {
      await create(thing("a", { group: "g", rank: "1", status: "s" }), thing("b", { group: "g", rank: "2" }));
      const page = await store.list(listing("gsi1", "GROUP#g"), { limit: 1 });
      const invalid = { code: "INVALID_CURSOR", kind: "validation" };
      const forged = (key: unknown) => Buffer.from(JSON.stringify(key)).toString("base64url");
      for (const cursor of [
        "not-a-cursor",
        forged({ pk: "x", sk: "y" }),
        forged({}),
        forged({ pk: "THING#a", sk: "THING", gsi1pk: "GROUP#g", gsi1sk: "1" }),
        `${page.next!}A`,
        page.next!.slice(0, -2),
        // One bit of the sealed place changed.
        Buffer.from(Buffer.from(page.next!, "base64url").map((b, i) => (i === 20 ? b ^ 1 : b))).toString(
          "base64url",
        ),
      ]) {
        await expect(
          store.list(listing("gsi1", "GROUP#g"), { limit: 1, cursor }),
          cursor,
        ).rejects.toMatchObject(invalid);
      }
      await expect(
        store.list(listing("gsi1", "GROUP#other"), { limit: 1, cursor: page.next! }),
      ).rejects.toMatchObject(invalid);
      await expect(
        store.list(listing("gsi1", "GROUP#g"), { limit: 1, cursor: page.next!, sortKeyPrefix: "1" }),
      ).rejects.toMatchObject(invalid);
      await expect(
        store.list(listing("gsi2", "STATUS#s"), { limit: 1, cursor: page.next! }),
      ).rejects.toMatchObject(invalid);
      // Another deployment's key does not open it.
      await expect(
        subject.otherDeployment().list(listing("gsi1", "GROUP#g"), { limit: 1, cursor: page.next! }),
      ).rejects.toMatchObject(invalid);
      // Another container of the same deployment does.
      expect(
        await ids(subject.another().list(listing("gsi1", "GROUP#g"), { limit: 1, cursor: page.next! })),
      ).toEqual(["a"]);
      await expect(store.list(listing("gsi1", "GROUP#g"), { limit: 0 })).rejects.toMatchObject(
        validation("Limit must be greater than or equal to 1"),
      );
    });

    it("issues opaque cursors: neither the index's keys nor the record's id can be read in one", async () => {
      await create(
        thing("secret-id", { group: "g", rank: "2026#secret-id" }),
        thing("b", { group: "g", rank: "1" }),
      );
      const page = await store.list(listing("gsi1", "GROUP#g"), { limit: 1 });
      expect(page.items.map((t) => t.id)).toEqual(["secret-id"]);
      const bytes = Buffer.from(page.next!, "base64url");
      for (const text of ["secret-id", "GROUP#g", "gsi1", "THING", "2026"]) {
        expect(bytes.includes(Buffer.from(text)), text).toBe(false);
        expect(page.next!.includes(text), text).toBe(false);
      }
      // Each page's cursor is fresh, even for the same place.
      const again = await store.list(listing("gsi1", "GROUP#g"), { limit: 1 });
      expect(again.next).not.toBe(page.next);
    });
  });

  describe("records of an unaudited kind (execution plumbing)", () => {
    interface Plumbing extends VersionedRecord {
      readonly token: string;
    }
    const plumbingKind: RecordKind<Plumbing> = {
      name: "PROJECT_LIFECYCLE",
      indexKeys: () => ({}),
      unaudited: true,
    };

    it("writes under the version condition with no audit event, alone or in a transaction with audited records", async () => {
      const v1: Plumbing = { id: "p", version: 1, token: "a" };
      await store.write([unaudited(plumbingKind, undefined, v1)], at);
      await expect(store.write([unaudited(plumbingKind, undefined, v1)], at)).rejects.toMatchObject({
        code: "VERSION_CONFLICT",
      });
      const v2 = { ...v1, version: 2, token: "b" };
      await store.write([unaudited(plumbingKind, v1, v2)], at);
      await expect(
        store.write([unaudited(plumbingKind, v1, { ...v1, version: 2, token: "c" })], at),
      ).rejects.toMatchObject({ code: "VERSION_CONFLICT" });
      // With an audited record: all or nothing, the plumbing's stale version refusing both.
      const stale = store.write(
        [
          created(thingKind, thing("t"), note),
          unaudited(plumbingKind, v1, { ...v1, version: 2, token: "d" }),
        ],
        at,
      );
      await expect(stale).rejects.toMatchObject({ code: "VERSION_CONFLICT" });
      expect(await store.get(thingKind, "t")).toBeUndefined();
      await store.write(
        [
          created(thingKind, thing("t"), note),
          unaudited(plumbingKind, v2, { ...v2, version: 3, token: "e" }),
        ],
        at,
      );
      expect(await store.getMany([recordKey(plumbingKind, "p"), recordKey(thingKind, "t")])).toEqual([
        { id: "p", version: 3, token: "e" },
        thing("t"),
      ]);
      expect(await store.auditTrail(plumbingKind, "p")).toEqual([]);
      expect((await store.auditTrail(thingKind, "t")).map((e) => e.version)).toEqual([1]);
    });

    it("refuses an audited write of it, an unaudited write of another kind, and a kind not named unaudited", async () => {
      const p: Plumbing = { id: "p", version: 1, token: "a" };
      await expect(store.write([created(plumbingKind, p, note)], at)).rejects.toThrow(/with an audit event/);
      await expect(store.write([unaudited(thingKind, undefined, thing("t"))], at)).rejects.toThrow(
        /without an audit event/,
      );
      const pretender: RecordKind<Plumbing> = { name: "THING", indexKeys: () => ({}), unaudited: true };
      await expect(store.write([unaudited(pretender, undefined, p)], at)).rejects.toThrow(/unauditedKinds/);
      expect(await store.get(plumbingKind, "p")).toBeUndefined();
    });
  });

  describe("records of a kind stored in parts (RecordParts)", () => {
    interface Big extends VersionedRecord {
      readonly status: string;
      readonly sections: Readonly<Record<string, string>>;
      readonly note?: string;
    }
    /** Each section a part (`sections.<name>`); `note` a part when there is one; the rest the core. */
    const split = (b: Big) => {
      const { sections, note: n, ...core } = b;
      const parts = new Map<string, unknown>(Object.entries(sections).map(([k, v]) => [`sections.${k}`, v]));
      if (n !== undefined) parts.set("note", n);
      return { core, parts };
    };
    const bigKind: RecordKind<Big> = { name: "BIG", indexKeys: () => ({}), parts: { split } };
    /** The same kind as it was before it had parts: one item, the whole record under `data`. */
    const wholeKind: RecordKind<Big> = { name: "BIG", indexKeys: () => ({}) };
    const big = (more: Partial<Big> = {}): Big => ({
      id: "b",
      version: 1,
      status: "open",
      sections: { a: "x".repeat(3000), b: "y".repeat(3000) },
      note: "first",
      ...more,
    });
    const bump = (b: Big, more: Partial<Big>): Big => ({ ...b, version: b.version + 1, ...more });

    it("reads the whole record back after each change, in any container, with its audit chain intact", async () => {
      const v1 = big();
      await store.write([created(bigKind, v1, note)], at);
      expect(await store.get(bigKind, "b")).toEqual(v1);
      const v2 = bump(v1, { sections: { ...v1.sections, a: "changed" } });
      await store.write([updated(bigKind, v1, v2, note)], at);
      // A record read elsewhere (no memory of its parts) updates as well; a part removed is gone from the record.
      const elsewhere = (await subject.another().get(bigKind, "b"))!;
      expect(elsewhere).toEqual(v2);
      const { note: _gone, ...v3 } = bump(elsewhere, { status: "closed" });
      await subject.another().write([updated(bigKind, elsewhere, v3, note)], at);
      expect(await store.getMany([recordKey(bigKind, "b"), recordKey(thingKind, "none")])).toEqual([
        v3,
        undefined,
      ]);
      expect(await subject.another().get(bigKind, "b")).toEqual(v3);
      const trail = await store.auditTrail(bigKind, "b");
      expect(trail.map((e) => [e.version, e.beforeHash, e.afterHash])).toEqual([
        [1, undefined, recordHash(v1)],
        [2, recordHash(v1), recordHash(v2)],
        [3, recordHash(v2), recordHash(v3)],
      ]);
      expect(verifyChains(chainOf("BIG#b", trail)).ok).toBe(true);
      // A stale update is refused whole, as for any record.
      await expect(
        store.write([updated(bigKind, v2, bump(v2, { status: "stale" }), note)], at),
      ).rejects.toMatchObject(conflict("BIG b"));
      expect(await store.get(bigKind, "b")).toEqual(v3);
    });

    it("reads a record stored whole before its kind had parts as it was; its next write stores it in parts", async () => {
      const v1 = big();
      await store.write([created(wholeKind, v1, note)], at);
      const read = (await store.get(bigKind, "b"))!;
      expect(read).toEqual(v1);
      const v2 = bump(read, { status: "closed" });
      await store.write([updated(bigKind, read, v2, note)], at);
      expect(await subject.another().get(bigKind, "b")).toEqual(v2);
      const v3 = bump(v2, { sections: { ...v2.sections, b: "short" } });
      await store.write([updated(bigKind, v2, v3, note)], at);
      expect(await subject.another().getMany([recordKey(bigKind, "b")])).toEqual([v3]);
      expect(verifyChains(chainOf("BIG#b", await store.auditTrail(bigKind, "b"))).ok).toBe(true);
    });

    it("gives the whole record to a reader that names the kind alone (no parts declared): get and getMany", async () => {
      const v1 = big();
      await store.write([created(bigKind, v1, note)], at);
      const v2 = bump(v1, { status: "closed" });
      await store.write([updated(bigKind, v1, v2, note)], at);
      const named: RecordKind<Big> = { name: "BIG", indexKeys: () => ({}) };
      expect(await subject.another().get(named, "b")).toEqual(v2);
      expect(await subject.another().getMany([recordKey(named, "b"), recordKey(thingKind, "no")])).toEqual([
        v2,
        undefined,
      ]);
    });

    it("stores a record whole when its parts would not fit in one transaction, and reads it the same", async () => {
      const sections = Object.fromEntries(Array.from({ length: 120 }, (_, i) => [`k${i}`, `v${i}`]));
      const v1 = big({ sections });
      await store.write([created(bigKind, v1, note)], at);
      expect(await subject.another().get(bigKind, "b")).toEqual(v1);
      const v2 = bump(v1, { sections: { ...sections, k7: "changed" } });
      await store.write([updated(bigKind, v1, v2, note)], at);
      // Fewer parts again: stored in parts from this write on.
      const v3 = bump(v2, { sections: { k7: "changed" } });
      await store.write([updated(bigKind, v2, v3, note)], at);
      expect(await subject.another().getMany([recordKey(bigKind, "b")])).toEqual([v3]);
      expect(verifyChains(chainOf("BIG#b", await store.auditTrail(bigKind, "b"))).ok).toBe(true);
    });

    it("refuses a kind whose parts do not join back into the record, and one with index keys", async () => {
      const lossy: RecordKind<Big> = {
        name: "BIG",
        indexKeys: () => ({}),
        parts: { split: (b: Big) => ({ core: { id: b.id, version: b.version }, parts: new Map() }) },
      };
      await expect(store.write([created(lossy, big(), note)], at)).rejects.toThrow(/do not join back/);
      const listed: RecordKind<Big> = { ...bigKind, indexKeys: () => ({ gsi1pk: "BIGS", gsi1sk: "b" }) };
      await expect(store.write([created(listed, big(), note)], at)).rejects.toThrow(/read by id only/);
      expect(await store.get(bigKind, "b")).toBeUndefined();
    });
  });

  describe("audit events", () => {
    it("writes one event per change, hash-chained as the verifier checks it", async () => {
      const v1 = thing("a", { status: "open" });
      const v2 = next(v1, { status: "closed" });
      const v3 = next(v2, { name: "renamed" });
      await create(v1);
      await store.write(
        [
          updated(thingKind, v1, v2, {
            ...note,
            action: "thing.closed",
            detail: { why: "done", gone: undefined },
          }),
        ],
        "2026-03-03T00:00:00.000Z",
      );
      await store.write(
        [updated(thingKind, v2, v3, { actor: "u-2", role: "admin", action: "thing.renamed" })],
        at,
      );
      const trail = await store.auditTrail(thingKind, "a");
      expect(trail.map(({ prevHash: _p, hash: _h, ...content }) => content)).toEqual([
        { ...note, recordKind: "THING", recordId: "a", version: 1, at, afterHash: recordHash(v1) },
        {
          ...note,
          action: "thing.closed",
          detail: { why: "done" },
          recordKind: "THING",
          recordId: "a",
          version: 2,
          at: "2026-03-03T00:00:00.000Z",
          beforeHash: recordHash(v1),
          afterHash: recordHash(v2),
        },
        {
          actor: "u-2",
          role: "admin",
          action: "thing.renamed",
          recordKind: "THING",
          recordId: "a",
          version: 3,
          at,
          beforeHash: recordHash(v2),
          afterHash: recordHash(v3),
        },
      ]);
      expect(trail[0]!.prevHash).toBe(genesisHash);
      for (const [i, event] of trail.entries()) {
        const { hash, prevHash, ...content } = event;
        expect(hash).toBe(chainEvent(content, prevHash!).hash);
        if (i > 0) expect(prevHash).toBe(trail[i - 1]!.hash);
      }
      expect(verifyChains(chainOf("THING#a", trail))).toEqual({
        ok: true,
        records: 1,
        events: 3,
        breaks: [],
      });
      expect(await store.auditTrail(thingKind, "zz")).toEqual([]);
      expect(await store.auditTrail(otherKind, "a")).toEqual([]);
    });

    it("chains an update of a record read from a list, or from another container, as one read with get", async () => {
      const v1 = thing("a", { group: "g", rank: "1" });
      await create(v1);
      const [listed] = (await store.list(listing("gsi1", "GROUP#g"), { limit: 1 })).items as Thing[];
      await subject.another().write([updated(thingKind, listed!, next(listed!), note)], at);
      const v2 = (await subject.another().get(thingKind, "a"))!;
      await store.write([updated(thingKind, v2, next(v2), note)], at);
      const trail = await store.auditTrail(thingKind, "a");
      expect(trail.map((e) => e.version)).toEqual([1, 2, 3]);
      expect(verifyChains(chainOf("THING#a", trail)).ok).toBe(true);
    });
  });

  describe("getRecent", () => {
    beforeEach(() => {
      vi.useFakeTimers({ toFake: ["performance"] });
    });
    afterEach(() => {
      vi.useRealTimers();
    });

    it("answers from its own read within the age, sees another container's write after it, its own at once", async () => {
      const v1 = thing("a");
      await create(v1);
      const elsewhere = subject.another();
      const [first, same] = await Promise.all([
        store.getRecent(thingKind, "a", 1000),
        store.getRecent(thingKind, "a", 1000),
      ]);
      expect(same).toBe(first);
      await elsewhere.write([updated(thingKind, v1, next(v1, { name: "elsewhere" }), note)], at);
      vi.advanceTimersByTime(1000);
      expect(await store.getRecent(thingKind, "a", 1000)).toBe(first);
      expect((await store.getRecent(thingKind, "a", 0))?.name).toBe("elsewhere");
      vi.advanceTimersByTime(1001);
      const v2 = (await store.getRecent(thingKind, "a", 1000))!;
      expect(v2).toMatchObject({ version: 2, name: "elsewhere" });
      await store.write([updated(thingKind, v2, next(v2, { name: "here" }), note)], at);
      expect((await store.getRecent(thingKind, "a", 60_000))?.name).toBe("here");
      expect(await store.getRecent(thingKind, "missing", 60_000)).toBeUndefined();
    });
  });

  describe("to-dos (the projection written with the records)", () => {
    /** A thing waits for `waitsFor` (a user id, "role@org" or "role") while its status is "open", due `due`. */
    interface Task extends VersionedRecord {
      readonly status: "open" | "done";
      readonly waitsFor: readonly string[];
      readonly since: string;
      readonly due?: string;
      readonly maker?: string;
    }
    const taskKind: RecordKind<Task> = {
      name: "TASK",
      indexKeys: () => ({}),
      todos: (t): Todo[] =>
        t.status !== "open"
          ? []
          : [
              {
                action: "task.do",
                since: t.since,
                ...(t.due ? { deadline: t.due } : {}),
                title: `task ${t.id}`,
                link: `/tasks/${t.id}`,
                assignees: t.waitsFor.map((w) =>
                  w.startsWith("u-")
                    ? { user: w }
                    : w.includes("@")
                      ? { role: w.split("@")[0]!, organisationId: w.split("@")[1]! }
                      : { role: w },
                ),
                ...(t.maker ? { exceptUsers: [t.maker] } : {}),
              },
            ],
    };
    const task = (id: string, more: Partial<Task> = {}): Task => ({
      id,
      version: 1,
      status: "open",
      waitsFor: ["finance"],
      since: "2026-03-01T00:00:00.000Z",
      ...more,
    });
    const finance = { userId: "u-fin", organisationId: "org-city", roles: ["finance"] };
    const mine = (person = finance, options: { limit?: number; cursor?: string } = {}) =>
      store.todos(assigneePartitions(person), {
        limit: options.limit ?? 10,
        ...(options.cursor ? { cursor: options.cursor } : {}),
        skip: (t) => excludedFrom(t, person),
      });
    const ids = async (page: ReturnType<typeof mine>) => (await page).items.map((t) => t.recordId);

    it("writes a record's to-dos with it and ends them with the change that ends them", async () => {
      const t1 = task("t1");
      await store.write([created(taskKind, t1, note)], at);
      const [todo] = (await mine()).items;
      expect(todo).toEqual({
        id: "TASK#t1#task.do",
        recordKind: "TASK",
        recordId: "t1",
        action: "task.do",
        since: "2026-03-01T00:00:00.000Z",
        title: "task t1",
        link: "/tasks/t1",
      });
      await store.write([updated(taskKind, t1, { ...t1, version: 2, status: "done" }, note)], at);
      expect(await ids(mine())).toEqual([]);
    });

    it("leaves the to-dos as they were when the transaction fails", async () => {
      const t1 = task("t1");
      await store.write([created(taskKind, t1, note)], at);
      const stale = { ...t1, version: 5 };
      await expect(
        store.write([updated(taskKind, stale, { ...stale, version: 6, status: "done" }, note)], at),
      ).rejects.toMatchObject({ code: "VERSION_CONFLICT" });
      await store.write([created(thingKind, thing("m"), note)], at, [
        { op: "put-marker", key: "GUARD#x", fields: { n: 1 }, failure: failing("put") },
      ]);
      await expect(
        store.write([updated(taskKind, t1, { ...t1, version: 2, status: "done" }, note)], at, [
          { op: "check-marker", key: "GUARD#x", failure: failing("x") },
        ]),
      ).rejects.toThrow(GuardFailed);
      expect(await ids(mine())).toEqual(["t1"]);
    });

    it("lists the most urgent first: earliest deadline, then no deadline by age; moves a to-do whose deadline changes", async () => {
      const late = task("late", { due: "2026-03-20T00:00:00.000Z" });
      await store.write(
        [
          created(taskKind, task("old", { since: "2026-02-01T00:00:00.000Z" }), note),
          created(taskKind, task("young", { since: "2026-03-02T00:00:00.000Z" }), note),
          created(taskKind, late, note),
          created(taskKind, task("soon", { due: "2026-03-05T00:00:00.000Z" }), note),
        ],
        at,
      );
      expect(await ids(mine())).toEqual(["soon", "late", "old", "young"]);
      await store.write(
        [updated(taskKind, late, { ...late, version: 2, due: "2026-03-03T00:00:00.000Z" }, note)],
        at,
      );
      expect(await ids(mine())).toEqual(["late", "soon", "old", "young"]);
    });

    it("merges the person's keys — user, role in the organisation, role — each to-do once, paged by sealed cursors", async () => {
      await store.write(
        [
          created(taskKind, task("a", { waitsFor: ["u-fin"], since: "2026-03-01T00:00:01.000Z" }), note),
          created(
            taskKind,
            task("b", { waitsFor: ["finance@org-city"], since: "2026-03-01T00:00:02.000Z" }),
            note,
          ),
          created(
            taskKind,
            task("c", { waitsFor: ["finance", "u-fin"], since: "2026-03-01T00:00:03.000Z" }),
            note,
          ),
          created(taskKind, task("d", { waitsFor: ["finance"], since: "2026-03-01T00:00:04.000Z" }), note),
          created(taskKind, task("x", { waitsFor: ["finance@org-other", "u-other", "bureau"] }), note),
        ],
        at,
      );
      const first = await mine(finance, { limit: 2 });
      expect(first.items.map((t) => t.recordId)).toEqual(["a", "b"]);
      const second = await mine(finance, { limit: 2, cursor: first.next! });
      expect(second.items.map((t) => t.recordId)).toEqual(["c", "d"]);
      expect(second.next).toBeUndefined();
      const other = { userId: "u-other", organisationId: "org-city", roles: ["finance"] };
      await expect(mine(other, { limit: 2, cursor: first.next! })).rejects.toMatchObject({
        code: "INVALID_CURSOR",
      });
      await expect(
        subject.otherDeployment().todos(assigneePartitions(finance), { limit: 2, cursor: first.next! }),
      ).rejects.toMatchObject({ code: "INVALID_CURSOR" });
      expect(await store.countTodos(assigneePartitions(finance), { cap: 99 })).toEqual({
        count: 4,
        capped: false,
      });
      expect(await store.countTodos(assigneePartitions(finance), { cap: 3 })).toEqual({
        count: 3,
        capped: true,
      });
      expect(todoPartition({ role: "finance", organisationId: "org-city" })).toBe(
        "TODO#ROLE#finance@org-city",
      );
    });

    it("four eyes: the maker's own to-do is skipped, still filling the page from further items", async () => {
      await store.write(
        [1, 2, 3, 4, 5].map((n) =>
          created(
            taskKind,
            task(`p${n}`, { since: `2026-03-01T00:00:0${n}.000Z`, ...(n <= 3 ? { maker: "u-fin" } : {}) }),
            note,
          ),
        ),
        at,
      );
      expect(await ids(mine(finance, { limit: 2 }))).toEqual(["p4", "p5"]);
      const colleague = { userId: "u-fin2", organisationId: "org-city", roles: ["finance"] };
      expect(await ids(mine(colleague))).toEqual(["p1", "p2", "p3", "p4", "p5"]);
      expect(
        await store.countTodos(assigneePartitions(finance), {
          cap: 99,
          skip: (t) => excludedFrom(t, finance),
        }),
      ).toEqual({ count: 2, capped: false });
    });
  });
}

/** Events as the verifier reads them from storage: by record, at the position of their version. */
function chainOf(record: string, trail: readonly StoredAuditEvent[]) {
  return trail.map((event) => ({
    record,
    position: event.version,
    event: event as unknown as Record<string, unknown>,
  }));
}
