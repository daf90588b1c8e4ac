// End-to-end: the performance evaluation's page (泰安《实施意见》第24条 后续支持、退出或递补; 《太原市…行动方案》五（二）) in
// headless Chromium against the in-process runtime. Preconditions over HTTP: a signed project a year on, its challenge's
// ranking with a next-ranked signed application, an evaluation opened with two experts and one expert's scores. Then by
// clicking and typing: the second expert scores from the evaluation page; the bureau decides a replacement (递补) after a
// confirmation and follows the link to the new project. What the pages show and what the API then returns are
// checked; axe-core on each page; screenshots in test-artifacts/screenshots/performance-*.png.

import type { Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { apiClient, tokenIssuer } from "../support/api.ts";
import { awardedProject } from "../support/projects.ts";
import { rankedChallenge } from "../support/ranked-challenge.ts";
import { withWorkbench } from "../support/workbench.ts";

const wb = withWorkbench({ prefix: "performance", clockStart: "2025-06-02T02:00:00.000Z" });
const api = apiClient(() => wb.runtime.info.apiUrl);
const as = tokenIssuer(() => wb.runtime);
const bureau = () => as("b1", "taiyuan-stb", "bureau");
const enterprise = () => as("e1", "ent-casting", "enterprise");
const solver = () => as("s1", "uni-a", "solver");

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
    await decision.getByText("递补（排名下一位").click();
    await b.getByTestId("performance-spent").fill("0.00");
    await decision.locator("textarea").fill("第一年绩效评价不合格，由排名下一位的揭榜方递补");
    await wb.checked("decision", b);
    await b.getByTestId("performance-decision-submit").click();
    await b.locator(".ant-modal-confirm").waitFor();
    await b.getByTestId("confirm-ok").click();
    const link = b.getByTestId("replacement-link");
    await resultShown(b, link);
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
    expect(wb.errors).toEqual([]);
  }, 300_000);
});
