// Shared: builds the OpenAPI 3.1 description from the route catalog (paths, roles, summaries) and the routes' zod
// schemas (parameters, query, request bodies, and each successful response by status), so the description cannot
// drift from what the handlers accept and return.
import * as z from "zod/mini";
import { type RouteDefinition, routes } from "../../catalog.ts";
import { isPublicRule, recordRule } from "../../kernel/record-access.ts";
import type { ResponseBody, RouteSpec } from "./route.ts";

type Specs = ReadonlyMap<string, RouteSpec<z.ZodMiniType, z.ZodMiniType, z.ZodMiniType>>;

/** One tag per bounded context, in the order a reader meets them. */
export const tags = [
  {
    name: "Programmes",
    description: "Programmes (批次): the funding policy, fields, budget and year a call runs under.",
  },
  {
    name: "Demands",
    description: "Enterprise demands (需求征集) and their refinement (榜单凝练) into challenges.",
  },
  {
    name: "Challenges",
    description: "Challenges (榜单): editing, sign-off, approval and publication; the public list.",
  },
  {
    name: "Applications",
    description: "Applications (揭榜申请) by solvers: drafts, the agreement, submission, withdrawal.",
  },
  {
    name: "Organisations",
    description: "The organisation registry (机构名录): registered names and unified social credit codes.",
  },
  { name: "Credit", description: "Credit records (科研诚信) that bar an organisation from applying." },
  { name: "Review", description: "Experts, conflicts of interest and the review of applications (评审)." },
  {
    name: "Award",
    description: "The shortlist, the award decision and its public notice (公示) with objections.",
  },
  {
    name: "Projects",
    description:
      "Projects (项目): task book (任务书), milestones, evidence, extension, termination, acceptance, horse races.",
  },
  {
    name: "Payments",
    description: "Tranches (拨付批次) paid through the treasury, the programme ledger and finance reports.",
  },
  {
    name: "Recoveries",
    description: "Recoveries (收回) of public money after termination or fraud, and their receipts.",
  },
  { name: "Calendar", description: "The working-day calendar (法定节假日) that deadlines count in." },
  { name: "Audit", description: "The audit trail and its signed digests." },
  {
    name: "Operations",
    description: "Health, the API description and the operators' look at the workflows.",
  },
] as const;

/** The tag of a path: the first rule that matches (a new path falls back to Operations until a rule names it). */
const tagRules: readonly [RegExp, (typeof tags)[number]["name"]][] = [
  [/^\/v1\/programmes\/\{programmeId\}\/(ledger|finance-report)/, "Payments"],
  [/^\/v1\/(public\/)?programmes/, "Programmes"],
  [/^\/v1\/(demands|refinement)/, "Demands"],
  [/^\/v1\/challenges\/\{challengeId\}\/applications/, "Applications"],
  [/^\/v1\/challenges\/\{challengeId\}\/horse-race/, "Projects"],
  [/^\/v1\/(public\/)?challenges/, "Challenges"],
  [/^\/v1\/applications/, "Applications"],
  [/^\/v1\/organisations/, "Organisations"],
  [/^\/v1\/credit-records/, "Credit"],
  [/^\/v1\/(experts|reviews)/, "Review"],
  [/^\/v1\/(awards|public\/notices|notices)/, "Award"],
  [/^\/v1\/projects\/\{projectId\}\/audit-trail/, "Audit"],
  [/^\/v1\/projects/, "Projects"],
  [/^\/v1\/(payments|treasury|finance)/, "Payments"],
  [/^\/v1\/recoveries/, "Recoveries"],
  [/^\/v1\/calendar/, "Calendar"],
  [/^\/v1\/audit/, "Audit"],
];

export function tagOf(path: string): string {
  return tagRules.find(([pattern]) => pattern.test(path))?.[1] ?? "Operations";
}

/** What the operation does (the catalog's summary), who may call it, what it refuses. */
function describe(
  r: RouteDefinition,
  spec: RouteSpec<z.ZodMiniType, z.ZodMiniType, z.ZodMiniType> | undefined,
) {
  const who =
    "public" in r.auth
      ? "Public: no sign-in."
      : "iam" in r.auth
        ? `Machine caller only (${r.auth.iam.caller}), signed with AWS Signature Version 4.`
        : `Roles: ${r.auth.roles.join(", ")}.`;
  const rule = r.record ? recordRule(r.record.kind, r.record.action) : undefined;
  const recordWho =
    rule && !isPublicRule(rule)
      ? `On the ${r.record!.kind} record: ${rule.grants
          .map((g) => `${g.roles.join("/")} ${g.relation === "any" ? "on any" : `when ${g.relation}`}`)
          .join("; ")}${rule.exclusions ? `; never ${rule.exclusions.map((e) => e.who).join(" or ")}` : ""}.`
      : undefined;
  const refusals = [
    spec?.body || spec?.query || spec?.params ? "400 VALIDATION_FAILED with the fields at fault" : undefined,
    "public" in r.auth ? undefined : "401 without a valid token, 403 outside these roles",
    rule && !isPublicRule(rule) ? `403 ${rule.refusal} (${rule.message})` : undefined,
    ...(rule && !isPublicRule(rule) ? (rule.exclusions ?? []) : []).map(
      (e) => `403 ${e.refusal} (${e.message})`,
    ),
    r.path.includes("{") ? "404 when the record does not exist" : undefined,
    r.method !== "GET"
      ? "409 on a conflicting or stale change, 422 when a business rule forbids it"
      : undefined,
  ].filter((x) => x !== undefined);
  return [
    `${r.summary}.`,
    who,
    recordWho,
    spec?.description,
    refusals.length > 0 ? `Refuses: ${refusals.join("; ")}.` : undefined,
  ]
    .filter((x) => x !== undefined)
    .join(" ");
}

/** The OpenAPI response object of one documented status. */
function responseObject(body: ResponseBody) {
  if (typeof body === "function") {
    return {
      description: "success",
      content: { "application/json": { schema: jsonSchema(body(), "output") } },
    };
  }
  return {
    description: body.description,
    ...(body.headers
      ? {
          headers: Object.fromEntries(
            body.headers.map((h) => [h, { schema: { type: "string" }, description: `the ${h} header` }]),
          ),
        }
      : {}),
    ...(body.contentType || body.schema
      ? {
          content: {
            ...(body.schema ? { "application/json": { schema: jsonSchema(body.schema(), "output") } } : {}),
            ...(body.contentType ? { [body.contentType]: { schema: { type: "string" } } } : {}),
          },
        }
      : {}),
  };
}

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

/** The named schemas met while converting (lazySchema's names), for the document's components. */
const components = new Map<string, { json: string; schema: unknown }>();

export function jsonSchema(schema: z.ZodMiniType, io: "input" | "output" = "input"): Record<string, unknown> {
  const converted = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as Record<string, unknown>;
  const text = JSON.stringify(converted).replaceAll('"#/$defs/', '"#/components/schemas/');
  const { $schema: _dialect, $defs, ...rest } = JSON.parse(text) as Record<string, unknown>;
  for (const [name, def] of Object.entries(($defs ?? {}) as Record<string, unknown>)) {
    const json = JSON.stringify(def);
    const known = components.get(name);
    if (known && known.json !== json) throw new Error(`two different response schemas are named ${name}`);
    components.set(name, { json, schema: def });
  }
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
  components.clear();
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
      tags: [tagOf(r.path)],
      summary: r.summary,
      description: describe(r, spec),
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
        ...Object.fromEntries(
          Object.entries(spec?.response ?? { 200: { description: "success (not yet described)" } }).map(
            ([status, body]) => [status, responseObject(body)],
          ),
        ),
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
    servers: [{ url: "/", description: "the API's own origin (API Gateway's stage, or the local gateway)" }],
    tags: tags.map((t) => ({ name: t.name, description: t.description })),
    paths,
    components: {
      schemas: {
        Error: errorSchema,
        ...Object.fromEntries(
          [...components].sort(([a], [b]) => a.localeCompare(b)).map(([n, c]) => [n, c.schema]),
        ),
      },
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
