// Shared: X-Ray tracing with Powertools for AWS Lambda Tracer — one module-scope Tracer, its middy middleware on every
// handler (functions/platform/http/frame.ts, functions/platform/task.ts) and the SDK clients captured
// (functions/platform/clients.ts). On only where the deployment turns it on: POWERTOOLS_TRACE_ENABLED=true, which
// infra/constructs/catalog-function.ts sets with the function's active tracing. Anywhere else — AWS China, whose Lambda
// has no X-Ray; the embedded runtime; the tests — Tracer is not even loaded: it brings the X-Ray SDK, about 125 KB and
// 45 ms of import at every cold start (bench/bundles.ts measures it), for nothing there. Where it is on, it comes from
// the shared layer (infra/sdk-layer.ts), so no function bundle carries it.
import type { MiddlewareObj } from "@middy/core";

const enabled = process.env["POWERTOOLS_TRACE_ENABLED"]?.toLowerCase() === "true";

const powertools = enabled
  ? await Promise.all([
      import("@aws-lambda-powertools/tracer"),
      import("@aws-lambda-powertools/tracer/middleware"),
    ])
  : undefined;

/** The process's Tracer, or undefined where tracing is off. */
export const tracer = powertools ? new powertools[0].Tracer() : undefined;

/** The tracing middleware for a handler's middy chain (none where tracing is off). Responses are not recorded. */
export function tracing(): MiddlewareObj[] {
  if (!tracer || !powertools) return [];
  return [powertools[1].captureLambdaHandler(tracer, { captureResponse: false }) as MiddlewareObj];
}

/** An AWS SDK v3 client whose calls appear as subsegments where tracing is on; the client itself elsewhere. */
export function traced<T>(client: T): T {
  return tracer ? tracer.captureAWSv3Client(client) : client;
}
