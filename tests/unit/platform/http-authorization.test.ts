// Unit tests of the authorization middleware (functions/platform/http/authorization.ts) alone: each kind of catalog
// `auth` (public, roles, IAM) against callers with and without claims or a verified signature.
import type { APIGatewayProxyEvent } from "aws-lambda";
import { describe, expect, it } from "vitest";
import type { RouteAuth } from "../../../functions/catalog.ts";
import { authorize, parseGroups } from "../../../functions/platform/http/authorization.ts";
import { type ResolvedRoute, route } from "../../../functions/platform/http/route.ts";
import { apiEvent, middyRequest, run, thrown } from "../../support/middleware.ts";

function routeWith(auth: RouteAuth): ResolvedRoute {
  return {
    definition: { method: "GET", path: "/v1/x", function: "f", auth, summary: "x" },
    implementation: route({}, async () => ({ status: 200 })),
  };
}
const enterprise = { sub: "u1", "custom:org": "ent-1", "cognito:groups": "[enterprise approver]" };

async function authorized(auth: RouteAuth, event = apiEvent()) {
  const request = middyRequest(event, { route: routeWith(auth) });
  await run(authorize(), "before", request);
  return request.context.principal;
}
async function refused(auth: RouteAuth, event = apiEvent()) {
  return thrown(authorize(), "before", middyRequest(event, { route: routeWith(auth) }));
}

describe("the authorization middleware", () => {
  it("lets anyone in on a public route, passing the caller on when there is one", async () => {
    expect(await authorized({ public: true })).toBeUndefined();
    expect(await authorized({ public: true }, apiEvent({ claims: enterprise }))).toEqual({
      userId: "u1",
      organisationId: "ent-1",
      roles: ["enterprise", "approver"],
    });
  });

  it("401 UNAUTHENTICATED with a Bearer challenge without claims, or claims without sub or organisation", async () => {
    for (const event of [apiEvent(), apiEvent({ claims: { sub: "u1", "cognito:groups": "[enterprise]" } })]) {
      expect(await refused({ roles: ["enterprise"] }, event)).toMatchObject({
        status: 401,
        code: "UNAUTHENTICATED",
        headers: { "www-authenticate": 'Bearer realm="jiebang"' },
      });
    }
  });

  it("403 FORBIDDEN_ROLE naming the route's roles when the caller has none of them", async () => {
    const error = await refused({ roles: ["bureau", "admin"] }, apiEvent({ claims: enterprise }));
    expect(error).toMatchObject({
      status: 403,
      code: "FORBIDDEN_ROLE",
      message: "This action needs one of the roles: bureau, admin",
      messageZh: "此操作需要以下角色之一：bureau、admin",
    });
  });

  it("lets a caller with one of the roles in, as the route's principal", async () => {
    expect(await authorized({ roles: ["approver"] }, apiEvent({ claims: enterprise }))).toMatchObject({
      userId: "u1",
      roles: ["enterprise", "approver"],
    });
  });

  it("an IAM route wants a verified signature (403 SIGNATURE_REQUIRED), whatever the claims say", async () => {
    const iam: RouteAuth = { iam: { caller: "treasury" } };
    expect(await refused(iam, apiEvent({ claims: enterprise }))).toMatchObject({
      status: 403,
      code: "SIGNATURE_REQUIRED",
    });
    expect(await authorized(iam, apiEvent({ userArn: "arn:aws:sts::1:assumed-role/treasury/x" }))).toEqual({
      userId: "arn:aws:sts::1:assumed-role/treasury/x",
      organisationId: "machine:treasury",
      roles: [],
    });
  });

  it("reads a Lambda authorizer's context as it reads Cognito's claims: the same principal either way", async () => {
    const lambdaShaped = (context: Record<string, string>) =>
      apiEvent({
        requestContext: {
          requestId: "apigw-2",
          authorizer: { principalId: context["userId"] ?? "x", integrationLatency: 12, ...context },
          identity: {},
        } as unknown as APIGatewayProxyEvent["requestContext"],
      });
    const fromLambda = await authorized(
      { roles: ["approver"] },
      lambdaShaped({ userId: "u1", organisationId: "ent-1", roles: "enterprise,approver" }),
    );
    const fromCognito = await authorized({ roles: ["approver"] }, apiEvent({ claims: enterprise }));
    expect(fromLambda).toEqual(fromCognito);
    expect(fromLambda).toEqual({ userId: "u1", organisationId: "ent-1", roles: ["enterprise", "approver"] });
    // Without an organisation, or with roles the route does not take, the same refusals as with Cognito's claims.
    expect(
      await refused(
        { roles: ["bureau"] },
        lambdaShaped({ userId: "u1", organisationId: "", roles: "bureau" }),
      ),
    ).toMatchObject({ status: 401, code: "UNAUTHENTICATED" });
    expect(
      await refused(
        { roles: ["bureau"] },
        lambdaShaped({ userId: "u1", organisationId: "ent-1", roles: "enterprise,root" }),
      ),
    ).toMatchObject({ status: 403, code: "FORBIDDEN_ROLE" });
  });

  it("runs only after the routing middleware", async () => {
    await expect(run(authorize(), "before", middyRequest(apiEvent()))).rejects.toThrow(
      /after catalogRouting/,
    );
  });

  it("reads the groups claim in each shape, dropping names that are no role", () => {
    expect(parseGroups("[bureau approver]")).toEqual(["bureau", "approver"]);
    expect(parseGroups('["auditor","nobody"]')).toEqual(["auditor"]);
    expect(parseGroups("[not json")).toEqual([]);
  });
});
