// Shared (HTTP middleware): the request's route — `METHOD /resource` as API Gateway names it — among the routes the
// catalog gives the function; any other is 404 ROUTE_NOT_FOUND.
import { httpErrors } from "./errors.ts";
import type { HttpMiddleware, ResolvedRoute } from "./route.ts";

export function catalogRouting(routes: ReadonlyMap<string, ResolvedRoute>): HttpMiddleware {
  return {
    name: "catalogRouting",
    before: (request) => {
      const found = routes.get(`${request.event.httpMethod} ${request.event.resource}`);
      if (!found) throw httpErrors.routeNotFound();
      request.context.route = found;
    },
  };
}
