// Adapter (stream task): delivers notifications from the records table's stream — in AWS the Lambda of an event source
// mapping (ReportBatchItemFailures: a failed record and those after it are retried, bisected, then sent to the
// on-failure queue), locally invoked by the embedded runtime's stream poller (local/streams.ts) with the same event.
// The outbox entries are the items the change wrote in its own transaction: a new to-do item and an audit event.
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { currentClock } from "../../platform/clock.ts";
import { attributeValue } from "../../platform/dynamodb/stream-json.ts";
import { createLogger } from "../../platform/logger.ts";
import { taskHandler } from "../../platform/task.ts";
import { deliverEntry } from "../deliver.ts";
import type { OutboxEntry } from "../model.ts";
import { deliveryDeps } from "./deps.ts";

export { attributeValue };

const logger = createLogger({ function: "notifications-stream" });

/** A stream record as Lambda and the local poller hand it over (the parts read here). */
export interface StreamRecord {
  readonly eventName?: string;
  readonly dynamodb?: {
    readonly NewImage?: Record<string, AttributeValue>;
    readonly SequenceNumber?: string;
  };
}

/** The attributes read here, each converted alone (an attribute this reader cannot convert is left out). */
const wanted = [
  "pk",
  "sk",
  "kind",
  "todo",
  "recordKind",
  "recordId",
  "version",
  "action",
  "at",
  "actor",
  "detail",
];
function readImage(image: Record<string, AttributeValue>): Record<string, unknown> {
  const item: Record<string, unknown> = {};
  for (const name of wanted) {
    const value = image[name];
    if (value === undefined) continue;
    try {
      item[name] = attributeValue(value);
    } catch (error) {
      logger.warn("stream image attribute not read", { name, value: JSON.stringify(value).slice(0, 300) });
      if (name !== "detail") throw error;
    }
  }
  return item;
}

/** The outbox entry a stream record carries, if it is one: an inserted to-do item or audit event. */
export function outboxEntryOf(record: StreamRecord): OutboxEntry | undefined {
  const image = record.dynamodb?.NewImage;
  if (record.eventName !== "INSERT" || !image) return undefined;
  const item = readImage(image);
  const pk = String(item["pk"] ?? "");
  const sk = String(item["sk"] ?? "");
  if (item["kind"] === "todo" && pk.startsWith("TODO#") && item["todo"]) {
    return {
      source: "todo",
      partition: pk,
      todo: item["todo"] as Extract<OutboxEntry, { source: "todo" }>["todo"],
    };
  }
  if (item["kind"] === "audit" && sk.startsWith("AUDIT#")) {
    return {
      source: "event",
      event: {
        recordKind: String(item["recordKind"]),
        recordId: String(item["recordId"]),
        version: Number(item["version"]),
        action: String(item["action"]),
        at: String(item["at"]),
        actor: String(item["actor"]),
        ...(item["detail"] ? { detail: item["detail"] as Record<string, unknown> } : {}),
      },
    };
  }
  return undefined;
}

/** Delivers a batch in order; the first failure and everything after it are reported for retry. */
export async function deliverBatch(records: readonly StreamRecord[]) {
  const deps = deliveryDeps(currentClock());
  let delivered = 0;
  for (const record of records) {
    try {
      const entry = outboxEntryOf(record);
      if (entry) delivered += (await deliverEntry(deps, entry)).length;
    } catch (error) {
      logger.error("notification delivery failed; retried from this record", {
        sequenceNumber: record.dynamodb?.SequenceNumber,
        error: error instanceof Error ? error.message : String(error),
      });
      return {
        batchItemFailures: [{ itemIdentifier: record.dynamodb?.SequenceNumber ?? "" }],
        delivered,
        error: error instanceof Error ? error.message : String(error),
      };
    }
  }
  return { batchItemFailures: [] as { itemIdentifier: string }[], delivered };
}

export const handler = taskHandler(async (event: unknown) =>
  deliverBatch(((event as { Records?: StreamRecord[] }).Records ?? []) as StreamRecord[]),
);
