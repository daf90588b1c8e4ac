// Unit tests of the served OpenAPI description (functions/operations/adapters/openapi-http.ts): the openapi function
// bundles the committed document compressed (openapi-document.ts, generated beside openapi.json) and answers with
// exactly that document; its bundle stays far smaller than the document, so a cold start does not build it.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Context } from "aws-lambda";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { decompressOpenApiDocument } from "../../../functions/operations/adapters/openapi-compression.ts";
import { compressedOpenApiDocument } from "../../../functions/operations/adapters/openapi-document.ts";
import { handler } from "../../../functions/operations/adapters/openapi-http.ts";
import { esmRequireBanner, sdkAlias, sdkLayerModule } from "../../../infra/sdk-layer.ts";
import { openApiFile } from "../../../local/cli/openapi.ts";
import { projectRoot } from "../../../local/runtime-paths.ts";
import { apiEvent } from "../../support/middleware.ts";

const committed = readFileSync(openApiFile, "utf8");

describe("the served OpenAPI description", () => {
  it("the compressed copy the function bundles is openapi.json, minified", () => {
    expect(decompressOpenApiDocument(compressedOpenApiDocument)).toBe(JSON.stringify(JSON.parse(committed)));
  });

  it("GET /v1/openapi.json answers with openapi.json's document, on every request", async () => {
    const event = apiEvent({ resource: "/v1/openapi.json", path: "/v1/openapi.json", httpMethod: "GET" });
    for (const requestId of ["r-1", "r-2"]) {
      const result = await handler(event, { awsRequestId: requestId } as Context);
      expect(result.statusCode).toBe(200);
      expect(JSON.parse(result.body)).toEqual(JSON.parse(committed));
    }
  });

  it("the function's bundle (as CDK builds it) holds the document compressed, not as a JavaScript object", async () => {
    const result = await build({
      entryPoints: [join(projectRoot, "functions/operations/adapters/openapi-http.ts")],
      write: false,
      outdir: "out",
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      minify: true,
      mainFields: ["module", "main"],
      banner: { js: esmRequireBanner },
      alias: { ...sdkAlias },
      external: [sdkLayerModule],
      logLevel: "silent",
    });
    const bundle = result.outputFiles.find((f) => f.path.endsWith(".js"))!;
    // The minified document alone is ≈ 230 KB; the compressed copy ≈ 24 KB.
    expect(bundle.contents.byteLength).toBeLessThan(JSON.stringify(JSON.parse(committed)).length / 2);
    expect(bundle.text).not.toContain('"/v1/challenges/{challengeId}/applications":{');
  }, 60_000);
});
