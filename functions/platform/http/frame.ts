// Shared: the HTTP handler frame — one Lambda serves the routes the catalog gives it, through a middy chain of one
// middleware per concern (each in its own file here): header names, correlation id, tracing, routing, authorization,
// the page cursors' scope, JSON body, validation, and the error mapper; the route's implementation last.
import middy from "@middy/core";
import httpHeaderNormalizer from "@middy/http-header-normalizer";
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from "aws-lambda";
import { currentClock } from "../clock.ts";
import { inRequestScope } from "../context.ts";
import { createLogger } from "../logger.ts";
import { tracing } from "../tracer.ts";
import { authorize } from "./authorization.ts";
import { correlationId } from "./correlation-id.ts";
import { cursorScope } from "./cursor-scope.ts";
import { errorMapper } from "./error-mapper.ts";
import { functionRoutes } from "./function-routes.ts";
import { jsonBody } from "./json-body.ts";
import { jsonResponse } from "./response.ts";
import { declareRoute, type HttpContext, type ResolvedRoute, type RouteHandler } from "./route.ts";
import { catalogRouting } from "./routing.ts";
import { validateRequest } from "./validation.ts";

export { machinePrincipalFrom, parseGroups, principalFrom } from "./authorization.ts";
export {
  declaredRouteSpecs,
  type HttpRequest,
  type HttpResult,
  type Principal,
  type RouteHandler,
  type RouteSpec,
  route,
} from "./route.ts";

/**
 * The function's routes: `handlers` must implement exactly the routes the catalog gives `functionName` (checked when
 * the module loads, so a missing or stray route fails every test that imports it).
 */
function catalogRoutes(
  functionName: string,
  handlers: Record<string, RouteHandler>,
): Map<string, ResolvedRoute> {
  const routes = new Map<string, ResolvedRoute>();
  const missing: string[] = [];
  for (const definition of functionRoutes(functionName)) {
    const key = `${definition.method} ${definition.path}`;
    const implementation = handlers[key];
    if (implementation) routes.set(key, { definition, implementation });
    else missing.push(key);
  }
  const stray = Object.keys(handlers).filter((k) => !routes.has(k));
  if (missing.length > 0 || stray.length > 0) {
    throw new Error(
      `${functionName}: routes out of step with the catalog (missing: ${missing.join(", ") || "none"}; not in catalog: ${stray.join(", ") || "none"})`,
    );
  }
  for (const [key, { implementation }] of routes) declareRoute(key, implementation);
  return routes;
}

/** Builds the Lambda handler of an HTTP function from its routes' implementations. */
export function httpHandler(
  functionName: string,
  handlers: Record<string, RouteHandler>,
): (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult> {
  const routes = catalogRoutes(functionName, handlers);
  const logger = createLogger({ function: functionName });

  // The route's implementation, with what the middlewares established: the validated input and the caller.
  const dispatch = async (
    event: APIGatewayProxyEvent,
    context: HttpContext,
  ): Promise<APIGatewayProxyResult> => {
    const { route, input, correlationId: id } = context;
    if (!route || !input || !id) throw new Error("the frame's middlewares did not run");
    const result = await route.implementation.handle({
      ...input,
      headers: (event.headers ?? {}) as Record<string, string>,
      principal: context.principal,
      correlationId: id,
      logger,
      clock: currentClock(),
    });
    return jsonResponse(result.status, result.body, result.headers);
  };

  const chain = middy<APIGatewayProxyEvent, APIGatewayProxyResult, Error, HttpContext>()
    .use(httpHeaderNormalizer({ canonical: false }))
    .use(correlationId())
    .use(tracing())
    .use(catalogRouting(routes))
    .use(authorize())
    .use(cursorScope())
    .use(jsonBody())
    .use(validateRequest())
    .use(errorMapper(logger))
    .handler(dispatch);

  // Each invocation in a scope of its own, so that its correlation id is current for all it does and nowhere else.
  return inRequestScope((event: APIGatewayProxyEvent, context: Context) => chain(event, context));
}
