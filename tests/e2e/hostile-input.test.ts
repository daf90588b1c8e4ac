// End-to-end: hostile input the fuzzer found answered with a 500, each now a 400 with the error shape — query keys
// named like Object.prototype members (`?constructor=1`), malformed percent-encoding in a path, and forged or replayed
// page cursors (docs/security.md, threats 8 and 26).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { routes } from "../../functions/catalog.ts";
import { type Runtime, startRuntime } from "../../local/runtime.ts";
import { apiClient, createProgramme } from "../support/api.ts";

let runtime: Runtime;
let dataDir: string;
const api = apiClient(() => runtime.info.apiUrl);

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "jiebang-hostile-"));
  runtime = await startRuntime({ dataDir });
});

afterAll(async () => {
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** The answer as status and parsed body (the body must be the error shape's JSON on any 4xx). */
async function raw(
  path: string,
  init: RequestInit = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${runtime.info.apiUrl}${path}`, init);
  const text = await response.text();
  let body: Record<string, unknown> = {};
  try {
    body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    body = { text };
  }
  return { status: response.status, body };
}

const errorShape = {
  code: expect.any(String),
  message: expect.any(String),
  messageZh: expect.any(String),
};

describe("query keys named like Object.prototype members", () => {
  it("are unknown keys: 400 VALIDATION_FAILED on every route, with or without a token", async () => {
    const names = ["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf"];
    const tokens = new Map<string, string>();
    let requests = 0;
    for (const route of routes) {
      if ("iam" in route.auth) continue; // a machine caller's route: unsigned, it is refused before anything is read
      const role = "roles" in route.auth ? route.auth.roles[0]! : undefined;
      if (role && !tokens.has(role))
        tokens.set(
          role,
          await runtime.identity.issue({ user: `proto-${role}`, org: "ent-proto", roles: [role] }),
        );
      const path = route.path.replace(/\{\w+\}/g, "x");
      for (const name of names) {
        for (const token of role ? [undefined, tokens.get(role)] : [undefined]) {
          const answer = await raw(`${path}?${name}=1`, {
            method: route.method,
            headers: token ? { authorization: `Bearer ${token}` } : {},
          });
          requests++;
          const where = `${route.method} ${path}?${name}=1 ${token ? "with" : "without"} a token`;
          expect(answer.body, where).toMatchObject(errorShape);
          expect(answer.status, where).toBe(role && !token ? 401 : 400);
          // (A route taking a body or path parameters refuses the missing body or the "x" first.)
          if (answer.status === 400 && route.method === "GET" && !route.path.includes("{")) {
            expect(answer.body["fields"], where).toEqual(
              expect.arrayContaining([expect.objectContaining({ path: "query" })]),
            );
          }
        }
      }
    }
    expect(requests).toBeGreaterThan(routes.length * names.length);
  }, 120_000);
});

describe("header names like Object.prototype members", () => {
  it("are just headers: the answer is the route's own", async () => {
    const headers = new Headers([
      ["constructor", "1"],
      ["__proto__", "1"],
      ["toString", "1"],
      ["hasOwnProperty", "1"],
    ]);
    expect((await raw("/v1/public/programmes", { headers })).status).toBe(200);
    expect(await raw("/v1/programmes", { headers })).toMatchObject({ status: 401, body: errorShape });
  });
});

describe("malformed percent-encoding in a path", () => {
  it("is a 400 MALFORMED_PATH with the error shape, on API routes and on the console's files", async () => {
    const bureau = await runtime.identity.issue({ user: "pct-bureau", org: "stb", roles: ["bureau"] });
    await createProgramme(api, bureau);
    for (const [path, token] of [
      ["/v1/public/challenges/%ZZ", undefined],
      ["/v1/public/challenges/%E0", undefined],
      ["/v1/public/notices/%E0%A4", undefined],
      ["/v1/programmes/%ZZ", bureau],
      ["/v1/programmes/%C0%AF", bureau],
      ["/console/%E0", undefined],
      ["/console/%ZZ/index.html", undefined],
    ] as const) {
      const answer = await raw(path, token ? { headers: { authorization: `Bearer ${token}` } } : {});
      expect(answer, path).toMatchObject({ status: 400, body: { ...errorShape, code: "MALFORMED_PATH" } });
    }
    // A private route still asks for a token first, as API Gateway's authorizer does.
    expect((await raw("/v1/programmes/%ZZ")).status).toBe(401);
  });
});
