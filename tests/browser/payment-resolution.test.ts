// Browser: a failed disbursement's way out (拨付失败的处理) in headless Chromium — the set-up pays a project's first
// tranche over HTTP with the simulated treasury failing every submission (the one exception the workbench tests allow:
// the treasury's answer), so the payment rests at `disbursement-failed`. Then by clicks only: officer f1 finds it in 待办,
// tries to send the form empty (the fields' errors, nothing written), proposes returning the tranche to eligible with a
// reason, and sees that they cannot confirm their own proposal (four eyes, and why); officer f2 finds the confirmation
// in 待办, confirms after the dialog that states the amount released, and the page shows the resolution by name; the
// tranche is eligible again and the ledger agrees. axe-core on every page; screenshots payment-resolution-*.png.
import { beforeAll, describe, expect, it } from "vitest";
import { type ChallengeRecord, challengeKind } from "../../functions/challenges/model.ts";
import { treasurySimulator } from "../../functions/payments/adapters/simulated-treasury.ts";
import { recordStore } from "../../functions/platform/deps.ts";
import { created } from "../../functions/platform/ports/records.ts";
import { trancheId } from "../../functions/projects/model.ts";
import { type PaymentView, paymentsOn } from "../support/payments.ts";
import type { SeededProject } from "../support/projects.ts";
import { signIn, withWorkbench } from "../support/workbench.ts";

const wb = withWorkbench({ prefix: "payment-resolution", clockStart: "2025-06-02T02:00:00.000Z" });
const p = paymentsOn(() => wb.runtime);

/** Integer fen as the workbench writes it (¥1,234.00). */
const yuan = (fen: number) =>
  `¥${(fen / 100).toLocaleString("zh-CN", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

let project: SeededProject;
let paymentId: string;
let amountFen: number;

beforeAll(async () => {
  treasurySimulator.reset();
  // The payee registered (机构名录) and the project's challenge written (the seed writes none): the pages name both.
  const registered = await p.api.post("/v1/organisations", await p.tokens.bureau(), {
    organisationId: "ent-casting",
    registeredName: "太原精密铸造有限公司",
    uscc: "91350100M000100Y43",
    type: "enterprise",
  });
  expect(registered.status, JSON.stringify(registered.body)).toBe(201);
  project = await p.signedProject();
  const at = new Date(wb.runtime.clock.now()).toISOString();
  const challenge = {
    id: project.challengeId,
    version: 1,
    programmeId: project.programmeId,
    title: "大型铸件缺陷智能检测",
    status: "awarded",
    enterpriseOrganisationIds: ["ent-casting"],
    createdAt: at,
    updatedAt: at,
  } as unknown as ChallengeRecord;
  await recordStore().write(
    [created(challengeKind, challenge, { actor: "test", role: "bureau", action: "test.seeded" })],
    at,
  );
  paymentId = await p.reserveFirstTranche(project, "run-resolution-1");
  treasurySimulator.failNext = 5; // the first submission and its four retries
  await p.approve(paymentId);
  await p.settle();
  const failed = await p.payment(paymentId);
  expect(failed.status).toBe("disbursement-failed");
  amountFen = failed.amountFen;
  treasurySimulator.reset();
}, 300_000);

/** The tranche as the API shows it to finance. */
async function trancheStatus(): Promise<string | undefined> {
  const got = await p.api.get<{ tranches: { id: string; status: string }[] }>(
    `/v1/projects/${project.projectId}`,
    await p.tokens.finance1(),
  );
  expect(got.status, JSON.stringify(got.body)).toBe(200);
  return got.body.tranches.find((t) => t.id === trancheId(project.projectId, 1))?.status;
}

describe("a failed disbursement resolved in the workbench (four eyes)", () => {
  it("officer f1 proposes from 待办: empty fields refused in place, then the proposal, not confirmable by its proposer", async () => {
    const page = await wb.open();
    await signIn(page, wb.base, "f1", "taiyuan-czj", "finance", "周会计");
    const task = page.getByTestId("tasks-table").locator(`a[href$="/payments/${paymentId}/resolution"]`);
    await task.waitFor();
    expect(await page.getByTestId("tasks-table").textContent()).toContain("拨付");
    await task.click();
    await page.getByTestId("resolution-form").waitFor();
    expect(new URL(page.url()).pathname).toBe(`/console/payments/${paymentId}/resolution`);
    await wb.checked("proposal-form", page);

    // Nothing chosen, nothing written: each field says what it misses, and the payment is as it was.
    await page.getByTestId("resolution-form-submit").click();
    const explain = page.getByTestId("resolution-form").locator(".ant-form-item-explain-error");
    await explain.first().waitFor();
    expect(await explain.count()).toBe(2);
    expect((await p.payment(paymentId)).resolution).toBeUndefined();

    await page.getByTestId("resolution-form").getByText("退回可拨付（重新拨付）").click();
    await page.getByTestId("resolution-form").locator("textarea").fill("收款账户已更正，重新拨付");
    await page.getByTestId("resolution-form-submit").click();
    await page.getByTestId("resolution-proposed").waitFor();
    const own = page.getByTestId("own-resolution");
    await own.waitFor();
    expect(await own.textContent()).toContain("不能由您确认");
    await expect(page.getByTestId("resolution-confirm-form-submit").isDisabled()).resolves.toBe(true);
    const proposed = (await p.payment(paymentId)) as PaymentView & { resolution?: { outcome: string } };
    expect(proposed.resolution?.outcome).toBe("return-to-eligible");
    await wb.checked("proposed", page);
    await page.close();
  }, 180_000);

  it("officer f2 confirms from 待办 after the dialog states the amount released: the tranche is eligible again", async () => {
    const page = await wb.open();
    await signIn(page, wb.base, "f2", "taiyuan-czj", "finance", "吴复核");
    const task = page.getByTestId("tasks-table").locator(`a[href$="/payments/${paymentId}/resolution"]`);
    await task.waitFor();
    await task.click();
    await page.getByTestId("resolution-confirm-form").waitFor();
    await wb.checked("confirm-form", page);
    await page.getByTestId("resolution-confirm-form-submit").click();
    const dialog = page.locator(".ant-modal-confirm");
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain(yuan(amountFen));
    await page.getByTestId("confirm-ok").click();
    await page.getByTestId("resolution-confirmed").waitFor();
    const confirmed = (await page.getByTestId("resolution-confirmed").textContent()) ?? "";
    expect(confirmed).toContain("收款账户已更正");
    // The proposer and the confirming officer by name, never by user id.
    expect(confirmed).toContain("周会计");
    expect(confirmed).toContain("吴复核");
    expect(confirmed).not.toContain("local-");
    // The project by its challenge's title and the payee by its registered name.
    const heading = (await page.locator("h1").textContent()) ?? "";
    expect(heading).toContain("大型铸件缺陷智能检测");
    expect(heading).not.toContain(project.projectId);
    expect(await page.textContent("body")).toContain("太原精密铸造有限公司");
    await wb.checked("confirmed", page);
    await p.settle();
    expect(await trancheStatus()).toBe("eligible");
    const ledger = await p.api.get<{ agrees: boolean }>(
      `/v1/programmes/${project.programmeId}/ledger`,
      await p.tokens.finance1(),
    );
    expect(ledger.body.agrees).toBe(true);
    // Both to-dos are gone: nothing about this payment waits for anyone (f2's list may be empty altogether).
    await page.goto(`${wb.base}/console/tasks`);
    await page
      .getByTestId("tasks")
      .locator('[data-testid="tasks-table"], [data-testid="tasks-empty"]')
      .first()
      .waitFor();
    await expect(
      page.getByTestId("tasks").locator(`a[href*="/payments/${paymentId}"]`).count(),
    ).resolves.toBe(0);
    expect(wb.errors).toEqual([]);
    await page.close();
  }, 180_000);
});
