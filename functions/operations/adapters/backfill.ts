// Adapter: the one-off backfill that brings a table written by earlier versions to today's item shapes, run by
// `npm run -s cli -- migrate backfill` (local/cli/migrate.ts) before this version serves an older table. Idempotent;
// records' data is never changed (index keys and marker items only), so no audit event is written.
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  ScanCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { leadClaimKey } from "../../applications/common.ts";
import {
  type ApplicationPartyRecord,
  type ApplicationRecord,
  applicationKind,
  applicationPartyKind,
} from "../../applications/model.ts";
import { creditStandingKey } from "../../credit/credit-records.ts";
import { type CreditRecord, creditRecordKind } from "../../credit/model.ts";
import { type ProgrammeRecord, programmeKind } from "../../programmes/model.ts";

export interface BackfillReport {
  readonly dryRun: boolean;
  /** Applications given the gsi2 keys of their lead's "my applications" partition. */
  readonly applicationsReindexed: number;
  /** Lead claims (one live application per lead and challenge) written for applications not withdrawn. */
  readonly leadClaimsAdded: number;
  /** Applications whose lead already holds a claim on the challenge for another application (left as they are). */
  readonly leadClaimConflicts: readonly string[];
  /** Consortium members' party records moved from gsi1 to the organisation's gsi2 partition. */
  readonly memberPartiesMoved: number;
  /** Leads' party records (no longer written) taken out of the index. */
  readonly leadPartiesUnindexed: number;
  /** Organisations given the credit-standing marker their credit records imply. */
  readonly creditStandingsAdded: number;
  /** Programmes given the gsi1 sort key `<year>#<createdAt>#<id>` (newest first within a year, not by id). */
  readonly programmesReindexed: number;
}

const markerKey = (key: string) => ({ pk: key, sk: "MARKER" });

/** Runs `write` unless this is a dry run; false when its condition failed (someone wrote the item meanwhile). */
async function conditional(dryRun: boolean, write: () => Promise<unknown>): Promise<boolean> {
  if (dryRun) return true;
  try {
    await write();
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

export async function backfill(
  client: DynamoDBDocumentClient,
  tableName: string,
  options: { dryRun: boolean },
): Promise<BackfillReport> {
  const { dryRun } = options;
  const report = {
    dryRun,
    applicationsReindexed: 0,
    leadClaimsAdded: 0,
    leadClaimConflicts: [] as string[],
    memberPartiesMoved: 0,
    leadPartiesUnindexed: 0,
    creditStandingsAdded: 0,
    programmesReindexed: 0,
  };
  const credits = new Map<string, CreditRecord[]>();
  /** Applications not withdrawn: each holds its lead's claim on its challenge, the earliest first. */
  const live: ApplicationRecord[] = [];
  /** Lead claims this run wrote (or, dry, would write): a second live application of one lead to one challenge conflicts. */
  const claimed = new Map<string, string>();
  let start: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: "sk IN (:application, :party, :credit, :programme)",
        ExpressionAttributeValues: {
          ":application": applicationKind.name,
          ":party": applicationPartyKind.name,
          ":credit": creditRecordKind.name,
          ":programme": programmeKind.name,
        },
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    for (const item of page.Items ?? []) {
      const key = { pk: item["pk"], sk: item["sk"] };
      if (item["sk"] === applicationKind.name) {
        const application = item["data"] as ApplicationRecord;
        const wanted = applicationKind.indexKeys(application);
        if (item["gsi2pk"] !== wanted.gsi2pk || item["gsi2sk"] !== wanted.gsi2sk) {
          const done = await conditional(dryRun, () =>
            client.send(
              new UpdateCommand({
                TableName: tableName,
                Key: key,
                UpdateExpression: "SET gsi2pk = :pk, gsi2sk = :sk",
                ConditionExpression: "#d.#v = :v",
                ExpressionAttributeNames: { "#d": "data", "#v": "version" },
                ExpressionAttributeValues: {
                  ":v": application.version,
                  ":pk": wanted.gsi2pk,
                  ":sk": wanted.gsi2sk,
                },
              }),
            ),
          );
          if (done) report.applicationsReindexed++;
        }
        if (application.status !== "withdrawn") live.push(application);
      } else if (item["sk"] === applicationPartyKind.name) {
        const party = item["data"] as ApplicationPartyRecord;
        const wanted = party.role === "lead" ? {} : applicationPartyKind.indexKeys(party);
        const stale =
          item["gsi1pk"] !== undefined ||
          item["gsi2pk"] !== wanted.gsi2pk ||
          item["gsi2sk"] !== wanted.gsi2sk;
        if (!stale) continue;
        const set = wanted.gsi2pk ? "SET gsi2pk = :pk, gsi2sk = :sk " : "";
        const done = await conditional(dryRun, () =>
          client.send(
            new UpdateCommand({
              TableName: tableName,
              Key: key,
              UpdateExpression: `${set}REMOVE gsi1pk, gsi1sk`,
              ConditionExpression: "#d.#v = :v",
              ExpressionAttributeNames: { "#d": "data", "#v": "version" },
              ExpressionAttributeValues: {
                ":v": party.version,
                ...(wanted.gsi2pk ? { ":pk": wanted.gsi2pk, ":sk": wanted.gsi2sk } : {}),
              },
            }),
          ),
        );
        if (done && party.role === "lead") report.leadPartiesUnindexed++;
        else if (done) report.memberPartiesMoved++;
      } else if (item["sk"] === programmeKind.name) {
        const programme = item["data"] as ProgrammeRecord;
        const wanted = programmeKind.indexKeys(programme);
        if (item["gsi1pk"] === wanted.gsi1pk && item["gsi1sk"] === wanted.gsi1sk) continue;
        const done = await conditional(dryRun, () =>
          client.send(
            new UpdateCommand({
              TableName: tableName,
              Key: key,
              UpdateExpression: "SET gsi1pk = :pk, gsi1sk = :sk",
              ConditionExpression: "#d.#v = :v",
              ExpressionAttributeNames: { "#d": "data", "#v": "version" },
              ExpressionAttributeValues: {
                ":v": programme.version,
                ":pk": wanted.gsi1pk,
                ":sk": wanted.gsi1sk,
              },
            }),
          ),
        );
        if (done) report.programmesReindexed++;
      } else {
        const credit = item["data"] as CreditRecord;
        credits.set(credit.organisationId, [...(credits.get(credit.organisationId) ?? []), credit]);
      }
    }
    start = page.LastEvaluatedKey;
  } while (start);

  // Lead claims, oldest application first (by creation, then id): a later live one of the same lead and challenge,
  // possible before claims existed, is reported rather than claimed.
  live.sort((x, y) => x.createdAt.localeCompare(y.createdAt) || x.id.localeCompare(y.id));
  for (const application of live) {
    const claim = leadClaimKey(application.challengeId, application.leadOrganisationId);
    const existing = await client.send(
      new GetCommand({ TableName: tableName, Key: markerKey(claim), ConsistentRead: true }),
    );
    const holder = existing.Item?.["applicationId"] ?? claimed.get(claim);
    if (holder === undefined) {
      claimed.set(claim, application.id);
      const done = await conditional(dryRun, () =>
        client.send(
          new PutCommand({
            TableName: tableName,
            Item: { ...markerKey(claim), kind: "marker", applicationId: application.id },
            ConditionExpression: "attribute_not_exists(pk)",
          }),
        ),
      );
      if (done) report.leadClaimsAdded++;
      else report.leadClaimConflicts.push(application.id);
    } else if (holder !== application.id) {
      report.leadClaimConflicts.push(application.id);
    }
  }

  // Credit standings: the marker each organisation's credit records imply, where none was written yet (the current
  // code keeps an existing one up to date).
  for (const [organisation, records] of credits) {
    const intervals = records.map((r) => ({
      id: r.id,
      recordedOn: r.recordedOn,
      blockedUntil: r.blockedUntil,
    }));
    const key = markerKey(creditStandingKey(organisation));
    const existing = await client.send(
      new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }),
    );
    if (existing.Item) continue;
    const done = await conditional(dryRun, () =>
      client.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...key,
            kind: "marker",
            count: intervals.length,
            latestEnd: intervals.reduce((m, i) => (i.blockedUntil > m ? i.blockedUntil : m), ""),
            intervals: JSON.stringify(intervals),
          },
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      ),
    );
    if (done) report.creditStandingsAdded++;
  }
  return report;
}
