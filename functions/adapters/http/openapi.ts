// Adapter (HTTP): GET /v1/openapi.json — the OpenAPI 3.1 description generated from the route catalog.
import { routes } from "../../catalog.ts";
import { httpHandler, route } from "../../shared/http.ts";

const errorSchema = {
  type: "object",
  required: ["code", "message", "messageZh"],
  properties: {
    code: { type: "string", description: "stable error code" },
    message: { type: "string" },
    messageZh: { type: "string" },
    fields: {
      type: "array",
      items: {
        type: "object",
        properties: { path: { type: "string" }, message: { type: "string" }, messageZh: { type: "string" } },
      },
    },
  },
};

export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const parameters = [...r.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
      name: m[1],
      in: "path",
      required: true,
      schema: { type: "string" },
    }));
    const isPublic = "public" in r.auth;
    paths[r.path] ??= {};
    paths[r.path]![r.method.toLowerCase()] = {
      summary: r.summary,
      operationId: `${r.method.toLowerCase()}${r.path.replace(/[{}]/g, "").replace(/[/.](\w)/g, (_, c: string) => c.toUpperCase())}`,
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(isPublic ? { security: [] } : { "x-roles": r.auth.roles }),
      responses: {
        "2XX": { description: "success" },
        "4XX": {
          description: "refused",
          content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
        },
      },
    };
  }
  return {
    openapi: "3.1.0",
    info: { title: "jiebang 揭榜挂帅 API", version: "1" },
    paths,
    components: {
      schemas: { Error: errorSchema },
      securitySchemes: { cognito: { type: "http", scheme: "bearer", bearerFormat: "JWT" } },
    },
    security: [{ cognito: [] }],
  };
}

export const handler = httpHandler("openapi", {
  "GET /v1/openapi.json": route({}, async () => ({ status: 200, body: openApiDocument() })),
});
