// Adapter: the one-off backfill of the to-do projection (待办, platform/ports/todos.ts) for records written before it
// existed, run by `npm run -s cli -- migrate todos` (local/cli/migrate.ts). Scans the records of the kinds that declare
// to-dos and puts each missing to-do item together with a check that the record is still at the version read, so a
// record changed meanwhile (whose change already wrote its own to-dos) is left alone. Idempotent: an existing item is
// kept, a second run adds nothing. Records are never changed, so no audit event is written.
import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { type DynamoDBDocumentClient, ScanCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { readParted } from "../../platform/dynamodb/record-parts.ts";
import type { RecordKind, VersionedRecord } from "../../platform/ports/records.ts";
import { todoItems } from "../../platform/ports/todos.ts";
import { projectedKinds } from "../my-tasks.ts";

export interface TodoBackfillReport {
  readonly dryRun: boolean;
  /** Records of kinds that declare to-dos, read. */
  readonly recordsRead: number;
  /** To-do items written (dry run: that would be written, if absent). */
  readonly todosAdded: number;
  /** To-do items found already there. */
  readonly todosPresent: number;
  /** Records changed while the backfill ran (their change wrote their to-dos). */
  readonly recordsChanged: number;
}

export async function backfillTodos(
  client: DynamoDBDocumentClient,
  tableName: string,
  options: { dryRun: boolean },
): Promise<TodoBackfillReport> {
  const kinds = new Map<string, RecordKind<VersionedRecord>>(projectedKinds.map((k) => [k.name, k]));
  const report = {
    dryRun: options.dryRun,
    recordsRead: 0,
    todosAdded: 0,
    todosPresent: 0,
    recordsChanged: 0,
  };
  const names = [...kinds.keys()];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: `sk IN (${names.map((_, i) => `:k${i}`).join(", ")})`,
        ExpressionAttributeValues: Object.fromEntries(names.map((n, i) => [`:k${i}`, n])),
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    for (const item of page.Items ?? []) {
      const kind = kinds.get(String(item["sk"]));
      const stored = item["data"] as VersionedRecord | undefined;
      if (!kind || !stored || String(item["pk"]) !== `${kind.name}#${stored.id}`) continue;
      // A record stored in parts (ports/records.ts RecordParts): its to-dos are those of the whole record.
      const record = Array.isArray(item["parts"])
        ? ((await readParted(client, tableName, kind, stored.id))?.record ?? stored)
        : stored;
      report.recordsRead++;
      for (const todo of todoItems(kind, record)) {
        if (options.dryRun) {
          report.todosAdded++;
          continue;
        }
        try {
          await client.send(
            new TransactWriteCommand({
              TransactItems: [
                {
                  ConditionCheck: {
                    TableName: tableName,
                    Key: { pk: item["pk"], sk: item["sk"] },
                    ConditionExpression: "#d.#v = :v",
                    ExpressionAttributeNames: { "#d": "data", "#v": "version" },
                    ExpressionAttributeValues: { ":v": record.version },
                  },
                },
                {
                  Put: { TableName: tableName, Item: todo, ConditionExpression: "attribute_not_exists(pk)" },
                },
              ],
            }),
          );
          report.todosAdded++;
        } catch (error) {
          if (!(error instanceof TransactionCanceledException)) throw error;
          const [recordReason, todoReason] = error.CancellationReasons ?? [];
          if (recordReason?.Code === "ConditionalCheckFailed") {
            report.recordsChanged++;
            break;
          }
          if (todoReason?.Code === "ConditionalCheckFailed") report.todosPresent++;
          else throw error;
        }
      }
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return report;
}
