// Shared (HTTP): the routes of one HTTP function. A deployed bundle carries only its own: the build defines them
// (infra/route-table.ts, esbuild's define), and the catalog's route table, unreferenced, is left out of the bundle —
// every HTTP function used to parse and build the whole table at each cold start. Elsewhere (tests, the embedded
// runtime) they come from the catalog.
import { type RouteDefinition, routesOf } from "../../catalog.ts";

declare const JIEBANG_ROUTES_BUNDLED: boolean;
declare const JIEBANG_BUNDLED_ROUTES: readonly RouteDefinition[];

/** The catalog's routes of `functionName`; in a bundle, those the build gave it of that name (none of another). */
export function functionRoutes(functionName: string): readonly RouteDefinition[] {
  return typeof JIEBANG_ROUTES_BUNDLED !== "undefined" && JIEBANG_ROUTES_BUNDLED
    ? JIEBANG_BUNDLED_ROUTES.filter((r) => r.function === functionName)
    : routesOf(functionName);
}
