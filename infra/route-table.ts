// Infra: each HTTP function's own routes, put into its bundle at build time (esbuild's define of the identifiers that
// functions/platform/http/function-routes.ts reads), so that no bundle carries the catalog's whole route table — the
// CDK construct (infra/constructs/catalog-function.ts) and bench/bundles.ts build with the same defines.
import { routes } from "../functions/catalog.ts";

/** esbuild `define` for the bundle of `functionName`: its routes as the frame needs them (no summaries). */
export function bundledRoutesDefine(functionName: string): Record<string, string> {
  const own = routes.filter((r) => r.function === functionName).map(({ summary: _summary, ...r }) => r);
  return { JIEBANG_ROUTES_BUNDLED: "true", JIEBANG_BUNDLED_ROUTES: JSON.stringify(own) };
}
