// Adapter: the demand repository on the single DynamoDB table. Each change writes the record and its audit event in
// one transaction, guarded by the record's version (optimistic concurrency).
import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from "@aws-sdk/lib-dynamodb";
import { chainEvent, recordHash } from "../../kernel/audit-chain.ts";
import { conflictError } from "../../kernel/errors.ts";
import { auditSortKey, previousAuditHash } from "../../platform/dynamodb/audit-chain.ts";
import { decodeCursor, encodeCursor } from "../../platform/dynamodb/cursor.ts";
import type { Demand } from "../model.ts";
import type { AuditEntry, DemandRepository, Page } from "../repository.ts";

const demandKey = (id: string) => ({ pk: `DEMAND#${id}`, sk: "DEMAND" });

function toItem(demand: Demand) {
  return {
    ...demandKey(demand.id),
    kind: "demand",
    gsi1pk: `ORG#${demand.organisationId}#DEMAND`,
    gsi1sk: `${demand.createdAt}#${demand.id}`,
    gsi2pk: `DEMAND#STATUS#${demand.status}`,
    gsi2sk: `${demand.updatedAt}#${demand.id}`,
    data: demand,
  };
}

function auditItem(entry: AuditEntry, demand: Demand, prevHash: string) {
  // One audit event per version of the record: the sort key makes a duplicate write impossible; the hash chain makes
  // an edit, deletion or reordering of stored events detectable (npm run -s cli -- audit verify).
  return {
    pk: `DEMAND#${entry.recordId}`,
    sk: auditSortKey(demand.version),
    kind: "audit",
    ...chainEvent(
      { ...entry, recordKind: "DEMAND", version: demand.version, afterHash: recordHash(demand) },
      prevHash,
    ),
  };
}

export function dynamoDemandRepository(client: DynamoDBDocumentClient, tableName: string): DemandRepository {
  const write = async (demand: Demand, entry: AuditEntry, create: boolean) => {
    const prevHash = await previousAuditHash(client, tableName, demandKey(demand.id).pk, demand.version);
    try {
      await client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: tableName,
                Item: toItem(demand),
                ConditionExpression: create ? "attribute_not_exists(pk)" : "#d.#v = :previous",
                ...(create
                  ? {}
                  : {
                      ExpressionAttributeNames: { "#d": "data", "#v": "version" },
                      ExpressionAttributeValues: { ":previous": demand.version - 1 },
                    }),
              },
            },
            {
              Put: {
                TableName: tableName,
                Item: auditItem(entry, demand, prevHash),
                ConditionExpression: "attribute_not_exists(pk)",
              },
            },
          ],
        }),
      );
    } catch (error) {
      if (error instanceof TransactionCanceledException) {
        throw conflictError(
          "VERSION_CONFLICT",
          `Demand ${demand.id} changed meanwhile; reload and retry`,
          `需求 ${demand.id} 已被修改，请刷新后重试`,
        );
      }
      throw error;
    }
  };

  const page = async (
    index: string,
    keyName: string,
    keyValue: string,
    limit: number,
    cursor?: string,
  ): Promise<Page<Demand>> => {
    const result = await client.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: index,
        KeyConditionExpression: "#k = :v",
        ExpressionAttributeNames: { "#k": keyName },
        ExpressionAttributeValues: { ":v": keyValue },
        ScanIndexForward: false,
        Limit: limit,
        ...(cursor ? { ExclusiveStartKey: decodeCursor(cursor) } : {}),
      }),
    );
    const items = (result.Items ?? []).map((item) => item["data"] as Demand);
    return result.LastEvaluatedKey ? { items, next: encodeCursor(result.LastEvaluatedKey) } : { items };
  };

  return {
    async get(demandId) {
      const result = await client.send(
        new GetCommand({ TableName: tableName, Key: demandKey(demandId), ConsistentRead: true }),
      );
      return result.Item ? (result.Item["data"] as Demand) : undefined;
    },
    create: (demand, entry) => write(demand, entry, true),
    update: (demand, entry) => write(demand, entry, false),
    listByOrganisation: (organisationId, limit, cursor) =>
      page("gsi1", "gsi1pk", `ORG#${organisationId}#DEMAND`, limit, cursor),
    listByStatus: (status, limit, cursor) => page("gsi2", "gsi2pk", `DEMAND#STATUS#${status}`, limit, cursor),
    async auditTrail(demandId) {
      const result = await client.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: "pk = :pk AND begins_with(sk, :audit)",
          ExpressionAttributeValues: { ":pk": `DEMAND#${demandId}`, ":audit": "AUDIT#" },
        }),
      );
      return (result.Items ?? []).map(({ recordId, at, actor, action, detail }) => ({
        recordId,
        at,
        actor,
        action,
        ...(detail ? { detail } : {}),
      }));
    },
  };
}
