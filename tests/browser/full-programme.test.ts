// End-to-end: a whole Taiyuan programme in the workbench by clicking only — each role signs in in turn and does its
// steps in local/demo's order: the organisations registered in the registry (机构名录), the programme and the expert
// pool, two enterprises' demands with a brief attached, refinement opinions, the challenge list (B a horse race of two)
// signed off and approved, applications with 揭榜 agreements signed by both sides, the experts' scores from 待办, the
// shortlists confirmed by the bureau and the approver, an objection on the public portal upheld with 递补, the three
// task books signed by the three parties; the signing tranches paid in one run with four eyes (the requester's own
// payment not approvable, with the reason) and the treasury; A's first milestone reported with evidence, reviewed by
// the panel the bureau names, rectified (限期整改) and passed, the approver's payment opinion; the horse race at its key
// milestone narrowed from 2 to 1, the other project settled; the remaining race project terminated on its solver's
// proposal, the recovery received in two receipts; the milestone tranche paid, A's second milestone, the final
// acceptance (request, plan, review, opinion) and the final tranche paid; then the finance pages (ledger, finance
// report) against the ledger API (the check reads the API; no step does). The test itself calls no API: the clock moves
// and workflows settle through the runtime's /local/clock/advance and /local/settle as local/demo does — the simulated
// treasury confirms each instruction as the workflows settle (functions/payments/adapters/simulated-treasury.ts).
// Screenshots: test-artifacts/screenshots/programme-NN-<page>.png.
import type { Locator, Page, Request } from "playwright-core";
import { afterEach, describe, expect, it } from "vitest";
import { usccCheckCharacter } from "../../functions/organisations/rules/uscc.ts";
import { registryEntries } from "../../local/demo/cast.ts";
import { yuanText } from "../../local/demo/common.ts";
import { apiClient, tokenIssuer } from "../support/api.ts";
import { actionDone, choose, openMenu, withWorkbench } from "../support/workbench.ts";

const dayMs = 86_400_000;
/** Fen as the workbench shows money: ¥1,234.56. */
const yuan = (fen: number) => `¥${yuanText(fen)}`;
const wb = withWorkbench({
  prefix: "programme",
  clockStart: "2025-03-03T01:00:00.000Z",
  env: { JIEBANG_ORGANISATION_REGISTRY: "required" },
});
const api = apiClient(() => wb.base);
const as = tokenIssuer(() => wb.runtime);

const cast = {
  bureau: { user: "stb-zhao", org: "taiyuan-stb", role: "bureau" },
  approver: { user: "gov-sun", org: "taiyuan-gov", role: "approver" },
  finance: { user: "czj-zhou", org: "taiyuan-czj", role: "finance" },
  financeReviewer: { user: "czj-wu", org: "taiyuan-czj", role: "finance" },
  tyhi: { user: "tyhi-kjb", org: "tyhi", role: "enterprise" },
  tisco: { user: "tisco-kjb", org: "tisco", role: "enterprise" },
  tyut: { user: "tyut-kyc", org: "tyut", role: "solver" },
  ccteg: { user: "ccteg-ty-kyc", org: "ccteg-ty", role: "solver" },
  nuc: { user: "nuc-kyc", org: "nuc", role: "solver" },
  ustb: { user: "ustb-kyc", org: "ustb", role: "solver" },
} as const;
interface Who {
  readonly user: string;
  readonly org: string;
  readonly role: string;
  /** The person's name for the token (the local sign-in knows the cast's officials' names, not the experts'). */
  readonly name?: string;
}

/**
 * The experts' institutions, registered too (the workbench's header names the signed-in organisation from the
 * registry). Codes made up the way local/demo/cast.ts makes them, with a valid check character.
 */
const expertInstitutions = [
  ["sxas", "山西省科学院", "institute", "12140100MA0200001"],
  ["cas-sxicc", "中国科学院山西煤炭化学研究所", "institute", "12140100MA0200002"],
  ["sx-huaan-cpa", "山西华安会计师事务所有限公司", "enterprise", "91140100MA0200003"],
].map(([organisationId = "", registeredName = "", type = "", first17 = ""]) => ({
  organisationId,
  registeredName,
  type,
  uscc: `${first17}${usccCheckCharacter(first17)}`,
}));

/** The registry's entries the programme needs: its officials', enterprises' and solvers' bodies, and the experts'. */
const castOrganisations = new Set<string>(Object.values(cast).map((c) => c.org));
const registered = [
  ...registryEntries.filter((e) => castOrganisations.has(e.organisationId)),
  ...expertInstitutions,
];
/** The registry form's words for an organisation's type (web/src/pages/organisation-words.ts). */
const organisationTypeNames: Record<string, string> = {
  enterprise: "企业",
  university: "高等院校",
  institute: "科研院所",
  government: "机关事业单位",
};

/** The expert pool: one finance expert and two technical ones, so that each panel of three is the same three. */
const experts = [
  { user: "x-liujg", org: "sxas", name: "刘建国", expertise: "技术专家" },
  { user: "x-chenzq", org: "cas-sxicc", name: "陈志强", expertise: "技术专家" },
  { user: "x-zhaolh", org: "sx-huaan-cpa", name: "赵丽华", expertise: "财务专家" },
] as const;

const programmeName = "太原市2025年度“双百攻关行动”揭榜挂帅项目（第一批）";
/** A: one winner, objected and replaced (递补), its milestone rectified, accepted. B: a horse race of two. */
const titleA = "大型矿用挖掘机远程智能操控系统研发";
const titleB = "超薄精密不锈钢带钢板形控制技术";

let page: Page;
let shot = 0;
/** A click's or a fill's wait for its element: generous, for a loaded machine (Playwright's default is 30 s). */
const actionTimeout = 60_000;

/** Signs in as `who` in a fresh page (its clock the runtime's). */
async function signInAs(who: Who): Promise<void> {
  page = watched(await wb.signInAs(who.user, who.org, who.role, who.name));
}

/** The current page's API requests not answered yet (when each was sent), and the step's slow answers (≥ 5 s). */
const unanswered = new Map<Request, number>();
const slowAnswers: string[] = [];

/** The page with generous waits for its clicks and fills, its API requests watched (for a failure's message). */
function watched(opened: Page): Page {
  unanswered.clear();
  opened.setDefaultTimeout(actionTimeout);
  opened.on("request", (r) => {
    if (new URL(r.url()).pathname.startsWith("/v1/")) unanswered.set(r, Date.now());
  });
  const answered = (r: Request) => {
    const sent = unanswered.get(r);
    if (sent === undefined) return;
    unanswered.delete(r);
    const ms = Date.now() - sent;
    if (ms >= 5_000)
      slowAnswers.push(`${r.method()} ${new URL(r.url()).pathname} ${(ms / 1000).toFixed(1)} s`);
  };
  opened.on("requestfinished", answered);
  opened.on("requestfailed", answered);
  return opened;
}

/** Checks the page (no page error, axe) and saves it as programme-NN-<name>.png. */
async function checked(name: string): Promise<void> {
  shot += 1;
  await wb.checked(`${String(shot).padStart(2, "0")}-${name}`, page);
}

/** What the page shows now: its address, its text and the pages' errors so far (for a failure's message). */
async function where(): Promise<string> {
  const text = await page
    .locator("main")
    .innerText({ timeout: 5_000 })
    .catch(() => "(no main)");
  const waiting = [...unanswered].map(
    ([r, sent]) =>
      `${r.method()} ${new URL(r.url()).pathname} (${((Date.now() - sent) / 1000).toFixed(1)} s)`,
  );
  // A dialog renders outside <main>: one still open says its confirmation was not taken.
  const dialogs = await page
    .locator(".ant-modal-wrap:visible")
    .allInnerTexts()
    .catch(() => []);
  return [
    `at ${page.url()}`,
    `page: ${text}`,
    dialogs.length > 0 ? `a dialog is open: ${dialogs.join(" | ")}` : "no dialog open",
    ...(waiting.length > 0 ? [`API requests not answered yet: ${waiting.join(", ")}`] : []),
    ...wb.errors,
  ].join("\n");
}

/** Waits for `locator` (visible, or in `state`); on a timeout, fails with what the page shows. */
async function see(
  locator: Locator,
  timeout = 30_000,
  state: "visible" | "attached" | "detached" = "visible",
): Promise<void> {
  await locator
    .first()
    .waitFor({ timeout, state })
    .catch(async (e: Error) => {
      throw new Error(`${e.message}\n${await where()}`);
    });
}

/** Waits for the page's address to match `glob`; on a timeout, fails with what the page shows. */
async function seeUrl(glob: string): Promise<void> {
  await page.waitForURL(glob, { timeout: 30_000 }).catch(async (e: Error) => {
    throw new Error(`${e.message}\n${await where()}`);
  });
}

/**
 * A step's body whose every failure (a click that found nothing, an assertion, a poll) says where the page was and
 * what it showed, as see() does for its waits.
 */
const explained = (body: () => Promise<void>) => async () => {
  try {
    await body();
  } catch (e) {
    const error = e instanceof Error ? e : new Error(String(e));
    if (!error.message.includes("\npage: ")) error.message = `${error.message}\n${await where()}`;
    throw error;
  }
};

/** Opens 待办 and follows the first to-do whose row names `text`. */
async function fromTasks(text: string): Promise<void> {
  await page.getByTestId("nav").getByRole("link", { name: /^待办/ }).click();
  await see(page.getByTestId("tasks-table"));
  const row = page.getByTestId("tasks-table").locator("tbody tr", { hasText: text });
  await see(row);
  await row.getByRole("link").first().click();
}

/** Waits for the action just confirmed to show `text` as its result; its error alert instead fails with the error. */
async function done(text: string): Promise<void> {
  const shown = page.getByTestId("action-done").getByText(text);
  const failed = page.getByTestId("action-error");
  await see(shown.or(failed), 90_000);
  if (!(await shown.isVisible())) {
    throw new Error(`the action failed: ${await failed.innerText()}\n${await where()}`);
  }
}

/**
 * Waits for the task book's signature just confirmed: the project page, loaded again, shows `party`'s signature on the
 * signing card — or, the last of the three, the project has started (实施中) and the card is gone. (The card leaves the
 * page during every reload: its detaching alone says nothing.) An error alert instead fails with its text.
 */
async function taskBookSigned(party: "solver" | "enterprise"): Promise<void> {
  const card = page.getByTestId("task-book-sign");
  const signed = card.getByTestId(`signed-${party}`);
  const started = page.getByTestId("project-summary").locator(".status-in-progress");
  const failed = page.getByTestId("action-error");
  await see(signed.or(started).or(failed), 90_000);
  if (await failed.isVisible()) {
    throw new Error(`the task book's signature failed: ${await failed.innerText()}\n${await where()}`);
  }
  if (await started.isVisible()) await see(card, 30_000, "detached");
}

/** The innermost form item labelled `label`. */
const item = (label: string) =>
  page
    .locator(".ant-form-item")
    .filter({ has: page.locator(`label:text-is("${label}")`) })
    .last();

/** The runtime's local endpoints (as local/demo uses them): the workflows settled; the clock moved past `instant`. */
async function settle(): Promise<void> {
  const answer = await fetch(`${wb.base}/local/settle`, { method: "POST" });
  expect(answer.status).toBeLessThan(300);
}
async function advanceDays(days: number): Promise<void> {
  const answer = await fetch(`${wb.base}/local/clock/advance`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ ms: days * dayMs }),
  });
  expect(answer.status).toBeLessThan(300);
  await settle();
}

/** yyyy-MM-dd in Beijing, `days` after the runtime's clock. */
const dateAfter = (days: number) =>
  new Date(wb.runtime.clock.now() + 8 * 3_600_000 + days * dayMs).toISOString().slice(0, 10);

const errorsSoFar = () => expect(wb.errors).toEqual([]);

/**
 * Waits for `locator` on the current page; while it has not shown, lets the workflows settle and loads the page again —
 * what a workflow writes after the page loaded (a parked callback's to-do, a payment's next status) shows only on a new
 * load. Fails, after `attempts` loads, with what the page shows.
 */
async function seeSettled(locator: Locator, attempts = 8): Promise<void> {
  for (let n = 1; n < attempts; n++) {
    const shown = await locator
      .first()
      .waitFor({ timeout: 10_000 })
      .then(
        () => true,
        () => false,
      );
    if (shown) return;
    await settle();
    await page.reload();
  }
  await see(locator);
}

/** The three projects by their solvers: A's (after 递补), and B's horse race, its winner first. */
const solverA = "中国煤炭科工集团太原研究院有限公司";
const raceWinner = "中北大学";
const raceLoser = "北京科技大学";

/** The bureau opens the project of `solver` from the programme's page (批次与榜单). */
async function openProjectAsBureau(solver: string): Promise<void> {
  await openMenu(page, "批次与榜单");
  const projects = page.getByTestId("programme").filter({ hasText: programmeName }).getByTestId("projects");
  await see(projects.locator("tbody tr", { hasText: solver }));
  await projects.locator("tbody tr", { hasText: solver }).locator("a[href*='/projects/']").first().click();
  await see(page.getByTestId("project-summary").filter({ hasText: solver }));
}

/**
 * The enterprise files the milestone report now due on the project open (its 待办 link): a summary, the indicator's
 * actual value, the progress report and the special audit report uploaded (the browser hashes and uploads them).
 */
async function fileMilestoneReport(
  n: number,
  summary: string,
  actual: string,
  shotName: string,
): Promise<void> {
  const report = page.getByTestId("milestone-report");
  await see(report);
  await item("完成情况说明").locator("textarea").fill(summary);
  await report.locator("input[name='indicator-0']").fill(actual);
  for (const [kind, file] of [
    ["进展报告", `第${n}阶段进展报告.pdf`],
    ["专项审计报告", `第${n}阶段专项审计报告.pdf`],
  ] as const) {
    await choose(page, "evidence-kind", kind);
    await page.getByTestId("evidence-input").setInputFiles([
      {
        name: file,
        mimeType: "application/pdf",
        buffer: Buffer.from(`%PDF-1.7 ${summary} ${kind}\n%%EOF\n`),
      },
    ]);
    await see(page.getByTestId("evidence-files").getByText(file), 60_000);
  }
  await checked(shotName);
  await page.getByTestId("milestone-report-form-submit").click();
  await page.getByTestId("confirm-ok").click();
  // Filed: the page loads again, milestone n waiting for the file check or the panel (its timeline row says so).
  const filed = page.locator(`[data-row=m${n}]`).filter({ hasText: /材料校验中|专家评审中/ });
  // (The timeline is folded on a step's page: the row is there, not shown.)
  await see(filed.or(page.getByTestId("action-error")), 90_000, "attached");
  await expect(page.getByTestId("action-error").count()).resolves.toBe(0);
}

/**
 * Picks experts by name in the expert pool's multiple select within `scope`: opened once (a multiple select stays open
 * after a pick; a second click on it would close it), each name's option clicked, then closed.
 */
async function pickExperts(scope: Locator, names: readonly string[]): Promise<void> {
  await scope.locator(".ant-select").first().click();
  for (const name of names) {
    await page
      .locator(".ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option")
      .filter({ hasText: name })
      .first()
      .click();
  }
  await page.keyboard.press("Escape");
  await page.locator(".ant-slide-up-leave").waitFor({ state: "detached" });
}

/** The bureau names milestone n's review panel on the project open (experts by name, from the pool). */
async function namePanel(n: number, names: readonly string[]): Promise<void> {
  const card = page.getByTestId("milestone-panel");
  await seeSettled(card);
  await pickExperts(card, names);
  await checked(`milestone-panel-${n}`);
  await card.getByTestId(`panel-${n}-submit`).click();
  // The panel as the page shows it once named (not the picker's tags, which show the names before the submit lands).
  const named = card.getByTestId(`panel-now-${n}`).filter({ hasText: names.join("、") });
  await see(named.or(card.getByTestId("action-error")), 60_000);
  await expect(card.getByTestId("action-error").count()).resolves.toBe(0);
}

/** An expert gives the verdict on the milestone their 待办 names for `title` (the first such to-do). */
async function milestoneVerdict(
  title: string,
  verdict: "通过" | "不通过" | "限期整改",
  comment: string,
  shotName?: string,
  rectifyDays?: number,
): Promise<void> {
  await fromTasks(title);
  const card = page.locator("[data-testid^=milestone-review-]").first();
  await see(card);
  await card.getByText(verdict, { exact: true }).click();
  if (rectifyDays !== undefined) await card.locator(".ant-input-number input").fill(String(rectifyDays));
  await card.locator("textarea").fill(comment);
  if (shotName) await checked(shotName);
  await card.locator("button[data-testid^=milestone-verdict-]").click();
  await page.getByTestId("confirm-ok").click();
  await see(page.locator("[data-testid^=milestone-voted-]").or(page.getByTestId("action-error")), 90_000);
  await expect(page.getByTestId("action-error").count()).resolves.toBe(0);
}

/** The approver confirms the payment opinion their 待办 names for `title` (a milestone's or the acceptance's). */
async function confirmPaymentOpinion(title: string, shotName?: string): Promise<void> {
  await fromTasks(title);
  const card = page
    .locator("[data-testid^=payment-opinion-m], [data-testid=payment-opinion-acceptance]")
    .first();
  await see(card);
  await expect(card.getByTestId("opinion-amount").textContent()).resolves.toMatch(/^¥[\d,]+\.\d{2}$/);
  if (shotName) await checked(shotName);
  await card.getByRole("button", { name: "确认拨付意见" }).click();
  await page.getByTestId("confirm-ok").click();
  // Confirmed: the page loads again without the card (its result shown until then); an error stays in the card.
  await see(card, 90_000, "detached").catch(async (e: Error) => {
    const error = page.getByTestId("action-error");
    throw (await error.count()) > 0 ? new Error(`the opinion failed: ${await error.innerText()}`) : e;
  });
}

/**
 * A payment run (拨付) as finance does it: the queue's `count` tranches selected and paid after the confirmation; the
 * requesting officer's own payment shown as not approvable, with the reason; a second officer approves each from 待办
 * (four eyes); the simulated treasury confirms as the workflows settle; each payment then reads 已拨付.
 */
async function payRun(count: number, name: string): Promise<void> {
  await signInAs(cast.finance);
  await openMenu(page, "拨付队列");
  const queue = page.getByTestId("payment-queue");
  await seeSettled(queue.locator("[data-tranche]"));
  await expect.poll(() => queue.locator("[data-tranche]").count(), { timeout: 30_000 }).toBe(count);
  for (const row of await queue.locator("[data-tranche]").all()) {
    await row.locator("input[type=checkbox]").check();
  }
  await checked(`payment-queue-${name}`);
  await page.getByTestId("pay-selected").click();
  await see(page.getByTestId("payment-confirm-text"));
  await expect(page.getByTestId("payment-confirm-text").textContent()).resolves.toContain(`${count} 笔`);
  await page.getByTestId("confirm-ok").click();
  const result = page.getByTestId("payment-run-result");
  await see(result.or(page.getByTestId("action-error")), 90_000);
  await expect(result.locator("[data-outcome=reserved]").count()).resolves.toBe(count);
  // Each payment's page: /console/payments/{id}.
  const payments = await result
    .locator("a[href*='/payments/']")
    .evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
  expect(payments).toHaveLength(count);
  await checked(`payment-run-${name}`);

  // The requesting officer opens a payment of their own run: not approvable, and why (四眼原则).
  await result.locator("a[href*='/payments/']").first().click();
  await see(page.getByTestId("own-run"));
  await expect(page.getByTestId("own-run").textContent()).resolves.toContain("拨付申请人不得审批本人申请");
  await expect(page.getByTestId("approval-form-submit").isDisabled()).resolves.toBe(true);
  await checked(`payment-own-run-${name}`);
  await settle();

  await signInAs(cast.financeReviewer);
  for (const [n, payment] of payments.entries()) {
    // Its to-do once the workflow parked the approval callback on it (awaiting-approval alone makes none).
    await page.getByTestId("nav").getByRole("link", { name: /^待办/ }).click();
    await seeSettled(page.getByTestId("tasks-table").locator(`a[href$="${payment}/approval"]`));
    await page.getByTestId("tasks-table").locator(`a[href$="${payment}/approval"]`).click();
    const form = page.getByTestId("approval-form");
    await see(form);
    if (n === 0) await checked(`payment-approval-${name}`);
    await form.getByTestId("approval-form-submit").click();
    await see(page.getByTestId("confirm-ok"));
    await page.getByTestId("confirm-ok").click();
    await see(page.getByTestId("approval-decided").or(page.getByTestId("action-error")), 90_000);
    await expect(page.getByTestId("action-error").count()).resolves.toBe(0);
    await expect(page.getByTestId("approval-decided").textContent()).resolves.toContain("吴德胜");
  }
  await settle();
  for (const payment of payments) {
    await page.goto(`${wb.base}${payment}`);
    await seeSettled(page.getByTestId("payment-status").filter({ hasText: "已拨付" }));
    await see(page.getByTestId("treasury").getByText(/GKZF-/));
  }
  await checked(`payment-paid-${name}`);
  errorsSoFar();
}

// The step's API answers that took 5 s or more, in the test's output (how loaded the machine was).
afterEach((context) => {
  if (slowAnswers.length > 0)
    console.log(`${context.task.name}: slow API answers: ${slowAnswers.join("; ")}`);
  slowAnswers.length = 0;
});

describe("a whole programme in the workbench, by clicking", { timeout: 900_000 }, () => {
  it(
    "the bureau registers the programme's organisations in the registry (机构名录)",
    explained(async () => {
      await signInAs(cast.bureau);
      await openMenu(page, "机构名录");
      await see(page.getByTestId("organisations"));
      await page.getByTestId("open-register").click();
      const form = page.getByTestId("register-organisation");
      for (const [n, entry] of registered.entries()) {
        await form.getByLabel("登记名称", { exact: true }).fill(entry.registeredName);
        await form.getByLabel("统一社会信用代码", { exact: true }).fill(entry.uscc);
        await choose(page, "organisation-type", organisationTypeNames[entry.type] ?? "企业");
        await form.getByLabel("机构标识", { exact: true }).fill(entry.organisationId);
        if (n === 0) await checked("organisation-register");
        await form.getByTestId("register-organisation-submit").click();
        // This entry's result (the previous one's stays until the submit is validated), or the form's error.
        const registeredNow = form
          .getByTestId("action-done")
          .filter({ hasText: `已登记：${entry.registeredName}` });
        await see(registeredNow.or(form.getByTestId("action-error")), 60_000);
        await expect(form.getByTestId("action-error").count()).resolves.toBe(0);
        await see(page.getByTestId("organisations").locator(`[data-organisation="${entry.organisationId}"]`));
      }
      await checked("organisations");
      errorsSoFar();
    }),
  );

  it(
    "the bureau creates the programme and registers the expert pool",
    explained(async () => {
      await signInAs(cast.bureau);
      await openMenu(page, "新建批次");
      const form = page.getByTestId("new-programme");
      await see(form);
      await form.getByLabel("批次名称（中文）").fill(programmeName);
      await form
        .getByLabel("批次名称（英文）")
        .fill("Taiyuan 2025 'Double Hundred' open competition, batch 1");
      await form.getByLabel("年度").fill("2025");
      for (const field of ["高端装备制造", "新材料"]) {
        await form.getByLabel("领域").fill(field);
        await form.getByLabel("领域").press("Enter");
      }
      await form.getByLabel("预算").fill("200,000,000.00");
      await page.keyboard.press("Escape");
      await checked("new-programme");
      await form.getByTestId("new-programme-submit").click();
      await actionDone(page);

      await openMenu(page, "专家库");
      await see(page.getByTestId("experts"));
      const register = page.getByTestId("register-expert");
      for (const e of experts) {
        await register.getByLabel("名称").fill(e.name);
        await register.getByLabel("专家用户标识").fill(`local-${e.user}`);
        await register.getByLabel("单位").fill(e.org);
        await register.getByLabel("专业类别").click();
        await page
          .locator(".ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option")
          .filter({ hasText: e.expertise })
          .first()
          .click();
        await register.getByTestId("register-expert-submit").click();
        await see(page.getByTestId("experts").getByText(e.name));
      }
      await checked("experts");
      errorsSoFar();
    }),
  );

  it(
    "two enterprises draft their demands with a brief attached and submit them",
    explained(async () => {
      for (const [who, title, field] of [
        [cast.tyhi, titleA, "高端装备制造"],
        [cast.tisco, titleB, "新材料"],
      ] as const) {
        await signInAs(who);
        await openMenu(page, "我的需求");
        await page.getByTestId("new-demand").click();
        await choose(page, "demand-programme", programmeName);
        await item("需求名称").locator("input").fill(title);
        await page.getByTestId("demand-form-submit").click();
        await see(page.getByTestId("attachments"));
        await page.getByTestId("attachment-input").setInputFiles([
          {
            name: "需求说明书.pdf",
            mimeType: "application/pdf",
            buffer: Buffer.from(`%PDF-1.7 ${title} 需求说明书\n%%EOF\n`),
          },
        ]);
        await see(page.locator("[data-attachment='需求说明书.pdf']"));
        await choose(page, "demand-field", field);
        await item("需求背景")
          .locator("textarea")
          .fill("现场作业依赖人工，安全风险高、效率波动大，进口技术受限。");
        await item("需求内容").locator("textarea").fill("研制关键装置与控制系统，实现关键工况的自主作业。");
        await item("关键技术").locator("input").fill("低时延闭环控制");
        await item("指标名称").locator("input").fill("控制精度");
        await item("目标值").locator("input").fill(">= 95");
        await item("单位").locator("input").fill("%");
        await item("时限（月）").locator("input").fill("24");
        await item("总投资（元）").locator("input").fill("12,000,000.00");
        await item("对揭榜方的要求")
          .locator("textarea")
          .fill("具备相关领域的中试条件，青年科研人员不低于 50%。");
        await checked(`demand-${who.org}`);
        await page.getByTestId("demand-submit").click();
        await see(page.getByTestId("demand-submitted"));
        await expect(page.getByTestId("demand-status").textContent()).resolves.toBe("已提交");
      }
      await settle();
      errorsSoFar();
    }),
  );

  it(
    "the bureau asks an expert for a refinement opinion on each demand; the expert gives them from 待办",
    explained(async () => {
      await signInAs(cast.bureau);
      for (const title of [titleA, titleB]) {
        await fromTasks(title);
        await see(page.getByTestId("refinement"));
        await choose(page, "refinement-experts", experts[0].name);
        await page.keyboard.press("Escape");
        await page.getByTestId("assign-experts-submit").click();
        await see(page.getByTestId("opinions").getByText(experts[0].name));
        await checked("demand-refinement");
      }
      await settle();
      await signInAs({ user: experts[0].user, org: experts[0].org, role: "expert", name: experts[0].name });
      for (const title of [titleA, titleB]) {
        await fromTasks(title);
        await see(page.getByTestId("opinion-form-submit"));
        await page.getByTestId("recommendation").getByText("凝练为榜单").click();
        await page.getByTestId("opinion-comment").fill("需求明确、指标可考核，建议凝练为榜单。");
        await checked("refinement-opinion");
        await page.getByTestId("opinion-form-submit").click();
        await see(page.getByTestId("opinion-given"));
      }
      await settle();
      errorsSoFar();
    }),
  );

  it(
    "the bureau drafts the two challenges (B a horse race of two), submits and signs them off; the approver approves",
    explained(async () => {
      await signInAs(cast.bureau);
      for (const [title, cap, race] of [
        [titleA, "3,000,000.00", false],
        [titleB, "2,500,000.00", true],
      ] as const) {
        await fromTasks(title);
        const form = page.getByTestId("decision-form");
        await see(form);
        await form.getByTestId("funding-cap").fill(cap);
        await form.getByTestId("opens-on").fill(dateAfter(1));
        await form.getByTestId("closes-on").fill(dateAfter(21));
        if (race) {
          await form.getByRole("switch", { name: "允许赛马" }).click();
          await item("最多揭榜单位数").locator("input").fill("2");
        }
        await form.getByTestId("decision-comment").fill("需求明确，形成榜单。");
        await checked(`decision-${race ? "race" : "single"}`);
        await form.getByTestId("decision-form-submit").click();
        await actionDone(page);
        await settle();
        await see(page.getByTestId("challenge-link"));
        await page.getByTestId("challenge-link").getByRole("link").click();
        await see(page.getByTestId("challenge-title"));
        await checked("challenge-draft");
        await page.getByTestId("submit-challenge").click();
        await see(page.getByTestId("challenge-status").filter({ hasText: "待科技局审核" }));
        await settle();
        await fromTasks(title);
        await seeUrl("**/sign-off");
        const signOff = page.getByTestId("sign-off");
        await see(signOff);
        await signOff.getByTestId("sign-off-comment").fill("符合政策，同意发布。");
        await checked("sign-off");
        await signOff.getByTestId("sign-off-submit").click();
        await actionDone(page);
        await settle();
      }
      await signInAs(cast.approver);
      for (const title of [titleA, titleB]) {
        await fromTasks(title);
        await seeUrl("**/sign-off");
        await see(page.getByTestId("sign-off-decision"));
        await page.getByTestId("sign-off-decision").getByText("同意发布").click();
        await checked("approval");
        await page.getByTestId("sign-off-form-submit").click();
        await page.getByTestId("confirm-ok").click();
        await actionDone(page);
      }
      await settle();
      errorsSoFar();
    }),
  );
  it(
    "the window opens; four solvers apply, the enterprises sign the 揭榜 agreements, the solvers sign and submit",
    explained(async () => {
      await advanceDays(2);
      const applicants = [
        [cast.tyut, titleA, "太原理工大学", "3,000,000"],
        [cast.ccteg, titleA, "中国煤炭科工集团太原研究院有限公司", "2,700,000"],
        [cast.nuc, titleB, "中北大学", "2,500,000"],
        [cast.ustb, titleB, "北京科技大学", "2,400,000"],
      ] as const;
      for (const [who, title, lead, requested] of applicants) {
        await signInAs(who);
        await openMenu(page, "揭榜");
        await see(page.getByTestId("challenge-list"));
        await page.getByRole("link", { name: title }).click();
        await page.getByTestId("apply").click();
        await see(page.getByTestId("application-form"));
        await page.getByTestId("lead-name").fill(lead);
        await page.getByTestId("team-0-id").fill("p1");
        await page.getByTestId("team-0-name").fill("王志远");
        await page.getByTestId("team-0-role").fill("项目负责人");
        await page.getByTestId("team-0-birth").fill("1986-04-12");
        await page.getByTestId("add-person").click();
        await page.getByTestId("team-1-id").fill("p2");
        await page.getByTestId("team-1-name").fill("张晓燕");
        await page.getByTestId("team-1-role").fill("技术总师");
        await page.getByTestId("team-1-birth").fill("1992-07-21");
        // The chief engineer's select is filled from the team: chosen again if a re-render of the team cleared it.
        for (let attempt = 0; attempt < 3; attempt++) {
          await choose(page, "chief-engineer", "张晓燕");
          if (((await page.getByTestId("chief-engineer").textContent()) ?? "").includes("张晓燕")) break;
        }
        await expect(page.getByTestId("chief-engineer").textContent()).resolves.toContain("张晓燕");
        await page.getByTestId("technical-plan").fill("分层遥操作架构与闭环控制算法，中试验证后示范应用。");
        await page.getByTestId("budget-0-item").fill("设备费");
        await page.getByTestId("budget-0-amount").fill("6,000,000");
        await page.getByTestId("add-budget").click();
        await page.getByTestId("budget-1-item").fill("材料费");
        await page.getByTestId("budget-1-amount").fill("4,000,000");
        await page.getByTestId("requested").fill(requested);
        await page.getByTestId("milestone-0-name").fill("样机完成联调");
        await page.getByTestId("milestone-0-month").fill("12");
        await page.getByTestId("milestone-0-indicator-0-name").fill("控制精度");
        await page.getByTestId("milestone-0-indicator-0-target").fill(">= 90");
        await page.getByTestId("milestone-0-indicator-0-unit").fill("%");
        await page.getByTestId("add-milestone").click();
        await page.getByTestId("milestone-1-name").fill("示范运行验收");
        await page.getByTestId("milestone-1-month").fill("24");
        await page.getByTestId("milestone-1-indicator-0-name").fill("控制精度");
        await page.getByTestId("milestone-1-indicator-0-target").fill(">= 95");
        await checked(`application-${who.org}`);
        await page.getByTestId("application-form-submit").click();
        await see(page.getByTestId("draft-created"), 90_000);
      }
      for (const [who, title] of [
        [cast.tyhi, titleA],
        [cast.tisco, titleB],
      ] as const) {
        await signInAs(who);
        await openMenu(page, "我的榜单");
        await see(page.getByTestId("my-challenges"));
        await page
          .getByTestId("my-challenges")
          .locator("tr", { hasText: title })
          .getByRole("link", { name: "揭榜申请与协议" })
          .click();
        for (let n = 0; n < 2; n++) {
          const sign = page.getByTestId("sign-agreement").first();
          await see(sign);
          if (n === 0) await checked("agreements");
          await sign.click();
          await page.getByTestId("confirm-ok").click();
          // Signed once the confirmation is gone (it closes once the signature is answered and the list asked for
          // again) and the list, loaded again, has one button fewer; an error alert instead fails with its text.
          await see(page.getByTestId("confirm-ok"), 90_000, "detached");
          await expect
            .poll(
              async () =>
                (await page.getByTestId("action-error").count()) > 0
                  ? `error: ${await page.getByTestId("action-error").innerText()}`
                  : page.getByTestId("sign-agreement").count(),
              { timeout: 60_000 },
            )
            .toBe(1 - n);
        }
      }
      for (const [who] of applicants) {
        await signInAs(who);
        await openMenu(page, "我的揭榜申请");
        await page.locator("[data-application]").first().getByRole("link").first().click();
        await see(page.getByTestId("enterprise-signature").filter({ hasText: "已签署" }));
        await page.getByTestId("sign-submit").click();
        await page.getByTestId("confirm-ok").click();
        await done("已签署揭榜协议。");
        await page.getByTestId("submit-application-submit").click();
        await page.getByTestId("confirm-ok").click();
        await done("申请已提交。");
        await see(page.getByTestId("application-status").filter({ hasText: "已提交" }));
        await expect(page.getByTestId("application-status").textContent()).resolves.toBe("已提交");
      }
      await checked("application-submitted");
      errorsSoFar();
    }),
  );

  it(
    "the window closes; the three experts score both challenges from 待办",
    explained(async () => {
      await advanceDays(21);
      const points: Record<string, string> = {
        太原理工大学: "91",
        中国煤炭科工集团太原研究院有限公司: "84",
        中北大学: "88",
        北京科技大学: "86",
      };
      for (const e of experts) {
        await signInAs({ user: e.user, org: e.org, role: "expert", name: e.name });
        for (const title of [titleA, titleB]) {
          await fromTasks(title);
          await seeUrl("**/score");
          await see(page.getByTestId("rubric"));
          const rows = page.locator("[data-testid^=application-app-]");
          const count = await rows.count();
          expect(count).toBe(2);
          for (let i = 0; i < count; i++) {
            const text = (await rows.nth(i).textContent()) ?? "";
            const p = Object.entries(points).find(([name]) => text.includes(name))?.[1] ?? "60";
            for (const field of ["technical", "team", "metrics", "budget"]) {
              const input = page.getByTestId(`score-${i}-${field}`);
              if ((await input.count()) > 0) await input.fill(p);
            }
          }
          await checked(`score-${e.user}`);
          await page.getByTestId("score-form-submit").click();
          await page.getByTestId("confirm-ok").click();
          await see(page.getByTestId("my-scores"));
        }
      }
      await settle();
      errorsSoFar();
    }),
  );
  it(
    "the enterprises decide their shortlists (B a horse race of two); the bureau and the approver confirm them",
    explained(async () => {
      for (const [who, title, race] of [
        [cast.tyhi, titleA, false],
        [cast.tisco, titleB, true],
      ] as const) {
        await signInAs(who);
        await openMenu(page, "我的榜单");
        await see(page.getByTestId("my-challenges"));
        await page
          .getByTestId("my-challenges")
          .locator("tr", { hasText: title })
          .getByRole("link", { name: "确定入围" })
          .click();
        const form = page.getByTestId("shortlist-form");
        await see(form);
        if (race) {
          await form.getByText("赛马制（多家并行）").click();
          await form.locator("input[name=winners]").fill("2");
        }
        await checked(`shortlist-${race ? "race" : "one"}`);
        await form.getByTestId("shortlist-form-submit").click();
        await page.getByTestId("confirm-ok").click();
        // Decided: the page loads again with the decision in place of the form (the round records it as its
        // workflow takes the answer: settled and reloaded until it shows).
        await seeSettled(
          page
            .getByTestId("shortlist-decided")
            .filter({ hasText: race ? "已决定：赛马 2 家" : "已决定：择优一家" }),
        );
        await expect(page.getByTestId("award-stage").textContent()).resolves.not.toMatch(/[a-z]/);
      }
      await settle();
      for (const who of [cast.bureau, cast.approver]) {
        await signInAs(who);
        for (const title of [titleA, titleB]) {
          await fromTasks(title);
          await seeUrl("**/confirmation");
          await see(page.getByTestId("confirmation-decision"));
          await page.getByTestId("confirmation-decision").getByText("确认入围名单").click();
          await checked(`confirmation-${who.role}`);
          await page.getByTestId("confirmation-form-submit").click();
          await page.getByTestId("confirm-ok").click();
          await actionDone(page);
          await settle();
        }
      }
      errorsSoFar();
    }),
  );

  it(
    "someone objects to A's winner on the public portal; the bureau upholds it after the notice: 递补",
    explained(async () => {
      page = watched(await wb.open());
      await page.goto(`${wb.base}/console/public/notices`);
      await see(page.getByTestId("notice-list"));
      await checked("public-notices");
      await page
        .getByTestId("notice-list")
        .getByRole("link", { name: new RegExp(titleA) })
        .first()
        .click();
      await see(page.getByTestId("notice-winners"));
      await expect(page.getByTestId("notice-winners").textContent()).resolves.toContain("太原理工大学");
      await page.getByTestId("objection-text").fill("该单位团队负责人同时承担另一在研项目，请予核查。");
      await page.getByTestId("objection-contact").fill("13800000000");
      await checked("public-notice");
      await page.getByTestId("objection-form-submit").click();
      await see(page.getByTestId("objection-received"));

      // The notice period (working days) over: B is awarded, A waits for the ruling.
      await advanceDays(14);
      await signInAs(cast.bureau);
      await fromTasks(titleA);
      await seeUrl("**/objections");
      const card = page.getByTestId("objection");
      await see(card);
      await card.getByTestId("ruling-decision").getByText("异议成立").click();
      await expect(card.getByTestId("ruling-consequence").textContent()).resolves.toContain("递补");
      await card.getByTestId("ruling-reason").fill("经核查，异议属实，由下一名递补。");
      await checked("objection-ruling");
      await card.getByTestId("ruling-form-submit").click();
      await page.getByTestId("confirm-ok").click();
      await see(card.getByTestId("ruling"));
      await settle();

      // The next-ranked applicant on a new notice; its period over, A is awarded too.
      page = watched(await wb.open());
      await page.goto(`${wb.base}/console/public/notices`);
      await see(
        page
          .getByTestId("notice-list")
          .getByText("中国煤炭科工集团太原研究院有限公司")
          .or(page.getByTestId("notice-list").getByRole("link", { name: /第 2/ })),
      );
      await checked("public-notices-replaced");
      await advanceDays(14);
      errorsSoFar();
    }),
  );

  it(
    "the bureau drafts the three task books; solver, enterprise and bureau sign them",
    explained(async () => {
      await signInAs(cast.bureau);
      await openMenu(page, "批次与榜单");
      const projects = page
        .getByTestId("programme")
        .filter({ hasText: programmeName })
        .getByTestId("projects");
      await see(projects.locator("tbody tr").nth(2));
      const links = await projects
        .locator("tbody tr a[href*='/projects/']")
        .evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
      expect(links).toHaveLength(3);
      // Names, not ids: each project by its title, its enterprise by its registered name (机构名录).
      for (const [title, enterprise] of [
        [titleA, "太原重工股份有限公司"],
        [titleB, "山西太钢不锈钢股份有限公司"],
      ] as const) {
        await expect(
          projects.locator("tbody tr", { hasText: title }).first().textContent(),
        ).resolves.toContain(enterprise);
      }
      await checked("programme");
      for (const link of links) {
        await projects.locator(`a[href="${link}"]`).click();
        const draft = page.getByTestId("task-book-draft");
        await see(draft);
        await draft.getByTestId("start-date").fill(dateAfter(0));
        await draft
          .getByTestId("ip-terms")
          .fill("项目形成的知识产权归揭榜方所有，出题企业享有优先、无偿使用权。");
        await draft.getByTestId("reward-penalty-terms").fill("未完成考核指标的，按任务书约定收回财政资金。");
        await checked("task-book-draft");
        await draft.getByTestId("draft-task-book-submit").click();
        await see(page.getByTestId("sign-task-book"));
        await page.getByTestId("sign-task-book").click();
        await see(page.getByTestId("signatures").getByText(/科技局 已签/));
        await page.goBack();
        await see(projects);
      }
      await settle();
      for (const who of [cast.ccteg, cast.nuc, cast.ustb, cast.tyhi, cast.tisco, cast.tisco]) {
        await signInAs(who);
        await fromTasks("任务书");
        const card = page.getByTestId("task-book-sign");
        await see(card);
        await page.getByTestId("task-book-read").check();
        await checked(`task-book-sign-${who.org}`);
        await page.getByTestId("task-book-sign-form-submit").click();
        await page.getByTestId("confirm-ok").click();
        await taskBookSigned(who.role === "solver" ? "solver" : "enterprise");
      }
      await settle();
      errorsSoFar();
    }),
  );
  it(
    "finance pays the three signing tranches in one run; a second officer approves each (four eyes); the treasury pays",
    explained(async () => {
      await payRun(3, "signing");
    }),
  );

  it(
    "clock +90 days: A's first milestone reported with evidence, the panel named, rectification asked; the rectified report passes, the approver's payment opinion",
    explained(async () => {
      await advanceDays(90);
      await signInAs(cast.tyhi);
      await fromTasks(titleA);
      await fileMilestoneReport(
        1,
        "远程操控样机完成联调，控制精度 88%，端到端时延 96 ms",
        "88%",
        "milestone-report",
      );
      await settle();
      await signInAs(cast.bureau);
      await openProjectAsBureau(solverA);
      await namePanel(
        1,
        experts.map((e) => e.name),
      );
      await settle();
      const first = [
        ["不通过", "关键指标未达到任务书要求：控制精度低于 90%。"],
        ["限期整改", "控制精度差距不大，限期 30 天整改后复审。", 30],
        ["不通过", "关键指标未达到任务书要求。"],
      ] as const;
      for (const [i, e] of experts.entries()) {
        const [verdict, comment, days] = first[i] ?? first[0];
        await signInAs({ user: e.user, org: e.org, role: "expert", name: e.name });
        await milestoneVerdict(titleA, verdict, comment, i === 1 ? "milestone-rectify" : undefined, days);
      }
      await settle();

      // Rectification (限期整改): the report is due again by the deadline the panel set.
      await advanceDays(21);
      await signInAs(cast.tyhi);
      await fromTasks(titleA);
      await see(page.getByTestId("milestone-report").filter({ hasText: "整改中" }));
      await fileMilestoneReport(
        1,
        "整改完成：更换边缘计算节点，控制精度 93%，端到端时延 72 ms",
        "93%",
        "milestone-rectified",
      );
      await settle();
      for (const e of experts) {
        await signInAs({ user: e.user, org: e.org, role: "expert", name: e.name });
        await milestoneVerdict(titleA, "通过", "整改后考核指标达成，同意通过。");
      }
      await settle();
      await signInAs(cast.approver);
      await confirmPaymentOpinion(titleA, "payment-opinion");
      await seeSettled(page.getByTestId("payment-opinion-confirmed-1"));
      await checked("payment-opinion-confirmed");
      errorsSoFar();
    }),
  );

  it(
    "both horse-race projects pass the key milestone; the enterprise and the bureau keep one, the other is settled and closed",
    explained(async () => {
      await signInAs(cast.tisco);
      for (let n = 0; n < 2; n++) {
        await fromTasks(titleB);
        await fileMilestoneReport(
          1,
          "中试轧制 0.02 mm 带钢，板形控制精度 92%",
          "92%",
          "milestone-report-race",
        );
      }
      await settle();
      await signInAs(cast.bureau);
      for (const solver of [raceWinner, raceLoser]) {
        await openProjectAsBureau(solver);
        await namePanel(1, [experts[0].name]);
      }
      await settle();
      await signInAs({ user: experts[0].user, org: experts[0].org, role: "expert", name: experts[0].name });
      for (let n = 0; n < 2; n++) {
        await milestoneVerdict(titleB, "通过", "考核指标达成，同意通过。");
        await settle();
      }
      await signInAs(cast.approver);
      for (let n = 0; n < 2; n++) {
        await confirmPaymentOpinion(titleB);
        await settle();
      }

      // The enterprise chooses first, on the race's page (its 我的榜单 links it).
      await signInAs(cast.tisco);
      await openMenu(page, "我的榜单");
      await see(page.getByTestId("my-challenges"));
      await page
        .getByTestId("my-challenges")
        .locator("tr", { hasText: titleB })
        .getByRole("link", { name: "赛马" })
        .click();
      let race = page.getByTestId("race-form");
      await seeSettled(race);
      await race.getByRole("checkbox", { name: new RegExp(raceWinner) }).check();
      await checked("race-enterprise");
      await race.getByTestId("race-form-submit").click();
      await page.getByTestId("confirm-ok").click();
      await see(page.getByTestId("race-decision-enterprise").or(page.getByTestId("action-error")), 90_000);
      await expect(page.getByTestId("action-error").count()).resolves.toBe(0);
      await settle();

      // The bureau agrees from its to-do, with the loser's verified spending for the settlement (核定支出).
      await signInAs(cast.bureau);
      await fromTasks(titleB);
      await seeUrl("**/horse-race");
      // (A locator belongs to its page: the enterprise's page is closed.)
      race = page.getByTestId("race-form");
      await see(race);
      await race.getByRole("checkbox", { name: new RegExp(raceWinner) }).check();
      await race.getByLabel(`核定支出（元） · ${raceLoser}`).fill("456,789.01");
      await checked("race-bureau");
      await race.getByTestId("race-form-submit").click();
      await page.getByTestId("confirm-ok").click();
      const outcome = page.getByTestId("race-outcome");
      await see(outcome.or(page.getByTestId("action-error")), 90_000);
      await expect(page.getByTestId("action-error").count()).resolves.toBe(0);
      // The projects by their solvers' names, not by ids.
      await expect(outcome.textContent()).resolves.toContain(raceWinner);
      await expect(page.getByTestId("race-decision-bureau").textContent()).resolves.toContain(raceWinner);
      await expect(page.getByTestId("action-error").count()).resolves.toBe(0);
      await settle();
      await checked("race-decided");
      await openProjectAsBureau(raceLoser);
      await seeSettled(page.getByTestId("project-summary").filter({ hasText: "已终止" }));
      await checked("race-loser-closed");
      errorsSoFar();
    }),
  );

  it(
    "the race's remaining project is terminated on its solver's proposal; the recovery it creates is received in two receipts",
    explained(async () => {
      await signInAs(cast.nuc);
      await openMenu(page, "我的项目");
      await see(page.locator("[data-project]").first());
      await page
        .locator("[data-project]", { hasText: titleB })
        .getByRole("link", { name: titleB })
        .first()
        .click();
      const proposal = page.getByTestId("termination-proposal");
      await see(proposal);
      await proposal
        .locator("textarea[name=reason]")
        .fill("核心原材料供应商停产，技术路线无法在实施期内实现。");
      await checked("termination-proposal");
      await proposal.getByTestId("termination-form-submit").click();
      await page.getByTestId("confirm-ok").click();
      await see(proposal.locator(".ant-alert-warning").or(page.getByTestId("action-error")), 90_000);
      await expect(page.getByTestId("action-error").count()).resolves.toBe(0);
      await settle();

      await signInAs(cast.bureau);
      await fromTasks(titleB);
      const decision = page.getByTestId("termination-decision");
      await see(decision);
      await decision.getByTestId("decision-spending").fill("234,567.89");
      await decision.locator("textarea").fill("同意终止，按审计核定的已发生支出结算。");
      await see(decision.getByTestId("decision-consequence").filter({ hasText: "234,567.89" }));
      await checked("termination-decision");
      await decision.getByTestId("decision-form-submit").click();
      await see(page.getByTestId("confirm-ok"));
      await page.getByTestId("confirm-ok").click();
      await seeSettled(page.getByTestId("project-summary").filter({ hasText: "已终止" }));
      await settle();

      // Finance: the two recoveries (追回) from 待办 — the settled race project's (one receipt) and the terminated
      // one's (two receipts 15 days apart, as local/demo/termination.ts) —, each decided by the bureau's officer by name.
      await signInAs(cast.finance);
      let receipt = 0;
      for (let n = 0; n < 2; n++) {
        await fromTasks(titleB);
        const form = page.getByTestId("receipt-form");
        await see(form);
        await expect(page.getByTestId("recovery-decided-by").textContent()).resolves.toContain("赵立新");
        const terminated = ((await page.getByTestId("recovery-facts").textContent()) ?? "").includes(
          "234,567.89",
        );
        const outstanding = async () =>
          Math.round(
            Number(
              ((await page.getByTestId("recovery-outstanding").textContent()) ?? "").replace(/[¥,]/g, ""),
            ) * 100,
          );
        const totalFen = await outstanding();
        expect(totalFen).toBeGreaterThan(0);
        const parts = terminated ? [Math.floor(totalFen / 3), 0] : [0];
        for (const [i, part] of parts.entries()) {
          if (i === 1) {
            await advanceDays(15);
            await page.reload();
            await see(form);
          }
          const fen = part === 0 ? await outstanding() : part;
          receipt += 1;
          const reference = `TY-ZH-2025-000${receipt}`;
          await form.locator("input[name=amount]").fill(yuanText(fen));
          await form.locator("input[name=receivedOn]").fill(dateAfter(0));
          await form.locator("input[name=receivedOn]").press("Enter");
          await form.locator("input[name=reference]").fill(reference);
          await checked(`recovery-receipt-${receipt}`);
          await form.getByTestId("receipt-form-submit").click();
          await see(
            page.getByTestId("receipts").getByText(reference).or(page.getByTestId("action-error")),
            90_000,
          );
          await expect(page.getByTestId("action-error").count()).resolves.toBe(0);
        }
        await expect
          .poll(() => page.getByTestId("recovery-outstanding").textContent(), { timeout: 30_000 })
          .toBe("¥0.00");
        await checked("recovery-received");
      }
      errorsSoFar();
    }),
  );

  it(
    "the milestone tranche paid; clock +60 days: A's second milestone passes, the final acceptance (request, plan, review, opinion) and the final tranche paid",
    explained(async () => {
      await payRun(1, "milestone-1");

      await advanceDays(60);
      await signInAs(cast.tyhi);
      await fromTasks(titleA);
      await fileMilestoneReport(2, "示范矿山连续运行 90 天，控制精度 96%", "96%", "milestone-2-report");
      await settle();
      await signInAs(cast.bureau);
      await openProjectAsBureau(solverA);
      await namePanel(2, [experts[0].name]);
      await settle();
      await signInAs({ user: experts[0].user, org: experts[0].org, role: "expert", name: experts[0].name });
      await milestoneVerdict(titleA, "通过", "示范运行指标达成，同意通过。");
      await settle();
      await signInAs(cast.approver);
      await confirmPaymentOpinion(titleA);
      await settle();

      // 结题验收: the enterprise asks, the bureau and the enterprise fix the same plan, the experts review.
      await signInAs(cast.tyhi);
      await fromTasks(titleA);
      const request = page.getByTestId("acceptance-request");
      await seeSettled(request);
      await request
        .locator("textarea[name=summary]")
        .fill("全部考核指标完成：远程操控端到端时延 45 ms，作业效率达人工驾驶的 97%。");
      await checked("acceptance-request");
      await request.getByTestId("acceptance-request-form-submit").click();
      await page.getByTestId("confirm-ok").click();
      await see(request, 90_000, "detached");
      await settle();
      await signInAs(cast.bureau);
      await fromTasks(titleA);
      let plan = page.getByTestId("acceptance-plan");
      await see(plan);
      await plan.locator("textarea").fill("现场测试、资料审查与财务审计");
      await pickExperts(
        plan,
        experts.map((e) => e.name),
      );
      await checked("acceptance-plan-bureau");
      await plan.getByTestId("acceptance-plan-form-submit").click();
      // Fixed: the page loads again with the bureau's plan and its time, the enterprise's side awaited.
      await see(page.getByTestId("acceptance-plan-fixed").or(page.getByTestId("action-error")), 90_000);
      await expect(page.getByTestId("action-error").count()).resolves.toBe(0);
      await settle();
      await signInAs(cast.tyhi);
      await fromTasks(titleA);
      plan = page.getByTestId("acceptance-plan");
      await see(plan);
      await checked("acceptance-plan-enterprise");
      await plan.getByTestId("acceptance-plan-form-submit").click();
      // The same plan fixed by both: the acceptance goes to its experts, the card leaves the page (an error stays).
      await see(plan, 90_000, "detached");
      await expect(page.getByTestId("action-error").count()).resolves.toBe(0);
      await settle();
      for (const [i, e] of experts.entries()) {
        await signInAs({ user: e.user, org: e.org, role: "expert", name: e.name });
        await fromTasks(titleA);
        const review = page.getByTestId("acceptance-review");
        await see(review);
        await review.getByText("通过", { exact: true }).click();
        await review.locator(".ant-input-number input").fill(String([93, 88, 90][i]));
        await review.locator("textarea").fill("同意通过验收。");
        if (i === 0) await checked("acceptance-review");
        await review.getByTestId("acceptance-verdict-submit").click();
        await page.getByTestId("confirm-ok").click();
        await see(review, 90_000, "detached");
      }
      await settle();
      await signInAs(cast.approver);
      await confirmPaymentOpinion(titleA, "acceptance-payment-opinion");
      await settle();

      await payRun(1, "acceptance");
      await signInAs(cast.bureau);
      await openProjectAsBureau(solverA);
      await seeSettled(page.getByTestId("project-summary").filter({ hasText: "已验收" }));
      await checked("project-accepted");
      errorsSoFar();
    }),
  );

  it(
    "the finance pages show what the ledger holds (the check reads the ledger API)",
    explained(async () => {
      // The check, not a step: the programme's ledger as the API gives it.
      const finance = await as(cast.finance.user, cast.finance.org, "finance");
      const programmes = await api.get<{ items: { id: string; nameZh: string }[] }>(
        "/v1/programmes",
        finance,
      );
      const programmeId = programmes.body.items.find((p) => p.nameZh === programmeName)?.id ?? "";
      const ledger = await api.get<{ balances: Record<string, number>; agrees: boolean }>(
        `/v1/programmes/${programmeId}/ledger`,
        finance,
      );
      expect(ledger.status).toBe(200);
      expect(ledger.body.agrees).toBe(true);
      const accounts = Object.entries(ledger.body.balances);
      const total = (kind: string) =>
        accounts.filter(([id]) => id.endsWith(`:${kind}`)).reduce((sum, [, fen]) => sum + fen, 0);
      // Five payments made (three signing tranches, A's milestone and final tranches), money came back.
      expect(total("paid")).toBeGreaterThan(0);
      expect(total("recovered")).toBeGreaterThan(0);
      expect(total("receivable")).toBe(0);

      await signInAs(cast.finance);
      await openMenu(page, "资金台账");
      await choose(page, "programme-select", programmeName);
      const balances = page.getByTestId("balances");
      await see(balances.locator("[data-account]"));
      await expect(page.getByTestId("rebuild-agreement").textContent()).resolves.toContain("一致");
      await expect(page.getByTestId("report-agreement").textContent()).resolves.toContain(
        "业务记录与台账一致",
      );
      await expect(balances.locator("[data-account]").count()).resolves.toBe(accounts.length);
      for (const [account, fen] of accounts) {
        const row = balances.locator(`[data-account="${account}"]`);
        await expect(row.textContent(), account).resolves.toContain(yuan(fen));
        // The owner in words (the project's title or the programme's name), the account id only secondary.
        await expect(row.textContent(), account).resolves.toMatch(
          account.startsWith("prj:") ? /攻关|研发|技术/ : /太原市/,
        );
      }
      await expect(page.getByTestId("figure-disbursed").textContent()).resolves.toContain(
        yuan(total("paid")),
      );
      await expect(page.getByTestId("figure-recovered").textContent()).resolves.toContain(
        yuan(total("recovered")),
      );
      await expect(page.getByTestId("figure-budget").textContent()).resolves.toContain("¥200,000,000.00");
      // The vouchers (记账凭证) name their projects by title: both projects' payments are among them.
      const vouchers = page.getByTestId("ledger-entries");
      await see(vouchers.locator("[data-entry]"));
      await expect(vouchers.textContent()).resolves.toContain(titleA);
      await expect(vouchers.textContent()).resolves.toContain(titleB);
      await checked("ledger");

      await openMenu(page, "财务报表");
      await choose(page, "programme-select", programmeName);
      const figures = page.getByTestId("report-figures");
      await see(figures.getByText("¥200,000,000.00"));
      await expect(page.getByTestId("report-agree").textContent()).resolves.toContain("业务记录与台账一致");
      for (const [figure, fen] of [
        ["budgetFen", 200_000_000_00],
        ["disbursedFen", total("paid")],
        ["recoveredFen", total("recovered")],
      ] as const) {
        await expect(figures.locator(`[data-figure=${figure}]`).textContent(), figure).resolves.toBe(
          yuan(fen),
        );
      }
      await checked("finance-report");
      errorsSoFar();
    }),
  );
});
