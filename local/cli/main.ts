// Command-line entry (`npm run -s cli -- <group> <command> [--flags]`): dispatches to one module per group.
import "../polyfills.ts";
import { type CommandGroup, UsageError } from "./args.ts";

const groups: Record<string, () => Promise<CommandGroup>> = {
  token: async () => (await import("./token.ts")).tokenCommands,
  clock: async () => (await import("./clock.ts")).clockCommands,
  funding: async () => (await import("./funding.ts")).fundingCommands,
  calendar: async () => (await import("./calendar.ts")).calendarCommands,
  openapi: async () => (await import("./openapi.ts")).openapiCommands,
  audit: async () => (await import("./audit.ts")).auditCommands,
  migrate: async () => (await import("./migrate.ts")).migrateCommands,
  projects: async () => (await import("./projects.ts")).projectCommands,
  organisations: async () => (await import("./organisations.ts")).organisationCommands,
  smoke: async () => (await import("./smoke.ts")).smokeCommands,
};

async function main(argv: string[]): Promise<number> {
  const [group, ...rest] = argv;
  if (!group || group === "help" || group === "--help") {
    console.log("usage: npm run -s cli -- <group> <command> [--flags]\n\ngroups:");
    for (const [name, load] of Object.entries(groups)) {
      const g = await load().catch(() => undefined);
      console.log(`  ${name.padEnd(10)} ${g?.summary ?? ""}`);
    }
    return group ? 0 : 2;
  }
  const load = groups[group];
  if (!load) {
    console.error(`unknown command group "${group}" (try: ${Object.keys(groups).join(", ")})`);
    return 2;
  }
  try {
    return await (await load()).run(rest);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`error: ${error.message}`);
      return 2;
    }
    console.error(`error: ${(error as Error).message}`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
