// Test support: holds every API response a test sees to the OpenAPI document (functions/operations/adapters/openapi.json,
// kept equal to the code by tests/unit/platform/openapi.test.ts) — the operation's documented status and, for a JSON
// body, its schema (Ajv, JSON Schema 2020-12, one compiled validator per operation and status).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { projectRoot } from "../../local/runtime-paths.ts";

interface Operation {
  operationId: string;
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown> };
}

export interface ResponseSeen {
  readonly method: string;
  /** The request path, with or without a query. */
  readonly path: string;
  readonly status: number;
  readonly contentType: string | null;
  /** The parsed JSON body, or the text of a non-JSON one ("" without a body). */
  readonly body: unknown;
}

export class ResponseMismatch extends Error {}

/** A checker over one document; `checkResponse` below uses the served one. */
export function responseChecker(document: Document) {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
  (addFormats as unknown as (a: Ajv2020) => void)(ajv);
  // The document's references are local to it ("#/components/schemas/X"); held under the id "openapi", each one
  // becomes "openapi#/components/schemas/X", wherever it is.
  const refsToDocument = <T>(value: T): T =>
    JSON.parse(JSON.stringify(value).replaceAll('"#/components/', '"openapi#/components/')) as T;
  ajv.addSchema({ $id: "openapi", components: refsToDocument(document.components) });
  const templates = Object.keys(document.paths).map((template) => ({
    template,
    pattern: new RegExp(`^${template.replace(/\./g, "\\.").replace(/\{\w+\}/g, "[^/]+")}$`),
    params: (template.match(/\{/g) ?? []).length,
  }));
  // The most literal template first: /v1/experts/me/conflicts before /v1/experts/{expertId}/….
  templates.sort((a, b) => a.params - b.params);
  const validators = new Map<string, ValidateFunction>();

  const validatorFor = (key: string, schema: unknown): ValidateFunction => {
    let validate = validators.get(key);
    if (!validate) {
      validate = ajv.compile(refsToDocument(schema as Record<string, unknown>));
      validators.set(key, validate);
    }
    return validate;
  };

  return (seen: ResponseSeen): void => {
    const path = seen.path.split("?")[0]!;
    // The embedded runtime's own routes (/local/token, /local/clock…) are not the platform's API: never deployed.
    if (path.startsWith("/local/")) return;
    const method = seen.method.toLowerCase();
    const match = templates.find((t) => t.pattern.test(path) && document.paths[t.template]![method]);
    if (!match) throw new ResponseMismatch(`${seen.method} ${path}: no operation in the OpenAPI document`);
    const operation = document.paths[match.template]![method]!;
    const where = `${operation.operationId} (${seen.method} ${match.template}) answered ${seen.status}`;
    if (seen.status >= 500) return; // a 5xx is no documented answer; the test asserting it says why
    const documented =
      operation.responses[String(seen.status)] ?? operation.responses[`${String(seen.status)[0]}XX`];
    if (!documented) {
      throw new ResponseMismatch(
        `${where}: status not documented (documented: ${Object.keys(operation.responses).join(", ")})`,
      );
    }
    const json = documented.content?.["application/json"];
    if (!json) {
      const types = Object.keys(documented.content ?? {});
      if (types.length === 0 && seen.body !== "" && seen.body !== undefined) {
        throw new ResponseMismatch(
          `${where}: documented without a body, got ${JSON.stringify(seen.body).slice(0, 200)}`,
        );
      }
      if (
        types.length > 0 &&
        seen.contentType &&
        !types.some((t) => seen.contentType!.startsWith(t.split(";")[0]!))
      ) {
        throw new ResponseMismatch(
          `${where}: content type ${seen.contentType}, documented ${types.join(", ")}`,
        );
      }
      return;
    }
    const validate = validatorFor(`${method} ${match.template} ${seen.status}`, json.schema ?? {});
    if (!validate(seen.body)) {
      const errors = (validate.errors ?? [])
        .slice(0, 10)
        .map((e) => `${e.instancePath || "/"} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ""}`);
      throw new ResponseMismatch(
        `${where}: body does not match the documented schema:\n  ${errors.join("\n  ")}`,
      );
    }
  };
}

let served: ((seen: ResponseSeen) => void) | undefined;

/** Checks one response against the served document (built once per test file). */
export function checkResponse(seen: ResponseSeen): void {
  served ??= responseChecker(
    JSON.parse(
      readFileSync(join(projectRoot, "functions/operations/adapters/openapi.json"), "utf8"),
    ) as Document,
  );
  served(seen);
}
