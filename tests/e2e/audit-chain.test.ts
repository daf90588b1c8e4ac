// End-to-end: the hash-chained audit trail on DynamoDB Local. Changes made through the API and the record store chain
// their events; the verifier (and `npm run -s cli -- audit verify`) catches an edited, a deleted, a reordered and a
// forged event, naming the record and the first broken link.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordStore } from "../../functions/platform/deps.ts";
import { auditSortKey } from "../../functions/platform/dynamodb/audit-chain.ts";
import {
  created,
  type RecordKind,
  updated,
  type VersionedRecord,
} from "../../functions/platform/ports/records.ts";
import { localNames } from "../../infra/resources.ts";
import { verifyAuditTable } from "../../local/cli/audit.ts";
import { type Runtime, startRuntime } from "../../local/runtime.ts";
import { apiClient, createProgramme } from "../support/api.ts";
import { runCli } from "../support/cli.ts";

interface Note extends VersionedRecord {
  readonly text: string;
}
const noteKind: RecordKind<Note> = { name: "TESTNOTE", indexKeys: () => ({}) };

let runtime: Runtime;
let dataDir: string;
let db: DynamoDBDocumentClient;

/** A record with three versions, so three chained audit events. */
async function noteWithThreeVersions(id: string): Promise<void> {
  const store = recordStore();
  const at = new Date().toISOString();
  const v1: Note = { id, version: 1, text: "one" };
  const v2: Note = { ...v1, version: 2, text: "two" };
  const v3: Note = { ...v2, version: 3, text: "three" };
  await store.write([created(noteKind, v1, { actor: "u1", role: "bureau", action: "note.created" })], at);
  await store.write([updated(noteKind, v1, v2, { actor: "u1", role: "bureau", action: "note.edited" })], at);
  await store.write(
    [updated(noteKind, v2, v3, { actor: "u2", role: "approver", action: "note.approved" })],
    at,
  );
}

const key = (id: string, version: number) => ({ pk: `TESTNOTE#${id}`, sk: auditSortKey(version) });
const breakOf = async (id: string) =>
  (await verifyAuditTable(db, localNames.table)).breaks.find((b) => b.record === `TESTNOTE#${id}`);

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "jiebang-audit-"));
  runtime = await startRuntime({ dataDir });
  db = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: runtime.info.dynamodbEndpoint,
      region: "us-east-1",
      credentials: { accessKeyId: "x", secretAccessKey: "x" },
    }),
  );
  for (const id of ["intact", "edited", "deleted", "reordered", "forged"]) await noteWithThreeVersions(id);
  const token = await runtime.identity.issue({ user: "e1", org: "ent-1", roles: ["enterprise"] });
  const bureau = await runtime.identity.issue({ user: "b1", org: "stb", roles: ["bureau"] });
  const programmeId = await createProgramme(
    apiClient(() => runtime.info.apiUrl),
    bureau,
  );
  const created = await fetch(`${runtime.info.apiUrl}/v1/demands`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ title: "审计链", programmeId }),
  });
  const demand = (await created.json()) as { id: string; version: number };
  await fetch(`${runtime.info.apiUrl}/v1/demands/${demand.id}`, {
    method: "PATCH",
    headers: {
      authorization: `Bearer ${token}`,
      "content-type": "application/json",
      "if-match": `"${demand.version}"`,
    },
    body: JSON.stringify({ background: "补充背景" }),
  });
});

afterAll(async () => {
  db?.destroy();
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("tamper-evident audit trail", () => {
  it("chains every event of every record, from the API and the record store alike", async () => {
    const report = await verifyAuditTable(db, localNames.table);
    expect(report.ok).toBe(true);
    expect(report.records).toBe(7); // five notes, the programme and the demand
    expect(report.events).toBe(18);
    const cli = await runCli(["audit", "verify", "--data-dir", dataDir]);
    expect(cli.stdout).toContain("7 records, 18 events: ok");
    expect(cli.status).toBe(0);
  });

  it("catches an edited event", async () => {
    await db.send(
      new UpdateCommand({
        TableName: localNames.table,
        Key: key("edited", 2),
        UpdateExpression: "SET actor = :someoneElse",
        ExpressionAttributeValues: { ":someoneElse": "u9" },
      }),
    );
    expect(await breakOf("edited")).toMatchObject({ version: 2, reason: "content-changed" });
  });

  it("catches a deleted event", async () => {
    await db.send(new DeleteCommand({ TableName: localNames.table, Key: key("deleted", 2) }));
    expect(await breakOf("deleted")).toMatchObject({ version: 2, reason: "missing-event" });
  });

  it("catches reordered events", async () => {
    const second = (await db.send(new GetCommand({ TableName: localNames.table, Key: key("reordered", 2) })))
      .Item!;
    const third = (await db.send(new GetCommand({ TableName: localNames.table, Key: key("reordered", 3) })))
      .Item!;
    await db.send(new PutCommand({ TableName: localNames.table, Item: { ...third, sk: auditSortKey(2) } }));
    await db.send(new PutCommand({ TableName: localNames.table, Item: { ...second, sk: auditSortKey(3) } }));
    expect(await breakOf("reordered")).toMatchObject({ version: 2, reason: "reordered" });
  });

  it("catches a rewritten event whose own hash was recomputed (the link to the next one breaks)", async () => {
    const { canonicalJson, sha256Hex } = await import("../../functions/kernel/audit-chain.ts");
    const item = (await db.send(new GetCommand({ TableName: localNames.table, Key: key("forged", 2) })))
      .Item!;
    const { pk, sk, kind, hash: _old, ...content } = item;
    const forged = { ...content, action: "note.deleted" };
    await db.send(
      new PutCommand({
        TableName: localNames.table,
        Item: { pk, sk, kind, ...forged, hash: sha256Hex(canonicalJson(forged)) },
      }),
    );
    expect(await breakOf("forged")).toMatchObject({ version: 3, reason: "link-broken" });
  });

  it("reports the broken records through the CLI with exit code 1, and leaves the intact one alone", async () => {
    const cli = await runCli(["audit", "verify", "--json", "--data-dir", dataDir]);
    expect(cli.status).toBe(1);
    const report = JSON.parse(cli.stdout) as { ok: boolean; breaks: { record: string }[] };
    expect(report.ok).toBe(false);
    expect(report.breaks.map((b) => b.record).sort()).toEqual(
      ["TESTNOTE#deleted", "TESTNOTE#edited", "TESTNOTE#forged", "TESTNOTE#reordered"].sort(),
    );
  });
});
