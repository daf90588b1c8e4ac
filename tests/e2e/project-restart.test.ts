// End-to-end: a real kill and restart of the platform (a child process, as `npm start` runs it) during a project's
// phase hand-over. The child runs with JIEBANG_CRASH_AT=project.handover.after-write, a test-only
// crash point in handOverTask (functions/projects/workflow.ts) that SIGKILLs the process right after the hand-over's
// DynamoDB write and before StartExecution; it is restarted without it on the same data directory, settles, and
// exactly one execution of the next phase exists.
import { ListExecutionsCommand, SFNClient } from "@aws-sdk/client-sfn";
import { afterAll, describe, expect, it } from "vitest";
import { shanghaiDate } from "../../functions/kernel/dates.ts";
import { phaseExecutionName } from "../../functions/projects/model.ts";
import { localStateMachineArn } from "../../local/workflows.ts";
import { restartablePlatform } from "../support/restartable.ts";

const child = restartablePlatform("project-restart");
const { api, token } = child;
afterAll(() => child.cleanUp());

async function now(): Promise<number> {
  return Date.parse((await api.get<{ now: string }>("/local/clock")).body.now);
}

async function phaseExecutions(projectId: string): Promise<{ name: string; status: string }[]> {
  const sfn = new SFNClient({
    endpoint: child.platform().info.stepFunctionsEndpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "l", secretAccessKey: "l" },
  });
  try {
    const machines = await sfn.send(
      new ListExecutionsCommand({ stateMachineArn: localStateMachineArn("project-phase"), maxResults: 100 }),
    );
    return (machines.executions ?? [])
      .filter((e) => e.name?.startsWith(`project-${projectId}-p`))
      .map((e) => ({ name: e.name as string, status: e.status as string }))
      .sort((a, b) => a.name.localeCompare(b.name));
  } finally {
    sfn.destroy();
  }
}

describe("kill and restart during a phase hand-over", () => {
  it("leaves exactly one execution of the next phase", async () => {
    await child.start({ crashAt: "project.handover.after-write" });
    // The test process writes the awarded project straight into the child's DynamoDB Local.
    const clockMs = await now();
    const seeded = await child.seedAwardedProject({ solverOrg: "uni-crash" });
    const { projectId } = seeded;

    const bureau = await token("b1", "taiyuan-stb", "bureau");
    const drafted = await api.post(`/v1/projects/${projectId}/task-book`, bureau, {
      startDate: shanghaiDate(clockMs),
      ipTerms: "知识产权归揭榜方所有。",
      rewardPenaltyTerms: "未完成指标的收回资金。",
    });
    expect(drafted.status, JSON.stringify(drafted.body)).toBe(201);
    for (const t of [
      await token("s-crash", "uni-crash", "solver"),
      await token("e1", seeded.enterpriseOrg, "enterprise"),
      bureau,
    ]) {
      const signed = await api.post(`/v1/projects/${projectId}/task-book/sign`, t, { revision: 1 });
      expect(signed.status, JSON.stringify(signed.body)).toBe(200);
    }
    await child.platform().settle();

    // 301 days on: phase 1 hands over, and the process dies between the write and StartExecution.
    const advancing = api.call("POST", "/local/clock/advance", { body: { days: 301 } }).then(
      () => "answered",
      () => "connection lost",
    );
    expect(await child.died()).toBe("SIGKILL");
    expect(await advancing).toBe("connection lost");

    // Restart on the same data directory, without the crash point.
    const platform = await child.start();
    await platform.settle();
    const bureauAfter = await token("b1", "taiyuan-stb", "bureau");
    const view = await api.get<{ track: { phase: number } }>(`/v1/projects/${projectId}`, bureauAfter);
    expect(view.status, JSON.stringify(view.body)).toBe(200);
    expect(view.body.track.phase).toBe(2);
    expect(await phaseExecutions(projectId)).toEqual([
      { name: phaseExecutionName(projectId, 1), status: "SUCCEEDED" },
      { name: phaseExecutionName(projectId, 2), status: "RUNNING" },
    ]);
    // A day later, still one execution of phase 2, and it is the one in charge.
    await api.call("POST", "/local/clock/advance", { body: { days: 1 } });
    await platform.settle();
    expect(await phaseExecutions(projectId)).toEqual([
      { name: phaseExecutionName(projectId, 1), status: "SUCCEEDED" },
      { name: phaseExecutionName(projectId, 2), status: "RUNNING" },
    ]);
  }, 180_000);
});
