// End-to-end: the expert's and the approver's steps in the workbench (web/), in headless Chromium against the
// in-process runtime. Preconditions over HTTP (an expert pool of three, two closed challenges in review, a challenge
// waiting for 审定, a project with a milestone report under review); then in the browser: the expert follows 待办 to a
// review assignment, sees the rubric and the applicants by name, gets the server's field error for an out-of-range
// score, scores, and only then sees the other expert's scores; declares a conflict on another assignment; the approver
// approves a challenge from 待办 and confirms a shortlist (ranked applicants by name with their weighted scores); a
// panel expert gives a milestone verdict on the project page (evidence listed and downloadable) and the approver
// confirms the payment opinion. axe on every page; screenshots to test-artifacts/screenshots/expert-*.png.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { shanghaiDate } from "../../functions/kernel/dates.ts";
import { type Runtime, startRuntime } from "../../local/runtime.ts";
import { projectRoot } from "../../local/runtime-paths.ts";
import { completeDemand, createProgramme } from "../support/api.ts";
import { type AwardView, awardDriver, challengeAwaitingApprover } from "../support/award.ts";
import { projectFlow } from "../support/project-flow.ts";
import {
  actionDone,
  followTodo,
  installedChromium,
  launchChromium,
  seriousViolations,
  signIn,
} from "../support/workbench.ts";

// Two sign-ins and a workflow step per test, on a 2-core machine shared with other test runs.
vi.setConfig({ testTimeout: 180_000 });

const screenshots = join(projectRoot, "test-artifacts", "screenshots");

let runtime: Runtime;
let dataDir: string;
let browser: Browser;
const driver = awardDriver(() => runtime);
const flow = projectFlow(() => runtime);
const { api } = driver;

/** The pool: exactly three experts, so each challenge's panel of three is all of them. */
const pool = {
  "fin-1": { org: "cpa-1", expertise: "finance", name: "钱会计" },
  "tech-1": { org: "inst-1", expertise: "technical", name: "孙工" },
  "tech-2": { org: "inst-2", expertise: "technical", name: "李教授" },
} as const;
const expertToken = (name: keyof typeof pool) => driver.token(name, pool[name].org, ["expert"]);

let scored: { challengeId: string; title: string; assignmentId: string; applicationIds: string[] };
let conflicted: { challengeId: string; assignmentId: string };
let signOffChallengeId: string;
let projectId: string;
let refineDemandId: string;

beforeAll(async () => {
  installedChromium();
  mkdirSync(screenshots, { recursive: true });
  dataDir = mkdtempSync(join(tmpdir(), "jiebang-expert-"));
  runtime = await startRuntime({ dataDir, clockStart: "2025-09-01T01:00:00.000Z" });
  browser = await launchChromium();

  for (const [name, e] of Object.entries(pool)) {
    const registered = await api.post("/v1/experts", await driver.bureau(), {
      expertId: driver.sub(name),
      organisationId: e.org,
      name: e.name,
      expertise: e.expertise,
    });
    expect(registered.status).toBe(201);
  }
  // Two closed challenges in review; tech-1 scores the first in the browser after fin-1 scored it over the API.
  const first = await driver.seed({
    enterpriseOrg: "ent-casting",
    title: "高温合金叶片精密铸造缺陷控制",
    applicants: [{ lead: "uni-a" }, { lead: "uni-b", members: ["lab-b"] }],
  });
  await driver.startAward(first.challenge.id);
  const second = await driver.seed({
    enterpriseOrg: "ent-casting",
    title: "大型风电主轴轴承国产化",
    applicants: [{ lead: "uni-c" }],
  });
  await driver.startAward(second.challenge.id);
  const panelOf = async (challengeId: string) => (await driver.award(challengeId)).panel;
  const seat = (panel: AwardView["panel"], name: string) =>
    panel.find((p) => p.expertId === driver.sub(name))!;
  const firstPanel = await panelOf(first.challenge.id);
  expect(firstPanel.map((p) => p.expertId).sort()).toEqual(Object.keys(pool).map(driver.sub).sort());
  expect((await driver.score("fin-1", seat(firstPanel, "fin-1").assignmentId, () => 80)).status).toBe(200);
  scored = {
    challengeId: first.challenge.id,
    title: first.challenge.title,
    assignmentId: seat(firstPanel, "tech-1").assignmentId,
    applicationIds: first.applications.map((a) => a.id),
  };
  conflicted = {
    challengeId: second.challenge.id,
    assignmentId: seat(await panelOf(second.challenge.id), "tech-1").assignmentId,
  };

  // A challenge refined from a demand, signed off by the bureau: the publication waits for the approver (审定).
  const programmeId = await createProgramme(api, await driver.bureau());
  const enterprise = await driver.enterprise("ent-casting");
  signOffChallengeId = await challengeAwaitingApprover(() => runtime, driver, programmeId);

  // A submitted demand that tech-2 is assigned to refine (榜单凝练).
  const refine = await api.post<{ id: string }>(
    "/v1/demands",
    enterprise,
    completeDemand("轴承钢纯净度提升", programmeId),
  );
  refineDemandId = refine.body.id;
  expect((await api.post(`/v1/demands/${refineDemandId}/submit`, enterprise)).status).toBe(202);
  await driver.settle();
  const assigned = await api.post(`/v1/demands/${refineDemandId}/experts`, await driver.bureau(), {
    experts: [{ expertId: driver.sub("tech-2"), organisationId: pool["tech-2"].org }],
  });
  expect(assigned.status).toBe(201);

  // A project whose first milestone report is under review by local-x1 (registered after the award panels were drawn).
  await flow.registerExperts([1]);
  const project = await flow.signedProject({ startDate: shanghaiDate(runtime.clock.now()) });
  projectId = project.projectId;
  const files = [
    await flow.upload(projectId, 1, "progress-report", Buffer.from("第一阶段进展报告")),
    await flow.upload(projectId, 1, "audit-report", Buffer.from("专项审计报告")),
  ];
  const filed = await api.post(`/v1/projects/${projectId}/milestones/1/report`, await flow.enterprise(), {
    summary: "中试线建成，良品率达到 93%",
    indicators: [{ name: "良品率", actual: "93%" }],
    fileIds: files,
  });
  expect(filed.status).toBe(202);
  await flow.settle();
  const panel = await api.post(`/v1/projects/${projectId}/milestones/1/experts`, await flow.bureau(), {
    expertIds: ["local-x1"],
  });
  expect(panel.status).toBe(200);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const pageErrors: string[] = [];
async function as(user: string, org: string, role: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, locale: "zh-CN" });
  page.on("pageerror", (e) => pageErrors.push(`pageerror: ${e.message}`));
  page.on("console", (m) => {
    // A refused request (the out-of-range score's 400) is logged by Chromium as a failed resource: expected there.
    // A build made under vitest (NODE_ENV=test) is React's development build: the shared confirmation's static Modal
    // warns there (src/forms/action.tsx); every other warning counts.
    const text = m.text();
    if (m.type() !== "error" || text.includes("status of 400")) return;
    if (text.includes("[antd: Modal] Static function can not consume context")) return;
    pageErrors.push(`console: ${text}`);
  });
  await signIn(page, runtime.info.apiUrl, user, org, role);
  return page;
}

async function check(page: Page, shot: string): Promise<void> {
  // The pointer away from the last button clicked: a hovered button's lighter colour is a passing state.
  await page.mouse.move(0, 0);
  // A submit button's spinner out of sight before axe looks at the page: its leave animation is slow on a loaded
  // machine, and in the production build the hidden, finished span may stay in the DOM (so hidden, not detached).
  await page.locator(".ant-btn-loading-icon:visible").first().waitFor({ state: "detached", timeout: 30_000 });
  expect(await seriousViolations(page)).toEqual([]);
  await page.screenshot({ path: join(screenshots, `expert-${shot}.png`), fullPage: true });
}

async function confirmModal(page: Page): Promise<void> {
  await page.getByTestId("confirm-ok").click();
}

describe("the expert (评审专家)", () => {
  it("scores from 待办: rubric and applicants by name, the server's field error, then the others' scores", async () => {
    const page = await as("tech-1", "inst-1", "expert");
    await check(page, "tasks");
    await followTodo(page, "review.score", scored.title);
    await page.waitForURL(`**/reviews/${scored.assignmentId}/score`);
    await expect(page.getByTestId("review-title").textContent()).resolves.toBe(scored.title);
    // The rubric with its weights; the applicants by name; others' scores hidden until mine are in.
    const rubric = await page.getByTestId("rubric").textContent();
    expect(rubric).toContain("技术路线可行性");
    expect(rubric).toContain("40%");
    expect(rubric).toContain("仅财务专家");
    await expect(
      page.getByTestId(`application-${scored.applicationIds[1]}`).textContent(),
    ).resolves.toContain("uni-b 研究院");
    await page.getByTestId("other-scores-hidden").waitFor();
    expect(await page.getByTestId("other-scores").count()).toBe(0);
    // A technical expert does not score the budget (the server refuses it from them).
    expect(await page.getByTestId("score-0-budget").count()).toBe(0);
    await check(page, "review");

    // 101 points: sent, refused by the server, the error shown next to that field.
    for (const [i, field] of [0, 1].flatMap((i) =>
      ["technical", "team", "metrics"].map((f) => [i, f] as const),
    )) {
      await page.getByTestId(`score-${i}-${field}`).fill(i === 0 && field === "technical" ? "101" : "85");
    }
    await page.getByTestId("score-form-submit").click();
    await confirmModal(page);
    const fieldError = page
      .locator(".ant-form-item")
      .filter({ has: page.getByTestId("score-0-technical") })
      .locator(".ant-form-item-explain-error");
    await fieldError.waitFor();
    await expect(fieldError.textContent()).resolves.toBe("取值过大（最大 100）");
    await page.getByTestId("action-error").waitFor();
    await check(page, "score-error");
    const unscored = await api.get<{ assignment: { status: string } }>(
      `/v1/reviews/${scored.assignmentId}`,
      await expertToken("tech-1"),
    );
    expect(unscored.body.assignment.status).toBe("assigned");

    await page.getByTestId("score-0-technical").fill("90");
    await page.getByTestId("score-form-submit").click();
    await confirmModal(page);
    await page.getByTestId("my-scores").waitFor();
    await expect(page.getByTestId("assignment-status").textContent()).resolves.toBe("已评分");
    // Now the other expert's scores (fin-1's 80s, anonymous by expertise).
    const others = await page.getByTestId("other-scores").textContent();
    expect(others).toContain("财务专家");
    expect(others).toContain("80");
    await check(page, "review-scored");
    const after = await api.get<{
      assignment: { status: string; scores: { points: { technical: number } }[] };
    }>(`/v1/reviews/${scored.assignmentId}`, await expertToken("tech-1"));
    expect(after.body.assignment.status).toBe("scored");
    expect(after.body.assignment.scores.map((s) => s.points.technical)).toEqual([90, 85]);
    await page.close();
    expect(pageErrors.join("\n")).toBe("");
  });

  it("declares a conflict on another assignment: it is withdrawn", async () => {
    const page = await as("tech-1", "inst-1", "expert");
    await page.getByTestId("nav").getByRole("link", { name: "评审任务", exact: true }).click();
    await page.getByTestId("reviews").waitFor();
    await expect(page.getByTestId("reviews").textContent()).resolves.toContain("大型风电主轴轴承国产化");
    await check(page, "reviews");
    await page.getByTestId("reviews").getByRole("link", { name: "大型风电主轴轴承国产化" }).click();
    await page.getByTestId("conflict-form").waitFor();
    await page.getByTestId("conflict-form-submit").click();
    // The reason is required: said next to the field, nothing sent.
    await page.locator(".ant-form-item-explain-error").first().waitFor();
    await page.getByTestId("conflict-reason").fill("本人曾在 uni-c 兼职");
    await page.getByTestId("conflict-form-submit").click();
    await confirmModal(page);
    await page.getByTestId("withdrawn").waitFor();
    await expect(page.getByTestId("assignment-status").textContent()).resolves.toBe("已撤回");
    await check(page, "conflict");
    const read = await api.get<{ assignment: { status: string; withdrawn?: { reason: string } } }>(
      `/v1/reviews/${conflicted.assignmentId}`,
      await expertToken("tech-1"),
    );
    expect(read.body.assignment.status).toBe("withdrawn");
    expect(read.body.assignment.withdrawn?.reason).toBe("本人曾在 uni-c 兼职");
    await page.close();
    expect(pageErrors.join("\n")).toBe("");
  });
});

describe("the expert refining a demand (榜单凝练)", () => {
  it("gives an opinion from 待办: the demand as written, the recommendation and a required comment", async () => {
    const page = await as("tech-2", "inst-2", "expert");
    await followTodo(page, "demand.refinement-opinion", "轴承钢纯净度提升");
    await page.waitForURL(`**/demands/${refineDemandId}/opinion`);
    await expect(page.getByTestId("demand-title").textContent()).resolves.toBe("轴承钢纯净度提升");
    await page.getByTestId("opinion-form-submit").click();
    await expect(page.locator(".ant-form-item-explain-error").count()).resolves.toBeGreaterThan(0);
    await page.getByTestId("recommendation").getByText("凝练为榜单").click();
    await page.getByTestId("opinion-comment").fill("需求明确，建议凝练为榜单");
    await page.getByTestId("opinion-form-submit").click();
    await page.getByTestId("opinion-given").waitFor();
    await expect(page.getByTestId("opinion-given").textContent()).resolves.toContain("凝练为榜单");
    await check(page, "opinion");
    const read = await api.get<{
      items: { status: string; opinion?: { recommendation: string; comment: string } }[];
    }>(`/v1/demands/${refineDemandId}/refinement`, await expertToken("tech-2"));
    expect(read.body.items[0]).toMatchObject({
      status: "opinion-given",
      opinion: { recommendation: "draft-challenge", comment: "需求明确，建议凝练为榜单" },
    });
    await page.close();
    expect(pageErrors.join("\n")).toBe("");
  });
});

describe("the approver (审定领导)", () => {
  it("approves a challenge from 待办 (审定)", async () => {
    const { title } = (
      await api.get<{ title: string }>(`/v1/challenges/${signOffChallengeId}`, await driver.bureau())
    ).body;
    const page = await as("a1", "taiyuan-gov", "approver");
    await followTodo(page, "challenge.approver-sign-off", title);
    await page.waitForURL(`**/challenges/${signOffChallengeId}/sign-off`);
    await expect(page.getByTestId("challenge-title").textContent()).resolves.toBe(title);
    await expect(page.getByTestId("sign-offs").textContent()).resolves.toContain("同意");
    await check(page, "sign-off");
    // Sending back needs a reason: said next to the field.
    await page.getByTestId("sign-off-decision").getByText("退回修改").click();
    await page.getByTestId("sign-off-form-submit").click();
    await page.locator(".ant-form-item-explain-error").first().waitFor();
    await page.getByTestId("sign-off-decision").getByText("同意发布").click();
    await page.getByTestId("sign-off-form-submit").click();
    await confirmModal(page);
    await actionDone(page);
    await driver.settle();
    const after = await api.get<{ status: string }>(
      `/v1/challenges/${signOffChallengeId}`,
      await driver.bureau(),
    );
    expect(after.body.status).toBe("scheduled");
    await page.close();
    expect(pageErrors.join("\n")).toBe("");
  });

  it("confirms the shortlist from 待办: ranked applicants by name with their weighted scores", async () => {
    // The last expert scores, the enterprise shortlists one winner, the bureau confirms.
    const panel = (await driver.award(scored.challengeId)).panel;
    const tech2 = panel.find((p) => p.expertId === driver.sub("tech-2"))!;
    expect((await driver.score("tech-2", tech2.assignmentId, () => 70)).status).toBe(200);
    await driver.settle();
    expect(
      (
        await api.post(`/v1/awards/${scored.challengeId}/shortlist`, await driver.enterprise("ent-casting"), {
          race: false,
          winners: 1,
        })
      ).status,
    ).toBe(202);
    await driver.settle();
    expect(
      (
        await api.post(`/v1/awards/${scored.challengeId}/confirmation`, await driver.bureau(), {
          decision: "confirm",
        })
      ).status,
    ).toBe(202);
    await driver.settle();

    const page = await as("a1", "taiyuan-gov", "approver");
    await followTodo(page, "award.approver-confirmation", scored.title);
    await page.waitForURL(`**/awards/${scored.challengeId}/confirmation`);
    await expect(page.getByTestId("award-title").textContent()).resolves.toBe(scored.title);
    const ranking = page.getByTestId("ranking");
    const rows = await ranking.locator("tbody tr").allTextContents();
    expect(rows).toHaveLength(2);
    // uni-a: technical 90 (tech-1), 80, 70 → mean 80 on every criterion = 80.00; uni-b the same but 85 technical.
    expect(rows.join("|")).toContain("uni-a 研究院");
    expect(rows.join("|")).toContain("uni-b 研究院");
    await expect(page.getByTestId("panel-progress").textContent()).resolves.toBe("3/3 位专家已评分");
    const award = await driver.award(scored.challengeId);
    for (const r of award.ranking) {
      await expect(page.getByTestId(`score-${r.applicationId}`).textContent()).resolves.toBe(
        `${Math.floor(r.scoreBp / 100)}.${String(r.scoreBp % 100).padStart(2, "0")}`,
      );
    }
    await check(page, "confirmation");
    await page.getByTestId("confirmation-decision").getByText("确认入围名单").click();
    await page.getByTestId("confirmation-form-submit").click();
    await confirmModal(page);
    await actionDone(page);
    await driver.settle();
    expect((await driver.award(scored.challengeId)).challengeStatus).toBe("on-notice");
    await page.close();
    expect(pageErrors.join("\n")).toBe("");
  });
});

describe("on the project page", () => {
  it("a panel expert gives the milestone verdict (evidence downloadable); the approver confirms the payment opinion", async () => {
    const expert = await as("x1", "inst-1", "expert");
    await followTodo(expert, "project.review-milestone", projectId);
    await expert.waitForURL(`**/projects/${projectId}/milestones/1/review`);
    const card = expert.getByTestId("milestone-review-1");
    await card.waitFor();
    await expect(card.textContent()).resolves.toContain("中试线建成，良品率达到 93%");
    const evidence = expert.getByTestId("evidence-1");
    await expect(evidence.locator("tbody tr").count()).resolves.toBe(2);
    await expect(evidence.textContent()).resolves.toContain("进展报告");
    const [popup] = await Promise.all([
      expert.context().waitForEvent("page"),
      evidence.getByRole("button").first().click(),
    ]);
    expect(popup.url()).toMatch(/^http:\/\/(127\.0\.0\.1|localhost)/);
    await popup.close();
    await check(expert, "milestone-review");
    await card.getByText("通过", { exact: true }).click();
    await card.locator("textarea").fill("指标达成，材料齐全");
    await card.getByTestId("milestone-verdict-1-submit").click();
    await confirmModal(expert);
    await expert.getByTestId("milestone-voted-1").waitFor();
    await expert.close();
    await flow.settle();
    const reviewed = await flow.read(projectId);
    expect(reviewed.track.milestones[0]?.status).toBe("awaiting-payment-opinion");

    const approver = await as("a1", "taiyuan-gov", "approver");
    await followTodo(approver, "project.confirm-payment-opinion", projectId);
    await approver.waitForURL(`**/projects/${projectId}/milestones/1/payment-opinion`);
    const opinion = approver.getByTestId("payment-opinion-m1");
    await opinion.waitFor();
    await expect(opinion.getByTestId("opinion-amount").textContent()).resolves.toMatch(/^¥[\d,]+\.\d{2}$/);
    await check(approver, "payment-opinion");
    await opinion.getByRole("button", { name: "确认拨付意见" }).click();
    await confirmModal(approver);
    await approver.getByTestId("payment-opinion-confirmed-1").waitFor();
    await flow.settle();
    expect((await flow.read(projectId)).track.milestones[0]?.status).toBe("passed");
    await approver.close();
    expect(pageErrors.join("\n")).toBe("");
  });
});
