// Adapter support: the items of a record kind stored in parts (ports/records.ts RecordParts) — what a write puts (the
// core with the names of its parts, and the parts that changed) — shared by the DynamoDB store and the in-memory one.
import { type DynamoDBDocumentClient, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { canonicalJson } from "../../kernel/audit-chain.ts";
import { joinStored, partSortKey, type RecordKind, type VersionedRecord } from "../ports/records.ts";

/** A record's parts as stored: each part's canonical JSON, by name. */
export type StoredParts = ReadonlyMap<string, string>;

/** The parts of a record as read from its items (canonical JSON by name): only those its core lists. */
export function storedPartsOf(listed: readonly string[] | undefined, values: ReadonlyMap<string, unknown>) {
  return new Map((listed ?? []).filter((p) => values.has(p)).map((p) => [p, canonicalJson(values.get(p))]));
}

/**
 * What a write of `record` (a kind with parts) stores: its core, the names of all its parts, and the parts to put —
 * those whose value differs from `stored` (the parts stored with the record it replaces), every part when that is
 * not known (a record from elsewhere, or stored before its kind had parts). Throws when the kind's split does not give
 * the record back exactly (the audit event hashes the whole record; the read must give that record).
 */
export function partsToWrite<T extends VersionedRecord>(
  kind: RecordKind<T>,
  record: T,
  stored: StoredParts | undefined,
): {
  core: Record<string, unknown>;
  names: string[];
  put: { name: string; value: unknown }[];
  parts: Map<string, string>;
} {
  const split = kind.parts!.split(record);
  const names = [...split.parts.keys()];
  if (canonicalJson(joinStored(split.core, names, split.parts)) !== canonicalJson(record))
    throw new Error(`${kind.name} ${record.id}: its parts do not join back into the record`);
  const parts = new Map([...split.parts].map(([name, value]) => [name, canonicalJson(value)]));
  return {
    core: split.core,
    names,
    put: [...split.parts]
      .filter(([name]) => stored?.get(name) !== parts.get(name))
      .map(([name, value]) => ({ name, value })),
    parts,
  };
}

/**
 * The part plans of a transaction's writes, or none (each record stored whole, as before its kind had parts, which
 * reads the same) when their part items would take the transaction past DynamoDB's 100 items with its `others`.
 */
export function partPlans<P extends { readonly put: readonly unknown[] } | undefined>(
  plans: readonly P[],
  others: number,
): (P | undefined)[] {
  const parts = plans.reduce((sum, plan) => sum + (plan?.put.length ?? 0), 0);
  return others + parts > 100 ? plans.map(() => undefined) : [...plans];
}

/**
 * A record of a kind stored in parts, read with one strongly consistent Query of its partition (the core item, sort
 * key "<KIND>", and its parts, "<KIND>#<part>"; its audit events, "AUDIT#…", sort elsewhere): the record, the hash of
 * its latest audit event and its parts as stored (for the next update to write only the parts it changes).
 */
export async function readParted(
  client: DynamoDBDocumentClient,
  tableName: string,
  kind: RecordKind<VersionedRecord>,
  id: string,
): Promise<{ record: VersionedRecord; auditHash?: string; parts: StoredParts } | undefined> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const result = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :kind)",
        ExpressionAttributeValues: { ":pk": `${kind.name}#${id}`, ":kind": kind.name },
        ConsistentRead: true,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    items.push(...(result.Items ?? []));
    start = result.LastEvaluatedKey;
  } while (start);
  const core = items.find((item) => item["sk"] === kind.name);
  if (!core) return undefined;
  const values = new Map(
    items
      .filter((item) => String(item["sk"]).startsWith(`${kind.name}#`))
      .map((item) => [String(item["sk"]).slice(kind.name.length + 1), item["value"]]),
  );
  const listed = Array.isArray(core["parts"]) ? (core["parts"] as string[]) : undefined;
  const auditHash = core["auditHash"];
  return {
    record: joinStored(core["data"] as Record<string, unknown>, listed, values),
    ...(typeof auditHash === "string" ? { auditHash } : {}),
    parts: storedPartsOf(listed, values),
  };
}

/** A part's item: beside its record's (same partition), sort key "<KIND>#<part>", the part under `value`. */
export const partItem = (kindName: string, id: string, part: { name: string; value: unknown }) => ({
  pk: `${kindName}#${id}`,
  sk: partSortKey(kindName, part.name),
  kind: "part",
  value: part.value,
});
