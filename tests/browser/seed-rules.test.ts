// End-to-end: the seeds' follow-up pages (《太原市…行动方案》四（五）、四（七）2、四（七）4) in headless Chromium against the
// in-process runtime. Preconditions over HTTP (two signed projects, one closed for fraud); then by clicking and typing:
// the enterprise asks for a road-show, the bureau schedules it from its to-do page and records an institution's
// interest; the chief engineer reallocates other costs; the bureau changes the chief engineer; the bureau refers the fraud to a judicial organ after a
// confirmation, and finance sees it in the referrals list. What the pages show and what the API then returns are
// checked; axe-core on each page; screenshots in test-artifacts/screenshots/seed-rules-*.png.
import { describe, expect, it } from "vitest";
import { shanghaiDate } from "../../functions/kernel/dates.ts";
import { apiClient, tokenIssuer } from "../support/api.ts";
import { awardedProject, type SeededProject } from "../support/projects.ts";
import { withWorkbench } from "../support/workbench.ts";

const wb = withWorkbench({ prefix: "seed-rules", clockStart: "2025-09-01T01:00:00.000Z" });
const api = apiClient(() => wb.runtime.info.apiUrl);
const as = tokenIssuer(() => wb.runtime);
const bureau = () => as("b1", "taiyuan-stb", "bureau");
const enterprise = () => as("e1", "ent-casting", "enterprise");
const solver = () => as("s1", "uni-a", "solver");
const today = () => shanghaiDate(wb.runtime.clock.now());

async function signedProject(): Promise<SeededProject> {
  const project = await awardedProject(wb.runtime);
  const drafted = await api.post(`/v1/projects/${project.projectId}/task-book`, await bureau(), {
    startDate: today(),
    ipTerms: "知识产权归揭榜方所有，出题企业享有优先使用权。",
    rewardPenaltyTerms: "未完成考核指标的，按任务书约定收回资金。",
  });
  expect(drafted.status, JSON.stringify(drafted.body)).toBe(201);
  for (const token of [await solver(), await enterprise(), await bureau()]) {
    const s = await api.post(`/v1/projects/${project.projectId}/task-book/sign`, token, { revision: 1 });
    expect(s.status, JSON.stringify(s.body)).toBe(200);
  }
  await wb.runtime.stepFunctions.whenIdle();
  return project;
}

describe("a project's follow-up pages", () => {
  it("road-show: the enterprise asks, the bureau schedules from its to-do page and records an institution's interest", async () => {
    const { projectId } = await signedProject();
    const page = await wb.open({ user: "e1", org: "ent-casting", role: "enterprise" });
    await page.goto(`${wb.base}/console/projects/${projectId}`);
    const card = page.getByTestId("road-show");
    await card.waitFor();
    const form = page.getByTestId("road-show-request");
    await form.locator("textarea").fill("中试线建成后需扩产，后续资金需求约5000万元");
    await page.getByTestId("road-show-need").fill("50,000,000.00");
    await wb.checked("request");
    await page.getByTestId("road-show-request-submit").click();
    await page.getByTestId("road-show-status").filter({ hasText: "待科技局决定" }).waitFor();
    const asked = await api.get<{ status: string; request: { followOnNeedFen: number } }>(
      `/v1/projects/${projectId}/road-show`,
      await bureau(),
    );
    expect(asked.body).toMatchObject({ status: "requested", request: { followOnNeedFen: 50_000_000_00 } });

    // The bureau: from 待办 to the decision page.
    const b = await wb.signInAs("b1", "taiyuan-stb", "bureau");
    await b
      .getByTestId("tasks")
      .locator("tr", { hasText: "处理投融资路演申请" })
      .getByRole("link")
      .first()
      .click();
    await b.waitForURL(/\/road-show$/);
    const decision = b.getByTestId("road-show-decision");
    await decision.waitFor();
    await b.getByTestId("road-show-date").fill(today());
    await decision.locator(".ant-form-item", { hasText: "地点" }).locator("input").fill("太原市科技局路演厅");
    const financial = b.getByTestId("road-show-financial").locator("input");
    await financial.fill("山西金控");
    await financial.press("Enter");
    const venture = b.getByTestId("road-show-venture").locator("input");
    await venture.fill("太原创投");
    await venture.press("Enter");
    await decision.locator(".ant-form-item", { hasText: "意见" }).locator("textarea").fill("同意举办路演");
    await wb.checked("decision");
    await b.getByTestId("road-show-decision-submit").click();
    await b.getByTestId("road-show-status").filter({ hasText: "已安排路演" }).waitFor();

    const interest = b.getByTestId("road-show-interest");
    await interest.waitFor();
    await b.getByTestId("interest-institution").click();
    await b
      .locator(".ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option", {
        hasText: "山西金控",
      })
      .click();
    await b.getByTestId("interest-amount").fill("20,000,000.00");
    await b.getByTestId("road-show-interest-submit").click();
    await b.getByTestId("road-show-total").filter({ hasText: "20,000,000.00" }).waitFor();
    await wb.checked("interest");
    const shown = await api.get<{ status: string; declaredInterestFen: number }>(
      `/v1/projects/${projectId}/road-show`,
      await enterprise(),
    );
    expect(shown.body).toMatchObject({ status: "scheduled", declaredInterestFen: 20_000_000_00 });
    expect(wb.errors).toEqual([]);
  }, 240_000);

  it("budget: the chief engineer moves other costs; the revision is shown and the total unchanged", async () => {
    const { projectId } = await signedProject();
    const page = await wb.signInAs("s1", "uni-a", "solver");
    await page.goto(`${wb.base}/console/projects/${projectId}`);
    const card = page.getByTestId("budget");
    await card.waitFor();
    const total = await page.getByTestId("budget-total").textContent();
    await page.getByTestId("budget-from").click();
    await page
      .locator(".ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option", {
        hasText: "材料费",
      })
      .click();
    await page.getByTestId("budget-to").locator("input").fill("测试化验加工费");
    await page.getByTestId("budget-amount").fill("500,000.00");
    await page.getByTestId("budget-reallocation").locator("textarea").fill("中试需要更多检测");
    await page.mouse.click(5, 5);
    await wb.checked("budget-form");
    await page.getByTestId("budget-reallocation-submit").click();
    await page.getByTestId("budget-revisions").filter({ hasText: "测试化验加工费" }).waitFor();
    expect(await page.getByTestId("budget-total").textContent()).toBe(total);
    await wb.checked("budget-done");
    const budget = await api.get<{ revision: number; revisions: { holder: string; amountFen: number }[] }>(
      `/v1/projects/${projectId}/budget`,
      await bureau(),
    );
    expect(budget.body.revision).toBe(2);
    expect(budget.body.revisions).toEqual([
      expect.objectContaining({ holder: "chief-engineer", amountFen: 500_000_00 }),
    ]);
    expect(wb.errors).toEqual([]);
  }, 240_000);

  it("personnel: the bureau changes the chief engineer with a reason after a confirmation; the change is listed", async () => {
    const { projectId } = await signedProject();
    const page = await wb.signInAs("b1", "taiyuan-stb", "bureau");
    await page.goto(`${wb.base}/console/projects/${projectId}`);
    const form = page.getByTestId("personnel-change");
    await form.waitFor();
    await page.getByTestId("personnel-name").fill("李工");
    await page.getByTestId("personnel-id").fill("p-li");
    await page.getByTestId("personnel-reason").fill("原技术总师因病无法继续履职，经科技局研究同意变更");
    await wb.checked("personnel-form");
    await page.getByTestId("personnel-change-submit").click();
    await page.locator(".ant-modal-confirm").waitFor();
    await page.getByTestId("confirm-ok").click();
    // The card reloads the budget once the change is recorded: the change shows in its list.
    await page.getByTestId("personnel-changes").locator("tr", { hasText: "→ 李工" }).waitFor();
    await wb.checked("personnel-done");
    const budget = await api.get<{
      chiefEngineer: { personId: string; name: string };
      personnelChanges: { role: string; to: { personId: string; name: string }; reason: string }[];
    }>(`/v1/projects/${projectId}/budget`, await enterprise());
    expect(budget.body.chiefEngineer).toMatchObject({ personId: "p-li", name: "李工" });
    expect(budget.body.personnelChanges).toEqual([
      expect.objectContaining({ role: "chief-engineer", to: expect.objectContaining({ personId: "p-li" }) }),
    ]);
    expect(wb.errors).toEqual([]);
  }, 240_000);

  it("judicial referral: the bureau refers a fraud after a confirmation; finance sees it in the referrals list", async () => {
    const { projectId } = await signedProject();
    const fraud = await api.post(`/v1/projects/${projectId}/fraud`, await bureau(), {
      reason: "伪造检测报告",
      proposedBy: "bureau",
    });
    expect(fraud.status, JSON.stringify(fraud.body)).toBe(200);
    await wb.runtime.stepFunctions.whenIdle();
    const page = await wb.signInAs("b1", "taiyuan-stb", "bureau");
    await page.goto(`${wb.base}/console/projects/${projectId}`);
    const card = page.getByTestId("judicial-referral");
    await card.waitFor();
    await page.getByTestId("referral-organ-input").fill("太原市公安局经济犯罪侦查支队");
    await page.getByTestId("referral-reference").fill("并科移〔2025〕1号");
    await page.getByTestId("referral-reasoning").fill("伪造检测报告骗取财政资金，情节严重");
    await page.getByTestId("referral-documents").fill("移送函\n专项审计报告");
    await wb.checked("referral-form");
    await page.getByTestId("referral-submit").click();
    await page.locator(".ant-modal-confirm").waitFor();
    await page.getByTestId("confirm-ok").click();
    await page.getByTestId("referral-organ").filter({ hasText: "经济犯罪侦查支队" }).waitFor();
    await wb.checked("referral-done");

    const f = await wb.signInAs("f1", "taiyuan-czj", "finance");
    await f.goto(`${wb.base}/console/judicial-referrals`);
    const row = f.getByTestId("judicial-referrals").locator("tr", { hasText: "经济犯罪侦查支队" });
    await row.waitFor();
    await wb.checked("referrals-finance");
    const list = await api.get<{ items: { projectId: string; documents: { title: string }[] }[] }>(
      "/v1/judicial-referrals",
      await as("f1", "taiyuan-czj", "finance"),
    );
    expect(list.body.items.find((r) => r.projectId === projectId)?.documents.map((d) => d.title)).toEqual([
      "移送函",
      "专项审计报告",
    ]);
    expect(wb.errors).toEqual([]);
  }, 240_000);
});
