// End-to-end: anchoring the audit trail outside the table. A digest written through the API (signed with the runtime's
// key pair, in the audit bucket) covers the trail; then an insider with direct access to DynamoDB deletes a record's
// newest event, edits an old one, rewrites a whole chain: `audit verify` and GET
// /v1/audit/verification name each record and what happened.
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
import { canonicalJson, chainEvent, genesisHash } from "../../functions/kernel/audit-chain.ts";
import { recordStore } from "../../functions/platform/deps.ts";
import { auditSortKey } from "../../functions/platform/dynamodb/audit-chain.ts";
import {
  created,
  type RecordKind,
  updated,
  type VersionedRecord,
} from "../../functions/platform/ports/records.ts";
import { localNames } from "../../infra/resources.ts";
import { type Runtime, startRuntime } from "../../local/runtime.ts";
import { runCli } from "../support/cli.ts";

interface Note extends VersionedRecord {
  readonly text: string;
}
const noteKind: RecordKind<Note> = { name: "ANCHORNOTE", indexKeys: () => ({}) };

let runtime: Runtime;
let dataDir: string;
let db: DynamoDBDocumentClient;
let admin: string;

async function noteWithVersions(id: string, n: number): Promise<void> {
  const store = recordStore();
  const at = new Date(runtime.clock.now()).toISOString();
  let note: Note = { id, version: 1, text: "v1" };
  await store.write([created(noteKind, note, { actor: "u1", role: "bureau", action: "note.created" })], at);
  for (let v = 2; v <= n; v++) {
    const next: Note = { ...note, version: v, text: `v${v}` };
    await store.write(
      [updated(noteKind, note, next, { actor: "u1", role: "finance", action: `note.step-${v}` })],
      at,
    );
    note = next;
  }
}

const recordKey = (id: string) => ({ pk: `ANCHORNOTE#${id}`, sk: "ANCHORNOTE" });
const eventKey = (id: string, version: number) => ({ pk: `ANCHORNOTE#${id}`, sk: auditSortKey(version) });
const get = async (key: Record<string, string>) =>
  (await db.send(new GetCommand({ TableName: localNames.table, Key: key }))).Item!;

async function cliVerify(): Promise<{
  status: number | null;
  report: { ok: boolean; breaks: Br[]; moreBreaks: Br[]; digests: { valid: number } };
}> {
  const cli = await runCli(["audit", "verify", "--json", "--data-dir", dataDir]);
  return { status: cli.status, report: JSON.parse(cli.stdout) };
}
async function apiVerify(
  token: string,
): Promise<{ status: number; report: Awaited<ReturnType<typeof cliVerify>>["report"] }> {
  const response = await fetch(`${runtime.info.apiUrl}/v1/audit/verification`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return {
    status: response.status,
    report: (await response.json()) as Awaited<ReturnType<typeof cliVerify>>["report"],
  };
}
interface Br {
  record: string;
  version: number;
  reason: string;
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "jiebang-anchors-"));
  runtime = await startRuntime({ dataDir });
  db = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: runtime.info.dynamodbEndpoint,
      region: "us-east-1",
      credentials: { accessKeyId: "x", secretAccessKey: "x" },
    }),
  );
  admin = await runtime.identity.issue({ user: "ops-1", org: "ops", roles: ["admin"] });
  for (const id of ["intact", "tail", "edited", "rewritten"]) await noteWithVersions(id, 4);
});

afterAll(async () => {
  db?.destroy();
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("audit digests and the insider", () => {
  it("an administrator anchors the trail through the API: a signed digest of every head, listed afterwards", async () => {
    const response = await fetch(`${runtime.info.apiUrl}/v1/audit/digests`, {
      method: "POST",
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(response.status).toBe(201);
    const digest = (await response.json()) as { sequence: number; heads: number; key: string };
    expect(digest.sequence).toBe(1);
    expect(digest.heads).toBeGreaterThanOrEqual(4);
    expect(digest.key).toMatch(/^digests\/0000000001-[0-9a-f]{16}\.json$/);
    const listed = await fetch(`${runtime.info.apiUrl}/v1/audit/digests`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(((await listed.json()) as { items: { key: string }[] }).items.map((d) => d.key)).toEqual([
      digest.key,
    ]);
    const solver = await runtime.identity.issue({ user: "s1", org: "uni-1", roles: ["solver"] });
    const refused = await fetch(`${runtime.info.apiUrl}/v1/audit/digests`, {
      method: "POST",
      headers: { authorization: `Bearer ${solver}` },
    });
    expect(refused.status).toBe(403);
    const { status, report } = await cliVerify();
    expect(report.ok).toBe(true);
    expect(report.digests.valid).toBe(1);
    expect(status).toBe(0);
    // The same verification through the API (an auditor's console), agreeing with the CLI; staff only.
    const auditor = await runtime.identity.issue({ user: "au-1", org: "sjj", roles: ["auditor"] });
    const verified = await apiVerify(auditor);
    expect(verified.status).toBe(200);
    expect(verified.report).toEqual(report);
    expect((await apiVerify(solver)).status).toBe(403);
  });

  it("names each tampered record: newest event deleted, old event edited, whole chain rewritten", async () => {
    // 1. Delete the newest event and roll the record back to match, so the table alone looks consistent.
    await db.send(new DeleteCommand({ TableName: localNames.table, Key: eventKey("tail", 4) }));
    const tail = await get(recordKey("tail"));
    const third = await get(eventKey("tail", 3));
    await db.send(
      new PutCommand({
        TableName: localNames.table,
        Item: { ...tail, data: { ...tail["data"], version: 3, text: "v3" }, auditHash: third["hash"] },
      }),
    );
    // 2. Edit an old event's actor.
    await db.send(
      new UpdateCommand({
        TableName: localNames.table,
        Key: eventKey("edited", 2),
        UpdateExpression: "SET actor = :requester",
        ExpressionAttributeValues: { ":requester": "requester" },
      }),
    );
    // 3. Rewrite the whole chain with the unkeyed hash recomputed, and the record's head with it.
    let prev = genesisHash;
    for (let v = 1; v <= 4; v++) {
      const { pk, sk, kind, hash: _h, prevHash: _p, ...content } = await get(eventKey("rewritten", v));
      const event = chainEvent(
        { ...(content as { version: number }), ...(v === 2 ? { actor: "requester" } : {}) },
        prev,
      );
      await db.send(new PutCommand({ TableName: localNames.table, Item: { pk, sk, kind, ...event } }));
      prev = event.hash;
    }
    await db.send(
      new UpdateCommand({
        TableName: localNames.table,
        Key: recordKey("rewritten"),
        UpdateExpression: "SET auditHash = :h",
        ExpressionAttributeValues: { ":h": prev },
      }),
    );
    expect(canonicalJson((await get(eventKey("rewritten", 2)))["actor"])).toBe('"requester"');

    const { status, report } = await cliVerify();
    expect(status).toBe(1);
    const reasons = (id: string) =>
      [...report.breaks, ...report.moreBreaks]
        .filter((b) => b.record === `ANCHORNOTE#${id}`)
        .map((b) => b.reason);
    expect(reasons("tail")).toEqual(["rolled-back", "deleted-after-anchoring"]);
    expect(reasons("edited")).toEqual(["content-changed"]);
    expect(reasons("rewritten")).toEqual(["rewritten-after-anchoring"]);
    expect(reasons("intact")).toEqual([]);
    // The API names the same breaks as the CLI.
    const verified = await apiVerify(admin);
    expect(verified.report.ok).toBe(false);
    expect(verified.report.breaks).toEqual(report.breaks);
    expect(verified.report.moreBreaks).toEqual(report.moreBreaks);
  });
});
