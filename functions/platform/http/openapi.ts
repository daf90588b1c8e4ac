// Shared: builds the OpenAPI 3.1 description from the route catalog (paths, roles) and the routes' zod schemas
// (parameters, query, request bodies), so the description cannot drift from what the handlers accept.
import * as z from "zod/mini";
import { routes } from "../../catalog.ts";
import type { RouteSpec } from "./frame.ts";

type Specs = ReadonlyMap<string, RouteSpec<z.ZodMiniType, z.ZodMiniType, z.ZodMiniType>>;

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
        required: ["path", "message", "messageZh"],
        properties: { path: { type: "string" }, message: { type: "string" }, messageZh: { type: "string" } },
      },
    },
  },
};

function jsonSchema(schema: z.ZodMiniType): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    io: "input",
    unrepresentable: "any",
  }) as Record<string, unknown>;
  return rest;
}

function parametersOf(schema: z.ZodMiniType | undefined, where: "path" | "query", names: string[]) {
  const json = schema ? jsonSchema(schema) : {};
  const properties = (json["properties"] ?? {}) as Record<string, unknown>;
  const required = new Set((json["required"] ?? []) as string[]);
  const all = new Set([...names, ...Object.keys(properties)]);
  return [...all].map((name) => ({
    name,
    in: where,
    required: where === "path" || required.has(name),
    schema: properties[name] ?? { type: "string" },
  }));
}

function operationId(method: string, path: string): string {
  const words = path
    .replace(/\.json$/, "Json")
    .split("/")
    .filter((w) => w && w !== "v1")
    .map((w) => w.replace(/[{}]/g, ""))
    .map((w) => w.replace(/[-_](\w)/g, (_, c: string) => c.toUpperCase()));
  return method.toLowerCase() + words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join("");
}

export function openApiDocument(specs: Specs) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const spec = specs.get(`${r.method} ${r.path}`);
    const pathNames = [...r.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
    const isPublic = "public" in r.auth;
    const body = spec?.body ? jsonSchema(spec.body) : undefined;
    const takesBody = body !== undefined && Object.keys(body).length > 0;
    paths[r.path] ??= {};
    paths[r.path]![r.method.toLowerCase()] = {
      operationId: operationId(r.method, r.path),
      summary: r.summary,
      parameters: [
        ...parametersOf(spec?.params, "path", pathNames),
        ...parametersOf(spec?.query, "query", []),
      ],
      ...(takesBody
        ? { requestBody: { required: true, content: { "application/json": { schema: body } } } }
        : {}),
      ...(isPublic
        ? { security: [] }
        : "iam" in r.auth
          ? { security: [{ sigv4: [] }], "x-machine-caller": r.auth.iam.caller }
          : { "x-roles": r.auth.roles }),
      responses: {
        "2XX": { description: "success" },
        "4XX": {
          description: "refused: 400 invalid input (fields), 401, 403, 404, 409 conflict, 422 business rule",
          content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
        },
      },
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "jiebang 揭榜挂帅 API",
      version: "1",
      description:
        "Amounts are integer fen (…Fen); dates ISO 8601; errors {code, message, messageZh, fields}.",
    },
    paths,
    components: {
      schemas: { Error: errorSchema },
      securitySchemes: {
        cognito: { type: "http", scheme: "bearer", bearerFormat: "JWT" },
        // API Gateway's AWS_IAM authorisation: requests signed with AWS Signature Version 4 (service execute-api).
        sigv4: {
          type: "apiKey",
          name: "Authorization",
          in: "header",
          "x-amazon-apigateway-authtype": "awsSigv4",
        },
      },
    },
    security: [{ cognito: [] }],
  };
}
