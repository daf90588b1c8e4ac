// End-to-end: domain events on the embedded runtime — a project's changes (task book signed, tranche eligible, payment
// reserved and paid) published from the table's stream as CloudEvents to the runtime's event log, each once, and
// delivered to an admin's webhook subscription on a loopback receiver (a random port): every delivery's HMAC signature
// verified, each event received once, and the delivery the receiver failed retried with backoff on the runtime's clock
// and then received; only admins subscribe and see the subscriptions.
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CloudEvent } from "../../functions/events/model.ts";
import { signatureHeader, verifyWebhookSignature } from "../../functions/events/rules/signature.ts";
import { treasurySimulator } from "../../functions/payments/adapters/simulated-treasury.ts";
import { type Runtime, startRuntime } from "../../local/runtime.ts";
import { tokenIssuer } from "../support/api.ts";
import { paymentsOn } from "../support/payments.ts";

let runtime: Runtime;
let dataDir: string;
let receiver: Server;
const { api, settle, signedProject, reserveFirstTranche, approve, payment } = paymentsOn(() => runtime);
const as = tokenIssuer(() => runtime);
const secret = "whsec-loopback-0123456789";

/** What the receiver got: each request's event, its signature's verdict, and what it answered. */
const received: { event: CloudEvent; verified: boolean; status: number }[] = [];
let failNext = 1;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "jiebang-domain-events-"));
  runtime = await startRuntime({ dataDir, clockStart: "2025-06-02T02:00:00.000Z" });
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (c: Buffer) => chunks.push(c));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const verified = verifyWebhookSignature(
        secret,
        String(request.headers[signatureHeader] ?? ""),
        body,
        Math.floor(Date.now() / 1000),
      );
      const status = failNext > 0 ? 503 : 204;
      if (failNext > 0) failNext--;
      received.push({ event: JSON.parse(body) as CloudEvent, verified, status });
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
}, 300_000);
afterAll(async () => {
  await new Promise((resolve) => receiver?.close(resolve));
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const eventLog = async () => (await api.get<{ items: CloudEvent[] }>("/local/events")).body.items;

describe("domain events", () => {
  it("only an admin subscribes a webhook, with an http(s) URL and a secret of 16+ characters", async () => {
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/jiebang`;
    const anonymous = await api.call<{ code: string }>("POST", "/local/events/webhooks", {
      body: { url, secret },
    });
    expect(anonymous.status).toBe(401);
    const bureau = await api.call<{ code: string }>("POST", "/local/events/webhooks", {
      token: await as("b1", "taiyuan-stb", "bureau"),
      body: { url, secret },
    });
    expect(bureau.status).toBe(403);
    const admin = await as("a1", "platform", "admin");
    const weak = await api.call("POST", "/local/events/webhooks", {
      token: admin,
      body: { url, secret: "short" },
    });
    expect(weak.status).toBe(400);
    const notHttp = await api.call("POST", "/local/events/webhooks", {
      token: admin,
      body: { url: "file:///etc/passwd", secret },
    });
    expect(notHttp.status).toBe(400);
    const created = await api.call<{ id: string; url: string; secret?: string }>(
      "POST",
      "/local/events/webhooks",
      {
        token: admin,
        body: { url, secret },
      },
    );
    expect(created.status).toBe(201);
    expect(created.body.url).toBe(url);
    expect(created.body).not.toHaveProperty("secret");
    expect(
      (await api.call("GET", "/local/events/webhooks", { token: await as("f1", "taiyuan-czj", "finance") }))
        .status,
    ).toBe(403);
  });

  it("a project's events reach the event log and the receiver once each, signed; the failed delivery is retried", async () => {
    treasurySimulator.reset();
    const project = await signedProject();
    const paymentId = await reserveFirstTranche(project, "events-run-1");
    await approve(paymentId);
    await settle();
    await runtime.notifications.settle();
    expect((await payment(paymentId)).status).toBe("paid");

    const log = await eventLog();
    const ids = log.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    const types = log.map((e) => e.type);
    for (const type of [
      "cn.gov.jiebang.project.started",
      "cn.gov.jiebang.tranche.eligible",
      "cn.gov.jiebang.payment.reserved",
      "cn.gov.jiebang.payment.paid",
    ])
      expect(types, type).toContain(type);
    // The paying transaction changes the payment and its tranche: one event each, told apart by the subject.
    const paid = log.find(
      (e) => e.type === "cn.gov.jiebang.payment.paid" && e.data["recordKind"] === "PAYMENT",
    )!;
    expect(
      log.find((e) => e.type === "cn.gov.jiebang.payment.paid" && e.data["recordKind"] === "TRANCHE"),
    ).toBeDefined();
    expect(paid).toMatchObject({
      specversion: "1.0",
      id: `PAYMENT#${paymentId}#${paid.data["version"]}`,
      subject: `PAYMENT/${paymentId}`,
      datacontenttype: "application/json",
      data: { recordKind: "PAYMENT", recordId: paymentId, action: "payment.paid" },
    });
    expect(paid.data).not.toHaveProperty("reference");

    // The receiver failed the first delivery: it waits for its backoff (30 s on the runtime's clock).
    const admin = await as("a1", "platform", "admin");
    const waiting = await api.get<{
      items: { delivered: number; pending?: { attempts: number; lastError: string } }[];
    }>("/local/events/webhooks", admin);
    expect(waiting.body.items[0]!.pending).toMatchObject({ attempts: 1, lastError: "receiver answered 503" });
    expect(received.filter((r) => r.status === 204)).toHaveLength(0);

    await runtime.advanceClock(60_000);
    await runtime.notifications.settle();
    const accepted = received.filter((r) => r.status === 204).map((r) => r.event.id);
    expect(received.every((r) => r.verified)).toBe(true);
    // Each event of the log once, in the log's order (later changes of the clock advance may follow).
    expect(accepted.slice(0, ids.length)).toEqual(ids);
    expect(new Set(accepted).size).toBe(accepted.length);
    // The failed one was received twice: refused, then accepted.
    expect(received[0]!.status).toBe(503);
    expect(received[1]!.event.id).toBe(received[0]!.event.id);

    // Settled again, the stream read again: nothing new is published or delivered.
    const before = received.length;
    await runtime.notifications.settle();
    expect((await eventLog()).length).toBe((await eventLog()).length);
    expect(received.length).toBe(before);
    const view = await api.get<{ items: { delivered: number; failures: unknown[]; pending?: unknown }[] }>(
      "/local/events/webhooks",
      admin,
    );
    expect(view.body.items[0]).toMatchObject({ delivered: accepted.length, failures: [] });
    expect(view.body.items[0]!.pending).toBeUndefined();
  });
});
