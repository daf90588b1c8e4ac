// End-to-end: an operator resumes a project's chain of executions (`npm run -s cli -- projects resume-lifecycle`,
// docs/project-lifecycle.md "Resuming a chain") after its milestone execution ended without handing over and past the
// 14 days AWS allows a redrive: a new round of the stage the records say, exactly once, audited with who and why; the
// project then passes the milestone and the chain goes on. Refusals: without a reason, while the execution runs, a
// second resume. The same from the console's route (POST /v1/projects/{projectId}/lifecycle/resume, admins only).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  DescribeExecutionCommand,
  ExecutionNotRedrivable,
  RedriveExecutionCommand,
  StopExecutionCommand,
} from "@aws-sdk/client-sfn";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { executionArnOf } from "../../functions/catalog.ts";
import { shanghaiDate } from "../../functions/kernel/dates.ts";
import { workflows } from "../../functions/platform/clients.ts";
import { config } from "../../functions/platform/config.ts";
import { recordStore } from "../../functions/platform/deps.ts";
import {
  lifecycleKind,
  lifecycleMachines,
  milestoneExecutionName,
  projectExecutionId,
  projectExecutionKind,
} from "../../functions/projects/model.ts";
import { type Runtime, startRuntime } from "../../local/runtime.ts";
import { runCli } from "../support/cli.ts";
import { projectFlow } from "../support/project-flow.ts";

let runtime: Runtime;
let dataDir: string;
const flow = projectFlow(() => runtime);
const day = 86_400_000;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "jiebang-project-resume-"));
  // Monday 2 June 2025, 10:00 in Shanghai.
  runtime = await startRuntime({ dataDir, clockStart: "2025-06-02T02:00:00.000Z" });
  await flow.registerExperts([1, 2]);
}, 180_000);

afterAll(async () => {
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const milestoneArn = (name: string) =>
  executionArnOf(config.stateMachineArn(lifecycleMachines.milestone), name);
const statusOf = async (name: string) =>
  (await workflows().send(new DescribeExecutionCommand({ executionArn: milestoneArn(name) }))).status;
const resume = (projectId: string, ...extra: string[]) =>
  runCli(["projects", "resume-lifecycle", projectId, "--data-dir", dataDir, ...extra]);

/** The resume's answer (the CLI's JSON, the route's body) names the stopped round and the new one, which then runs. */
async function expectResumed(
  answer: unknown,
  projectId: string,
  first: string,
  second: string,
): Promise<void> {
  expect(answer).toEqual({
    projectId,
    from: { executionName: first, status: "ABORTED" },
    outcome: "resumed",
    executionName: second,
  });
  await flow.settle();
  expect(await statusOf(second)).toBe("RUNNING");
}

describe("resuming a project's chain of executions (projects resume-lifecycle)", () => {
  it("starts a new round of the milestone the records say after its execution was stopped past the redrive window; once, audited; the project goes on", async () => {
    const { projectId } = await flow.signedProject({
      solverOrg: "uni-resume",
      startDate: shanghaiDate(runtime.clock.now()),
    });
    const first = milestoneExecutionName(projectId, 1, 1);
    expect(await statusOf(first)).toBe("RUNNING");

    // Refused while it runs, and without a reason: nothing started.
    const whileRunning = await resume(projectId, "--reason", "测试", "--operator", "ops-li");
    expect(whileRunning.status, whileRunning.stderr).toBe(1);
    expect(whileRunning.stderr).toContain("RUNNING");
    const noReason = await resume(projectId, "--operator", "ops-li");
    expect(noReason.status).toBe(2);
    expect(noReason.stderr).toContain("--reason");

    // The execution ends without handing over (an operator's stop here; a Fail state ends it the same way), and 15 days
    // pass: AWS's redrive is refused.
    await workflows().send(
      new StopExecutionCommand({ executionArn: milestoneArn(first), error: "Test", cause: "stopped" }),
    );
    await runtime.advanceClock(15 * day);
    expect(await statusOf(first)).toBe("ABORTED");
    await expect(
      workflows().send(new RedriveExecutionCommand({ executionArn: milestoneArn(first) })),
    ).rejects.toBeInstanceOf(ExecutionNotRedrivable);

    const resumed = await resume(
      projectId,
      "--reason",
      "执行已终止且超过重新驱动期限，按记录续跑",
      "--operator",
      "ops-li",
      "--json",
    );
    expect(resumed.status, resumed.stderr).toBe(0);
    const second = milestoneExecutionName(projectId, 1, 2);
    await expectResumed(JSON.parse(resumed.stdout), projectId, first, second);
    const chain = await recordStore().get(lifecycleKind, projectId);
    expect(chain?.lifecycle.execution).toBe(second);
    // The new round's record, audited as the operator's resume with the reason.
    const trail = await recordStore().auditTrail(projectExecutionKind as never, projectExecutionId(second));
    expect(trail).toHaveLength(1);
    expect(trail[0]).toMatchObject({
      actor: "ops-li",
      role: "admin",
      action: "project.execution-resumed",
      detail: { executionName: second, from: first, fromStatus: "ABORTED" },
    });

    // Once: a second resume finds the new round running and starts nothing.
    const again = await resume(projectId, "--reason", "重复操作", "--operator", "ops-li");
    expect(again.status).toBe(1);
    expect(again.stderr).toContain("RUNNING");
    await expect(statusOf(milestoneExecutionName(projectId, 1, 3))).rejects.toThrow();

    // The new round waits for the report where the first did: the milestone passes and the chain goes on.
    await flow.passMilestone(projectId, 1);
    await flow.settle();
    expect(await statusOf(milestoneExecutionName(projectId, 2, 1))).toBe("RUNNING");
    expect((await recordStore().get(lifecycleKind, projectId))?.lifecycle.execution).toBe(
      milestoneExecutionName(projectId, 2, 1),
    );
  }, 240_000);

  it("the console's route: admins only, a reason required, the new round started once and audited under the admin's id", async () => {
    const { projectId } = await flow.signedProject({
      solverOrg: "uni-resume-http",
      startDate: shanghaiDate(runtime.clock.now()),
    });
    const path = `/v1/projects/${projectId}/lifecycle/resume`;
    const admin = () => flow.as("ops-wang", "taiyuan-stb", "admin");
    const first = milestoneExecutionName(projectId, 1, 1);
    const second = milestoneExecutionName(projectId, 1, 2);
    const chainBefore = await recordStore().get(lifecycleKind, projectId);

    // While it runs: 409 with the stable code, nothing started.
    const running = await flow.api.post<{ code: string }>(path, await admin(), { reason: "测试续跑" });
    expect(running.status).toBe(409);
    expect(running.body.code).toBe("EXECUTION_RUNNING");

    await workflows().send(
      new StopExecutionCommand({ executionArn: milestoneArn(first), error: "Test", cause: "stopped" }),
    );
    await runtime.advanceClock(15 * day);

    // Not an admin (the bureau's programme officer): 403. No reason, a blank one, an unknown field: 400.
    expect((await flow.api.post(path, await flow.bureau(), { reason: "按记录续跑" })).status).toBe(403);
    for (const bad of [{}, { reason: " " }, { reason: "按记录续跑", operator: "someone" }]) {
      expect((await flow.api.post(path, await admin(), bad)).status).toBe(400);
    }
    // An unknown project: 404.
    expect(
      (
        await flow.api.post("/v1/projects/no-such-project/lifecycle/resume", await admin(), {
          reason: "按记录续跑",
        })
      ).status,
    ).toBe(404);
    // Nothing written by the refusals: the chain's record is as it was, no new round.
    expect((await recordStore().get(lifecycleKind, projectId))?.version).toBe(chainBefore?.version);
    await expect(statusOf(second)).rejects.toThrow();

    const resumed = await flow.api.post(path, await admin(), {
      reason: "执行已终止且超过重新驱动期限，按记录续跑",
    });
    expect(resumed.status, JSON.stringify(resumed.body)).toBe(200);
    await expectResumed(resumed.body, projectId, first, second);
    const trail = await recordStore().auditTrail(projectExecutionKind as never, projectExecutionId(second));
    expect(trail).toHaveLength(1);
    expect(trail[0]).toMatchObject({
      actor: "local-ops-wang", // the local identity provider's user id for ops-wang
      role: "admin",
      action: "project.execution-resumed",
      detail: { from: first, reason: "执行已终止且超过重新驱动期限，按记录续跑" },
    });

    // A second click: the new round runs, refused with its code.
    const again = await flow.api.post<{ code: string }>(path, await admin(), { reason: "重复点击" });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe("EXECUTION_RUNNING");
    await expect(statusOf(milestoneExecutionName(projectId, 1, 3))).rejects.toThrow();
  }, 240_000);
});
