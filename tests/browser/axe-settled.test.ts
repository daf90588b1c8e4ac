// Browser tier, the accessibility check itself: seriousViolations checks a page once its colour transitions have
// finished — a state change just shown (Ant Design's Steps move on, a status tag changes) fades over 0.3 s, and a
// colour read mid-fade is a contrast failure the page does not have at rest (the full-programme test's flake).
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, seriousViolations } from "../support/workbench.ts";

let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchChromium();
  page = await browser.newPage();
});

afterAll(async () => {
  await browser?.close();
});

/** A step marker whose colours move from pale to dark (white text) over `ms` when it becomes current. */
const stepPage = (ms: number) => `<!doctype html><html lang="zh-CN"><head><title>步骤</title><style>
  .step { display: inline-block; padding: 4px 8px; color: #fff; background: #f5f5f5;
          transition: background-color ${ms}ms linear, color ${ms}ms linear; }
  .step.current { background: #0b3d91; }
  </style></head><body><main><h1>揭榜申请</h1><span class="step" id="s">待评审</span></main></body></html>`;

describe("seriousViolations", () => {
  it("reads the page's colours after a transition just started has finished, not mid-fade", async () => {
    await page.setContent(stepPage(10_000));
    await page.evaluate(() => {
      const doc = (
        globalThis as unknown as { document: { getElementById(id: string): { className: string } } }
      ).document;
      const step = doc.getElementById("s");
      step.className = "step current";
    });
    // At rest, white on dark blue is well above 4.5:1; read while fading from the pale grey it is not.
    expect(await seriousViolations(page)).toEqual([]);
    const background = await page.locator("#s").evaluate((e) => {
      const view = (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } })
        .getComputedStyle;
      return view(e).backgroundColor;
    });
    expect(background).toBe("rgb(11, 61, 145)");
  });

  it("does not wait for a spinner that turns forever", async () => {
    await page.setContent(`<!doctype html><html lang="zh-CN"><head><title>加载</title><style>
      @keyframes spin { to { transform: rotate(360deg); } }
      .spin { display: inline-block; animation: spin 1s linear infinite; }
      </style></head><body><main><h1>加载中</h1><span class="spin">◌</span></main></body></html>`);
    const started = performance.now();
    expect(await seriousViolations(page)).toEqual([]);
    expect(performance.now() - started).toBeLessThan(15_000);
  });
});
