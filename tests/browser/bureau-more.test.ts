// End-to-end: the bureau's (科技局) and admin's pages no other browser test clicks, in headless Chromium against the
// in-process runtime. Preconditions over HTTP (three submitted demands, a draft challenge); then by clicking and typing:
// a demand returned and another merged, the draft challenge edited (If-Match) with the cap above the policy's refused
// first, an expert registered by keyboard only, a calendar year saved by admin. Every form first gets input it must
// refuse — the page's own check or the server's — and the test asserts the Chinese error at its field and, through the
// API, that nothing was written. The English switch on these pages leaves no Chinese in their labels, and switches
// back. axe-core on every page; screenshots in test-artifacts/screenshots/bureau-more-*.png.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Runtime, startRuntime } from "../../local/runtime.ts";
import { projectRoot } from "../../local/runtime-paths.ts";
import { completeDemand, createProgramme, draftChallengeDecision } from "../support/api.ts";
import { projectFlow } from "../support/project-flow.ts";
import {
  actionDone,
  choose,
  launchChromium,
  openMenu,
  seriousViolations,
  signIn,
} from "../support/workbench.ts";

const screenshots = join(projectRoot, "test-artifacts", "screenshots");

let runtime: Runtime;
let dataDir: string;
let browser: Browser;
const flow = projectFlow(() => runtime);
const api = flow.api;

const returnTitle = "高强度铝合金焊接变形控制";
const mergeTitle = "铝合金焊接残余应力消除";
const targetTitle = "轻量化车体铝合金连接工艺";
const draftTitle = "氢燃料电池双极板涂层";
const ids: Record<string, string> = {};
let challengeId: string;

/** Han characters: what must be gone from labels after the switch to English. */
const han = /\p{Script=Han}/u;

beforeAll(async () => {
  mkdirSync(screenshots, { recursive: true });
  dataDir = mkdtempSync(join(tmpdir(), "jiebang-bureau-more-"));
  runtime = await startRuntime({ dataDir, clockStart: "2025-09-01T01:00:00.000Z" });
  browser = await launchChromium();
  const bureau = await flow.bureau();
  const programmeId = await createProgramme(api, bureau, {
    name: "Anshan 2025, batch 2",
    nameZh: "鞍山市2025年揭榜挂帅第二批",
    policyId: "anshan-2025",
  });
  for (const title of [returnTitle, mergeTitle, targetTitle, draftTitle]) {
    const enterprise = await flow.enterprise("ent-alu");
    const demand = await api.post<{ id: string }>(
      "/v1/demands",
      enterprise,
      completeDemand(title, programmeId),
    );
    expect(demand.status, JSON.stringify(demand.body)).toBe(201);
    ids[title] = demand.body.id;
    expect((await api.post(`/v1/demands/${demand.body.id}/submit`, enterprise)).status).toBe(202);
  }
  await flow.settle();
  // The fourth demand becomes a draft challenge (cap 800,000 yuan, under the preset's).
  const decided = await api.post(
    `/v1/demands/${ids[draftTitle]}/decision`,
    bureau,
    draftChallengeDecision(runtime.clock.now(), { challenge: { fundingCapFen: 80_000_000 } }),
  );
  expect(decided.status, JSON.stringify(decided.body)).toBe(202);
  await flow.settle();
  const demand = await api.get<{ challengeId: string }>(`/v1/demands/${ids[draftTitle]}`, bureau);
  challengeId = demand.body.challengeId;
  expect(challengeId).toBeTruthy();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe("the bureau's and admin's other pages", () => {
  /** Errors of the page; the requests refused on purpose (4xx) are counted apart by each step. */
  const errors: string[] = [];
  let page: Page;

  async function check(name: string): Promise<void> {
    await page.mouse.move(700, 5);
    expect(await seriousViolations(page), name).toEqual([]);
    await page.screenshot({ path: join(screenshots, `bureau-more-${name}.png`), fullPage: true });
  }

  /** The error shown under the form item labelled `label` (the whole label), in Chinese. */
  async function fieldError(form: Locator, label: string): Promise<string> {
    const item = form
      .locator(".ant-form-item")
      .filter({ has: page.locator(".ant-form-item-label label").getByText(label, { exact: true }) });
    const error = item.locator(".ant-form-item-explain-error").first();
    try {
      await error.waitFor();
    } catch (e) {
      await page.screenshot({ path: join(screenshots, "bureau-more-failed.png"), fullPage: true });
      throw e;
    }
    return (await error.textContent()) ?? "";
  }

  /** The refused requests of a step: the expected status only; nothing else went wrong. */
  function onlyRefusals(status: number): void {
    const others = errors.splice(0).filter((e) => !new RegExp(`status of ${status}`).test(e));
    expect(others).toEqual([]);
  }

  /** Switches to English, asserts no Chinese is left in `scope`'s labels, headings and buttons, and switches back. */
  async function englishAndBack(scope: Locator, name: string): Promise<void> {
    await page.getByTestId("lang-switch").click();
    await page
      .getByTestId("nav")
      .getByRole("link", { name: /^My tasks/ })
      .waitFor();
    const labels = await scope
      .locator(".ant-form-item-label, h1, h2, .ant-card-head-title, button, .ant-radio-wrapper, th")
      .allTextContents();
    expect(labels.length).toBeGreaterThan(3);
    expect(labels.filter((l) => han.test(l))).toEqual([]);
    await check(`${name}-en`);
    await page.getByTestId("lang-switch").click();
    await page.getByTestId("nav").getByRole("link", { name: /^待办/ }).waitFor();
    const back = await scope.locator(".ant-form-item-label").allTextContents();
    expect(back.some((l) => han.test(l))).toBe(true);
  }

  async function demandStatus(title: string): Promise<string> {
    const demand = await api.get<{ status: string }>(`/v1/demands/${ids[title]}`, await flow.bureau());
    return demand.body.status;
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

  /** Opens 待办 and follows the to-do of the record titled `title`. */
  async function fromTasks(title: string): Promise<void> {
    await page.getByTestId("nav").getByRole("link", { name: /^待办/ }).click();
    const row = page.getByTestId("tasks-table").locator("tbody tr", { hasText: title });
    await row.getByRole("link", { name: title }).click();
  }

  it("returns a demand: without reasons the page refuses at the reasons' field (nothing sent), then returned", async () => {
    await fromTasks(returnTitle);
    await page.waitForURL(`**/demands/${ids[returnTitle]}/decision`);
    const form = page.getByTestId("decision-form");
    await form.waitFor();
    await form.getByTestId("decision-kind").getByText("退回修改").click();
    await form.getByTestId("decision-form-submit").click();
    await expect(fieldError(form, "退回理由")).resolves.toContain("必填");
    await check("return-refused");
    expect(await demandStatus(returnTitle)).toBe("submitted");

    await englishAndBack(form, "return");

    await form.getByTestId("decision-comment").fill("关键技术指标缺少测试方法，请补充");
    await form.getByTestId("decision-form-submit").click();
    await actionDone(page);
    await runtime.stepFunctions.whenIdle();
    await expect.poll(() => demandStatus(returnTitle), { timeout: 20_000 }).toBe("returned");
    await check("return-done");
    expect(errors).toEqual([]);
  });

  it("merges a demand into another: without the target the page refuses at its field, then merged", async () => {
    await fromTasks(mergeTitle);
    await page.waitForURL(`**/demands/${ids[mergeTitle]}/decision`);
    const form = page.getByTestId("decision-form");
    await form.waitFor();
    await form.getByTestId("decision-kind").getByText("合并到其他需求").click();
    await form.getByTestId("decision-form-submit").click();
    await expect(fieldError(form, "合并到")).resolves.toContain("必填");
    expect(await demandStatus(mergeTitle)).toBe("submitted");
    await choose(page, "merge-into", targetTitle);
    await form.getByTestId("decision-comment").fill("与同类需求合并凝练");
    await check("merge");
    await form.getByTestId("decision-form-submit").click();
    await actionDone(page);
    await runtime.stepFunctions.whenIdle();
    await expect.poll(() => demandStatus(mergeTitle), { timeout: 20_000 }).toBe("merged");
    expect(await demandStatus(targetTitle)).toBe("submitted");
    expect(errors).toEqual([]);
  });

  it("edits the draft challenge (If-Match): a cap above the policy's refused at the cap's field, then saved", async () => {
    const read = async () =>
      (
        await api.get<{ title: string; fundingCapFen: number; version: number }>(
          `/v1/challenges/${challengeId}`,
          await flow.bureau(),
        )
      ).body;
    const before = await read();
    await page.goto(`${runtime.info.apiUrl}/console/challenges/${challengeId}`);
    const form = page.getByTestId("edit-challenge");
    await form.waitFor();
    const cap = form.locator(".ant-form-item", { hasText: "支持资金上限" }).locator("input");
    await cap.fill("900,000,000");
    await form.getByTestId("edit-challenge-submit").click();
    // In yuan, as typed — not in fen.
    await expect(fieldError(form, "支持资金上限合计")).resolves.toContain(
      "超过本批次总预算 100,000,000.00 元",
    );
    await check("challenge-edit-refused");
    onlyRefusals(422);
    expect(await read()).toEqual(before);

    await englishAndBack(form, "challenge-edit");

    await cap.fill("750,000.50");
    await form
      .locator(".ant-form-item", { hasText: "榜单名称" })
      .locator("input")
      .fill(`${draftTitle}（修订）`);
    await form.getByTestId("edit-challenge-submit").click();
    // Saved: the page loads the challenge again (its heading the new title); the API has the new version.
    await page.getByTestId("challenge-title").filter({ hasText: "（修订）" }).waitFor();
    await expect.poll(read, { timeout: 20_000 }).toMatchObject({
      title: `${draftTitle}（修订）`,
      fundingCapFen: 75_000_050,
      version: before.version + 1,
    });
    await check("challenge-edit-saved");
    expect(errors).toEqual([]);
  }, 120_000);

  it("registers an expert by keyboard only; an id with spaces is refused at its field first (nothing written)", async () => {
    await openMenu(page, "专家库");
    const form = page.getByTestId("register-expert");
    await form.waitFor();
    const experts = async () =>
      (await api.get<{ items: { id: string; name: string }[] }>("/v1/experts", await flow.bureau())).body
        .items;
    const count = (await experts()).length;
    await form.getByLabel("名称", { exact: true }).focus();
    await page.keyboard.type("王建国");
    await page.keyboard.press("Tab");
    await page.keyboard.type("wang jianguo");
    await page.keyboard.press("Tab");
    await page.keyboard.type("univ-tyut");
    await page.keyboard.press("Enter");
    await expect(fieldError(form, "专家用户标识")).resolves.toMatch(/[\u4e00-\u9fff]/u);
    await check("expert-refused");
    expect((await experts()).length).toBe(count);

    await englishAndBack(form, "experts");

    // Back to the id by keyboard: Shift+Tab from the organisation field, the id replaced, Enter.
    await form.getByLabel("单位", { exact: true }).focus();
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("ControlOrMeta+a");
    await page.keyboard.type("wang-jianguo");
    await page.keyboard.press("Enter");
    await actionDone(page);
    await expect
      .poll(async () => (await experts()).find((e) => e.id === "wang-jianguo")?.name)
      .toBe("王建国");
    await check("expert-registered");
    expect(errors).toEqual([]);
  });

  it("as admin: saves a calendar year after its confirmation; a date outside the year is refused at its field first", async () => {
    await page.getByTestId("sign-out").click();
    await signIn(page, runtime.info.apiUrl, "adm1", "taiyuan-stb", "admin");
    await openMenu(page, "工作日历");
    const form = page.getByTestId("calendar-year");
    await form.waitFor();
    const years = async () =>
      (
        await api.get<{ items: { year: number }[] }>(
          "/v1/calendar/years",
          await flow.as("adm1", "taiyuan-stb", "admin"),
        )
      ).body.items;
    const holidays = form.locator(".ant-form-item", { hasText: "放假日期" }).locator("textarea");
    await form.locator(".ant-input-number input").fill("2031");
    await holidays.fill("2031-01-01\n2030-10-01");
    await form
      .locator(".ant-form-item", { hasText: "来源" })
      .locator("input")
      .fill("国务院办公厅关于2031年部分节假日安排的通知");
    await form.getByTestId("calendar-year-submit").click();
    await expect(fieldError(form, "放假日期")).resolves.toContain("2030-10-01 不在 2031 年");
    await check("calendar-refused");
    expect((await years()).map((y) => y.year)).not.toContain(2031);

    await englishAndBack(form, "calendar");

    await holidays.fill("2031-01-01\n2031-10-01\n2031-10-02");
    await form.getByTestId("calendar-year-submit").click();
    await expect(page.locator(".ant-modal-confirm").textContent()).resolves.toContain("2031");
    await page.getByTestId("confirm-ok").click();
    await expect.poll(async () => (await years()).map((y) => y.year)).toContain(2031);
    await page.getByTestId("calendar-years").locator("tbody tr", { hasText: "2031" }).waitFor();
    await check("calendar-saved");
    expect(errors).toEqual([]);
  });
});
