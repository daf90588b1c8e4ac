// Mass assignment across the catalog: every request body schema (from the routes' zod schemas, through the generated
// OpenAPI description) refuses unknown keys at every level, and no body can carry a field the server owns
// (identity, status, version, owner, timestamps, the money the server computes). The frame parses every body with
// the same schemas (functions/platform/http/frame.ts), so a strict schema here is a 400 VALIDATION_FAILED there.
import { describe, expect, it } from "vitest";
import { routes } from "../../../functions/catalog.ts";
import { generateOpenApi } from "../../../local/cli/openapi.ts";

type Schema = Record<string, unknown>;

/** Fields the server sets: never accepted from a client, at any depth of any body. */
const serverOwned = [
  "version",
  "status",
  "createdAt",
  "updatedAt",
  "createdBy",
  "requestedBy",
  "approvedBy",
  "decidedBy",
  "confirmedBy",
  "signedBy",
  "ownerOrganisationId",
  "leadOrganisationId",
  "enterpriseOrganisationIds",
  "enterpriseSignedAt",
  "solverSignedAt",
  "paidAt",
  "paidFen",
  "disbursedFen",
  "recoveredFen",
  "receivedFen",
  "outstandingFen",
  "assessedFen",
  "grantFen",
  "balances",
  "ledger",
  "hash",
  "previousHash",
  "workflow",
  "pendingTask",
  "token",
] as const;

/** Top-level fields a client may never name: the record's id and owner come from the path and the token. */
const serverOwnedAtTop = ["id", "organisationId"] as const;
/** Where a top-level `organisationId` names the target, not the caller's own organisation (checked by role). */
const organisationTargetRoutes = new Set([
  "POST /v1/credit-records", // the bureau names the organisation a credit record bars
  "POST /v1/organisations", // the bureau registers an organisation under the id its users' tokens carry
  "POST /v1/experts", // the bureau registers an expert of an organisation
  "POST /v1/experts/me/conflicts", // the expert names the organisation they are conflicted with
  "POST /v1/reviews/{assignmentId}/conflict", // the organisation a late conflict is with
]);

interface Walked {
  fields: string[];
  notStrict: string[];
}

function walk(schema: unknown, path: string, out: Walked): void {
  if (!schema || typeof schema !== "object") return;
  const s = schema as Schema;
  if (s["properties"]) {
    if (s["additionalProperties"] !== false) out.notStrict.push(path || "(root)");
    for (const [key, sub] of Object.entries(s["properties"] as Record<string, unknown>)) {
      const at = path ? `${path}.${key}` : key;
      out.fields.push(at);
      walk(sub, at, out);
    }
  }
  if (s["items"]) walk(s["items"], `${path}[]`, out);
  if (s["additionalProperties"] && typeof s["additionalProperties"] === "object")
    walk(s["additionalProperties"], `${path}{}`, out);
  for (const key of ["anyOf", "oneOf", "allOf"])
    for (const sub of (s[key] as unknown[]) ?? []) walk(sub, path, out);
}

async function bodies(): Promise<{ route: string; walked: Walked }[]> {
  const document = JSON.parse(await generateOpenApi()) as {
    paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: Schema }> } }>>;
  };
  return routes.flatMap((r) => {
    const schema =
      document.paths[r.path]?.[r.method.toLowerCase()]?.requestBody?.content["application/json"]?.schema;
    if (!schema) return [];
    const walked: Walked = { fields: [], notStrict: [] };
    walk(schema, "", walked);
    return [{ route: `${r.method} ${r.path}`, walked }];
  });
}

describe("mass assignment", () => {
  it("every request body is strict at every level: unknown keys are refused", async () => {
    const all = await bodies();
    expect(all.length).toBeGreaterThan(30);
    const loose = all.flatMap((b) => b.walked.notStrict.map((p) => `${b.route}: ${p}`));
    expect(loose).toEqual([]);
  });

  it("no request body carries a field the server owns (status, version, owner, ids, computed money)", async () => {
    const offenders: string[] = [];
    for (const { route, walked } of await bodies()) {
      for (const field of walked.fields) {
        const name = field
          .split(/[.[\]{}]+/)
          .filter(Boolean)
          .at(-1)!;
        if ((serverOwned as readonly string[]).includes(name)) offenders.push(`${route}: ${field}`);
        if (
          !field.includes(".") &&
          (serverOwnedAtTop as readonly string[]).includes(field) &&
          !(field === "organisationId" && organisationTargetRoutes.has(route))
        )
          offenders.push(`${route}: ${field}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
