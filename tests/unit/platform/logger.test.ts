// Unit tests of the logger (functions/platform/logger.ts, Powertools Logger): the line format with the current
// correlation id, the entry's own keys winning, stdout/stderr by level, the level following LOG_LEVEL while running.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { withCorrelationId } from "../../../functions/platform/context.ts";
import { createLogger } from "../../../functions/platform/logger.ts";

const level = process.env["LOG_LEVEL"];
let out: string[] = [];
let err: string[] = [];
beforeEach(() => {
  out = [];
  err = [];
  process.env["LOG_LEVEL"] = "info";
  vi.spyOn(process.stdout, "write").mockImplementation(((chunk: unknown) => {
    out.push(String(chunk));
    return true;
  }) as typeof process.stdout.write);
  vi.spyOn(process.stderr, "write").mockImplementation(((chunk: unknown) => {
    err.push(String(chunk));
    return true;
  }) as typeof process.stderr.write);
});
afterEach(() => {
  vi.restoreAllMocks();
  process.env["LOG_LEVEL"] = level;
});
const parse = (lines: string[]) => lines.map((l) => JSON.parse(l) as Record<string, unknown>);

describe("the logger", () => {
  it("one JSON line per entry: level, message, timestamp, service, the current correlation id, its fields", () => {
    const logger = createLogger({ function: "payment-tasks" });
    withCorrelationId("corr-log-1", () => logger.info("task", { task: "recheck", paymentId: "p-1" }));
    expect(out).toHaveLength(1);
    expect(out[0]!.endsWith("\n")).toBe(true);
    const [line] = parse(out);
    expect(line).toMatchObject({
      level: "INFO",
      message: "task",
      service: "jiebang",
      correlationId: "corr-log-1",
      function: "payment-tasks",
      task: "recheck",
      paymentId: "p-1",
    });
    expect(Date.parse(String(line!["timestamp"]))).not.toBeNaN();
    logger.info("outside any request");
    expect(parse(out)[1]).not.toHaveProperty("correlationId");
  });

  it("an entry that names its own correlation id keeps it", () => {
    const logger = createLogger();
    withCorrelationId("the-sweep", () => logger.warn("stuck execution", { correlationId: "the-execution" }));
    expect(parse(err)[0]).toMatchObject({ level: "WARN", correlationId: "the-execution" });
  });

  it("warnings and errors go to stderr, the rest to stdout; an error is logged with its name, message and stack", () => {
    const logger = createLogger();
    logger.info("i");
    logger.warn("w");
    logger.error("e", { error: new TypeError("boom") });
    expect(parse(out).map((l) => l["message"])).toEqual(["i"]);
    const [warn, error] = parse(err);
    expect(warn!["message"]).toBe("w");
    expect(error!["error"]).toMatchObject({
      name: "TypeError",
      message: "boom",
      stack: expect.stringContaining("boom"),
    });
  });

  it("follows LOG_LEVEL while running: silent writes nothing, debug writes debug lines", () => {
    const logger = createLogger();
    logger.debug("hidden at info");
    process.env["LOG_LEVEL"] = "silent";
    logger.error("hidden when silent");
    process.env["LOG_LEVEL"] = "debug";
    logger.debug("shown at debug");
    process.env["LOG_LEVEL"] = "warn";
    logger.info("hidden at warn");
    expect([...parse(out), ...parse(err)].map((l) => l["message"])).toEqual(["shown at debug"]);
  });
});
