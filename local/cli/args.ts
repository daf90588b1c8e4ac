// CLI support: the command-group contract, strict flag parsing and usage errors shared by every group in local/cli/.
import { parseArgs } from "node:util";

/** A command group: `run` receives the words after the group name and returns the exit code. */
export interface CommandGroup {
  readonly summary: string;
  run(argv: string[]): Promise<number>;
}

/** Wrong arguments: printed as "error: …" with exit code 2. */
export class UsageError extends Error {}

/** Strict flag parsing: unknown flags and missing values are usage errors. */
export function flags<T extends Record<string, { type: "string" | "boolean"; short?: string }>>(
  argv: string[],
  options: T,
) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

export function noPositionals(positionals: string[]): void {
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
}

/**
 * A group made of subcommands: `group <command> [flags]`. No command prints the usage (exit 2), `help` prints it
 * (exit 0), an unknown one is a usage error. Usage errors print "error: …" and exit 2 (local/cli/main.ts).
 */
export function subcommands(
  group: string,
  summary: string,
  usage: string,
  commands: Record<string, (argv: string[]) => Promise<number>>,
): CommandGroup {
  return {
    summary,
    async run(argv) {
      const [command, ...rest] = argv;
      if (command === undefined || command === "help" || command === "--help") {
        console.log(usage);
        return command === undefined ? 2 : 0;
      }
      const run = commands[command];
      if (!run) throw new UsageError(`unknown ${group} command "${command}"\n${usage}`);
      return run(rest);
    },
  };
}
