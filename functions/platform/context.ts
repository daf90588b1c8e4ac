// Shared: the request context (correlation id) carried through async calls with AsyncLocalStorage — set by the HTTP
// frame (functions/platform/http/frame.ts) and the task frame (functions/platform/task.ts), read by the logger, the metrics and
// the workflow engine adapter, which puts it into every StartExecution input.
//
// Why our own and not Powertools': Powertools Logger carries a correlation id as a log key of one logger instance
// (setCorrelationId / appendKeys), scoped to the invocation only inside Lambda's managed-instance runtime (its
// InvokeStore). Here the id must also reach code that is not a logger (the metrics, the StartExecution input), every
// logger instance of the process, and stay apart between invocations that run concurrently in one process (the
// embedded runtime serves every function in-process). One AsyncLocalStorage does all three; the log formatter of
// functions/platform/logger.ts puts its id on every line.
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";

export interface RequestContext {
  readonly correlationId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** What a caller may send as X-Correlation-Id: letters, digits and `._:-`, 1 to 100 characters. */
const safeCorrelationId = /^[A-Za-z0-9._:-]{1,100}$/;

export function isSafeCorrelationId(value: unknown): value is string {
  return typeof value === "string" && safeCorrelationId.test(value);
}

export function newCorrelationId(): string {
  return randomUUID();
}

/** The caller's id if it is safe, else the fallback (API Gateway's request id), else a new one. */
export function correlationIdFrom(header: string | undefined, fallback?: string): string {
  if (isSafeCorrelationId(header)) return header;
  if (isSafeCorrelationId(fallback)) return fallback;
  return newCorrelationId();
}

/** Runs `fn` with `correlationId` as the current correlation id (replacing any inherited one). */
export function withCorrelationId<T>(correlationId: string, fn: () => T): T {
  return storage.run({ correlationId }, fn);
}

/** The correlation id of the request or task being handled, if any. */
export function currentCorrelationId(): string | undefined {
  return storage.getStore()?.correlationId;
}
