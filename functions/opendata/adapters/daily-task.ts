// Adapter (scheduled task): open data's daily file — an EventBridge rule in AWS (infra/constructs/schedules.ts, daily at
// 00:00 Asia/Shanghai), the embedded runtime when its clock passes midnight (local/runtime.ts) — writes the day's
// 360Giving package and CSV to the public files path (functions/opendata/daily-file.ts, docs/open-data.md).
import { clientsFor } from "../../platform/clients-for.ts";
import { recordStore } from "../../platform/deps.ts";
import { createLogger } from "../../platform/logger.ts";
import type { PublicFileStore } from "../../platform/ports/public-files.ts";
import { s3PublicFileStore } from "../../platform/s3/public-files.ts";
import { scheduledEventId, taskHandler } from "../../platform/task.ts";
import { type DailyFileResult, writeDailyFile } from "../daily-file.ts";

const logger = createLogger({ function: "open-data-daily" });

let files: PublicFileStore | undefined;

/**
 * The run's instant: the scheduled event's `time` (the schedule's time, the same for every retry of a run, so that
 * retries write the same package), else the clock's now.
 */
function runTime(event: unknown, now: () => Date): string {
  const time = typeof event === "object" && event !== null ? (event as { time?: unknown }).time : undefined;
  return typeof time === "string" && !Number.isNaN(Date.parse(time))
    ? new Date(time).toISOString()
    : now().toISOString();
}

export const handler = taskHandler(async (event): Promise<DailyFileResult> => {
  const clients = clientsFor();
  files ??= s3PublicFileStore(clients.storage(), clients.config.publicFilesBucket());
  const result = await writeDailyFile(
    { records: recordStore(), files },
    runTime(event, () => clients.clock().now()),
  );
  logger.info("open data daily file", { ...result });
  return result;
}, scheduledEventId);
