// Adapter (stream task): publishes domain events from the records table's stream — the second consumer of the outbox
// beside the notifications (in AWS its own event source mapping, locally its own poller with its own checkpoint,
// local/streams.ts). Each inserted audit event of a catalogued action becomes a CloudEvent (functions/events/publish.ts);
// a failed publish reports that record and those after it for retry (ReportBatchItemFailures).
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { environmentFaults } from "../../platform/crash-point.ts";
import { attributeValue } from "../../platform/dynamodb/stream-json.ts";
import { createLogger } from "../../platform/logger.ts";
import { type Faults, noFaults } from "../../platform/ports/faults.ts";
import { taskHandler } from "../../platform/task.ts";
import type { AuditEntry, EventPublisher } from "../model.ts";
import { publishAuditEvents } from "../publish.ts";
import { eventPublisher } from "./deps.ts";

const logger = createLogger({ function: "domain-events-stream" });

/** A stream record as Lambda and the local poller hand it over (the parts read here). */
export interface StreamRecord {
  readonly eventName?: string;
  readonly dynamodb?: {
    readonly NewImage?: Record<string, AttributeValue>;
    readonly SequenceNumber?: string;
  };
}

const wanted = ["kind", "sk", "recordKind", "recordId", "version", "action", "at", "detail"] as const;

/** The audit event a stream record carries, if it is an inserted one. */
export function auditEntryOf(record: StreamRecord): AuditEntry | undefined {
  const image = record.dynamodb?.NewImage;
  if (record.eventName !== "INSERT" || !image) return undefined;
  const picked: Record<string, AttributeValue> = {};
  for (const name of wanted) if (image[name]) picked[name] = image[name];
  const item: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(picked)) {
    try {
      item[name] = attributeValue(value);
    } catch (error) {
      // A detail this reader cannot convert: the event without it (its public fields are then absent).
      if (name !== "detail") throw error;
    }
  }
  if (item["kind"] !== "audit" || !String(item["sk"] ?? "").startsWith("AUDIT#")) return undefined;
  const detail = item["detail"];
  return {
    recordKind: String(item["recordKind"]),
    recordId: String(item["recordId"]),
    version: Number(item["version"]),
    action: String(item["action"]),
    at: String(item["at"]),
    ...(detail && typeof detail === "object" ? { detail: normalise(detail) as Record<string, unknown> } : {}),
  };
}

/** Sets (from DynamoDB's SS/NS) as arrays, as in the JSON the change wrote. */
function normalise(value: unknown): unknown {
  if (value instanceof Set) return [...value];
  if (Array.isArray(value)) return value.map(normalise);
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalise(v)]));
  return value;
}

/** Publishes a batch record by record, in order; the first failure and everything after it are reported for retry. */
export async function publishBatch(
  publisher: EventPublisher,
  records: readonly StreamRecord[],
  faults: Faults = noFaults,
) {
  let published = 0;
  for (const record of records) {
    try {
      const entry = auditEntryOf(record);
      const count = entry ? await publishAuditEvents(publisher, [entry]) : 0;
      if (count > 0) faults.crashPoint("domain-event.after-publish");
      published += count;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      logger.error("domain event not published; retried from this record", {
        sequenceNumber: record.dynamodb?.SequenceNumber,
        error: message,
      });
      return {
        batchItemFailures: [{ itemIdentifier: record.dynamodb?.SequenceNumber ?? "" }],
        published,
        error: message,
      };
    }
  }
  return { batchItemFailures: [] as { itemIdentifier: string }[], published };
}

export const handler = taskHandler(async (event: unknown) =>
  publishBatch(
    eventPublisher(),
    ((event as { Records?: StreamRecord[] }).Records ?? []) as StreamRecord[],
    environmentFaults,
  ),
);
