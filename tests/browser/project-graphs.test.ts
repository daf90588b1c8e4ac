// Browser test (Chromium, in-process runtime): an administrator follows a running project's page to the execution it
// stands in and reads its graph — one project at milestone 2 awaiting its panel's review, one in rectification at
// milestone 1. The highlighted state and the 当前状态 line name the step, and the graph opens on it; the graphs'
// screenshots (…-graph.png) are the ones docs/project-lifecycle.md shows (copied to docs/lifecycle/). A project's
// execution stopped: its redrive card also names the operators' command that resumes the chain from the records.
import { join } from "node:path";
import { StopExecutionCommand } from "@aws-sdk/client-sfn";
import { describe, expect, it } from "vitest";
import { executionArnOf } from "../../functions/catalog.ts";
import { shanghaiDate } from "../../functions/kernel/dates.ts";
import { workflows } from "../../functions/platform/clients.ts";
import { config } from "../../functions/platform/config.ts";
import { lifecycleMachines, milestoneExecutionName } from "../../functions/projects/model.ts";
import { expectStatus, projectFlow } from "../support/project-flow.ts";
import { screenshots, withWorkbench } from "../support/workbench.ts";

const wb = withWorkbench({ prefix: "project-graphs", clockStart: "2025-09-01T01:00:00.000Z" });
const flow = projectFlow(() => wb.runtime);
const { api } = flow;

/** Milestone `n`'s report filed with its evidence and a one-expert panel named: the panel's review is awaited. */
async function underReview(projectId: string, n: number): Promise<void> {
  const files = [
    await flow.upload(projectId, n, "progress-report", Buffer.from(`report ${projectId} ${n}`)),
    await flow.upload(projectId, n, "audit-report", Buffer.from(`audit ${projectId} ${n}`)),
  ];
  const filed = await api.post(`/v1/projects/${projectId}/milestones/${n}/report`, await flow.enterprise(), {
    summary: `第${n}个里程碑完成`,
    indicators: [{ name: "良品率", actual: "93%" }],
    fileIds: files,
  });
  expectStatus(filed, 202);
  await flow.settle();
  const panel = await api.post(`/v1/projects/${projectId}/milestones/${n}/experts`, await flow.bureau(), {
    expertIds: ["local-x1"],
  });
  expectStatus(panel, 200);
  await flow.settle();
}

/** The admin opens the project's page, follows 当前执行 to the graph and checks the state it stands in. */
async function graphOf(projectId: string, execution: string, state: string, shot: string): Promise<void> {
  const page = await wb.signInAs("ops1", "taiyuan-stb", "admin");
  await page.goto(`${wb.base}/console/projects/${projectId}`);
  const link = page.getByTestId("project-execution-link");
  await expect(link.textContent()).resolves.toBe(execution);
  await link.click();
  await page.getByTestId("graph").waitFor();
  await expect(page.getByTestId("current-state").textContent()).resolves.toBe(state);
  await expect(page.getByTestId("execution-status").textContent()).resolves.toBe("运行中");
  // The graph opens on the highlighted state: it lies inside the box's visible part, not scrolled away.
  const box = page.getByTestId("graph");
  const current = box.locator('[data-mark="current"]');
  await expect(current.getAttribute("data-state")).resolves.toBe(state);
  const [frame, node] = [await box.boundingBox(), await current.boundingBox()];
  expect(frame && node).toBeTruthy();
  expect(node!.x).toBeGreaterThanOrEqual(frame!.x);
  expect(node!.x + node!.width).toBeLessThanOrEqual(frame!.x + frame!.width);
  expect(node!.y).toBeGreaterThanOrEqual(frame!.y);
  expect(node!.y + node!.height).toBeLessThanOrEqual(frame!.y + frame!.height);
  await wb.checked(shot, page);
  await box.screenshot({ path: join(screenshots, `project-graphs-${shot}-graph.png`) });
}

describe("a running project's graph, from its page", { timeout: 600_000 }, () => {
  it("milestone 2 awaiting review: project-<id>-m2-r1 at AwaitReview", async () => {
    await flow.registerExperts([1]);
    const startDate = shanghaiDate(wb.runtime.clock.now());
    const project = await flow.signedProject({ solverOrg: "uni-graph-a", startDate });
    await flow.passMilestone(project.projectId, 1);
    await underReview(project.projectId, 2);
    await graphOf(
      project.projectId,
      milestoneExecutionName(project.projectId, 2, 1),
      "AwaitReview",
      "milestone-2-awaiting-review",
    );
  });

  it("milestone 1 in rectification: project-<id>-m1-r1 at AwaitRectifiedReport", async () => {
    const startDate = shanghaiDate(wb.runtime.clock.now());
    const project = await flow.signedProject({ solverOrg: "uni-graph-b", startDate });
    await underReview(project.projectId, 1);
    const voted = await api.post(
      `/v1/projects/${project.projectId}/milestones/1/review`,
      await flow.expert(1),
      {
        verdict: "rectify",
        comment: "良品率未达指标，限期整改",
        rectifyDays: 30,
      },
    );
    expectStatus(voted, 200);
    await flow.settle();
    expect((await flow.read(project.projectId)).track.milestones[0]?.status).toBe("rectifying");
    await graphOf(
      project.projectId,
      milestoneExecutionName(project.projectId, 1, 1),
      "AwaitRectifiedReport",
      "milestone-1-rectification",
    );
  });

  it("a project's execution stopped: the admin resumes the chain from the redrive card, and the project's page links the new round", async () => {
    const startDate = shanghaiDate(wb.runtime.clock.now());
    const project = await flow.signedProject({ solverOrg: "uni-graph-c", startDate });
    const name = milestoneExecutionName(project.projectId, 1, 1);
    await workflows().send(
      new StopExecutionCommand({
        executionArn: executionArnOf(config.stateMachineArn(lifecycleMachines.milestone), name),
      }),
    );
    const page = await wb.signInAs("ops1", "taiyuan-stb", "admin");
    await page.goto(`${wb.base}/console/projects/${project.projectId}`);
    await page.getByTestId("project-execution-link").click();
    await page.getByTestId("redrive-card").waitFor();
    const card = page.getByTestId("resume-card");
    await expect(card.getByTestId("resume-chain-hint").textContent()).resolves.toContain("超过 14 天");
    // A reason is required before anything is asked.
    await card.getByTestId("resume-chain-submit").click();
    await card.getByText("请填写原因").first().waitFor();
    await card.getByTestId("resume-reason").fill("执行被误停，按项目记录续跑");
    await wb.checked("stopped-resume-form", page);
    await card.getByTestId("resume-chain-submit").click();
    await page.getByTestId("confirm-ok").click();
    const next = milestoneExecutionName(project.projectId, 1, 2);
    await expect(card.getByTestId("resume-chain-done").textContent()).resolves.toContain(next);
    await wb.checked("stopped-resumed", page);
    // The project's page now links the new round as its current execution, running.
    await card.getByTestId("resume-chain-project").click();
    await page.getByTestId("project-execution-link").click();
    await page.waitForURL((url) => decodeURIComponent(url.href).includes(next));
  });
});
