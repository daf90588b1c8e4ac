// End-to-end (browser): the inbox area in the workbench, headless Chromium against the in-process runtime — the
// enterprise's bell counts its unread notifications, the inbox lists them and marks one read (the bell and the API
// agree); the notification settings form refuses bad input at its fields (a chosen channel without its address, a
// quiet hour that is not a time of day) and then saves; the admin's failed-sends page lists an SMS that used up its
// attempts (no message gateway locally) with its recipient, channel, attempts and last error, and the admin retries it
// (the auditor only reads). axe-core on each page;
// screenshots in test-artifacts/screenshots/inbox-*.png.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tokenIssuer } from "../support/api.ts";
import { paymentsOn } from "../support/payments.ts";
import { actionDone, openMenu, screenshots, withWorkbench } from "../support/workbench.ts";

const wb = withWorkbench({ prefix: "inbox", clockStart: "2025-06-02T02:00:00.000Z" });
const { api, tokens, signedProject, reserveFirstTranche } = paymentsOn(() => wb.runtime);
const hour = 3_600_000;

interface InboxPage {
  items: { id: string; type: string; title: string; read: boolean }[];
}

describe("the inbox area", () => {
  it("the bell counts the unread; the inbox lists them and marks one read", async () => {
    await signedProject();
    await wb.runtime.notifications.settle();
    const before = (await api.get<InboxPage>("/v1/me/notifications", await tokens.enterprise())).body.items;
    expect(before.length).toBeGreaterThan(0);
    const unread = before.filter((n) => !n.read).length;

    const page = await wb.open({ user: "e1", org: "ent-casting", role: "enterprise" });
    const bell = page.getByTestId("inbox-bell");
    await expect.poll(() => bell.getAttribute("aria-label")).toBe(`消息 ${unread}`);
    // The count sits after the bell, never over it, and the bell is light on the dark header.
    expect(unread).toBeGreaterThan(0);
    const icon = await bell.locator(".bell-icon").boundingBox();
    const badge = await bell.getByTestId("bell-badge").boundingBox();
    expect(icon && badge).toBeTruthy();
    expect(badge!.x).toBeGreaterThanOrEqual(icon!.x + icon!.width);
    await expect(bell.getByTestId("bell-badge").textContent()).resolves.toBe(String(unread));
    await expect(
      bell.evaluate(
        (el) =>
          (globalThis as unknown as { getComputedStyle(e: unknown): { color: string } }).getComputedStyle(el)
            .color,
      ),
    ).resolves.toBe("rgb(255, 255, 255)");
    await page.locator("header").screenshot({ path: join(screenshots, "inbox-header.png") });
    await bell.click();
    await page.getByTestId("inbox").waitFor();
    const items = page.getByTestId("inbox-item");
    await expect.poll(() => items.count()).toBe(before.length);
    await expect(items.first().textContent()).resolves.toContain(before[0]!.title);
    await wb.checked("list");

    await items.first().getByRole("button", { name: "标为已读" }).click();
    await expect
      .poll(() => bell.getAttribute("aria-label"))
      .toBe(unread - 1 === 0 ? "消息" : `消息 ${unread - 1}`);
    await expect.poll(() => items.first().getByRole("button", { name: "标为已读" }).count()).toBe(0);
    const after = (await api.get<InboxPage>("/v1/me/notifications", await tokens.enterprise())).body.items;
    expect(after.find((n) => n.id === before[0]!.id)?.read).toBe(true);
    expect(after.filter((n) => !n.read)).toHaveLength(unread - 1);
  }, 240_000);

  it("the settings form shows a missing address and a bad quiet hour at their fields, then saves", async () => {
    const page = wb.page;
    await openMenu(page, "通知设置");
    const form = page.getByTestId("preferences");
    await form.waitFor();
    // SMS chosen without a mobile number: the API's CHANNEL_ADDRESS_MISSING next to the number.
    await form.getByLabel("短信").check();
    await form.getByTestId("preferences-submit").click();
    await form.getByText("选择短信时须填写手机号").waitFor();
    // A quiet hour that is not a time of day: refused in the form before anything is sent.
    await form.getByLabel("手机号").fill("13800000000");
    // Typing the number clears the error shown at it.
    await expect.poll(() => form.getByText("选择短信时须填写手机号").count()).toBe(0);
    await form.getByLabel("免打扰开始").fill("25:00");
    await form.getByLabel("免打扰结束").fill("07:30");
    await form.getByTestId("preferences-submit").click();
    await form.getByText("格式应为 HH:MM（如 22:00）").waitFor();
    await wb.checked("preferences-errors");
    const unsaved = await api.get<{ channels: string[] }>(
      "/v1/me/notification-preferences",
      await tokens.enterprise(),
    );
    expect(unsaved.body.channels).toEqual([]);

    await form.getByLabel("免打扰开始").fill("22:00");
    await form.getByTestId("preferences-submit").click();
    await actionDone(page);
    await expect(page.getByTestId("action-done").textContent()).resolves.toContain("通知设置已保存");
    await wb.checked("preferences-saved");
    const saved = await api.get<Record<string, unknown>>(
      "/v1/me/notification-preferences",
      await tokens.enterprise(),
    );
    expect(saved.body).toMatchObject({
      channels: ["sms"],
      phone: "13800000000",
      quietHours: { from: "22:00", to: "07:30" },
    });
  }, 180_000);

  it("the admin's failed sends: an SMS that used up its attempts, with its recipient, channel and error; the admin retries it, the auditor only reads", async () => {
    // The second finance officer chooses SMS; the payment awaiting their approval is sent to a gateway that is not
    // configured locally: retried with backoff as the clock moves, then failed.
    await api.call("PUT", "/v1/me/notification-preferences", {
      token: await tokens.finance2(),
      body: { channels: ["sms"], phone: "13900000002" },
    });
    const project = await signedProject();
    await reserveFirstTranche(project, "inbox-browser-run");
    await wb.runtime.notifications.settle();
    for (let i = 0; i < 8; i++) await wb.runtime.advanceClock(2 * hour);
    const failures = await api.get<{ items: { userId: string; channel: string; attempts: number }[] }>(
      "/v1/admin/notification-failures",
      // A token issued now: those of the first tests are older than the clock's advance.
      await tokenIssuer(() => wb.runtime)("admin", "taiyuan-stb", "admin"),
    );
    expect(failures.status).toBe(200);
    const f2 = failures.body.items.filter((f) => f.userId === "local-f2");
    expect(f2.length).toBeGreaterThan(0);
    expect(f2[0]).toMatchObject({ channel: "sms", attempts: 6 });

    const page = await wb.signInAs("admin", "taiyuan-stb", "admin");
    await openMenu(page, "发送失败");
    const table = page.getByTestId("notification-failures");
    await table.waitFor();
    const row = table.locator("tr").filter({ hasText: "local-f2" }).first();
    await expect(row.textContent()).resolves.toContain("短信");
    await expect(row.textContent()).resolves.toContain("no message gateway is configured");
    await expect(row.textContent()).resolves.toContain("6");
    await wb.checked("failures");

    // The admin sends it back (重试): queued for one more attempt, off the list until the sweep has tried it.
    await row.getByRole("button", { name: "重试" }).click();
    await expect((await actionDone(page)).textContent()).resolves.toContain("已重新排队");
    await expect
      .poll(async () =>
        table
          .locator("tr")
          .filter({ hasText: "local-f2" })
          .count()
          .catch(() => 0),
      )
      .toBe(0);
    // Still no gateway locally: the one attempt fails and the send is listed again, with 7 attempts.
    await wb.runtime.notifications.settle();
    const again = await api.get<{ items: { userId: string; attempts: number; retriedBy?: string }[] }>(
      "/v1/admin/notification-failures",
      await tokenIssuer(() => wb.runtime)("admin", "taiyuan-stb", "admin"),
    );
    expect(again.body.items.filter((f) => f.userId === "local-f2")).toEqual([
      expect.objectContaining({ attempts: 7, retriedBy: "local-admin" }),
    ]);

    // The auditor reads the same list without a retry button.
    const audit = await wb.signInAs("aud", "taiyuan-stb", "auditor");
    await openMenu(audit, "发送失败");
    const audited = audit.getByTestId("notification-failures");
    await audited.waitFor();
    await expect(audited.textContent()).resolves.toContain("local-f2");
    expect(await audited.getByRole("button", { name: "重试" }).count()).toBe(0);
  }, 240_000);
});
