// End-to-end: the enterprise's (出题企业) steps in the workbench (web/), in real headless Chromium against the in-process
// runtime. Preconditions by API (a programme; an awarded project whose task book the bureau drafted and the bureau and
// the lead solver signed); then as the enterprise, by clicking and typing: a demand drafted, an attachment uploaded
// (SHA-256 computed in the browser, PUT to the presigned URL) and another removed, submission refused with the
// missing elements shown next to their fields, completed and submitted — the API then holds the file with its SHA-256,
// verified; the task book signed from the 待办 link; the milestone report filed with evidence from the next 待办 link,
// the 待办 badge going from 1 to none. axe-core on every page; screenshots to test-artifacts/screenshots/enterprise-*.
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { storage } from "../../functions/platform/clients.ts";
import { config } from "../../functions/platform/config.ts";
import { s3DocumentStore } from "../../functions/platform/s3/document-store.ts";
import { completeDemand, createProgramme, sha256Hex } from "../support/api.ts";
import { expectStatus, projectFlow } from "../support/project-flow.ts";
import { awardedProject, type SeededProject } from "../support/projects.ts";
import { choose, openMenu, withWorkbench } from "../support/workbench.ts";

const wb = withWorkbench({
  prefix: "enterprise",
  clockStart: "2025-07-01T01:00:00.000Z",
  // The one refusal the test provokes: an incomplete demand's submission (422, its fields shown on the form).
  expected: (m) => /status of 422/.test(m.text()) && /\/v1\/demands\/[^/]+\/submit$/.test(m.location().url),
  args: ["--disable-quic", "--disable-component-update", "--disable-sync"],
});
const flow = projectFlow(() => wb.runtime);
const { api } = flow;
let project: SeededProject;
let returnedDemandId: string;
let page: Page;
const errors = wb.errors;

const attachment = Buffer.from("%PDF-1.4\n需求说明：单晶叶片铸造缺陷控制\n%%EOF\n");
const stray = Buffer.from("not this one");
const evidence = Buffer.from("%PDF-1.4\n第一阶段进展报告\n%%EOF\n");
const audit = Buffer.from("%PDF-1.4\n专项审计报告\n%%EOF\n");

beforeAll(async () => {
  const runtime = wb.runtime;
  const programmeId = await createProgramme(api, await flow.bureau());
  // An awarded project of ent-casting in that programme (`sameChallengeAs` names the programme and a challenge); the
  // bureau drafts the task book, the lead solver and the bureau sign it.
  project = await awardedProject(runtime, {
    enterpriseOrg: "ent-casting",
    solverOrg: "uni-a",
    sameChallengeAs: { programmeId, challengeId: "chl-enterprise-1" } as SeededProject,
  });
  const drafted = await api.post(`/v1/projects/${project.projectId}/task-book`, await flow.bureau(), {
    startDate: "2025-07-01",
    ipTerms: "知识产权归揭榜方所有，出题企业享有优先使用权。",
    rewardPenaltyTerms: "未完成考核指标的，按任务书约定收回资金。",
  });
  expectStatus(drafted, 201);
  // The bureau's signer is named by their token: the task book shows the name, the user id on hover.
  const namedBureau = await runtime.identity.issue({
    user: "b-named",
    org: "taiyuan-stb",
    roles: ["bureau"],
    name: "赵立新",
  });
  for (const token of [await flow.solver("uni-a"), namedBureau]) {
    expectStatus(
      await api.post(`/v1/projects/${project.projectId}/task-book/sign`, token, { revision: 1 }),
      200,
    );
  }
  await flow.settle();

  // A demand the bureau returned for changes: the enterprise's to-do to resubmit it (链接 /demands/{id}).
  const returned = await api.post<{ id: string }>(
    "/v1/demands",
    await flow.enterprise(),
    completeDemand("高温合金涡轮盘锻造", programmeId),
  );
  expectStatus(returned, 201);
  returnedDemandId = returned.body.id;
  expectStatus(await api.post(`/v1/demands/${returnedDemandId}/submit`, await flow.enterprise()), 202);
  await flow.settle();
  expectStatus(
    await api.post(`/v1/demands/${returnedDemandId}/decision`, await flow.bureau(), {
      decision: "return",
      comment: "请补充关键技术指标的测试方法。",
    }),
    202,
  );
  await flow.settle();

  page = await wb.open({ user: "e-ent-casting", org: "ent-casting", role: "enterprise" });
}, 300_000);

/** Waits for `selector`; on a timeout, fails with what the page shows and the page's errors. */
async function see(selector: string | ReturnType<Page["locator"]>, timeout = 30_000) {
  const locator = typeof selector === "string" ? page.locator(selector) : selector;
  await locator
    .first()
    .waitFor({ timeout })
    .catch(async (e: Error) => {
      throw new Error(
        `${e.message}\npage: ${await page.locator("main").textContent()}\n${errors.join("\n")}`,
      );
    });
}

/** 待办 from the menu (its name carries the badge's count). */
async function openTasks() {
  await page.getByTestId("nav").getByRole("link", { name: /^待办/ }).click();
  await see(page.getByTestId("tasks-table"));
}

const checked = (name: string) => wb.checked(name);

/** The innermost form item labelled `label` (its explain line holds the field's error). */
const item = (label: string) =>
  page
    .locator(".ant-form-item")
    .filter({ has: page.locator(`label:text-is("${label}")`) })
    .last();

// Each step on a loaded machine (seven engineers on two cores) takes minutes, not the default 60 s.
describe("the enterprise in the workbench", { timeout: 240_000 }, () => {
  it("drafts a demand, uploads an attachment, sees the missing elements by their fields, then submits it", async () => {
    await openMenu(page, "我的需求");
    await page.getByTestId("new-demand").click();
    await checked("demand-new");
    await choose(page, "demand-programme", "太原市2025年第一批揭榜挂帅项目");
    await item("需求名称").locator("input").fill("单晶叶片精密铸造缺陷控制");
    await page.getByTestId("demand-form-submit").click();
    await page.getByTestId("attachments").waitFor();
    const demandId = decodeURIComponent(page.url().split("/demands/")[1] ?? "");
    expect(demandId).toMatch(/^dmd-/);

    // Two files uploaded; the wrong one removed.
    await page
      .getByTestId("attachment-input")
      .setInputFiles([{ name: "需求说明.pdf", mimeType: "application/pdf", buffer: attachment }]);
    await see("[data-attachment='需求说明.pdf']");
    await page
      .getByTestId("attachment-input")
      .setInputFiles([{ name: "多余.png", mimeType: "image/png", buffer: stray }]);
    const strayRow = page.locator("[data-attachment='多余.png']");
    await see(strayRow);
    await expect(
      page.getByTestId("upload-progress").getByRole("progressbar").getAttribute("aria-valuenow"),
    ).resolves.toBe("100");
    await strayRow.getByTestId("remove-attachment").click();
    await strayRow.waitFor({ state: "detached" });
    await expect(page.getByTestId("attachment-list").textContent()).resolves.toContain(
      sha256Hex(attachment).slice(0, 16),
    );

    // Submitted incomplete: the API names each missing element, shown next to its field in Chinese.
    await page.getByTestId("demand-submit").click();
    await page.getByTestId("submit-error").waitFor();
    await expect(page.getByTestId("submit-error").textContent()).resolves.toContain("DEMAND_INCOMPLETE");
    const backgroundError = item("需求背景").locator(".ant-form-item-explain-error");
    await backgroundError.waitFor();
    await expect(backgroundError.textContent()).resolves.toMatch(/[\u4e00-\u9fa5]/);
    await checked("demand-incomplete");

    // Completed and submitted.
    await choose(page, "demand-field", "高端装备制造");
    await item("需求背景").locator("textarea").fill("企业现有叶片铸造良品率不足 70%，进口设备受限。");
    await item("需求内容").locator("textarea").fill("研发单晶叶片精密铸造工艺，控制疏松与再结晶缺陷。");
    await item("关键技术").locator("input").fill("定向凝固温度场控制");
    await item("指标名称").locator("input").fill("良品率");
    await item("目标值").locator("input").fill(">= 92");
    await item("单位").locator("input").fill("%");
    await item("时限（月）").locator("input").fill("24");
    await item("总投资（元）").locator("input").fill("10,000,000.50");
    await item("对揭榜方的要求").locator("textarea").fill("具备单晶铸造中试条件。");
    await page.getByTestId("demand-submit").click();
    await page.getByTestId("demand-submitted").waitFor();
    await expect(page.getByTestId("demand-status").textContent()).resolves.toBe("已提交");
    // The refusal's field errors are gone with it.
    await page
      .getByTestId("demand-form")
      .locator(".ant-form-item-explain-error")
      .first()
      .waitFor({ state: "detached" });
    await checked("demand-submitted");

    // The API holds the file with the SHA-256 the browser computed, checked against the stored bytes.
    await flow.settle();
    const held = await api.get<{
      status: string;
      content: { totalInvestmentFen: number };
      attachments: { fileName: string; sha256: string; status: string; sealedKey?: string; key: string }[];
    }>(`/v1/demands/${demandId}`, await flow.enterprise());
    expect(held.body.status).toBe("submitted");
    expect(held.body.content.totalInvestmentFen).toBe(1_000_000_050);
    expect(held.body.attachments).toHaveLength(1);
    expect(held.body.attachments[0]).toMatchObject({
      fileName: "需求说明.pdf",
      sha256: sha256Hex(attachment),
      status: "verified",
    });
    const stored = await s3DocumentStore(storage(), config.evidenceBucket(), {
      now: () => new Date(wb.runtime.clock.now()),
    }).inspect(held.body.attachments[0]!.key);
    expect(stored?.sha256).toBe(sha256Hex(attachment));

    await openMenu(page, "我的需求");
    await page.locator(`[data-demand="${demandId}"]`).waitFor();
    await checked("demands");
    expect(errors).toEqual([]);
  });

  it("resubmits a returned demand from its 待办 link: the 待办 count drops", async () => {
    await openTasks();
    await expect(page.getByTestId("tasks-badge").textContent()).resolves.toBe("2");
    await expect(page.getByTestId("tasks-count").textContent()).resolves.toContain("共 2 项");
    await page.getByTestId("tasks-table").getByRole("link", { name: "高温合金涡轮盘锻造" }).click();
    await see(page.getByText("科技局已退回该需求"));
    await expect(page.locator("main").textContent()).resolves.toContain("请补充关键技术指标的测试方法。");
    await checked("demand-returned");
    await page.getByTestId("demand-submit").click();
    await see(page.getByTestId("demand-submitted"));
    // Once the intake workflow took the resubmission, 待办 counts one fewer and lists the demand no more.
    await flow.settle();
    await openTasks();
    await expect(page.getByTestId("tasks-count").textContent()).resolves.toContain("共 1 项");
    await expect(page.getByTestId("tasks-table").textContent()).resolves.not.toContain("高温合金涡轮盘锻造");
    const again = await api.get<{ status: string; submissions: number }>(
      `/v1/demands/${returnedDemandId}`,
      await flow.enterprise(),
    );
    expect(again.body).toMatchObject({ status: "submitted", submissions: 2 });
    expect(errors).toEqual([]);
  });

  it("signs the task book and files the milestone report with evidence from the 待办 links", async () => {
    await page.reload();
    await openTasks();
    await expect(page.getByTestId("tasks-badge").textContent()).resolves.toBe("1");
    await page.getByTestId("tasks-table").getByRole("link").first().click();
    await page.waitForURL(/\/projects\/.+\/task-book$/);
    const card = page.getByTestId("task-book-sign");
    await card.waitFor();
    await expect(card.getByTestId("signed-bureau").count()).resolves.toBe(1);
    await expect(card.getByTestId("signed-bureau").textContent()).resolves.toContain("赵立新");
    await expect(card.getByTestId("signed-bureau").textContent()).resolves.not.toContain("local-b-named");
    // The solver's token named no one: its signature shows the user id (as records from before names were kept).
    await expect(card.getByTestId("signed-solver").textContent()).resolves.toContain("local-");
    await expect(card.getByTestId("unsigned-enterprise").count()).resolves.toBe(1);
    await checked("task-book");
    // Not ticked: the form says so next to the box and sends nothing.
    await page.getByTestId("task-book-sign-form-submit").click();
    await card.locator(".ant-form-item-explain-error").waitFor();
    await page.getByTestId("task-book-read").check();
    await page.getByTestId("task-book-sign-form-submit").click();
    await page.getByTestId("confirm-ok").click();
    // Signed, the last of the three: the page loads again, the project under way, its first report due.
    await see(page.getByTestId("milestone-report"));
    await expect(page.getByTestId("task-book-sign").count()).resolves.toBe(0);
    await flow.settle();
    const signed = await flow.read(project.projectId);
    expect(signed.track.taskBook.signedOn).toBeDefined();
    expect(signed.project.status).toBe("in-progress");

    // The next to-do: milestone 1's report, opened from 待办.
    await openTasks();
    const link = page.getByTestId("tasks-table").getByRole("link").first();
    await expect(link.getAttribute("href")).resolves.toContain(
      `/projects/${project.projectId}/milestones/1/report`,
    );
    await link.click();
    const report = page.getByTestId("milestone-report");
    await report.waitFor();
    await item("完成情况说明").locator("textarea").fill("中试线建成，良品率达到 93%。");
    await report.locator("input[name='indicator-0']").fill("93%");
    await page
      .getByTestId("evidence-input")
      .setInputFiles([{ name: "第一阶段进展报告.pdf", mimeType: "application/pdf", buffer: evidence }]);
    await page.getByTestId("evidence-files").getByText("第一阶段进展报告.pdf").waitFor();
    // Without the special audit report the form says so next to the files, and files nothing.
    await page.getByTestId("milestone-report-form-submit").click();
    await see(report.locator(".ant-form-item-explain-error").filter({ hasText: "专项审计报告" }));
    await choose(page, "evidence-kind", "专项审计报告");
    await page
      .getByTestId("evidence-input")
      .setInputFiles([{ name: "专项审计报告.pdf", mimeType: "application/pdf", buffer: audit }]);
    await page.getByTestId("evidence-files").getByText("专项审计报告.pdf").waitFor();
    await report.locator(".ant-form-item-explain-error").waitFor({ state: "detached" });
    await checked("milestone-report");
    await page.getByTestId("milestone-report-form-submit").click();
    await page.getByTestId("confirm-ok").click();
    // Filed: the step's page loads again, its timeline folded; opened, it shows the milestone waiting for the file
    // check or the panel.
    // (The report form, its result with it, gives way to milestone 2's: the filed milestone's row is what tells.)
    const filed = page.locator("[data-row=m1]:has-text('材料校验中'), [data-row=m1]:has-text('专家评审中')");
    await filed.first().waitFor({ state: "attached", timeout: 90_000 });
    expect(await page.getByTestId("action-error").allTextContents()).toEqual([]);
    await page.getByRole("button", { name: /时间轴（里程碑与拨款）/ }).click();
    await see(filed);
    await flow.settle();

    const view = await flow.read(project.projectId);
    const m1 = (
      view.track as unknown as {
        milestones: { index: number; status: string; files: { fileName: string; sha256: string }[] }[];
      }
    ).milestones.find((m) => m.index === 1);
    expect(m1?.status).not.toBe("pending");
    expect(m1?.status).toBe("under-review");
    expect(m1?.files.map((f) => [f.fileName, f.sha256])).toEqual([
      ["第一阶段进展报告.pdf", sha256Hex(evidence)],
      ["专项审计报告.pdf", sha256Hex(audit)],
    ]);

    // The to-do moves on to milestone 2's report.
    await openTasks();
    await expect(
      page.getByTestId("tasks-table").getByRole("link").first().getAttribute("href"),
    ).resolves.toContain(`/projects/${project.projectId}/milestones/2/report`);
    await page.goBack();
    await page.getByTestId("project-actions").waitFor();
    // The enterprise's project page has no audit trail (programme staff's) and no error.
    await expect(page.locator("#audit-trail").count()).resolves.toBe(0);
    await checked("project");
    expect(errors).toEqual([]);
  });

  it("lists its projects with the grant and the money received, and its challenges", async () => {
    await openMenu(page, "我的项目");
    await page.locator(`[data-project="${project.projectId}"]`).waitFor();
    await expect(page.getByTestId("received-total").textContent()).resolves.toBe("¥0.00");
    await checked("projects");
    await openMenu(page, "我的榜单");
    await see(page.locator("main .ant-empty").or(page.getByTestId("my-challenges")));
    await checked("challenges");
    expect(errors).toEqual([]);
  });
});
