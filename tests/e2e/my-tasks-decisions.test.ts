// End-to-end: the to-dos (待办, GET /v1/me/tasks) of the later steps on the embedded runtime over HTTP — the enterprise's
// shortlist once the experts' ranking is in; final acceptance (the enterprise's request once every milestone passed,
// the plan fixed by the bureau and the enterprise, each acceptance expert's verdict, the approver's final payment
// opinion); a milestone report waiting for the bureau to name its panel; and the bureau's decisions on an extension
// request and a termination proposal. Each to-do carries the record's name, since, deadline and the link of the page
// that answers it, and is gone once answered.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shanghaiDate } from "../../functions/kernel/dates.ts";
import { myTodosResponse } from "../../functions/operations/todo-views.ts";
import { roundId } from "../../functions/review/model.ts";
import { type Runtime, startRuntime } from "../../local/runtime.ts";
import { apiClient } from "../support/api.ts";
import { awardDriver } from "../support/award.ts";
import { expectStatus, projectFlow } from "../support/project-flow.ts";

interface TodoView {
  id: string;
  action: string;
  record: { kind: string; id: string; title: string };
  since: string;
  deadline?: string;
  overdue: boolean;
  link: string;
}

function todoReader(runtime: () => Runtime) {
  const api = apiClient(() => runtime().info.apiUrl);
  return async function todos(token: string, recordId: string): Promise<TodoView[]> {
    const got = await api.get<{ items: TodoView[] }>("/v1/me/tasks?limit=100", token);
    expect(got.status, JSON.stringify(got.body)).toBe(200);
    myTodosResponse.parse(got.body);
    return got.body.items.filter((t) => t.record.id === recordId);
  };
}
const actionsOf = (items: TodoView[]) => items.map((t) => t.action).sort();

// One runtime for the file (the platform's clients are the process's); the award's expert pool first, the project
// experts after the shortlist test (so the award panel is drawn from its own pool).
let runtime: Runtime;
let dataDir: string;
const todos = todoReader(() => runtime);
const driver = awardDriver(() => runtime);

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "jiebang-my-tasks-decisions-"));
  runtime = await startRuntime({ dataDir, clockStart: "2025-06-02T02:00:00.000Z" });
  await driver.registerPool();
});
afterAll(async () => {
  driver.close();
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("the enterprise's shortlist (确定入围名单)", () => {
  it("waits for the challenge's enterprise once the ranking is in, named by the challenge, until it decides", async () => {
    const { challenge } = await driver.seed({
      enterpriseOrg: "ent-todo",
      applicants: [{ lead: "uni-t1" }, { lead: "uni-t2" }],
    });
    await driver.startAward(challenge.id);
    // The to-do is the review round's, named by its challenge.
    const round = roundId(challenge.id, challenge.round);
    expect(await todos(await driver.enterprise("ent-todo"), round)).toEqual([]);
    await driver.scoreAll(challenge.id, () => 80);
    expect((await driver.award(challenge.id)).waitingFor?.kind).toBe("shortlist");

    const [shortlist, ...more] = await todos(await driver.enterprise("ent-todo"), round);
    expect(more).toEqual([]);
    expect(shortlist).toMatchObject({
      action: "award.shortlist",
      record: { kind: "review-round", id: round, title: challenge.title },
      link: `/awards/${challenge.id}/shortlist`,
      overdue: false,
    });
    // Due 30 days after the ranking waited for it.
    expect(Date.parse(shortlist!.deadline!) - Date.parse(shortlist!.since)).toBe(30 * 86_400_000);
    // Not another enterprise's, nor staff's.
    expect(await todos(await driver.enterprise("ent-else"), round)).toEqual([]);
    expect(await todos(await driver.bureau(), round)).toEqual([]);

    const decided = await driver.api.post(
      `/v1/awards/${challenge.id}/shortlist`,
      await driver.enterprise("ent-todo"),
      { race: false, winners: 1 },
    );
    expect(decided.status, JSON.stringify(decided.body)).toBe(202);
    await driver.settle();
    expect(await todos(await driver.enterprise("ent-todo"), round)).toEqual([]);
    expect(actionsOf(await todos(await driver.bureau(), round))).toEqual(["award.bureau-confirmation"]);
  }, 60_000);
});

describe("a project's later steps", () => {
  const flow = projectFlow(() => runtime);
  const { api, bureau, approver, enterprise, expert, settle } = flow;

  beforeAll(async () => {
    await flow.registerExperts([1, 2]);
  });

  it("final acceptance: the enterprise's request, the plan of both, each expert's verdict, the approver's opinion", async () => {
    const start = shanghaiDate(runtime.clock.now());
    const { projectId } = await flow.signedProject({ solverOrg: "uni-acc", startDate: start });
    await flow.passMilestone(projectId, 1);
    expect(actionsOf(await todos(await enterprise(), projectId))).toEqual(["project.file-milestone-report"]);
    await flow.passMilestone(projectId, 2);

    const [request, ...none] = await todos(await enterprise(), projectId);
    expect(none).toEqual([]);
    expect(request).toMatchObject({
      action: "project.request-acceptance",
      record: { kind: "project", id: projectId },
      link: `/projects/${projectId}/acceptance`,
      overdue: false,
    });
    expect(request?.record.title).toContain("uni-acc");
    // Due by the task book's end date (the end of that day in Shanghai).
    const { track } = await flow.read(projectId);
    expect(shanghaiDate(Date.parse(request!.deadline!))).toBe(
      (track as unknown as { taskBook: { endDate: string } }).taskBook.endDate,
    );
    expectStatus(
      await api.post(`/v1/projects/${projectId}/acceptance`, await enterprise(), { summary: "全部指标完成" }),
      201,
    );
    for (const token of [await bureau(), await enterprise()]) {
      const [plan] = await todos(token, projectId);
      expect(plan).toMatchObject({
        action: "project.fix-acceptance-plan",
        link: `/projects/${projectId}/acceptance/plan`,
      });
    }
    const plan = { plan: "现场测试与资料审查", expertIds: ["local-x1", "local-x2"] };
    expectStatus(await api.post(`/v1/projects/${projectId}/acceptance/plan`, await bureau(), plan), 200);
    expect(await todos(await bureau(), projectId)).toEqual([]);
    expect(actionsOf(await todos(await enterprise(), projectId))).toEqual(["project.fix-acceptance-plan"]);
    expectStatus(await api.post(`/v1/projects/${projectId}/acceptance/plan`, await enterprise(), plan), 200);
    expect(await todos(await enterprise(), projectId)).toEqual([]);

    for (const n of [1, 2]) {
      const [review] = await todos(await expert(n), projectId);
      expect(review).toMatchObject({
        action: "project.review-acceptance",
        link: `/projects/${projectId}/acceptance/review`,
      });
      expect(review?.deadline).toBeDefined();
    }
    expectStatus(
      await api.post(`/v1/projects/${projectId}/acceptance/review`, await expert(1), {
        verdict: "pass",
        performanceScore: 90,
        comment: "指标全部达成",
      }),
      200,
    );
    expect(await todos(await expert(1), projectId)).toEqual([]);
    expect(actionsOf(await todos(await expert(2), projectId))).toEqual(["project.review-acceptance"]);
    expectStatus(
      await api.post(`/v1/projects/${projectId}/acceptance/review`, await expert(2), {
        verdict: "pass",
        performanceScore: 86,
        comment: "同意通过",
      }),
      200,
    );
    await settle();
    expect(await todos(await expert(2), projectId)).toEqual([]);
    const [opinion] = await todos(await approver(), projectId);
    expect(opinion).toMatchObject({
      action: "project.confirm-acceptance-payment-opinion",
      link: `/projects/${projectId}/acceptance/payment-opinion`,
    });
    expectStatus(
      await api.post(`/v1/projects/${projectId}/acceptance/payment-opinion`, await approver(), {
        decision: "confirm",
      }),
      200,
    );
    await settle();
    expect(await todos(await approver(), projectId)).toEqual([]);
  }, 120_000);

  it("a milestone report complete in its evidence waits for the bureau to name its panel, then for the panel", async () => {
    const start = shanghaiDate(runtime.clock.now());
    const { projectId } = await flow.signedProject({ solverOrg: "uni-panel", startDate: start });
    const files = [
      await flow.upload(projectId, 1, "progress-report", Buffer.from(`report ${projectId}`)),
      await flow.upload(projectId, 1, "audit-report", Buffer.from(`audit ${projectId}`)),
    ];
    expectStatus(
      await api.post(`/v1/projects/${projectId}/milestones/1/report`, await enterprise(), {
        summary: "第1个里程碑完成",
        indicators: [{ name: "良品率", actual: "93%" }],
        fileIds: files,
      }),
      202,
    );
    await settle();
    const [panel] = await todos(await bureau(), projectId);
    expect(panel).toMatchObject({
      action: "project.name-milestone-panel",
      link: `/projects/${projectId}/milestones/1/panel`,
      overdue: false,
    });
    expect(panel!.record.title).not.toBe(projectId);
    expect(Date.parse(panel!.deadline!) - Date.parse(panel!.since)).toBe(7 * 86_400_000);
    expectStatus(
      await api.post(`/v1/projects/${projectId}/milestones/1/experts`, await bureau(), {
        expertIds: ["local-x1"],
      }),
      200,
    );
    await settle();
    expect(await todos(await bureau(), projectId)).toEqual([]);
    expect(actionsOf(await todos(await expert(1), projectId))).toEqual(["project.review-milestone"]);
  }, 60_000);

  it("the bureau decides an extension request and a termination proposal; each to-do ends with the decision", async () => {
    const start = shanghaiDate(runtime.clock.now());
    const { projectId } = await flow.signedProject({ solverOrg: "uni-ext", startDate: start });
    const evidence = await flow.upload(projectId, 1, "evidence", Buffer.from("洪灾停产证明"));
    expectStatus(
      await api.post(`/v1/projects/${projectId}/extension`, await enterprise(), {
        months: 6,
        reason: "洪灾导致中试线停产三个月",
        evidenceFileIds: [evidence],
      }),
      201,
    );
    const [extension] = (await todos(await bureau(), projectId)).filter(
      (t) => t.action === "project.decide-extension",
    );
    expect(extension).toMatchObject({ link: `/projects/${projectId}/extensions/1`, overdue: false });
    expect(Date.parse(extension!.deadline!) - Date.parse(extension!.since)).toBe(14 * 86_400_000);
    expect(await todos(await approver(), projectId)).toEqual([]);
    expectStatus(
      await api.post(`/v1/projects/${projectId}/extension/decision`, await bureau(), {
        decision: "reject",
        comment: "证明材料不足",
      }),
      200,
    );
    await settle();
    expect(await todos(await bureau(), projectId)).toEqual([]);

    expectStatus(
      await api.post(`/v1/projects/${projectId}/termination/proposal`, await enterprise(), {
        reason: "市场变化",
        fault: false,
      }),
      201,
    );
    const [termination] = await todos(await bureau(), projectId);
    expect(termination).toMatchObject({
      action: "project.decide-termination",
      link: `/projects/${projectId}/termination`,
    });
    expectStatus(
      await api.post(`/v1/projects/${projectId}/termination/decision`, await bureau(), {
        decision: "reject",
        comment: "继续实施",
      }),
      200,
    );
    await settle();
    expect(await todos(await bureau(), projectId)).toEqual([]);
  }, 60_000);
});
