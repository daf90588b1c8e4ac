// Adapter: the RecordStore on the single DynamoDB table. A record is one item (pk "<KIND>#<id>", sk "<KIND>") holding
// the record under `data` — or, for a kind stored in parts (ports/records.ts RecordParts, record-parts.ts), its core
// there and each part an item "<KIND>#<part>" beside it; each change also writes an audit item (sk "AUDIT#<version>")
// and the to-do items it creates or ends (pk "TODO#<assignee>", ports/todos.ts) in the same transaction.
import { ConditionalCheckFailedException, TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
} from "@aws-sdk/lib-dynamodb";
import { chainEvent, recordHash } from "../../kernel/audit-chain.ts";
import { conflictError } from "../../kernel/errors.ts";
import type { CursorKey } from "../cursors.ts";
import {
  isUnaudited,
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
} from "../ports/records.ts";
import { type StoredTodo, todoChanges } from "../ports/todos.ts";
import { auditSortKey, previousAuditHash } from "./audit-chain.ts";
import { decodeCursor, encodeCursor, type ListingPlace } from "./cursor.ts";
import { partItem, partPlans, partsToWrite, readParted, type StoredParts } from "./record-parts.ts";
import { type TodoQuery, todoCount, todoPage } from "./todo-page.ts";

const keyOf = (kind: string, id: string) => ({ pk: `${kind}#${id}`, sk: kind });
const markerKey = (key: string) => ({ pk: key, sk: "MARKER" });

/** A guard as one transaction item (platform/ports/records.ts WriteGuard). */
function guardItem(tableName: string, guard: WriteGuard): Record<string, unknown> {
  const absentOr = (condition: MarkerCondition | undefined) =>
    condition
      ? {
          ConditionExpression: `attribute_not_exists(pk) OR #f ${condition.op} :v`,
          ExpressionAttributeNames: { "#f": condition.field },
          ExpressionAttributeValues: { ":v": condition.value },
        }
      : { ConditionExpression: "attribute_not_exists(pk)" };
  switch (guard.op) {
    case "record-version":
      return {
        ConditionCheck: {
          TableName: tableName,
          Key: keyOf(guard.kind.name, guard.id),
          ConditionExpression: "#d.#v = :v",
          ExpressionAttributeNames: { "#d": "data", "#v": "version" },
          ExpressionAttributeValues: { ":v": guard.version },
        },
      };
    case "record-absent":
      return {
        ConditionCheck: {
          TableName: tableName,
          Key: keyOf(guard.kind.name, guard.id),
          ConditionExpression: "attribute_not_exists(pk)",
        },
      };
    case "check-marker":
      return {
        ConditionCheck: { TableName: tableName, Key: markerKey(guard.key), ...absentOr(guard.absentOr) },
      };
    case "put-marker":
      return {
        Put: {
          TableName: tableName,
          Item: { ...markerKey(guard.key), kind: "marker", ...guard.fields },
          ...absentOr(guard.absentOr),
        },
      };
    case "delete-marker":
      return {
        Delete: {
          TableName: tableName,
          Key: markerKey(guard.key),
          ConditionExpression: `attribute_not_exists(pk) OR #f ${guard.condition.op} :v`,
          ExpressionAttributeNames: { "#f": guard.condition.field },
          ExpressionAttributeValues: { ":v": guard.condition.value },
        },
      };
  }
}

/**
 * The record item also carries `auditHash`, the hash of its latest audit event, written in the same transaction. A
 * record read by get() or getMany() remembers it (keyed by the very object returned), so updating that record chains
 * to it without reading the previous audit item again: the update's version condition guarantees the item — and so
 * its latest audit event — is still the one read. A record just written by write() remembers its event's hash alike,
 * and its own hash (the event's afterHash: the next update's beforeHash). Records from elsewhere (lists, copies, items
 * written before this attribute existed) fall back to reading the previous audit item.
 */
const known = new WeakMap<
  object,
  { readonly auditHash: string; readonly recordHash?: string; readonly parts?: StoredParts }
>();

/** The record an item holds, remembering the hash of its latest audit event. */
function recordOf(item: Record<string, unknown>): VersionedRecord {
  const record = item["data"] as VersionedRecord;
  const auditHash = item["auditHash"];
  if (typeof auditHash === "string") known.set(record, { auditHash });
  return record;
}

/** The store on `tableName`; its page cursors are sealed with `cursorKey` (functions/platform/cursors.ts). */
export function dynamoRecordStore(
  client: DynamoDBDocumentClient,
  tableName: string,
  cursorKey: CursorKey,
): RecordStore {
  /** getRecent's reads: when each was asked (performance.now()) and its answer; a write through this store drops its keys. */
  const recent = new Map<string, { askedAt: number; read: Promise<VersionedRecord | undefined> }>();

  /** A record of a kind stored in parts (record-parts.ts), remembering its audit hash and its parts as stored. */
  async function getParted(kind: RecordKind<VersionedRecord>, id: string) {
    const read = await readParted(client, tableName, kind, id);
    if (read?.auditHash) known.set(read.record, { auditHash: read.auditHash, parts: read.parts });
    return read?.record;
  }

  async function get<T extends VersionedRecord>(kind: RecordKind<T>, id: string): Promise<T | undefined> {
    if (kind.parts) return (await getParted(kind as RecordKind<VersionedRecord>, id)) as T | undefined;
    const result = await client.send(
      new GetCommand({ TableName: tableName, Key: keyOf(kind.name, id), ConsistentRead: true }),
    );
    if (!result.Item) return undefined;
    // Stored in parts, read by a kind that does not say so (a reader naming the kind alone): the whole record.
    if (Array.isArray(result.Item["parts"]))
      return (await getParted(kind as RecordKind<VersionedRecord>, id)) as T | undefined;
    return recordOf(result.Item) as T;
  }

  /** One Query of an assignee's to-do partition, in the order of urgency (strongly consistent: done is gone). */
  const queryTodos: TodoQuery = async (partition, after, limit) => {
    const result = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: after ? "pk = :pk AND sk > :after" : "pk = :pk",
        ExpressionAttributeValues: { ":pk": partition, ...(after ? { ":after": after } : {}) },
        ConsistentRead: true,
        Limit: limit,
      }),
    );
    const items = (result.Items ?? []).map((item) => ({
      sk: String(item["sk"]),
      todo: item["todo"] as StoredTodo,
    }));
    const last = result.LastEvaluatedKey?.["sk"];
    return last === undefined ? { items } : { items, last: String(last) };
  };

  return {
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
      // A failed read is not remembered.
      read.catch(() => {
        if (recent.get(key) === entry) recent.delete(key);
      });
      return read;
    },

    async getMany(keys) {
      if (keys.length === 0) return [];
      if (keys.length > 100) throw new Error("getMany reads at most 100 records");
      const found = new Map<string, VersionedRecord>();
      const unique = [...new Map(keys.map((k) => [`${k.kind.name}#${k.id}`, k])).entries()];
      // Records stored in parts: a Query each (beside the batch of the others), or after it for those read by a kind
      // that does not say so (its item lists parts).
      const joinAll = (parted: [string, RecordKey][]) =>
        Promise.all(
          parted.map(async ([pk, k]) => {
            const record = await getParted(k.kind, k.id);
            if (record) found.set(pk, record);
          }),
        );
      const partedReads = joinAll(unique.filter(([, k]) => k.kind.parts));
      const unjoined: [string, RecordKey][] = [];
      const wanted = unique.filter(([, k]) => !k.kind.parts).map(([, k]) => keyOf(k.kind.name, k.id));
      let pending: Record<string, unknown>[] = wanted;
      // BatchGetItem may leave keys unprocessed under load: ask again for those, with a short backoff.
      for (let round = 0; pending.length > 0; round++) {
        if (round > 8) throw new Error("getMany: keys left unprocessed after retries");
        if (round > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(200, 10 * 2 ** round)));
        const result = await client.send(
          new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending, ConsistentRead: true } } }),
        );
        for (const item of result.Responses?.[tableName] ?? []) {
          const pk = String(item["pk"]);
          if (Array.isArray(item["parts"])) unjoined.push(unique.find(([k]) => k === pk)!);
          else found.set(pk, recordOf(item));
        }
        pending = (result.UnprocessedKeys?.[tableName]?.Keys ?? []) as Record<string, unknown>[];
      }
      await Promise.all([partedReads, joinAll(unjoined)]);
      return keys.map((k) => found.get(`${k.kind.name}#${k.id}`));
    },

    async getMarker(key: string) {
      const result = await client.send(
        new GetCommand({ TableName: tableName, Key: markerKey(key), ConsistentRead: true }),
      );
      if (!result.Item) return undefined;
      const { pk: _pk, sk: _sk, kind: _kind, ...fields } = result.Item;
      return fields;
    },

    async write(all: readonly RecordWrite[], at: string, guards: readonly WriteGuard[] = []) {
      if (all.length === 0) return;
      if (all.length > 50) throw new Error("a transaction holds at most 50 records");
      if (all.length * 2 + guards.length > 100) throw new Error("a transaction holds at most 100 items");
      // Records of an unaudited kind (execution plumbing, ports/records.ts) are one item each, no event, no to-dos.
      const plain = all.filter((w) => w.op === "put-unaudited");
      const writes = all.filter((w) => w.op !== "put-unaudited");
      for (const w of all) {
        if (isUnaudited(w.kind) !== (w.op === "put-unaudited"))
          throw new Error(
            `${w.kind.name}: written ${w.op === "put-unaudited" ? "without" : "with"} an audit event`,
          );
        if (w.op === "put-unaudited" && w.kind.todos)
          throw new Error(`${w.kind.name}: an unaudited kind has no to-dos`);
      }
      const plainItems = plain.map((w) => {
        if (w.op !== "put-unaudited") throw new Error("unreachable");
        if (w.after.version !== (w.before?.version ?? 0) + 1)
          throw new Error(`${w.kind.name} ${w.after.id}: version must grow by one from 1`);
        return {
          TableName: tableName,
          Item: {
            ...keyOf(w.kind.name, w.after.id),
            kind: w.kind.name,
            ...w.kind.indexKeys(w.after as never),
            data: w.after,
          },
          ...(w.before
            ? {
                ConditionExpression: "#d.#v = :previous",
                ExpressionAttributeNames: { "#d": "data", "#v": "version" },
                ExpressionAttributeValues: { ":previous": w.before.version },
              }
            : { ConditionExpression: "attribute_not_exists(pk)" }),
        };
      });
      const stale = () => {
        const ids = all.map((w) => `${w.kind.name} ${writtenRecord(w).id}`).join(", ");
        return conflictError(
          "VERSION_CONFLICT",
          `Changed meanwhile: ${ids}; reload and retry`,
          `记录已被修改：${ids}，请刷新后重试`,
        );
      };
      for (const w of all) recent.delete(`${w.kind.name}#${writtenRecord(w).id}`);
      // One plumbing record alone: a conditional put, billed once (a transaction bills every item twice).
      if (writes.length === 0 && guards.length === 0 && plainItems.length === 1) {
        try {
          await client.send(new PutCommand(plainItems[0]! as never));
        } catch (error) {
          if (error instanceof ConditionalCheckFailedException) throw stale();
          throw error;
        }
        return;
      }
      if (writes.length === 0 && plainItems.length === 0) return;
      // Each audit event chains to the record's previous one (read here; the version condition below guarantees
      // nobody appended in between).
      const prevHashes = await Promise.all(
        writes.map((w) => {
          const record = writtenRecord(w);
          const previous = w.op === "update" ? known.get(w.before)?.auditHash : undefined;
          return (
            previous ?? previousAuditHash(client, tableName, `${w.kind.name}#${record.id}`, record.version)
          );
        }),
      );
      // The to-do items the change creates, changes or ends (ports/todos.ts), in the same transaction.
      const todoItems = writes.flatMap((w) => {
        const changes = todoChanges(w.kind, w.op === "update" ? w.before : undefined, writtenRecord(w));
        return [
          ...changes.put.map((item) => ({ Put: { TableName: tableName, Item: item } })),
          ...changes.delete.map((key) => ({ Delete: { TableName: tableName, Key: key } })),
        ];
      });
      if (writes.length * 2 + plainItems.length + guards.length + todoItems.length > 100)
        throw new Error("a transaction holds at most 100 items (records, audit events, guards and to-dos)");
      const written: {
        record: object;
        hash: string;
        recordHash: string | undefined;
        parts?: StoredParts;
      }[] = [];
      const partItems: Record<string, unknown>[] = [];
      // A kind stored in parts: the core under `data` with the names of its parts, and the parts that changed — or,
      // when they would not fit in one transaction with the rest, the record whole (as stored before it had parts).
      const plans = partPlans(
        writes.map((w) =>
          w.kind.parts
            ? partsToWrite(
                w.kind,
                writtenRecord(w),
                w.op === "update" ? known.get(w.before)?.parts : undefined,
              )
            : undefined,
        ),
        writes.length * 2 + plainItems.length + guards.length + todoItems.length,
      );
      const items = writes.flatMap((w, index) => {
        const record = writtenRecord(w);
        const parted = plans[index];
        if (w.kind.parts && Object.keys(w.kind.indexKeys(record as never)).length > 0)
          throw new Error(`${w.kind.name}: a kind stored in parts is read by id only (no index keys)`);
        // No condition on a part: the core's version condition makes the whole change one writer's.
        for (const part of parted?.put ?? [])
          partItems.push({ Put: { TableName: tableName, Item: partItem(w.kind.name, record.id, part) } });
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
            ...(w.op === "update"
              ? { beforeHash: known.get(w.before)?.recordHash ?? recordHash(w.before) }
              : {}),
            afterHash: recordHash(record),
          },
          prevHashes[index]!,
        );
        if (audit.hash)
          written.push({
            record,
            hash: audit.hash,
            recordHash: audit.afterHash,
            ...(parted ? { parts: parted.parts } : {}),
          });
        return [
          {
            Put: {
              TableName: tableName,
              Item: {
                ...keyOf(w.kind.name, record.id),
                kind: w.kind.name,
                ...w.kind.indexKeys(record as never),
                data: parted ? parted.core : record,
                auditHash: audit.hash,
                ...(parted ? { parts: parted.names } : {}),
              },
              ...(w.op === "create"
                ? { ConditionExpression: "attribute_not_exists(pk)" }
                : {
                    ConditionExpression: "#d.#v = :previous",
                    ExpressionAttributeNames: { "#d": "data", "#v": "version" },
                    ExpressionAttributeValues: { ":previous": w.before.version },
                  }),
            },
          },
          {
            Put: {
              TableName: tableName,
              Item: {
                pk: `${w.kind.name}#${record.id}`,
                sk: auditSortKey(record.version),
                kind: "audit",
                ...audit,
              },
              // No condition of its own: the record's condition above (absent for a create, the previous version for
              // an update) already makes this version's audit key written once, and a condition costs every write.
            },
          },
        ];
      });
      if (writes.length * 2 + partItems.length + plainItems.length + guards.length + todoItems.length > 100)
        throw new Error(
          "a transaction holds at most 100 items (records, their parts, events, guards and to-dos)",
        );
      // The records and their events, then the plumbing records, then the guards (whose failures are read by position),
      // then the records' parts and the to-dos.
      const before = [...items, ...plainItems.map((Put) => ({ Put }))];
      try {
        await client.send(
          new TransactWriteCommand({
            TransactItems: [
              ...before,
              ...guards.map((g) => guardItem(tableName, g)),
              ...partItems,
              ...todoItems,
            ] as never,
          }),
        );
        // The records just written chain their next change to these events, as records read by get() do.
        for (const w of written)
          known.set(w.record, {
            auditHash: w.hash,
            recordHash: w.recordHash,
            ...(w.parts ? { parts: w.parts } : {}),
          });
      } catch (error) {
        if (error instanceof TransactionCanceledException) {
          // The guards follow the records' items: the first failed guard names the reason.
          const reasons = error.CancellationReasons ?? [];
          const failed = guards.find((_, i) => reasons[before.length + i]?.Code === "ConditionalCheckFailed");
          if (failed) throw failed.failure();
          throw stale();
        }
        throw error;
      }
    },

    async list<T extends VersionedRecord>(
      { index, partition }: Listing<T>,
      options: { limit: number; cursor?: string; newestFirst?: boolean; sortKeyPrefix?: string },
    ) {
      const pk = `${index}pk`;
      const sk = `${index}sk`;
      const place: ListingPlace = {
        index,
        partition,
        sortKeyPrefix: options.sortKeyPrefix,
        newestFirst: options.newestFirst ?? true,
      };
      const start = options.cursor ? decodeCursor(cursorKey, options.cursor, place) : undefined;
      const result = await client.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: index,
          KeyConditionExpression: options.sortKeyPrefix
            ? "#pk = :pk AND begins_with(#sk, :prefix)"
            : "#pk = :pk",
          ExpressionAttributeNames: { "#pk": pk, ...(options.sortKeyPrefix ? { "#sk": sk } : {}) },
          ExpressionAttributeValues: {
            ":pk": partition,
            ...(options.sortKeyPrefix ? { ":prefix": options.sortKeyPrefix } : {}),
          },
          ScanIndexForward: !(options.newestFirst ?? true),
          Limit: options.limit,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      const items = (result.Items ?? []).map((item) => item["data"] as T);
      return result.LastEvaluatedKey
        ? { items, next: encodeCursor(cursorKey, result.LastEvaluatedKey, place) }
        : { items };
    },

    todos(partitions, options) {
      return todoPage(queryTodos, cursorKey, partitions, options);
    },

    countTodos(partitions, options) {
      return todoCount(queryTodos, partitions, options);
    },

    async auditTrail(kind, id) {
      const events: StoredAuditEvent[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const result = await client.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: "pk = :pk AND begins_with(sk, :audit)",
            ExpressionAttributeValues: { ":pk": `${kind.name}#${id}`, ":audit": "AUDIT#" },
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        );
        for (const item of result.Items ?? []) {
          const { pk: _pk, sk: _sk, kind: _k, ...event } = item;
          events.push(event as StoredAuditEvent);
        }
        start = result.LastEvaluatedKey;
      } while (start);
      return events;
    },
  };
}
