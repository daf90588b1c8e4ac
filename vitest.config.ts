// Vitest configuration (project root): the test tiers as projects (`vitest run --project unit`), their time limits,
// and the JSON report CI summarises.
import { defineConfig, type TestProjectInlineConfiguration } from "vitest/config";

/**
 * The tiers, cheapest first. unit: pure rules and use cases with in-memory ports (no Java, no browser, no child
 * process; tests/unit/tier-boundary.test.ts holds it to that). cli: the CLI spawned as processes. adapters: the
 * DynamoDB/S3/SFN adapters against mocks and DynamoDB Local (Java). workflows: the ASL definitions on the local Step
 * Functions engine. infra: CDK assertions and cdk-nag. e2e: the whole platform on DynamoDB Local, s3rver and the
 * local Step Functions service. browser: the console in headless Chromium on top of that.
 */
const tiers: Record<string, TestProjectInlineConfiguration["test"]> = {
  // One worker runs many unit files: packages stay loaded between files (about twice as fast on 2 busy cores), the
  // project's modules and whatever a file changed are reset by tests/support/unit-setup.ts (after tests/setup.ts).
  unit: { pool: "threads", isolate: false, setupFiles: ["tests/support/unit-setup.ts"] },
  cli: {},
  adapters: {},
  workflows: {},
  // Synthesis deploys the built workbench (web/dist): built (when stale) first.
  infra: { globalSetup: ["tests/support/web-build.ts"] },
  // The demo test fetches the workbench at /console/: built (when stale) first, as for the browser tier.
  e2e: { globalSetup: ["tests/support/web-build.ts"] },
  // The workbench is built once (web/dist, when stale) before the browser tests serve it.
  browser: { globalSetup: ["tests/support/web-build.ts"] },
};

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    maxWorkers: 2,
    setupFiles: ["tests/setup.ts"],
    reporters: ["default", "json"],
    outputFile: { json: "test-artifacts/vitest.json" },
    projects: Object.entries(tiers).map(([name, options]) => ({
      extends: true,
      test: { name, include: [`tests/${name}/**/*.test.ts`], ...options },
    })),
  },
});
