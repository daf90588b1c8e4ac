// Adapter tests on DynamoDB Local (Java): the DynamoDB RecordStore passes the RecordStore contract — the same
// assertions the in-memory store passes in the unit tier (tests/support/record-store-contract.ts).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe } from "vitest";
import { randomCursorKey } from "../../functions/platform/cursors.ts";
import { dynamoRecordStore } from "../../functions/platform/dynamodb/record-store.ts";
import { recordsTable } from "../../infra/resources.ts";
import { ensureTable, type LocalDynamo, startDynamoDbLocal } from "../../local/dynamodb.ts";
import { recordStoreContract } from "../support/record-store-contract.ts";

let dataDir: string;
let dynamo: LocalDynamo | undefined;
let raw: DynamoDBClient | undefined;
let client: DynamoDBDocumentClient;
let tables = 0;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "jiebang-record-store-"));
  dynamo = await startDynamoDbLocal(dataDir);
  raw = new DynamoDBClient({
    endpoint: dynamo.endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  // The document client as functions/platform/clients.ts configures it.
  client = DynamoDBDocumentClient.from(raw, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}, 120_000);

afterAll(async () => {
  raw?.destroy();
  await dynamo?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("dynamoRecordStore on DynamoDB Local", () => {
  recordStoreContract(async () => {
    // A fresh table for each test, created as the embedded runtime creates it (infra/resources.ts).
    const table = `records-${++tables}`;
    await ensureTable(raw!, table, recordsTable);
    const key = randomCursorKey();
    return {
      store: dynamoRecordStore(client, table, key),
      another: () => dynamoRecordStore(client, table, key),
      otherDeployment: () => dynamoRecordStore(client, table, randomCursorKey()),
    };
  });
});
