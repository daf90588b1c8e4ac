// Unit tests of the correlation-id middleware (functions/platform/http/correlation-id.ts) alone: which id it takes,
// that it makes it current only inside the invocation's scope, and that it echoes it on success and error responses.
import { describe, expect, it } from "vitest";
import { currentCorrelationId, inRequestScope } from "../../../functions/platform/context.ts";
import { correlationId } from "../../../functions/platform/http/correlation-id.ts";
import { apiEvent, middyRequest, run } from "../../support/middleware.ts";

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Runs `before` in a fresh scope, as the frame does; returns the context id and the id current meanwhile. */
async function runBefore(headers: Record<string, string>, requestId?: string) {
  const event = apiEvent({ headers });
  if (requestId === undefined) event.requestContext.requestId = undefined as unknown as string;
  else event.requestContext.requestId = requestId;
  const request = middyRequest(event);
  const scoped = inRequestScope(async () => {
    await run(correlationId(), "before", request);
    return currentCorrelationId();
  });
  const current = await scoped(undefined, undefined);
  return { id: request.context.correlationId, current };
}

describe("the correlation-id middleware", () => {
  it("takes a safe X-Correlation-Id and makes it current within the invocation's scope only", async () => {
    const { id, current } = await runBefore({ "x-correlation-id": "corr-7" }, "apigw-9");
    expect(id).toBe("corr-7");
    expect(current).toBe("corr-7");
    expect(currentCorrelationId()).toBeUndefined();
  });

  it("replaces an unsafe or missing id by API Gateway's request id, else by a new UUID", async () => {
    expect((await runBefore({ "x-correlation-id": "a b<script>" }, "apigw-9")).id).toBe("apigw-9");
    expect((await runBefore({}, "apigw-9")).id).toBe("apigw-9");
    expect((await runBefore({ "x-correlation-id": "x".repeat(101) })).id).toMatch(uuid);
  });

  it("refuses to run outside a request scope rather than set an id for the whole process", async () => {
    await expect(run(correlationId(), "before", middyRequest(apiEvent()))).rejects.toThrow(/request scope/);
  });

  it("echoes the id on a response and on an error response, keeping one the route set itself", async () => {
    const middleware = correlationId();
    const ok = middyRequest(apiEvent(), { correlationId: "corr-1" });
    ok.response = { statusCode: 200, headers: { "content-type": "application/json" }, body: "{}" };
    await run(middleware, "after", ok);
    expect(ok.response.headers).toEqual({ "content-type": "application/json", "x-correlation-id": "corr-1" });

    const refused = middyRequest(apiEvent(), { correlationId: "corr-2" });
    refused.response = { statusCode: 401, body: "{}" };
    expect(await run(middleware, "onError", refused)).toBeUndefined();
    expect(refused.response.headers).toEqual({ "x-correlation-id": "corr-2" });

    const own = middyRequest(apiEvent(), { correlationId: "corr-3" });
    own.response = { statusCode: 200, headers: { "x-correlation-id": "route's" }, body: "" };
    await run(middleware, "after", own);
    expect(own.response.headers?.["x-correlation-id"]).toBe("route's");

    const unmapped = middyRequest(apiEvent(), { correlationId: "corr-4" });
    await run(middleware, "onError", unmapped);
    expect(unmapped.response).toBeNull();
  });
});
