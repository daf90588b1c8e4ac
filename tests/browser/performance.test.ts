// End-to-end: the performance evaluation's page (泰安《实施意见》第24条 后续支持、退出或递补; 《太原市…行动方案》五（二）) in
// headless Chromium against the in-process runtime. Preconditions over HTTP: a signed project a year on, its challenge's
// ranking with a next-ranked signed application, an evaluation opened with two experts and one expert's scores. Then by
// clicking and typing: the second expert scores from the evaluation page; the bureau decides a replacement (递补) after a
// confirmation and follows the link to the new project. What the pages show and what the API then returns are
// checked. Then the bureau's other decisions: continued support after a pass, and an exit (退出) after a failure that
// ends the project like a termination without fault with its settlement (the paid money verified as spent, the
// unpaid tranches cancelled, the amount to recover) shown on the evaluation and on the project's page; and the dynamic
// adjustment (动态调整): the bureau proposes a new target, each of the three parties signs it from their 待办, and the
// target in force changes at the third signature. axe-core on each page; screenshots in
// test-artifacts/screenshots/performance-*.png.

import type { Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { usccCheckCharacter } from "../../functions/organisations/rules/uscc.ts";
import { trancheId } from "../../functions/projects/model.ts";
import { yuan } from "../../web/src/format.ts";
import { apiClient, tokenIssuer } from "../support/api.ts";
import { awardedProject, type SeededProject } from "../support/projects.ts";
import { rankedChallenge } from "../support/ranked-challenge.ts";
import { choose, withWorkbench } from "../support/workbench.ts";

const wb = withWorkbench({ prefix: "performance", clockStart: "2025-06-02T02:00:00.000Z" });
const api = apiClient(() => wb.runtime.info.apiUrl);
const as = tokenIssuer(() => wb.runtime);
const bureau = () => as("b1", "taiyuan-stb", "bureau");
const enterprise = () => as("e1", "ent-casting", "enterprise");
const solver = () => as("s1", "uni-a", "solver");
const finance = (n: number) => as(`f${n}`, "taiyuan-czj", "finance");

/**
 * The action's result as the card shows it once reloaded (the form leaves the page with the step it served, so there
 * is no "done" alert to wait for): `shown`, or the action's error alert, whose text fails the test.
 */
async function resultShown(page: Page, shown: Locator): Promise<void> {
  const error = page.getByTestId("action-error").first();
  await shown.or(error).first().waitFor({ timeout: 90_000 });
  if (await error.isVisible()) throw new Error(`the action failed: ${await error.innerText()}`);
}

interface Performance {
  evaluations: {
    seq: number;
    status: string;
    indicators: { milestone: number; name: string }[];
    decision?: { decision: string; replacement?: { projectId: string; applicationId: string } };
  }[];
}

/** Drafts and signs the project's task book over HTTP (start 2025-07-01), and pays its first tranche when `pay`. */
async function running(project: SeededProject, solverOrg: string, pay: boolean): Promise<number> {
  const path = `/v1/projects/${project.projectId}`;
  const drafted = await api.post(`${path}/task-book`, await bureau(), {
    startDate: "2025-07-01",
    ipTerms: "知识产权归揭榜方所有，出题企业享有优先使用权。",
    rewardPenaltyTerms: "未完成考核指标的，按任务书约定收回资金。",
  });
  expect(drafted.status, JSON.stringify(drafted.body)).toBe(201);
  for (const token of [await as(`s-${solverOrg}`, solverOrg, "solver"), await enterprise(), await bureau()]) {
    const s = await api.post(`${path}/task-book/sign`, token, { revision: 1 });
    expect(s.status, JSON.stringify(s.body)).toBe(200);
  }
  await wb.runtime.stepFunctions.whenIdle();
  if (!pay) return 0;
  const started = await api.call<{ results: { paymentId?: string }[] }>("POST", "/v1/payments", {
    token: await finance(1),
    body: { trancheIds: [trancheId(project.projectId, 1)] },
    headers: { "idempotency-key": `run-${project.projectId}` },
  });
  expect(started.status, JSON.stringify(started.body)).toBe(202);
  await wb.runtime.stepFunctions.whenIdle();
  const id = started.body.results[0]?.paymentId as string;
  const approved = await api.post(`/v1/payments/${id}/approval`, await finance(2), { decision: "approve" });
  expect(approved.status, JSON.stringify(approved.body)).toBe(200);
  await wb.runtime.stepFunctions.whenIdle();
  const paid = await api.get<{ status: string; amountFen: number }>(`/v1/payments/${id}`, await finance(1));
  expect(paid.body.status).toBe("paid");
  return paid.body.amountFen;
}

/**
 * Opens an evaluation of the first year over HTTP (unless `opened`: the bureau opened it on the page) and has both
 * experts score every indicator `score`.
 */
async function scoredOver(projectId: string, score: number, opened = false): Promise<number> {
  await wb.runtime.advanceClock(Math.max(0, Date.parse("2026-07-06T02:00:00Z") - wb.runtime.clock.now()));
  const read = opened
    ? await api.get<Performance>(`/v1/projects/${projectId}/performance`, await bureau())
    : await api.post<Performance>(`/v1/projects/${projectId}/performance-evaluations`, await bureau(), {
        periodFrom: "2025-07-01",
        periodTo: "2026-06-30",
        expertIds: ["local-x1", "local-x2"],
      });
  expect(read.status, JSON.stringify(read.body)).toBe(opened ? 200 : 201);
  const evaluation = read.body.evaluations.at(-1);
  if (!evaluation) throw new Error("no evaluation");
  for (const n of [1, 2]) {
    const s = await api.post(
      `/v1/projects/${projectId}/performance-evaluations/${evaluation.seq}/scores`,
      await as(`x${n}`, `inst-${n}`, "expert"),
      {
        scores: evaluation.indicators.map((i) => ({ milestone: i.milestone, indicator: i.name, score })),
        comment: "按任务书考核指标逐项评分",
      },
    );
    expect(s.status, JSON.stringify(s.body)).toBe(200);
  }
  return evaluation.seq;
}

describe("performance evaluation page", () => {
  it("an expert scores, the bureau replaces the solver by the next-ranked applicant and opens the new project", async () => {
    for (const n of [1, 2]) {
      const registered = await api.post("/v1/experts", await bureau(), {
        expertId: `local-x${n}`,
        organisationId: `inst-${n}`,
        name: `专家${n}`,
        expertise: "technical",
        conflicts: [],
      });
      expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    }
    // The first expert's institute registered (机构名录): the picker names it; the second's is not.
    const institute = await api.post("/v1/organisations", await bureau(), {
      organisationId: "inst-1",
      registeredName: "太原材料研究院",
      uscc: `12140100MA0100005${usccCheckCharacter("12140100MA0100005")}`,
      type: "institute",
    });
    expect(institute.status, JSON.stringify(institute.body)).toBe(201);
    const project = await awardedProject(wb.runtime);
    const { c } = await rankedChallenge(project);
    const path = `/v1/projects/${project.projectId}`;
    const drafted = await api.post(`${path}/task-book`, await bureau(), {
      startDate: "2025-07-01",
      ipTerms: "知识产权归揭榜方所有，出题企业享有优先使用权。",
      rewardPenaltyTerms: "未完成考核指标的，按任务书约定收回资金。",
    });
    expect(drafted.status, JSON.stringify(drafted.body)).toBe(201);
    for (const token of [await solver(), await enterprise(), await bureau()]) {
      const s = await api.post(`${path}/task-book/sign`, token, { revision: 1 });
      expect(s.status, JSON.stringify(s.body)).toBe(200);
    }
    await wb.runtime.stepFunctions.whenIdle();
    await wb.runtime.advanceClock(Date.parse("2026-07-06T02:00:00Z") - wb.runtime.clock.now());
    const opened = await api.post<Performance>(`${path}/performance-evaluations`, await bureau(), {
      periodFrom: "2025-07-01",
      periodTo: "2026-06-30",
      expertIds: ["local-x1", "local-x2"],
    });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    const indicators = opened.body.evaluations[0]?.indicators ?? [];
    const first = await api.post(
      `${path}/performance-evaluations/1/scores`,
      await as("x1", "inst-1", "expert"),
      {
        scores: indicators.map((i) => ({ milestone: i.milestone, indicator: i.name, score: 40 })),
        comment: "良品率远低于任务书指标",
      },
    );
    expect(first.status, JSON.stringify(first.body)).toBe(200);

    // The second expert, on the evaluation page (the to-do's link).
    const x = await wb.open({ user: "x2", org: "inst-2", role: "expert" });
    await x.goto(`${wb.base}/console/projects/${project.projectId}/performance`);
    const scoreForm = x.getByTestId("performance-score");
    await scoreForm.waitFor();
    const inputs = scoreForm.locator("input.ant-input-number-input");
    expect(await inputs.count()).toBe(indicators.length);
    for (let i = 0; i < indicators.length; i += 1) await inputs.nth(i).fill("50");
    await scoreForm.locator("textarea").fill("中试线未按期建成");
    await wb.checked("expert", x);
    await x.getByTestId("performance-score-submit").click();
    await resultShown(x, x.getByTestId("evaluation-1-status").filter({ hasText: "待科技局决定" }));

    // The bureau decides the replacement.
    const b = await wb.signInAs("b1", "taiyuan-stb", "bureau");
    await b.goto(`${wb.base}/console/projects/${project.projectId}/performance`);
    const decision = b.getByTestId("performance-decision");
    await decision.waitFor();
    await b.getByTestId("evaluation-1-mean").filter({ hasText: "45" }).waitFor();
    // The evaluation's experts by name, not by their pool ids.
    const named = b.getByTestId("evaluation-1-experts");
    await named.filter({ hasText: "专家1、专家2" }).waitFor();
    expect(await b.getByTestId("performance").innerText()).not.toContain("local-x");
    await decision.getByText("递补（排名下一位").click();
    await b.getByTestId("performance-spent").fill("0.00");
    await decision.locator("textarea").fill("第一年绩效评价不合格，由排名下一位的揭榜方递补");
    await wb.checked("decision", b);
    await b.getByTestId("performance-decision-submit").click();
    await b.locator(".ant-modal-confirm").waitFor();
    await b.getByTestId("confirm-ok").click();
    const link = b.getByTestId("replacement-link");
    await resultShown(b, link);
    // The new project by its title (the same challenge's), not by its id.
    const titled = await api.get<{ names: { title: string } }>(path, await bureau());
    await expect(link.innerText()).resolves.toBe(titled.body.names.title);
    expect(titled.body.names.title).not.toBe(project.projectId);
    const shown = await api.get<Performance>(`${path}/performance`, await bureau());
    const replacement = shown.body.evaluations[0]?.decision?.replacement;
    expect(replacement?.applicationId).toBe(c.id);
    await link.click();
    await b.waitForURL(new RegExp(`/projects/${replacement?.projectId}$`));
    await b
      .getByText(replacement?.projectId ?? "-")
      .first()
      .waitFor();
    await wb.checked("new-project", b);
    // The replacement's public notice (递补公示), as anyone sees it on the portal: the new solver and the replaced one.
    const successor = await api.get<{ project: { noticeId: string } }>(
      `/v1/projects/${replacement?.projectId}`,
      await bureau(),
    );
    const portal = await wb.open();
    await portal.goto(`${wb.base}/console/public/notices/${successor.body.project.noticeId}`);
    const said = portal.getByTestId("notice-replacement");
    await said.waitFor();
    await expect(said.innerText()).resolves.toContain("递补公示");
    await wb.checked("replacement-notice", portal);
    expect(wb.errors).toEqual([]);
  }, 300_000);

  it("the bureau continues the support after a pass, then exits the project after a failure: its settlement shown", async () => {
    const project = await awardedProject(wb.runtime, { solverOrg: "uni-d" });
    const paidFen = await running(project, "uni-d", true);
    // The bureau opens the first evaluation on the page: the period, and the experts picked by name (their
    // institutes by registered name, the id only for one not registered).
    await wb.runtime.advanceClock(Math.max(0, Date.parse("2026-07-06T02:00:00Z") - wb.runtime.clock.now()));
    const b = await wb.signInAs("b1", "taiyuan-stb", "bureau");
    const evaluationPage = `${wb.base}/console/projects/${project.projectId}/performance`;
    await b.goto(evaluationPage);
    const open = b.getByTestId("performance-open");
    await open.waitFor();
    await b.getByTestId("performance-from").fill("2025-07-01");
    await b.getByTestId("performance-to").fill("2026-06-30");
    await b.getByTestId("performance-experts").click();
    const options = b.locator(
      ".ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option",
    );
    await options.filter({ hasText: "专家1 · 技术专家 · 太原材料研究院" }).click();
    await options.filter({ hasText: "专家2 · 技术专家 · inst-2" }).click();
    await b.keyboard.press("Escape");
    await b.locator(".ant-slide-up-leave").waitFor({ state: "detached" });
    const picked = await b.getByTestId("performance-experts").innerText();
    expect(picked).toContain("专家1");
    expect(picked).toContain("专家2");
    expect(picked).not.toContain("local-x");
    await wb.checked("open-form", b);
    await b.getByTestId("performance-open-submit").click();
    await resultShown(b, b.getByTestId("evaluation-1-experts").filter({ hasText: "专家1、专家2" }));
    const first = await scoredOver(project.projectId, 80, true);
    await b.reload();
    const decision = b.getByTestId("performance-decision");
    await decision.waitFor();
    // A pass admits continued support only.
    await expect(decision.getByText("退出（").count()).resolves.toBe(0);
    await decision.getByText("继续支持").click();
    await decision.locator("textarea").fill("第一年绩效评价合格，按计划继续支持");
    await b.getByTestId("performance-decision-submit").click();
    await resultShown(b, b.getByTestId(`evaluation-${first}-decision`).filter({ hasText: "继续支持" }));
    await wb.checked("continued", b);

    const second = await scoredOver(project.projectId, 30);
    await b.reload();
    await b.getByTestId(`evaluation-${second}-mean`).filter({ hasText: "不合格" }).waitFor();
    const exit = b.getByTestId("performance-decision");
    await exit.getByText("退出（无过错终止并结算）").click();
    // The paid money verified as spent: half of it, the other half to be recovered.
    const spentFen = Math.floor(paidFen / 200) * 100;
    await b.getByTestId("performance-spent").fill(String(spentFen / 100));
    await exit.locator("textarea").fill("第二次绩效评价不合格，项目退出");
    await wb.checked("exit-form", b);
    await b.getByTestId("performance-decision-submit").click();
    await b.locator(".ant-modal-confirm").waitFor();
    await wb.checked("exit-confirm", b);
    await b.getByTestId("confirm-ok").click();
    const settlement = b.getByTestId(`evaluation-${second}-settlement`);
    await resultShown(b, settlement);
    const shown = await settlement.innerText();
    expect(shown).toContain(yuan(spentFen));
    expect(shown).toContain(yuan(paidFen - spentFen));
    expect(shown).toContain(yuan(paidFen));
    await expect(b.getByTestId(`evaluation-${second}-decision`).innerText()).resolves.toContain("退出");
    // No new evaluation nor adjustment on an ended project.
    await expect(b.getByTestId("performance-open").count()).resolves.toBe(0);
    await expect(b.getByTestId("adjustment-propose").count()).resolves.toBe(0);
    await wb.checked("exited", b);
    // The project's page: terminated, the unpaid tranches cancelled.
    await b.goto(`${wb.base}/console/projects/${project.projectId}`);
    await b.getByTestId("project-summary").getByText("已终止").waitFor();
    await b.getByTestId("timeline").getByText("已取消").first().waitFor();
    await wb.checked("exited-project", b);
    const after = await api.get<{ project: { status: string } }>(
      `/v1/projects/${project.projectId}`,
      await bureau(),
    );
    expect(after.body.project.status).toBe("terminated");
    expect(wb.errors).toEqual([]);
  }, 300_000);

  it("the bureau adjusts a target; each party signs it from its 待办; the target in force changes at the third signature", async () => {
    const project = await awardedProject(wb.runtime, { solverOrg: "uni-f" });
    await running(project, "uni-f", false);
    const projectPage = `${wb.base}/console/projects/${project.projectId}`;
    const b = await wb.signInAs("b1", "taiyuan-stb", "bureau");
    await b.goto(projectPage);
    const propose = b.getByTestId("adjustment-propose");
    await propose.waitFor();
    await choose(b, "adjustment-indicator", "里程碑 2 · 良品率（>= 92）");
    await propose.locator("input.ant-input").last().fill(">= 90");
    await propose.locator("textarea").fill("根据下游整机厂需求变化，验收良品率调整为 90%");
    await wb.checked("adjust-form", b);
    await b.getByTestId("adjustment-propose-submit").click();
    await resultShown(b, b.getByTestId("adjustment-1-status").filter({ hasText: "待三方签署" }));

    const signFromTasks = async (who: { user: string; org: string; role: string }, name: string) => {
      const page = await wb.open(who);
      const row = page
        .getByTestId("tasks-table")
        .locator("tr")
        .filter({ has: page.locator('[data-action="project.sign-adjustment"]') })
        .filter({ hasText: project.projectId });
      await row.waitFor();
      await wb.checked(`adjust-todo-${name}`, page);
      await row.getByRole("link").first().click();
      await page.waitForURL(new RegExp(`/projects/${project.projectId}/performance$`));
      const sign = page.getByTestId("adjustment-sign-submit");
      await sign.waitFor();
      await sign.click();
      await page.getByTestId("adjustment-sign").waitFor({ state: "detached" });
      await page.getByTestId("adjustment-1-status").waitFor();
      return page;
    };
    await signFromTasks({ user: "e1", org: "ent-casting", role: "enterprise" }, "enterprise");
    const s = await signFromTasks({ user: "s-uni-f", org: "uni-f", role: "solver" }, "solver");
    await s.getByTestId("adjustment-1").getByText("出题企业、揭榜方").waitFor();
    await wb.checked("adjust-two-signed", s);
    const before = await api.get<{ track: { taskBook: { revision: number } } }>(
      `/v1/projects/${project.projectId}`,
      await bureau(),
    );
    expect(before.body.track.taskBook.revision).toBe(1);
    const last = await signFromTasks({ user: "b1", org: "taiyuan-stb", role: "bureau" }, "bureau");
    await last.getByTestId("adjustment-1-status").filter({ hasText: "已签署生效" }).waitFor();
    // The bureau's form now offers the new target as the one in force.
    await last.getByTestId("adjustment-indicator").click();
    await last.locator(".ant-select-item-option").filter({ hasText: "里程碑 2 · 良品率（>= 90）" }).waitFor();
    await last.keyboard.press("Escape");
    await wb.checked("adjust-signed", last);
    const after = await api.get<{
      track: { taskBook: { revision: number; milestones: { indicators: { target: string }[] }[] } };
    }>(`/v1/projects/${project.projectId}`, await bureau());
    expect(after.body.track.taskBook.revision).toBe(2);
    expect(after.body.track.taskBook.milestones[1]?.indicators[0]?.target).toBe(">= 90");
    // Nobody has the signing to-do any more.
    const left = await api.get<{ items: { action: string }[] }>("/v1/me/tasks?limit=100", await bureau());
    expect(left.body.items.filter((t) => t.action === "project.sign-adjustment")).toEqual([]);
    expect(wb.errors).toEqual([]);
  }, 300_000);
  it("the chain after an upheld objection to a replacement's notice: ended, replaced in turn, nobody left — by names", async () => {
    for (const n of [1, 2]) {
      await api.post("/v1/experts", await bureau(), {
        expertId: `local-x${n}`,
        organisationId: `inst-${n}`,
        name: `专家${n}`,
        expertise: "technical",
        conflicts: [],
      });
    }
    const project = await awardedProject(wb.runtime, { solverOrg: "uni-w0" });
    await rankedChallenge(project, true, [
      { org: "uni-w1", name: "晋阳递补研究院", signed: true },
      { org: "uni-w2", name: "汾河材料研究所", signed: true },
    ]);
    await running(project, "uni-w0", true);
    await scoredOver(project.projectId, 30);
    const decided = await api.post<Performance>(
      `/v1/projects/${project.projectId}/performance-evaluations/1/decision`,
      await bureau(),
      { decision: "replace", reason: "第一年绩效评价不合格", verifiedSpendingFen: 0 },
    );
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    const p1 = decided.body.evaluations[0]?.decision?.replacement?.projectId as string;
    /** Objects to the project's notice and has the bureau uphold it; returns the project that replaced it, if any. */
    const uphold = async (projectId: string) => {
      const view = await api.get<{ project: { noticeId: string } }>(
        `/v1/projects/${projectId}`,
        await bureau(),
      );
      const noticeId = view.body.project.noticeId;
      const o = await api.post<{ id: string }>(`/v1/public/notices/${noticeId}/objections`, undefined, {
        text: "递补单位的中试条件与申报材料不符",
      });
      expect(o.status, JSON.stringify(o.body)).toBe(201);
      const r = await api.post(`/v1/notices/${noticeId}/objections/${o.body.id}/ruling`, await bureau(), {
        decision: "upheld",
        reason: "经核查，递补单位中试线已停产",
      });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      await wb.runtime.stepFunctions.whenIdle();
      return (await api.get<{ replacedBy?: string }>(`/v1/projects/${projectId}/performance`, await bureau()))
        .body.replacedBy;
    };
    const p2 = (await uphold(p1)) as string;
    expect(p2).toBeTruthy();
    expect(await uphold(p2)).toBeUndefined();

    const b = await wb.signInAs("b1", "taiyuan-stb", "bureau");
    await b.goto(`${wb.base}/console/projects/${p1}`);
    const chain = b.getByTestId("replacement-chain");
    await chain.waitFor();
    await chain.getByTestId("chain-withdrawn").waitFor();
    await expect(chain.innerText()).resolves.toContain("递补公示异议成立");
    await expect(b.getByTestId("chain-replaced-by").innerText()).resolves.toBe("汾河材料研究所");
    await expect(b.getByTestId("chain-replaces").innerText()).resolves.not.toMatch(/^prj-/);
    await expect(chain.innerText()).resolves.toContain("经核查，递补单位中试线已停产");
    await wb.checked("chain-withdrawn", b);
    await b.getByTestId("chain-replaced-by").click();
    await b.waitForURL(new RegExp(`/projects/${p2}$`));
    const none = b.getByTestId("chain-none-left");
    await none.waitFor();
    await expect(none.innerText()).resolves.toContain("留在财政");
    await expect(b.getByTestId("chain-replaces").innerText()).resolves.toBe("晋阳递补研究院");
    await expect(b.getByTestId("chain-origin").innerText()).resolves.not.toMatch(/^prj-/);
    await wb.checked("chain-none-left", b);
    expect(wb.errors).toEqual([]);
  }, 300_000);
});
