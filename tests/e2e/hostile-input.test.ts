// End-to-end: hostile input the fuzzer found answered with a 500, each now a 400 with the error shape — query keys
// named like Object.prototype members (`?constructor=1`), malformed percent-encoding in a path, and forged or replayed
// page cursors (docs/security.md, threats 8 and 26).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { routes } from "../../functions/catalog.ts";
import { type Runtime, startRuntime } from "../../local/runtime.ts";
import { apiClient, completeDemand, createProgramme } from "../support/api.ts";

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

describe("page cursors", () => {
  const encoded = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const invalidCursor = {
    status: 400,
    body: {
      ...errorShape,
      code: "INVALID_CURSOR",
      fields: [{ path: "query.cursor", message: expect.any(String), messageZh: expect.any(String) }],
    },
  };
  let bureau: string;
  let programmeId: string;

  beforeAll(async () => {
    bureau = await runtime.identity.issue({ user: "cursor-bureau", org: "stb", roles: ["bureau"] });
    programmeId = await createProgramme(api, bureau);
    await createProgramme(api, bureau, { name: "Second batch", nameZh: "第二批" });
    await createProgramme(api, bureau, { name: "Third batch", nameZh: "第三批" });
  });

  it("a forged cursor is 400 INVALID_CURSOR on every paged route, public and private, never a 500", async () => {
    const document = (await raw("/v1/openapi.json")).body as {
      paths: Record<
        string,
        Record<string, { parameters?: { name: string; in: string; required?: boolean }[] }>
      >;
    };
    const required: Record<string, string> = {
      programmeId,
      organisationId: "ent-cursor",
      stateMachine: "payment",
      challengeId: "chl-none",
    };
    const forgeries = [
      encoded({ pk: "x", sk: "y" }),
      encoded({}),
      encoded({ pk: `PROGRAMME#${programmeId}`, sk: "PROGRAMME", gsi1pk: "PROGRAMMES", gsi1sk: "2025#x" }),
      "not-a-cursor",
    ];
    const paged = routes.filter((r) =>
      (document.paths[r.path]?.[r.method.toLowerCase()]?.parameters ?? []).some((p) => p.name === "cursor"),
    );
    expect(paged.length).toBeGreaterThanOrEqual(12);
    for (const route of paged) {
      const role = "roles" in route.auth ? route.auth.roles[0]! : undefined;
      const token = role
        ? await runtime.identity.issue({ user: `cursor-${role}`, org: "ent-cursor", roles: [role] })
        : undefined;
      const parameters = document.paths[route.path]![route.method.toLowerCase()]!.parameters ?? [];
      const path = route.path.replace(/\{(\w+)\}/g, (_, name: string) => required[name] ?? "x");
      const query = parameters
        .filter((p) => p.in === "query" && p.required)
        .map((p) => `${p.name}=${encodeURIComponent(required[p.name] ?? "x")}`);
      for (const cursor of forgeries) {
        const url = `${path}?${[...query, `cursor=${cursor}`].join("&")}`;
        const answer = await raw(url, token ? { headers: { authorization: `Bearer ${token}` } } : {});
        // A challenge's applications: the challenge is looked up (and not found) before the cursor is read.
        if (route.path.includes("{challengeId}"))
          expect(answer, url).toMatchObject({ status: 404, body: errorShape });
        else expect(answer, url).toMatchObject(invalidCursor);
      }
    }
  });

  it("a cursor is bound to its route, the caller's organisation and the query: replayed elsewhere it is 400", async () => {
    const first = await api.get<{ items: { id: string }[]; next?: string }>("/v1/programmes?limit=1", bureau);
    expect(first.status).toBe(200);
    const cursor = first.body.next!;
    expect(cursor).toEqual(expect.any(String));
    // It names nothing of the table: no key, no index, no id.
    const opened = Buffer.from(cursor, "base64url").toString("latin1");
    for (const text of ["PROGRAMME", "gsi1", first.body.items[0]!.id]) expect(opened).not.toContain(text);
    // Where it was issued, it pages on (and the page size may change).
    const second = await api.get<{ items: { id: string }[] }>(
      `/v1/programmes?limit=2&cursor=${cursor}`,
      bureau,
    );
    expect(second.status).toBe(200);
    expect(second.body.items.map((p) => p.id)).not.toContain(first.body.items[0]!.id);

    const otherBureau = await runtime.identity.issue({
      user: "cursor-b2",
      org: "stb-other",
      roles: ["bureau"],
    });
    const enterprise = await runtime.identity.issue({
      user: "cursor-e",
      org: "ent-cursor",
      roles: ["enterprise"],
    });
    for (const [path, token] of [
      // Another route on the same listing.
      [`/v1/public/programmes?limit=1&cursor=${cursor}`, undefined],
      // Another listing.
      [`/v1/public/challenges?limit=1&cursor=${cursor}`, undefined],
      [`/v1/public/notices?limit=1&cursor=${cursor}`, undefined],
      [`/v1/projects?programmeId=${programmeId}&limit=1&cursor=${cursor}`, bureau],
      [`/v1/demands?limit=1&cursor=${cursor}`, enterprise],
      // Another organisation's caller.
      [`/v1/programmes?limit=1&cursor=${cursor}`, otherBureau],
    ] as const) {
      expect(
        await raw(path, token ? { headers: { authorization: `Bearer ${token}` } } : {}),
        path,
      ).toMatchObject(invalidCursor);
    }

    // Another query of the same route and listing, or another organisation: the enterprise's own demands.
    for (const title of ["游标一", "游标二"]) {
      expect((await api.post("/v1/demands", enterprise, completeDemand(title, programmeId))).status).toBe(
        201,
      );
    }
    const mine = await api.get<{ next?: string }>("/v1/demands?limit=1", enterprise);
    const mineCursor = mine.body.next!;
    expect((await api.get(`/v1/demands?limit=1&cursor=${mineCursor}`, enterprise)).status).toBe(200);
    const otherEnterprise = await runtime.identity.issue({
      user: "cursor-e2",
      org: "ent-cursor-2",
      roles: ["enterprise"],
    });
    for (const [path, token] of [
      [`/v1/demands?limit=1&programmeId=${programmeId}&cursor=${mineCursor}`, enterprise],
      [`/v1/demands?limit=1&status=draft&cursor=${mineCursor}`, enterprise],
      [`/v1/demands?limit=1&cursor=${mineCursor}`, otherEnterprise],
    ] as const) {
      expect(await raw(path, { headers: { authorization: `Bearer ${token}` } }), path).toMatchObject(
        invalidCursor,
      );
    }

    // A public route's cursor on a private route.
    const publicPage = await raw("/v1/public/programmes?limit=1");
    const publicCursor = publicPage.body["next"] as string;
    expect((await raw(`/v1/public/programmes?limit=1&cursor=${publicCursor}`)).status).toBe(200);
    const demands = await raw(`/v1/demands?limit=1&cursor=${publicCursor}`, {
      headers: { authorization: `Bearer ${enterprise}` },
    });
    expect(demands).toMatchObject(invalidCursor);
  });
});
