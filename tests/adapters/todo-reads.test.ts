// Adapter test on DynamoDB Local: a person's to-do page and count cost the same Queries and the same read capacity with
// ten times more unrelated records and other people's to-dos in the table — one Query per assignee key, no Scan, no
// listing of executions (O(page), not O(table)).
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { BatchWriteCommand, DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomCursorKey } from "../../functions/platform/cursors.ts";
import { dynamoRecordStore } from "../../functions/platform/dynamodb/record-store.ts";
import { assigneePartitions, type StoredTodo, todoSortKey } from "../../functions/platform/ports/todos.ts";
import { recordsTable } from "../../infra/resources.ts";
import { ensureTable, type LocalDynamo, startDynamoDbLocal } from "../../local/dynamodb.ts";

const table = "todo-reads";
let dataDir: string;
let dynamo: LocalDynamo;
let raw: DynamoDBClient;
let client: DynamoDBDocumentClient;
/** The store's own client, counting what it sends. */
let counted: DynamoDBClient;
let store: ReturnType<typeof dynamoRecordStore>;
const calls = { query: 0, scan: 0, other: 0, capacity: 0 };

const person = { userId: "f2", organisationId: "taiyuan-czj", roles: ["finance", "bureau"] };

const todoItem = (pk: string, n: number, deadline?: string) => {
  const todo: StoredTodo = {
    id: `PAYMENT#pmt-${n}#payment.approve`,
    recordKind: "PAYMENT",
    recordId: `pmt-${n}`,
    action: "payment.approve",
    since: `2026-01-01T00:00:${String(n % 60).padStart(2, "0")}.000Z`,
    ...(deadline ? { deadline } : {}),
    link: `/payments/pmt-${n}/approval`,
  };
  return { pk, sk: todoSortKey(todo), kind: "todo", todo };
};

/** `count` unrelated items: demand records and to-dos of other users and organisations. */
async function seedUnrelated(count: number): Promise<void> {
  const items = Array.from({ length: count }, (_, n) => {
    const id = `dmd-${randomUUID()}`;
    return n % 2 === 0
      ? {
          pk: `DEMAND#${id}`,
          sk: "DEMAND",
          kind: "DEMAND",
          data: { id, version: 1, content: { title: "x" } },
        }
      : todoItem(n % 4 === 1 ? `TODO#USER#u-${n}` : `TODO#ROLE#enterprise@ent-${n % 97}`, n);
  });
  for (let i = 0; i < items.length; i += 25 * 8) {
    await Promise.all(
      Array.from({ length: 8 }, (_, k) => items.slice(i + k * 25, i + k * 25 + 25))
        .filter((batch) => batch.length > 0)
        .map(async (batch) => {
          let request: Record<string, unknown[]> | undefined = {
            [table]: batch.map((Item) => ({ PutRequest: { Item } })),
          };
          while (request && Object.keys(request).length > 0) {
            const result = await client.send(new BatchWriteCommand({ RequestItems: request as never }));
            request = result.UnprocessedItems as Record<string, unknown[]> | undefined;
          }
        }),
    );
  }
}

/** What one page and one count cost: Queries, Scans and read capacity. */
async function measure() {
  Object.assign(calls, { query: 0, scan: 0, other: 0, capacity: 0 });
  const page = await store.todos(assigneePartitions(person), { limit: 25 });
  const count = await store.countTodos(assigneePartitions(person), { cap: 99 });
  return { ...calls, items: page.items.length, next: page.next !== undefined, count };
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "jiebang-todo-reads-"));
  dynamo = await startDynamoDbLocal(dataDir);
  raw = new DynamoDBClient({
    endpoint: dynamo.endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  await ensureTable(raw, table, recordsTable);
  client = DynamoDBDocumentClient.from(raw);
  counted = new DynamoDBClient({
    endpoint: dynamo.endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  counted.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as Record<string, unknown>;
      input["ReturnConsumedCapacity"] = "TOTAL";
      if (context.commandName === "QueryCommand") calls.query++;
      else if (context.commandName === "ScanCommand") calls.scan++;
      else calls.other++;
      const result = await next(args);
      calls.capacity +=
        (result.output as { ConsumedCapacity?: { CapacityUnits?: number } }).ConsumedCapacity
          ?.CapacityUnits ?? 0;
      return result;
    },
    { step: "initialize", name: "countCalls" },
  );
  store = dynamoRecordStore(DynamoDBDocumentClient.from(counted), table, randomCursorKey());
  // The person's own to-dos: 40 under the finance role, 10 under their user, 5 under bureau.
  const own = [
    ...Array.from({ length: 40 }, (_, n) =>
      todoItem("TODO#ROLE#finance", 1_000_000 + n, "2026-02-01T00:00:00.000Z"),
    ),
    ...Array.from({ length: 10 }, (_, n) => todoItem("TODO#USER#f2", 2_000_000 + n)),
    ...Array.from({ length: 5 }, (_, n) => todoItem("TODO#ROLE#bureau", 3_000_000 + n)),
  ];
  for (let i = 0; i < own.length; i += 25) {
    await client.send(
      new BatchWriteCommand({
        RequestItems: { [table]: own.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) },
      }),
    );
  }
}, 120_000);

afterAll(async () => {
  raw?.destroy();
  counted?.destroy();
  await dynamo?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("to-do reads", () => {
  it("cost the same Queries and read capacity with 10× more unrelated records (no Scan)", async () => {
    await seedUnrelated(200);
    const small = await measure();
    await seedUnrelated(1800);
    const large = await measure();
    expect(small).toMatchObject({
      items: 25,
      next: true,
      count: { count: 55, capped: false },
      scan: 0,
      other: 0,
    });
    // One Query per assignee key (user, finance@org, bureau@org, finance, bureau) for the page and again for the count.
    expect(small.query).toBe(assigneePartitions(person).length * 2);
    expect(small.capacity).toBeGreaterThan(0);
    expect(large).toEqual(small);
  }, 300_000);
});
