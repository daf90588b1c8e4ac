// Shared: the Step Functions task frame. Every Task state's payload carries the execution's correlation id
// (workflows/*.asl.json pass $$.Execution.Input.correlationId); the frame makes it current for the task's logs,
// metrics and the executions the task starts (functions/platform/context.ts).
import { correlationIdFrom, withCorrelationId } from "./context.ts";

/** The correlation id a task payload carries, or a new one (a payload from before correlation ids existed). */
export function taskCorrelationId(event: unknown): string {
  const given =
    typeof event === "object" && event !== null
      ? (event as { correlationId?: unknown }).correlationId
      : undefined;
  return correlationIdFrom(typeof given === "string" ? given : undefined);
}

/** Wraps a task handler so that everything it does runs under the payload's correlation id. */
export function taskHandler<R>(handle: (event: unknown) => Promise<R>): (event: unknown) => Promise<R> {
  return (event) => withCorrelationId(taskCorrelationId(event), () => handle(event));
}
