// CLI tests of `npm run demo` (local/demo/main.ts) spawned as a process, without driving a platform: its usage names the
// port PORT sets.
import { execFile } from "node:child_process";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");

function demo(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      ["--import", "tsx", "local/demo/main.ts", ...args],
      { cwd: root, env: { ...process.env, ...env }, timeout: 30_000 },
      (error, stdout) => done({ code: error ? 1 : 0, stdout }),
    );
  });
}

describe("npm run demo -- --help", () => {
  it("names the port PORT sets, not 3000", async () => {
    const run = await demo(["--help"], { PORT: "4123" });
    expect(run.code).toBe(0);
    const ports = [...run.stdout.matchAll(/127\.0\.0\.1:(\d+)/g)].map((m) => m[1]);
    expect(ports.length).toBeGreaterThan(0);
    expect(new Set(ports)).toEqual(new Set(["4123"]));
    expect(run.stdout).toContain("PORT (now 4123; default 3000)");
  });
});
