// Adapter (scheduled task): the hourly audit digest (审计锚定) — an EventBridge rule in AWS (infra/constructs/
// schedules.ts) writes the next signed digest of the audit trail's changed chain heads to the audit bucket.
import { createLogger } from "../../platform/logger.ts";
import { scheduledEventId, taskHandler } from "../../platform/task.ts";
import { type DigestSummary, writeDigest } from "../digests.ts";
import { auditDeps } from "./deps.ts";

const logger = createLogger({ function: "audit-digest" });

export const handler = taskHandler(async (): Promise<DigestSummary> => {
  const written = await writeDigest(auditDeps(), { kind: "schedule" });
  logger.info("audit digest written", { ...written });
  return written;
}, scheduledEventId);
