// Unit: publishing domain events — the webhook signature (HMAC-SHA256 over `<timestamp>.<body>`: verified, tampered,
// replayed), a stream record read as its audit event, the event log appending each id once (a torn line skipped) and
// read incrementally (only what was appended since the last read; from the start again when the file is replaced), a
// batch's failed record reported for retry, and the EventBridge entry and endpoint per partition.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { marshall } from "@aws-sdk/util-dynamodb";
import { afterEach, describe, expect, it } from "vitest";
import {
  eventLogPublisher,
  eventLogTail,
  readEventLog,
} from "../../../functions/events/adapters/event-log.ts";
import { entryOf, eventBridgeEndpoint } from "../../../functions/events/adapters/eventbridge.ts";
import { auditEntryOf, publishBatch, type StreamRecord } from "../../../functions/events/adapters/stream.ts";
import type { CloudEvent } from "../../../functions/events/model.ts";
import { verifyWebhookSignature, webhookSignature } from "../../../functions/events/rules/signature.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const record = (item: Record<string, unknown>, sequence = "100"): StreamRecord => ({
  eventName: "INSERT",
  dynamodb: { NewImage: marshall(item, { removeUndefinedValues: true }) as never, SequenceNumber: sequence },
});
const auditItem = (version: number, action = "milestone.reminded") => ({
  pk: "PROJECT_TRACK#prj-1",
  sk: `AUDIT#${String(version).padStart(10, "0")}`,
  kind: "audit",
  recordKind: "PROJECT_TRACK",
  recordId: "prj-1",
  version,
  action,
  at: "2025-06-17T00:00:00.000Z",
  actor: "workflow",
  detail: { milestone: 0, dueDate: "2025-07-01" },
});

describe("webhook signature", () => {
  const body = JSON.stringify({ id: "PAYMENT#pay-1#4" });
  const secret = "s3cret-of-sixteen-chars";

  it("verifies with the secret, within the tolerance", () => {
    const header = webhookSignature(secret, 1_750_000_000, body);
    expect(header).toMatch(/^t=1750000000,v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(secret, header, body, 1_750_000_100)).toBe(true);
  });

  it("refuses another body, another secret, an old timestamp and a malformed header", () => {
    const header = webhookSignature(secret, 1_750_000_000, body);
    expect(verifyWebhookSignature(secret, header, `${body} `, 1_750_000_000)).toBe(false);
    expect(verifyWebhookSignature("another-secret-xxxxxx", header, body, 1_750_000_000)).toBe(false);
    expect(verifyWebhookSignature(secret, header, body, 1_750_000_000 + 301)).toBe(false);
    expect(verifyWebhookSignature(secret, "v1=abc", body, 1_750_000_000)).toBe(false);
    // The timestamp is signed: changing it breaks the signature.
    expect(
      verifyWebhookSignature(secret, header.replace("t=1750000000", "t=1750000001"), body, 1_750_000_000),
    ).toBe(false);
  });
});

describe("the domain events' stream function", () => {
  it("reads an inserted audit event; a to-do item, a record or a modification is none", () => {
    expect(auditEntryOf(record(auditItem(3)))).toEqual({
      recordKind: "PROJECT_TRACK",
      recordId: "prj-1",
      version: 3,
      action: "milestone.reminded",
      at: "2025-06-17T00:00:00.000Z",
      detail: { milestone: 0, dueDate: "2025-07-01" },
    });
    expect(auditEntryOf(record({ pk: "TODO#u", sk: "x", kind: "todo" }))).toBeUndefined();
    expect(auditEntryOf(record({ pk: "PROJECT_TRACK#prj-1", sk: "RECORD", kind: "record" }))).toBeUndefined();
    expect(auditEntryOf({ ...record(auditItem(3)), eventName: "MODIFY" })).toBeUndefined();
  });

  it("reports the record whose publish failed, after publishing those before it", async () => {
    const published: string[] = [];
    let calls = 0;
    const result = await publishBatch(
      {
        publish: async (events) => {
          if (++calls === 2) throw new Error("bus unavailable");
          published.push(...events.map((e) => e.id));
        },
      },
      [record(auditItem(1), "1"), record(auditItem(2), "2"), record(auditItem(3), "3")],
    );
    expect(published).toEqual(["PROJECT_TRACK#prj-1#1"]);
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: "2" }]);
  });
});

describe("the embedded runtime's event log", () => {
  const event = (id: string) => ({ id, type: "cn.gov.jiebang.payment.paid" }) as CloudEvent;

  it("holds each id once, however often published; a line cut short by a kill is skipped and not glued to", async () => {
    const dir = mkdtempSync(join(tmpdir(), "jiebang-event-log-"));
    dirs.push(dir);
    const file = join(dir, "events.jsonl");
    const log = eventLogPublisher(file);
    await log.publish([event("A#1#1"), event("A#1#2")]);
    await log.publish([event("A#1#2"), event("A#1#3")]);
    expect(readEventLog(file).map((e) => e.id)).toEqual(["A#1#1", "A#1#2", "A#1#3"]);
    writeFileSync(file, `${readFileSync(file, "utf8")}{"id":"A#1#4","ty`);
    await log.publish([event("A#1#4")]);
    expect(readEventLog(file).map((e) => e.id)).toEqual(["A#1#1", "A#1#2", "A#1#3", "A#1#4"]);
    // A whole last event whose newline is missing (written by hand) is not appended again.
    writeFileSync(file, `${readFileSync(file, "utf8")}${JSON.stringify(event("A#1#5"))}`);
    await log.publish([event("A#1#5"), event("A#1#6")]);
    expect(readEventLog(file).map((e) => e.id)).toEqual([
      "A#1#1",
      "A#1#2",
      "A#1#3",
      "A#1#4",
      "A#1#5",
      "A#1#6",
    ]);
  });

  it("is read incrementally: each read returns the complete lines appended since the last, a torn one skipped", () => {
    const dir = mkdtempSync(join(tmpdir(), "jiebang-event-log-"));
    dirs.push(dir);
    const file = join(dir, "events.jsonl");
    const tail = eventLogTail(file);
    expect(tail.read()).toEqual({ events: [], restarted: false, unterminated: "" });
    const line = (id: string) => `${JSON.stringify(event(id))}\n`;
    writeFileSync(file, `${line("A#1#1")}${line("A#1#2")}{"id":"A#1`);
    const first = tail.read();
    expect(first.events.map((e) => e.id)).toEqual(["A#1#1", "A#1#2"]);
    expect(first.unterminated).toBe('{"id":"A#1');
    writeFileSync(file, `${readFileSync(file, "utf8")}\n${line("A#1#3")}`);
    expect(tail.read().events.map((e) => e.id)).toEqual(["A#1#3"]);
    expect(tail.read().events).toEqual([]);
    // Replaced by a shorter file (another data directory's log at the same path): read from its start again.
    rmSync(file);
    writeFileSync(file, line("B#1#1"));
    expect(tail.read()).toMatchObject({ restarted: true, events: [{ id: "B#1#1" }] });
  });
});

describe("EventBridge", () => {
  it("puts the whole CloudEvent as the entry's detail, its type as the detail type", () => {
    const event = {
      id: "PAYMENT#pay-1#4",
      type: "cn.gov.jiebang.payment.paid",
      time: "2025-09-01T00:00:00.000Z",
    };
    expect(entryOf("Jiebang-Stateless-domain-events", event as CloudEvent)).toEqual({
      EventBusName: "Jiebang-Stateless-domain-events",
      Source: "cn.gov.jiebang",
      DetailType: "cn.gov.jiebang.payment.paid",
      Time: "2025-09-01T00:00:00.000Z",
      Detail: JSON.stringify(event),
    });
  });

  it("calls the China partition's endpoint in China's regions", () => {
    expect(eventBridgeEndpoint("cn-northwest-1")).toBe("https://events.cn-northwest-1.amazonaws.com.cn/");
    expect(eventBridgeEndpoint("ap-southeast-1")).toBe("https://events.ap-southeast-1.amazonaws.com/");
  });
});
