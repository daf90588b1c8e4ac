// End-to-end: a confirmed ActionForm under a slow CPU (Chromium's CPU throttled 8× through CDP) — the admin saves a
// calendar year again and again, clicking the confirmation's OK as soon as it shows; every confirmed submit sends its
// request, none is lost with the dialog left open (a click during the dialog's zoom-in hit its frame, not the button).
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { openMenu, withWorkbench } from "../support/workbench.ts";

const wb = withWorkbench({ prefix: "confirm-dialog", clockStart: "2025-09-01T01:00:00.000Z" });

const rounds = 12;

async function fillYear(page: Page, year: number): Promise<void> {
  const form = page.getByTestId("calendar-year");
  await form.locator(".ant-input-number input").fill(String(year));
  await form.locator(".ant-form-item", { hasText: "放假日期" }).locator("textarea").fill(`${year}-01-01`);
  await form.locator(".ant-form-item", { hasText: "来源" }).locator("input").fill(`国务院办公厅 ${year}`);
}

describe("a confirmed action on a slow machine", () => {
  it("sends every confirmed submit once and shows its result, OK clicked as soon as the dialog shows", async () => {
    const page = await wb.open({ user: "adm1", org: "taiyuan-stb", role: "admin" });
    await openMenu(page, "工作日历");
    await page.getByTestId("calendar-year").waitFor();
    const puts: string[] = [];
    page.on("request", (r) => {
      if (r.method() === "PUT" && r.url().includes("/v1/calendar/years/")) puts.push(r.url());
    });
    // Where each pointer event of the OK click landed (the button, or which element instead), for a failure's message.
    await page.evaluate(() => {
      interface Target {
        closest(s: string): unknown;
        className?: unknown;
        tagName?: string;
      }
      type Listener = (e: { target: Target }) => void;
      const w = globalThis as unknown as {
        clicks: string[];
        document: { addEventListener(type: string, f: Listener, capture: boolean): void };
      };
      w.clicks = [];
      for (const type of ["pointerdown", "mousedown", "mouseup", "click"]) {
        w.document.addEventListener(
          type,
          (e) => {
            const onOk = e.target.closest?.("[data-testid=confirm-ok]")
              ? "OK"
              : `${e.target.tagName}.${String(e.target.className).slice(0, 60)}`;
            w.clicks.push(`${type}:${onOk}`);
          },
          true,
        );
      }
    });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: 8 });
    const lost: string[] = [];
    for (let i = 0; i < rounds; i++) {
      const year = 2031 + i;
      await fillYear(page, year);
      const before = puts.length;
      await page.getByTestId("calendar-year-submit").click();
      // Clicked the moment it is there: during the dialog's open animation, as a busy machine's test does.
      const ok = page.locator(".ant-modal-confirm:visible [data-testid=confirm-ok]");
      await ok.waitFor();
      await page.evaluate(() => {
        (globalThis as unknown as { clicks: string[] }).clicks = [];
      });
      // At the button's place without Playwright's wait for the dialog to stand still: a user's quick click, or a
      // loaded machine's where the dialog is still moving between Playwright's check and the click's arrival.
      await ok.click({ force: true });
      const sent = await expect
        .poll(() => puts.length, { timeout: 20_000 })
        .toBe(before + 1)
        .then(
          () => true,
          () => false,
        );
      if (!sent) {
        lost.push(
          `round ${i} (${year}): no request; dialog open: ${await page.locator(".ant-modal-confirm:visible").count()}; ` +
            `error alert: ${await page.getByTestId("action-error").count()}; events: ${await page.evaluate(() => (globalThis as unknown as { clicks: string[] }).clicks.join(" "))}`,
        );
        // Whatever is left open, closed for the next round.
        await page.keyboard.press("Escape");
        await page.locator(".ant-modal-confirm").waitFor({ state: "detached" });
        continue;
      }
      await page
        .getByTestId("calendar-years")
        .locator("tbody tr", { hasText: String(year) })
        .waitFor();
      await page.locator(".ant-modal-confirm").waitFor({ state: "detached" });
    }
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: 1 });
    expect(lost).toEqual([]);
    expect(puts).toHaveLength(rounds);
    expect(wb.errors).toEqual([]);
  }, 600_000);

  it("a submit while the action runs opens no second dialog and shows that the first still runs", async () => {
    const page = await wb.open({ user: "adm2", org: "taiyuan-stb", role: "admin" });
    await openMenu(page, "工作日历");
    const form = page.getByTestId("calendar-year");
    await form.waitFor();
    const puts: string[] = [];
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route("**/v1/calendar/years/*", async (route) => {
      if (route.request().method() !== "PUT") return route.fallback();
      puts.push(route.request().url());
      await held;
      await route.fallback();
    });
    await fillYear(page, 2070);
    await page.getByTestId("calendar-year-submit").click();
    await page.getByTestId("confirm-ok").click();
    await expect.poll(() => puts.length).toBe(1);
    // The first save still running, the form submitted again (Enter in a field, a script): refused where it shows.
    await form.evaluate((f) => (f as unknown as { requestSubmit(): void }).requestSubmit());
    const refused = page.getByTestId("action-error");
    await refused.waitFor();
    await expect(refused.textContent()).resolves.toContain("上一操作仍在进行");
    // Only the first's dialog, its OK spinning until the answer: no second one.
    expect(await page.locator(".ant-modal-confirm").count()).toBe(1);
    release();
    await page.getByTestId("calendar-years").locator("tbody tr", { hasText: "2070" }).waitFor();
    await page.getByTestId("action-done").waitFor();
    await page.locator(".ant-modal-confirm").waitFor({ state: "detached" });
    await refused.waitFor({ state: "detached" });
    expect(puts).toHaveLength(1);
    expect(wb.errors).toEqual([]);
  }, 120_000);
});
