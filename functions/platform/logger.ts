// Shared: structured JSON logging with Powertools for AWS Lambda Logger — one module-scope logger per function, one
// JSON line per entry (stdout; warnings and errors on stderr), each carrying the current correlation id of
// functions/platform/context.ts. The level comes from POWERTOOLS_LOG_LEVEL or LOG_LEVEL, else Lambda's
// AWS_LAMBDA_LOG_LEVEL (which wins in Lambda, as Powertools has it); "silent" writes nothing (the tests' setting).
import { LogFormatter, LogItem, Logger as PowertoolsLogger } from "@aws-lambda-powertools/logger";
import type { LogAttributes, UnformattedAttributes } from "@aws-lambda-powertools/logger/types";
import { currentCorrelationId } from "./context.ts";

export type LogLevel = "debug" | "info" | "warn" | "error";

export interface Logger {
  debug(message: string, data?: Record<string, unknown>): void;
  info(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
  error(message: string, data?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

/**
 * Powertools' standard keys (level, message, timestamp, service, the X-Ray trace id where tracing is on), then the
 * current correlation id, then the entry's own keys — an entry that names a correlationId (a sweep reporting another
 * execution) keeps its own. No Lambda context keys: a module-scope logger shared by invocations that run concurrently
 * in one process (the embedded runtime) cannot hold one invocation's context; the frame logs awsRequestId where it
 * matters (a refused or failed request).
 */
export class CorrelatedLogFormatter extends LogFormatter {
  override formatAttributes(attributes: UnformattedAttributes, additional: LogAttributes): LogItem {
    return new LogItem({
      attributes: {
        level: attributes.logLevel,
        message: attributes.message,
        timestamp: this.formatTimestamp(attributes.timestamp),
        service: attributes.serviceName,
        correlationId: currentCorrelationId(),
        xray_trace_id: attributes.xRayTraceId,
      },
    }).addAttributes(additional);
  }
}

const levels = new Set(["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "CRITICAL", "SILENT"]);
type PowertoolsLevel = Parameters<PowertoolsLogger["setLogLevel"]>[0];

/** The configured level, read anew on each entry: the embedded runtime and the tests switch it while running. */
function configuredLevel(): PowertoolsLevel {
  const env = process.env;
  const level = (
    env["POWERTOOLS_LOG_LEVEL"] ||
    env["LOG_LEVEL"] ||
    env["AWS_LAMBDA_LOG_LEVEL"] ||
    "INFO"
  ).toUpperCase();
  return (levels.has(level) ? level : "INFO") as PowertoolsLevel;
}

/**
 * The process's root logger; each createLogger is a child of it. Both are made on their first entry, not at import: a
 * Powertools Logger sets up its console on the process's streams when it is made (3–8 ms of CPU for the root and a
 * child, bench/bundles.ts), which a function that logs nothing on a request would pay at every cold start.
 */
let rootLogger: PowertoolsLogger | undefined;
const root = () =>
  (rootLogger ??= new PowertoolsLogger({
    serviceName: process.env["POWERTOOLS_SERVICE_NAME"] || "jiebang",
    logLevel: configuredLevel(),
    logFormatter: new CorrelatedLogFormatter(),
  }));

/** A logger whose every line carries `fields` (e.g. `{ function: "payment-tasks" }`). Create it once, at module scope. */
export function createLogger(fields: Record<string, unknown> = {}): Logger {
  let made: PowertoolsLogger | undefined;
  let level: PowertoolsLevel | undefined;
  /** The Powertools logger (made now if this is the first entry), at the level configured now. */
  const follow = (): PowertoolsLogger => {
    made ??= root().createChild({ persistentKeys: fields });
    const logger = made;
    level ??= logger.getLevelName() as PowertoolsLevel;
    const wanted = configuredLevel();
    if (wanted !== level) {
      level = wanted;
      logger.setLogLevel(wanted);
    }
    return logger;
  };
  return {
    debug: (message, data) => {
      const logger = follow();
      if (data) logger.debug(message, data);
      else logger.debug(message);
    },
    info: (message, data) => {
      const logger = follow();
      if (data) logger.info(message, data);
      else logger.info(message);
    },
    warn: (message, data) => {
      const logger = follow();
      if (data) logger.warn(message, data);
      else logger.warn(message);
    },
    error: (message, data) => {
      const logger = follow();
      if (data) logger.error(message, data);
      else logger.error(message);
    },
    child: (more) => createLogger({ ...fields, ...more }),
  };
}
