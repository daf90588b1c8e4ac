// End-to-end: a real kill and restart of the platform (a child process, as `npm start` runs it) during the hand-over
// of a milestone's execution to its next round (project-<id>-m1-r1 → -r2, before the 1-year limit). The project is
// signed on a child without faults; a second runs with JIEBANG_CRASH_AT=project.handover.after-write, a test-only crash
// point in the chain's hand-over (functions/projects/lifecycle.ts) that SIGKILLs the process right after the
// hand-over's DynamoDB write and before StartExecution; a third restarts without it on the same data directory,
// settles, and exactly one execution of the next round exists.
import { ListExecutionsCommand, SFNClient } from "@aws-sdk/client-sfn";
import { afterAll, describe, expect, it } from "vitest";
import { shanghaiDate } from "../../functions/kernel/dates.ts";
import {
  lifecycleMachines,
  milestoneExecutionName,
  phaseStateMachine,
  startExecutionName,
} from "../../functions/projects/model.ts";
import { localStateMachineArn } from "../../local/workflows.ts";
import { restartablePlatform } from "../support/restartable.ts";

const child = restartablePlatform("project-restart");
const { api, token } = child;
afterAll(() => child.cleanUp());

async function now(): Promise<number> {
  return Date.parse((await api.get<{ now: string }>("/local/clock")).body.now);
}

/** The project's executions on every machine of its lifecycle, by name. */
async function projectExecutions(projectId: string): Promise<{ name: string; status: string }[]> {
  const sfn = new SFNClient({
    endpoint: child.platform().info.stepFunctionsEndpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "l", secretAccessKey: "l" },
  });
  try {
    const found: { name: string; status: string }[] = [];
    for (const machine of [phaseStateMachine, ...Object.values(lifecycleMachines)]) {
      const listed = await sfn.send(
        new ListExecutionsCommand({ stateMachineArn: localStateMachineArn(machine), maxResults: 1000 }),
      );
      for (const e of listed.executions ?? [])
        if (e.name?.startsWith(`project-${projectId}-`))
          found.push({ name: e.name as string, status: e.status as string });
    }
    return found.sort((a, b) => a.name.localeCompare(b.name));
  } finally {
    sfn.destroy();
  }
}

describe("kill and restart during a milestone execution's hand-over", () => {
  it("leaves exactly one execution of the next round", async () => {
    await child.start();
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
    const m1 = (round: number) => milestoneExecutionName(projectId, 1, round);
    expect(await projectExecutions(projectId)).toEqual([
      { name: m1(1), status: "RUNNING" },
      { name: startExecutionName(projectId, 1), status: "SUCCEEDED" },
    ]);

    // The same data directory, now with the crash point.
    await child.platform().interrupt();
    await child.start({ crashAt: "project.handover.after-write" });
    await child.platform().settle();
    // 301 days on: milestone 1's execution hands over to its next round, and the process dies between the write and
    // StartExecution.
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
    const view = await api.get<{ track: { lifecycle?: { execution: string } } }>(
      `/v1/projects/${projectId}`,
      bureauAfter,
    );
    expect(view.status, JSON.stringify(view.body)).toBe(200);
    expect(view.body.track.lifecycle?.execution).toBe(m1(2));
    // project-start's execution closed 301 days ago: the engine rebuilt from its journal keeps closed executions
    // 90 days (as AWS lists them), so only milestone 1's two rounds remain.
    const expected = [
      { name: m1(1), status: "SUCCEEDED" },
      { name: m1(2), status: "RUNNING" },
    ];
    expect(await projectExecutions(projectId)).toEqual(expected);
    // A day later, still one execution of the second round, and it is the one in charge.
    await api.call("POST", "/local/clock/advance", { body: { days: 1 } });
    await platform.settle();
    expect(await projectExecutions(projectId)).toEqual(expected);
  }, 180_000);
});
