// Shared: the Step Functions task frame, a middy chain like the HTTP one. Every Task state's payload carries the
// execution's correlation id (workflows/*.asl.json pass $$.Execution.Input.correlationId); its middleware makes it
// current for the task's logs, metrics and the executions the task starts (functions/platform/context.ts); the tracing
// middleware follows where tracing is on. Errors go to Step Functions as they are (its Retry and Catch match them), a
// transient one renamed `Platform.Transient` (transient.ts) so the workflows retry it and not the domain's refusals.
import middy, { type MiddlewareObj } from "@middy/core";
import type { Context } from "aws-lambda";
import { correlationIdFrom, inRequestScope, setCorrelationId } from "./context.ts";
import { tracing } from "./tracer.ts";
import { asTaskError } from "./transient.ts";

/** The correlation id a task payload carries, or a new one (a payload from before correlation ids existed). */
export function taskCorrelationId(event: unknown): string {
  const given =
    typeof event === "object" && event !== null
      ? (event as { correlationId?: unknown }).correlationId
      : undefined;
  return correlationIdFrom(typeof given === "string" ? given : undefined);
}

/** The correlation id of a scheduled run: EventBridge's scheduled event `id`, or a new one. */
export function scheduledEventId(event: unknown): string {
  const id = typeof event === "object" && event !== null ? (event as { id?: unknown }).id : undefined;
  return correlationIdFrom(typeof id === "string" ? id : undefined);
}

/** The middleware that makes the event's correlation id (by `idOf`) current for the rest of the invocation. */
export function eventCorrelationId(idOf: (event: unknown) => string = taskCorrelationId): MiddlewareObj {
  return {
    name: "eventCorrelationId",
    before: (request) => {
      setCorrelationId(idOf(request.event));
    },
  };
}

/**
 * Wraps a task handler so that everything it does runs under the payload's correlation id (or the one `idOf` finds in
 * the event, e.g. a scheduled event's id).
 */
export function taskHandler<R>(
  handle: (event: unknown) => Promise<R>,
  idOf: (event: unknown) => string = taskCorrelationId,
): (event: unknown, context?: Context) => Promise<R> {
  // No early timeout: a task that runs out of time ends as Lambda ends it, as before the frame used middy.
  const chain = middy<unknown, R>({ timeoutEarlyInMillis: 0 })
    .use(eventCorrelationId(idOf))
    .use(tracing())
    .handler(async (event: unknown) => {
      try {
        return await handle(event);
      } catch (error) {
        throw asTaskError(error);
      }
    });
  const scoped = inRequestScope((event: unknown, context: Context) => chain(event, context));
  return (event, context) => scoped(event, context ?? ({} as Context));
}
