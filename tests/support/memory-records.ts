// Test support: an in-memory RecordStore (functions/platform/ports/records.ts) for unit tests, holding the very items
// the DynamoDB adapter (functions/platform/dynamodb/record-store.ts) writes, with its conditions, errors and cursors.
// tests/support/record-store-contract.ts checks both implementations against the same assertions.
import { chainEvent, genesisHash, recordHash } from "../../functions/kernel/audit-chain.ts";
import { conflictError } from "../../functions/kernel/errors.ts";
import { type CursorKey, randomCursorKey } from "../../functions/platform/cursors.ts";
import { decodeCursor, encodeCursor, type ListingPlace } from "../../functions/platform/dynamodb/cursor.ts";
import {
  partItem,
  partPlans,
  partsToWrite,
  storedPartsOf,
} from "../../functions/platform/dynamodb/record-parts.ts";
import { type TodoQuery, todoCount, todoPage } from "../../functions/platform/dynamodb/todo-page.ts";
import {
  isUnaudited,
  joinStored,
  type Listing,
  type MarkerCondition,
  type RecordKey,
  type RecordKind,
  type RecordStore,
  type RecordWrite,
  type StoredAuditEvent,
  type VersionedRecord,
  type WriteGuard,
  writtenRecord,
} from "../../functions/platform/ports/records.ts";
import { type StoredTodo, todoChanges } from "../../functions/platform/ports/todos.ts";

/** An item as the table holds it: attributes in their stored form (what the document client would unmarshall). */
type Item = Record<string, unknown>;

/**
 * What DynamoDB answers a malformed request with (the SDK's error of that name): several operations on one item, an
 * item over 400 KB, a bad index key or page cursor.
 */
export class ValidationException extends Error {
  override readonly name = "ValidationException";
}

/** Item size limit (400 KB) and a query page's (1 MB), as DynamoDB counts them. */
const maxItemBytes = 400 * 1024;
const maxPageBytes = 1024 * 1024;

// Keys exactly as the adapter writes them (its audit-chain.ts writes the audit sort key).
const recordKey = (kind: string, id: string) => ({ pk: `${kind}#${id}`, sk: kind });
const markerKey = (key: string) => ({ pk: key, sk: "MARKER" });
const auditSortKey = (version: number) => `AUDIT#${String(version).padStart(10, "0")}`;

/**
 * The table's items, by partition and sort key. Several stores may be opened on one table: each is a container with
 * its own getRecent memory, as Lambda containers sharing one DynamoDB table are.
 */
export class MemoryRecordTable {
  readonly #partitions = new Map<string, Map<string, Item>>();
  /** The deployment's page cursor key, shared by every store (container) on this table. */
  readonly cursorKey: CursorKey = randomCursorKey();

  get(pk: string, sk: string): Item | undefined {
    return this.#partitions.get(pk)?.get(sk);
  }

  /** Items of one partition whose sort key begins with `prefix`, by sort key. */
  partition(pk: string, prefix: string): Item[] {
    return [...(this.#partitions.get(pk)?.values() ?? [])]
      .filter((item) => String(item["sk"]).startsWith(prefix))
      .sort((a, b) => compareBytes(String(a["sk"]), String(b["sk"])));
  }

  /** Every item (a copy), by partition and sort key: for a test to see what was written, or that nothing was. */
  items(): Item[] {
    return [...this.#partitions.keys()]
      .sort(compareBytes)
      .flatMap((pk) => this.partition(pk, ""))
      .map((item) => structuredClone(item));
  }

  /** Items (the table's own objects) listed under an index's partition key. */
  indexed(pkAttribute: string, partition: string): Item[] {
    return [...this.#partitions.values()].flatMap((items) =>
      [...items.values()].filter((item) => item[pkAttribute] === partition),
    );
  }

  put(item: Item): void {
    const pk = String(item["pk"]);
    const items = this.#partitions.get(pk) ?? new Map<string, Item>();
    items.set(String(item["sk"]), item);
    this.#partitions.set(pk, items);
  }

  delete(pk: string, sk: string): void {
    this.#partitions.get(pk)?.delete(sk);
  }
}

export interface MemoryRecordStore extends RecordStore {
  readonly table: MemoryRecordTable;
}

/** A RecordStore on `table` (a new, empty one by default), sealing cursors with the table's key unless told another. */
export function memoryRecordStore(
  table: MemoryRecordTable = new MemoryRecordTable(),
  cursorKey: CursorKey = table.cursorKey,
): MemoryRecordStore {
  /** getRecent's reads: when each was asked (performance.now()) and its answer; a write through this store drops its keys. */
  const recent = new Map<string, { askedAt: number; read: Promise<VersionedRecord | undefined> }>();

  /**
   * A kind stored in parts (RecordParts), as the adapter reads it: the core item and its part items of the record's
   * partition; `parts` are the parts as stored (canonical JSON by name), only those the core lists.
   */
  function readParted(kind: RecordKind<VersionedRecord>, id: string) {
    const { pk, sk } = recordKey(kind.name, id);
    const core = table.get(pk, sk);
    if (!core) return undefined;
    const values = new Map(
      table
        .partition(pk, `${kind.name}#`)
        .map((item) => [String(item["sk"]).slice(kind.name.length + 1), structuredClone(item["value"])]),
    );
    const listed = Array.isArray(core["parts"]) ? (core["parts"] as string[]) : undefined;
    const data = structuredClone(core["data"]) as Record<string, unknown>;
    return { record: joinStored(data, listed, values), parts: storedPartsOf(listed, values) };
  }

  async function get<T extends VersionedRecord>(kind: RecordKind<T>, id: string): Promise<T | undefined> {
    const { pk, sk } = recordKey(kind.name, id);
    const item = table.get(pk, sk);
    // Stored in parts (whether or not the kind read says so): the whole record, as the adapter reads it.
    if (kind.parts || Array.isArray(item?.["parts"]))
      return readParted(kind as RecordKind<VersionedRecord>, id)?.record as T | undefined;
    return item ? (structuredClone(item["data"]) as T) : undefined;
  }

  /** A Query of a to-do partition: its items above `after`, by sort key, at most `limit`; `last` when it stopped there. */
  const queryTodos: TodoQuery = async (partition, after, limit) => {
    if (!(limit >= 1)) throw new ValidationException("Limit must be greater than or equal to 1");
    const matching = table
      .partition(partition, "")
      .filter((item) => after === undefined || compareBytes(String(item["sk"]), after) > 0);
    const page = matching.slice(0, limit).map((item) => ({
      sk: String(item["sk"]),
      todo: structuredClone(item["todo"]) as StoredTodo,
    }));
    return page.length === limit && page.length > 0
      ? { items: page, last: page.at(-1)!.sk }
      : { items: page };
  };

  return {
    table,
    get,

    getRecent<T extends VersionedRecord>(kind: RecordKind<T>, id: string, maxAgeMs: number) {
      const key = `${kind.name}#${id}`;
      const now = performance.now();
      const known = recent.get(key);
      if (known && now - known.askedAt <= maxAgeMs) return known.read as Promise<T | undefined>;
      if (recent.size >= 1000) recent.clear();
      const read = get(kind, id);
      const entry = { askedAt: now, read };
      recent.set(key, entry);
      read.catch(() => {
        if (recent.get(key) === entry) recent.delete(key);
      });
      return read;
    },

    async getMany(keys: readonly RecordKey[]) {
      if (keys.length === 0) return [];
      if (keys.length > 100) throw new Error("getMany reads at most 100 records");
      const found = new Map<string, VersionedRecord | undefined>();
      for (const k of keys) {
        const { pk, sk } = recordKey(k.kind.name, k.id);
        if (found.has(pk)) continue;
        found.set(
          pk,
          k.kind.parts || Array.isArray(table.get(pk, sk)?.["parts"])
            ? readParted(k.kind, k.id)?.record
            : (structuredClone(table.get(pk, sk)?.["data"]) as VersionedRecord),
        );
      }
      return keys.map((k) => found.get(`${k.kind.name}#${k.id}`));
    },

    async getMarker(key: string) {
      const { pk, sk } = markerKey(key);
      const item = table.get(pk, sk);
      if (!item) return undefined;
      const { pk: _pk, sk: _sk, kind: _kind, ...fields } = structuredClone(item);
      return fields;
    },

    async write(all: readonly RecordWrite[], at: string, guards: readonly WriteGuard[] = []) {
      if (all.length === 0) return;
      if (all.length > 50) throw new Error("a transaction holds at most 50 records");
      if (all.length * 2 + guards.length > 100) throw new Error("a transaction holds at most 100 items");
      // Records of an unaudited kind (execution plumbing): one item each, under its version condition, no event.
      for (const w of all) {
        if (isUnaudited(w.kind) !== (w.op === "put-unaudited"))
          throw new Error(
            `${w.kind.name}: written ${w.op === "put-unaudited" ? "without" : "with"} an audit event`,
          );
        if (w.op === "put-unaudited" && w.kind.todos)
          throw new Error(`${w.kind.name}: an unaudited kind has no to-dos`);
      }
      const writes = all.filter((w) => w.op !== "put-unaudited");
      const plainOperations: Operation[] = all.flatMap((w): Operation[] => {
        if (w.op !== "put-unaudited") return [];
        if (w.after.version !== (w.before?.version ?? 0) + 1)
          throw new Error(`${w.kind.name} ${w.after.id}: version must grow by one from 1`);
        const previous = w.before?.version;
        return [
          {
            type: "put",
            item: {
              ...recordKey(w.kind.name, w.after.id),
              kind: w.kind.name,
              ...w.kind.indexKeys(w.after as never),
              data: w.after,
            },
            condition: (stored) => (previous === undefined ? !stored : versionOf(stored) === previous),
          },
        ];
      });
      // The previous event's hash is read before the transaction, as the adapter does (its version condition makes
      // sure nobody appended in between).
      const prevHashes = await Promise.all(
        writes.map(async (w) => {
          const record = writtenRecord(w);
          if (record.version <= 1) return genesisHash;
          const previous = table.get(`${w.kind.name}#${record.id}`, auditSortKey(record.version - 1));
          return typeof previous?.["hash"] === "string" ? previous["hash"] : `missing:${record.version - 1}`;
        }),
      );
      // A kind stored in parts: the core with the names of its parts, and the parts that changed from those stored
      // (read here; the version condition makes them the ones the update replaces) — or the record whole when they
      // would not fit in the transaction — as the adapter writes them.
      const todoCount = writes.reduce((n, w) => {
        const changes = todoChanges(w.kind, w.op === "update" ? w.before : undefined, writtenRecord(w));
        return n + changes.put.length + changes.delete.length;
      }, 0);
      const plans = partPlans(
        writes.map((w) =>
          w.kind.parts
            ? partsToWrite(
                w.kind,
                writtenRecord(w),
                w.op === "update" ? readParted(w.kind, writtenRecord(w).id)?.parts : undefined,
              )
            : undefined,
        ),
        writes.length * 2 + plainOperations.length + guards.length + todoCount,
      );
      const operations: Operation[] = writes.flatMap((w, index) => {
        const record = writtenRecord(w);
        if (w.op === "update" && w.after.version !== w.before.version + 1) {
          throw new Error(`${w.kind.name} ${w.after.id}: version must grow by one`);
        }
        if (w.op === "create" && w.record.version !== 1)
          throw new Error(`${w.kind.name} ${w.record.id}: new records start at version 1`);
        const audit: StoredAuditEvent = chainEvent(
          {
            ...w.audit,
            recordKind: w.kind.name,
            recordId: record.id,
            version: record.version,
            at,
            ...(w.op === "update" ? { beforeHash: recordHash(w.before) } : {}),
            afterHash: recordHash(record),
          },
          prevHashes[index]!,
        );
        const parted = plans[index];
        if (w.kind.parts && Object.keys(w.kind.indexKeys(record as never)).length > 0)
          throw new Error(`${w.kind.name}: a kind stored in parts is read by id only (no index keys)`);
        const item = {
          ...recordKey(w.kind.name, record.id),
          kind: w.kind.name,
          ...w.kind.indexKeys(record as never),
          data: parted ? parted.core : record,
          auditHash: audit.hash,
          ...(parted ? { parts: parted.names } : {}),
        };
        const previous = w.op === "update" ? w.before.version : undefined;
        return [
          {
            type: "put",
            item,
            condition: (stored) => (previous === undefined ? !stored : versionOf(stored) === previous),
          },
          { type: "put", item: { pk: item.pk, sk: auditSortKey(record.version), kind: "audit", ...audit } },
          ...(parted?.put ?? []).map(
            (part): Operation => ({
              type: "put",
              item: partItem(w.kind.name, record.id, part),
            }),
          ),
        ];
      });
      // The to-do items the change creates, changes or ends, in the same transaction (before the guards, which the
      // failure reading below expects last).
      const todoOperations: Operation[] = writes.flatMap((w) => {
        const changes = todoChanges(w.kind, w.op === "update" ? w.before : undefined, writtenRecord(w));
        return [
          ...changes.put.map((item): Operation => ({ type: "put", item: { ...item } })),
          ...changes.delete.map((key): Operation => ({ type: "delete", key, condition: () => true })),
        ];
      });
      if (operations.length + plainOperations.length + guards.length + todoOperations.length > 100)
        throw new Error("a transaction holds at most 100 items (records, audit events, guards and to-dos)");
      for (const w of all) recent.delete(`${w.kind.name}#${writtenRecord(w).id}`);
      transact(
        table,
        [...operations, ...plainOperations, ...todoOperations, ...guards.map(guardOperation)],
        guards,
        all,
      );
    },

    async list<T extends VersionedRecord>(
      { index, partition }: Listing<T>,
      options: { limit: number; cursor?: string; newestFirst?: boolean; sortKeyPrefix?: string },
    ) {
      const pkAttribute = `${index}pk`;
      const skAttribute = `${index}sk`;
      const place: ListingPlace = {
        index,
        partition,
        sortKeyPrefix: options.sortKeyPrefix,
        newestFirst: options.newestFirst ?? true,
      };
      // A cursor opens only for the listing, partition, prefix and direction it was issued for, and then holds a
      // key DynamoDB accepts as ExclusiveStartKey (functions/platform/dynamodb/cursor.ts).
      const start = options.cursor ? decodeCursor(cursorKey, options.cursor, place) : undefined;
      if (!(options.limit >= 1)) throw new ValidationException("Limit must be greater than or equal to 1");
      const prefix = options.sortKeyPrefix || undefined;
      const descending = place.newestFirst;
      const position = (item: Item) => [item[skAttribute], item["pk"], item["sk"]].map(String);
      const order = (a: string[], b: string[]) => {
        const ascending = a.reduce((c, value, i) => c || compareBytes(value, b[i]!), 0);
        return descending ? -ascending : ascending;
      };
      const from = start ? position(start) : undefined;
      const matching = table
        .indexed(pkAttribute, partition)
        .filter((item) => typeof item[skAttribute] === "string")
        .filter((item) => !prefix || String(item[skAttribute]).startsWith(prefix))
        .map((item) => ({ item, at: position(item) }))
        .filter(({ at }) => !from || order(at, from) > 0)
        .sort((a, b) => order(a.at, b.at));
      // A page ends at the limit, or once it has read 1 MB, and then names its last item (even if nothing follows).
      const page: Item[] = [];
      let bytes = 0;
      for (const { item } of matching) {
        page.push(item);
        bytes += itemSize(item);
        if (page.length >= options.limit || bytes >= maxPageBytes) break;
      }
      const items = page.map((item) => structuredClone(item["data"]) as T);
      const last = page.at(-1);
      return last && (page.length >= options.limit || bytes >= maxPageBytes)
        ? {
            items,
            next: encodeCursor(
              cursorKey,
              {
                sk: last["sk"],
                pk: last["pk"],
                [skAttribute]: last[skAttribute],
                [pkAttribute]: last[pkAttribute],
              },
              place,
            ),
          }
        : { items };
    },

    todos(partitions, options) {
      return todoPage(queryTodos, cursorKey, partitions, options);
    },

    countTodos(partitions, options) {
      return todoCount(queryTodos, partitions, options);
    },

    async auditTrail(kind, id) {
      return table.partition(`${kind.name}#${id}`, "AUDIT#").map((item) => {
        const { pk: _pk, sk: _sk, kind: _k, ...event } = structuredClone(item);
        return event as unknown as StoredAuditEvent;
      });
    },
  };
}

/** One item of a transaction: a put or delete under a condition on the stored item, or a condition check alone. */
type Operation =
  | { readonly type: "put"; readonly item: Item; readonly condition?: (stored: Item | undefined) => boolean }
  | {
      readonly type: "delete" | "check";
      readonly key: { pk: string; sk: string };
      readonly condition: (stored: Item | undefined) => boolean;
    };

const versionOf = (stored: Item | undefined) => {
  const data = stored?.["data"];
  return data && typeof data === "object" ? (data as Record<string, unknown>)["version"] : undefined;
};

/** `attribute_not_exists(pk) OR #f op :v` — a comparison of different types is false, as in DynamoDB. */
const absentOr =
  (condition: MarkerCondition | undefined) =>
  (stored: Item | undefined): boolean =>
    !stored || (condition !== undefined && compare(stored[condition.field], condition));

function compare(actual: unknown, { op, value }: MarkerCondition): boolean {
  if (typeof actual !== typeof value) return false;
  if (op === "=") return actual === value;
  return typeof value === "number" ? (actual as number) <= value : compareBytes(actual as string, value) <= 0;
}

function guardOperation(guard: WriteGuard): Operation {
  switch (guard.op) {
    case "record-version":
      return {
        type: "check",
        key: recordKey(guard.kind.name, guard.id),
        condition: (stored) => versionOf(stored) === guard.version,
      };
    case "record-absent":
      return { type: "check", key: recordKey(guard.kind.name, guard.id), condition: (stored) => !stored };
    case "check-marker":
      return { type: "check", key: markerKey(guard.key), condition: absentOr(guard.absentOr) };
    case "put-marker":
      return {
        type: "put",
        item: { ...markerKey(guard.key), kind: "marker", ...guard.fields },
        condition: absentOr(guard.absentOr),
      };
    case "delete-marker":
      return {
        type: "delete",
        key: markerKey(guard.key),
        condition: (stored) => !stored || compare(stored[guard.condition.field], guard.condition),
      };
  }
}

/**
 * TransactWriteItems: the items as the document client sends them, the request's validation, then every condition
 * against the stored items; all applied, or none. A failed condition throws the first failed guard's failure(), else
 * VERSION_CONFLICT naming every record written — the adapter's reading of the cancellation reasons.
 */
function transact(
  table: MemoryRecordTable,
  operations: readonly Operation[],
  guards: readonly WriteGuard[],
  writes: readonly RecordWrite[],
): void {
  const prepared = operations.map((o) => (o.type === "put" ? { ...o, item: storedItem(o.item) } : o));
  const keys = new Set<string>();
  for (const o of prepared) {
    const { pk, sk } = o.type === "put" ? { pk: o.item["pk"], sk: o.item["sk"] } : o.key;
    for (const [name, value] of [
      ["pk", pk],
      ["sk", sk],
    ] as const) {
      if (typeof value !== "string") {
        throw new ValidationException(
          `One or more parameter values were invalid: Type mismatch for key ${name} expected: S actual: ${attributeType(value)}`,
        );
      }
      if (value === "") {
        throw new ValidationException(
          `One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: ${name}`,
        );
      }
    }
    // Refused before any condition is looked at, as AWS does. (DynamoDB Local, differently, evaluates the conditions
    // first and lets a put and a condition check of one item through: the contract tests only the common ground.)
    const key = JSON.stringify([pk, sk]);
    if (keys.has(key)) {
      throw new ValidationException("Transaction request cannot include multiple operations on one item");
    }
    keys.add(key);
    if (o.type === "put") validateItem(o.item);
  }
  const failed = prepared.map((o) => {
    const { pk, sk } = o.type === "put" ? o.item : o.key;
    return o.condition ? !o.condition(table.get(String(pk), String(sk))) : false;
  });
  if (failed.some(Boolean)) {
    // The guards follow the records' items: the first failed guard names the reason.
    const first = guards.findIndex((_, i) => failed[operations.length - guards.length + i]);
    if (first >= 0) throw guards[first]!.failure();
    const ids = writes.map((w) => `${w.kind.name} ${writtenRecord(w).id}`).join(", ");
    throw conflictError(
      "VERSION_CONFLICT",
      `Changed meanwhile: ${ids}; reload and retry`,
      `记录已被修改：${ids}，请刷新后重试`,
    );
  }
  for (const o of prepared) {
    if (o.type === "put") table.put(o.item);
    else if (o.type === "delete") table.delete(o.key.pk, o.key.sk);
  }
}

/** Index keys must be non-empty strings, and an item at most 400 KB. */
function validateItem(item: Item): void {
  for (const index of ["gsi1", "gsi2"]) {
    for (const attribute of [`${index}pk`, `${index}sk`]) {
      const value = item[attribute];
      if (value === undefined) continue;
      if (typeof value !== "string") {
        throw new ValidationException(
          `One or more parameter values were invalid: Type mismatch for Index Key ${attribute} Expected: S Actual: ${attributeType(value)} IndexName: ${index}`,
        );
      }
      if (value === "") {
        throw new ValidationException(
          `One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty string value. IndexName: ${index}, IndexKey: ${attribute}`,
        );
      }
    }
  }
  if (itemSize(item) > maxItemBytes) {
    throw new ValidationException("Item size has exceeded the maximum allowed size");
  }
}

/**
 * The item as DynamoDB stores it, written through the document client (`removeUndefinedValues: true`,
 * `convertClassInstanceToMap: false`): undefined values and functions dropped from maps and lists, numbers finite and
 * safe, class instances (a Date) refused, with the SDK's messages; a Map or a bigint comes back as an object or a
 * number. Stored items are the table's own copies, never the caller's objects.
 */
function storedItem(item: Item): Item {
  return storedValue(item) as Item;
}

function storedValue(value: unknown): unknown {
  if (value === null) return null;
  if (Array.isArray(value)) {
    return value.filter((v) => v !== undefined && typeof v !== "function").map(storedValue);
  }
  const constructorName = (value as { constructor?: { name?: string } } | undefined)?.constructor?.name;
  if (constructorName === "Set") {
    const members = [...(value as Set<unknown>)].filter((v) => v !== undefined);
    if (members.length === 0) throw new Error("Pass a non-empty set, or options.convertEmptyValues=true.");
    return new Set(members.map(storedValue));
  }
  if (
    constructorName === "Map" ||
    constructorName === "Object" ||
    (typeof value === "object" && !constructorName)
  ) {
    const entries =
      constructorName === "Map"
        ? [...(value as Map<string, unknown>)]
        : Object.entries(value as Record<string, unknown>);
    return Object.fromEntries(
      entries
        .filter(([, v]) => v !== undefined && typeof v !== "function")
        .map(([k, v]) => [k, storedValue(v)]),
    );
  }
  if (value instanceof Uint8Array) return new Uint8Array(value);
  if (typeof value === "boolean" || typeof value === "string") return value;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`Special numeric value ${value.toString()} is not allowed`);
    if (value > Number.MAX_SAFE_INTEGER || value < Number.MIN_SAFE_INTEGER) {
      const side = value > 0 ? "greater than Number.MAX_SAFE_INTEGER" : "lesser than Number.MIN_SAFE_INTEGER";
      throw new Error(`Number ${value.toString()} is ${side}. Use NumberValue from @aws-sdk/lib-dynamodb.`);
    }
    return value === 0 ? 0 : value;
  }
  if (typeof value === "bigint") return Number(value);
  throw new Error(
    `Unsupported type passed: ${String(value)}. Pass options.convertClassInstanceToMap=true to marshall typeof object as map attribute.`,
  );
}

/** DynamoDB's attribute type letter of a stored value, for its messages. */
function attributeType(value: unknown): string {
  if (typeof value === "number") return "N";
  if (typeof value === "boolean") return "BOOL";
  if (value === null) return "NULL";
  if (Array.isArray(value)) return "L";
  if (value instanceof Set) return "SS";
  if (value instanceof Uint8Array) return "B";
  return typeof value === "object" ? "M" : "S";
}

/**
 * An item's size as DynamoDB counts it: names and strings in UTF-8 bytes, a number about one byte per two significant
 * digits plus one, true/false/null one byte, a map or list 3 bytes plus one per element.
 */
function itemSize(item: Item): number {
  return Object.entries(item).reduce((sum, [name, value]) => sum + utf8Bytes(name) + valueSize(value), 0);
}

function valueSize(value: unknown): number {
  if (typeof value === "string") return utf8Bytes(value);
  if (typeof value === "number") {
    const digits = String(Math.abs(value)).replace(/e.*$/, "").replace(".", "").replace(/^0+/, "").length;
    return Math.ceil(digits / 2) + 1;
  }
  if (typeof value === "boolean" || value === null) return 1;
  if (value instanceof Uint8Array) return value.byteLength;
  if (value instanceof Set) return [...value].reduce((sum: number, v) => sum + valueSize(v), 0);
  if (Array.isArray(value)) return 3 + value.reduce((sum: number, v) => sum + 1 + valueSize(v), 0);
  if (value && typeof value === "object") return 3 + itemSize(value as Item) + Object.keys(value).length;
  return 0;
}

const utf8Bytes = (text: string) => Buffer.byteLength(text, "utf8");

/** DynamoDB orders string keys by their UTF-8 bytes (not JavaScript's UTF-16 code units). */
function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}
