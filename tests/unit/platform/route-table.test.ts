// Unit: each HTTP function's bundle carries its own routes, not the catalog's whole route table
// (functions/platform/http/function-routes.ts with the defines of infra/route-table.ts, as the CDK construct and
// bench/bundles.ts build): the frame finds the same routes either way.
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { routesOf } from "../../../functions/catalog.ts";
import { functionRoutes } from "../../../functions/platform/http/function-routes.ts";
import { bundledRoutesDefine } from "../../../infra/route-table.ts";

const entry = fileURLToPath(new URL("../../../functions/platform/http/function-routes.ts", import.meta.url));

async function bundle(define?: Record<string, string>): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: "esm",
    platform: "node",
    minify: true,
    logLevel: "silent",
    ...(define ? { define } : {}),
  });
  return result.outputFiles[0]!.text;
}

const withoutSummary = (name: string) => routesOf(name).map(({ summary: _s, ...r }) => r);

describe("the route table of an HTTP function's bundle", () => {
  it("holds only the function's routes: the frame finds them, and no other function's route is in the bundle", async () => {
    const text = await bundle(bundledRoutesDefine("applications-api"));
    const bundled = (await import(`data:text/javascript;base64,${Buffer.from(text).toString("base64")}`)) as {
      functionRoutes: typeof functionRoutes;
    };
    expect(bundled.functionRoutes("applications-api")).toEqual(withoutSummary("applications-api"));
    expect(bundled.functionRoutes("applications-api").length).toBeGreaterThan(3);
    // A name the build did not give this bundle has no routes here (the frame then refuses to load: out of step).
    expect(bundled.functionRoutes("health")).toEqual([]);
    expect(text).not.toContain("/v1/health");
    expect(text).not.toContain("Health of each part");
  });

  it("outside a bundle built so (tests, the embedded runtime), the catalog's routes of the function", async () => {
    expect(functionRoutes("health")).toEqual(routesOf("health"));
    // Without the defines, a bundle would carry the whole table.
    expect(await bundle()).toContain("/v1/health");
  });
});
