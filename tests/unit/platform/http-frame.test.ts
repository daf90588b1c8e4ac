// Unit tests of the HTTP handler frame (functions/platform/http/frame.ts): routing, roles, validation and the error map.
import type { APIGatewayProxyEvent, Context } from "aws-lambda";
import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { routesOf } from "../../../functions/catalog.ts";
import { businessRuleError, conflictError } from "../../../functions/kernel/errors.ts";
import { httpHandler, parseGroups, route } from "../../../functions/platform/http/frame.ts";

const context = { awsRequestId: "req-1" } as Context;

function event(
  partial: Partial<APIGatewayProxyEvent> & { claims?: Record<string, string> },
): APIGatewayProxyEvent {
  const { claims, ...rest } = partial;
  return {
    resource: "/v1/demands",
    path: "/v1/demands",
    httpMethod: "POST",
    headers: { "content-type": "application/json" },
    multiValueHeaders: {},
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    stageVariables: null,
    body: null,
    isBase64Encoded: false,
    requestContext: {
      requestId: "r",
      authorizer: claims ? { claims } : null,
    } as APIGatewayProxyEvent["requestContext"],
    ...rest,
  };
}

const enterprise = { sub: "u1", "custom:org": "ent-1", "cognito:groups": "[enterprise]" };
const calls: unknown[] = [];

// A stand-in for demands-api: implements exactly the catalog's routes of that function.
const ok = route({}, async () => ({ status: 200, body: {} }));
const handler = httpHandler("demands-api", {
  "POST /v1/demands": route(
    {
      body: z.strictObject({ title: z.string().check(z.minLength(1)), amountFen: z.number().check(z.int()) }),
    },
    async (request) => {
      calls.push(request.body);
      if (request.body.title === "conflict") throw conflictError("VERSION_CONFLICT", "changed", "已修改");
      if (request.body.title === "rule") throw businessRuleError("RULE", "broken", "违反规则");
      if (request.body.title === "crash") throw new Error("secret detail");
      return { status: 201, body: { title: request.body.title, by: request.principal?.organisationId } };
    },
  ),
  // The function's other catalog routes, so the stand-in implements exactly its routes.
  ...Object.fromEntries(
    routesOf("demands-api")
      .filter((r) => !(r.method === "POST" && r.path === "/v1/demands"))
      .map((r) => [`${r.method} ${r.path}`, ok]),
  ),
});

const invoke = async (e: APIGatewayProxyEvent) => {
  const result = await handler(e, context);
  return {
    status: result.statusCode,
    body: result.body ? JSON.parse(result.body) : undefined,
    headers: result.headers,
  };
};

describe("the HTTP frame", () => {
  it("refuses a handler module that does not implement exactly its catalog routes", () => {
    expect(() => httpHandler("demands-api", { "POST /v1/demands": ok })).toThrow(
      /missing: GET \/v1\/demands/,
    );
    expect(() => httpHandler("health", { "GET /v1/health": ok, "GET /v1/nothing": ok })).toThrow(
      /not in catalog: GET \/v1\/nothing/,
    );
  });

  it("401 without claims, 403 for a role the catalog does not allow", async () => {
    expect((await invoke(event({ body: "{}" }))).status).toBe(401);
    const solver = await invoke(
      event({ body: "{}", claims: { ...enterprise, "cognito:groups": "[solver]" } }),
    );
    expect(solver.status).toBe(403);
    expect(solver.body).toMatchObject({
      code: "FORBIDDEN_ROLE",
      messageZh: expect.stringContaining("enterprise"),
    });
  });

  it("validates the body with field paths and never calls the handler for bad input", async () => {
    calls.length = 0;
    const bad = await invoke(
      event({ body: JSON.stringify({ title: "", amountFen: 1.5, extra: 1 }), claims: enterprise }),
    );
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe("VALIDATION_FAILED");
    expect(bad.body.fields.map((f: { path: string }) => f.path).sort()).toEqual([
      "body",
      "body.amountFen",
      "body.title",
    ]);
    expect(bad.body.fields.every((f: { messageZh: string }) => f.messageZh.length > 0)).toBe(true);
    expect(calls).toEqual([]);
  });

  it("maps malformed JSON, wrong media type and oversize bodies", async () => {
    expect((await invoke(event({ body: "{", claims: enterprise }))).body.code).toBe("MALFORMED_JSON");
    const text = await invoke(
      event({ body: "{}", headers: { "content-type": "text/plain" }, claims: enterprise }),
    );
    expect(text.status).toBe(415);
    const huge = await invoke(
      event({ body: JSON.stringify({ title: "x".repeat(300_000), amountFen: 1 }), claims: enterprise }),
    );
    expect(huge.status).toBe(413);
  });

  it("maps domain errors to 409 and 422, and hides unexpected ones behind a 500", async () => {
    const send = (title: string) =>
      invoke(event({ body: JSON.stringify({ title, amountFen: 1 }), claims: enterprise }));
    expect((await send("conflict")).status).toBe(409);
    const rule = await send("rule");
    expect(rule.status).toBe(422);
    expect(rule.body).toEqual({ code: "RULE", message: "broken", messageZh: "违反规则" });
    const crash = await send("crash");
    expect(crash.status).toBe(500);
    expect(JSON.stringify(crash.body)).not.toContain("secret");
  });

  it("passes the principal and echoes the correlation id", async () => {
    const created = await invoke(
      event({
        body: JSON.stringify({ title: "t", amountFen: 5 }),
        claims: enterprise,
        headers: { "content-type": "application/json", "X-Correlation-Id": "abc" },
      }),
    );
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ title: "t", by: "ent-1" });
    expect(created.headers?.["x-correlation-id"]).toBe("abc");
  });

  it("404 for a resource the function does not serve; strict query and params", async () => {
    expect((await invoke(event({ resource: "/v1/other", claims: enterprise }))).status).toBe(404);
    const query = await invoke(
      event({
        httpMethod: "GET",
        resource: "/v1/demands",
        queryStringParameters: { x: "1" },
        claims: enterprise,
      }),
    );
    expect(query.status).toBe(400);
    expect(query.body.fields[0].path).toBe("query");
  });

  it("reads the groups claim in each shape Cognito and API Gateway give it", () => {
    expect(parseGroups("[bureau approver]")).toEqual(["bureau", "approver"]);
    expect(parseGroups("bureau,finance")).toEqual(["bureau", "finance"]);
    expect(parseGroups(["admin", "nobody"])).toEqual(["admin"]);
    expect(parseGroups('["auditor"]')).toEqual(["auditor"]);
    expect(parseGroups(undefined)).toEqual([]);
  });
});
