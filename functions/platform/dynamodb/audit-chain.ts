// Adapter: reading the audit chain in DynamoDB — the previous event's hash when appending, and the whole trail (record
// heads and audit events) for the digest writer and the verifier (`npm run -s cli -- audit verify`). Audit items: pk
// "<KIND>#<id>", sk "AUDIT#<version, 10 digits>".
import { type DynamoDBDocumentClient, GetCommand, ScanCommand } from "@aws-sdk/lib-dynamodb";
import { genesisHash } from "../../kernel/audit-chain.ts";
import type { AuditTrailSource, StoredAuditItem, StoredRecordHead } from "../ports/audit-anchoring.ts";
import { unauditedKinds } from "../ports/records.ts";

export const auditSortKey = (version: number) => `AUDIT#${String(version).padStart(10, "0")}`;

/** The hash the next event of `pk` chains to: genesis for version 1, else the stored hash of version - 1. */
export async function previousAuditHash(
  client: DynamoDBDocumentClient,
  tableName: string,
  pk: string,
  version: number,
): Promise<string> {
  if (version <= 1) return genesisHash;
  const result = await client.send(
    new GetCommand({
      TableName: tableName,
      Key: { pk, sk: auditSortKey(version - 1) },
      ProjectionExpression: "#h",
      ExpressionAttributeNames: { "#h": "hash" },
      ConsistentRead: true,
    }),
  );
  // A missing predecessor is recorded as such; the verifier reports it rather than the write failing.
  return typeof result.Item?.["hash"] === "string" ? result.Item["hash"] : `missing:${version - 1}`;
}

/** Every audit event of the table (a full scan: for the offline verifier, never for a request). */
export async function scanAuditEvents(
  client: DynamoDBDocumentClient,
  tableName: string,
): Promise<{ record: string; position: number; event: Record<string, unknown> }[]> {
  const events: { record: string; position: number; event: Record<string, unknown> }[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: "begins_with(sk, :audit)",
        ExpressionAttributeValues: { ":audit": "AUDIT#" },
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    for (const item of page.Items ?? []) {
      const { pk, sk, kind: _kind, ...event } = item;
      events.push({ record: String(pk), position: Number(String(sk).slice("AUDIT#".length)), event });
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return events;
}

/**
 * The whole trail as stored, in one scan: every record item's head (items whose sort key is their kind and whose data
 * has a version) and every audit event. For the digest writer and the verifier, never for a request.
 */
export function dynamoAuditTrailSource(client: DynamoDBDocumentClient, tableName: string): AuditTrailSource {
  return {
    table: tableName,
    async readAll() {
      const records: StoredRecordHead[] = [];
      const events: StoredAuditItem[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const page = await client.send(
          new ScanCommand({ TableName: tableName, ...(start ? { ExclusiveStartKey: start } : {}) }),
        );
        for (const item of page.Items ?? []) {
          const pk = String(item["pk"]);
          const sk = String(item["sk"]);
          if (sk.startsWith("AUDIT#")) {
            const { pk: _pk, sk: _sk, kind: _kind, ...event } = item;
            events.push({ record: pk, position: Number(sk.slice("AUDIT#".length)), event });
            continue;
          }
          const version = (item["data"] as { version?: unknown } | undefined)?.version;
          // Execution plumbing (ports/records.ts unauditedKinds) has no trail to verify: named in code, not the data.
          if (unauditedKinds.has(sk)) continue;
          if (sk === pk.split("#")[0] && typeof version === "number") {
            const auditHash = item["auditHash"];
            records.push({ record: pk, version, ...(typeof auditHash === "string" ? { auditHash } : {}) });
          }
        }
        start = page.LastEvaluatedKey;
      } while (start);
      return { records, events };
    },
  };
}
