// Adapter unit tests (aws-sdk-client-mock): the record store's conditional writes and cursors, on a demand record.
import { DynamoDBClient, TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import {
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from "@aws-sdk/lib-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { type Demand, demandKind, demandsOfOrganisation } from "../../functions/demands/model.ts";
import { DomainError } from "../../functions/kernel/errors.ts";
import { randomCursorKey } from "../../functions/platform/cursors.ts";
import { dynamoRecordStore } from "../../functions/platform/dynamodb/record-store.ts";
import { updated } from "../../functions/platform/ports/records.ts";

const ddb = mockClient(DynamoDBDocumentClient);
const store = dynamoRecordStore(
  DynamoDBDocumentClient.from(new DynamoDBClient({ region: "us-east-1" })),
  "tbl",
  randomCursorKey(),
);
const demand: Demand = {
  id: "dmd-1",
  programmeId: "prg-1",
  organisationId: "ent-1",
  createdBy: "u1",
  status: "draft",
  version: 3,
  createdAt: "2026-01-01T00:00:00.000Z",
  updatedAt: "2026-01-02T00:00:00.000Z",
  content: { title: "t" },
  attachments: [],
  submissions: 0,
  decisions: [],
};
const at = "2026-01-02T00:00:00.000Z";
const audit = { actor: "u1", role: "enterprise", action: "demand.edited" };
const update = () => store.write([updated(demandKind, { ...demand, version: 2 }, demand, audit)], at);
const listByOrganisation = (organisationId: string, limit: number, cursor?: string) =>
  store.list(demandsOfOrganisation(organisationId), { limit, ...(cursor ? { cursor } : {}) });

beforeEach(() => {
  ddb.reset();
  // The previous audit event (version 2) the new one chains to.
  ddb
    .on(GetCommand, { Key: { pk: "DEMAND#dmd-1", sk: "AUDIT#0000000002" } })
    .resolves({ Item: { hash: "h2" } });
});

describe("dynamoRecordStore, on a demand", () => {
  it("updates the record and its audit event in one transaction, guarded by the previous version", async () => {
    ddb.on(TransactWriteCommand).resolves({});
    await update();
    const items = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(items).toHaveLength(2);
    expect(items[0]!.Put!.ConditionExpression).toBe("#d.#v = :previous");
    expect(items[0]!.Put!.ExpressionAttributeValues).toEqual({ ":previous": 2 });
    expect(items[0]!.Put!.Item).toMatchObject({
      pk: "DEMAND#dmd-1",
      sk: "DEMAND",
      gsi2pk: "DEMAND#STATUS#draft",
    });
    expect(items[1]!.Put!.Item).toMatchObject({
      pk: "DEMAND#dmd-1",
      sk: "AUDIT#0000000003",
      action: "demand.edited",
      version: 3,
      prevHash: "h2",
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it("turns a cancelled transaction into a 409 VERSION_CONFLICT", async () => {
    ddb
      .on(TransactWriteCommand)
      .rejects(new TransactionCanceledException({ message: "cancelled", $metadata: {} }));
    const error = await update().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe("VERSION_CONFLICT");
    expect((error as DomainError).kind).toBe("conflict");
  });

  it("pages with an opaque cursor and refuses a forged one", async () => {
    const lastKey = { pk: "DEMAND#dmd-1", sk: "DEMAND", gsi1pk: "ORG#ent-1#DEMAND", gsi1sk: "2026#dmd-1" };
    ddb.on(QueryCommand).resolves({ Items: [{ data: demand }], LastEvaluatedKey: lastKey });
    const page = await listByOrganisation("ent-1", 1);
    expect(page.items).toEqual([demand]);
    const again = await listByOrganisation("ent-1", 1, page.next);
    expect(ddb.commandCalls(QueryCommand)[1]!.args[0].input.ExclusiveStartKey).toEqual(lastKey);
    expect(again.items).toHaveLength(1);
    for (const forged of [
      "not-a-cursor",
      Buffer.from(JSON.stringify(lastKey)).toString("base64url"),
      Buffer.from("{}").toString("base64url"),
    ]) {
      await expect(listByOrganisation("ent-1", 1, forged)).rejects.toMatchObject({ code: "INVALID_CURSOR" });
    }
    // Another organisation's listing does not take it: nothing is asked of DynamoDB.
    await expect(listByOrganisation("ent-2", 1, page.next)).rejects.toMatchObject({ code: "INVALID_CURSOR" });
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(2);
  });
});
