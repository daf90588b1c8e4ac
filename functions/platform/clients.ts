// Shared: AWS SDK clients, created once per container on first use. Endpoints come only from the standard
// AWS_ENDPOINT_URL_* variables (set by the embedded runtime), so the same code talks to AWS or to loopback. Where
// tracing is on, their calls are X-Ray subsegments (functions/platform/tracer.ts).
import { DynamoDBClient, type DynamoDBClientConfig } from "@aws-sdk/client-dynamodb";
import { S3Client } from "@aws-sdk/client-s3";
import { SFNClient } from "@aws-sdk/client-sfn";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { traced } from "./tracer.ts";

/**
 * The clients' logger: silent, as the SDK's default, but without `info`, which the SDK calls after every command with
 * a copy of its input and output filtered for sensitive fields — built even when the default logger drops it.
 */
const quietLogger = {
  debug: () => undefined,
  warn: () => undefined,
  error: () => undefined,
} as unknown as DynamoDBClientConfig["logger"];

let documentClient: DynamoDBDocumentClient | undefined;
let s3: S3Client | undefined;
let sfn: SFNClient | undefined;

export function dynamo(): DynamoDBDocumentClient {
  documentClient ??= DynamoDBDocumentClient.from(traced(new DynamoDBClient({ logger: quietLogger })), {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  return documentClient;
}

export function storage(): S3Client {
  // A custom S3 endpoint (the embedded runtime's S3-API server) is addressed path-style.
  s3 ??= traced(
    new S3Client({ forcePathStyle: Boolean(process.env["AWS_ENDPOINT_URL_S3"]), logger: quietLogger }),
  );
  return s3;
}

export function workflows(): SFNClient {
  sfn ??= traced(new SFNClient({ logger: quietLogger }));
  return sfn;
}
