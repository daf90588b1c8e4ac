// Browser test (names): no page shows an id where the API has a name for it. After a run that makes a programme, a
// challenge waiting for the approver and an awarded project (prepared by API), each role's pages are visited in
// Chromium: the known ids (project, challenge and programme ids, organisation ids, user ids, the policy id) appear as
// visible text only inside elements marked secondary (`data-secondary`, class `muted`, Typography type="secondary"),
// and the names do appear — the person's and the organisation's in the header, the titles on the pages.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ChallengeRecord, challengeKind } from "../../functions/challenges/model.ts";
import { shanghaiDate } from "../../functions/kernel/dates.ts";
import { usccCheckCharacter } from "../../functions/organisations/rules/uscc.ts";
import { recordStore } from "../../functions/platform/deps.ts";
import { created } from "../../functions/platform/ports/records.ts";
import { type Runtime, startRuntime } from "../../local/runtime.ts";
import { projectRoot } from "../../local/runtime-paths.ts";
import {
  apiClient,
  completeDemand,
  createProgramme,
  draftChallengeDecision,
  tokenIssuer,
} from "../support/api.ts";
import { projectFlow } from "../support/project-flow.ts";
import { awardedProject, type SeededProject } from "../support/projects.ts";
import { launchChromium, seriousViolations } from "../support/workbench.ts";

const screenshots = join(projectRoot, "test-artifacts", "screenshots");

let runtime: Runtime;
let dataDir: string;
let browser: Browser;
const api = apiClient(() => runtime.info.apiUrl);
const as = tokenIssuer(() => runtime);
const bureau = () => as("b1", "taiyuan-stb", "bureau");
const enterprise = () => as("e1", "ent-casting", "enterprise");

let challengeId: string;
let programmeId: string;
let openDemandId: string;
const openDemandTitle = "精密铸件无损检测";
let project: SeededProject;
const challengeTitle = "单晶叶片铸造";
const projectTitle = "高温合金叶片精密铸造缺陷控制";

const code = (first17: string) => `${first17}${usccCheckCharacter(first17)}`;
const registry = [
  {
    organisationId: "taiyuan-stb",
    registeredName: "太原市科学技术局",
    uscc: code("11140100MA0100001"),
    type: "government",
  },
  {
    organisationId: "taiyuan-gov",
    registeredName: "太原市人民政府",
    uscc: code("11140100MA0100002"),
    type: "government",
  },
  {
    organisationId: "ent-casting",
    registeredName: "太原精密铸造有限公司",
    uscc: code("91140100MA0100003"),
    type: "enterprise",
  },
  {
    organisationId: "uni-a",
    registeredName: "太原理工大学",
    uscc: code("12140000MA0100004"),
    type: "university",
  },
];

beforeAll(async () => {
  mkdirSync(screenshots, { recursive: true });
  dataDir = mkdtempSync(join(tmpdir(), "jiebang-names-browser-"));
  runtime = await startRuntime({ dataDir, clockStart: "2025-09-01T01:00:00.000Z" });
  browser = await launchChromium(["--disable-dev-shm-usage"]);
  for (const entry of registry) {
    const made = await api.post("/v1/organisations", await bureau(), entry);
    if (made.status !== 201)
      throw new Error(`register ${entry.organisationId}: ${JSON.stringify(made.body)}`);
  }
  // A challenge the bureau signed off: the approver's 审定 waits.
  programmeId = await createProgramme(api, await bureau());
  const demand = await api.post<{ id: string }>(
    "/v1/demands",
    await enterprise(),
    completeDemand(challengeTitle, programmeId),
  );
  expect(demand.status).toBe(201);
  expect((await api.post(`/v1/demands/${demand.body.id}/submit`, await enterprise())).status).toBe(202);
  await runtime.stepFunctions.whenIdle();
  const decision = draftChallengeDecision(runtime.clock.now(), { opensInDays: 2, openDays: 14 });
  expect((await api.post(`/v1/demands/${demand.body.id}/decision`, await bureau(), decision)).status).toBe(
    202,
  );
  await runtime.stepFunctions.whenIdle();
  challengeId = (await api.get<{ challengeId: string }>(`/v1/demands/${demand.body.id}`, await bureau())).body
    .challengeId;
  expect((await api.post(`/v1/challenges/${challengeId}/submit`, await bureau())).status).toBe(202);
  await runtime.stepFunctions.whenIdle();
  expect(
    (
      await api.post(`/v1/challenges/${challengeId}/sign-off`, await bureau(), {
        decision: "approve",
        comment: "同意",
      })
    ).status,
  ).toBe(202);
  await runtime.stepFunctions.whenIdle();
  // A demand awaiting the bureau's decision, with an expert asked for a refinement opinion.
  const open = await api.post<{ id: string }>(
    "/v1/demands",
    await enterprise(),
    completeDemand(openDemandTitle, programmeId),
  );
  expect(open.status).toBe(201);
  openDemandId = open.body.id;
  expect((await api.post(`/v1/demands/${openDemandId}/submit`, await enterprise())).status).toBe(202);
  await runtime.stepFunctions.whenIdle();
  const asked = await api.post(`/v1/demands/${openDemandId}/experts`, await bureau(), {
    experts: [{ expertId: "local-tech-1", organisationId: "inst-1" }],
  });
  expect(asked.status, JSON.stringify(asked.body)).toBe(201);
  // An awarded project of ent-casting (seeded as the award writes it, before projects stored their title).
  project = await awardedProject(runtime, { enterpriseOrg: "ent-casting", solverOrg: "uni-a" });
  await seedChallenge(project.challengeId, project.programmeId, projectTitle);
}, 240_000);

/** The awarded challenge of a seeded project (awardedProject writes none): the project's title on its pages. */
async function seedChallenge(id: string, programmeId: string, title: string) {
  const at = new Date(runtime.clock.now()).toISOString();
  await recordStore().write(
    [
      created(
        challengeKind,
        {
          id,
          version: 1,
          programmeId,
          title,
          status: "awarded",
          enterpriseOrganisationIds: ["ent-casting"],
          createdAt: at,
          updatedAt: at,
        } as unknown as ChallengeRecord,
        { actor: "test", role: "bureau", action: "test.seeded" },
      ),
    ],
    at,
  );
}

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** Signs in with the local form, giving the person's name (the token's `name` claim), and waits for 待办. */
async function signInNamed(page: Page, user: string, org: string, role: string, name: string) {
  await page.goto(`${runtime.info.apiUrl}/console/`);
  const form = page.getByTestId("signin-form");
  await form.locator("input[name=user]").fill(user);
  await form.locator("input[name=org]").fill(org);
  await form.locator("input[name=name]").fill(name);
  await form.locator(`input[type=radio][value=${role}]`).check();
  await form.getByRole("button", { name: "登录", exact: true }).click();
  await page.getByTestId("tasks").waitFor();
}

/** Each known id found in visible text outside an element marked secondary, with the text it is in. */
async function idsShown(page: Page, ids: readonly string[]): Promise<string[]> {
  const script = `(ids) => {
    const found = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || el.closest("[data-secondary], .muted, .ant-typography-secondary, script, style")) continue;
      if (typeof el.checkVisibility === "function" && !el.checkVisibility()) continue;
      const at = el.closest("[data-testid]");
      for (const id of ids)
        if ((n.textContent || "").includes(id))
          found.push(id + " in: " + n.textContent.trim().slice(0, 80) + (at ? " @" + at.getAttribute("data-testid") : ""));
    }
    return found;
  }`;
  return page.evaluate(`(${script})(${JSON.stringify(ids)})`) as Promise<string[]>;
}

const knownIds = () => [
  project.projectId,
  project.programmeId,
  programmeId,
  challengeId,
  "ent-casting",
  "taiyuan-stb",
  "taiyuan-gov",
  "local-",
  "taiyuan-2023",
  "dmd-",
  "inst-1",
];

describe("names, not ids", () => {
  it("the approver: its name and organisation's registered name in the header, its queue by challenge title", async () => {
    const page = await browser.newPage();
    try {
      await signInNamed(page, "gov-sun", "taiyuan-gov", "approver", "孙建华");
      await expect(page.getByTestId("who-name").textContent()).resolves.toBe("孙建华");
      await page.getByTestId("who-org").filter({ hasText: "太原市人民政府" }).waitFor();
      await page.getByTestId("nav").getByRole("link", { name: "审定事项", exact: true }).click();
      const queue = page.getByTestId("approver-queue");
      await queue
        .locator("[data-group='challenge.approver-sign-off']")
        .getByText(challengeTitle)
        .first()
        .waitFor();
      expect(await idsShown(page, knownIds())).toEqual([]);
      expect(await seriousViolations(page)).toEqual([]);
      await page.screenshot({ path: join(screenshots, "names-approver-queue.png"), fullPage: true });
      await page.goto(`${runtime.info.apiUrl}/console/tasks`);
      await page.getByTestId("tasks-table").getByText(challengeTitle).first().waitFor();
      expect(await idsShown(page, knownIds())).toEqual([]);
      // The 待办 badge sits after the word with a gap, not on it.
      const overlap = await page.evaluate(`(() => {
        const link = document.querySelector("[data-testid=nav] a[href$='/tasks']");
        const badge = link && link.querySelector("[data-testid=tasks-badge]");
        const text = link && [...link.childNodes].find((n) => n.nodeType === 3 && n.textContent.includes("待办"));
        if (!badge || !text) return "no badge or word";
        const range = document.createRange();
        range.selectNodeContents(text);
        const w = range.getBoundingClientRect();
        const b = badge.getBoundingClientRect();
        return b.left >= w.right + 4 ? "" : "badge at " + b.left + ", the word ends at " + w.right;
      })()`);
      expect(overlap).toBe("");
      // The challenge to approve: its status once (待审定), not again as what it waits for.
      await page.goto(`${runtime.info.apiUrl}/console/challenges/${challengeId}/sign-off`);
      await page.getByTestId("challenge-status").filter({ hasText: "待审定" }).waitFor();
      expect(await page.getByTestId("challenge-status").locator("xpath=..").textContent()).not.toContain(
        "审定领导审定",
      );
      expect(await idsShown(page, knownIds())).toEqual([]);
      await page.screenshot({ path: join(screenshots, "names-approver-sign-off.png"), fullPage: true });
    } finally {
      await page.close();
    }
  });

  it("the bureau: a project's page by its title, programme, policy and parties by name", async () => {
    const page = await browser.newPage();
    try {
      await signInNamed(page, "stb-zhao", "taiyuan-stb", "bureau", "赵立新");
      await page.getByTestId("who-org").filter({ hasText: "太原市科学技术局" }).waitFor();
      await page.goto(`${runtime.info.apiUrl}/console/projects/${project.projectId}`);
      await page.getByTestId("project-title").filter({ hasText: projectTitle }).waitFor();
      const summary = page.getByTestId("project-summary");
      await summary.getByText("太原精密铸造有限公司").waitFor();
      await summary.getByText("项目管理测试批次").waitFor();
      await summary.getByText("太原市“双百攻关行动”揭榜挂帅项目（2023）").waitFor();
      expect(await idsShown(page, knownIds())).toEqual([]);
      expect(await seriousViolations(page)).toEqual([]);
      await page.screenshot({ path: join(screenshots, "names-project.png"), fullPage: true });
      // The programmes overview: each programme's policy by its name, the projects' parties by their registered names
      // (the award stored the ids as the names of this older record).
      await page.goto(`${runtime.info.apiUrl}/console/programmes`);
      const card = page.locator(`[data-programme="${project.programmeId}"]`);
      await card
        .getByTestId("programme-policy")
        .filter({ hasText: "太原市“双百攻关行动”揭榜挂帅项目（2023）" })
        .waitFor();
      const row = card.getByTestId("projects").locator(`[data-project="${project.projectId}"]`);
      await row.getByText("太原精密铸造有限公司").waitFor();
      await row.getByText("太原理工大学").waitFor();
      // Not even as muted text: the policy id nowhere on the page.
      expect(await page.locator("body").innerText()).not.toContain("taiyuan-2023");
      expect(await idsShown(page, [...knownIds(), "uni-a"])).toEqual([]);
      expect(await seriousViolations(page)).toEqual([]);
      await page.screenshot({ path: join(screenshots, "names-programmes.png"), fullPage: true });
    } finally {
      await page.close();
    }
  });

  it("the bureau: demands by the enterprise's registered name, on the list and the decision page; the expert pool's 单位", async () => {
    const page = await browser.newPage();
    try {
      await signInNamed(page, "stb-zhao", "taiyuan-stb", "bureau", "赵立新");
      await page.goto(`${runtime.info.apiUrl}/console/bureau/demands`);
      const row = page.getByRole("row").filter({ hasText: openDemandTitle });
      await row.getByText("太原精密铸造有限公司").waitFor();
      expect(await idsShown(page, knownIds())).toEqual([]);
      expect(await seriousViolations(page)).toEqual([]);
      await page.screenshot({ path: join(screenshots, "names-bureau-demands.png"), fullPage: true });
      // The expert pool: one expert of a registered body, one of a body not registered.
      for (const expert of [
        { expertId: "local-pool-9", organisationId: "taiyuan-gov", name: "周明", expertise: "management" },
        { expertId: "local-pool-8", organisationId: "inst-8", name: "吴敏", expertise: "technical" },
      ]) {
        const made = await api.post("/v1/experts", await bureau(), expert);
        expect(made.status, JSON.stringify(made.body)).toBe(201);
      }
      await row.getByRole("link", { name: openDemandTitle }).click();
      await page.waitForURL(`**/demands/${openDemandId}/decision`);
      await page.getByTestId("demand-summary").getByText("太原精密铸造有限公司").waitFor();
      expect(await idsShown(page, knownIds())).toEqual([]);
      await page.screenshot({ path: join(screenshots, "names-bureau-decision.png"), fullPage: true });
      // The refinement experts' picker: each expert's organisation by its registered name, the id only when the body
      // is not registered.
      await page.getByTestId("refinement-experts").click();
      const options = page.locator(
        ".ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option",
      );
      await options.filter({ hasText: "周明 · 管理专家 · 太原市人民政府" }).waitFor();
      await options.filter({ hasText: "吴敏 · 技术专家 · inst-8" }).waitFor();
      // (The options' text as shown: Ant Design's zero-size listbox for screen readers holds the values, and reads
      // out each option's aria-label, its label.)
      for (const text of await options.allInnerTexts()) {
        expect(text).not.toContain("taiyuan-gov");
        expect(text).not.toContain("local-pool");
      }
      await page.screenshot({ path: join(screenshots, "names-expert-picker.png"), fullPage: true });
      await page.keyboard.press("Escape");
      await page.goto(`${runtime.info.apiUrl}/console/bureau/experts`);
      await page
        .getByTestId("experts")
        .getByRole("row")
        .filter({ hasText: "周明" })
        .getByText("太原市人民政府")
        .waitFor();
      expect(await idsShown(page, knownIds())).toEqual([]);
      expect(await seriousViolations(page)).toEqual([]);
      await page.screenshot({ path: join(screenshots, "names-bureau-experts.png"), fullPage: true });
    } finally {
      await page.close();
    }
  });

  it("the expert: the demand to refine by the enterprise's name, its status in Chinese", async () => {
    const page = await browser.newPage();
    try {
      await signInNamed(page, "tech-1", "inst-1", "expert", "钱学敏");
      await page.goto(`${runtime.info.apiUrl}/console/demands/${openDemandId}/opinion`);
      await page.getByTestId("demand-title").filter({ hasText: openDemandTitle }).waitFor();
      const opinion = page.getByTestId("opinion");
      await opinion.getByText("太原精密铸造有限公司").waitFor();
      await opinion.locator(".status-submitted").filter({ hasText: "已提交" }).waitFor();
      expect(await idsShown(page, knownIds())).toEqual([]);
      expect(await seriousViolations(page)).toEqual([]);
      await page.screenshot({ path: join(screenshots, "names-expert-opinion.png"), fullPage: true });
    } finally {
      await page.close();
    }
  });

  it("the enterprise: the acceptance plan's experts by name (it may not list the pool), its projects by registered names", async () => {
    // A project whose milestones passed, acceptance asked for, the bureau's plan with two experts of the pool.
    const flow = projectFlow(() => runtime);
    await flow.registerExperts([1, 2]);
    const {
      projectId,
      challengeId: accepted,
      programmeId: itsProgramme,
    } = await flow.signedProject({
      solverOrg: "uni-a",
      startDate: shanghaiDate(runtime.clock.now()),
    });
    await seedChallenge(accepted, itsProgramme, "高温合金叶片验收项目");
    await flow.passMilestone(projectId, 1);
    await flow.passMilestone(projectId, 2);
    const path = `/v1/projects/${projectId}`;
    const asked = await api.post(`${path}/acceptance`, await flow.enterprise(), { summary: "全部指标完成" });
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    const fixed = await api.post(`${path}/acceptance/plan`, await bureau(), {
      plan: "现场测试与资料审查",
      expertIds: ["local-x1", "local-x2"],
    });
    expect(fixed.status, JSON.stringify(fixed.body)).toBe(200);
    // The enterprise may not list the pool: what it sees of the experts comes with the project.
    expect((await api.get("/v1/experts", await enterprise())).status).toBe(403);
    const page = await browser.newPage();
    try {
      await signInNamed(page, "e1", "ent-casting", "enterprise", "李经理");
      await page.getByTestId("who-org").filter({ hasText: "太原精密铸造有限公司" }).waitFor();
      await page.goto(`${runtime.info.apiUrl}/console/projects/${projectId}/acceptance/plan`);
      const plan = page.getByTestId("acceptance-plan");
      const experts = plan.getByTestId("acceptance-experts");
      await experts.getByRole("checkbox", { name: "专家1" }).waitFor();
      await experts.getByRole("checkbox", { name: "专家2" }).waitFor();
      expect(await experts.getByRole("checkbox", { checked: true }).count()).toBe(2);
      expect(await idsShown(page, [...knownIds(), projectId, "local-x", "uni-a"])).toEqual([]);
      expect(await seriousViolations(page)).toEqual([]);
      await page.screenshot({
        path: join(screenshots, "names-enterprise-acceptance-plan.png"),
        fullPage: true,
      });
      // The same plan confirmed: the acceptance goes to its experts.
      await plan.getByTestId("acceptance-plan-form-submit").click();
      await plan.waitFor({ state: "detached", timeout: 90_000 });
      expect(await page.getByTestId("action-error").count()).toBe(0);
      const after = await api.get<{ track: { acceptance: { status: string } } }>(path, await bureau());
      expect(after.body.track.acceptance.status).toBe("under-review");
      // Its projects: the solver by its registered name (the award stored the id).
      await page.goto(`${runtime.info.apiUrl}/console/enterprise/projects`);
      await page.getByRole("row").filter({ hasText: "太原理工大学" }).first().waitFor();
      expect(await idsShown(page, [...knownIds(), "uni-a"])).toEqual([]);
      await page.screenshot({ path: join(screenshots, "names-enterprise-projects.png"), fullPage: true });
    } finally {
      await page.close();
    }
    // The solver's projects: the enterprise by its registered name.
    const solverPage = await browser.newPage();
    try {
      await signInNamed(solverPage, "s1", "uni-a", "solver", "王工");
      await solverPage.getByTestId("who-org").filter({ hasText: "太原理工大学" }).waitFor();
      await solverPage.goto(`${runtime.info.apiUrl}/console/solver/projects`);
      await solverPage.getByRole("row").filter({ hasText: "太原精密铸造有限公司" }).first().waitFor();
      expect(await idsShown(solverPage, [...knownIds(), "uni-a"])).toEqual([]);
      await solverPage.screenshot({ path: join(screenshots, "names-solver-projects.png"), fullPage: true });
    } finally {
      await solverPage.close();
    }
  });

  it("the header: an organisation not in the registry by what it is (科技局, 财政局, 未登记单位), never its id", async () => {
    const cases = [
      { user: "stb-qian", org: "city-stb-unlisted", role: "bureau", shown: "科技局" },
      { user: "czj-sun", org: "city-czj-unlisted", role: "finance", shown: "财政局" },
      { user: "ent-wu", org: "ent-unlisted", role: "enterprise", shown: "未登记单位" },
    ];
    for (const c of cases) {
      const page = await browser.newPage();
      try {
        await signInNamed(page, c.user, c.org, c.role, "钱明");
        const who = page.getByTestId("who");
        await page.getByTestId("who-org").filter({ hasText: c.shown }).waitFor();
        const text = await who.innerText();
        expect(text).not.toContain(c.org);
        // The role not said twice when the organisation is called by it (科技局 · 科技局).
        expect(text.split(c.shown).length - 1, text).toBe(1);
        if (c.role === "bureau")
          await page.screenshot({ path: join(screenshots, "names-header-unregistered.png") });
      } finally {
        await page.close();
      }
    }
  });
});
