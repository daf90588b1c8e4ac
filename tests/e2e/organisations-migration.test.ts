// Integration test (DynamoDB Local): the one-off migration into the organisation registry (机构名录,
// operations/adapters/organisations-migration.ts) — it finds the organisation ids that records written before the
// registry name (applications' leads and members, credit records, projects' parties), registers a CSV of them, leaves
// rows registered as given alone on a second run, refuses rows that contradict the registry, and a dry run writes
// nothing.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, PutCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  importOrganisations,
  parseOrganisationCsv,
  unregisteredOrganisations,
} from "../../functions/operations/adapters/organisations-migration.ts";
import { recordsTable } from "../../infra/resources.ts";
import { ensureTable, type LocalDynamo, startDynamoDbLocal } from "../../local/dynamodb.ts";

const table = "organisations-migration-test";
let dataDir: string;
let dynamo: LocalDynamo;
let client: DynamoDBDocumentClient;

const oldRecord = (kind: string, data: Record<string, unknown>) =>
  client.send(
    new PutCommand({ TableName: table, Item: { pk: `${kind}#${data["id"]}`, sk: kind, kind, data } }),
  );

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "jiebang-organisations-migration-"));
  dynamo = await startDynamoDbLocal(dataDir);
  const raw = new DynamoDBClient({
    endpoint: dynamo.endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  await ensureTable(raw, table, recordsTable);
  client = DynamoDBDocumentClient.from(raw);
  await oldRecord("APPLICATION", {
    id: "app-1",
    version: 1,
    leadOrganisationId: "tyut",
    memberOrganisationIds: ["keda"],
  });
  await oldRecord("APPLICATION", {
    id: "app-2",
    version: 1,
    leadOrganisationId: "tyut",
    memberOrganisationIds: [],
  });
  await oldRecord("CREDIT", { id: "crd-1", version: 1, organisationId: "fraud-co" });
  await oldRecord("PROJECT", {
    id: "prj-1",
    version: 1,
    enterpriseOrganisationIds: ["tisco"],
    solverLead: { organisationId: "tyut", name: "太原理工大学" },
    solverMembers: [{ organisationId: "keda", name: "山西科达" }],
  });
}, 120_000);

afterAll(async () => {
  client?.destroy();
  await dynamo?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const csv = [
  "\uFEFForganisationId,registeredName,uscc,type",
  'tyut,"太原理工大学",12140100MB0000000A,university',
  "tisco,山西太钢不锈钢股份有限公司,91350100M000100Y43,enterprise",
  // The same code as tisco: one body, one registration.
  "keda,山西科达自控股份有限公司,91350100M000100Y43,enterprise",
  "fraud-co,某失信公司,91140100MA0000002X,enterprise",
].join("\r\n");

describe("migration into the organisation registry", () => {
  it("lists the ids records name that nobody registered, most named first", async () => {
    const found = await unregisteredOrganisations(client, table);
    expect(found.map((o) => o.organisationId)).toEqual(["tyut", "keda", "fraud-co", "tisco"]);
    expect(found[0]!.namedBy).toEqual({ "application lead": 2, "project solver": 1 });
  });

  it("registers the rows (a dry run writes nothing), refuses a held or invalid code, leaves them alone the second time", async () => {
    const { rows } = parseOrganisationCsv(csv);
    expect(rows.map((r) => [r.line, r.organisationId, r.registeredName])).toContainEqual([
      2,
      "tyut",
      "太原理工大学",
    ]);
    const dry = await importOrganisations(client, table, rows, { dryRun: true });
    expect(dry.registered).toHaveLength(4);
    expect((await unregisteredOrganisations(client, table)).length).toBe(4);

    const first = await importOrganisations(client, table, rows, { dryRun: false });
    expect(first.registered).toEqual(["tyut", "tisco"]);
    expect(first.refused.map((r) => [r.line, r.organisationId])).toEqual([
      [4, "keda"],
      [5, "fraud-co"],
    ]);
    expect(first.refused[0]!.reason).toContain("tisco");
    expect(first.refused[1]!.reason).toContain("check character");

    const second = await importOrganisations(client, table, rows, { dryRun: false });
    expect(second.registered).toEqual([]);
    expect(second.present).toEqual(["tyut", "tisco"]);
    expect((await unregisteredOrganisations(client, table)).map((o) => o.organisationId)).toEqual([
      "keda",
      "fraud-co",
    ]);
  });

  it("refuses a CSV without the columns", () => {
    expect(() => parseOrganisationCsv("id,name\nx,y")).toThrow(/organisationId,registeredName,uscc,type/);
  });
});
