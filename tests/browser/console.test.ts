// End-to-end: the workbench (工作台, web/) in real headless Chromium (Debian's /usr/bin/chromium driven by playwright-core)
// against the in-process runtime — data made over HTTP (a programme, a demand refined into a challenge that waits for
// the approver), then sign-in through the form as admin, the 待办 landing page, the programmes page, the executions inspector and one
// execution with its current state highlighted, and the stuck-executions panel (none on a healthy platform; then a
// demand-intake task held mid-step, as a hung Lambda would, while the clock moves 16 minutes, listed with its reason in
// words and correlation id). Every page is checked with axe-core; a deep link survives a reload. Also the admin read
// routes' refusals and the static files' serving. Screenshots go to test-artifacts/screenshots/.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Runtime, startRuntime } from "../../local/runtime.ts";
import { projectRoot } from "../../local/runtime-paths.ts";
import {
  apiClient,
  completeDemand,
  createProgramme,
  draftChallengeDecision,
  tokenIssuer,
} from "../support/api.ts";
import {
  choose,
  installedChromium,
  launchChromium,
  openMenu,
  seriousViolations,
  signIn,
} from "../support/workbench.ts";

const screenshots = join(projectRoot, "test-artifacts", "screenshots");

let runtime: Runtime;
let dataDir: string;
let browser: Browser;
const api = apiClient(() => runtime.info.apiUrl);
const as = tokenIssuer(() => runtime);
const bureau = () => as("b1", "taiyuan-stb", "bureau");
const enterprise = () => as("e1", "ent-casting", "enterprise");
const admin = () => as("admin-1", "taiyuan-stb", "admin");

let challengeId: string;
let publicationArn: string;
let challengeProgramme: string;

/** The held invocation (the stuck-executions panel test): which demand's ApplyDecision to hold, and its release. */
let holdDemandId: string | undefined;
let reached: () => void = () => undefined;
let release: () => void = () => undefined;
const reachedHold = new Promise<void>((resolve) => {
  reached = resolve;
});
const released = new Promise<void>((resolve) => {
  release = resolve;
});

beforeAll(async () => {
  installedChromium();
  mkdirSync(screenshots, { recursive: true });
  dataDir = mkdtempSync(join(tmpdir(), "jiebang-console-"));
  runtime = await startRuntime({
    dataDir,
    clockStart: "2025-09-01T01:00:00.000Z",
    beforeInvoke: (name, event) => {
      const payload = event as { task?: string; demandId?: string } | null;
      if (name !== "demand-intake-tasks" || payload?.task !== "applyDecision") return undefined;
      if (!holdDemandId || payload.demandId !== holdDemandId) return undefined;
      reached();
      return released;
    },
  });
  browser = await launchChromium(["--disable-quic", "--disable-component-update", "--disable-sync"]);

  // Data: a programme, a demand refined into a challenge (cap 3,000,000 yuan), signed off by the bureau, so the
  // publication execution waits for the approver (审定).
  const programmeId = await createProgramme(api, await bureau());
  challengeProgramme = programmeId;
  const demand = await api.post<{ id: string }>(
    "/v1/demands",
    await enterprise(),
    completeDemand("单晶叶片铸造", programmeId),
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
  const signed = await api.post(`/v1/challenges/${challengeId}/sign-off`, await bureau(), {
    decision: "approve",
    comment: "同意",
  });
  expect(signed.status).toBe(202);
  await runtime.stepFunctions.whenIdle();
  const listed = await api.get<{ items: { executionArn: string; name: string }[] }>(
    "/v1/admin/executions?stateMachine=challenge-publication&status=RUNNING",
    await admin(),
  );
  publicationArn = listed.body.items.find((e) => e.name.includes(challengeId))!.executionArn;
}, 180_000);

afterAll(async () => {
  release();
  await browser?.close();
  await runtime?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe("admin read routes", () => {
  it("describe an execution waiting for the approver: graph, path, current state, pending task", async () => {
    const res = await api.get<{
      execution: { status: string; stateMachine: string };
      currentState: string;
      path: string[];
      marks: Record<string, string>;
      pendingTasks: { state: string; waitedOn: { role: string }; since: string; deadline: string }[];
      graph: { nodes: { name: string }[] };
      steps: { name: string; input: unknown }[];
    }>(`/v1/admin/executions/${encodeURIComponent(publicationArn)}`, await admin());
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.execution).toMatchObject({ status: "RUNNING", stateMachine: "challenge-publication" });
    expect(res.body.currentState).toBe("AwaitApproverSignOff");
    expect(res.body.marks["AwaitApproverSignOff"]).toBe("current");
    expect(res.body.marks["AwaitBureauSignOff"]).toBe("visited");
    expect(res.body.path.slice(0, 3)).toEqual([
      "IsRepublication",
      "AwaitBureauSignOff",
      "ApplyBureauSignOff",
    ]);
    expect(res.body.graph.nodes.map((n) => n.name)).toContain("CloseWindow");
    expect(res.body.pendingTasks).toHaveLength(1);
    const task = res.body.pendingTasks[0]!;
    expect(task).toMatchObject({ state: "AwaitApproverSignOff", waitedOn: { role: "approver" } });
    // 14 days (TimeoutSeconds 1209600) after the task was scheduled, on the runtime's clock.
    expect(Date.parse(task.deadline) - Date.parse(task.since)).toBe(14 * 86_400_000);
  });

  it("lists state machines and filters executions by status", async () => {
    const machines = await api.get<{ items: { name: string }[] }>("/v1/admin/state-machines", await admin());
    expect(machines.body.items.map((m) => m.name)).toEqual(
      expect.arrayContaining(["demand-intake", "challenge-publication", "challenge-award"]),
    );
    const succeeded = await api.get<{ items: { status: string }[] }>(
      "/v1/admin/executions?stateMachine=demand-intake&status=SUCCEEDED",
      await admin(),
    );
    expect(succeeded.body.items.length).toBe(1);
    const running = await api.get<{ items: unknown[] }>(
      "/v1/admin/executions?stateMachine=demand-intake&status=RUNNING",
      await admin(),
    );
    expect(running.body.items).toEqual([]);
  });

  it("refuses other roles, bad ARNs and unknown executions", async () => {
    expect((await api.get("/v1/admin/executions?stateMachine=demand-intake", await bureau())).status).toBe(
      403,
    );
    expect((await api.get("/v1/admin/executions?stateMachine=nope", await admin())).status).toBe(400);
    expect((await api.get("/v1/admin/executions/not-an-arn", await admin())).status).toBe(400);
    const unknown = publicationArn.replace(/:[^:]+$/, ":no-such-execution");
    expect((await api.get(`/v1/admin/executions/${encodeURIComponent(unknown)}`, await admin())).status).toBe(
      404,
    );
    const foreign = "arn:aws:states:us-east-1:000000000000:execution:someone-else:x";
    expect((await api.get(`/v1/admin/executions/${encodeURIComponent(foreign)}`, await admin())).status).toBe(
      404,
    );
  });
});

describe("static files of the workbench", () => {
  it("serves the built app under /console/, index.html for deep links, and nothing outside it", async () => {
    const base = runtime.info.apiUrl;
    const index = await fetch(`${base}/console/`);
    expect(index.status).toBe(200);
    expect(index.headers.get("content-type")).toContain("text/html");
    const html = await index.text();
    const script = /src="(\/console\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    expect((await fetch(`${base}${script}`)).headers.get("content-type")).toContain("text/javascript");
    // A deep link (no file extension) is the app's page; a reload keeps it (the app routes by the URL).
    const deep = await fetch(`${base}/console/finance/ledger?programmeId=x`);
    expect(deep.status).toBe(200);
    expect(await deep.text()).toBe(html);
    expect((await fetch(`${base}/console`, { redirect: "manual" })).status).toBe(308);
    expect((await fetch(`${base}/console/%2e%2e/package.json`)).status).toBe(404);
    expect((await fetch(`${base}/console/missing.js`)).status).toBe(404);
  });
});

describe("the workbench in Chromium", () => {
  /** Uncaught page errors and console errors of the pages opened so far; each test asserts it saw none. */
  const pageErrors: string[] = [];
  async function signedInPage(): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, locale: "zh-CN" });
    page.on("pageerror", (e) => pageErrors.push(`pageerror: ${e.message}`));
    page.on("console", (m) => {
      if (m.type() === "error") pageErrors.push(`console: ${m.text()} ${m.location().url}`);
    });
    await signIn(page, runtime.info.apiUrl, "admin-1", "taiyuan-stb", "admin");
    return page;
  }

  it("signs in as the approver: 待办 lists the challenge waiting for 审定 by its title, with its deadline", async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, locale: "zh-CN" });
    page.on("pageerror", (e) => pageErrors.push(`pageerror: ${e.message}`));
    page.on("console", (m) => {
      if (m.type() === "error") pageErrors.push(`console: ${m.text()} ${m.location().url}`);
    });
    await signIn(page, runtime.info.apiUrl, "approver-1", "taiyuan-stb", "approver");
    const table = page.getByTestId("tasks-table");
    await table.waitFor();
    const row = table.locator("tbody tr", { hasText: challengeId });
    // Names, not ids: the challenge's title leads, its id is the secondary text; the action in words.
    const { title } = (await api.get<{ title: string }>(`/v1/challenges/${challengeId}`, await bureau()))
      .body;
    expect(title.length).toBeGreaterThan(0);
    await expect(row.locator("td").nth(1).textContent()).resolves.toBe(`${title}${challengeId}`);
    await expect(row.locator("[data-action]").getAttribute("data-action")).resolves.toBe(
      "challenge.approver-sign-off",
    );
    await expect(row.locator("[data-action]").textContent()).resolves.toMatch(/[\u4e00-\u9fff]/);
    // The deadline as yyyy-MM-dd, not overdue yet on the platform clock.
    await expect(row.textContent()).resolves.toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(await row.getByTestId("overdue").count()).toBe(0);
    await expect(page.getByTestId("tasks-count").textContent()).resolves.toMatch(/共 \d+ 项/);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(screenshots, "workbench-tasks-approver.png"), fullPage: true });
    await page.close();
    expect(pageErrors).toEqual([]);
  });

  it("signs in as admin: 待办 first, then programmes with challenges by stage and money in yuan", async () => {
    const page = await signedInPage();
    // The landing page: 待办, an empty state until the API lists tasks; the admin's menu (机构名录: every role reads the
    // registry, the admin registers; 消息 and 通知设置: every person's inbox and settings; 发送失败: the admin's failed sends).
    await page.getByTestId("tasks-empty").waitFor();
    await expect(page.getByTestId("nav").getByRole("link").allTextContents()).resolves.toEqual([
      "待办",
      "批次与榜单",
      "机构名录",
      "消息",
      "通知设置",
      "发送失败",
      "流程执行",
      "审计链校验",
      "工作日历",
    ]);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(screenshots, "workbench-tasks.png"), fullPage: true });
    await openMenu(page, "批次与榜单");
    await page.getByTestId("programme").first().waitFor();
    const programme = page.getByTestId("programme").first();
    await expect(programme.locator("h2").textContent()).resolves.toBe("太原市2025年第一批揭榜挂帅项目");
    const row = programme.locator("[data-stage=awaiting-approver]");
    await expect(row.textContent()).resolves.toContain("待审定");
    await expect(row.textContent()).resolves.toContain("¥3,000,000.00");
    // What it waits for, in words (not the code "approver-sign-off").
    const waiting = programme.locator(`[data-challenge=${challengeId}] [data-testid=waiting-for]`);
    await expect(waiting.textContent()).resolves.toContain("审定领导审定");
    await expect(waiting.textContent()).resolves.not.toContain("approver-sign-off");
    // The stage chart is drawn (ECharts, its own chunk) with its labels.
    await programme.locator("[data-testid=stage-chart][data-drawn=yes]").waitFor();
    await expect(
      programme.getByTestId("stage-chart").locator("svg text").allTextContents(),
    ).resolves.toContain("待审定");
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(screenshots, "workbench-programmes.png"), fullPage: true });

    // The English switch.
    await page.getByTestId("lang-switch").click();
    await page.getByText("Programmes & challenges", { exact: false }).first().waitFor();
    await expect(programme.locator("[data-stage=awaiting-approver]").textContent()).resolves.toContain(
      "Awaiting approver",
    );
    // The choice of language is kept across a reload, and so is the page (its URL).
    await page.reload();
    await page.getByRole("heading", { name: "Programmes & challenges" }).waitFor();
    await page.getByTestId("lang-switch").click();
    await page.getByRole("heading", { name: "批次与榜单" }).waitFor();
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it("inspects executions: the list by state machine and status, then one with its current state", async () => {
    const page = await signedInPage();
    await openMenu(page, "流程执行");
    await choose(page, "state-machine", "challenge-publication");
    await choose(page, "status", "运行中");
    const row = page.locator("[data-testid=executions] tbody tr").filter({ hasText: challengeId });
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain("运行中");
    // A healthy platform (the publication waits for the approver, within its deadline): nothing stuck.
    const stuck = page.getByTestId("stuck-executions");
    await stuck.getByTestId("no-stuck").waitFor();
    await expect(stuck.getByTestId("no-stuck").textContent()).resolves.toBe("无：没有卡住的执行。");
    await expect(stuck.locator("tbody tr").count()).resolves.toBe(0);
    // Closed executions expire after 90 days, as in AWS: said on the page.
    await expect(page.getByTestId("expiry-note").textContent()).resolves.toContain("90");
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(screenshots, "workbench-executions.png"), fullPage: true });

    await row.getByRole("link").click();
    await page.getByTestId("graph").waitFor();
    await expect(page.getByTestId("current-state").textContent()).resolves.toContain("AwaitApproverSignOff");
    const current = page.locator("[data-testid=graph] g[data-mark=current]");
    await expect(current.count()).resolves.toBe(1);
    await expect(current.getAttribute("data-state")).resolves.toBe("AwaitApproverSignOff");
    // Highlighted as a person sees it: the current state's box is filled amber.
    await expect(
      current
        .locator("rect")
        .evaluate(
          (r) =>
            (globalThis as unknown as { getComputedStyle(e: unknown): { fill: string } }).getComputedStyle(r)
              .fill,
        ),
    ).resolves.toBe("rgb(255, 233, 184)");
    await expect(page.locator("[data-testid=graph] g[data-mark=visited]").count()).resolves.toBeGreaterThan(
      2,
    );
    const pending = page.getByTestId("pending-tasks");
    // Who is waited on, said once: "审定领导审定", not "审定领导 · 审定领导审定".
    await expect(pending.getByTestId("waited-on").textContent()).resolves.toBe("审定领导审定");
    await expect(page.getByTestId("steps").textContent()).resolves.toContain(challengeId);
    // Step statuses in words: the sign-off done, the approver's still running.
    await expect(
      page.locator("[data-testid=steps] [data-step=AwaitBureauSignOff]").textContent(),
    ).resolves.toContain("已完成");
    await expect(
      page.locator("[data-testid=steps] [data-step=AwaitApproverSignOff]").textContent(),
    ).resolves.toContain("进行中");
    // Choice conditions are written on the edges (not only in tooltips); nothing token-like is shown.
    await expect(page.locator("[data-testid=graph] g.edge-label").count()).resolves.toBeGreaterThan(0);
    const shown = (await page.locator("main").textContent()) ?? "";
    expect(shown).not.toMatch(/"taskToken"\s*:\s*"(?!••)/);
    expect(shown).not.toMatch(/[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/);
    // No edge passes through another state's box.
    const crossings = await page.locator("[data-testid=graph] svg").evaluate((svg) => {
      type Box = { x: number; y: number; width: number; height: number };
      const el = svg as unknown as {
        querySelectorAll(s: string): ArrayLike<{
          getAttribute(n: string): string | null;
          getBBox(): Box;
          getTotalLength(): number;
          getPointAtLength(l: number): { x: number; y: number };
        }>;
      };
      const boxes = Array.from(el.querySelectorAll("g.state")).map((g) => ({
        name: g.getAttribute("data-state") ?? "",
        box: (g as unknown as { querySelector(s: string): { getBBox(): Box } })
          .querySelector("rect")
          .getBBox(),
      }));
      const hits: string[] = [];
      for (const path of Array.from(el.querySelectorAll("path.edge"))) {
        const [from, to] = (path.getAttribute("data-edge") ?? "").split("→");
        const length = path.getTotalLength();
        for (let l = 0; l <= length; l += 4) {
          const p = path.getPointAtLength(l);
          const inside = boxes.find(
            (b) =>
              b.name !== from &&
              b.name !== to &&
              p.x > b.box.x + 1 &&
              p.x < b.box.x + b.box.width - 1 &&
              p.y > b.box.y + 1 &&
              p.y < b.box.y + b.box.height - 1,
          );
          if (inside) {
            hits.push(`${from}→${to} through ${inside.name}`);
            break;
          }
        }
      }
      return hits;
    });
    expect(crossings).toEqual([]);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(screenshots, "workbench-execution.png"), fullPage: true });
    // A deep link to the execution survives a reload.
    const url = page.url();
    await page.reload();
    await page.getByTestId("graph").waitFor();
    expect(page.url()).toBe(url);
    await expect(page.getByTestId("current-state").textContent()).resolves.toContain("AwaitApproverSignOff");
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it("lists a stuck execution: a task held mid-step while the clock moves 16 minutes", async () => {
    const demand = await api.post<{ id: string }>(
      "/v1/demands",
      await enterprise(),
      completeDemand("涡轮盘检测", challengeProgramme),
    );
    expect(demand.status).toBe(201);
    const submitted = await api.post(`/v1/demands/${demand.body.id}/submit`, await enterprise(), undefined, {
      "x-correlation-id": "corr-console-stuck",
    });
    expect(submitted.status).toBe(202);
    await runtime.stepFunctions.whenIdle();
    holdDemandId = demand.body.id;
    const decided = await api.post(
      `/v1/demands/${demand.body.id}/decision`,
      await bureau(),
      draftChallengeDecision(runtime.clock.now(), { opensInDays: 2, openDays: 14 }),
    );
    expect(decided.status).toBe(202);
    await reachedHold; // ApplyDecision's invocation is held: the execution is mid-step.
    runtime.clock.advanceBy(16 * 60_000);

    const page = await signedInPage();
    await openMenu(page, "流程执行");
    const row = page.locator("[data-testid=stuck-executions] tbody tr[data-execution]");
    await row.waitFor();
    await expect(row.count()).resolves.toBe(1);
    const text = (await row.textContent()) ?? "";
    expect(text).toContain("demand-intake");
    expect(text).toContain("AwaitBureauDecision");
    expect(text).toContain("corr-console-stuck");
    // The reason in words, not the code.
    await expect(row.getByTestId("stuck-reason").locator("strong").textContent()).resolves.toBe(
      "长时间无进展",
    );
    expect(text).not.toContain("no-progress");
    await page.screenshot({ path: join(screenshots, "workbench-stuck-executions.png"), fullPage: true });

    // In English too.
    await page.getByTestId("lang-switch").click();
    await page.getByRole("heading", { name: "Stuck executions" }).waitFor();
    await expect(
      page
        .locator("[data-testid=stuck-executions] tbody tr[data-execution] [data-testid=stuck-reason] strong")
        .textContent(),
    ).resolves.toBe("No progress for too long");

    // The execution's name links to its detail view.
    const link = page.locator("[data-testid=stuck-executions] tbody tr[data-execution] a");
    const name = (await link.textContent()) ?? "";
    expect(name).not.toBe("");
    await link.click();
    await page.getByTestId("graph").waitFor();
    await expect(page.locator("h1").textContent()).resolves.toContain(name);

    // Released, the task completes and the demand is accepted.
    release();
    await runtime.stepFunctions.whenIdle();
    const after = await api.get<{ status: string }>(`/v1/demands/${demand.body.id}`, await bureau());
    expect(after.body.status).toBe("accepted");
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});
