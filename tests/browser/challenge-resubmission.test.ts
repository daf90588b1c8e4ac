// Browser: a challenge sent back at 审定 and resubmitted, by clicks — the set-up over HTTP refines a demand into a
// draft challenge, submits it and has the bureau sign it off, so the publication machine waits for the approver. Then in
// headless Chromium: the approver follows 待办 to the sign-off page and sends the challenge back with a reason; the
// bureau finds 修改并重新提交被退回的榜单 in 待办, reads the approver's reason on the challenge's page, corrects the
// description and resubmits; the bureau's sign-off waits again (challenge-publication's AwaitResubmission answered).
// axe on every page; screenshots challenge-resubmission-*.png.
import { beforeAll, describe, expect, it } from "vitest";
import { awardDriver, challengeAwaitingApprover } from "../support/award.ts";
import { actionDone, followTodo, signIn, withWorkbench } from "../support/workbench.ts";

const wb = withWorkbench({ prefix: "challenge-resubmission", clockStart: "2025-09-01T01:00:00.000Z" });
const driver = awardDriver(() => wb.runtime);
const { api } = driver;
const reason = "资助上限超出本批次政策上限，请核减后重新提交";
let challengeId: string;
let title: string;

beforeAll(async () => {
  challengeId = await challengeAwaitingApprover(() => wb.runtime, driver);
  title = (await api.get<{ title: string }>(`/v1/challenges/${challengeId}`, await driver.bureau())).body
    .title;
}, 300_000);

async function challengeStatus(): Promise<string> {
  return (await api.get<{ status: string }>(`/v1/challenges/${challengeId}`, await driver.bureau())).body
    .status;
}

describe("a challenge sent back at 审定 and resubmitted (challenge-publication's AwaitResubmission)", () => {
  it("the approver sends it back from 待办 with a reason", async () => {
    const page = await wb.open();
    await signIn(page, wb.base, "a1", "taiyuan-gov", "approver", "孙审定");
    await followTodo(page, "challenge.approver-sign-off", title);
    await page.waitForURL(`**/challenges/${challengeId}/sign-off`);
    await page.getByTestId("sign-off-decision").getByText("退回修改").click();
    await page.getByTestId("sign-off-form").locator("textarea").fill(reason);
    await page.getByTestId("sign-off-form-submit").click();
    const ok = page.getByTestId("confirm-ok");
    if (await ok.isVisible().catch(() => false)) await ok.click();
    await actionDone(page);
    await driver.settle();
    await wb.checked("sent-back", page);
    expect(await challengeStatus()).not.toBe("scheduled");
    expect(wb.errors).toEqual([]);
    await page.close();
  }, 180_000);

  it("the bureau reads the reason from 待办, corrects the challenge and resubmits it: the sign-off waits again", async () => {
    const page = await wb.open();
    await signIn(page, wb.base, "b1", "taiyuan-stb", "bureau", "周志远");
    await followTodo(page, "challenge.resubmit", title);
    await page.waitForURL(`**/challenges/${challengeId}`);
    await page.getByTestId("challenge-title").waitFor();
    // The approver's decision and reason are on the page the to-do opened.
    const text = (await page.textContent("body")) ?? "";
    expect(text).toContain(`审定领导 · 退回`);
    expect(text).toContain(reason);
    expect(text).not.toContain("local-a1");
    await wb.checked("to-correct", page);
    const edit = page.getByTestId("edit-challenge");
    const description = edit.locator("textarea").first();
    await description.fill(`${await description.inputValue()}（资助上限已核减）`);
    await page.getByTestId("edit-challenge-submit").click();
    // Saved: the form says so and stays on the page while it loads the challenge again.
    const saved = await actionDone(page, page.getByTestId("edit-challenge"));
    expect(await saved.textContent()).toContain("已保存");
    expect(
      (await api.get<{ description: string }>(`/v1/challenges/${challengeId}`, await driver.bureau())).body
        .description,
    ).toContain("（资助上限已核减）");
    await page.getByTestId("submit-challenge").click();
    await driver.settle();
    await expect.poll(challengeStatus, { timeout: 60_000 }).toBe("awaiting-bureau");
    await page.reload();
    await page.getByTestId("challenge-title").waitFor();
    await wb.checked("resubmitted", page);
    // Nothing of this challenge waits for a resubmission any more; the bureau's sign-off does.
    await page.goto(`${wb.base}/console/tasks`);
    const rows = page.locator("[data-testid=tasks-table] tbody tr").filter({ hasText: title });
    await rows.first().waitFor();
    await expect(rows.locator('[data-action="challenge.resubmit"]').count()).resolves.toBe(0);
    await expect(rows.locator('[data-action="challenge.bureau-sign-off"]').count()).resolves.toBe(1);
    expect(wb.errors).toEqual([]);
    await page.close();
  }, 180_000);
});
