// End-to-end in Chromium: the public portal (公开信息, no sign-in) and the solver's steps (揭榜) in the workbench —
// preconditions over HTTP (a challenge refined from a demand, signed off by bureau and approver and opened by the
// workflow clock; an award round seeded and run to its public notice), then by clicking and typing: the portal reached
// from the sign-in page, a challenge searched and opened, a notice read and an objection filed (the bureau then lists
// it); as a solver the challenge found, the application form filled (a consortium member, two team members, two budget
// items, two milestones), the server's young-researcher refusal shown next to the team, the draft saved, the agreement
// signed, the application submitted and listed; a second solver's application withdrawn after the confirmation. Last, the
// 2027 arrangement loaded extends the notice (counted provisionally into 2027): the bureau follows its to-do (待办) to
// the challenge, reads the flag (公示期已顺延) and confirms it re-announced the corrected end; the to-do is gone.
// axe-core on every page; screenshots to test-artifacts/screenshots/solver-portal-*.png.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { type Runtime, startRuntime } from "../../local/runtime.ts";
import { projectRoot } from "../../local/runtime-paths.ts";
import { applicationBody, completeDemand, createProgramme, draftChallengeDecision } from "../support/api.ts";
import { awardDriver } from "../support/award.ts";
import {
  actionDone,
  choose,
  installedChromium,
  launchChromium,
  openMenu,
  seriousViolations,
  signIn,
} from "../support/workbench.ts";

const screenshots = join(projectRoot, "test-artifacts", "screenshots");
/**
 * 09:00 on Monday 28 December 2026 in Shanghai: the State Council's 2027 arrangement is not out, so a notice running
 * into 2027 is counted provisionally (and says so).
 */
const clockStart = "2026-12-28T01:00:00.000Z";

let runtime: Runtime;
let dataDir: string;
let browser: Browser;
const driver = awardDriver(() => runtime);
const { api, token } = driver;
const bureau = () => token("b1", "taiyuan-stb", ["bureau"]);
const approver = () => token("a1", "taiyuan-gov", ["approver"]);
const enterprise = () => token("e1", "ent-casting", ["enterprise"]);
const secondSolver = () => token("s2", "uni-second", ["solver"]);

const challengeTitle = "单晶叶片精密铸造缺陷控制";
const noticeTitle = "氢燃料电池金属双极板";
let challengeId: string;
let noticeId: string;

beforeAll(async () => {
  installedChromium();
  mkdirSync(screenshots, { recursive: true });
  dataDir = mkdtempSync(join(tmpdir(), "jiebang-solver-portal-"));
  runtime = await startRuntime({ dataDir, clockStart });
  browser = await launchChromium();

  // A notice (公示): an award round seeded closed with two applicants, scored, shortlisted and confirmed.
  await driver.registerPool();
  const { challenge: awarded, applications } = await driver.seed({
    enterpriseOrg: "ent-hydrogen",
    applicants: [{ lead: "uni-h1" }, { lead: "uni-h2" }],
    title: noticeTitle,
  });
  await driver.startAward(awarded.id);
  const best = applications[0]!.id;
  await driver.scoreAll(awarded.id, (id) => (id === best ? 90 : 70));
  const notice = await driver.confirmShortlist(awarded.id, "ent-hydrogen", { race: false, winners: 1 });
  noticeId = notice.id;
  expect(notice.acceptingObjections).toBe(true);

  // A published challenge: a demand refined into a challenge (cap 3,000,000 yuan, 24 months), signed off by the
  // bureau and the approver, opened when its window starts a day later.
  const programmeId = await createProgramme(api, await bureau());
  const demand = await api.post<{ id: string }>(
    "/v1/demands",
    await enterprise(),
    completeDemand(challengeTitle, programmeId),
  );
  expect(demand.status).toBe(201);
  expect((await api.post(`/v1/demands/${demand.body.id}/submit`, await enterprise())).status).toBe(202);
  await driver.settle();
  const decision = draftChallengeDecision(runtime.clock.now(), { opensInDays: 1, openDays: 30 });
  expect((await api.post(`/v1/demands/${demand.body.id}/decision`, await bureau(), decision)).status).toBe(
    202,
  );
  await driver.settle();
  challengeId = (await api.get<{ challengeId: string }>(`/v1/demands/${demand.body.id}`, await bureau())).body
    .challengeId;
  expect((await api.post(`/v1/challenges/${challengeId}/submit`, await bureau())).status).toBe(202);
  await driver.settle();
  const signOff = { decision: "approve", comment: "同意" };
  expect((await api.post(`/v1/challenges/${challengeId}/sign-off`, await bureau(), signOff)).status).toBe(
    202,
  );
  await driver.settle();
  expect((await api.post(`/v1/challenges/${challengeId}/approval`, await approver(), signOff)).status).toBe(
    202,
  );
  await driver.settle();
  await driver.advancePast(decision.challenge.window.opensAt);
  const open = await api.get<{ status: string }>(`/v1/public/challenges/${challengeId}`);
  expect(open.body.status).toBe("open");

  // A second solver's draft, to be withdrawn in the browser.
  const second = await api.post(`/v1/challenges/${challengeId}/applications`, await secondSolver(), {
    ...applicationBody("uni-second"),
    requestedFen: 2_000_000_00,
  });
  expect(second.status, JSON.stringify(second.body)).toBe(201);
}, 240_000);

afterAll(async () => {
  driver.close();
  await browser?.close();
  await runtime?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** A page on the server's clock (ages, dates), collecting the page's errors. */
async function newPage(): Promise<{ page: Page; errors: string[] }> {
  const errors: string[] = [];
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, locale: "zh-CN" });
  await page.clock.setFixedTime(new Date(runtime.clock.now()));
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  onTestFailed(async () => {
    await page
      .screenshot({ path: join(screenshots, "solver-portal-failed.png"), fullPage: true })
      .catch(() => undefined);
    console.error(`failed at ${page.url()}\n${errors.join("\n")}`);
  });
  page.on("console", (m) => {
    // The refusals this test provokes are logged by the browser as failed requests; anything else is an error.
    if (m.type() === "error" && !/status of 4\d\d/.test(m.text())) errors.push(`console: ${m.text()}`);
  });
  return { page, errors };
}

async function checked(page: Page, name: string): Promise<void> {
  expect(await page.getByTestId("page-error").count()).toBe(0);
  const violations = await seriousViolations(page);
  expect(violations, violations.join("\n")).toEqual([]);
  await page.screenshot({ path: join(screenshots, `solver-portal-${name}.png`), fullPage: true });
}

describe("the public portal, no sign-in", () => {
  it("searches challenges, opens one, reads a notice and files an objection the bureau then sees", async () => {
    const { page, errors } = await newPage();
    await page.goto(`${runtime.info.apiUrl}/console/signin`);
    await page.getByTestId("to-portal").click();
    await page.getByTestId("public-programme").first().waitFor();
    expect(await page.getByTestId("public-programme").count()).toBe(2);
    await expect(page.locator("main").textContent()).resolves.toContain("太原市2025年第一批揭榜挂帅项目");
    // The public frame: no signed-in menu, no sign-out.
    expect(await page.getByTestId("nav").count()).toBe(0);
    expect(await page.getByTestId("sign-out").count()).toBe(0);
    await checked(page, "programmes");

    // A programme's challenges: asked of the API by programme (?programmeId=), the other programme's not listed.
    await page
      .getByTestId("public-programme")
      .filter({ hasText: "太原市2025年第一批揭榜挂帅项目" })
      .getByRole("link", { name: "查看榜单" })
      .click();
    await expect
      .poll(() => page.getByTestId("challenge-count").textContent())
      .toBe("共 1 个榜单，符合条件 1 个。");
    expect(page.url()).toContain("programme=prg-");
    expect(await page.locator(`[data-challenge="${challengeId}"]`).count()).toBe(1);

    await page.getByTestId("public-nav").getByRole("link", { name: "榜单" }).click();
    await page.getByTestId("challenge-list").waitFor();
    await expect
      .poll(() => page.getByTestId("challenge-count").textContent())
      .toBe("共 2 个榜单，符合条件 2 个。");
    await page.getByTestId("challenge-search").locator("input").fill("铸造 缺陷");
    await page.getByTestId("challenge-search").locator("input").press("Enter");
    await expect
      .poll(() => page.getByTestId("challenge-count").textContent())
      .toBe("共 2 个榜单，符合条件 1 个。");
    expect(await page.locator(`[data-challenge="${challengeId}"]`).count()).toBe(1);
    // The search is in the address; "open only" leaves the open challenge, a deadline before its close none.
    expect(page.url()).toContain("q=");
    await page.getByTestId("challenge-search").locator("input").fill("");
    await page.getByTestId("challenge-search").locator("input").press("Enter");
    // The box lives in the address (?open=1): the click navigates, and the box shows the new address's state once the
    // router has moved (a transition) — click, then wait for it, rather than check()'s immediate verification.
    const openOnly = page.getByRole("checkbox", { name: "只看揭榜中" });
    await openOnly.click();
    await page.waitForURL((url) => url.searchParams.get("open") === "1");
    await expect.poll(() => openOnly.isChecked(), { timeout: 30_000 }).toBe(true);
    await expect
      .poll(() => page.getByTestId("challenge-count").textContent())
      .toBe("共 2 个榜单，符合条件 1 个。");
    await page.getByTestId("closes-by").fill("2027-01-05");
    await expect
      .poll(() => page.getByTestId("challenge-count").textContent())
      .toBe("共 2 个榜单，符合条件 0 个。");
    await page.getByTestId("closes-by").fill("2027-12-31");
    await expect
      .poll(() => page.getByTestId("challenge-count").textContent())
      .toBe("共 2 个榜单，符合条件 1 个。");
    await checked(page, "challenges");

    await page.getByRole("link", { name: challengeTitle }).click();
    await page.getByTestId("challenge-details").waitFor();
    await expect.poll(() => page.getByTestId("challenge-title").textContent()).toBe(challengeTitle);
    const details = (await page.locator("main").textContent()) ?? "";
    expect(details).toContain("¥3,000,000.00");
    expect(details).toContain("揭榜中");
    // Nothing private: the posting enterprise and its investment are not on the public page.
    expect(details).not.toContain("ent-casting");
    expect(details).not.toContain("10,000,000");
    await checked(page, "challenge");

    await page.getByTestId("public-nav").getByRole("link", { name: "公示" }).click();
    await page.getByTestId("notice-list").waitFor();
    await page.locator(`[data-notice="${noticeId}"]`).getByRole("link").click();
    await page.getByTestId("notice-window").waitFor();
    const notice = await api.get<{ firstDay: string; lastDay: string; workingDays: number }>(
      `/v1/public/notices/${noticeId}`,
    );
    await expect
      .poll(() => page.getByTestId("notice-period").textContent())
      .toBe(`${notice.body.firstDay} 至 ${notice.body.lastDay}（${notice.body.workingDays} 个工作日）`);
    await expect.poll(() => page.getByTestId("provisional-mark").textContent()).toBe("截止日暂定");
    await expect
      .poll(() => page.getByTestId("provisional-note").textContent())
      .toContain("2027 年国务院节假日安排尚未公布");
    await expect.poll(() => page.getByTestId("notice-winners").textContent()).toContain("uni-h1 研究院");
    await checked(page, "notice");

    // The form checks the length the server checks before sending anything.
    await page.getByTestId("objection-text").fill("太短");
    await page.getByTestId("objection-form-submit").click();
    await page.getByText("异议内容至少 10 个字").waitFor();
    const text = "第一名单位的团队负责人同时在另一在研项目中担任负责人，请核实。";
    await page.getByTestId("objection-text").fill(text);
    await page.getByTestId("objection-contact").fill("13800000000");
    await page.getByTestId("objection-form-submit").click();
    const received = (await page.getByTestId("objection-received").textContent()) ?? "";
    const reference = /obj-[0-9a-f-]{36}/.exec(received)?.[0];
    expect(reference, received).toBeDefined();
    await checked(page, "objection");

    const listed = await api.get<{ items: { id: string; text: string; contact?: string; status: string }[] }>(
      `/v1/notices/${noticeId}/objections`,
      await bureau(),
    );
    expect(listed.status).toBe(200);
    expect(listed.body.items).toContainEqual(
      expect.objectContaining({ id: reference, text, contact: "13800000000", status: "open" }),
    );
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});

describe("the solver (揭榜方)", () => {
  it("finds the challenge, applies with a consortium, sees the server's refusal by its field, saves, signs and submits", async () => {
    const { page, errors } = await newPage();
    await signIn(page, runtime.info.apiUrl, "s1", "uni-lead", "solver", "孙晓明");
    await openMenu(page, "揭榜");
    await page.getByTestId("challenge-list").waitFor();
    await page.getByTestId("challenge-search").locator("input").fill("单晶");
    await page.getByTestId("challenge-search").locator("input").press("Enter");
    await expect
      .poll(() => page.getByTestId("challenge-count").textContent())
      .toBe("共 1 个榜单，符合条件 1 个。");
    await checked(page, "solver-challenges");
    await page.getByRole("link", { name: challengeTitle }).click();
    await page.getByTestId("apply").click();
    const form = page.getByTestId("application-form");
    await form.waitFor();

    await page.getByTestId("lead-name").fill("太原理工先进铸造研究院");
    await page.getByTestId("add-member").click();
    await page.getByTestId("member-0-org").fill("lab-partner");
    await page.getByTestId("member-0-name").fill("太原新材料实验室");
    // Two people: the lead (born 1968) and the chief engineer (born 1970) — no young researcher among them.
    await page.getByTestId("team-0-id").fill("p1");
    await page.getByTestId("team-0-name").fill("王工");
    await page.getByTestId("team-0-role").fill("项目负责人");
    await page.getByTestId("team-0-birth").fill("1968-09-01");
    await page.getByTestId("add-person").click();
    await page.getByTestId("team-1-id").fill("p2");
    await page.getByTestId("team-1-name").fill("李博士");
    await choose(page, "team-1-org", "lab-partner");
    await page.getByTestId("team-1-role").fill("技术总师");
    await page.getByTestId("team-1-birth").fill("1970-02-01");
    await expect.poll(() => page.getByTestId("team-1-age").textContent()).toBe("56 周岁");
    await choose(page, "chief-engineer", "李博士");
    await page.getByTestId("technical-plan").fill("定向凝固温度场闭环控制与缺陷在线检测。");
    await page.getByTestId("budget-0-item").fill("设备费");
    await page.getByTestId("budget-0-amount").fill("6,000,000");
    await page.getByTestId("add-budget").click();
    await page.getByTestId("budget-1-item").fill("材料费");
    await page.getByTestId("budget-1-amount").fill("4000000.05");
    await expect.poll(() => page.getByTestId("rd-total").textContent()).toBe("¥10,000,000.05");
    await page.getByTestId("requested").fill("3000000");
    await page.getByTestId("milestone-0-name").fill("中试线建成");
    await page.getByTestId("milestone-0-month").fill("12");
    await page.getByTestId("milestone-0-indicator-0-name").fill("良品率");
    await page.getByTestId("milestone-0-indicator-0-target").fill(">= 85");
    await page.getByTestId("milestone-0-indicator-0-unit").fill("%");
    await page.getByTestId("add-milestone").click();
    await page.getByTestId("milestone-1-name").fill("验收");
    await page.getByTestId("milestone-1-month").fill("24");
    await page.getByTestId("milestone-1-indicator-0-name").fill("良品率");
    await page.getByTestId("milestone-1-indicator-0-target").fill(">= 92");
    await checked(page, "application-form");

    // The server refuses (the policy's young-researcher share): its message stands under the team.
    await page.getByTestId("application-form-submit").click();
    const teamError = page.getByTestId("team-errors");
    await teamError.getByText("青年科技人才比例不足").waitFor();
    await expect
      .poll(() => page.getByTestId("action-error").textContent())
      .toContain("YOUNG_RESEARCHER_SHARE_TOO_LOW");
    expect(page.url()).toContain("/apply");
    await checked(page, "application-refused");

    await page.getByTestId("team-1-birth").fill("1992-05-01");
    await page.getByTestId("application-form-submit").click();
    await page.getByTestId("draft-created").waitFor();
    const applicationId = /my-applications\/(app-[0-9a-f-]{36})/.exec(page.url())?.[1] ?? "";
    expect(applicationId).not.toBe("");
    const solver = await token("s1", "uni-lead", ["solver"]);
    const saved = await api.get<{
      version: number;
      memberOrganisationIds: string[];
      organisationNames: Record<string, string>;
      team: {
        personId: string;
        organisationId: string;
        birthDate: string;
        isLead: boolean;
        isKey: boolean;
      }[];
      chiefEngineerId: string;
      budget: { item: string; amountFen: number }[];
      rdInvestmentFen: number;
      requestedFen: number;
      milestones: { name: string; monthsAfterStart: number }[];
    }>(`/v1/applications/${applicationId}`, solver);
    expect(saved.body).toMatchObject({
      memberOrganisationIds: ["lab-partner"],
      organisationNames: { "uni-lead": "太原理工先进铸造研究院", "lab-partner": "太原新材料实验室" },
      chiefEngineerId: "p2",
      budget: [
        { item: "设备费", amountFen: 600_000_000 },
        { item: "材料费", amountFen: 400_000_005 },
      ],
      rdInvestmentFen: 1_000_000_005,
      requestedFen: 300_000_000,
      milestones: [
        { name: "中试线建成", monthsAfterStart: 12 },
        { name: "验收", monthsAfterStart: 24 },
      ],
    });
    expect(saved.body.team).toEqual([
      expect.objectContaining({ personId: "p1", organisationId: "uni-lead", isLead: true, isKey: false }),
      expect.objectContaining({ personId: "p2", organisationId: "lab-partner", birthDate: "1992-05-01" }),
    ]);

    // Submitting needs both signatures: the enterprise signs (over the API), the solver in the page.
    expect(await page.getByTestId("submit-application-submit").isDisabled()).toBe(true);
    // The enterprise's signer is named by their token: the agreement shows the name.
    const namedEnterprise = await runtime.identity.issue({
      user: "e-named",
      org: "ent-casting",
      roles: ["enterprise"],
      name: "李明远",
    });
    const signed = await api.post(
      `/v1/applications/${applicationId}/agreement/sign`,
      namedEnterprise,
      undefined,
      {
        "if-match": `"${saved.body.version}"`,
      },
    );
    expect(signed.status, JSON.stringify(signed.body)).toBe(200);
    await page.reload();
    await expect.poll(() => page.getByTestId("enterprise-signature").textContent()).toContain("已签署");
    await expect(page.getByTestId("enterprise-signature").textContent()).resolves.toContain("李明远");
    await expect.poll(() => page.getByTestId("solver-signature").textContent()).toBe("未签署");
    await checked(page, "application-draft");
    await page.getByTestId("sign-submit").click();
    await page.getByTestId("confirm-ok").click();
    await actionDone(page);
    await page.getByTestId("action-done").getByText("已签署揭榜协议。").waitFor();
    await expect.poll(() => page.getByTestId("solver-signature").textContent()).toContain("已签署");
    await expect(page.getByTestId("solver-signature").textContent()).resolves.toContain("孙晓明");
    await page.getByTestId("submit-application-submit").click();
    await page.getByTestId("confirm-ok").click();
    await actionDone(page);
    await page.getByTestId("action-done").getByText("申请已提交。").waitFor();
    await expect.poll(() => page.getByTestId("application-status").textContent()).toBe("已提交");
    await page.getByTestId("application-summary").waitFor();
    await checked(page, "application-submitted");
    const submitted = await api.get<{ status: string; agreement: { solverSignedBy?: string } }>(
      `/v1/applications/${applicationId}`,
      solver,
    );
    expect(submitted.body.status).toBe("submitted");
    expect(submitted.body.agreement.solverSignedBy).toBeDefined();

    await openMenu(page, "我的揭榜申请");
    const row = page.locator(`[data-application="${applicationId}"]`);
    await row.waitFor();
    const rowText = (await row.textContent()) ?? "";
    expect(rowText).toContain(challengeTitle);
    expect(rowText).toContain("已提交");
    expect(rowText).toContain("牵头单位");
    expect(rowText).toContain("¥3,000,000.00");
    await checked(page, "my-applications");
    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);

  it("withdraws a second solver's application only after the confirmation", async () => {
    const { page, errors } = await newPage();
    await signIn(page, runtime.info.apiUrl, "s2", "uni-second", "solver");
    await openMenu(page, "我的揭榜申请");
    const row = page.locator("[data-application]").first();
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain("草稿");
    await row.getByRole("link", { name: challengeTitle }).click();
    await page.getByTestId("withdraw").waitFor();
    await page.getByTestId("withdraw-reason").fill("团队调整，放弃本次揭榜");
    await page.getByTestId("withdraw-submit").click();
    // Cancelled: nothing changes.
    await page
      .getByRole("dialog")
      .getByRole("button", { name: /取\s*消/ })
      .click();
    await page.getByRole("dialog").waitFor({ state: "hidden" });
    await expect.poll(() => page.getByTestId("application-status").textContent()).toBe("草稿");
    await page.getByTestId("withdraw-submit").click();
    await checked(page, "withdraw-confirm");
    await page.getByTestId("confirm-ok").click();
    await actionDone(page);
    await page.getByTestId("action-done").getByText("申请已撤回。").waitFor();
    await expect.poll(() => page.getByTestId("application-status").textContent()).toBe("已撤回");
    await checked(page, "withdrawn");
    const mine = await api.get<{ items: { status: string; withdrawnAt?: string }[] }>(
      "/v1/applications",
      await secondSolver(),
    );
    expect(mine.body.items).toEqual([expect.objectContaining({ status: "withdrawn" })]);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});

describe("the bureau (科技局), once the 2027 arrangement extends the notice", () => {
  it("follows its to-do to the challenge, reads the extension and confirms it re-announced the corrected end", async () => {
    // An administrator loads 2027 with 4 January off (a test arrangement, not the official one): the notice counted
    // provisionally to Monday 4 January now runs to Tuesday 5 January.
    const loaded = await api.call<{ noticeWindows: { extended: string[] } }>(
      "PUT",
      "/v1/calendar/years/2027",
      {
        token: await token("ops", "it", ["admin"]),
        body: {
          holidays: ["2027-01-01", "2027-01-02", "2027-01-03", "2027-01-04"],
          makeUpWorkdays: ["2027-01-09"],
          source: "test arrangement (not the State Council's 2027 one)",
        },
      },
    );
    expect(loaded.status, JSON.stringify(loaded.body)).toBe(200);
    expect(loaded.body.noticeWindows.extended).toEqual([noticeId]);
    const extended = (await api.get<{ lastDay: string }>(`/v1/public/notices/${noticeId}`)).body;
    expect(extended.lastDay).toBe("2027-01-05");

    const { page, errors } = await newPage();
    await signIn(page, runtime.info.apiUrl, "b1", "taiyuan-stb", "bureau", "赵主任");
    await page.getByTestId("nav").getByRole("link", { name: /^待办/ }).click();
    const row = page
      .getByTestId("tasks-table")
      .locator("tbody tr", { hasText: "确认已重新公告更正后的公示截止日" });
    await expect.poll(() => row.textContent()).toContain(noticeTitle);
    // Due by the corrected last day.
    await expect.poll(() => row.textContent()).toContain("2027-01-05");
    await checked(page, "bureau-reannounce-todo");
    await row.getByRole("link", { name: noticeTitle }).click();

    const card = page.getByTestId("notice-extended");
    await card.waitFor();
    await expect
      .poll(() => card.textContent())
      .toContain("公示期已顺延：公示截止日由 2027-01-04 顺延至 2027-01-05");
    await expect
      .poll(() => card.textContent())
      .toContain("请在原发布渠道重新公告更正后的公示截止日 2027-01-05");
    await page
      .getByTestId("reannounce")
      .getByLabel("重新公告说明（选填）")
      .fill("已于太原市科学技术局门户网站重新公告");
    await checked(page, "bureau-notice-extended");
    await page.getByTestId("reannounce-submit").click();
    // Irreversible: the dialog first; cancelled, nothing is recorded.
    await page
      .getByRole("dialog")
      .getByText("确认已在原发布渠道重新公告更正后的公示截止日 2027-01-05？")
      .waitFor();
    await page
      .getByRole("dialog")
      .getByRole("button", { name: /取\s*消/ })
      .click();
    await page.getByRole("dialog").waitFor({ state: "hidden" });
    const before = await api.get<{ noticeExtended?: { reannounced?: unknown } }>(
      `/v1/awards/${(await api.get<{ challengeId: string }>(`/v1/public/notices/${noticeId}`)).body.challengeId}`,
      await bureau(),
    );
    expect(before.body.noticeExtended?.reannounced).toBeUndefined();
    await page.getByTestId("reannounce-submit").click();
    await page.getByTestId("confirm-ok").click();
    const done = page.getByTestId("notice-reannounced");
    await done.waitFor();
    await expect.poll(() => done.textContent()).toContain("已确认重新公告（赵主任");
    await expect.poll(() => done.textContent()).toContain("已于太原市科学技术局门户网站重新公告");
    await checked(page, "bureau-notice-reannounced");

    // The to-do is gone.
    await page.getByTestId("nav").getByRole("link", { name: /^待办/ }).click();
    await page.getByTestId("tasks").waitFor();
    await expect
      .poll(() => page.getByTestId("tasks").textContent())
      .not.toContain("确认已重新公告更正后的公示截止日");
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});
