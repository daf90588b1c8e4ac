// Test support: the platform as `npm start` runs it, in a child process on a given data directory — start it, kill it
// hard (SIGKILL), stop it (SIGINT), and wait until no execution is mid-step.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { RuntimeInfo } from "../../local/runtime.ts";
import { projectRoot } from "../../local/runtime-paths.ts";

export interface PlatformProcess {
  readonly info: RuntimeInfo;
  readonly process: ChildProcess;
  /** SIGKILL, as a crash would: nothing gets to clean up. */
  kill(): Promise<void>;
  /** SIGINT, as Ctrl-C: resolves with the exit code. */
  interrupt(): Promise<number | null>;
  /** Resolves when no execution is mid-step (POST /local/settle). */
  settle(): Promise<void>;
}

export async function startPlatform(
  dataDir: string,
  env: Record<string, string> = {},
): Promise<PlatformProcess> {
  const proc = spawn(process.execPath, ["--import", "tsx", "local/start.ts"], {
    cwd: projectRoot,
    env: { ...process.env, JIEBANG_DATA_DIR: dataDir, PORT: "0", LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  proc.stdout?.on("data", (d: Buffer) => {
    output += d.toString();
  });
  proc.stderr?.on("data", (d: Buffer) => {
    output = (output + d.toString()).slice(-20_000);
  });
  const file = join(dataDir, "runtime.json");
  const info = await new Promise<RuntimeInfo>((resolve, reject) => {
    const onExit = (code: number | null) =>
      reject(new Error(`platform exited (${code}) before it was up:\n${output}`));
    proc.once("exit", onExit);
    // "jiebang is up" is printed after runtime.json is written. The listener goes once it has read the file: output
    // printed later (at shutdown, when runtime.json is removed, or after the test removed the directory) must not
    // read it again.
    const onData = () => {
      if (!output.includes("jiebang is up") || !existsSync(file)) return;
      let written: RuntimeInfo;
      try {
        written = JSON.parse(readFileSync(file, "utf8")) as RuntimeInfo;
      } catch {
        return; // removed or half-written between the check and the read: the next chunk tries again
      }
      if (written.pid !== proc.pid) return;
      proc.off("exit", onExit);
      proc.stdout?.off("data", onData);
      resolve(written);
    };
    proc.stdout?.on("data", onData);
  });
  const exited = () =>
    new Promise<number | null>((resolve) => {
      if (proc.exitCode !== null || proc.signalCode !== null) resolve(proc.exitCode);
      else proc.once("exit", (code) => resolve(code));
    });
  return {
    info,
    process: proc,
    async kill() {
      const done = exited();
      proc.kill("SIGKILL");
      await done;
    },
    async interrupt() {
      const done = exited();
      proc.kill("SIGINT");
      return done;
    },
    async settle() {
      const response = await fetch(`${info.apiUrl}/local/settle`, { method: "POST" });
      if (response.status !== 200) throw new Error(`settle answered ${response.status}`);
    },
  };
}
