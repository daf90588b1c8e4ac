// End-to-end: the bureau's (科技局) steps in the workbench in headless Chromium against the in-process runtime. The
// preconditions are made over HTTP (a demand waiting for the decision, a public notice with an objection waiting for
// the ruling, a project awaiting its task book, a signed project with a termination proposal); then as the bureau, by
// clicking and typing: from 待办 open the demand's decision and draft a challenge (the server's field error for a cap
// above the policy's shown next to the amount first), submit the challenge and sign it off from 待办, uphold the
// objection (递补 said in the confirmation), draft and revise a task book, and approve the termination after its
// confirmation — each result checked on the page and through the API (the recovery exists). axe-core on every page;
// screenshots in test-artifacts/screenshots/bureau-*.png.
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shanghaiDate } from "../../functions/kernel/dates.ts";
import { completeDemand, createProgramme } from "../support/api.ts";
import { awardDriver } from "../support/award.ts";
import { projectWithContent, registerOrganisation, validCode } from "../support/overlap.ts";
import { projectFlow } from "../support/project-flow.ts";
import { awardedProject } from "../support/projects.ts";
import { actionDone, screenshots, seriousViolations, signIn, withWorkbench } from "../support/workbench.ts";

const dayMs = 86_400_000;

const wb = withWorkbench({ prefix: "bureau", clockStart: "2025-09-01T01:00:00.000Z" });
const award = awardDriver(() => wb.runtime);
const flow = projectFlow(() => wb.runtime);
const api = flow.api;

let demandId: string;
const demandTitle = "轴承钢超纯净冶炼关键技术";
let noticeId: string;
let objectionId: string;
let noticeTitle: string;
let challengeId: string;
let draftProjectId: string;
let endingProjectId: string;

beforeAll(async () => {
  const runtime = wb.runtime;
  // A public notice of one winner with an objection, its period over: the award waits for the bureau's ruling.
  await award.registerPool();
  // The second-ranked applicant already has the same content supported (就高不重复): offered in the first winner's
  // place after the upheld objection, its check waits for the bureau's decision (AwaitOverlapDecision).
  await registerOrganisation(
    api,
    await flow.bureau(),
    "uni-o2",
    validCode("12140000MB0K00053"),
    "示例石英材料研究院",
  );
  await projectWithContent(runtime, "uni-o2", "高纯石英砂提纯关键工艺", ["定向凝固"]);
  const { challenge, applications } = await award.seed({
    enterpriseOrg: "ent-obj",
    title: "高纯石英砂提纯工艺",
    applicants: [{ lead: "uni-o1" }, { lead: "uni-o2" }, { lead: "uni-o3" }],
  });
  await award.startAward(challenge.id);
  challengeId = challenge.id;
  const [o1, o2] = applications;
  await award.scoreAll(challenge.id, (id) => (id === o1!.id ? 95 : id === o2!.id ? 85 : 65));
  const notice = await award.confirmShortlist(challenge.id, "ent-obj", { race: false, winners: 1 });
  noticeId = notice.id;
  noticeTitle = notice.title;
  const objection = await api.post<{ id: string }>(`/v1/public/notices/${noticeId}/objections`, undefined, {
    text: "中标单位的核心技术成果涉嫌抄袭他人专利",
    contact: "13800000000",
  });
  expect(objection.status).toBe(201);
  objectionId = objection.body.id;
  await award.advancePast(notice.endsAt);
  await award.settle();

  // A demand under a programme on the Anshan 2025 preset (cap 1,000,000 yuan, no case-by-case exception), submitted.
  const programmeId = await createProgramme(api, await flow.bureau(), {
    name: "Anshan 2025, batch 1",
    nameZh: "鞍山市2025年揭榜挂帅第一批",
    policyId: "anshan-2025",
  });
  const demand = await api.post<{ id: string }>(
    "/v1/demands",
    await flow.enterprise("ent-steel"),
    completeDemand(demandTitle, programmeId),
  );
  expect(demand.status).toBe(201);
  demandId = demand.body.id;
  expect((await api.post(`/v1/demands/${demandId}/submit`, await flow.enterprise("ent-steel"))).status).toBe(
    202,
  );
  await flow.settle();

  // A project awaiting its task book; a signed project, its first tranche paid, the enterprise proposing to end it.
  draftProjectId = (await awardedProject(runtime, { solverOrg: "uni-draft" })).projectId;
  const today = shanghaiDate(runtime.clock.now());
  endingProjectId = (await flow.signedProject({ solverOrg: "uni-stop", startDate: today })).projectId;
  await flow.markPaid(endingProjectId, [1]);
  const proposed = await api.post(
    `/v1/projects/${endingProjectId}/termination/proposal`,
    await flow.enterprise(),
    {
      reason: "市场需求变化，项目无法继续",
      fault: false,
    },
  );
  expect(proposed.status, JSON.stringify(proposed.body)).toBe(201);
}, 240_000);

afterAll(() => {
  award.close();
});

/** yyyy-MM-dd in Beijing, `days` after the runtime's clock. */
const dateAfter = (days: number) => shanghaiDate(wb.runtime.clock.now() + days * dayMs);

describe("the bureau in the workbench", () => {
  /** Errors of the page; the requests refused on purpose (the cap above the policy's) are counted apart. */
  const errors = wb.errors;
  let page: Page;

  const check = (name: string) => wb.checked(name);

  /** Opens 待办 and follows the to-do of the record titled `title`. */
  async function fromTasks(title: string): Promise<void> {
    await page.getByTestId("nav").getByRole("link", { name: /^待办/ }).click();
    const row = page.getByTestId("tasks-table").locator("tbody tr", { hasText: title });
    await row.getByRole("link", { name: title }).click();
  }

  beforeAll(async () => {
    page = await wb.open({ user: "b1", org: "taiyuan-stb", role: "bureau" });
  });

  afterAll(async () => {
    await page?.close();
  });

  it("decides a demand from 待办: a cap above the policy's is refused next to its field, then a draft challenge", async () => {
    await page.getByTestId("tasks-table").waitFor();
    await check("tasks");
    await fromTasks(demandTitle);
    await page.waitForURL(`**/demands/${demandId}/decision`);
    const form = page.getByTestId("decision-form");
    await form.waitFor();
    // The policy's limits are next to the amounts: the cap in yuan, no case-by-case under this policy.
    await expect(page.getByTestId("policy-limits").textContent()).resolves.toContain("¥1,000,000.00");
    await expect(form.textContent()).resolves.toContain("不适用一事一议");
    await form.getByTestId("funding-cap").fill("2,000,000");
    await form.getByTestId("opens-on").fill(dateAfter(3));
    await form.getByTestId("closes-on").fill(dateAfter(40));
    await form.getByTestId("decision-comment").fill("需求明确，形成榜单");
    await form.getByTestId("decision-form-submit").click();
    // The server's refusal (422, cap above the policy's) shows under the amount's field, in Chinese.
    const capItem = form.locator(".ant-form-item", { has: page.getByTestId("funding-cap") });
    await capItem.locator(".ant-form-item-explain-error").waitFor();
    await expect(capItem.locator(".ant-form-item-explain-error").textContent()).resolves.toContain(
      "超过政策规定的单项最高额度",
    );
    await check("decision-refused");
    const refused = errors.splice(0).filter((e) => !/status of 422/.test(e));
    expect(refused).toEqual([]);

    await form.getByTestId("funding-cap").fill("800,000.00");
    await form.getByTestId("decision-form-submit").click();
    await actionDone(page);
    await wb.runtime.stepFunctions.whenIdle();
    const link = page.getByTestId("challenge-link");
    await link.waitFor({ timeout: 20_000 });
    const demand = await api.get<{ status: string; challengeId: string }>(
      `/v1/demands/${demandId}`,
      await flow.bureau(),
    );
    expect(demand.body.status).toBe("accepted");
    const challenge = await api.get<{ fundingCapFen: number; status: string; title: string }>(
      `/v1/challenges/${demand.body.challengeId}`,
      await flow.bureau(),
    );
    expect(challenge.body).toMatchObject({ fundingCapFen: 80_000_000, status: "draft", title: demandTitle });
    await check("decision-done");
    expect(errors).toEqual([]);
  });

  it("submits the draft challenge and signs it off from 待办", async () => {
    await page.getByTestId("challenge-link").getByRole("link").click();
    await page.getByTestId("challenge-title").waitFor();
    await expect(page.getByTestId("challenge-summary").textContent()).resolves.toContain("¥800,000.00");
    await check("challenge-draft");
    await page.getByTestId("submit-challenge").click();
    await page.getByTestId("challenge-status").filter({ hasText: "待科技局审核" }).waitFor();
    await wb.runtime.stepFunctions.whenIdle();
    await fromTasks(demandTitle);
    await page.waitForURL("**/sign-off");
    const form = page.getByTestId("sign-off");
    await form.waitFor();
    await check("sign-off");
    await form.getByTestId("sign-off-comment").fill("符合政策，同意发布");
    await form.getByTestId("sign-off-submit").click();
    await actionDone(page);
    await expect(page.getByTestId("action-done").textContent()).resolves.toContain("等待审定领导审定");
    await wb.runtime.stepFunctions.whenIdle();
    const demand = await api.get<{ challengeId: string }>(`/v1/demands/${demandId}`, await flow.bureau());
    const challenge = await api.get<{ status: string; signOffs: { stage: string; decision: string }[] }>(
      `/v1/challenges/${demand.body.challengeId}`,
      await flow.bureau(),
    );
    expect(challenge.body.status).toBe("awaiting-approver");
    expect(challenge.body.signOffs).toEqual([
      expect.objectContaining({ stage: "bureau", decision: "approve" }),
    ]);
    expect(errors).toEqual([]);
  });

  it("upholds an objection from 待办 after a confirmation that says the next-ranked applicant is offered the place", async () => {
    await fromTasks(noticeTitle);
    await page.waitForURL(`**/notices/${noticeId}/objections`);
    const card = page.getByTestId("objection");
    await card.waitFor();
    await expect(card.textContent()).resolves.toContain("uni-o1 研究院");
    await card.getByTestId("ruling-decision").getByText("异议成立").click();
    await expect(card.getByTestId("ruling-consequence").textContent()).resolves.toContain("递补");
    await card.getByTestId("ruling-reason").fill("经核查，专利侵权属实");
    await check("objection");
    await card.getByTestId("ruling-form-submit").click();
    const modal = page.locator(".ant-modal-confirm");
    await expect(modal.textContent()).resolves.toContain("递补");
    await check("objection-confirm");
    await page.getByTestId("confirm-ok").click();
    // Ruled: the objection shows its ruling in place of the form.
    await card.getByTestId("ruling").waitFor();
    await expect(card.getByTestId("ruling").textContent()).resolves.toContain("异议成立");
    const objections = await api.get<{ items: { id: string; status: string }[] }>(
      `/v1/notices/${noticeId}/objections`,
      await flow.bureau(),
    );
    expect(objections.body.items.find((o) => o.id === objectionId)?.status).toBe("upheld");
    expect(errors).toEqual([]);
  });

  it("decides the offered winner's 就高不重复 from 待办: withdrawn, the next-ranked is offered and goes on notice", async () => {
    await award.settle();
    expect((await award.award(challengeId)).waitingFor?.kind).toBe("overlap");
    await fromTasks(noticeTitle);
    await page.waitForURL("**/bureau/overlap");
    const row = page.getByTestId("overlap-checks").locator("tbody tr", { hasText: "示例石英材料研究院" });
    await row.waitFor();
    const finding = page.getByTestId("overlap-finding").filter({ hasText: "高纯石英砂提纯关键工艺" });
    await finding.waitFor();
    await finding.getByTestId("overlap-action").click();
    await page
      .locator(".ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option")
      .filter({ hasText: "撤销支持" })
      .click();
    await finding.getByLabel("理由").fill("同一研发内容已获本市更高金额支持，撤销本次支持");
    await check("overlap-withdraw");
    await finding.locator("button[type=submit]").click();
    await page.getByTestId("confirm-ok").click();
    await finding.getByTestId("overlap-decision").waitFor();
    await expect(finding.getByTestId("overlap-decision").textContent()).resolves.toContain("撤销支持");
    // The award goes on: the third-ranked is offered, checked (nothing found) and put on the new notice.
    await award.settle();
    const after = await award.award(challengeId);
    expect(after.waitingFor).toBeUndefined();
    expect(after.noticeIds).toHaveLength(2);
    const second = await api.get<{ winners: { organisations: string[] }[] }>(
      `/v1/public/notices/${after.noticeIds[1]}`,
    );
    expect(second.body.winners.map((w) => w.organisations.join(""))).toEqual([
      expect.stringContaining("uni-o3"),
    ]);
    await page.getByTestId("nav").getByRole("link", { name: /^待办/ }).click();
    await page.getByTestId("tasks-table").waitFor();
    await expect(page.locator("[data-action='award.decide-overlap']").count()).resolves.toBe(0);
    expect(errors).toEqual([]);
  });

  it("drafts a task book on a project, then revises a due date checked against the period", async () => {
    await page.goto(`${wb.base}/console/projects/${draftProjectId}`);
    const draft = page.getByTestId("task-book-draft");
    await draft.waitFor();
    await check("task-book-draft");
    const start = dateAfter(5);
    await draft.getByTestId("start-date").fill(start);
    await draft.getByTestId("ip-terms").fill("知识产权归揭榜方所有，出题企业享有优先使用权。");
    await draft.getByTestId("reward-penalty-terms").fill("未完成考核指标的，按任务书约定收回资金。");
    await draft.getByTestId("draft-task-book-submit").click();
    // Drafted: the project loads again and shows the unsigned task book, revision 1.
    const revise = page.getByTestId("task-book-revise");
    await revise.waitFor();
    await expect(revise.getByTestId("signatures").textContent()).resolves.toContain("第 1 版");
    // The tranche split in yuan adds up to the grant (3,000,000 × 30% = 900,000 on signing, then 40% and 30%).
    await expect(revise.getByTestId("tranche-split").textContent()).resolves.toContain("¥900,000.00");
    await expect(revise.getByTestId("split-check").textContent()).resolves.toContain("各期合计等于资助总额");
    // A due date after the period's end is refused before sending, as the server would.
    const due1 = revise.getByTestId("due-1");
    await due1.fill(dateAfter(5 + 800));
    await revise.getByTestId("revise-task-book-submit").click();
    const item = revise.locator(".ant-form-item", { has: page.getByTestId("due-1") });
    await expect(item.locator(".ant-form-item-explain-error").textContent()).resolves.toBe("超出实施期");
    await check("task-book-revise");
    await due1.fill(dateAfter(5 + 300));
    await revise.getByTestId("revise-task-book-submit").click();
    await revise.getByTestId("signatures").filter({ hasText: "第 2 版" }).waitFor();
    const view = await flow.read(draftProjectId);
    expect(view.track.taskBook.startDate).toBe(start);
    expect(view.track.taskBook.milestones[0]!.dueDate).toBe(dateAfter(5 + 300));
    expect((view.track.taskBook as unknown as { revision: number }).revision).toBe(2);
    expect(errors).toEqual([]);
  });

  it("approves a termination after a confirmation that names the recovery; the recovery then exists", async () => {
    await page.goto(`${wb.base}/console/projects/${endingProjectId}`);
    const card = page.getByTestId("termination-decision");
    await card.waitFor();
    await expect(card.textContent()).resolves.toContain("市场需求变化");
    await card.getByTestId("decision-spending").fill("600,000.00");
    // Paid 900,000.00 (the first tranche), 600,000.00 spent as audited: 300,000.00 to recover; tranches 2 and 3 cancelled.
    const consequence = card.getByTestId("decision-consequence");
    await consequence.filter({ hasText: "应追回 ¥300,000.00" }).waitFor();
    await expect(consequence.textContent()).resolves.toContain("第 2、3 期");
    // The long sections fold: the decision form on the first screen, the audit trail's tables (most of the page's
    // 5,900 px before) folded until asked for, the page's height kept in the screenshot.
    const sections = page.getByTestId("project-sections");
    await expect(sections.locator(".ant-collapse-item-active").allTextContents()).resolves.toEqual([
      expect.stringContaining("时间轴"),
    ]);
    expect((await card.boundingBox())!.y).toBeLessThan(page.viewportSize()!.height);
    await expect(page.getByTestId("audit-trail").isVisible()).resolves.toBe(false);
    // The audit trail opens with a click.
    await sections.getByRole("button", { name: /审计轨迹/ }).click();
    await page.getByTestId("audit-trail").waitFor();
    await sections.getByRole("button", { name: /审计轨迹/ }).click();
    await page.getByTestId("audit-trail").waitFor({ state: "hidden" });
    await check("termination");
    await card.getByTestId("decision-form-submit").click();
    const modal = page.locator(".ant-modal-confirm");
    await expect(modal.textContent()).resolves.toContain("¥300,000.00");
    await check("termination-confirm");
    await page.getByTestId("confirm-ok").click();
    // Decided: the project loads again, terminated, and the ending forms are gone.
    await page.getByTestId("project-summary").filter({ hasText: "已终止" }).waitFor();
    await card.waitFor({ state: "detached" });
    await flow.settle();
    const view = await flow.read(endingProjectId);
    expect((view.project as { status: string }).status).toBe("terminated");
    const recoveryId = (view.track as unknown as { termination: { recoveryId: string } }).termination
      .recoveryId;
    const finance = await flow.as("f1", "taiyuan-finance", "finance");
    const recovery = await api.get<{ amountFen: number }>(`/v1/recoveries/${recoveryId}`, finance);
    expect(recovery.status).toBe(200);
    expect(JSON.stringify(recovery.body)).toContain("30000000");
    await check("termination-done");
    expect(errors).toEqual([]);
  });
  it("creates a programme with the chosen preset's limits shown, and records a credit entry after its confirmation", async () => {
    await page.getByTestId("nav").getByRole("link", { name: "需求与榜单" }).click();
    await page.getByTestId("demand-queue").waitFor();
    await check("demands");
    await page.getByTestId("nav").getByRole("link", { name: "新建批次" }).click();
    const form = page.getByTestId("new-programme");
    await form.waitFor();
    await form.getByLabel("批次名称（中文）").fill("太原市2026年第一批揭榜挂帅项目");
    await form.getByLabel("批次名称（英文）").fill("Taiyuan 2026, batch 1");
    await form.getByLabel("年度").fill("2026");
    await form.getByLabel("领域").fill("新材料");
    await form.getByLabel("领域").press("Enter");
    await form.getByLabel("预算").fill("50,000,000.00");
    await page.getByTestId("preset-limits").waitFor();
    await expect(page.getByTestId("preset-limits").textContent()).resolves.toContain("¥20,000,000.00");
    await page.keyboard.press("Escape");
    await check("new-programme");
    await form.getByTestId("new-programme-submit").click();
    await actionDone(page);
    const programmes = await api.get<{ items: { nameZh: string; budgetFen: number; policyId: string }[] }>(
      "/v1/programmes",
      await flow.bureau(),
    );
    expect(programmes.body.items.find((p) => p.nameZh === "太原市2026年第一批揭榜挂帅项目")).toMatchObject({
      budgetFen: 5_000_000_000,
      policyId: "taiyuan-2023",
    });

    await page.getByTestId("nav").getByRole("link", { name: "专家库" }).click();
    await page.getByTestId("experts").waitFor();
    await check("experts");

    await page.getByTestId("nav").getByRole("link", { name: "失信记录" }).click();
    const credit = page.getByTestId("credit-form");
    await credit.waitFor();
    await credit.getByLabel("单位").fill("uni-cheat");
    await credit.getByLabel("事由（中文）").fill("伪造中期检查材料");
    await credit.getByLabel("事由（英文）").fill("Forged mid-term evidence");
    await credit.getByTestId("credit-form-submit").click();
    const modal = page.locator(".ant-modal-confirm");
    await expect(modal.textContent()).resolves.toContain("uni-cheat");
    await check("credit-confirm");
    await page.getByTestId("confirm-ok").click();
    await actionDone(page, credit);
    const records = await api.get<{ items: { reasonZh: string }[] }>(
      "/v1/credit-records?organisationId=uni-cheat",
      await flow.bureau(),
    );
    expect(records.body.items.map((r) => r.reasonZh)).toEqual(["伪造中期检查材料"]);
    await check("credit-records");
    expect(errors).toEqual([]);
  });

  it("as admin: the calendar's years, the provisional ones marked", async () => {
    const admin = await wb.browser.newPage({ viewport: { width: 1400, height: 1000 }, locale: "zh-CN" });
    const adminErrors: string[] = [];
    admin.on("console", (m) => {
      if (m.type() === "error") adminErrors.push(m.text());
    });
    await signIn(admin, wb.base, "admin-1", "taiyuan-stb", "admin");
    await admin.getByTestId("nav").getByRole("link", { name: "工作日历" }).click();
    await admin.getByTestId("calendar-years").waitFor();
    const years = await api.get<{ items: { year: number; provisional: boolean }[] }>(
      "/v1/calendar/years",
      await flow.bureau(),
    );
    const provisional = years.body.items.filter((y) => y.provisional).length;
    expect(await admin.getByTestId("provisional").count()).toBe(provisional);
    expect(await seriousViolations(admin)).toEqual([]);
    await admin.screenshot({ path: join(screenshots, "bureau-admin-calendar.png"), fullPage: true });
    expect(adminErrors).toEqual([]);
    await admin.close();
  });
});
