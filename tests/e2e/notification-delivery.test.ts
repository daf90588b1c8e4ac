// End-to-end: notifications the clock causes and the message gateway — a milestone's reminder 14 days before its due
// date reaches the enterprise's inbox and mailbox once; SMS through the HTTP message gateway, its signature recomputed
// by a loopback receiver, held back by quiet hours until they end; WeChat through the same gateway; a send the gateway
// keeps refusing retried with backoff until it fails and is listed for admins, who may send it back for one more
// attempt. The embedded runtime with the clock advanced (no sleeps).
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gatewaySignature } from "../../functions/notifications/adapters/message-gateway.ts";
import { type Runtime, startRuntime } from "../../local/runtime.ts";
import { tokenIssuer } from "../support/api.ts";
import { paymentsOn } from "../support/payments.ts";

let runtime: Runtime;
let dataDir: string;
const { api, tokens, signedProject, reserveFirstTranche } = paymentsOn(() => runtime);
const day = 86_400_000;
const hour = 3_600_000;
const secret = "gateway-test-secret";

/** A loopback message gateway: each request with its headers and body, and whether the signature checks out. */
interface Received {
  messageId: string;
  signatureValid: boolean;
  body: { id: string; channel: string; to: string; text: string };
}
const received: Received[] = [];
let gatewayAnswers = 200;
let gateway: Server;

interface InboxPage {
  items: { id: string; type: string; title: string; body: string; link: string }[];
}
const inbox = async (token: string) => (await api.get<InboxPage>("/v1/me/notifications", token)).body;
const mailTo = async (to: string) =>
  (
    await api.get<{ items: { subject: string; text: string; deliveries: number }[] }>(
      `/local/mailbox/messages?to=${encodeURIComponent(to)}`,
    )
  ).body.items;

beforeAll(async () => {
  gateway = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (c: Buffer) => chunks.push(c));
    request.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      const timestamp = String(request.headers["x-jiebang-timestamp"] ?? "");
      received.push({
        messageId: String(request.headers["x-jiebang-message-id"] ?? ""),
        signatureValid: request.headers["x-jiebang-signature"] === gatewaySignature(secret, timestamp, text),
        body: JSON.parse(text) as Received["body"],
      });
      response.writeHead(gatewayAnswers).end();
    });
  });
  await new Promise<void>((done) => gateway.listen(0, "127.0.0.1", () => done()));
  process.env["JIEBANG_MESSAGE_GATEWAY_URL"] =
    `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/send`;
  process.env["JIEBANG_MESSAGE_GATEWAY_SECRET"] = secret;
  dataDir = mkdtempSync(join(tmpdir(), "jiebang-notification-delivery-"));
  runtime = await startRuntime({ dataDir, clockStart: "2025-06-02T02:00:00.000Z" });
});
afterAll(async () => {
  delete process.env["JIEBANG_MESSAGE_GATEWAY_URL"];
  delete process.env["JIEBANG_MESSAGE_GATEWAY_SECRET"];
  await new Promise((done) => gateway?.close(done));
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("notifications the clock causes", () => {
  it("a milestone's reminder reaches the enterprise's inbox and mailbox once", async () => {
    const enterprise = await tokens.enterprise();
    await api.call("PUT", "/v1/me/notification-preferences", {
      token: enterprise,
      body: { channels: ["email"], email: "e1@ent-casting.example" },
    });
    const project = await signedProject();
    // The task book starts 2025-07-01; its milestone is due 12 months later, the reminder 14 days before that.
    await runtime.advanceClock(Date.parse("2026-06-18T02:00:00.000Z") - runtime.clock.now());
    await runtime.notifications.settle();
    const reminders = (await inbox(enterprise)).items.filter((n) => n.type === "milestone.reminded");
    expect(reminders, JSON.stringify((await inbox(enterprise)).items.map((n) => n.type))).toHaveLength(1);
    expect(reminders[0]).toMatchObject({
      title: "里程碑报告提交提醒",
      link: `/projects/${project.projectId}`,
    });
    expect(reminders[0]!.body).toContain("第1个里程碑将于2026-07-01到期");
    const mails = (await mailTo("e1@ent-casting.example")).filter((m) => m.subject === "里程碑报告提交提醒");
    expect(mails).toHaveLength(1);
    expect(mails[0]!.deliveries).toBe(1);

    // A day later, nothing new: the reminder is told once.
    await runtime.advanceClock(day);
    await runtime.notifications.settle();
    expect((await inbox(enterprise)).items.filter((n) => n.type === "milestone.reminded")).toHaveLength(1);
  }, 120_000);

  it("SMS through the signed gateway waits for the end of quiet hours, then goes once", async () => {
    const enterprise = await tokens.enterprise();
    // The clock is at 10:00 in Shanghai: quiet until 20:00.
    const saved = await api.call("PUT", "/v1/me/notification-preferences", {
      token: enterprise,
      body: { channels: ["sms"], phone: "13800000001", quietHours: { from: "08:00", to: "20:00" } },
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const before = received.length;
    await signedProject();
    await runtime.notifications.settle();
    expect(received.length, "nothing sent in quiet hours").toBe(before);
    const newItems = (await inbox(enterprise)).items.length;
    expect(newItems).toBeGreaterThan(0);

    await runtime.advanceClock(11 * hour);
    await runtime.notifications.settle();
    const sent = received.slice(before);
    expect(sent.length).toBeGreaterThan(0);
    for (const r of sent) {
      expect(r.signatureValid).toBe(true);
      expect(r.body).toMatchObject({ channel: "sms", to: "13800000001" });
      expect(r.messageId).toBe(r.body.id);
      expect(r.body.text).not.toMatch(/\d+(,\d{3})*\.\d{2}元/);
    }
    // Each message once, however often the sweep runs.
    expect(new Set(sent.map((r) => r.messageId)).size).toBe(sent.length);
    await runtime.advanceClock(hour);
    await runtime.notifications.settle();
    expect(received.length).toBe(before + sent.length);
  }, 180_000);

  it("WeChat through the same signed gateway: to the person's OpenID, once", async () => {
    const enterprise = await tokens.enterprise();
    const saved = await api.call("PUT", "/v1/me/notification-preferences", {
      token: enterprise,
      body: { channels: ["wechat"], wechatOpenId: "oWx-ent-casting-1" },
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const before = received.length;
    await signedProject();
    await runtime.notifications.settle();
    const sent = received.slice(before).filter((r) => r.body.to === "oWx-ent-casting-1");
    expect(sent.length).toBeGreaterThan(0);
    for (const r of sent) {
      expect(r.signatureValid).toBe(true);
      expect(r.body.channel).toBe("wechat");
      expect(r.body.text).toMatch(/^【揭榜挂帅】/);
    }
    expect(new Set(sent.map((r) => r.messageId)).size).toBe(sent.length);
    // Nothing by SMS: not chosen any more.
    expect(
      received.slice(before).filter((r) => r.body.channel === "sms" && r.body.to === "13800000001"),
    ).toEqual([]);
  }, 180_000);

  it("a send the gateway keeps refusing is retried with backoff, then failed and listed for admins", async () => {
    await api.call("PUT", "/v1/me/notification-preferences", {
      token: await tokens.finance2(),
      body: { channels: ["sms"], phone: "13900000002" },
    });
    gatewayAnswers = 503;
    try {
      const project = await signedProject();
      await reserveFirstTranche(project, "delivery-retry-run");
      await runtime.notifications.settle();
      const toF2 = () => received.filter((r) => r.body.to === "13900000002");
      expect(toF2()).toHaveLength(1);
      // 30 s, 1, 2, 4, 8 minutes: the sweep at each advance tries again once the wait is over.
      for (let i = 0; i < 8; i++) await runtime.advanceClock(hour);
      expect(toF2()).toHaveLength(6);
      expect(new Set(toF2().map((r) => r.messageId)).size).toBe(1);
    } finally {
      gatewayAnswers = 200;
    }
    const admin = await tokenIssuer(() => runtime)("admin", "taiyuan-stb", "admin");
    const failures = await api.get<{
      items: { userId: string; channel: string; attempts: number; status: string; error?: string }[];
    }>("/v1/admin/notification-failures", admin);
    expect(failures.status).toBe(200);
    expect(
      failures.body.items.filter((f) => f.userId === "local-f2"),
      JSON.stringify(failures.body),
    ).toEqual([
      expect.objectContaining({
        channel: "sms",
        attempts: 6,
        status: "failed",
        error: "message gateway answered 503",
      }),
    ]);
  }, 180_000);

  it("an admin sends a failed send back: one more attempt at the sweep, sent once, off the list; not twice, not by the auditor", async () => {
    const admin = await tokenIssuer(() => runtime)("admin", "taiyuan-stb", "admin");
    const auditor = await tokenIssuer(() => runtime)("aud", "taiyuan-stb", "auditor");
    type Failure = {
      notificationId: string;
      userId: string;
      channel: string;
      attempts: number;
      status: string;
    };
    const failuresOfF2 = async () =>
      (await api.get<{ items: Failure[] }>("/v1/admin/notification-failures", admin)).body.items.filter(
        (f) => f.userId === "local-f2",
      );
    const [failed] = await failuresOfF2();
    expect(failed).toBeDefined();
    const key = { notificationId: failed!.notificationId, userId: failed!.userId, channel: failed!.channel };
    const toF2 = () => received.filter((r) => r.body.to === "13900000002");
    const before = toF2().length;

    // The auditor reads the list but does not act; a send that does not exist is 404; bad input 400; nothing changes.
    expect((await api.post("/v1/admin/notification-failures/retry", auditor, key)).status).toBe(403);
    const unknown = await api.post<{ code: string }>("/v1/admin/notification-failures/retry", admin, {
      ...key,
      userId: "local-nobody",
    });
    expect([unknown.status, unknown.body.code]).toEqual([404, "NOTIFICATION_SEND_NOT_FOUND"]);
    expect(
      (await api.post("/v1/admin/notification-failures/retry", admin, { ...key, channel: "fax" })).status,
    ).toBe(400);
    expect(await failuresOfF2()).toEqual([failed]);

    // Sent back: retrying, due now, by whom; a second retry meanwhile is refused (it is not failed any more).
    const retried = await api.post<Failure & { retriedBy: string; notBefore: string }>(
      "/v1/admin/notification-failures/retry",
      admin,
      key,
    );
    expect(retried.status, JSON.stringify(retried.body)).toBe(202);
    expect(retried.body).toMatchObject({ ...key, status: "retrying", attempts: 6, retriedBy: "local-admin" });
    const twice = await api.post<{ code: string }>("/v1/admin/notification-failures/retry", admin, key);
    expect([twice.status, twice.body.code]).toEqual([409, "NOTIFICATION_SEND_NOT_FAILED"]);
    expect(await failuresOfF2()).toEqual([]);

    // The sweep's next run sends it, with the same message id as the attempts before; then it is done.
    await runtime.notifications.settle();
    expect(toF2()).toHaveLength(before + 1);
    expect(toF2().at(-1)!.messageId).toBe(toF2()[0]!.messageId);
    expect(toF2().at(-1)!.signatureValid).toBe(true);
    await runtime.advanceClock(hour);
    expect(toF2()).toHaveLength(before + 1);
    expect(await failuresOfF2()).toEqual([]);
    const done = await api.post<{ code: string }>("/v1/admin/notification-failures/retry", admin, key);
    expect([done.status, done.body.code]).toEqual([409, "NOTIFICATION_SEND_NOT_FAILED"]);
  }, 180_000);
});
