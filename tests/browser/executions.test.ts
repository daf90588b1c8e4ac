// Browser test (Chromium, in-process runtime): an admin stops a demand's waiting demand-intake execution from the
// executions inspector and then redrives it, each by typing a reason and confirming; the page shows the status, the
// interventions (who, why) and the API agrees. An auditor sees the execution without the stop and redrive forms.
import { beforeAll, describe, expect, it } from "vitest";
import { apiClient, completeDemand, createProgramme, sha256Hex } from "../support/api.ts";
import { withWorkbench } from "../support/workbench.ts";

const wb = withWorkbench({ prefix: "executions", clockStart: "2026-03-02T01:00:00Z" });
const api = apiClient(() => wb.base);

/** A submitted demand: its demand-intake execution waits for the bureau. Returns the execution's ARN. */
async function waitingExecution(): Promise<string> {
  const enterprise = await wb.runtime.identity.issue({ user: "e1", org: "ent-001", roles: ["enterprise"] });
  const bureau = await wb.runtime.identity.issue({ user: "b1", org: "taiyuan-stb", roles: ["bureau"] });
  const admin = await wb.runtime.identity.issue({ user: "a1", org: "taiyuan-stb", roles: ["admin"] });
  const programmeId = await createProgramme(api, bureau);
  const created = await api.post<{ id: string }>(
    "/v1/demands",
    enterprise,
    completeDemand("叶片铸造", programmeId),
  );
  expect(created.status).toBe(201);
  const file = Buffer.from("%PDF-1.7 叶片铸造");
  const reserved = await api.post<{ upload: { url: string; headers: Record<string, string> } }>(
    `/v1/demands/${created.body.id}/attachments`,
    enterprise,
    {
      fileName: "需求说明.pdf",
      contentType: "application/pdf",
      sizeBytes: file.length,
      sha256: sha256Hex(file),
    },
  );
  expect(reserved.status).toBe(201);
  const put = await fetch(reserved.body.upload.url, {
    method: "PUT",
    headers: reserved.body.upload.headers,
    body: file,
  });
  expect(put.status).toBe(200);
  expect((await api.post(`/v1/demands/${created.body.id}/submit`, enterprise)).status).toBe(202);
  await wb.runtime.stepFunctions.whenIdle();
  const listed = await api.get<{ items: { executionArn: string; name: string }[] }>(
    "/v1/admin/executions?stateMachine=demand-intake",
    admin,
  );
  const found = listed.body.items.find((e) => e.name.includes(created.body.id));
  expect(found).toBeDefined();
  return found!.executionArn;
}

let arn: string;
let admin: string;
beforeAll(async () => {
  arn = await waitingExecution();
  admin = await wb.runtime.identity.issue({ user: "a1", org: "taiyuan-stb", roles: ["admin"] });
}, 240_000);

describe("stop and redrive from the executions inspector", () => {
  it("an admin stops the waiting execution: a reason, a confirmation, ABORTED and the intervention listed", async () => {
    const page = await wb.open({ user: "a1", org: "taiyuan-stb", role: "admin", name: "运维王工" });
    await page.goto(`${wb.base}/console/executions/view?${new URLSearchParams({ arn })}`);
    await page.getByTestId("graph").waitFor();
    await expect(page.getByTestId("execution-status").textContent()).resolves.toBe("运行中");
    await expect(page.getByTestId("redrive-card").count()).resolves.toBe(0);

    // The reason is required: nothing is sent without it.
    const stop = page.getByTestId("stop-card");
    await stop.getByTestId("stop-execution-submit").click();
    await expect(stop.locator(".ant-form-item-explain-error").first().textContent()).resolves.toBe(
      "请填写原因（2–500 个字符）",
    );
    await wb.checked("stop-form");
    await stop.getByTestId("control-reason").fill("重复需求，企业已撤回");
    await stop.getByTestId("stop-execution-submit").click();
    await page.getByTestId("confirm-ok").click();
    // Stopped, the page loads again: ABORTED, and the redrive form in the stop form's place.
    await page.getByTestId("redrive-card").waitFor();
    await expect(page.getByTestId("execution-status").textContent()).resolves.toBe("已中止");
    // Not a project's chain: no resume command (tests/browser/project-graphs.test.ts shows it for one).
    await expect(page.getByTestId("resume-card").count()).resolves.toBe(0);
    const interventions = page.getByTestId("interventions");
    // The interventions load again with the execution: the stop is listed once they have.
    await interventions.getByText("重复需求，企业已撤回").waitFor();
    await expect(interventions.locator("tbody tr").count()).resolves.toBe(1);
    await expect(interventions.textContent()).resolves.toContain("重复需求，企业已撤回");
    await expect(interventions.textContent()).resolves.toContain("终止执行");
    // Who stopped it, by name (the token's name kept with the intervention), the user id only on hover.
    await expect(interventions.locator(".person").first().textContent()).resolves.toBe("运维王工");
    await wb.checked("stopped");
    const stopped = await api.get<{ execution: { status: string } }>(
      `/v1/admin/executions/${encodeURIComponent(arn)}`,
      admin,
    );
    expect(stopped.body.execution.status).toBe("ABORTED");
  }, 240_000);

  it("then redrives it: a reason, a confirmation, RUNNING again at the state it stood in", async () => {
    const page = wb.page;
    const redrive = page.getByTestId("redrive-card");
    await redrive.getByTestId("control-reason").fill("企业确认需求仍然有效");
    await redrive.getByTestId("redrive-execution-submit").click();
    await page.getByTestId("confirm-ok").click();
    await page.getByTestId("stop-card").waitFor();
    await expect(page.getByTestId("execution-status").textContent()).resolves.toBe("运行中");
    await page.getByTestId("interventions").getByText("企业确认需求仍然有效").waitFor();
    await expect(page.getByTestId("interventions").locator("tbody tr").count()).resolves.toBe(2);
    await expect(page.getByTestId("interventions").textContent()).resolves.toContain("重新驱动");
    await expect(page.getByTestId("current-state").textContent()).resolves.toBe("AwaitBureauDecision");
    await wb.checked("redriven");
    const running = await api.get<{ execution: { status: string }; events: { type: string }[] }>(
      `/v1/admin/executions/${encodeURIComponent(arn)}`,
      admin,
    );
    expect(running.body.execution.status).toBe("RUNNING");
    expect(running.body.events.map((e) => e.type)).toContain("ExecutionRedriven");
    const audited = await api.get<{ items: { action: string; actorId: string; reason: string }[] }>(
      `/v1/admin/executions/${encodeURIComponent(arn)}/interventions`,
      admin,
    );
    expect(audited.body.items.map((i) => [i.action, i.actorId, i.reason])).toEqual([
      ["stop", "local-a1", "重复需求，企业已撤回"],
      ["redrive", "local-a1", "企业确认需求仍然有效"],
    ]);
  }, 240_000);

  it("an auditor reads the same page without the forms", async () => {
    const auditor = await wb.signInAs("au1", "audit", "auditor");
    await auditor.goto(`${wb.base}/console/executions/view?${new URLSearchParams({ arn })}`);
    await auditor.getByTestId("interventions").waitFor();
    await expect(auditor.getByTestId("stop-card").count()).resolves.toBe(0);
    await expect(auditor.getByTestId("redrive-card").count()).resolves.toBe(0);
    expect(wb.errors).toEqual([]);
  }, 240_000);
});
