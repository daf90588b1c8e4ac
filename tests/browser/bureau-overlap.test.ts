// End-to-end (browser): the bureau's 就高不重复 page in the workbench, headless Chromium against the in-process runtime —
// two projects of one organisation (by its credit code) on the same content; the bureau opens 就高不重复 from the menu,
// runs the check of the later application, sees the earlier project with its similarity, and decides to fund the
// higher: the later one's grant reduced, the decision shown and read back over the API; a grant of another policy is
// declared on the same page. axe-core on the page; screenshots in test-artifacts/screenshots/bureau-overlap-*.png.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordStore } from "../../functions/platform/deps.ts";
import { projectKind } from "../../functions/projects/model.ts";
import { type Runtime, startRuntime } from "../../local/runtime.ts";
import { projectRoot } from "../../local/runtime-paths.ts";
import { apiClient, tokenIssuer } from "../support/api.ts";
import { projectWithContent, registerOrganisation, validCode } from "../support/overlap.ts";
import type { SeededProject } from "../support/projects.ts";
import { launchChromium, openMenu, seriousViolations, signIn } from "../support/workbench.ts";

const screenshots = join(projectRoot, "test-artifacts", "screenshots");
let runtime: Runtime;
let dataDir: string;
let browser: Browser;
let page: Page;
const api = apiClient(() => runtime.info.apiUrl);
const as = tokenIssuer(() => runtime);
let earlier: SeededProject;
let later: SeededProject;
const uscc = validCode("12140000MB0K00045");

beforeAll(async () => {
  mkdirSync(screenshots, { recursive: true });
  dataDir = mkdtempSync(join(tmpdir(), "jiebang-overlap-web-"));
  runtime = await startRuntime({ dataDir });
  browser = await launchChromium();
  await registerOrganisation(
    api,
    await as("b1", "taiyuan-stb", "bureau"),
    "tyut-web",
    uscc,
    "太原示例理工大学",
  );
  earlier = await projectWithContent(runtime, "tyut-web", "氢燃料电池电堆关键材料", ["质子交换膜"]);
  later = await projectWithContent(runtime, "tyut-web", "氢燃料电池电堆关键材料国产化", ["质子交换膜制备"]);
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, locale: "zh-CN" });
  await signIn(page, runtime.info.apiUrl, "b1", "taiyuan-stb", "bureau");
}, 240_000);

afterAll(async () => {
  await page?.close();
  await browser?.close();
  await runtime?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe("the bureau's 就高不重复 page", () => {
  it("runs a check, shows the same content of the same organisation, and reduces the lower grant on decision", async () => {
    await openMenu(page, "就高不重复");
    await page.getByTestId("overlap-checks").waitFor();
    // The application is picked by name — 批次 → 榜单 → 揭榜申请 (its lead organisation) — not typed as an id.
    await page.getByTestId("overlap-application").click();
    const menus = page.locator(".ant-cascader-dropdown:not(.ant-select-dropdown-hidden) .ant-cascader-menu");
    const programmes = menus.nth(0).locator(".ant-cascader-menu-item");
    await programmes.first().waitFor();
    const title = "氢燃料电池电堆关键材料国产化";
    // Both seeded projects sit in programmes of one name: the one holding the challenge is found by opening each.
    for (let i = 0; i < (await programmes.count()); i++) {
      await programmes.nth(i).click();
      await menus.nth(1).locator(".ant-cascader-menu-item").first().waitFor();
      if ((await menus.nth(1).getByText(title, { exact: true }).count()) > 0) break;
    }
    await menus.nth(1).getByText(title, { exact: true }).click();
    await menus.nth(2).getByText("tyut-web · 已立项").click();
    await page.getByTestId("overlap-run").click();
    const finding = page.getByTestId("overlap-finding");
    await finding.waitFor();
    // The check's row names the applicant by its registered name (the application, filed before, named it by its id).
    await expect(page.getByTestId("overlap-checks").textContent()).resolves.toContain("太原示例理工大学");
    await expect(finding.textContent()).resolves.toContain("氢燃料电池电堆关键材料");
    await expect(finding.textContent()).resolves.toContain(uscc);
    await page.mouse.move(700, 5);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(screenshots, "bureau-overlap-finding.png"), fullPage: true });

    const form = page.getByTestId(`overlap-decide-application:${earlier.applicationId}`);
    await form.getByLabel("核减后金额（元）").fill("1,200,000");
    await form.getByLabel("理由").fill("同一内容已获支持，按就高原则核减");
    await form.getByTestId(`overlap-decide-application:${earlier.applicationId}-submit`).click();
    await page.getByTestId("confirm-ok").click();
    await page.getByTestId("overlap-decision").waitFor();
    await expect(page.getByTestId("overlap-decision").textContent()).resolves.toContain(
      "核减为 1,200,000.00 元",
    );

    const check = await api.get<{ status: string; grantCapFen?: number }>(
      `/v1/applications/${later.applicationId}/overlap-check`,
      await as("b1", "taiyuan-stb", "bureau"),
    );
    expect(check.body).toMatchObject({ status: "settled", grantCapFen: 1_200_000_00 });
    expect((await recordStore().get(projectKind, later.projectId))?.grantFen).toBe(1_200_000_00);
  });

  it("declares a grant of another policy, listed at once", async () => {
    const form = page.getByTestId("external-grant-form");
    await form.getByLabel("统一社会信用代码").fill(uscc);
    await form.getByLabel("单位名称").fill("太原示例理工大学");
    await form.getByLabel("政策或计划").fill("山西省重点研发计划");
    await form.getByLabel("项目名称").fill("燃料电池双极板涂层");
    await form.getByLabel("支持金额").fill("2,000,000");
    await form.getByLabel("开始日期").fill("2026-01-01");
    await form.getByLabel("结束日期").fill("2027-12-31");
    await form.getByTestId("external-grant-form-submit").click();
    await page.getByTestId("external-grants").getByText("燃料电池双极板涂层").waitFor();
    await page.mouse.move(700, 5);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(screenshots, "bureau-overlap-external.png"), fullPage: true });
  });
});
