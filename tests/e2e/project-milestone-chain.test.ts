// End-to-end: workflows/project-milestone.asl.json driven by the real project-tasks handlers on DynamoDB Local, the S3
// server and the local Step Functions engine — a signed project put on the chain of executions (startLifecycle), its
// milestone carried by the use cases' events from the track's inbox (report, panel, review, payment opinion) to the
// tranche and the next milestone's execution; interrupts reaching the waiting state; nothing run on project-phase;
// workflows/project-start.asl.json from the drafted task book (startSignatures) to milestone 1's execution; and
// workflows/project-acceptance.asl.json from the last milestone to the project's closure.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GetExecutionHistoryCommand, ListExecutionsCommand } from "@aws-sdk/client-sfn";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shanghaiDate } from "../../functions/kernel/dates.ts";
import { workflows } from "../../functions/platform/clients.ts";
import { config } from "../../functions/platform/config.ts";
import { recordStore } from "../../functions/platform/deps.ts";
import { projectDeps } from "../../functions/projects/adapters/deps.ts";
import { loadChain } from "../../functions/projects/inbox.ts";
import {
  acceptanceExecutionName,
  milestoneExecutionName,
  phaseExecutionName,
  startExecutionName,
  trackKind,
} from "../../functions/projects/model.ts";
import { startLifecycle, startSignatures } from "../../functions/projects/projects.ts";
import { type Runtime, startRuntime } from "../../local/runtime.ts";
import { expectStatus, projectFlow } from "../support/project-flow.ts";
import { awardedProject } from "../support/projects.ts";

let runtime: Runtime;
let dataDir: string;
const flow = projectFlow(() => runtime);

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "jiebang-project-chain-"));
  // Monday 2 March 2026, 10:00 in Shanghai.
  runtime = await startRuntime({ dataDir, clockStart: "2026-03-02T02:00:00.000Z" });
  await flow.registerExperts([1]);
});

afterAll(async () => {
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** An execution of `machine` by name: its status and the states it entered, in order. */
async function execution(machine: string, name: string): Promise<{ status: string; states: string[] }> {
  const listed = await workflows().send(
    new ListExecutionsCommand({ stateMachineArn: config.stateMachineArn(machine), maxResults: 1000 }),
  );
  const found = (listed.executions ?? []).find((e) => e.name === name);
  if (!found) return { status: "ABSENT", states: [] };
  const events = [];
  let nextToken: string | undefined;
  do {
    const page = await workflows().send(
      new GetExecutionHistoryCommand({
        executionArn: found.executionArn,
        maxResults: 1000,
        ...(nextToken ? { nextToken } : {}),
      }),
    );
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return {
    status: found.status as string,
    states: events.flatMap((e) =>
      e.stateEnteredEventDetails?.name ? [e.stateEnteredEventDetails.name] : [],
    ),
  };
}

/** The track with the chain's bookkeeping (its own record, PROJECT_LIFECYCLE), as the project's page shows them. */
const track = async (projectId: string) => {
  const stored = (await recordStore().get(trackKind, projectId))!;
  const chain = await loadChain({ records: recordStore() }, projectId);
  return chain ? { ...stored, lifecycle: chain.lifecycle, inbox: chain.inbox } : stored;
};

describe("project-milestone on the real handlers", () => {
  it("carries milestone 1 from the report to its tranche by the use cases' events, then starts milestone 2's execution", async () => {
    const { projectId } = await flow.signedProject({
      solverOrg: "uni-chain",
      startDate: shanghaiDate(runtime.clock.now()),
    });
    const m1 = milestoneExecutionName(projectId, 1, 1);
    // The draft put the project on the chain (project-start) and the last signature started milestone 1's execution:
    // startLifecycle finds it in charge and starts nothing.
    expect((await execution("project-start", startExecutionName(projectId, 1))).status).toBe("SUCCEEDED");
    expect(await startLifecycle(projectDeps(), projectId)).toEqual({ executionName: m1, started: true });
    await flow.settle();
    // Nothing ran on project-phase.
    expect((await execution("project-phase", phaseExecutionName(projectId, 1))).status).toBe("ABSENT");
    const waiting = await execution("project-milestone", m1);
    expect(waiting.status).toBe("RUNNING");
    // Its report is due in 12 months, beyond the execution's horizon (300 days): it waits for the hand-over.
    expect(waiting.states.at(-1)).toBe("AwaitReportUntilHandOver");
    expect((await track(projectId)).lifecycle).toMatchObject({
      execution: m1,
      parked: { stage: "report" },
    });

    await flow.passMilestone(projectId, 1);

    const passed = await execution("project-milestone", m1);
    expect(passed.status).toBe("SUCCEEDED");
    expect(passed.states).toEqual(
      expect.arrayContaining([
        "ValidateEvidence",
        "AwaitPanel",
        "AwaitReview",
        "AwaitPaymentOpinion",
        "TrancheEligible",
        "StartNextMilestone",
        "MilestonePassed",
      ]),
    );
    // Each event reached the state that routes it, once: no stale resumption anywhere.
    expect(passed.states.filter((s) => s === "RouteInterrupt")).toEqual([]);
    expect(passed.states.filter((s) => s === "AwaitReview")).toHaveLength(1);
    const m2 = milestoneExecutionName(projectId, 2, 1);
    const next = await execution("project-milestone", m2);
    expect(next.status).toBe("RUNNING");
    expect(next.states.at(-1)).toBe("AwaitReportUntilHandOver");

    const after = await track(projectId);
    // The last signature's event (delivered to project-start), then milestone 1's four.
    expect(after.inbox?.map((e) => e.kind)).toEqual([
      "task-book-signed",
      "report-filed",
      "panel-named",
      "review-passed",
      "opinion-confirmed",
    ]);
    expect(after.lifecycle).toMatchObject({
      execution: m2,
      delivered: 5,
      wakes: 0,
      parked: { stage: "report" },
    });
    const view = await flow.read(projectId);
    expect(view.tranches.find((t) => t.index === 2)?.status).toBe("eligible");
    // The parked callback's token stays on the server.
    expect(JSON.stringify(view)).not.toContain(after.lifecycle?.parked?.taskToken as string);
  });

  it("a termination proposal reaches the waiting state and the timers run on; the bureau's termination ends it at Terminated", async () => {
    const { projectId } = await flow.signedProject({
      solverOrg: "uni-chain-2",
      startDate: shanghaiDate(runtime.clock.now()),
    });
    await startLifecycle(projectDeps(), projectId);
    await flow.settle();
    const m1 = milestoneExecutionName(projectId, 1, 1);
    const proposed = await flow.api.post(
      `/v1/projects/${projectId}/termination/proposal`,
      await flow.bureau(),
      {
        reason: "技术路线无法实现",
        fault: false,
      },
    );
    expectStatus(proposed, 201);
    await flow.settle();
    const running = await execution("project-milestone", m1);
    expect(running.status).toBe("RUNNING");
    // The proposal is shown where it arrived, then the report's timers are planned again and the wait goes on.
    const shown = running.states.lastIndexOf("TerminationProposed");
    expect(running.states.slice(shown - 2, shown + 5)).toEqual([
      "RouteReportEvent",
      "RouteInterrupt",
      "TerminationProposed",
      "ResumeStage",
      "PlanReportTimers",
      "ReportTimers",
      "AwaitReportUntilHandOver",
    ]);
    expect(running.states.at(-1)).toBe("AwaitReportUntilHandOver");
    const decided = await flow.api.post(
      `/v1/projects/${projectId}/termination/decision`,
      await flow.bureau(),
      { decision: "approve", verifiedSpendingFen: 0 },
    );
    expectStatus(decided, 200);
    await flow.settle();
    const ended = await execution("project-milestone", m1);
    expect(ended.status).toBe("SUCCEEDED");
    expect(ended.states.at(-1)).toBe("Terminated");
    expect((await track(projectId)).inbox?.map((e) => e.kind)).toEqual([
      "task-book-signed",
      "termination-proposed",
      "terminated",
    ]);
  });
});

describe("project-start on the real handlers", () => {
  it("waits for the three signatures (an amendment starts them again), then tranche 1 is eligible and milestone 1's execution starts", async () => {
    const seeded = await awardedProject(runtime, { solverOrg: "uni-chain-start" });
    const { projectId } = seeded;
    const drafted = await flow.api.post(`/v1/projects/${projectId}/task-book`, await flow.bureau(), {
      startDate: shanghaiDate(runtime.clock.now()),
      ipTerms: "知识产权归揭榜方所有，出题企业享有优先使用权。",
      rewardPenaltyTerms: "未完成考核指标的，按任务书约定收回资金。",
    });
    expectStatus(drafted, 201);
    await flow.settle();
    const s1 = startExecutionName(projectId, 1);
    // The draft started s1: a second start finds it in charge and starts nothing; nothing ran on project-phase.
    expect(await startSignatures(projectDeps(), projectId)).toEqual({ executionName: s1, started: true });
    await flow.settle();
    expect((await execution("project-phase", phaseExecutionName(projectId, 1))).status).toBe("ABSENT");
    expect((await execution("project-start", s1)).states.at(-1)).toBe("AwaitSignatures");
    expect((await track(projectId)).lifecycle).toMatchObject({
      execution: s1,
      parked: { stage: "signatures" },
    });

    const sign = async (token: string, revision: number) => {
      const signed = await flow.api.post(`/v1/projects/${projectId}/task-book/sign`, token, { revision });
      expectStatus(signed, 200);
      await flow.settle();
    };
    await sign(await flow.solver(seeded.solverOrg), 1);
    const amended = await flow.api.call("PATCH", `/v1/projects/${projectId}/task-book`, {
      token: await flow.bureau(),
      body: { revision: 1, ipTerms: "知识产权由双方共有。" },
    });
    expectStatus(amended, 200);
    await flow.settle();
    const restarted = await execution("project-start", s1);
    expect(restarted.status).toBe("RUNNING");
    expect(restarted.states.slice(-3)).toEqual([
      "RouteSignatureEvent",
      "SignaturesRestarted",
      "AwaitSignatures",
    ]);

    await sign(await flow.solver(seeded.solverOrg), 2);
    await sign(await flow.enterprise(seeded.enterpriseOrg), 2);
    expect((await execution("project-start", s1)).states.at(-1)).toBe("AwaitSignatures");
    await sign(await flow.bureau(), 2);

    const started = await execution("project-start", s1);
    expect(started.status).toBe("SUCCEEDED");
    expect(started.states.slice(-5)).toEqual([
      "RouteSignatureEvent",
      "FirstTrancheEligible",
      "StartAnniversaries",
      "StartFirstMilestone",
      "Started",
    ]);
    // Each event reached the state that routes it, once.
    expect(started.states.filter((s) => s === "RouteInterrupt")).toEqual([]);
    const m1 = milestoneExecutionName(projectId, 1, 1);
    expect((await execution("project-milestone", m1)).status).toBe("RUNNING");
    const after = await track(projectId);
    expect(after.inbox?.map((e) => e.kind)).toEqual(["task-book-amended", "task-book-signed"]);
    expect(after.lifecycle).toMatchObject({ machine: "project-milestone", execution: m1, delivered: 2 });
    const view = await flow.read(projectId);
    expect(view.tranches.find((t) => t.index === 1)?.status).toBe("eligible");
  });
});

describe("project-acceptance on the real handlers", () => {
  it("after the last milestone: the request, the plan fixed by both, the panel's pass and the final opinion close the project", async () => {
    await flow.registerExperts([2, 3]);
    const seeded = await flow.signedProject({
      solverOrg: "uni-chain-acceptance",
      startDate: shanghaiDate(runtime.clock.now()),
    });
    const { projectId } = seeded;
    await startLifecycle(projectDeps(), projectId);
    await flow.settle();
    await flow.passMilestone(projectId, 1);
    await flow.passMilestone(projectId, 2);
    const a1 = acceptanceExecutionName(projectId, 1);
    expect((await execution("project-milestone", milestoneExecutionName(projectId, 2, 1))).status).toBe(
      "SUCCEEDED",
    );
    expect((await execution("project-acceptance", a1)).states.at(-1)).toBe("AwaitAcceptanceRequest");

    const post = async (path: string, token: string, body: unknown, status = 200) => {
      expectStatus(await flow.api.post(`/v1/projects/${projectId}${path}`, token, body), status);
      await flow.settle();
    };
    await post("/acceptance", await flow.enterprise(seeded.enterpriseOrg), { summary: "全部指标完成" }, 201);
    expect((await execution("project-acceptance", a1)).states.at(-1)).toBe("AwaitAcceptancePlan");
    const plan = { plan: "现场测试与资料审查", expertIds: ["local-x1", "local-x2", "local-x3"] };
    await post("/acceptance/plan", await flow.bureau(), plan);
    expect((await execution("project-acceptance", a1)).states.at(-1)).toBe("AwaitAcceptancePlan");
    await post("/acceptance/plan", await flow.enterprise(seeded.enterpriseOrg), plan);
    expect((await execution("project-acceptance", a1)).states.at(-1)).toBe("AwaitAcceptanceReview");
    for (const n of [1, 2, 3]) {
      await post("/acceptance/review", await flow.expert(n), {
        verdict: "pass",
        performanceScore: 90,
        comment: "通过",
      });
    }
    expect((await execution("project-acceptance", a1)).states.at(-1)).toBe("AwaitFinalPaymentOpinion");
    await post("/acceptance/payment-opinion", await flow.approver(), { decision: "confirm" });

    const closed = await execution("project-acceptance", a1);
    expect(closed.status).toBe("SUCCEEDED");
    expect(closed.states.slice(-4)).toEqual([
      "RouteOpinionEvent",
      "FinalTrancheEligible",
      "Closure",
      "Closed",
    ]);
    // Each event reached the state that routes it, once.
    expect(closed.states.filter((s) => s === "RouteInterrupt")).toEqual([]);
    const after = await track(projectId);
    expect(after.inbox?.map((e) => e.kind).slice(-4)).toEqual([
      "acceptance-requested",
      "acceptance-plan-agreed",
      "acceptance-passed",
      "acceptance-opinion-confirmed",
    ]);
    const view = await flow.read(projectId);
    expect(view.project.status).toBe("accepted");
    expect(view.tranches.map((t) => t.status)).toEqual(["eligible", "eligible", "eligible"]);
  });
});
