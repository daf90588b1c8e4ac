// Browser test of the workbench's date field (web/src/components/DateField.tsx, issue 16: dates read as Chinese dates,
// not the browser's mm/dd/yyyy), on the public portal's deadline filter (截止日期不晚于): the input shows and keeps
// YYYY-MM-DD, a typed complete day is the value at once (Playwright's fill, typing key by key) and closes the calendar,
// Enter then does not open it again, an impossible day is not taken, the calendar speaks Chinese (年/月, 一 二 三…) and
// English after the language switch, a day picked on it is the value, and clearing empties the filter. Axe and
// screenshots (date-field-*.png) with the calendar open in each language. A day typed at once after clearing is kept
// on a slow machine (the CPU slowed in Chromium).
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { withWorkbench } from "../support/workbench.ts";

const wb = withWorkbench({ prefix: "date-field", clockStart: "2026-03-02T01:00:00.000Z" });

const closesBy = (page: Page) => new URL(page.url()).searchParams.get("closesBy");
const calendar = (page: Page) => page.locator(".ant-picker-dropdown:not(.ant-picker-dropdown-hidden)");

describe("the date field (DateField)", () => {
  it("takes a typed day as YYYY-MM-DD at once, with a Chinese calendar, then an English one", async () => {
    const page = await wb.open();
    await page.goto(`${wb.base}/console/public/challenges`);
    const field = page.getByTestId("closes-by");
    await field.waitFor();
    await expect(field.evaluate((e) => e.tagName)).resolves.toBe("INPUT");
    await expect(field.getAttribute("type")).resolves.not.toBe("date");

    // Filled: the value (here the address's ?closesBy=) is the day, without Enter or leaving the field.
    await field.fill("2027-01-05");
    await expect.poll(() => closesBy(page)).toBe("2027-01-05");
    await expect(field.inputValue()).resolves.toBe("2027-01-05");
    await expect.poll(() => calendar(page).count()).toBe(0);
    // Enter confirms it: the calendar stays closed and the day stays.
    await field.press("Enter");
    await expect(calendar(page).count()).resolves.toBe(0);
    await expect(field.inputValue()).resolves.toBe("2027-01-05");
    // The same day filled again (focus opens the calendar, no change follows): the calendar closes all the same.
    await page.getByRole("heading", { level: 1 }).click();
    await field.fill("2027-01-05");
    await expect.poll(() => calendar(page).count()).toBe(0);
    expect(closesBy(page)).toBe("2027-01-05");

    // Typed key by key as a person does: nothing is taken until the day is complete, then it is.
    await field.fill("");
    await expect.poll(() => closesBy(page)).toBeNull();
    await field.pressSequentially("2027-02-0");
    await expect(closesBy(page)).toBeNull();
    await field.pressSequentially("3");
    await expect.poll(() => closesBy(page)).toBe("2027-02-03");

    // An impossible day is not taken; leaving the field shows the day that holds.
    await field.fill("2027-02-30");
    await page.getByRole("heading", { level: 1 }).click();
    await expect.poll(() => field.inputValue()).toBe("2027-02-03");
    expect(closesBy(page)).toBe("2027-02-03");

    // The calendar in Chinese: year and month as 2027年 2月, the week from Monday (一 二 三 四 五 六 日).
    await field.click();
    await calendar(page).waitFor();
    await expect(calendar(page).locator(".ant-picker-header-view").textContent()).resolves.toBe("2027年2月");
    await expect(calendar(page).locator("thead th").allTextContents()).resolves.toEqual([
      "一",
      "二",
      "三",
      "四",
      "五",
      "六",
      "日",
    ]);
    await expect(field.getAttribute("placeholder")).resolves.toBe("请选择日期");
    await wb.checked("zh-calendar");
    // A day picked on the calendar is the value.
    await calendar(page).locator('td[title="2027-02-17"]').click();
    await expect.poll(() => closesBy(page)).toBe("2027-02-17");
    await expect(field.inputValue()).resolves.toBe("2027-02-17");
    await expect.poll(() => calendar(page).count()).toBe(0);

    // In English the calendar is English; the field still reads YYYY-MM-DD.
    await page.getByTestId("lang-switch").click();
    await expect.poll(() => page.locator("html").getAttribute("lang")).toBe("en");
    await expect(field.inputValue()).resolves.toBe("2027-02-17");
    await field.click();
    await calendar(page).waitFor();
    await expect(calendar(page).locator(".ant-picker-header-view").textContent()).resolves.toBe("Feb2027");
    await expect(calendar(page).locator("thead th").first().textContent()).resolves.toBe("Su");
    await expect(field.getAttribute("placeholder")).resolves.toBe("Select date");
    await wb.checked("en-calendar");
    await page.keyboard.press("Escape");

    // Cleared: no deadline in the filter.
    await field.hover();
    await page.locator(".ant-picker-clear").click();
    await expect.poll(() => closesBy(page)).toBeNull();
    await expect(field.inputValue()).resolves.toBe("");
    expect(wb.errors).toEqual([]);
    await page.close();
  });

  it("keeps a day typed at once after clearing, on a machine slow enough that the address renders after the keys", async () => {
    // The page keeps the day in its address, rendered by React Router in a transition; on a slow machine that render
    // came after the next keys and the picker reset the text typed meanwhile to the cleared day (seen under CI load:
    // "2027-02-0" typed, then "3", nothing taken). Chromium's CPU slowed 40× makes the order sure.
    const page = await wb.open();
    await page.goto(`${wb.base}/console/public/challenges`);
    const field = page.getByTestId("closes-by");
    await field.waitFor();
    await field.fill("2027-01-05");
    await expect.poll(() => closesBy(page)).toBe("2027-01-05");
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: 40 });
    try {
      for (const day of ["2027-02-03", "2027-03-04", "2027-04-05", "2027-05-06"]) {
        await field.fill("");
        await expect.poll(() => closesBy(page), { timeout: 15_000 }).toBeNull();
        await field.pressSequentially(day);
        await expect.poll(() => closesBy(page), { timeout: 15_000 }).toBe(day);
        await expect.poll(() => field.inputValue(), { timeout: 15_000 }).toBe(day);
      }
    } finally {
      await cdp.send("Emulation.setCPUThrottlingRate", { rate: 1 });
    }
    expect(wb.errors).toEqual([]);
    await page.close();
  }, 240_000);
});
