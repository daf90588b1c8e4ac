// CLI test: the smoke check of a deployed stack (`npm run smoke`, local/cli/smoke.ts) run as a process against the
// embedded runtime — passing with a token of its issuer, failing with the one-line reason otherwise.
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Runtime, startRuntime } from "../../local/runtime.ts";
import { runCli } from "../support/cli.ts";

let runtime: Runtime;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "jiebang-smoke-"));
  runtime = await startRuntime({ dataDir });
});
afterAll(async () => {
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** A token as a deployed stack's users get one: here from the runtime's shortcut, verified like any issuer's. */
async function token(): Promise<string> {
  const response = await fetch(`${runtime.info.apiUrl}/local/token`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ user: "smoke", org: "taiyuan-stb", roles: ["auditor"] }),
  });
  return ((await response.json()) as { token: string }).token;
}

describe("npm run smoke", () => {
  it("passes against the running platform: health, OpenAPI, public list, signed-in read, refusal without a token", async () => {
    const r = await runCli(["smoke", "--url", `${runtime.info.apiUrl}/`, "--token", await token()]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(
      lines.map((l) =>
        l
          .replace(/\s+\d+ ms$/, "")
          .replace(/^ok\s+/, "")
          .trim(),
      ),
    ).toEqual(["health", "openapi", "public list", "signed-in read", "refused without a token"]);
  });

  it("fails with exit 1 and a one-line reason: a token the stack does not accept, a URL nothing answers", async () => {
    const [header, payload] = (await token()).split(".");
    const forged = `${header}.${payload}.${Buffer.alloc(256).toString("base64url")}`;
    const refused = await runCli(["smoke", "--url", runtime.info.apiUrl, "--token", forged]);
    expect(refused.status).toBe(1);
    expect(refused.stderr.trim()).toBe(
      "smoke failed: signed-in read: expected 200 with the token, got 401 UNAUTHENTICATED",
    );
    expect(refused.stdout).toContain("ok   public list");

    // A port that was free a moment ago: nothing answers there.
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, "127.0.0.1", () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    const nothing = await runCli(["smoke", "--url", `http://127.0.0.1:${port}`]);
    expect(nothing.status).toBe(1);
    expect(nothing.stderr.trim().split("\n")).toEqual([
      `smoke failed: health: no answer from http://127.0.0.1:${port}/v1/health (ECONNREFUSED)`,
    ]);
    expect((await runCli(["smoke"])).status).toBe(2);
  });
});
