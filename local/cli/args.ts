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
