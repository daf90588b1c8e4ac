// Shared (HTTP middleware): what the request's page cursors are bound to — the route, the caller's organisation (none on
// a public route) and the query and path parameters but the cursor and the page size — made current for the request
// (functions/platform/context.ts), so a cursor sealed here (functions/platform/cursors.ts) opens only for the same route,
// organisation and query: replayed elsewhere it is 400 INVALID_CURSOR. Runs after authorize, inside inRequestScope.
import { setCursorScope } from "../context.ts";
import type { HttpMiddleware } from "./route.ts";

/** Query names that may change from page to page. */
const pageNames = new Set(["cursor", "limit"]);

/** The entries of `values` (own keys only), sorted, without the paging ones. */
function entries(values: Record<string, string | undefined> | null | undefined, skip: ReadonlySet<string>) {
  return Object.keys(values ?? {})
    .filter((key) => !skip.has(key))
    .sort()
    .map((key) => [key, values![key] ?? ""]);
}

export function cursorScope(): HttpMiddleware {
  return {
    name: "cursorScope",
    before: (request) => {
      const { event, context } = request;
      const route = context.route;
      if (!route) throw new Error("cursorScope() runs after catalogRouting()");
      setCursorScope(
        JSON.stringify([
          `${route.definition.method} ${route.definition.path}`,
          context.principal?.organisationId ?? "",
          entries(event.pathParameters, new Set()),
          entries(event.queryStringParameters, pageNames),
        ]),
      );
    },
  };
}
