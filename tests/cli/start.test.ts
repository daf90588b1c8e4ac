// CLI tests of `npm start` (local/start.ts) spawned as a process on a machine without a usable Java: it says so at once,
// exits non-zero and leaves no data directory behind.
import { execFile } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");
const scratch = mkdtempSync(join(tmpdir(), "jiebang-start-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A directory holding `node` and the given shell scripts, and nothing else: a PATH of a machine without Java. */
function binDirectory(name: string, scripts: Record<string, string> = {}): string {
  const bin = join(scratch, name, "bin");
  mkdirSync(bin, { recursive: true });
  symlinkSync(process.execPath, join(bin, "node"));
  for (const [tool, body] of Object.entries(scripts)) {
    writeFileSync(join(bin, tool), `#!/bin/sh\n${body}\n`);
    chmodSync(join(bin, tool), 0o755);
  }
  return bin;
}

interface Started {
  code: number | null;
  stdout: string;
  stderr: string;
  seconds: number;
}

/** `npm start` as the README runs it (tsx local/start.ts), on `dataDir`, with only `bin` on PATH. */
function start(bin: string, dataDir: string, extra: Record<string, string> = {}): Promise<Started> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && key !== "JAVA_HOME" && key !== "JIEBANG_CLOCK_START") env[key] = value;
  }
  Object.assign(env, { PATH: bin, JIEBANG_DATA_DIR: dataDir, PORT: "0", ...extra });
  const began = performance.now();
  return new Promise((done) => {
    execFile(
      process.execPath,
      ["--import", "tsx", "local/start.ts"],
      // A start that does not fail fast is killed here, so the test fails on its assertions, not on a hang.
      { cwd: root, env, timeout: 30_000, killSignal: "SIGKILL" },
      (error, stdout, stderr) => {
        const code = error ? ((error as { code?: unknown }).code ?? null) : 0;
        done({
          code: typeof code === "number" ? code : null,
          stdout,
          stderr,
          seconds: (performance.now() - began) / 1000,
        });
      },
    );
  });
}

describe("npm start without a usable Java", () => {
  it("with no java on PATH: says which JDK to install within seconds, exit 1, no data directory", async () => {
    const dataDir = join(scratch, "no-java-data");
    const run = await start(binDirectory("no-java"), dataDir);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/Java 17/);
    expect(run.stderr).toContain("openjdk-17-jdk-headless");
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    // The check comes before anything is started or written (about 1 s here; the bound allows for a busy machine).
    expect(run.seconds).toBeLessThan(10);
    expect(existsSync(dataDir)).toBe(false);
  }, 40_000);

  it("with a java that exits at once: reports DynamoDB Local's exit within seconds and removes the fresh data directory", async () => {
    // A fake JDK: javac "compiles" the launcher (into this test's own temporary directory, never the machine's shared
    // cache), java exits at once as a broken installation does.
    const tmp = join(scratch, "broken-java-tmp");
    mkdirSync(tmp, { recursive: true });
    const bin = binDirectory("broken-java", {
      javac:
        'while [ $# -gt 0 ]; do if [ "$1" = "-d" ]; then : > "$2/DynamoDBLoopback.class"; fi; shift; done',
      java: 'echo "Error: could not create the Java Virtual Machine." >&2; exit 1',
    });
    const dataDir = join(scratch, "broken-java-data");
    const run = await start(bin, dataDir, { TMPDIR: tmp });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("DynamoDB Local exited with code 1");
    expect(run.stderr).toContain("could not create the Java Virtual Machine");
    // Well before the 60 s that start waits for DynamoDB Local to answer (local/dynamodb.ts): the exit is noticed, not
    // waited out. 45 s leaves a loaded machine room (16 s measured at load 12), still apart from 60.
    expect(run.seconds).toBeLessThan(45);
    expect(existsSync(dataDir)).toBe(false);
  }, 90_000);
});
