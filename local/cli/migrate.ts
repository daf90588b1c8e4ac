// CLI group `migrate`: `migrate backfill` brings a table written by earlier versions to today's item shapes (index keys
// of applications and party records, lead claims, credit standings; functions/adapters/dynamodb/backfill.ts). Reads and
// writes the running platform's table, or AWS's with --aws (standard AWS variables). --dry-run only counts.
import { resolve } from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { backfill as runBackfill } from "../../functions/adapters/dynamodb/backfill.ts";
import { localNames } from "../../infra/resources.ts";
import { defaultDataDir } from "../runtime-paths.ts";
import { flags, noPositionals, subcommands, UsageError } from "./args.ts";
import { localClient } from "./audit.ts";

async function backfill(argv: string[]): Promise<number> {
  const { values, positionals } = flags(argv, {
    aws: { type: "boolean" },
    table: { type: "string" },
    json: { type: "boolean" },
    "dry-run": { type: "boolean" },
    "data-dir": { type: "string" },
  });
  noPositionals(positionals);
  if (values.aws && !values.table && !process.env["TABLE_NAME"])
    throw new UsageError("--aws needs --table (or TABLE_NAME)");
  const client = values.aws
    ? DynamoDBDocumentClient.from(new DynamoDBClient({}))
    : localClient(resolve(values["data-dir"] ?? process.env["JIEBANG_DATA_DIR"] ?? defaultDataDir));
  const table = values.table ?? (values.aws ? process.env["TABLE_NAME"]! : localNames.table);
  try {
    const report = await runBackfill(client, table, { dryRun: values["dry-run"] ?? false });
    if (values.json) console.log(JSON.stringify(report));
    else {
      console.log(
        `backfill${report.dryRun ? " (dry run: nothing written)" : ""}: ${report.applicationsReindexed} applications reindexed, ` +
          `${report.leadClaimsAdded} lead claims added, ${report.memberPartiesMoved} member parties moved, ` +
          `${report.leadPartiesUnindexed} lead parties unindexed, ${report.creditStandingsAdded} credit standings added`,
      );
      for (const id of report.leadClaimConflicts)
        console.log(
          `  application ${id}: its lead already holds this challenge with another live application`,
        );
    }
    return report.leadClaimConflicts.length > 0 ? 1 : 0;
  } finally {
    client.destroy();
  }
}

export const migrateCommands = subcommands(
  "migrate",
  "bring an older table to today's shapes: migrate backfill [--dry-run] [--json] [--aws --table T]",
  "usage:\n  migrate backfill [--dry-run] [--json] [--data-dir DIR]   the running platform's table\n  migrate backfill --aws --table T [--dry-run] [--json]     a table in AWS (standard AWS variables)",
  { backfill },
);
