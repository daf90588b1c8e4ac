// End-to-end fuzzing of every route: inputs generated from each route's schemas (through the OpenAPI document, which
// is generated from the zod schemas), then mutated; sent through the gateway with a token of an allowed role.
// Whatever arrives, the answer is never a 5xx, and a refused request (4xx) writes nothing.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DynamoDBClient, ScanCommand } from "@aws-sdk/client-dynamodb";
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
import { arbitraryFor, type JsonSchema, mutated } from "../support/schema-arbitraries.ts";

const seed = Number(process.env["FUZZ_SEED"] ?? 20261123);
const runsPerRoute = Number(process.env["FUZZ_RUNS"] ?? 25);

let runtime: Runtime;
let dataDir: string;
let db: DynamoDBClient;
let document: { paths: Record<string, Record<string, Record<string, unknown>>> };
/** Real ids to use as path parameters now and then, so fuzzing reaches past "not found". */
const pool: Record<string, string[]> = {};
const organisation = "ent-fuzz";

async function itemCount(): Promise<number> {
  await runtime.stepFunctions.whenIdle();
  const result = await db.send(new ScanCommand({ TableName: localNames.table, Select: "COUNT" }));
  return result.Count ?? 0;
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
  const token = await runtime.identity.issue({ user: "fuzzer", org: organisation, roles: ["enterprise"] });
  const bureau = await runtime.identity.issue({ user: "fuzz-bureau", org: "stb", roles: ["bureau"] });
  const programmeId = await createProgramme(
    apiClient(() => runtime.info.apiUrl),
    bureau,
  );
  pool["programmeId"] = [programmeId];
  const created = await fetch(`${runtime.info.apiUrl}/v1/demands`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify(completeDemand("模糊测试", programmeId)),
  });
  pool["demandId"] = [((await created.json()) as { id: string }).id];
});

afterAll(async () => {
  db?.destroy();
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe(`fuzzing every route (seed ${seed}, ${runsPerRoute} inputs a route)`, () => {
  it("answers every generated or mutated input without a 5xx, and refused input writes nothing", async () => {
    let requests = 0;
    for (const route of routes) {
      const operation = document.paths[route.path]![route.method.toLowerCase()]!;
      const parameters = operation["parameters"] as { name: string; in: string; schema: JsonSchema }[];
      const pathArbs: Record<string, fc.Arbitrary<unknown>> = {};
      const queryArbs: Record<string, fc.Arbitrary<unknown>> = {};
      for (const p of parameters) {
        const generated = arbitraryFor(p.schema);
        const known = pool[p.name];
        if (p.in === "path")
          pathArbs[p.name] = known ? fc.oneof(generated, fc.constantFrom(...known)) : generated;
        else queryArbs[p.name] = fc.oneof(generated, fc.string({ maxLength: 30 }));
      }
      const bodySchema = (
        operation["requestBody"] as { content: { "application/json": { schema: JsonSchema } } } | undefined
      )?.content["application/json"].schema;
      const validBody = bodySchema ? arbitraryFor(bodySchema) : fc.constant(undefined);
      const body = bodySchema
        ? fc.oneof(
            validBody.map((b) => ({ mutation: "valid", body: b })),
            mutated(validBody),
          )
        : fc.constant({ mutation: "none", body: undefined });
      const role = "roles" in route.auth ? route.auth.roles[0]! : undefined;
      // An IAM route's machine caller signs every request (SigV4) so the fuzzed input reaches the handler.
      const machine = "iam" in route.auth ? localMachineCredentials[route.auth.iam.caller] : undefined;
      const token = role
        ? await runtime.identity.issue({ user: `fuzz-${role}`, org: organisation, roles: [role] })
        : undefined;

      await fc.assert(
        fc.asyncProperty(
          fc.record(pathArbs),
          fc.record(queryArbs, { requiredKeys: [] }),
          body,
          async (path, query, { mutation, body: payload }) => {
            const url = new URL(
              route.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String(path[name]))),
              runtime.info.apiUrl,
            );
            for (const [k, v] of Object.entries(query)) url.searchParams.set(k, String(v));
            const before = await itemCount();
            const content: Record<string, string> =
              payload !== undefined ? { "content-type": "application/json" } : {};
            const bodyText = payload !== undefined ? JSON.stringify(payload) : undefined;
            const response = await fetch(url, {
              method: route.method,
              headers: {
                ...(token ? { authorization: `Bearer ${token}` } : {}),
                ...content,
                ...(machine
                  ? await signedHeaders(machine, localRegion, {
                      method: route.method,
                      url: url.toString(),
                      ...(bodyText !== undefined ? { body: bodyText } : {}),
                      headers: content,
                    })
                  : {}),
              },
              ...(bodyText !== undefined ? { body: bodyText } : {}),
            });
            requests++;
            const text = await response.text();
            const where = `${route.method} ${url.pathname}${url.search} (${mutation}): ${response.status} ${text.slice(0, 300)}`;
            expect(response.status, where).toBeLessThan(500);
            if (response.status >= 400) {
              const error = JSON.parse(text) as { code?: string; message?: string; messageZh?: string };
              expect(error.code && error.message && error.messageZh, where).toBeTruthy();
              expect(await itemCount(), `a refused request wrote: ${where}`).toBe(before);
            }
          },
        ),
        { numRuns: runsPerRoute, seed, endOnFailure: true },
      );
    }
    console.log(`fuzz: ${requests} requests over ${routes.length} routes, seed ${seed}`);
    expect(requests).toBe(runsPerRoute * routes.length);
  }, 600_000);
});
