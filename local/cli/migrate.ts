// CLI group `migrate`: `migrate backfill` brings a table written by earlier versions to today's item shapes (index keys
// of applications, party records and programmes, lead claims, credit standings; operations/adapters/backfill.ts). Reads
// and writes the running platform's table, or AWS's with --aws (standard AWS variables). --dry-run only counts.
// `migrate todos` writes the to-do items (待办) of records written before the projection (operations/adapters/backfill-todos.ts).
// `migrate project-lifecycle` moves projects still on project-phase onto the chain of executions (migrate-lifecycle.ts).
import { backfill as runBackfill } from "../../functions/operations/adapters/backfill.ts";
import { backfillTodos } from "../../functions/operations/adapters/backfill-todos.ts";
import { flags, noPositionals, subcommands } from "./args.ts";
import { chosenTable, tableFlags } from "./audit.ts";
import { projectLifecycle } from "./migrate-lifecycle.ts";

async function backfill(argv: string[]): Promise<number> {
  const { values, positionals } = flags(argv, { ...tableFlags, "dry-run": { type: "boolean" } });
  noPositionals(positionals);
  const { client, table } = chosenTable(values);
  try {
    const report = await runBackfill(client, table, { dryRun: values["dry-run"] ?? false });
    if (values.json) console.log(JSON.stringify(report));
    else {
      console.log(
        `backfill${report.dryRun ? " (dry run: nothing written)" : ""}: ${report.applicationsReindexed} applications reindexed, ` +
          `${report.leadClaimsAdded} lead claims added, ${report.memberPartiesMoved} member parties moved, ` +
          `${report.leadPartiesUnindexed} lead parties unindexed, ${report.creditStandingsAdded} credit standings added, ` +
          `${report.programmesReindexed} programmes reindexed`,
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

/** `migrate todos`: the to-do items (待办) of records written before the projection existed. */
async function todos(argv: string[]): Promise<number> {
  const { values, positionals } = flags(argv, { ...tableFlags, "dry-run": { type: "boolean" } });
  noPositionals(positionals);
  const { client, table } = chosenTable(values);
  try {
    const report = await backfillTodos(client, table, { dryRun: values["dry-run"] ?? false });
    if (values.json) console.log(JSON.stringify(report));
    else
      console.log(
        `todos${report.dryRun ? " (dry run: nothing written)" : ""}: ${report.recordsRead} records read, ` +
          `${report.todosAdded} to-dos added, ${report.todosPresent} already there, ${report.recordsChanged} records changed meanwhile`,
      );
    return 0;
  } finally {
    client.destroy();
  }
}

export const migrateCommands = subcommands(
  "migrate",
  "bring an older table to today's shapes: migrate backfill|todos|project-lifecycle [--dry-run] [--json] [--aws --table T]",
  "usage:\n  migrate backfill [--dry-run] [--json] [--data-dir DIR]   the running platform's table\n  migrate backfill --aws --table T [--dry-run] [--json]     a table in AWS (standard AWS variables)\n  migrate todos [--dry-run] [--json] [--data-dir DIR | --aws --table T]   the to-dos (待办) of records written before them\n  migrate project-lifecycle [--dry-run] [--json] [--data-dir DIR | --aws --table T]   projects still on project-phase onto the chain of executions (once, after the deploy)",
  { backfill, todos, "project-lifecycle": projectLifecycle },
);
