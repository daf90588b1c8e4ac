// Adapter (scheduled task): the hourly audit digest (审计锚定) — an EventBridge rule in AWS (infra/constructs/
// schedules.ts) writes the next signed digest of the audit trail's changed chain heads to the audit bucket.
import { correlationIdFrom } from "../../platform/context.ts";
import { createLogger } from "../../platform/logger.ts";
import { taskHandler } from "../../platform/task.ts";
import { type DigestSummary, writeDigest } from "../digests.ts";
import { auditDeps } from "./deps.ts";

const logger = createLogger({ function: "audit-digest" });

function scheduledEventId(event: unknown): string {
  const id = typeof event === "object" && event !== null ? (event as { id?: unknown }).id : undefined;
  return correlationIdFrom(typeof id === "string" ? id : undefined);
}

export const handler = taskHandler(async (): Promise<DigestSummary> => {
  const written = await writeDigest(auditDeps(), { kind: "schedule" });
  logger.info("audit digest written", { ...written });
  return written;
}, scheduledEventId);
