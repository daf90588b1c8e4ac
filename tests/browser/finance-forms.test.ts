// End-to-end: the workbench's finance forms (财政) and the audit trail's check in real headless Chromium against the
// in-process runtime. Preconditions over HTTP: projects A and C signed (tranche 1 of each eligible), project B paid
// and terminated (a recovery). Then in the browser: officer f1 selects A's and C's tranches and double-clicks 拨付 and
// its confirmation — one payment run, each tranche reserved once; f1 sees their own run as not approvable and why;
// officer f2 opens it from 待办 and approves it; a receipt is recorded on B's recovery (yuan typed, fen stored); the
// finance report downloaded as CSV (yuan, BOM); an auditor anchors and verifies the audit trail. axe on every page.
// People and organisations by name: the bureau officer whose signature made a tranche eligible (确认人), the officer
// who requested a payment, the recovery's project (its challenge's title) and payer (its registered name).
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ChallengeRecord, challengeKind } from "../../functions/challenges/model.ts";
import { treasurySimulator } from "../../functions/payments/adapters/simulated-treasury.ts";
import { paymentId } from "../../functions/payments/model.ts";
import { recordStore } from "../../functions/platform/deps.ts";
import { created } from "../../functions/platform/ports/records.ts";
import { trancheId } from "../../functions/projects/model.ts";
import { recoveryId } from "../../functions/recoveries/model.ts";
import { type Runtime, startRuntime } from "../../local/runtime.ts";
import { projectRoot } from "../../local/runtime-paths.ts";
import { createProgramme } from "../support/api.ts";
import { projectFlow } from "../support/project-flow.ts";
import type { SeededProject } from "../support/projects.ts";
import { choose, launchChromium, openMenu, seriousViolations, signIn } from "../support/workbench.ts";

const screenshots = join(projectRoot, "test-artifacts", "screenshots");
const dayMs = 86_400_000;

let runtime: Runtime;
let dataDir: string;
let browser: Browser;
// The bureau officer's token names them: the task book's last signature (which makes tranche 1 eligible) is theirs.
const bureauName = "周志远";
const recoveryProjectTitle = "高温合金涡轮叶片精密铸造";
const flow = projectFlow(() => runtime, { b1: bureauName });
const { api } = flow;
const finance1 = () => flow.as("f1", "taiyuan-czj", "finance");
const finance2 = () => flow.as("f2", "taiyuan-czj", "finance");

/** Integer fen as the workbench writes it (¥1,234.00). */
const yuan = (fen: number) =>
  `¥${(fen / 100).toLocaleString("zh-CN", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

let programmeId: string;
let projectA: SeededProject;
let projectB: SeededProject;
let projectC: SeededProject;
let amounts: Record<string, number> = {};

interface LedgerEntries {
  items: { id: string; kind: string; paymentId?: string; amountFen: number }[];
  next?: string;
}
async function ledgerTransactions(): Promise<LedgerEntries["items"]> {
  const all: LedgerEntries["items"] = [];
  let cursor: string | undefined;
  do {
    const page = await api.get<LedgerEntries>(
      `/v1/programmes/${programmeId}/ledger/entries?limit=100${cursor ? `&cursor=${cursor}` : ""}`,
      await finance1(),
    );
    expect(page.status, JSON.stringify(page.body)).toBe(200);
    all.push(...page.body.items);
    cursor = page.body.next;
  } while (cursor);
  return all;
}

beforeAll(async () => {
  mkdirSync(screenshots, { recursive: true });
  dataDir = mkdtempSync(join(tmpdir(), "jiebang-finance-forms-"));
  runtime = await startRuntime({ dataDir, clockStart: "2025-07-01T01:00:00.000Z" });
  treasurySimulator.reset();
  browser = await launchChromium();
  programmeId = await createProgramme(api, await flow.bureau());
  // Project A's payee registered (机构名录): the payment run names it by its registered name.
  const registered = await api.post("/v1/organisations", await flow.bureau(), {
    organisationId: "ent-casting",
    registeredName: "太原精密铸造有限公司",
    uscc: "91350100M000100Y43",
    type: "enterprise",
  });
  expect(registered.status, JSON.stringify(registered.body)).toBe(201);
  // Project B's payer registered too: the recovery names it.
  const payer = await api.post("/v1/organisations", await flow.bureau(), {
    organisationId: "ent-alloy",
    registeredName: "山西高温合金有限公司",
    uscc: "91140100MA00000016",
    type: "enterprise",
  });
  expect(payer.status, JSON.stringify(payer.body)).toBe(201);
  const inProgramme = (challengeId: string) => ({ programmeId, challengeId }) as SeededProject;
  projectA = await flow.signedProject({
    startDate: "2025-07-01",
    sameChallengeAs: inProgramme("chl-forms-a"),
  });
  projectB = await flow.signedProject({
    startDate: "2025-07-01",
    enterpriseOrg: "ent-alloy",
    solverOrg: "uni-b",
    sameChallengeAs: inProgramme("chl-forms-b"),
  });
  projectC = await flow.signedProject({
    startDate: "2025-07-01",
    enterpriseOrg: "ent-glass",
    solverOrg: "uni-c",
    sameChallengeAs: inProgramme("chl-forms-c"),
  });
  // B's challenge (the seed writes none): the recovery's project by this title.
  const seededAt = new Date(runtime.clock.now()).toISOString();
  await recordStore().write(
    [
      created(
        challengeKind,
        {
          id: projectB.challengeId,
          version: 1,
          programmeId,
          title: recoveryProjectTitle,
          status: "awarded",
          enterpriseOrganisationIds: ["ent-alloy"],
          createdAt: seededAt,
          updatedAt: seededAt,
        } as unknown as ChallengeRecord,
        { actor: "test", role: "bureau", action: "test.seeded" },
      ),
    ],
    seededAt,
  );
  // B: tranche 1 paid through four eyes and the treasury, then terminated without fault — money to recover.
  const run = await api.call<{ results: { paymentId?: string }[] }>("POST", "/v1/payments", {
    token: await finance1(),
    body: { trancheIds: [trancheId(projectB.projectId, 1)] },
    headers: { "idempotency-key": `run-${projectB.projectId}-1` },
  });
  expect(run.status, JSON.stringify(run.body)).toBe(202);
  await flow.settle();
  const approved = await api.post(
    `/v1/payments/${run.body.results[0]?.paymentId}/approval`,
    await finance2(),
    { decision: "approve" },
  );
  expect(approved.status, JSON.stringify(approved.body)).toBe(200);
  await flow.settle();
  await runtime.advanceClock(20 * dayMs);
  // Decided by a bureau officer whose token names them: the recovery's page shows the name.
  const namedBureau = await runtime.identity.issue({
    user: "b-named",
    org: "taiyuan-stb",
    roles: ["bureau"],
    name: "赵立新",
  });
  const terminated = await api.post(`/v1/projects/${projectB.projectId}/termination`, namedBureau, {
    reason: "技术路线无法实现",
    fault: false,
    proposedBy: "solver",
    verifiedSpendingFen: 100_000_00,
  });
  expect(terminated.status, JSON.stringify(terminated.body)).toBe(200);
  await flow.settle();
  for (const p of [projectA, projectC]) {
    const view = await flow.read(p.projectId);
    const t1 = view.tranches.find((t) => t.index === 1);
    expect(t1?.status).toBe("eligible");
    amounts[p.projectId] = t1?.amountFen ?? 0;
  }
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  amounts = {};
});

/** A signed-in page (its clock the runtime's) that records every uncaught page error and console error. */
async function signedIn(user: string, org: string, role: string, name?: string) {
  const errors: string[] = [];
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, locale: "zh-CN" });
  await page.clock.setFixedTime(new Date(runtime.clock.now()));
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`console: ${m.text()} ${m.location().url}`);
  });
  await signIn(page, runtime.info.apiUrl, user, org, role, name);
  return { page, errors };
}

/** axe on the page as it rests: the pointer moved off the button just clicked (its hover colour is a passing state). */
async function axe(page: Page): Promise<string[]> {
  await page.mouse.move(0, 0);
  return seriousViolations(page);
}

async function checked(page: Page, errors: string[], shot: string) {
  await expect(page.getByTestId("page-error").count()).resolves.toBe(0);
  expect(await axe(page)).toEqual([]);
  expect(errors).toEqual([]);
  await page.screenshot({ path: join(screenshots, `finance-forms-${shot}.png`), fullPage: true });
}

describe("finance forms in Chromium", () => {
  it("officer f1 pays two tranches with a double click on 拨付 and on its confirmation: one payment run", async () => {
    const before = await ledgerTransactions();
    const { page, errors } = await signedIn("f1", "taiyuan-czj", "finance", "周晓梅");
    const keys: string[] = [];
    page.on("request", (r) => {
      if (r.method() === "POST" && new URL(r.url()).pathname === "/v1/payments") {
        keys.push(r.headers()["idempotency-key"] ?? "");
      }
    });
    await openMenu(page, "拨付队列");
    const queue = page.getByTestId("payment-queue");
    const a = trancheId(projectA.projectId, 1);
    const c = trancheId(projectC.projectId, 1);
    await queue.locator(`[data-tranche="${a}"]`).waitFor();
    await expect(queue.locator("[data-tranche]").count()).resolves.toBe(2);
    // The payee by name, the project by its title.
    await expect(queue.locator(`[data-tranche="${a}"]`).textContent()).resolves.toContain("ent-casting");
    // 确认人: the bureau officer whose signature made the tranche eligible, by name (the user id on hover only).
    const confirmer = queue.locator(`[data-tranche="${a}"]`).getByTestId("queue-confirmed-by");
    await expect(confirmer.textContent()).resolves.toBe(`确认人 ${bureauName}`);
    await expect(confirmer.locator("[data-user-id=local-b1]").getAttribute("title")).resolves.toBe(
      "local-b1",
    );
    await checked(page, errors, "queue");
    await queue.locator(`[data-tranche="${a}"] input[type=checkbox]`).check();
    await queue.locator(`[data-tranche="${c}"] input[type=checkbox]`).check();
    const total = amounts[projectA.projectId]! + amounts[projectC.projectId]!;
    await expect(page.getByTestId("pay-selected").textContent()).resolves.toContain(yuan(total));

    await page.getByTestId("pay-selected").dblclick();
    const confirmText = page.getByTestId("payment-confirm-text");
    await confirmText.waitFor();
    // One confirmation, stating the total in yuan.
    await expect(page.locator(".ant-modal:visible").count()).resolves.toBe(1);
    await expect(confirmText.textContent()).resolves.toContain(`合计 ${yuan(total)}`);
    await expect(confirmText.textContent()).resolves.toContain("2 笔");
    // Each payee by its organisation's name, with its amount in yuan.
    const confirmA = page.getByTestId("payment-confirm").locator('[data-payee="ent-casting"]');
    await expect(confirmA.textContent()).resolves.toContain("拨付给 太原精密铸造有限公司");
    await expect(confirmA.textContent()).resolves.toContain(yuan(amounts[projectA.projectId]!));
    expect(await axe(page)).toEqual([]);
    await page.screenshot({ path: join(screenshots, "finance-forms-confirm.png") });
    await page.getByTestId("confirm-ok").dblclick();
    const result = page.getByTestId("payment-run-result");
    await result.waitFor();
    await expect(result.locator("[data-outcome=reserved]").count()).resolves.toBe(2);
    await expect(result.locator(`[data-result="${a}"]`).textContent()).resolves.toContain(
      `拨付给 太原精密铸造有限公司 ${yuan(amounts[projectA.projectId]!)}`,
    );
    await flow.settle();

    // Every request the page sent carried the one key of this confirmation.
    expect(keys.length).toBeGreaterThanOrEqual(1);
    expect(new Set(keys).size).toBe(1);
    // Each tranche reserved once: one payment (attempt 1, no attempt 2), one commitment in the ledger.
    for (const tranche of [a, c]) {
      const first = await api.get<{ status: string; idempotencyKey: string; requestedBy: string }>(
        `/v1/payments/${paymentId(tranche, 1)}`,
        await finance1(),
      );
      expect(first.status, JSON.stringify(first.body)).toBe(200);
      expect(first.body).toMatchObject({
        status: "awaiting-approval",
        idempotencyKey: keys[0],
        requestedBy: "local-f1",
      });
      expect((await api.get(`/v1/payments/${paymentId(tranche, 2)}`, await finance1())).status).toBe(404);
    }
    const after = await ledgerTransactions();
    const added = after.filter((x) => !before.some((b) => b.id === x.id));
    expect(added.map((x) => x.kind).sort()).toEqual(["commit", "commit"]);
    expect(added.map((x) => x.paymentId).sort()).toEqual([paymentId(a, 1), paymentId(c, 1)].sort());
    expect(added.reduce((s, x) => s + x.amountFen, 0)).toBe(total);
    // Paid tranches left the queue.
    await page.getByTestId("queue-empty").waitFor();
    await checked(page, errors, "run-result");

    // f1 opens their own run: not approvable, with the API's reason said before any click.
    await result.locator(`[data-result="${a}"]`).getByRole("link").click();
    await page.getByTestId("payment-title").waitFor();
    await expect(page.getByTestId("payment-amount").textContent()).resolves.toBe(
      yuan(amounts[projectA.projectId]!),
    );
    await expect(page.getByTestId("payment-facts").textContent()).resolves.toContain("待复核");
    // The requesting officer and the tranche's confirmer by name, not by user id.
    await expect(page.getByTestId("payment-requested-by").textContent()).resolves.toBe("周晓梅");
    await expect(page.getByTestId("payment-confirmed-by").textContent()).resolves.toBe(bureauName);
    await expect(page.getByTestId("payment-facts").textContent()).resolves.not.toMatch(/local-(f1|b1)/);
    await expect(page.getByTestId("own-run").textContent()).resolves.toContain("拨付申请人不得审批本人申请");
    await expect(page.getByTestId("approval-form-submit").isDisabled()).resolves.toBe(true);
    // The API refuses it with that reason too.
    const refused = await api.post<{ code: string; messageZh: string }>(
      `/v1/payments/${paymentId(a, 1)}/approval`,
      await finance1(),
      { decision: "approve" },
    );
    expect(refused.status).toBe(403);
    expect(refused.body.messageZh).toContain("拨付申请人不得审批本人申请");
    await checked(page, errors, "own-run");
    await page.close();
  }, 180_000);

  it("officer f2 opens the payment from 待办 and approves it after the confirmation", async () => {
    const a = trancheId(projectA.projectId, 1);
    const id = paymentId(a, 1);
    const { page, errors } = await signedIn("f2", "taiyuan-czj", "finance", "钱审核");
    const task = page.getByTestId("tasks-table").locator(`a[href$="/payments/${id}/approval"]`);
    await task.waitFor();
    await task.click();
    await page.getByTestId("approval-form").waitFor();
    expect(new URL(page.url()).pathname).toBe(`/console/payments/${id}/approval`);
    await expect(page.getByTestId("own-run").count()).resolves.toBe(0);
    await checked(page, errors, "approval");
    await page.getByTestId("approval-form-submit").click();
    await page.getByTestId("confirm-ok").waitFor();
    await expect(page.locator(".ant-modal-confirm").textContent()).resolves.toContain(
      yuan(amounts[projectA.projectId]!),
    );
    await page.getByTestId("confirm-ok").click();
    await page.getByTestId("approval-decided").waitFor();
    // The approver by the name the token gave, the user id only on hover.
    const decided = (await page.getByTestId("approval-decided").textContent()) ?? "";
    expect(decided).toContain("钱审核");
    expect(decided).not.toContain("local-f2");
    await expect(
      page.getByTestId("approval-decided").locator("[data-user-id=local-f2]").getAttribute("title"),
    ).resolves.toBe("local-f2");
    const approved = await api.get<{ approval?: { by: string; byName?: string; decision: string } }>(
      `/v1/payments/${id}`,
      await finance1(),
    );
    expect(approved.body.approval).toMatchObject({ by: "local-f2", byName: "钱审核", decision: "approve" });
    await flow.settle();
    const paid = await api.get<{ status: string }>(`/v1/payments/${id}`, await finance1());
    expect(paid.body.status).toBe("paid");
    await page.reload();
    await expect(page.getByTestId("payment-status").textContent()).resolves.toBe("已拨付");
    await checked(page, errors, "approved");
    await page.close();
  }, 120_000);

  it("a receipt is recorded on a recovery: yuan typed, integer fen stored", async () => {
    const id = recoveryId(projectB.projectId);
    const before = await api.get<{ outstandingFen: number; receivedFen: number }>(
      `/v1/recoveries/${id}`,
      await finance1(),
    );
    expect(before.body.outstandingFen).toBeGreaterThan(1_234_567);
    const { page, errors } = await signedIn("f1", "taiyuan-czj", "finance", "周晓梅");
    await openMenu(page, "追回");
    await page.locator(`[data-recovery="${id}"]`).getByTestId("open-recovery").click();
    const form = page.getByTestId("receipt-form");
    await form.waitFor();
    // The deciding officer by name (the termination's token named them), not the user id.
    await expect(page.getByTestId("recovery-decided-by").textContent()).resolves.toBe("赵立新");
    // The project by its challenge's title (a link to it), the payer by its registered name; ids as secondary text.
    await expect(page.getByTestId("recovery-project").textContent()).resolves.toBe(recoveryProjectTitle);
    await expect(page.getByTestId("recovery-project").getAttribute("href")).resolves.toBe(
      `/console/projects/${projectB.projectId}`,
    );
    await expect(page.getByTestId("recovery-payer").textContent()).resolves.toBe("山西高温合金有限公司");
    await expect(
      page.getByTestId("recovery-facts").locator("[data-secondary]").allTextContents(),
    ).resolves.toEqual([projectB.projectId, "ent-alloy"]);
    await checked(page, errors, "recovery");
    // Required fields marked; a bad amount refused next to the field, in Chinese.
    await page.locator("input[name=amount]").fill("12.345");
    await form.getByTestId("receipt-form-submit").click();
    await expect(form.locator(".ant-form-item-explain-error").first().textContent()).resolves.toContain(
      "最多两位小数",
    );
    await page.locator("input[name=amount]").fill("12,345.67");
    const today = new Date(runtime.clock.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    await page.locator("input[name=receivedOn]").fill(today);
    await page.locator("input[name=receivedOn]").press("Enter");
    await page.locator("input[name=reference]").fill("GK-2025-0801");
    await form.getByTestId("receipt-form-submit").click();
    await page.getByTestId("receipts").waitFor();
    const after = await api.get<{
      outstandingFen: number;
      receivedFen: number;
      receipts: { amountFen: number; reference: string; receivedOn: string }[];
    }>(`/v1/recoveries/${id}`, await finance1());
    expect(after.body.receipts).toMatchObject([
      { amountFen: 1_234_567, reference: "GK-2025-0801", receivedOn: today },
    ]);
    expect(after.body.receivedFen).toBe(before.body.receivedFen + 1_234_567);
    await expect(page.getByTestId("receipts").textContent()).resolves.toContain("周晓梅");
    await expect(page.getByTestId("recovery-received").textContent()).resolves.toBe(
      yuan(after.body.receivedFen),
    );
    await expect(page.getByTestId("recovery-outstanding").textContent()).resolves.toBe(
      yuan(after.body.outstandingFen),
    );
    await expect(page.getByTestId("action-done").textContent()).resolves.toContain(
      `待追回余额 ${yuan(after.body.outstandingFen)}`,
    );
    // The receipt's result sits above the title area (the link back and the title), clear of it, not below the cards.
    const notice = await page.getByTestId("action-done").boundingBox();
    const back = await page.getByRole("link", { name: "← 追回" }).boundingBox();
    const title = await page.locator("h1.page-title").boundingBox();
    expect(notice && back && title).toBeTruthy();
    expect(notice!.y + notice!.height).toBeLessThan(back!.y);
    expect(back!.y).toBeLessThan(title!.y);
    await expect(page.getByTestId("action-done").count()).resolves.toBe(1);
    await checked(page, errors, "receipt");
    await page.close();
  }, 120_000);

  it("the finance report downloads as CSV: yuan to the fen, a BOM, the same figures as the API", async () => {
    const report = await api.get<{ disbursedFen: number; committedFen: number; recoveredFen: number }>(
      `/v1/programmes/${programmeId}/finance-report`,
      await finance1(),
    );
    const { page, errors } = await signedIn("f1", "taiyuan-czj", "finance");
    await openMenu(page, "财务报表");
    await page.getByTestId("report-programmes").waitFor();
    await choose(page, "programme-select", programmeId);
    await page.locator('[data-figure="disbursedFen"]').waitFor();
    await expect(page.locator('[data-figure="disbursedFen"]').textContent()).resolves.toBe(
      yuan(report.body.disbursedFen),
    );
    await checked(page, errors, "report");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByTestId("download-csv").click(),
    ]);
    expect(download.suggestedFilename()).toBe(`finance-report-${programmeId}.csv`);
    const bytes = readFileSync((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = bytes
      .toString("utf8")
      .slice(1)
      .trim()
      .split("\r\n")
      .map((r) => r.split(","));
    const row = (name: string) => rows.find((r) => r[0] === name);
    const plain = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, "0")}`;
    expect(row("已拨付")?.[1]).toBe(plain(report.body.disbursedFen));
    expect(row("已承诺")?.[1]).toBe(plain(report.body.committedFen));
    expect(row("已追回")?.[1]).toBe(plain(report.body.recoveredFen));
    expect(report.body.recoveredFen).toBe(1_234_567);
    expect(row("业务记录与台账一致")?.[1]).toBe("一致");
    expect(rows[0]?.[1]).toContain("太原市");
    await page.close();
  }, 120_000);
});

describe("the audit trail's check in Chromium", () => {
  it("an auditor anchors the trail now and verifies it: the chain verifies, as the API says", async () => {
    const { page, errors } = await signedIn("au1", "taiyuan-sjj", "auditor");
    await openMenu(page, "审计链校验");
    await page.getByTestId("create-digest").waitFor();
    await page.getByTestId("create-digest").click();
    await page.getByTestId("digest-created").waitFor();
    await page.getByTestId("digests").locator("[data-sequence]").first().waitFor();
    await page.getByTestId("verify-trail").click();
    const result = page.getByTestId("verification-result");
    await result.waitFor({ timeout: 60_000 });
    await expect(result.getAttribute("data-ok")).resolves.toBe("yes");
    const token = await flow.as("au1", "taiyuan-sjj", "auditor");
    const listed = await api.get<{ items: { sequence: number; heads: number }[] }>(
      "/v1/audit/digests",
      token,
    );
    await expect(page.getByTestId("digests").locator("[data-sequence]").count()).resolves.toBe(
      listed.body.items.length,
    );
    const verified = await api.get<{ ok: boolean; records: number; digests: { valid: number } }>(
      "/v1/audit/verification",
      token,
    );
    expect(verified.body.ok).toBe(true);
    expect(verified.body.digests.valid).toBeGreaterThanOrEqual(1);
    await expect(result.textContent()).resolves.toContain("审计链校验通过");
    await checked(page, errors, "audit");
    await page.close();
  }, 120_000);
});
