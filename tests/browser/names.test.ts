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
  const at = new Date(runtime.clock.now()).toISOString();
  await recordStore().write(
    [
      created(
        challengeKind,
        {
          id: project.challengeId,
          version: 1,
          programmeId: project.programmeId,
          title: projectTitle,
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
}, 240_000);

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
      for (const id of ids) if ((n.textContent || "").includes(id)) found.push(id + " in: " + n.textContent.trim().slice(0, 80));
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
      await row.getByRole("link", { name: openDemandTitle }).click();
      await page.waitForURL(`**/demands/${openDemandId}/decision`);
      await page.getByTestId("demand-summary").getByText("太原精密铸造有限公司").waitFor();
      expect(await idsShown(page, knownIds())).toEqual([]);
      await page.screenshot({ path: join(screenshots, "names-bureau-decision.png"), fullPage: true });
      // The expert pool's 单位 by registered name.
      const made = await api.post("/v1/experts", await bureau(), {
        expertId: "local-pool-9",
        organisationId: "taiyuan-gov",
        name: "周明",
        expertise: "management",
      });
      expect(made.status, JSON.stringify(made.body)).toBe(201);
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
});
