// Unit tests of the routing middleware (functions/platform/http/routing.ts) alone: `METHOD /resource` of the event
// to the function's catalog route, 404 ROUTE_NOT_FOUND for anything else (another method, another resource).
import { describe, expect, it } from "vitest";
import type { RouteDefinition } from "../../../functions/catalog.ts";
import { HttpError } from "../../../functions/platform/http/errors.ts";
import { type ResolvedRoute, route } from "../../../functions/platform/http/route.ts";
import { catalogRouting } from "../../../functions/platform/http/routing.ts";
import { apiEvent, middyRequest, run, thrown } from "../../support/middleware.ts";

const definition: RouteDefinition = {
  method: "GET",
  path: "/v1/demands/{demandId}",
  function: "demands-api",
  auth: { roles: ["enterprise"] },
  summary: "one demand",
};
const resolved: ResolvedRoute = { definition, implementation: route({}, async () => ({ status: 200 })) };
const routing = catalogRouting(new Map([["GET /v1/demands/{demandId}", resolved]]));

describe("the routing middleware", () => {
  it("puts the catalog route of the event's method and resource on the context", async () => {
    const request = middyRequest(apiEvent({ httpMethod: "GET", resource: "/v1/demands/{demandId}" }));
    await run(routing, "before", request);
    expect(request.context.route).toBe(resolved);
  });

  it("answers 404 ROUTE_NOT_FOUND for another method or resource, in English and Chinese", async () => {
    for (const [httpMethod, resource] of [
      ["POST", "/v1/demands/{demandId}"],
      ["GET", "/v1/demands/abc"],
      ["GET", "/v1/other"],
    ] as const) {
      const request = middyRequest(apiEvent({ httpMethod, resource }));
      const error = await thrown(routing, "before", request);
      expect(error).toBeInstanceOf(HttpError);
      expect(error).toMatchObject({ status: 404, code: "ROUTE_NOT_FOUND", messageZh: "接口不存在" });
      expect(request.context.route).toBeUndefined();
    }
  });
});
