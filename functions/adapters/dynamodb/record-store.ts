// Adapter: the RecordStore on the single DynamoDB table. A record is one item (pk "<KIND>#<id>", sk "<KIND>") holding
// the record under `data`; each change also writes an audit item (sk "AUDIT#<version>") in the same transaction.
import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from "@aws-sdk/lib-dynamodb";
import { chainEvent, recordHash } from "../../domain/audit-chain.ts";
import { conflictError } from "../../domain/errors.ts";
import type {
  RecordKind,
  RecordStore,
  RecordWrite,
  StoredAuditEvent,
  VersionedRecord,
} from "../../ports/records.ts";
import { auditSortKey, previousAuditHash } from "./audit-chain.ts";
import { decodeCursor, encodeCursor } from "./cursor.ts";

const keyOf = (kind: string, id: string) => ({ pk: `${kind}#${id}`, sk: kind });

/**
 * The record item also carries `auditHash`, the hash of its latest audit event, written in the same transaction. A
 * record read by get() remembers it (keyed by the very object returned), so updating that record chains to it
 * without reading the previous audit item again: the update's version condition guarantees the item — and so its
 * latest audit event — is still the one read. Records from elsewhere (lists, copies, items written before this
 * attribute existed) fall back to reading the previous audit item.
 */
const latestAuditHash = new WeakMap<object, string>();

export function dynamoRecordStore(client: DynamoDBDocumentClient, tableName: string): RecordStore {
  return {
    async get<T extends VersionedRecord>(kind: RecordKind<T>, id: string) {
      const result = await client.send(
        new GetCommand({ TableName: tableName, Key: keyOf(kind.name, id), ConsistentRead: true }),
      );
      if (!result.Item) return undefined;
      const record = result.Item["data"] as T;
      const auditHash = result.Item["auditHash"];
      if (typeof auditHash === "string") latestAuditHash.set(record, auditHash);
      return record;
    },

    async write(writes: readonly RecordWrite[], at: string) {
      if (writes.length === 0) return;
      if (writes.length > 50) throw new Error("a transaction holds at most 50 records");
      // Each audit event chains to the record's previous one (read here; the version condition below guarantees
      // nobody appended in between).
      const prevHashes = await Promise.all(
        writes.map((w) => {
          const record = w.op === "create" ? w.record : w.after;
          const known = w.op === "update" ? latestAuditHash.get(w.before) : undefined;
          return known ?? previousAuditHash(client, tableName, `${w.kind.name}#${record.id}`, record.version);
        }),
      );
      const items = writes.flatMap((w, index) => {
        const record = w.op === "create" ? w.record : w.after;
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
        return [
          {
            Put: {
              TableName: tableName,
              Item: {
                ...keyOf(w.kind.name, record.id),
                kind: w.kind.name,
                ...w.kind.indexKeys(record as never),
                data: record,
                auditHash: audit.hash,
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
              ConditionExpression: "attribute_not_exists(pk)",
            },
          },
        ];
      });
      try {
        await client.send(new TransactWriteCommand({ TransactItems: items }));
      } catch (error) {
        if (error instanceof TransactionCanceledException) {
          const ids = writes
            .map((w) => `${w.kind.name} ${w.op === "create" ? w.record.id : w.after.id}`)
            .join(", ");
          throw conflictError(
            "VERSION_CONFLICT",
            `Changed meanwhile: ${ids}; reload and retry`,
            `记录已被修改：${ids}，请刷新后重试`,
          );
        }
        throw error;
      }
    },

    async list<T extends VersionedRecord>(
      _kind: RecordKind<T>,
      index: "gsi1" | "gsi2",
      partition: string,
      options: { limit: number; cursor?: string; newestFirst?: boolean; sortKeyPrefix?: string },
    ) {
      const pk = `${index}pk`;
      const sk = `${index}sk`;
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
          ...(options.cursor ? { ExclusiveStartKey: decodeCursor(options.cursor) } : {}),
        }),
      );
      const items = (result.Items ?? []).map((item) => item["data"] as T);
      return result.LastEvaluatedKey ? { items, next: encodeCursor(result.LastEvaluatedKey) } : { items };
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
