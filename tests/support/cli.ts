// Test support: the CLI (`local/cli/main.ts`) as a child process, awaited without blocking this process — a runtime
// started in the test process (its S3 server among its parts) must go on answering the CLI meanwhile.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { projectRoot } from "../../local/runtime-paths.ts";

/** Runs `npm run -s cli -- <args>`'s entry with Node; its exit status, standard output and standard error. */
export async function runCli(
  args: readonly string[],
  env: Readonly<Record<string, string>> = {},
): Promise<{ status: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ["--import", "tsx", "local/cli/main.ts", ...args],
      { cwd: projectRoot, encoding: "utf8", env: { ...process.env, ...env } },
    );
    return { status: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { status: failed.code ?? 1, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" };
  }
}
