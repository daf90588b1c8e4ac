// Unit tests of the OpenAPI description: generated from the catalog and the routes' zod schemas, and the served
// file (functions/operations/adapters/openapi.json) is exactly what the code generates now.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { routes } from "../../../functions/catalog.ts";
import { generateOpenApi, openApiFile } from "../../../local/cli/openapi.ts";

describe("OpenAPI 3.1 description", () => {
  it("is up to date with the code (regenerate with: npm run -s cli -- openapi write)", async () => {
    expect(readFileSync(openApiFile, "utf8")).toBe(await generateOpenApi());
  });

  it("covers every route, with path parameters, roles, and request bodies from the zod schemas", async () => {
    const document = JSON.parse(await generateOpenApi()) as {
      openapi: string;
      paths: Record<string, Record<string, Record<string, unknown>>>;
    };
    expect(document.openapi).toBe("3.1.0");
    for (const r of routes) {
      const operation = document.paths[r.path]?.[r.method.toLowerCase()];
      expect(operation, `${r.method} ${r.path}`).toBeDefined();
      const pathParams = [...r.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      const declared = (operation!["parameters"] as { name: string; in: string }[]).filter(
        (p) => p.in === "path",
      );
      expect(declared.map((p) => p.name).sort()).toEqual(pathParams.sort());
      if ("public" in r.auth) expect(operation!["security"]).toEqual([]);
      else if ("iam" in r.auth) expect(operation!["security"]).toEqual([{ sigv4: [] }]);
      else expect(operation!["x-roles"]).toEqual(r.auth.roles);
    }
    const draft = document.paths["/v1/demands"]!["post"]!["requestBody"] as {
      content: { "application/json": { schema: { required: string[]; additionalProperties: boolean } } };
    };
    expect(draft.content["application/json"].schema.required).toContain("title");
    expect(draft.content["application/json"].schema.additionalProperties).toBe(false);
  });

  it("describes every route's successful responses by status, with a tag, a description and a server", async () => {
    const document = JSON.parse(await generateOpenApi()) as {
      servers: { url: string }[];
      tags: { name: string; description: string }[];
      paths: Record<string, Record<string, Record<string, unknown>>>;
    };
    expect(document.servers).toEqual([expect.objectContaining({ url: "/" })]);
    const tagNames = document.tags.map((t) => t.name);
    for (const r of routes) {
      const operation = document.paths[r.path]![r.method.toLowerCase()]!;
      const where = `${r.method} ${r.path}`;
      const responses = operation["responses"] as Record<
        string,
        { content?: Record<string, { schema?: unknown }> }
      >;
      const success = Object.keys(responses).filter((s) => /^[23]\d\d$/.test(s));
      expect(success.length, `${where} documents its success`).toBeGreaterThan(0);
      expect(responses["2XX"], where).toBeUndefined();
      for (const status of success) {
        const json = responses[status]!.content?.["application/json"];
        if (json) {
          const schema = json.schema as Record<string, unknown>;
          expect(
            schema["type"] === "object" || "$ref" in schema || "anyOf" in schema,
            `${where} ${status}: ${JSON.stringify(schema).slice(0, 80)}`,
          ).toBe(true);
        }
      }
      expect(operation["tags"], where).toHaveLength(1);
      expect(tagNames, where).toContain((operation["tags"] as string[])[0]);
      expect(String(operation["description"]), where).toContain(r.summary);
    }
    const application = document.paths["/v1/applications/{applicationId}"]!["get"]!["responses"] as Record<
      string,
      { content: Record<string, { schema: { $ref: string } }> }
    >;
    const ref = application["200"]!.content["application/json"]!.schema.$ref;
    expect(ref).toBe("#/components/schemas/ApplicationView");
    const view = (
      document as unknown as {
        components: { schemas: Record<string, { required: string[]; additionalProperties: boolean }> };
      }
    ).components.schemas["ApplicationView"]!;
    expect(view.required).toEqual(expect.arrayContaining(["id", "challengeId", "status", "team"]));
    expect(view.additionalProperties).toBe(false);
  });
});
