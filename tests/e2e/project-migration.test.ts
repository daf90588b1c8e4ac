// End-to-end: the one-off migration of a project still on project-phase onto the chain of executions
// (`npm run -s cli -- migrate project-lifecycle`, docs/project-lifecycle.md). A project in the record shape the version
// before the switch wrote (no `lifecycle`, a phase record, `project-<id>-p1` running) is signed and its milestone 1
// put under review on project-phase; the command, run twice (the second changes nothing), hands it to
// `project-<id>-m1-r1` at that stage; the project then completes on the new machines with its money unchanged.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ListExecutionsCommand, StopExecutionCommand } from "@aws-sdk/client-sfn";
import { DeleteCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shanghaiDate } from "../../functions/kernel/dates.ts";
import { dynamo, workflows } from "../../functions/platform/clients.ts";
import { config } from "../../functions/platform/config.ts";
import { recordStore } from "../../functions/platform/deps.ts";
import { created, updated } from "../../functions/platform/ports/records.ts";
import { projectDeps } from "../../functions/projects/adapters/deps.ts";
import { startPhase } from "../../functions/projects/common.ts";
import {
  lifecycleKind,
  lifecycleMachines,
  milestoneExecutionName,
  phaseExecutionName,
  phaseId,
  phaseKind,
  startExecutionName,
  trackKind,
} from "../../functions/projects/model.ts";
import { type Runtime, startRuntime } from "../../local/runtime.ts";
import { runCli } from "../support/cli.ts";
import { projectFlow } from "../support/project-flow.ts";
import { awardedProject } from "../support/projects.ts";

let runtime: Runtime;
let dataDir: string;
const flow = projectFlow(() => runtime);
const { api, bureau } = flow;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "jiebang-project-migration-"));
  // Monday 2 June 2025, 10:00 in Shanghai.
  runtime = await startRuntime({ dataDir, clockStart: "2025-06-02T02:00:00.000Z" });
  await flow.registerExperts([1, 2]);
}, 180_000);

afterAll(async () => {
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/**
 * Drafts the task book and puts the project in the shape the version before the switch left it: no `lifecycle` or
 * inbox on the track, its phase record, and `project-<id>-p1` of project-phase running (the chain's start stopped).
 */
async function draftedOnProjectPhase(projectId: string): Promise<void> {
  const drafted = await api.post(`/v1/projects/${projectId}/task-book`, await bureau(), {
    startDate: shanghaiDate(runtime.clock.now()),
    ipTerms: "知识产权归揭榜方所有，出题企业享有优先使用权。",
    rewardPenaltyTerms: "未完成考核指标的，按任务书约定收回资金。",
  });
  expect(drafted.status, JSON.stringify(drafted.body)).toBe(201);
  await flow.settle();
  const started = await workflows().send(
    new ListExecutionsCommand({ stateMachineArn: config.stateMachineArn(lifecycleMachines.start) }),
  );
  const start = started.executions?.find((e) => e.name === startExecutionName(projectId, 1));
  await workflows().send(new StopExecutionCommand({ executionArn: start?.executionArn as string }));
  const track = await recordStore().get(trackKind, projectId);
  if (!track) throw new Error("no track");
  const { lifecycle: _lifecycle, inbox: _inbox, ...old } = track;
  const at = new Date(runtime.clock.now()).toISOString();
  const note = { actor: "test", role: "system", action: "test.before-the-switch" };
  await recordStore().write(
    [
      updated(trackKind, track, { ...old, version: track.version + 1, updatedAt: at }, note),
      created(
        phaseKind,
        {
          id: phaseId(projectId, 1),
          version: 1,
          projectId,
          phase: 1,
          executionName: phaseExecutionName(projectId, 1),
          startedAt: at,
          createdAt: at,
          updatedAt: at,
        },
        note,
      ),
    ],
    at,
  );
  // Before the switch there was no chain, so no bookkeeping record of it (PROJECT_LIFECYCLE) either.
  await dynamo().send(
    new DeleteCommand({
      TableName: config.tableName(),
      Key: { pk: `${lifecycleKind.name}#${projectId}`, sk: lifecycleKind.name },
    }),
  );
  await startPhase(projectDeps(), projectId, 1);
  await flow.settle();
}

/** Drafted on project-phase (above), then signed by the three parties there. */
async function signedOnProjectPhase(seeded: Awaited<ReturnType<typeof awardedProject>>): Promise<void> {
  await draftedOnProjectPhase(seeded.projectId);
  for (const token of [
    await flow.solver(seeded.solverOrg),
    await flow.enterprise(seeded.enterpriseOrg),
    await bureau(),
  ]) {
    const signed = await api.post(`/v1/projects/${seeded.projectId}/task-book/sign`, token, { revision: 1 });
    expect(signed.status, JSON.stringify(signed.body)).toBe(200);
  }
  await flow.settle();
}

const migrate = async (env: Record<string, string> = {}) => {
  const run = await runCli(["migrate", "project-lifecycle", "--json", "--data-dir", dataDir], env);
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as {
    projects: { projectId: string; outcome: string; executionName?: string }[];
  };
};

describe("migrate project-lifecycle", () => {
  it("hands a project under review on project-phase to the new machines once, and it completes with the same money", async () => {
    const seeded = await awardedProject(runtime, { solverOrg: "uni-migrate" });
    const { projectId } = seeded;
    await signedOnProjectPhase(seeded);
    // Milestone 1's report filed and its panel named, all on project-phase.
    const files = [
      await flow.upload(projectId, 1, "progress-report", Buffer.from("report m1")),
      await flow.upload(projectId, 1, "audit-report", Buffer.from("audit m1")),
    ];
    const filed = await api.post(`/v1/projects/${projectId}/milestones/1/report`, await flow.enterprise(), {
      summary: "第1个里程碑完成",
      indicators: [{ name: "良品率", actual: "93%" }],
      fileIds: files,
    });
    expect(filed.status, JSON.stringify(filed.body)).toBe(202);
    await flow.settle();
    const panel = await api.post(`/v1/projects/${projectId}/milestones/1/experts`, await bureau(), {
      expertIds: ["local-x1"],
    });
    expect(panel.status, JSON.stringify(panel.body)).toBe(200);
    await flow.settle();
    let view = await flow.read(projectId);
    expect(view.track.lifecycle).toBeUndefined();
    expect(view.track.milestones[0]?.status).toBe("under-review");
    const money = view.tranches.map((t) => [t.index, t.amountFen]);
    expect(view.tranches.map((t) => t.status)).toEqual(["eligible", "planned", "planned"]);
    const running = async () =>
      (await flow.projectExecutions(projectId)).filter((e) => e.status === "RUNNING").map((e) => e.name);
    expect(await running()).toEqual([phaseExecutionName(projectId, 1)]);

    // The command: onto the chain at milestone 1 (its LocateMilestone finds the review); the phase execution ends.
    const first = await migrate();
    expect(first.projects.filter((p) => p.projectId === projectId)).toEqual([
      {
        projectId,
        outcome: "moved",
        executionName: milestoneExecutionName(projectId, 1, 1),
        anniversaries: [],
      },
    ]);
    await flow.settle();
    view = await flow.read(projectId);
    expect(view.track.lifecycle).toMatchObject({
      machine: "project-milestone",
      execution: milestoneExecutionName(projectId, 1, 1),
    });
    expect(await running()).toEqual([milestoneExecutionName(projectId, 1, 1)]);
    const phase = (await flow.projectExecutions(projectId)).find(
      (e) => e.name === phaseExecutionName(projectId, 1),
    );
    expect(phase?.status).toBe("SUCCEEDED");
    const trailAfterFirst = await recordStore().auditTrail(trackKind as never, projectId);

    // Again: nothing moves, nothing is written, nothing more runs.
    const second = await migrate();
    expect(second.projects.filter((p) => p.projectId === projectId)).toEqual([
      { projectId, outcome: "on-chain", executionName: milestoneExecutionName(projectId, 1, 1) },
    ]);
    await flow.settle();
    expect(await recordStore().auditTrail(trackKind as never, projectId)).toHaveLength(
      trailAfterFirst.length,
    );
    expect(await running()).toEqual([milestoneExecutionName(projectId, 1, 1)]);

    // The review, the payment opinion and the rest of the project on the new machines.
    const voted = await api.post(`/v1/projects/${projectId}/milestones/1/review`, await flow.expert(1), {
      verdict: "pass",
      comment: "指标达成",
    });
    expect(voted.status, JSON.stringify(voted.body)).toBe(200);
    await flow.settle();
    const confirmed = await api.post(
      `/v1/projects/${projectId}/milestones/1/payment-opinion`,
      await flow.approver(),
      {
        decision: "confirm",
      },
    );
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    await flow.settle();
    view = await flow.read(projectId);
    expect(view.track.milestones[0]?.status).toBe("passed");
    expect(view.tranches.map((t) => t.status)).toEqual(["eligible", "eligible", "planned"]);
    for (let n = 2; n <= view.track.milestones.length; n++) await flow.passMilestone(projectId, n);
    expect(
      (
        await api.post(`/v1/projects/${projectId}/acceptance`, await flow.enterprise(), {
          summary: "全部指标完成",
        })
      ).status,
    ).toBe(201);
    const plan = { plan: "现场测试与资料审查", expertIds: ["local-x1", "local-x2"] };
    expect((await api.post(`/v1/projects/${projectId}/acceptance/plan`, await bureau(), plan)).status).toBe(
      200,
    );
    expect(
      (await api.post(`/v1/projects/${projectId}/acceptance/plan`, await flow.enterprise(), plan)).status,
    ).toBe(200);
    for (const n of [1, 2]) {
      const vote = await api.post(`/v1/projects/${projectId}/acceptance/review`, await flow.expert(n), {
        verdict: "pass",
        performanceScore: 90,
        comment: `专家 ${n}`,
      });
      expect(vote.status, JSON.stringify(vote.body)).toBe(200);
    }
    const final = await api.post(
      `/v1/projects/${projectId}/acceptance/payment-opinion`,
      await flow.approver(),
      {
        decision: "confirm",
      },
    );
    expect(final.status, JSON.stringify(final.body)).toBe(200);
    await flow.settle();
    view = await flow.read(projectId);
    expect(view.project.status).toBe("accepted");
    expect(view.track.status).toBe("closed");
    expect(view.tranches.map((t) => [t.index, t.amountFen])).toEqual(money);
    expect(view.tranches.map((t) => t.status)).toEqual(["eligible", "eligible", "eligible"]);
    expect(await running()).toEqual([]);
    const chain = (await flow.projectExecutions(projectId)).map((e) => [e.machine, e.status]);
    expect(chain.filter(([m]) => m === "project-phase")).toEqual([["project-phase", "SUCCEEDED"]]);
    expect(chain.at(-1)).toEqual(["project-acceptance", "SUCCEEDED"]);
  }, 300_000);
  it("a run that died between its write and StartExecution: the next run starts the execution it recorded, once", async () => {
    const seeded = await awardedProject(runtime, { solverOrg: "uni-migrate-crash" });
    const { projectId } = seeded;
    await signedOnProjectPhase(seeded);
    const executions = async () =>
      (await flow.projectExecutions(projectId)).map((e) => [e.name, e.status] as const);
    const milestone1 = milestoneExecutionName(projectId, 1, 1);

    // The command dies right after writing the hand-over (JIEBANG_CRASH_AT kills the process there).
    const crashed = await runCli(["migrate", "project-lifecycle", "--json", "--data-dir", dataDir], {
      JIEBANG_CRASH_AT: "project.handover.after-write",
    });
    expect(crashed.status).not.toBe(0);
    expect((await flow.read(projectId)).track.lifecycle).toMatchObject({ execution: milestone1 });
    expect((await executions()).filter(([name]) => name === milestone1)).toEqual([]);

    // The next run finds the project on the chain and starts the execution the write named; a third starts nothing.
    const second = await migrate();
    expect(second.projects.filter((p) => p.projectId === projectId)).toEqual([
      { projectId, outcome: "on-chain", executionName: milestone1 },
    ]);
    await flow.settle();
    expect((await executions()).filter(([name]) => name === milestone1)).toEqual([[milestone1, "RUNNING"]]);
    // The phase execution the crash left parked was woken and ended.
    expect((await executions()).find(([name]) => name === phaseExecutionName(projectId, 1))?.[1]).toBe(
      "SUCCEEDED",
    );
    await migrate();
    await flow.settle();
    expect((await executions()).filter(([, status]) => status === "RUNNING")).toEqual([
      [milestone1, "RUNNING"],
    ]);
    // And the project goes on from there: milestone 1 passes on the new machine.
    await flow.passMilestone(projectId, 1);
    expect((await flow.read(projectId)).track.milestones[0]?.status).toBe("passed");
  }, 300_000);
});
