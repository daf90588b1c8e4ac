// Unit tests of what the platform leaves for the first use instead of doing at import (each Lambda cold start pays for
// what a module does when it loads, bench/bundles.ts): Powertools Logger and Metrics are made on the first entry.
import { Logger as PowertoolsLogger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createLogger } from "../../../functions/platform/logger.ts";
import { emfMetrics } from "../../../functions/platform/metrics.ts";

const level = process.env["LOG_LEVEL"];
afterEach(() => {
  vi.restoreAllMocks();
  process.env["LOG_LEVEL"] = level;
});

describe("at a cold start", () => {
  it("a logger makes its Powertools logger on its first entry, once", () => {
    const made = vi.spyOn(PowertoolsLogger.prototype, "createChild");
    process.env["LOG_LEVEL"] = "silent";
    const logger = createLogger({ function: "cold-start-test" });
    expect(made).not.toHaveBeenCalled();
    logger.info("first");
    logger.warn("second");
    expect(made).toHaveBeenCalledTimes(1);
  });

  it("the metrics writer makes its Powertools Metrics on its first event, once", () => {
    const made = vi.spyOn(Metrics.prototype, "setDefaultDimensions");
    process.env["LOG_LEVEL"] = "info";
    const lines: string[] = [];
    const metrics = emfMetrics((line) => lines.push(line));
    expect(made).not.toHaveBeenCalled();
    const event = {
      kind: "stuck-executions-swept",
      stuck: 1,
      running: 2,
      stuckExecutionArns: ["arn:x"],
    } as const;
    metrics.record(event);
    metrics.record(event);
    // Once, with the platform-wide dimension (Powertools' constructor sets its own defaults through it too).
    expect(made.mock.calls.filter(([dimensions]) => dimensions?.["Service"] === "jiebang")).toHaveLength(1);
    expect(lines).toHaveLength(2);
  });
});
