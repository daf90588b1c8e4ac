// CLI group `organisations`: bringing existing data into the organisation registry (机构名录) before a deployment
// requires it — `organisations unregistered` lists the organisation ids the records name that nobody registered;
// `organisations import FILE.csv` registers them (columns organisationId,registeredName,uscc,type), idempotently.
// Reads and writes the running platform's table, or AWS's with --aws (operations/adapters/organisations-migration.ts).
import { readFileSync } from "node:fs";
import {
  importOrganisations,
  parseOrganisationCsv,
  unregisteredOrganisations,
} from "../../functions/operations/adapters/organisations-migration.ts";
import { flags, noPositionals, subcommands, UsageError } from "./args.ts";
import { chosenTable, tableFlags } from "./audit.ts";

async function unregistered(argv: string[]): Promise<number> {
  const { values, positionals } = flags(argv, tableFlags);
  noPositionals(positionals);
  const { client, table } = chosenTable(values);
  try {
    const found = await unregisteredOrganisations(client, table);
    if (values.json) console.log(JSON.stringify(found));
    else {
      console.log(`${found.length} organisation ids named by records are not registered`);
      for (const o of found)
        console.log(
          `  ${o.organisationId}  (${Object.entries(o.namedBy)
            .map(([by, n]) => `${by} ×${n}`)
            .join(", ")})`,
        );
    }
    return 0;
  } finally {
    client.destroy();
  }
}

async function importCsv(argv: string[]): Promise<number> {
  const { values, positionals } = flags(argv, { ...tableFlags, "dry-run": { type: "boolean" } });
  const [file, ...rest] = positionals;
  if (!file) throw new UsageError("organisations import needs the CSV file");
  noPositionals(rest);
  const { rows } = parseOrganisationCsv(readFileSync(file, "utf8"));
  const { client, table } = chosenTable(values);
  try {
    const report = await importOrganisations(client, table, rows, { dryRun: values["dry-run"] ?? false });
    if (values.json) console.log(JSON.stringify(report));
    else {
      console.log(
        `organisations import${report.dryRun ? " (dry run: nothing written)" : ""}: ${report.registered.length} registered, ` +
          `${report.present.length} already registered as given, ${report.refused.length} refused`,
      );
      for (const r of report.refused) console.log(`  line ${r.line} ${r.organisationId}: ${r.reason}`);
    }
    return report.refused.length > 0 ? 1 : 0;
  } finally {
    client.destroy();
  }
}

export const organisationCommands = subcommands(
  "organisations",
  "the organisation registry (机构名录): organisations unregistered | import FILE.csv [--dry-run]",
  "usage:\n  organisations unregistered [--json] [--data-dir DIR | --aws --table T]   ids named by records, not registered\n  organisations import FILE.csv [--dry-run] [--json] [--data-dir DIR | --aws --table T]\n      columns organisationId,registeredName,uscc,type (UTF-8); rows already registered as given are left alone",
  { unregistered, import: importCsv },
);
