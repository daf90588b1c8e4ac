// End-to-end: notifications delivered from the records table's stream on the embedded runtime — the to-dos and events
// of a project (task book to sign, a payment awaiting its second officer, the payment made) arrive in each person's
// inbox once (GET /v1/me/notifications, unread count, mark read) and by e-mail through the loopback SMTP server, once
// per Message-ID; four eyes keeps the maker's own payment out of their inbox; preferences are validated.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { treasurySimulator } from "../../functions/payments/adapters/simulated-treasury.ts";
import { type Runtime, startRuntime } from "../../local/runtime.ts";
import { paymentsOn } from "../support/payments.ts";

let runtime: Runtime;
let dataDir: string;
const { api, tokens, settle, signedProject, reserveFirstTranche, approve, payment } = paymentsOn(
  () => runtime,
);

interface InboxPage {
  items: { id: string; type: string; title: string; body: string; read: boolean; link: string }[];
  next?: string;
}
interface Mail {
  messageId: string;
  to: string[];
  subject: string;
  text: string;
  deliveries: number;
}

const inbox = async (token: string, query = "") => {
  const got = await api.get<InboxPage>(`/v1/me/notifications${query}`, token);
  expect(got.status, JSON.stringify(got.body)).toBe(200);
  return got.body;
};
const unread = async (token: string) =>
  (await api.get<{ count: number; display: string }>("/v1/me/notifications/unread-count", token)).body;
const mailTo = async (to: string) =>
  (await api.get<{ items: Mail[] }>(`/local/mailbox/messages?to=${encodeURIComponent(to)}`)).body.items;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "jiebang-notifications-"));
  runtime = await startRuntime({
    dataDir,
    clockStart: "2025-06-02T02:00:00.000Z",
    log: (line) => {
      if (line["level"] === "WARN" || line["level"] === "ERROR")
        console.log(JSON.stringify(line).slice(0, 600));
    },
  });
});
afterAll(async () => {
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("notifications", () => {
  it("preferences: a chosen channel needs its address; quiet hours are times of day", async () => {
    const token = await tokens.enterprise();
    const missing = await api.call<{ code: string; fields: { path: string; messageZh: string }[] }>(
      "PUT",
      "/v1/me/notification-preferences",
      { token, body: { channels: ["email", "wechat"], phone: "13800000000" } },
    );
    expect(missing.status).toBe(400);
    expect(missing.body.code).toBe("CHANNEL_ADDRESS_MISSING");
    // At the fields a form shows them next to.
    expect(missing.body.fields.map((f) => f.path)).toEqual(["body.email", "body.wechatOpenId"]);
    expect(missing.body.fields[0]!.messageZh).toContain("邮箱");
    const bad = await api.call<{ code: string }>("PUT", "/v1/me/notification-preferences", {
      token,
      body: { channels: [], quietHours: { from: "25:00", to: "08:00" } },
    });
    expect(bad.status).toBe(400);
    expect((bad.body as unknown as { fields: { path: string }[] }).fields.map((f) => f.path)).toContain(
      "body.quietHours.from",
    );
    const saved = await api.call<{ channels: string[] }>("PUT", "/v1/me/notification-preferences", {
      token,
      body: { channels: ["email"], email: "e1@ent-casting.example" },
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const read = await api.get<{ email: string }>("/v1/me/notification-preferences", token);
    expect(read.body.email).toBe("e1@ent-casting.example");
  });

  it("a project's to-dos and its payment reach the enterprise's inbox and mailbox once; four eyes for finance", async () => {
    treasurySimulator.reset();
    await api.call("PUT", "/v1/me/notification-preferences", {
      token: await tokens.enterprise(),
      body: { channels: ["email"], email: "e1@ent-casting.example" },
    });
    await api.call("PUT", "/v1/me/notification-preferences", {
      token: await tokens.finance1(),
      body: { channels: ["email"], email: "f1@czj.example" },
    });
    await api.call("PUT", "/v1/me/notification-preferences", {
      token: await tokens.finance2(),
      body: { channels: ["email"], email: "f2@czj.example" },
    });
    const project = await signedProject();
    const paymentId = await reserveFirstTranche(project, "notify-run-1");
    await runtime.notifications.settle();

    // The payment awaiting its second officer: f2 is told, the maker f1 is not.
    const f2 = await inbox(await tokens.finance2());
    expect(f2.items.filter((n) => n.type === "todo.payment.approve")).toHaveLength(1);
    const f1 = await inbox(await tokens.finance1());
    expect(f1.items.filter((n) => n.type === "todo.payment.approve")).toHaveLength(0);
    expect((await mailTo("f2@czj.example")).filter((m) => m.subject.includes("审批拨付"))).toHaveLength(1);
    expect((await mailTo("f1@czj.example")).filter((m) => m.subject.includes("审批拨付"))).toHaveLength(0);

    await approve(paymentId);
    await settle();
    await runtime.notifications.settle();
    expect((await payment(paymentId)).status).toBe("paid");

    const enterprise = await tokens.enterprise();
    const page = await inbox(enterprise);
    const paid = page.items.filter((n) => n.type === "payment.paid");
    expect(paid).toHaveLength(1);
    expect(paid[0]!.title).toBe("资金已拨付");
    expect(
      page.items.filter((n) => n.type === "todo.project.sign-task-book"),
      JSON.stringify(page.items.map((n) => n.type)),
    ).toHaveLength(1);
    const mails = await mailTo("e1@ent-casting.example");
    expect(mails.filter((m) => m.subject === "资金已拨付")).toHaveLength(1);
    expect(mails.every((m) => m.deliveries === 1)).toBe(true);

    // Delivered again (the stream read from its start): nothing new in the inbox or the mailbox.
    const before = (await api.get<{ receptions: number }>("/local/mailbox/messages")).body.receptions;
    await runtime.notifications.settle();
    expect((await inbox(enterprise)).items).toHaveLength(page.items.length);
    expect((await api.get<{ receptions: number }>("/local/mailbox/messages")).body.receptions).toBe(before);

    // Unread count and mark read; another's notification is 404 and marks nothing.
    const count = await unread(enterprise);
    expect(count.count).toBe(page.items.length);
    const marked = await api.post<{ items: { read: boolean }[] }>("/v1/me/notifications/read", enterprise, {
      ids: [paid[0]!.id],
    });
    expect(marked.status).toBe(200);
    expect((await unread(enterprise)).count).toBe(page.items.length - 1);
    const foreign = await api.post<{ code: string }>("/v1/me/notifications/read", await tokens.finance2(), {
      ids: [paid[0]!.id],
    });
    expect(foreign.status).toBe(404);
    expect(foreign.body.code).toBe("NOTIFICATION_NOT_FOUND");

    // Paging: one at a time, each once.
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const p = await inbox(enterprise, `?limit=1${cursor ? `&cursor=${cursor}` : ""}`);
      seen.push(...p.items.map((n) => n.id));
      cursor = p.next;
    } while (cursor);
    expect(seen).toEqual(page.items.map((n) => n.id));
    const html = await fetch(`${runtime.info.apiUrl}/local/mailbox?to=e1%40ent-casting.example`);
    expect(await html.text()).toContain("资金已拨付");
  });
});
