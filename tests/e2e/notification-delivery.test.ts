// End-to-end: notifications the clock causes — a milestone's reminder 14 days before its due date reaches the
// enterprise's inbox and mailbox once, on the embedded runtime with the clock advanced (no sleeps).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Runtime, startRuntime } from "../../local/runtime.ts";
import { paymentsOn } from "../support/payments.ts";

let runtime: Runtime;
let dataDir: string;
const { api, tokens, signedProject } = paymentsOn(() => runtime);
const day = 86_400_000;

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
  dataDir = mkdtempSync(join(tmpdir(), "jiebang-notification-delivery-"));
  runtime = await startRuntime({ dataDir, clockStart: "2025-06-02T02:00:00.000Z" });
});
afterAll(async () => {
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
});
