// CLI group `audit`: `audit verify` checks every record's hash-chained audit trail and reports the first broken link
// of each broken record (exit 1). Reads the running platform's table, or AWS's with --aws (standard AWS variables).
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { type ChainReport, verifyChains } from "../../functions/kernel/audit-chain.ts";
import { scanAuditEvents } from "../../functions/platform/dynamodb/audit-chain.ts";
import { localNames } from "../../infra/resources.ts";
import { defaultDataDir } from "../runtime-paths.ts";
import { flags, noPositionals, subcommands, UsageError } from "./args.ts";

/** Verifies the audit chains of a table. */
export async function verifyAuditTable(
  client: DynamoDBDocumentClient,
  tableName: string,
): Promise<ChainReport> {
  return verifyChains(await scanAuditEvents(client, tableName));
}

/** The flags that choose a table: the running platform's (`--data-dir`), or one in AWS (`--aws --table`). */
export const tableFlags = {
  aws: { type: "boolean" },
  table: { type: "string" },
  json: { type: "boolean" },
  "data-dir": { type: "string" },
} as const;

/** The client and table name the table flags choose. */
export function chosenTable(values: { aws?: boolean; table?: string; "data-dir"?: string }): {
  client: DynamoDBDocumentClient;
  table: string;
} {
  if (values.aws && !values.table && !process.env["TABLE_NAME"])
    throw new UsageError("--aws needs --table (or TABLE_NAME)");
  const client = values.aws
    ? DynamoDBDocumentClient.from(new DynamoDBClient({}))
    : localClient(resolve(values["data-dir"] ?? process.env["JIEBANG_DATA_DIR"] ?? defaultDataDir));
  return { client, table: values.table ?? (values.aws ? process.env["TABLE_NAME"]! : localNames.table) };
}

/** A client of the running embedded platform's DynamoDB Local (its endpoint from `<dataDir>/runtime.json`). */
function localClient(dataDir: string): DynamoDBDocumentClient {
  const file = join(dataDir, "runtime.json");
  if (!existsSync(file))
    throw new Error(`no running platform found (${file} is missing): start it with npm start, or use --aws`);
  const { dynamodbEndpoint } = JSON.parse(readFileSync(file, "utf8")) as { dynamodbEndpoint: string };
  return DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: dynamodbEndpoint,
      region: "us-east-1",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    }),
  );
}

async function verify(argv: string[]): Promise<number> {
  const { values, positionals } = flags(argv, tableFlags);
  noPositionals(positionals);
  const { client, table } = chosenTable(values);
  try {
    const report = await verifyAuditTable(client, table);
    if (values.json) console.log(JSON.stringify(report));
    else {
      console.log(
        `audit chains: ${report.records} records, ${report.events} events: ${report.ok ? "ok" : "BROKEN"}`,
      );
      for (const b of report.breaks)
        console.log(`  ${b.record} version ${b.version}: ${b.reason} (${b.detail})`);
    }
    return report.ok ? 0 : 1;
  } finally {
    client.destroy();
  }
}

export const auditCommands = subcommands(
  "audit",
  "the tamper-evident audit trail: audit verify [--json] [--aws --table T]",
  "usage:\n  audit verify [--json] [--data-dir DIR]   check the running platform's audit chains\n  audit verify --aws --table T [--json]     check a table in AWS (standard AWS variables)",
  { verify },
);
