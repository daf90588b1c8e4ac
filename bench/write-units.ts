// Benchmark (bench/, `npx tsx bench/write-units.ts`): the DynamoDB write units of one project lifecycle (the same
// lifecycle as bench/lifecycle.ts, award to closure) broken down by operation, by item class (a record of a kind, its
// audit event, to-do items, markers, notifications …) and by item size. The total is what DynamoDB reported
// (ReturnConsumedCapacity INDEXES: the table and each global index); each item's share is estimated from its size as
// DynamoDB bills it (1 unit per started KB, twice in a transaction; an index entry as much again per index the item
// is in); an Update or a Delete is sized by the item it replaces (read beforehand, uncounted). Prints Markdown tables,
// the last one by write (its audit actions, or the unaudited kind) with the units DynamoDB reported for it. DynamoDB
// Local reports a transaction's equal-sized items once (docs/project-lifecycle.md, "Write units"): the estimate is
// what AWS bills. WRU_TRACE=1 prints each transaction; WRU_DUMP=<file> writes each write's items as JSON lines.
import "../local/polyfills.ts";

process.env["LOG_LEVEL"] ??= "warn";

import { appendFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import { dynamo } from "../functions/platform/clients.ts";
import { startRuntime } from "../local/runtime.ts";
import { projectFlow } from "../tests/support/project-flow.ts";
import { lifecycleRunner } from "./lifecycle.ts";

type Attribute = Record<string, unknown>;

/** The size of a marshalled attribute value, as DynamoDB counts it (docs: "Item sizes and formats"). */
function valueSize(value: Attribute): number {
  const [type, v] = Object.entries(value)[0]! as [string, unknown];
  switch (type) {
    case "S":
      return Buffer.byteLength(v as string);
    case "N": {
      const digits = String(v).replace(/^-|\.|^0+/g, "").length;
      return Math.ceil(digits / 2) + 1;
    }
    case "B":
      return (v as Uint8Array).length;
    case "BOOL":
    case "NULL":
      return 1;
    case "L":
      return 3 + (v as Attribute[]).reduce((sum, e) => sum + 1 + valueSize(e), 0);
    case "M":
      return (
        3 +
        Object.entries(v as Record<string, Attribute>).reduce(
          (s, [k, e]) => s + 1 + Buffer.byteLength(k) + valueSize(e),
          0,
        )
      );
    case "SS":
      return (v as string[]).reduce((sum, e) => sum + Buffer.byteLength(e), 0);
    default:
      return 0;
  }
}

function itemSize(item: Record<string, Attribute>): number {
  return Object.entries(item).reduce((sum, [k, v]) => sum + Buffer.byteLength(k) + valueSize(v), 0);
}

/** What an item is: a record of a kind, its audit event, a to-do, a marker, … */
function classOf(pk: string, sk: string): string {
  const prefix = pk.split("#")[0]!;
  if (sk.startsWith("AUDIT#")) return `audit event of ${prefix}`;
  if (sk === "MARKER") return `marker ${prefix}`;
  if (pk.startsWith("TODO#")) return "to-do";
  if (sk === prefix) return `record ${prefix}`;
  return `${prefix} item`;
}

interface Row {
  items: number;
  units: number;
  bytes: number;
}
const add = (table: Map<string, Row>, key: string, units: number, bytes: number) => {
  const row = table.get(key) ?? { items: 0, units: 0, bytes: 0 };
  row.items++;
  row.units += units;
  row.bytes += bytes;
  table.set(key, row);
};

const byOperation = new Map<string, Row>();
const byClass = new Map<string, Row>();
const bySize = new Map<string, Row>();
/** Each write call by what it did (its audit actions, or the unaudited kinds it wrote): the units DynamoDB reported. */
const byAction = new Map<string, Row>();
let reported = 0;
let reportedIndexes = 0;
let estimated = 0;
let counting = false;
/** The track as last written (WRU_TRACE prints it at the end). */
let lastTrack: unknown;

const dataDir = mkdtempSync(join(tmpdir(), "jiebang-bench-wru-"));
const runtime = await startRuntime({ dataDir, clockStart: "2025-06-02T02:00:00.000Z" });
const raw = new DynamoDBClient({});
const indexesOf = (item: Record<string, Attribute>) =>
  Object.keys(item).filter((k) => /pk$/.test(k) && k !== "pk").length;

async function sizeOfStored(tableName: string, key: Record<string, Attribute>) {
  const got = await raw.send(
    new GetItemCommand({ TableName: tableName, Key: key as never, ConsistentRead: true }),
  );
  return got.Item
    ? { bytes: itemSize(got.Item as never), indexes: indexesOf(got.Item as never) }
    : { bytes: 0, indexes: 0 };
}

dynamo().middlewareStack.add(
  (next, context) => async (args) => {
    const name = context.commandName ?? "unknown";
    const input = args.input as Record<string, unknown>;
    const isWrite = /^(Put|Update|Delete|TransactWrite|BatchWrite)/.test(name);
    if (!counting || !isWrite) return next(args);
    input["ReturnConsumedCapacity"] = "INDEXES";
    const transaction = name.startsWith("TransactWrite");
    const parts: { op: string; tableName: string; item?: Attribute; key?: Attribute }[] = [];
    if (transaction) {
      for (const t of input["TransactItems"] as Record<string, Record<string, unknown>>[]) {
        const [op, body] = Object.entries(t)[0]!;
        parts.push({
          op,
          tableName: String(body["TableName"]),
          item: body["Item"] as Attribute,
          key: body["Key"] as Attribute,
        });
      }
    } else if (name.startsWith("BatchWrite")) {
      for (const [tableName, requests] of Object.entries(
        input["RequestItems"] as Record<string, Record<string, Record<string, unknown>>[]>,
      ))
        for (const r of requests) {
          if (r["PutRequest"])
            parts.push({ op: "Put", tableName, item: r["PutRequest"]["Item"] as Attribute });
          if (r["DeleteRequest"])
            parts.push({ op: "Delete", tableName, key: r["DeleteRequest"]["Key"] as Attribute });
        }
    } else {
      parts.push({
        op: name.replace(/Command$/, "").replace(/Item$/, ""),
        tableName: String(input["TableName"]),
        item: input["Item"] as Attribute,
        key: input["Key"] as Attribute,
      });
    }
    const multiplier = transaction ? 2 : 1;
    const rows: [Map<string, Row>, string, number, number][] = [];
    for (const part of parts) {
      const marshalled = part.item
        ? (marshall(part.item, {
            removeUndefinedValues: true,
            convertClassInstanceToMap: false,
          }) as unknown as Record<string, Attribute>)
        : undefined;
      const key = marshalled
        ? { pk: marshalled["pk"]!, sk: marshalled["sk"]! }
        : (marshall(part.key!) as unknown as Record<string, Attribute>);
      const before = await sizeOfStored(part.tableName, key);
      const bytes = Math.max(marshalled ? itemSize(marshalled) : 0, before.bytes);
      const indexes = marshalled ? Math.max(indexesOf(marshalled), before.indexes) : before.indexes;
      const base = Math.max(1, Math.ceil(bytes / 1024)) * multiplier;
      const units = part.op === "ConditionCheck" ? base : base * (1 + indexes);
      const pk = String((key["pk"] as { S: string }).S);
      const sk = String((key["sk"] as { S: string }).S);
      const size = bytes <= 1024 ? "≤ 1 KB" : bytes <= 2048 ? "1–2 KB" : bytes <= 4096 ? "2–4 KB" : "> 4 KB";
      rows.push([byOperation, `${name.replace(/Command$/, "")} ${part.op}`, units, bytes]);
      rows.push([byClass, classOf(pk, sk), units, bytes]);
      rows.push([bySize, size, units, bytes]);
    }
    if (process.env["WRU_TRACE"]) {
      const audits = parts
        .filter((p) => p.item && String(p.item["sk"]).startsWith("AUDIT#"))
        .map((p) => `${p.item!["recordKind"]}:${p.item!["action"]}`);
      const records = parts
        .filter((p) => p.item?.["data"])
        .map((p) => {
          const data = p.item!["data"] as Record<string, unknown>;
          if (p.item!["kind"] === "PROJECT_TRACK") lastTrack = data;
          const fields = Object.entries(data)
            .map(([k, v]) => [k, JSON.stringify(v).length] as const)
            .filter(([, n]) => n > 200)
            .sort((a, b) => b[1] - a[1])
            .map(([k, n]) => `${k}=${n}`);
          return `${p.item!["kind"]}(${JSON.stringify(data).length}: ${fields.join(" ")})`;
        });
      console.error(`${name} ${parts.length} items; ${audits.join(", ")} | ${records.join("; ")}`);
    }
    const actions = parts
      .filter((p) => p.item && String(p.item["sk"]).startsWith("AUDIT#"))
      .map((p) => String(p.item!["action"]));
    const kinds = parts.filter((p) => p.item?.["kind"]).map((p) => String(p.item!["kind"]));
    const action =
      actions.length > 0
        ? actions.join(" + ")
        : kinds.length > 0
          ? `(unaudited) ${[...new Set(kinds)].join(" + ")}`
          : `(no record) ${parts.map((p) => String(classOf(String((p.item ?? p.key)!["pk"]), String((p.item ?? p.key)!["sk"])))).join(" + ")}`;
    const largest = Math.max(0, ...rows.filter(([t]) => t === byOperation).map(([, , , bytes]) => bytes));
    // A cancelled transaction (a version conflict, retried) is billed too, but DynamoDB reports no capacity for it:
    // only writes that succeed are counted, on both sides.
    const result = await next(args);
    for (const [rowsOf, key, units, bytes] of rows) add(rowsOf, key, units, bytes);
    estimated += rows.filter(([t]) => t === byOperation).reduce((sum, [, , units]) => sum + units, 0);
    type Consumed = {
      CapacityUnits?: number;
      GlobalSecondaryIndexes?: Record<string, { CapacityUnits?: number }>;
    };
    const consumed = (result.output as { ConsumedCapacity?: Consumed | Consumed[] }).ConsumedCapacity;
    let units = 0;
    for (const c of Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) {
      reported += c.CapacityUnits ?? 0;
      units += c.CapacityUnits ?? 0;
      for (const index of Object.values(c.GlobalSecondaryIndexes ?? {}))
        reportedIndexes += index.CapacityUnits ?? 0;
    }
    add(byAction, action, units, largest);
    if (process.env["WRU_DUMP"])
      appendFileSync(
        process.env["WRU_DUMP"],
        `${JSON.stringify({
          name,
          parts: parts.map((p) => ({
            op: p.op,
            pk: p.item?.["pk"] ?? p.key?.["pk"],
            sk: p.item?.["sk"] ?? p.key?.["sk"],
            kind: p.item?.["kind"],
            action: p.item?.["action"],
            data: p.item?.["kind"] === "PROJECT_TRACK" ? p.item["data"] : undefined,
          })),
          reported: units,
          sizes: rows.filter(([t]) => t === byOperation).map(([, , u, b]) => [u, b]),
        })}\n`,
      );
    return result;
  },
  { step: "initialize", name: "benchWriteUnitBreakdown" },
);

const table = (
  title: string,
  rows: Map<string, Row>,
  what = "items",
  units = "WRU (estimated)",
  size = "mean item size",
) =>
  [
    `| ${title} | ${what} | ${units} | ${size} |`,
    "| --- | ---: | ---: | ---: |",
    ...[...rows.entries()]
      .sort((a, b) => b[1].units - a[1].units)
      .map(([k, r]) => `| ${k} | ${r.items} | ${r.units} | ${Math.round(r.bytes / r.items)} B |`),
  ].join("\n");

try {
  const flow = projectFlow(() => runtime);
  await flow.registerExperts([1, 2, 3]);
  counting = true;
  await lifecycleRunner(runtime, flow)(1);
  counting = false;
  console.log(
    `One project lifecycle: ${reported} WRU reported by DynamoDB (of which global indexes ${reportedIndexes}); ${estimated} estimated from item sizes.\n`,
  );
  console.log(
    `${table("operation", byOperation)}\n\n${table("item", byClass)}\n\n${table("item size", bySize)}\n\n${table("write (audit actions, or the unaudited kind)", byAction, "writes", "WRU (reported)", "mean largest item")}`,
  );
  if (process.env["WRU_TRACE"]) console.error(JSON.stringify(lastTrack, null, 1));
} finally {
  await runtime.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
