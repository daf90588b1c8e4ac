// Test support: one HTTP middleware of functions/platform/http/ run alone — an API Gateway event, the middy request
// middy would hand it (event, context, response, error), and its before/after/onError called as middy calls them.
import type { Request } from "@middy/core";
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import type { HttpContext, HttpMiddleware } from "../../functions/platform/http/route.ts";

export type HttpRequestOfMiddy = Request<APIGatewayProxyEvent, APIGatewayProxyResult, Error, HttpContext>;

export function apiEvent(
  partial: Partial<APIGatewayProxyEvent> & { claims?: Record<string, string>; userArn?: string } = {},
): APIGatewayProxyEvent {
  const { claims, userArn, ...rest } = partial;
  return {
    resource: "/v1/demands",
    path: "/v1/demands",
    httpMethod: "GET",
    headers: {},
    multiValueHeaders: {},
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    stageVariables: null,
    body: null,
    isBase64Encoded: false,
    requestContext: {
      requestId: "apigw-1",
      authorizer: claims ? { claims } : null,
      identity: userArn ? { userArn } : {},
    } as unknown as APIGatewayProxyEvent["requestContext"],
    ...rest,
  };
}

export function middyRequest(
  event: APIGatewayProxyEvent,
  context: Partial<HttpContext> = {},
): HttpRequestOfMiddy {
  return { event, context: context as HttpContext, response: null, error: null, internal: {} };
}

type Phase = "before" | "after" | "onError";

/** Calls one phase of `middleware` on `request`, as middy does (its return value included). */
export async function run(
  middleware: HttpMiddleware,
  phase: Phase,
  request: HttpRequestOfMiddy,
): Promise<unknown> {
  const fn = middleware[phase];
  if (!fn) throw new Error(`the middleware has no ${phase}`);
  return fn(request);
}

/** The error a phase throws (fails the test if it throws none). */
export async function thrown(
  middleware: HttpMiddleware,
  phase: Phase,
  request: HttpRequestOfMiddy,
): Promise<unknown> {
  try {
    await run(middleware, phase, request);
  } catch (error) {
    return error;
  }
  throw new Error(`${phase} threw nothing`);
}
