// Integration test (DynamoDB Local): the one-off backfill of the to-do projection (operations/adapters/backfill-todos.ts)
// gives records written before it existed — a payment awaiting its second approval, a demand waiting for the bureau —
// their to-do items, so GET /v1/me/tasks lists them; a dry run writes nothing, a second run adds nothing, and a record
// that needs no to-do gets none.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, PutCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backfillTodos } from "../../functions/operations/adapters/backfill-todos.ts";
import { randomCursorKey } from "../../functions/platform/cursors.ts";
import { dynamoRecordStore } from "../../functions/platform/dynamodb/record-store.ts";
import { assigneePartitions } from "../../functions/platform/ports/todos.ts";
import { recordsTable } from "../../infra/resources.ts";
import { ensureTable, type LocalDynamo, startDynamoDbLocal } from "../../local/dynamodb.ts";

const table = "backfill-todos-test";
const at = "2026-06-01T08:00:00.000Z";
let dataDir: string;
let dynamo: LocalDynamo;
let client: DynamoDBDocumentClient;

/** A record item as versions before the to-do projection wrote it: the record and no to-do item. */
const oldRecord = (kind: string, data: Record<string, unknown>) =>
  client.send(
    new PutCommand({ TableName: table, Item: { pk: `${kind}#${data["id"]}`, sk: kind, kind, data } }),
  );

const finance = { userId: "f2", organisationId: "taiyuan-czj", roles: ["finance"] };
const bureau = { userId: "b1", organisationId: "taiyuan-stb", roles: ["bureau"] };
const listed = async (person: typeof finance) =>
  (
    await dynamoRecordStore(client, table, randomCursorKey()).todos(assigneePartitions(person), { limit: 10 })
  ).items.map((t) => t.id);

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "jiebang-backfill-todos-"));
  dynamo = await startDynamoDbLocal(dataDir);
  const raw = new DynamoDBClient({
    endpoint: dynamo.endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  await ensureTable(raw, table, recordsTable);
  client = DynamoDBDocumentClient.from(raw);
  await oldRecord("PAYMENT", {
    id: "pmt-trn-1-a1",
    version: 2,
    projectId: "prj-1",
    payeeOrganisationId: "uni-a",
    status: "awaiting-approval",
    requestedBy: "f1",
    requestedAt: at,
    createdAt: at,
    pendingTask: { kind: "approval", token: "t", since: at },
  });
  await oldRecord("PAYMENT", {
    id: "pmt-trn-2-a1",
    version: 4,
    status: "paid",
    requestedAt: at,
    createdAt: at,
  });
  await oldRecord("DEMAND", {
    id: "dmd-1",
    version: 3,
    organisationId: "ent-1",
    status: "submitted",
    content: { title: "需求" },
    pendingTask: { kind: "decision", token: "t", since: at },
  });
}, 120_000);

afterAll(async () => {
  client?.destroy();
  await dynamo?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("migrate todos", () => {
  it("a dry run counts and writes nothing", async () => {
    expect(await backfillTodos(client, table, { dryRun: true })).toEqual({
      dryRun: true,
      recordsRead: 3,
      todosAdded: 2,
      todosPresent: 0,
      recordsChanged: 0,
    });
    expect(await listed(finance)).toEqual([]);
  });

  it("writes the to-dos the records imply, and a second run finds them there", async () => {
    expect(await backfillTodos(client, table, { dryRun: false })).toMatchObject({
      todosAdded: 2,
      todosPresent: 0,
    });
    expect(await listed(finance)).toEqual(["PAYMENT#pmt-trn-1-a1#payment.approve"]);
    expect(await listed(bureau)).toEqual(["DEMAND#dmd-1#demand.decide"]);
    expect(await backfillTodos(client, table, { dryRun: false })).toMatchObject({
      todosAdded: 0,
      todosPresent: 2,
    });
  });
});
