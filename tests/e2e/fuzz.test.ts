// End-to-end fuzzing of every route of the OpenAPI document (generated from the routes' zod schemas): inputs generated
// from each route's schemas, then mutated — bodies, queries, path parameters, headers and page cursors, with the hostile
// inputs an attack run found (keys named like Object.prototype members, malformed percent-encoding, forged or replayed
// cursors) — and sent through the gateway, mostly with a token of an allowed role (SigV4-signed on IAM routes).
// Whatever arrives: never a 5xx, never a hang, every 4xx in the error shape {code, message, messageZh}, and a refused
// request changes nothing in the table (a scan of DynamoDB Local before and after, item by item). Fixed seed, a bounded
// number of inputs a route (FUZZ_SEED, FUZZ_RUNS).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DynamoDBClient, ScanCommand, type ScanCommandOutput } from "@aws-sdk/client-dynamodb";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { routes } from "../../functions/catalog.ts";
import { signedHeaders } from "../../functions/platform/http/sigv4.ts";
import { localNames } from "../../infra/resources.ts";
import { generateOpenApi } from "../../local/cli/openapi.ts";
import { localRegion } from "../../local/functions.ts";
import { type Runtime, startRuntime } from "../../local/runtime.ts";
import { localMachineCredentials } from "../../local/sigv4.ts";
import { apiClient, completeDemand, createProgramme } from "../support/api.ts";
import {
  arbitraryFor,
  hostileHeaders,
  hostilePathSegments,
  hostileQueries,
  type JsonSchema,
  mutated,
} from "../support/schema-arbitraries.ts";

const seed = Number(process.env["FUZZ_SEED"] ?? 20261123);
const runsPerRoute = Number(process.env["FUZZ_RUNS"] ?? 30);
/** A request unanswered this long is a hang. */
const hangMs = 15_000;

let runtime: Runtime;
let dataDir: string;
let db: DynamoDBClient;
let document: { paths: Record<string, Record<string, Record<string, unknown>>> };
/** Real ids to use as path parameters now and then, so fuzzing reaches past "not found". */
const pool: Record<string, string[]> = {};
/** Real cursors seen in answers (any route's): replayed on other routes and queries. */
const cursors: string[] = [];
const organisation = "ent-fuzz";

/**
 * The whole table, item by item (pk and sk → the item's JSON), once no execution is mid-step and the table's stream
 * is delivered (notifications of earlier changes are written asynchronously, as in AWS: they belong to those changes).
 */
async function snapshot(): Promise<Map<string, string>> {
  await runtime.stepFunctions.whenIdle();
  await runtime.notifications.settle();
  const items = new Map<string, string>();
  let start: ScanCommandOutput["LastEvaluatedKey"];
  do {
    const page = await db.send(
      new ScanCommand({ TableName: localNames.table, ConsistentRead: true, ExclusiveStartKey: start }),
    );
    for (const item of page.Items ?? []) items.set(`${item["pk"]?.S} ${item["sk"]?.S}`, JSON.stringify(item));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/**
 * What changed between two snapshots: items added, removed or changed, by key — but the notifications' own items
 * (NOTIFICATION#…, INBOX#…): their delivery and retries run on the sweep's schedule for earlier changes, not because of
 * the request (docs/notifications.md).
 */
function changes(before: Map<string, string>, after: Map<string, string>): string[] {
  const keys = new Set([...before.keys(), ...after.keys()]);
  return [...keys].flatMap((key) => {
    if (key.startsWith("NOTIFICATION#") || key.startsWith("INBOX#")) return [];
    const [was, is] = [before.get(key), after.get(key)];
    if (was === is) return [];
    return [`${was === undefined ? "added" : is === undefined ? "removed" : "changed"} ${key}`];
  });
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "jiebang-fuzz-"));
  runtime = await startRuntime({ dataDir });
  db = new DynamoDBClient({
    endpoint: runtime.info.dynamodbEndpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "x", secretAccessKey: "x" },
  });
  document = JSON.parse(await generateOpenApi());
  const api = apiClient(() => runtime.info.apiUrl);
  const token = await runtime.identity.issue({ user: "fuzzer", org: organisation, roles: ["enterprise"] });
  const bureau = await runtime.identity.issue({ user: "fuzz-bureau", org: "stb", roles: ["bureau"] });
  const programmeId = await createProgramme(api, bureau);
  await createProgramme(api, bureau, { name: "Second batch", nameZh: "第二批" });
  pool["programmeId"] = [programmeId];
  pool["demandId"] = [];
  for (const title of ["模糊测试", "模糊测试二"]) {
    const created = await api.post<{ id: string }>("/v1/demands", token, completeDemand(title, programmeId));
    pool["demandId"].push(created.body.id);
  }
  // Real cursors of two listings, so replaying one elsewhere is among the inputs from the first route on.
  for (const [path, as] of [
    ["/v1/programmes?limit=1", bureau],
    ["/v1/demands?limit=1", token],
  ] as const) {
    const next = (await api.get<{ next?: string }>(path, as)).body.next;
    if (next) cursors.push(next);
  }
  expect(cursors).toHaveLength(2);
});

afterAll(async () => {
  db?.destroy();
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** One request of a route: how its path, query, headers and body were made, and what each is. */
interface Case {
  readonly mutation: string;
  /** Path parameters: each a value to percent-encode, or `raw` text to put in the path as it is. */
  readonly path: Record<string, { readonly value: string; readonly raw?: boolean }>;
  /** Query pairs, in order; `raw` pairs go in as they are. */
  readonly query: readonly { readonly name: string; readonly value: string; readonly raw?: boolean }[];
  readonly headers: Readonly<Record<string, string>>;
  /** The body as JSON text (undefined: none). */
  readonly body?: string;
  /** Send no token even where the route wants one. */
  readonly anonymous?: boolean;
}

describe(`fuzzing every route (seed ${seed}, ${runsPerRoute} inputs a route)`, () => {
  it("answers every generated or mutated input without a 5xx, and refused input writes nothing", async () => {
    let requests = 0;
    const statuses = new Map<number, number>();
    const started = performance.now();
    let table = await snapshot();
    for (const route of routes) {
      const operation = document.paths[route.path]![route.method.toLowerCase()]!;
      const parameters = (operation["parameters"] ?? []) as {
        name: string;
        in: string;
        schema: JsonSchema;
      }[];
      const pathArbs: Record<string, fc.Arbitrary<{ value: string; raw?: boolean }>> = {};
      const queryArbs: Record<string, fc.Arbitrary<unknown>> = {};
      for (const p of parameters) {
        const generated = arbitraryFor(p.schema).map((v) => ({ value: String(v) }));
        const known = pool[p.name];
        if (p.in === "path")
          pathArbs[p.name] = known
            ? fc.oneof(
                generated,
                fc.constantFrom(...known).map((value) => ({ value })),
              )
            : generated;
        else queryArbs[p.name] = fc.oneof(arbitraryFor(p.schema), fc.string({ maxLength: 30 }));
      }
      const validPath = fc.record(pathArbs);
      const validQuery = fc
        .record(queryArbs, { requiredKeys: [] })
        .map((q) => Object.entries(q).map(([name, value]) => ({ name, value: String(value) })));
      const bodySchema = (
        operation["requestBody"] as { content: { "application/json": { schema: JsonSchema } } } | undefined
      )?.content["application/json"].schema;
      const validBody = bodySchema ? arbitraryFor(bodySchema) : fc.constant(undefined);
      const json = { "content-type": "application/json" };
      const valid = fc.record({ path: validPath, query: validQuery, body: validBody });
      const pathNames = Object.keys(pathArbs);
      const paged = parameters.some((p) => p.name === "cursor");

      // The valid input's own body, if any, as JSON.
      const withBody = (body: unknown) =>
        body === undefined ? { headers: {} } : { headers: json, body: JSON.stringify(body) };
      // Each kind of input with its weight: mostly input that reaches the handler.
      const cases: fc.WeightedArbitrary<Case>[] = [
        // As the schemas say.
        {
          weight: 3,
          arbitrary: valid.map(({ path, query, body }) => ({
            mutation: "valid",
            path,
            query,
            ...withBody(body),
          })),
        },
        // Hostile query pairs: Object.prototype names, repeated or empty keys, forged and replayed cursors.
        {
          weight: 2,
          arbitrary: fc
            .tuple(valid, hostileQueries(paged), fc.nat())
            .map(([{ path, query, body }, extra, pick]) => ({
              mutation: `query: ${extra.label}`,
              path,
              query: [
                ...query.filter((q) => !extra.pairs.some((e) => e.name === q.name)),
                ...extra.pairs.map((e) =>
                  e.value === "<replayed cursor>" ? { ...e, value: cursors[pick % cursors.length]! } : e,
                ),
              ],
              ...withBody(body),
            })),
        },
        // Hostile headers: If-Match, Idempotency-Key, content types, correlation ids, prototype names.
        {
          weight: 2,
          arbitrary: fc.tuple(valid, hostileHeaders()).map(([{ path, query, body }, extra]) => {
            const own = withBody(body);
            return {
              mutation: `headers: ${extra.label}`,
              path,
              query,
              ...own,
              headers: { ...own.headers, ...extra.headers },
            };
          }),
        },
        // No token at all.
        {
          weight: 1,
          arbitrary: valid.map(({ path, query, body }) => ({
            mutation: "no token",
            path,
            query,
            ...withBody(body),
            anonymous: true,
          })),
        },
      ];
      if (bodySchema) {
        // A body broken: a field dropped or made hostile, server-owned fields, prototype names as keys.
        cases.push({
          weight: 3,
          arbitrary: fc.tuple(valid, mutated(validBody)).map(([{ path, query }, { mutation, body }]) => ({
            mutation: `body: ${mutation}`,
            path,
            query,
            headers: json,
            body: JSON.stringify(body) ?? "null",
          })),
        });
      }
      if (pathNames.length > 0) {
        // A hostile path parameter: malformed percent-encoding, traversal, prototype names, very long.
        cases.push({
          weight: 2,
          arbitrary: fc
            .tuple(valid, fc.constantFrom(...pathNames), hostilePathSegments())
            .map(([{ path, query, body }, name, segment]) => ({
              mutation: `path ${name}: ${segment.label}`,
              path: { ...path, [name]: segment },
              query,
              ...withBody(body),
            })),
        });
      }

      const role = "roles" in route.auth ? route.auth.roles[0]! : undefined;
      // An IAM route's machine caller signs every request (SigV4) so the fuzzed input reaches the handler.
      const machine = "iam" in route.auth ? localMachineCredentials[route.auth.iam.caller] : undefined;
      const token = role
        ? await runtime.identity.issue({ user: `fuzz-${role}`, org: organisation, roles: [role] })
        : undefined;

      await fc.assert(
        fc.asyncProperty(fc.oneof(...cases), async (input) => {
          const pathText = route.path.replace(/\{(\w+)\}/g, (_, name: string) => {
            const part = input.path[name]!;
            return part.raw ? part.value : encodeURIComponent(part.value);
          });
          const queryText = input.query
            .map((q) =>
              q.raw ? `${q.name}=${q.value}` : `${encodeURIComponent(q.name)}=${encodeURIComponent(q.value)}`,
            )
            .join("&");
          const url = `${runtime.info.apiUrl}${pathText}${queryText ? `?${queryText}` : ""}`;
          const headers: Record<string, string> = {
            ...(token && !input.anonymous ? { authorization: `Bearer ${token}` } : {}),
            ...input.headers,
          };
          if (machine && !input.anonymous) {
            Object.assign(
              headers,
              await signedHeaders(machine, localRegion, {
                method: route.method,
                url,
                ...(input.body !== undefined ? { body: input.body } : {}),
                headers: input.headers,
              }),
            );
          }
          const where = `${route.method} ${pathText}${queryText ? `?${queryText}` : ""} (${input.mutation})`;
          let response: Response;
          try {
            response = await fetch(url, {
              method: route.method,
              headers,
              ...(input.body !== undefined ? { body: input.body } : {}),
              signal: AbortSignal.timeout(hangMs),
            });
          } catch (error) {
            throw new Error(`no answer within ${hangMs} ms (or none at all): ${where}: ${String(error)}`);
          }
          requests++;
          const text = await response.text();
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          const shown = `${where}: ${response.status} ${text.slice(0, 300)}`;
          expect(response.status, shown).toBeLessThan(500);
          const after = await snapshot();
          if (response.status >= 400) {
            const error = JSON.parse(text) as { code?: unknown; message?: unknown; messageZh?: unknown };
            expect(error, shown).toMatchObject({
              code: expect.any(String),
              message: expect.any(String),
              messageZh: expect.any(String),
            });
            expect(changes(table, after), `a refused request wrote: ${shown}`).toEqual([]);
          } else if (response.headers.get("content-type")?.includes("json")) {
            const next = (JSON.parse(text) as { next?: unknown }).next;
            if (typeof next === "string" && cursors.length < 50) cursors.push(next);
          }
          table = after;
        }),
        { numRuns: runsPerRoute, seed, endOnFailure: true },
      );
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      `fuzz: ${requests} requests over ${routes.length} routes in ${seconds} s, seed ${seed}; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort(([a], [b]) => a - b)))}`,
    );
    expect(requests).toBe(runsPerRoute * routes.length);
  }, 600_000);
});
