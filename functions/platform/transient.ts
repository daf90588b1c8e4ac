// Shared: which errors of a Step Functions task are transient — worth the state's Retry (throttling, a concurrent
// writer, a service's 5xx, a dropped connection) — as opposed to the domain's deterministic refusals, which a retry
// would only repeat. The task frame (task.ts) renames a transient error `Platform.Transient` for the ASL's retriers.
import { DomainError } from "../kernel/errors.ts";

/** The error name the workflows' retriers match (workflows/*.asl.json), beside Lambda's own transient errors. */
export const transientErrorName = "Platform.Transient";

/** AWS's throttling, conflict and server-side errors by name (DynamoDB, S3, Step Functions, SES). */
const transientAwsNames = new Set([
  "ThrottlingException",
  "Throttling",
  "ProvisionedThroughputExceededException",
  "RequestLimitExceeded",
  "TransactionConflictException",
  "TransactionInProgressException",
  "InternalServerError",
  "InternalFailure",
  "InternalError",
  "ServiceUnavailable",
  "ServiceUnavailableException",
  "SlowDown",
  "TooManyRequestsException",
  "TimeoutError",
  "RequestTimeout",
  "RequestTimeoutException",
]);

/** Node's network error codes of a connection that failed or dropped. */
const transientNetworkCodes = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "EPIPE",
  "ETIMEDOUT",
  "EAI_AGAIN",
  "ENOTFOUND",
  "UND_ERR_SOCKET",
]);

interface AwsLikeError {
  name?: string;
  code?: string;
  $retryable?: unknown;
  $metadata?: { httpStatusCode?: number };
  CancellationReasons?: readonly { Code?: string }[];
}

/** Whether a task's error is worth retrying: see the file's first line. */
export function isTransient(error: unknown): boolean {
  if (error instanceof DomainError) return error.code === "VERSION_CONFLICT"; // re-read and re-applied on retry
  if (typeof error !== "object" || error === null) return false;
  const e = error as AwsLikeError;
  if (e.$retryable) return true;
  if (e.name && transientAwsNames.has(e.name)) return true;
  if (e.code && transientNetworkCodes.has(e.code)) return true;
  if ((e.$metadata?.httpStatusCode ?? 0) >= 500) return true;
  // A transaction cancelled only by conflicts or throttling (not by a failed condition) may pass on a retry.
  const reasons = (e.CancellationReasons ?? []).map((r) => r.Code ?? "None").filter((c) => c !== "None");
  return (
    e.name === "TransactionCanceledException" &&
    reasons.length > 0 &&
    reasons.every(
      (c) => c === "TransactionConflict" || c === "ThrottlingError" || c === "ProvisionedThroughputExceeded",
    )
  );
}

/** The error as the task frame throws it: a transient one renamed (its own name kept in the message). */
export function asTaskError(error: unknown): unknown {
  if (!isTransient(error)) return error;
  const original = error as Error;
  const renamed = new Error(`${original.name ?? "Error"}: ${original.message ?? String(error)}`, {
    cause: error,
  });
  renamed.name = transientErrorName;
  return renamed;
}
