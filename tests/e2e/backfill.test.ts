// Integration test (DynamoDB Local): the one-off backfill brings items written by earlier versions — applications indexed
// under `ORG#<lead>#APPLICATION`, party records on gsi1 (lead included), no lead claims, no credit standings, programmes
// listed by year and id — to today's shapes, so the current code lists, guards and refuses on them; a dry run writes
// nothing and a second run finds nothing.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { leadClaimKey } from "../../functions/applications/common.ts";
import {
  type ApplicationPartyRecord,
  applicationsOfOrganisation,
} from "../../functions/applications/model.ts";
import { creditClearGuards, creditStandingKey } from "../../functions/credit/credit-records.ts";
import { backfill } from "../../functions/operations/adapters/backfill.ts";
import { randomCursorKey } from "../../functions/platform/cursors.ts";
import { dynamoRecordStore } from "../../functions/platform/dynamodb/record-store.ts";
import { created, type RecordKind, type VersionedRecord } from "../../functions/platform/ports/records.ts";
import { allProgrammes } from "../../functions/programmes/model.ts";
import { recordsTable } from "../../infra/resources.ts";
import { ensureTable, type LocalDynamo, startDynamoDbLocal } from "../../local/dynamodb.ts";

const table = "backfill-test";
const at = "2026-06-01T08:00:00.000Z";
let dataDir: string;
let dynamo: LocalDynamo;
let client: DynamoDBDocumentClient;

const put = (item: Record<string, unknown>) => client.send(new PutCommand({ TableName: table, Item: item }));
const marker = async (key: string) =>
  (
    await client.send(
      new GetCommand({ TableName: table, Key: { pk: key, sk: "MARKER" }, ConsistentRead: true }),
    )
  ).Item;

/** An application item as versions before 2026-11-24 wrote it. */
function oldApplication(
  id: string,
  lead: string,
  challengeId: string,
  status: string,
  members: string[] = [],
) {
  return put({
    pk: `APPLICATION#${id}`,
    sk: "APPLICATION",
    kind: "APPLICATION",
    gsi1pk: `CHALLENGE#${challengeId}#APPLICATION`,
    gsi1sk: `${at}#${id}`,
    gsi2pk: `ORG#${lead}#APPLICATION`,
    gsi2sk: `${at}#${id}`,
    data: {
      id,
      version: 3,
      challengeId,
      programmeId: "prg-1",
      leadOrganisationId: lead,
      memberOrganisationIds: members,
      status,
      createdAt: at,
      updatedAt: at,
    },
  });
}

/** A party record as versions before 2026-11-24 wrote it (on gsi1 while active, the lead's too). */
function oldParty(applicationId: string, organisationId: string, role: "lead" | "member", active = true) {
  const id = `${applicationId}#${organisationId}`;
  return put({
    pk: `APPLICATION_PARTY#${id}`,
    sk: "APPLICATION_PARTY",
    kind: "APPLICATION_PARTY",
    ...(active ? { gsi1pk: `ORG#${organisationId}#APPLICATION_PARTY`, gsi1sk: `${at}#${id}` } : {}),
    data: {
      id,
      version: 1,
      applicationId,
      challengeId: "chl-1",
      organisationId,
      role,
      active,
      createdAt: at,
      updatedAt: at,
    },
  });
}

function oldCredit(id: string, organisationId: string, recordedOn: string, blockedUntil: string) {
  return put({
    pk: `CREDIT#${id}`,
    sk: "CREDIT",
    kind: "CREDIT",
    gsi1pk: `CREDIT#${organisationId}`,
    gsi1sk: `${recordedOn}#${id}`,
    data: { id, version: 1, organisationId, recordedOn, blockedUntil, reason: "虚报", source: "bureau" },
  });
}

/** A programme item as versions before 2026-11-25 wrote it: listed by `<year>#<id>`, in no order within a year. */
function oldProgramme(id: string, year: number, createdAt: string) {
  return put({
    pk: `PROGRAMME#${id}`,
    sk: "PROGRAMME",
    kind: "PROGRAMME",
    gsi1pk: "PROGRAMMES",
    gsi1sk: `${year}#${id}`,
    data: {
      id,
      version: 1,
      name: id,
      nameZh: id,
      year,
      fields: ["新材料"],
      status: "open",
      createdAt,
      updatedAt: createdAt,
    },
  });
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "jiebang-backfill-"));
  dynamo = await startDynamoDbLocal(dataDir);
  const raw = new DynamoDBClient({
    endpoint: dynamo.endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  await ensureTable(raw, table, recordsTable);
  client = DynamoDBDocumentClient.from(raw);
  await oldApplication("app-1", "uni-a", "chl-1", "submitted", ["uni-m"]);
  await oldParty("app-1", "uni-a", "lead");
  await oldParty("app-1", "uni-m", "member");
  await oldParty("app-1", "uni-gone", "member", false);
  await oldApplication("app-2", "uni-b", "chl-1", "withdrawn");
  // Two live applications of one lead to one challenge (possible before the claim existed): the second conflicts.
  await oldApplication("app-3", "uni-c", "chl-2", "draft");
  await oldApplication("app-4", "uni-c", "chl-2", "draft");
  await oldCredit("crd-1", "uni-x", "2026-01-01", "2027-01-01");
  await oldCredit("crd-2", "uni-x", "2026-03-01", "2029-03-01");
  // Created a, b, c in 2026 and d in 2025; their ids sort the other way round within 2026.
  await oldProgramme("prg-z", 2026, "2026-01-10T00:00:00.000Z");
  await oldProgramme("prg-y", 2026, "2026-02-10T00:00:00.000Z");
  await oldProgramme("prg-x", 2026, "2026-03-10T00:00:00.000Z");
  await oldProgramme("prg-w", 2025, "2026-04-10T00:00:00.000Z");
}, 60_000);

afterAll(async () => {
  client?.destroy();
  await dynamo?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** What the seeded items need: 4 applications reindexed, 2 claims (app-4 conflicts), 1 member moved, 1 lead unindexed. */
const firstRun = {
  applicationsReindexed: 4,
  leadClaimsAdded: 2,
  memberPartiesMoved: 1,
  leadPartiesUnindexed: 1,
  creditStandingsAdded: 1,
  programmesReindexed: 4,
};

const listedProgrammes = async () =>
  (await dynamoRecordStore(client, table, randomCursorKey()).list(allProgrammes(), { limit: 10 })).items.map(
    (p) => p.id,
  );

describe("migrate backfill", () => {
  it("counts on a dry run and writes nothing", async () => {
    const report = await backfill(client, table, { dryRun: true });
    expect(report).toMatchObject({ dryRun: true, ...firstRun });
    expect(report.leadClaimConflicts).toEqual(["app-4"]);
    expect(await marker(leadClaimKey("chl-1", "uni-a"))).toBeUndefined();
    expect(await marker(creditStandingKey("uni-x"))).toBeUndefined();
    expect(await listedProgrammes()).toEqual(["prg-z", "prg-y", "prg-x", "prg-w"]);
  });

  it("brings every item to today's shape, which the current code then lists, guards and refuses on", async () => {
    const report = await backfill(client, table, { dryRun: false });
    expect(report).toMatchObject({ dryRun: false, ...firstRun });
    expect(report.leadClaimConflicts).toEqual(["app-4"]);

    const records = dynamoRecordStore(client, table, randomCursorKey());
    // The lead lists its application, the member its party record, each once, in the one gsi2 partition.
    const lead = await records.list(applicationsOfOrganisation("uni-a"), {
      limit: 10,
    });
    expect(lead.items.map((a) => a.id)).toEqual(["app-1"]);
    const member = await records.list(applicationsOfOrganisation("uni-m"), {
      limit: 10,
    });
    const parties = member.items as ApplicationPartyRecord[];
    expect(parties.map((p) => [p.applicationId, p.role])).toEqual([["app-1", "member"]]);
    const removed = await records.list(applicationsOfOrganisation("uni-gone"), {
      limit: 10,
    });
    expect(removed.items).toEqual([]);

    // Live applications hold their lead's claim; a withdrawn one does not.
    expect((await marker(leadClaimKey("chl-1", "uni-a")))?.["applicationId"]).toBe("app-1");
    expect(await marker(leadClaimKey("chl-1", "uni-b"))).toBeUndefined();
    expect((await marker(leadClaimKey("chl-2", "uni-c")))?.["applicationId"]).toBe("app-3");

    // The credit standing covers both records: the latest end, and the guard an application's write carries fails.
    const standing = await marker(creditStandingKey("uni-x"));
    expect(standing).toMatchObject({ count: 2, latestEnd: "2029-03-01" });
    const probe: RecordKind<VersionedRecord> = { name: "PROBE", indexKeys: () => ({}) };
    const note = { actor: "test", role: "bureau", action: "probe.written" };
    await expect(
      records.write(
        [created(probe, { id: "p-1", version: 1 }, note)],
        at,
        creditClearGuards(["uni-x"], "2028-01-01"),
      ),
    ).rejects.toMatchObject({ code: "VERSION_CONFLICT" });
    await records.write(
      [created(probe, { id: "p-2", version: 1 }, note)],
      at,
      creditClearGuards(["uni-x"], "2029-03-01"),
    );

    // Programmes: newest year first, and within a year the latest created first.
    expect(await listedProgrammes()).toEqual(["prg-x", "prg-y", "prg-z", "prg-w"]);
  });

  it("finds nothing left to do on a second run", async () => {
    const report = await backfill(client, table, { dryRun: false });
    expect(report).toMatchObject({
      applicationsReindexed: 0,
      leadClaimsAdded: 0,
      memberPartiesMoved: 0,
      leadPartiesUnindexed: 0,
      creditStandingsAdded: 0,
      programmesReindexed: 0,
    });
    expect(report.leadClaimConflicts).toEqual(["app-4"]);
  });
});
