// End-to-end: the workbench's (web/) project page and finance pages in real headless Chromium (Debian's chromium via
// playwright-core) against the in-process runtime. Data made over HTTP: project A signed, tranche 1 paid through four
// eyes and the treasury, milestone 1 passed with evidence (tranche 2 eligible); project B (another programme) paid,
// terminated, a partial recovery received. Then the read routes the console uses (roles, validation, agreement with
// the finance report), and in the browser: the bureau's project page (timeline, document hashes, audit trail) and
// finance's queue, ledger, recoveries and charts — with no page errors and no serious or critical axe-core violations.
// Screenshots go to test-artifacts/screenshots/.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { treasurySimulator } from "../../functions/payments/adapters/simulated-treasury.ts";
import { trancheId } from "../../functions/projects/model.ts";
import { recoveryId } from "../../functions/recoveries/model.ts";
import { type Runtime, startRuntime } from "../../local/runtime.ts";
import { projectRoot } from "../../local/runtime-paths.ts";
import { createProgramme, sha256Hex } from "../support/api.ts";
import { projectFlow } from "../support/project-flow.ts";
import type { SeededProject } from "../support/projects.ts";
import {
  choose,
  installedChromium,
  launchChromium,
  openMenu,
  seriousViolations,
  signIn,
} from "../support/workbench.ts";

const screenshots = join(projectRoot, "test-artifacts", "screenshots");
const dayMs = 86_400_000;

let runtime: Runtime;
let dataDir: string;
let browser: Browser;
const flow = projectFlow(() => runtime);
const { api } = flow;
const finance1 = () => flow.as("f1", "taiyuan-czj", "finance");
const finance2 = () => flow.as("f2", "taiyuan-czj", "finance");
const auditor = () => flow.as("au1", "taiyuan-sjj", "auditor");

/** Integer fen as the workbench writes it (¥1,234.00). */
const yuan = (fen: number) =>
  `¥${(fen / 100).toLocaleString("zh-CN", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

let projectA: SeededProject;
let projectB: SeededProject;
let paidA = 0;
let eligibleA = 0;
let receivedB = 0;

/** A payment run for one tranche, approved by a second finance officer; the simulated treasury confirms it. */
async function payTranche(projectId: string, index: number): Promise<number> {
  const started = await api.call<{ results: { paymentId?: string }[] }>("POST", "/v1/payments", {
    token: await finance1(),
    body: { trancheIds: [trancheId(projectId, index)] },
    headers: { "idempotency-key": `run-${projectId}-${index}` },
  });
  expect(started.status, JSON.stringify(started.body)).toBe(202);
  await flow.settle();
  const id = started.body.results[0]?.paymentId as string;
  const approved = await api.post(`/v1/payments/${id}/approval`, await finance2(), { decision: "approve" });
  expect(approved.status, JSON.stringify(approved.body)).toBe(200);
  await flow.settle();
  const paid = await api.get<{ status: string; amountFen: number }>(`/v1/payments/${id}`, await finance1());
  expect(paid.body.status).toBe("paid");
  return paid.body.amountFen;
}

beforeAll(async () => {
  installedChromium();
  mkdirSync(screenshots, { recursive: true });
  dataDir = mkdtempSync(join(tmpdir(), "jiebang-console-finance-"));
  runtime = await startRuntime({ dataDir, clockStart: "2025-07-01T01:00:00.000Z" });
  treasurySimulator.reset();
  browser = await launchChromium(["--disable-quic", "--disable-component-update", "--disable-sync"]);

  // The expert who reviews milestones (专家库).
  const registered = await api.post("/v1/experts", await flow.bureau(), {
    expertId: "local-x1",
    organisationId: "inst-1",
    name: "专家1",
    expertise: "technical",
    conflicts: [],
  });
  expect(registered.status, JSON.stringify(registered.body)).toBe(201);

  // Two programmes made by the bureau over the API; each project is awarded in one (seeded as the award writes it,
  // `sameChallengeAs` only names the programme and a challenge of its own).
  const programme1 = await createProgramme(api, await flow.bureau());
  const programme2 = await createProgramme(api, await flow.bureau(), {
    name: "Taiyuan 2025 open competition, batch 2",
    nameZh: "太原市2025年第二批揭榜挂帅项目",
  });
  const inProgramme = (programmeId: string, challengeId: string) =>
    ({ programmeId, challengeId }) as SeededProject;

  // Project A: signed (tranche 1 eligible), tranche 1 paid; 40 days on, milestone 1 passed (tranche 2 eligible).
  projectA = await flow.signedProject({
    startDate: "2025-07-01",
    sameChallengeAs: inProgramme(programme1, "chl-console-a"),
  });
  paidA = await payTranche(projectA.projectId, 1);
  // Project B, in the other programme, another enterprise: signed and tranche 1 paid the same day.
  projectB = await flow.signedProject({
    startDate: "2025-07-01",
    enterpriseOrg: "ent-alloy",
    solverOrg: "uni-b",
    sameChallengeAs: inProgramme(programme2, "chl-console-b"),
  });
  await payTranche(projectB.projectId, 1);
  await runtime.advanceClock(40 * dayMs);
  await flow.passMilestone(projectA.projectId, 1);
  const view = await flow.read(projectA.projectId);
  eligibleA = view.tranches.find((t) => t.index === 2)?.amountFen ?? 0;
  expect(view.tranches.find((t) => t.index === 2)?.status).toBe("eligible");

  // 20 days on, B is terminated without fault: what was paid and not spent is to be recovered; part comes back.
  await runtime.advanceClock(20 * dayMs);
  const terminated = await api.post(`/v1/projects/${projectB.projectId}/termination`, await flow.bureau(), {
    reason: "技术路线无法实现",
    fault: false,
    proposedBy: "solver",
    verifiedSpendingFen: 100_000_00,
  });
  expect(terminated.status, JSON.stringify(terminated.body)).toBe(200);
  await flow.settle();
  await runtime.advanceClock(10 * dayMs);
  receivedB = 200_000_00;
  const receipt = await api.call("POST", `/v1/recoveries/${recoveryId(projectB.projectId)}/receipts`, {
    token: await finance1(),
    body: { amountFen: receivedB, reference: "GK-2025-0901", receivedOn: "2025-09-09" },
    headers: { "idempotency-key": `rcv-${projectB.projectId}-1` },
  });
  expect(receipt.status, JSON.stringify(receipt.body)).toBe(201);
  await flow.settle();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

interface Series {
  programmes: {
    programmeId: string;
    committedFen: number;
    disbursedFen: number;
    recoveredFen: number;
    leverage: string | null;
    projects: number;
    challenges: { challengeId: string; title?: string; leverage: string | null }[];
  }[];
  totals: { committedFen: number; disbursedFen: number; recoveredFen: number };
  series: { date: string; committedFen: number; disbursedFen: number; recoveredFen: number }[];
}

describe("the console's read routes", () => {
  it("lists a programme's projects for staff; refuses others; validates the query", async () => {
    const listed = await api.get<{ items: { id: string; grantFen: number }[] }>(
      `/v1/projects?programmeId=${projectA.programmeId}`,
      await flow.bureau(),
    );
    expect(listed.status, JSON.stringify(listed.body)).toBe(200);
    expect(listed.body.items.map((p) => p.id)).toEqual([projectA.projectId]);
    expect((await api.get("/v1/projects", await flow.bureau())).status).toBe(400);
    expect(
      (await api.get(`/v1/projects?programmeId=${projectA.programmeId}&limit=0`, await auditor())).status,
    ).toBe(400);
    expect((await api.get(`/v1/projects?programmeId=no-such`, await auditor())).status).toBe(404);
    // An enterprise lists only its own projects (project B's enterprise has none in A's programme); a solver none.
    const alloy = await api.get<{ items: unknown[] }>(
      `/v1/projects?programmeId=${projectA.programmeId}`,
      await flow.enterprise("ent-alloy"),
    );
    expect(alloy.status).toBe(200);
    expect(alloy.body.items).toEqual([]);
    expect(
      (await api.get(`/v1/projects?programmeId=${projectA.programmeId}`, await flow.solver("uni-b"))).status,
    ).toBe(403);
  });

  it("gives a project's audit trail across its records with every hash chain intact", async () => {
    const trail = await api.get<{
      ok: boolean;
      records: { recordKind: string; ok: boolean; events: number }[];
      events: { at: string; recordKind: string; hash: string; prevHash: string; version: number }[];
    }>(`/v1/projects/${projectA.projectId}/audit-trail`, await flow.bureau());
    expect(trail.status, JSON.stringify(trail.body)).toBe(200);
    expect(trail.body.ok).toBe(true);
    expect(trail.body.records.map((r) => r.recordKind)).toEqual(
      expect.arrayContaining(["PROJECT", "PROJECT_TRACK", "TRANCHE", "PAYMENT"]),
    );
    const ats = trail.body.events.map((e) => e.at);
    expect(ats).toEqual([...ats].sort());
    expect(trail.body.events.every((e) => /^[0-9a-f]{64}$/.test(e.hash))).toBe(true);
    expect(trail.body.events.length).toBe(trail.body.records.reduce((s, r) => s + r.events, 0));
    expect((await api.get(`/v1/projects/no-such/audit-trail`, await flow.bureau())).status).toBe(404);
    expect(
      (await api.get(`/v1/projects/${projectA.projectId}/audit-trail`, await flow.enterprise())).status,
    ).toBe(403);
  });

  it("pages a programme's ledger transactions, as many as the ledger counts", async () => {
    const ledger = await api.get<{ transactions: number }>(
      `/v1/programmes/${projectA.programmeId}/ledger`,
      await finance1(),
    );
    const seen: { id: string; kind: string; postedAt: string; amountFen: number }[] = [];
    let cursor: string | undefined;
    do {
      const page = await api.get<{ items: typeof seen; next?: string }>(
        `/v1/programmes/${projectA.programmeId}/ledger/entries?limit=2${cursor ? `&cursor=${cursor}` : ""}`,
        await finance1(),
      );
      expect(page.status, JSON.stringify(page.body)).toBe(200);
      seen.push(...page.body.items);
      cursor = page.body.next;
    } while (cursor);
    expect(seen.length).toBe(ledger.body.transactions);
    expect(new Set(seen.map((x) => x.id)).size).toBe(seen.length);
    const posted = seen.map((x) => x.postedAt);
    expect(posted).toEqual([...posted].sort().reverse());
    expect(seen.filter((x) => x.kind === "pay").map((x) => x.amountFen)).toEqual([paidA]);
    const bad = await api.get<{ code: string }>(
      `/v1/programmes/${projectA.programmeId}/ledger/entries?order=sideways`,
      await finance1(),
    );
    expect(bad.status).toBe(400);
    expect(
      (await api.get(`/v1/programmes/${projectA.programmeId}/ledger/entries`, await flow.bureau())).status,
    ).toBe(403);
  });

  it("gives money over time and leverage per programme that agree with each programme's finance report", async () => {
    const got = await api.get<Series>("/v1/finance/series", await finance1());
    expect(got.status, JSON.stringify(got.body)).toBe(200);
    for (const p of got.body.programmes) {
      const report = await api.get<{
        committedFen: number;
        disbursedFen: number;
        recoveredFen: number;
        leverage: string | null;
      }>(`/v1/programmes/${p.programmeId}/finance-report`, await finance1());
      expect(report.status).toBe(200);
      expect(p).toMatchObject({
        committedFen: report.body.committedFen,
        disbursedFen: report.body.disbursedFen,
        recoveredFen: report.body.recoveredFen,
        leverage: report.body.leverage,
      });
    }
    const last = got.body.series.at(-1)!;
    const { committedFen, disbursedFen, recoveredFen } = got.body.totals;
    expect(last).toMatchObject({ committedFen, disbursedFen, recoveredFen });
    expect(got.body.totals.recoveredFen).toBe(receivedB);
    expect(got.body.totals.disbursedFen).toBe(2 * paidA);
    // Running totals never go down except a commitment released by the termination.
    const dates = got.body.series.map((s) => s.date);
    expect(dates).toEqual([...new Set(dates)].sort());
    expect(got.body.series.length).toBeGreaterThanOrEqual(2);
    const one = await api.get<Series>(
      `/v1/finance/series?programmeId=${projectA.programmeId}`,
      await auditor(),
    );
    expect(one.body.programmes.map((p) => p.programmeId)).toEqual([projectA.programmeId]);
    expect(one.body.totals.disbursedFen).toBe(paidA);
    expect((await api.get("/v1/finance/series?programmeId=no-such", await finance1())).status).toBe(404);
    expect((await api.get("/v1/finance/series?bogus=1", await finance1())).status).toBe(400);
    expect((await api.get("/v1/finance/series", await flow.bureau())).status).toBe(403);
  });
});

describe("the project and finance pages in Chromium", () => {
  /** A signed-in page (its clock the runtime's) that records every uncaught page error and console error. */
  async function signedIn(user: string, org: string, role: string, menu: string, ready: string) {
    const errors: string[] = [];
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, locale: "zh-CN" });
    await page.clock.setFixedTime(new Date(runtime.clock.now()));
    page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(`console: ${m.text()} ${m.location().url}`);
    });
    await signIn(page, runtime.info.apiUrl, user, org, role);
    await openMenu(page, menu);
    await page
      .locator(ready)
      .first()
      .waitFor()
      .catch(async (e: Error) => {
        throw new Error(
          `${e.message}\npage: ${await page.locator("main").textContent()}\n${errors.join("\n")}`,
        );
      });
    return { page, errors };
  }

  async function noErrors(page: Page, errors: string[]) {
    await expect(page.getByTestId("page-error").count()).resolves.toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  }

  it("the bureau opens a project: timeline with milestones and tranches, document hashes, audit trail", async () => {
    const { page, errors } = await signedIn(
      "b1",
      "taiyuan-stb",
      "bureau",
      "批次与榜单",
      "[data-testid=programme]",
    );
    const row = page.locator(`[data-testid=projects] [data-project="${projectA.projectId}"]`);
    await row.waitFor();
    await row.getByRole("link").click();
    await page.getByTestId("timeline").waitFor();
    await expect(page.getByTestId("project-title").textContent()).resolves.toContain(projectA.projectId);

    const timeline = page.getByTestId("timeline");
    const milestone1 = timeline.locator("[data-row=m1]");
    await expect(milestone1.textContent()).resolves.toContain("中试线建成");
    await expect(milestone1.textContent()).resolves.toContain("已通过");
    await expect(milestone1.textContent()).resolves.toContain("2026-07-01");
    const tranche1 = timeline.locator("[data-row=t1]");
    await expect(tranche1.textContent()).resolves.toContain("已拨付");
    await expect(tranche1.textContent()).resolves.toContain(yuan(paidA));
    const tranche2 = timeline.locator("[data-row=t2]");
    await expect(tranche2.textContent()).resolves.toContain("可拨付");
    await expect(tranche2.textContent()).resolves.toContain(yuan(eligibleA));
    // The drawn timeline: a mark per milestone and tranche, coloured by status.
    const chart = page.getByTestId("timeline-chart");
    await expect(chart.locator("g[data-event]").count()).resolves.toBe(5);
    await expect(chart.locator("g[data-event=t1]").getAttribute("data-status")).resolves.toBe("paid");

    // Documents with their SHA-256 as uploaded.
    const reportHash = sha256Hex(Buffer.from(`report ${projectA.projectId} 1`));
    const documents = page.getByTestId("documents");
    await expect(documents.textContent()).resolves.toContain(reportHash);
    await expect(documents.textContent()).resolves.toContain("进展报告");

    // The audit trail: chains intact, each event's hash (prefix) shown.
    await expect(page.getByTestId("chain-status").textContent()).resolves.toMatch(/哈希链全部完整/);
    const trail = await api.get<{ events: { hash: string; action: string }[] }>(
      `/v1/projects/${projectA.projectId}/audit-trail`,
      await flow.bureau(),
    );
    const auditTable = page.getByTestId("audit-trail");
    await expect(auditTable.locator("tbody tr[data-row-key]").count()).resolves.toBe(
      trail.body.events.length,
    );
    // Each record's chain checked up to its head, said per record.
    await expect(
      page.getByTestId("audit-records").locator("tbody tr[data-row-key]").count(),
    ).resolves.toBeGreaterThan(3);
    await expect(page.getByTestId("audit-records").textContent()).resolves.toContain("完整");
    await expect(auditTable.textContent()).resolves.toContain(trail.body.events.at(-1)!.hash.slice(0, 12));
    await page.screenshot({ path: join(screenshots, "workbench-project.png"), fullPage: true });

    // The bureau sees no finance pages in its menu.
    await expect(page.getByTestId("nav").getByRole("link").allTextContents()).resolves.not.toContain(
      "拨付队列",
    );
    // A deep link to the project survives a reload.
    const url = page.url();
    await page.reload();
    await page.getByTestId("timeline").waitFor();
    expect(page.url()).toBe(url);
    await noErrors(page, errors);

    // A failed request shows the API's refusal in words with a retry, never a blank page.
    await page.goto(`${runtime.info.apiUrl}/console/projects/no-such-project`);
    await page.getByTestId("page-error").waitFor();
    await expect(page.getByTestId("page-error").textContent()).resolves.toMatch(/^404 \S+ \S/);
    await expect(page.getByRole("button", { name: "重试" }).count()).resolves.toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });

  it("finance: the payment queue with its filters, amounts in yuan", async () => {
    const { page, errors } = await signedIn(
      "f1",
      "taiyuan-czj",
      "finance",
      "拨付队列",
      "[data-testid=queue-filters]",
    );
    const queue = page.getByTestId("payment-queue");
    const row = queue.locator(`[data-tranche="${trancheId(projectA.projectId, 2)}"]`);
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain(yuan(eligibleA));
    await expect(row.textContent()).resolves.toContain("第1个里程碑考核通过后");
    await expect(row.textContent()).resolves.toContain("ent-casting");
    await expect(queue.locator("[data-tranche]").count()).resolves.toBe(1);
    await page.screenshot({ path: join(screenshots, "workbench-finance-queue.png"), fullPage: true });

    // Filter by the other programme: nothing eligible there.
    await choose(page, "programme-select", projectB.programmeId);
    await page.getByRole("button", { name: "筛选" }).click();
    await page.getByTestId("queue-empty").waitFor();
    // By the enterprise, and eligible since a date after it became eligible.
    await choose(page, "programme-select", "全部批次");
    await page.locator("input[name=enterprise]").fill("ent-casting");
    await page.getByRole("button", { name: "筛选" }).click();
    await page.locator(`[data-tranche="${trancheId(projectA.projectId, 2)}"]`).waitFor();
    await page.locator("input[name=dueSince]").fill("2026-01-01");
    await page.locator("input[name=dueSince]").press("Enter");
    await page.getByRole("button", { name: "筛选" }).click();
    await page.getByTestId("queue-empty").waitFor();
    // Finance opens the project behind a tranche from its programme's list (programmes without challenges for it).
    await openMenu(page, "批次与榜单");
    const projectRow = page.locator(`[data-testid=projects] [data-project="${projectA.projectId}"]`);
    await projectRow.waitFor();
    await expect(page.getByTestId("stages").count()).resolves.toBe(0);
    await projectRow.getByRole("link").click();
    await expect(page.getByTestId("timeline").locator("[data-row=t2]").textContent()).resolves.toContain(
      "可拨付",
    );
    await noErrors(page, errors);
    await page.close();
  });

  it("finance: the ledger (balances, rebuild agreement, entries) and recoveries", async () => {
    const { page, errors } = await signedIn(
      "f1",
      "taiyuan-czj",
      "finance",
      "拨付队列",
      "[data-testid=queue-filters]",
    );
    await openMenu(page, "资金台账");
    await page.getByTestId("rebuild-agreement").waitFor();
    await choose(page, "programme-select", projectA.programmeId);
    const paidRow = page.locator(`[data-testid=balances] [data-account="prj:${projectA.projectId}:paid"]`);
    await paidRow.waitFor();
    await expect(paidRow.textContent()).resolves.toContain(yuan(paidA));
    await expect(paidRow.textContent()).resolves.toContain("一致");
    await expect(page.getByTestId("rebuild-agreement").textContent()).resolves.toContain("一致");
    await expect(page.getByTestId("report-agreement").textContent()).resolves.toContain("业务记录与台账一致");
    await expect(page.getByTestId("figure-disbursed").textContent()).resolves.toContain(yuan(paidA));
    const entries = page.getByTestId("ledger-entries");
    await expect(entries.textContent()).resolves.toContain("拨付");
    await expect(entries.locator("tbody tr[data-row-key]").count()).resolves.toBeGreaterThanOrEqual(3);
    // Accounts in words (what money, whose), not only their codes.
    await expect(paidRow.textContent()).resolves.toContain("已拨付");
    await expect(paidRow.textContent()).resolves.toContain(`项目 ${projectA.projectId}`);
    // One "budget left", and it says what it is.
    await expect(page.getByText("预算结余", { exact: false }).count()).resolves.toBe(1);
    await expect(page.getByTestId("figure-budget-left").textContent()).resolves.toContain(
      "批次预算 − 已承诺",
    );
    // 批次预算 and 预算结余 each say what they are: the fixed total, and what is left to commit.
    await expect(page.getByTestId("figure-budget").textContent()).resolves.toContain("固定不变");
    await expect(page.getByTestId("figure-budget-left").textContent()).resolves.toContain("尚可承诺");
    await page.screenshot({ path: join(screenshots, "workbench-finance-ledger.png"), fullPage: true });

    await openMenu(page, "追回");
    const recovery = page.locator(
      `[data-testid=recoveries] [data-recovery="${recoveryId(projectB.projectId)}"]`,
    );
    await recovery.waitFor();
    await expect(recovery.textContent()).resolves.toContain("终止");
    await expect(recovery.textContent()).resolves.toContain(yuan(receivedB));
    // What is still to come back is 待追回 (not 未拨付), with its due date and the days overdue on the runtime's clock.
    const header = (await page.locator("[data-testid=recoveries] thead").textContent()) ?? "";
    expect(header).toContain("待追回");
    expect(header).not.toContain("未拨付");
    const listed = await flow.api.get<{ items: { id: string; dueOn: string; outstandingFen: number }[] }>(
      "/v1/recoveries",
      await finance1(),
    );
    const b = listed.body.items.find((r) => r.id === recoveryId(projectB.projectId))!;
    await expect(recovery.getByTestId("due-on").textContent()).resolves.toBe(b.dueOn);
    await expect(recovery.textContent()).resolves.toContain(yuan(b.outstandingFen));
    const overdue = Math.round(
      (Date.parse(`${new Date(runtime.clock.now() + 8 * 3_600_000).toISOString().slice(0, 10)}T00:00:00Z`) -
        Date.parse(`${b.dueOn}T00:00:00Z`)) /
        dayMs,
    );
    await expect(recovery.getByTestId("days-overdue").textContent()).resolves.toBe(
      overdue > 0 ? String(overdue) : "未到期",
    );
    // Dates as yyyy-MM-dd, never mm/dd/yyyy.
    expect((await page.locator("main").textContent()) ?? "").not.toMatch(/\d{1,2}\/\d{1,2}\/\d{4}/);
    await page.screenshot({ path: join(screenshots, "workbench-finance-recoveries.png"), fullPage: true });
    await noErrors(page, errors);
    await page.close();
  });

  it("finance: charts of funds over time and leverage by programme, in Chinese and English", async () => {
    const series = (await api.get<Series>("/v1/finance/series", await finance1())).body;
    const { page, errors } = await signedIn(
      "f1",
      "taiyuan-czj",
      "finance",
      "拨付队列",
      "[data-testid=queue-filters]",
    );
    await openMenu(page, "资金图表");
    const funds = page.locator("[data-testid=funds-chart][data-drawn=yes]");
    await funds.waitFor();
    // A point per date of the series, three lines named in the legend, the recovered line ending above where it began.
    await expect(funds.getAttribute("data-points")).resolves.toBe(String(series.series.length));
    const legend = await funds.locator("svg text").allTextContents();
    expect(legend).toEqual(expect.arrayContaining(["已承诺", "已拨付", "已追回"]));
    expect(Number(await funds.getAttribute("data-recovered-last"))).toBeGreaterThan(
      Number(await funds.getAttribute("data-recovered-first")),
    );
    await expect(funds.locator("svg path").count()).resolves.toBeGreaterThan(3);
    const leverage = page.locator("[data-testid=leverage-chart][data-drawn=yes]");
    await leverage.waitFor();
    await expect(leverage.getAttribute("data-bars")).resolves.toBe("2");
    const a = series.programmes.find((p) => p.programmeId === projectA.programmeId)!;
    // The bar's value written on it, and the programme's name beside it, not clipped.
    await expect(leverage.locator("svg text").allTextContents()).resolves.toContain(`${a.leverage} : 1`);
    const labels = (await leverage.locator("svg text").allTextContents()).join("|");
    expect(labels).toContain("太原市2025年第一批揭榜挂帅项目");
    await expect(page.getByTestId("totals").textContent()).resolves.toContain(
      yuan(series.totals.disbursedFen),
    );
    // The definition under the leverage chart; road-show interest apart in the totals; each challenge's leverage.
    await expect(page.getByTestId("leverage-definition").textContent()).resolves.toContain(
      "撬动比 = 社会研发投入 ÷ 财政资金",
    );
    await expect(page.getByTestId("totals").textContent()).resolves.toContain(
      "路演意向投资（意向，不计入撬动比）",
    );
    const challenges = series.programmes.flatMap((p) => p.challenges);
    expect(challenges.length).toBeGreaterThan(0);
    for (const c of challenges) {
      const row = page.getByTestId("challenge-figures").locator(`[data-challenge="${c.challengeId}"]`);
      await expect(row.textContent()).resolves.toContain(c.leverage !== null ? `${c.leverage} : 1` : "—");
    }
    await page.screenshot({ path: join(screenshots, "workbench-finance-charts.png"), fullPage: true });

    await page.getByTestId("lang-switch").click();
    await page.getByRole("heading", { name: "Funds over time (running totals)" }).waitFor();
    await page.getByTestId("funds-chart").getByText("Disbursed").first().waitFor();
    await page.getByTestId("lang-switch").click();
    await page.getByRole("heading", { name: "资金随时间变化（累计）" }).waitFor();
    await noErrors(page, errors);
    await page.close();
  });
});
