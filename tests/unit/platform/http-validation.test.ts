// Unit tests of the validation middleware (functions/platform/http/validation.ts) alone: the route's zod schemas
// over body, path parameters and query — their output on the context, each problem's path naming the part, and
// nothing accepted where the route declares nothing.
import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { type ResolvedRoute, type RouteSpec, route } from "../../../functions/platform/http/route.ts";
import { validateRequest } from "../../../functions/platform/http/validation.ts";
import { apiEvent, middyRequest, run, thrown } from "../../support/middleware.ts";

function routeWith(spec: RouteSpec<z.ZodMiniType, z.ZodMiniType, z.ZodMiniType>): ResolvedRoute {
  return {
    definition: { method: "POST", path: "/v1/x/{id}", function: "f", auth: { public: true }, summary: "x" },
    implementation: route(spec, async () => ({ status: 200 })),
  };
}
const spec = {
  body: z.strictObject({ title: z.string().check(z.minLength(1)), amountFen: z.number().check(z.int()) }),
  params: z.strictObject({ id: z.string().check(z.regex(/^d-\d+$/)) }),
  query: z.strictObject({ limit: z._default(z.coerce.number().check(z.int(), z.lte(100)), 25) }),
};

describe("the validation middleware", () => {
  it("puts body, params and query on the context as the schemas output them", async () => {
    const request = middyRequest(apiEvent({ pathParameters: { id: "d-1" }, queryStringParameters: null }), {
      route: routeWith(spec),
      body: { title: "t", amountFen: 5 },
    });
    await run(validateRequest(), "before", request);
    expect(request.context.input).toEqual({
      body: { title: "t", amountFen: 5 },
      params: { id: "d-1" },
      query: { limit: 25 },
    });
  });

  it("400 VALIDATION_FAILED with each field's path under body, params or query, in both languages", async () => {
    const bad = middyRequest(apiEvent({ pathParameters: { id: "d-1" } }), {
      route: routeWith(spec),
      body: { title: "", amountFen: 1.5, extra: 1 },
    });
    const error = (await thrown(validateRequest(), "before", bad)) as {
      status: number;
      code: string;
      fields: { path: string; messageZh: string }[];
    };
    expect(error).toMatchObject({ status: 400, code: "VALIDATION_FAILED" });
    expect(error.fields.map((f) => f.path).sort()).toEqual(["body", "body.amountFen", "body.title"]);
    expect(error.fields.every((f) => f.messageZh.length > 0)).toBe(true);
    expect(bad.context.input).toBeUndefined();

    const params = middyRequest(apiEvent({ pathParameters: { id: "x" } }), {
      route: routeWith(spec),
      body: { title: "t", amountFen: 1 },
    });
    expect(
      ((await thrown(validateRequest(), "before", params)) as { fields: { path: string }[] }).fields[0]!.path,
    ).toBe("params.id");
    const query = middyRequest(
      apiEvent({ pathParameters: { id: "d-1" }, queryStringParameters: { limit: "500" } }),
      {
        route: routeWith(spec),
        body: { title: "t", amountFen: 1 },
      },
    );
    expect(
      ((await thrown(validateRequest(), "before", query)) as { fields: { path: string }[] }).fields[0]!.path,
    ).toBe("query.limit");
  });

  it("a route that declares no body, params or query accepts none", async () => {
    const none = routeWith({});
    const withBody = middyRequest(apiEvent(), { route: none, body: {} });
    expect(await thrown(validateRequest(), "before", withBody)).toMatchObject({
      status: 400,
      fields: [expect.objectContaining({ path: "body" })],
    });
    const withQuery = middyRequest(apiEvent({ queryStringParameters: { x: "1" } }), { route: none });
    expect(await thrown(validateRequest(), "before", withQuery)).toMatchObject({
      fields: [expect.objectContaining({ path: "query" })],
    });
    const empty = middyRequest(apiEvent(), { route: none });
    await run(validateRequest(), "before", empty);
    expect(empty.context.input).toEqual({ body: undefined, params: {}, query: {} });
  });

  it("a query or path key named like an Object.prototype member is an unknown key: 400, never a 500", async () => {
    const names = ["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf", "isPrototypeOf"];
    // As Lambda receives them (JSON: each an own key) and as the embedded gateway builds them (no prototype).
    const shapes = names.flatMap((name) => [
      JSON.parse(`{${JSON.stringify(name)}:"1"}`) as Record<string, string>,
      Object.assign(
        Object.create(null) as Record<string, string>,
        JSON.parse(`{${JSON.stringify(name)}:"1"}`),
      ),
    ]);
    for (const routeSpec of [spec, {}]) {
      for (const extra of shapes) {
        const name = Object.keys(extra)[0]!;
        const params = "params" in routeSpec ? { id: "d-1" } : {};
        const withQuery = middyRequest(apiEvent({ pathParameters: params, queryStringParameters: extra }), {
          route: routeWith(routeSpec),
          body: "body" in routeSpec ? { title: "t", amountFen: 1 } : undefined,
        });
        expect(await thrown(validateRequest(), "before", withQuery), `query ${name}`).toMatchObject({
          status: 400,
          code: "VALIDATION_FAILED",
          fields: [expect.objectContaining({ path: "query" })],
        });
        const withParams = middyRequest(
          apiEvent({
            pathParameters: Object.assign(Object.create(null) as Record<string, string>, params, extra),
          }),
          {
            route: routeWith(routeSpec),
            body: "body" in routeSpec ? { title: "t", amountFen: 1 } : undefined,
          },
        );
        const refused = (await thrown(validateRequest(), "before", withParams)) as { status: number };
        expect(refused.status, `params ${name}`).toBe(400);
      }
    }
  });

  it("builds a spec given as a function on the route's first request, and only once", async () => {
    let builds = 0;
    const lazy: ResolvedRoute = {
      ...routeWith({}),
      implementation: route(
        () => {
          builds++;
          return spec;
        },
        async () => ({ status: 200 }),
      ),
    };
    expect(builds).toBe(0);
    for (const title of ["a", "b"]) {
      const request = middyRequest(apiEvent({ pathParameters: { id: "d-1" } }), {
        route: lazy,
        body: { title, amountFen: 1 },
      });
      await run(validateRequest(), "before", request);
      expect(request.context.input?.body).toEqual({ title, amountFen: 1 });
    }
    expect(builds).toBe(1);
  });
});
