// End-to-end: the bureau's project-page forms no other browser test clicks — the extension decision (延期) and the
// finding of fraud (弄虚作假) — in headless Chromium against the in-process runtime. Preconditions over HTTP (two signed
// projects, their first tranche paid, the enterprise asking for an extension on one); then by clicking and typing: the
// fraud form refused without its reason (nothing written, checked through the API), its labels in English and back,
// then the finding after a confirmation that states the money paid and to be recovered; the extension approved, the
// project extended. axe-core on every page; screenshots in test-artifacts/screenshots/project-more-*.png.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shanghaiDate } from "../../functions/kernel/dates.ts";
import { type Runtime, startRuntime } from "../../local/runtime.ts";
import { projectRoot } from "../../local/runtime-paths.ts";
import { projectFlow } from "../support/project-flow.ts";
import { launchChromium, seriousViolations, signIn } from "../support/workbench.ts";

const screenshots = join(projectRoot, "test-artifacts", "screenshots");

let runtime: Runtime;
let dataDir: string;
let browser: Browser;
const flow = projectFlow(() => runtime);
const api = flow.api;
let fraudProjectId: string;
let extensionProjectId: string;
let paidFen: number;

/** Han characters: what must be gone from labels after the switch to English. */
const han = /\p{Script=Han}/u;
/** Yuan as the workbench shows it: ¥ and thousands separators, to the fen. */
const yuanText = (fen: number) =>
  `¥${(fen / 100).toLocaleString("en", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

beforeAll(async () => {
  mkdirSync(screenshots, { recursive: true });
  dataDir = mkdtempSync(join(tmpdir(), "jiebang-project-more-"));
  runtime = await startRuntime({ dataDir, clockStart: "2025-09-01T01:00:00.000Z" });
  browser = await launchChromium();
  const today = shanghaiDate(runtime.clock.now());
  fraudProjectId = (await flow.signedProject({ solverOrg: "uni-fake", startDate: today })).projectId;
  await flow.markPaid(fraudProjectId, [1]);
  paidFen = (await flow.read(fraudProjectId)).tranches.find((t) => t.index === 1)!.amountFen;
  extensionProjectId = (await flow.signedProject({ solverOrg: "uni-flood", startDate: today })).projectId;
  const asked = await api.post(`/v1/projects/${extensionProjectId}/extension`, await flow.enterprise(), {
    months: 6,
    reason: "洪灾导致中试线停产三个月",
  });
  expect(asked.status, JSON.stringify(asked.body)).toBe(201);
  await flow.settle();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe("the bureau's project forms", () => {
  const errors: string[] = [];
  let page: Page;

  async function check(name: string): Promise<void> {
    await page.mouse.move(700, 5);
    expect(await seriousViolations(page), name).toEqual([]);
    await page.screenshot({ path: join(screenshots, `project-more-${name}.png`), fullPage: true });
  }

  beforeAll(async () => {
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, locale: "zh-CN" });
    page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(`console: ${m.text()} ${m.location().url}`);
    });
    await signIn(page, runtime.info.apiUrl, "b1", "taiyuan-stb", "bureau");
  });

  afterAll(async () => {
    await page?.close();
  });

  it("finds fraud: refused without a reason (nothing written), in English and back, then after a confirmation stating the money", async () => {
    await page.goto(`${runtime.info.apiUrl}/console/projects/${fraudProjectId}`);
    // The ways of ending a project are tabs of one card: the fraud form is behind its tab.
    const endings = page.getByTestId("project-endings");
    await endings.waitFor();
    await expect(page.getByTestId("fraud").count()).resolves.toBe(0);
    await endings.getByRole("tab", { name: "认定弄虚作假" }).click();
    const card = page.getByTestId("fraud");
    await card.waitFor();
    const reason = card.locator(".ant-form-item", { hasText: "原因" }).locator("textarea");
    await card.getByTestId("fraud-form-submit").click();
    const error = card
      .locator(".ant-form-item")
      .filter({ has: page.locator(".ant-form-item-label label").getByText("原因", { exact: true }) })
      .locator(".ant-form-item-explain-error");
    await error.waitFor();
    await expect(error.textContent()).resolves.toContain("必填");
    expect(await page.locator(".ant-modal-confirm").count()).toBe(0);
    expect((await flow.read(fraudProjectId)).project.status).toBe("in-progress");
    await check("fraud-refused");

    await page.getByTestId("lang-switch").click();
    await page
      .getByTestId("nav")
      .getByRole("link", { name: /^My tasks/ })
      .waitFor();
    const labels = await card.locator(".ant-form-item-label, .ant-card-head-title, button").allTextContents();
    expect(labels.length).toBeGreaterThan(2);
    expect(labels.filter((l) => han.test(l))).toEqual([]);
    await expect(card.getByTestId("fraud-consequence").textContent()).resolves.toContain(yuanText(paidFen));
    await check("fraud-en");
    await page.getByTestId("lang-switch").click();
    await page.getByTestId("nav").getByRole("link", { name: /^待办/ }).waitFor();

    await reason.fill("揭榜方伪造中期检测报告");
    await card.getByTestId("fraud-form-submit").click();
    const modal = page.locator(".ant-modal-confirm");
    await modal.waitFor();
    // The confirmation states the money: everything paid (the first tranche) is recovered, the later ones cancelled.
    await expect(modal.textContent()).resolves.toContain(`已拨付的全部资金 ${yuanText(paidFen)} 追回`);
    await expect(modal.textContent()).resolves.toContain("uni-fake");
    await check("fraud-confirm");
    await page.getByTestId("confirm-ok").click();
    await card.waitFor({ state: "detached" });
    await flow.settle();
    const view = await flow.read(fraudProjectId);
    expect(view.project.status).toBe("terminated");
    expect(view.track.termination).toMatchObject({ kind: "fraud", fault: true });
    const recoveryId = (view.track as unknown as { termination: { recoveryId: string } }).termination
      .recoveryId;
    const recovery = await api.get<{ amountFen: number }>(
      `/v1/recoveries/${recoveryId}`,
      await flow.as("f1", "taiyuan-finance", "finance"),
    );
    expect(recovery.body.amountFen).toBe(paidFen);
    await check("fraud-done");
    expect(errors).toEqual([]);
  });

  it("approves the enterprise's extension: the project is extended by the months asked", async () => {
    await page.goto(`${runtime.info.apiUrl}/console/projects/${extensionProjectId}`);
    const card = page.getByTestId("extension-decision");
    await card.waitFor();
    await expect(card.textContent()).resolves.toContain("洪灾导致中试线停产三个月");
    await check("extension");
    await card
      .locator(".ant-form-item", { hasText: "意见" })
      .locator("textarea")
      .fill("不可抗力属实，同意延期");
    await card.getByTestId("extension-form-submit").click();
    await card.waitFor({ state: "detached" });
    await flow.settle();
    const view = await flow.read(extensionProjectId);
    expect(view.project.status).toBe("extended");
    expect(view.track.extensions).toEqual([expect.objectContaining({ status: "approved", months: 6 })]);
    await check("extension-done");
    expect(errors).toEqual([]);
  });
});
