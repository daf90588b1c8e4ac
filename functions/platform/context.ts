// Shared: the request context (correlation id; on HTTP requests the page cursors' scope too) carried through async calls with AsyncLocalStorage — each invocation
// of a handler runs in a scope of its own (inRequestScope), whose id the frames set (the correlation-id middleware of
// functions/platform/http/, the task frame functions/platform/task.ts); the logger, the metrics and the workflow
// engine adapter (which puts it into every StartExecution input) read it.
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

/**
 * One invocation's scope: its correlation id, once the frame has set it; on an HTTP request also what its page cursors
 * are bound to (the route, the caller's organisation and the query; functions/platform/http/cursor-scope.ts).
 */
interface Scope {
  correlationId: string | undefined;
  cursorScope?: string;
}

const storage = new AsyncLocalStorage<Scope>();

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

/**
 * Wraps a Lambda handler so that each invocation runs in a fresh scope (no id inherited from the caller), in which a
 * middleware sets the id with setCorrelationId; nothing of the scope leaks to the caller.
 */
export function inRequestScope<E, C, R>(handler: (event: E, context: C) => Promise<R>) {
  return (event: E, context: C): Promise<R> =>
    storage.run({ correlationId: undefined }, handler, event, context);
}

/** Sets the correlation id of the current scope (a frame's middleware, inside inRequestScope). */
export function setCorrelationId(correlationId: string): void {
  const scope = storage.getStore();
  if (!scope)
    throw new Error("setCorrelationId outside a request scope (wrap the handler in inRequestScope)");
  scope.correlationId = correlationId;
}

/** The correlation id of the request or task being handled, if any. */
export function currentCorrelationId(): string | undefined {
  return storage.getStore()?.correlationId;
}

/** Binds the page cursors issued and accepted in the current request scope to `scope` (the HTTP frame). */
export function setCursorScope(scope: string): void {
  const current = storage.getStore();
  if (!current)
    throw new Error("setCursorScope outside a request scope (wrap the handler in inRequestScope)");
  current.cursorScope = scope;
}

/** What page cursors are bound to in the current request ("" outside an HTTP request: a task's own paging). */
export function currentCursorScope(): string {
  return storage.getStore()?.cursorScope ?? "";
}
