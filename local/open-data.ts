// Embedded runtime: open data's daily file locally — the open-data-daily function run when the controllable clock
// passes midnight Asia/Shanghai (an EventBridge rule at 00:00 Asia/Shanghai in AWS), and its public path
// (/open-data/360giving/…) read from the S3 server's public bucket for the gateway, as CloudFront serves it in AWS.
import { randomUUID } from "node:crypto";
import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { shanghaiDate } from "../functions/kernel/dates.ts";
import { openDataPath } from "../functions/opendata/model.ts";
import { missing } from "../functions/platform/s3/missing.ts";
import type { PublicObject } from "./gateway.ts";
import { localServiceCredentials } from "./sigv4.ts";

/** The daily file's catalog function. */
export const openDataDailyFunction = "open-data-daily";

/** Only the day's and latest files' names: nothing else of the bucket is reachable through the gateway. */
const fileName = /^open-data\/360giving\/(?:\d{4}-\d{2}-\d{2}|latest)\.(?:json|csv)$/;

/** Reads the public path's objects from the S3 server (signed as the runtime's services). */
export function publicFilesReader(endpoint: string, region: string, bucket: string) {
  const client = new S3Client({
    endpoint,
    region,
    forcePathStyle: true,
    credentials: localServiceCredentials,
  });
  return {
    prefix: `/${openDataPath}`,
    async read(key: string): Promise<PublicObject | undefined> {
      if (!fileName.test(key)) return undefined;
      try {
        const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        const body = await object.Body?.transformToByteArray();
        if (!body) return undefined;
        return {
          body,
          headers: {
            "content-type": object.ContentType ?? "application/octet-stream",
            ...(object.CacheControl ? { "cache-control": object.CacheControl } : {}),
          },
        };
      } catch (error) {
        if (missing(error)) return undefined;
        throw error;
      }
    },
    stop: () => client.destroy(),
  };
}

/**
 * Whether an advance from `beforeMs` to `afterMs` passed midnight Asia/Shanghai, the daily rule's time. One run per
 * advance however many days it passes (a 300-day jump writes the day it lands on, not 300 files).
 */
export const passedShanghaiMidnight = (beforeMs: number, afterMs: number): boolean =>
  shanghaiDate(beforeMs) !== shanghaiDate(afterMs);

/** The scheduled event EventBridge would send, at the clock's time. */
export const scheduledEvent = (nowMs: number) => ({
  version: "0",
  id: randomUUID(),
  "detail-type": "Scheduled Event",
  source: "aws.events",
  time: new Date(nowMs).toISOString(),
  detail: {},
});
