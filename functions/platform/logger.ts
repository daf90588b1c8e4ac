// Shared: structured JSON logging for handlers and tasks, one line per entry, carrying the correlation id (the one
// given in the fields, else the current one from functions/platform/context.ts).
import { currentCorrelationId } from "./context.ts";

export type LogLevel = "debug" | "info" | "warn" | "error";
/** LOG_LEVEL may also be "silent" (tests). */
const order: Record<string, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export interface Logger {
  debug(message: string, data?: Record<string, unknown>): void;
  info(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
  error(message: string, data?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

function threshold(): number {
  const configured = (
    process.env["LOG_LEVEL"] ??
    process.env["AWS_LAMBDA_LOG_LEVEL"] ??
    "info"
  ).toLowerCase();
  return order[configured] ?? 20;
}

export function createLogger(fields: Record<string, unknown> = {}): Logger {
  const write = (level: LogLevel, message: string, data?: Record<string, unknown>) => {
    if ((order[level] ?? 0) < threshold()) return;
    const correlationId = currentCorrelationId();
    const line = JSON.stringify({
      level: level.toUpperCase(),
      timestamp: new Date().toISOString(),
      service: process.env["POWERTOOLS_SERVICE_NAME"] ?? "jiebang",
      message,
      ...(correlationId ? { correlationId } : {}),
      ...fields,
      ...data,
    });
    if (level === "error" || level === "warn") console.error(line);
    else console.log(line);
  };
  return {
    debug: (m, d) => write("debug", m, d),
    info: (m, d) => write("info", m, d),
    warn: (m, d) => write("warn", m, d),
    error: (m, d) => write("error", m, d),
    child: (more) => createLogger({ ...fields, ...more }),
  };
}

/** Serialises an error for a log line (name, message, stack; never request bodies). */
export function describeError(error: unknown): Record<string, unknown> {
  if (error instanceof Error)
    return { errorName: error.name, errorMessage: error.message, stack: error.stack };
  return { error: String(error) };
}
