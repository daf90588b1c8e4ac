// End-to-end: the to-do list (待办, GET /v1/me/tasks and /count) on the embedded runtime over HTTP — a demand waits for
// the bureau's decision, then (returned) for its enterprise's resubmission; a task book waits for each party's
// signature and each disappears once signed; the enterprise's first milestone report is due and marked overdue after
// the clock passes its due date; a payment waits for every finance officer but its maker (four eyes) and disappears
// once approved; pages follow sealed cursors; roles with nothing to do get an empty list.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { myTodoCountResponse, myTodosResponse } from "../../functions/operations/todo-views.ts";
import { treasurySimulator } from "../../functions/payments/adapters/simulated-treasury.ts";
import { trancheId } from "../../functions/projects/model.ts";
import { type Runtime, startRuntime } from "../../local/runtime.ts";
import { apiClient, completeDemand, createProgramme, sha256Hex, tokenIssuer } from "../support/api.ts";
import { awardedProject } from "../support/projects.ts";

let runtime: Runtime;
let dataDir: string;
const api = apiClient(() => runtime.info.apiUrl);
const as = tokenIssuer(() => runtime);
const bureau = () => as("b1", "taiyuan-stb", "bureau");
const enterprise = () => as("e1", "ent-casting", "enterprise");
const otherEnterprise = () => as("e9", "ent-other", "enterprise");
const solver = () => as("s1", "uni-a", "solver");
const finance1 = () => as("f1", "taiyuan-czj", "finance");
const finance2 = () => as("f2", "taiyuan-czj", "finance");
const settle = () => runtime.stepFunctions.whenIdle();

interface TodoView {
  id: string;
  action: string;
  label: { en: string; zh: string };
  record: { kind: string; id: string; title: string };
  since: string;
  deadline?: string;
  overdue: boolean;
  link: string;
}

async function todos(token: string, query = ""): Promise<{ items: TodoView[]; next?: string }> {
  const got = await api.get<{ items: TodoView[]; next?: string }>(`/v1/me/tasks${query}`, token);
  expect(got.status, JSON.stringify(got.body)).toBe(200);
  // The body is the one the response schema describes (strict: nothing more).
  myTodosResponse.parse(got.body);
  return got.body;
}
const actions = async (token: string, recordId?: string) =>
  (await todos(token, "?limit=100")).items
    .filter((t) => !recordId || t.record.id === recordId)
    .map((t) => t.action);

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "jiebang-my-tasks-"));
  runtime = await startRuntime({ dataDir, clockStart: "2025-06-02T02:00:00.000Z" });
});
afterAll(async () => {
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("my tasks (待办)", () => {
  it("a demand waits for the bureau's decision, then, returned, for its enterprise's resubmission", async () => {
    const programmeId = await createProgramme(api, await bureau());
    const created = await api.post<{ id: string }>(
      "/v1/demands",
      await enterprise(),
      completeDemand("焦炉煤气高值化利用", programmeId),
    );
    expect(created.status).toBe(201);
    const id = created.body.id;
    const file = Buffer.from("%PDF-1.7 my tasks");
    const reserved = await api.post<{ upload: { url: string; headers: Record<string, string> } }>(
      `/v1/demands/${id}/attachments`,
      await enterprise(),
      {
        fileName: "需求.pdf",
        contentType: "application/pdf",
        sizeBytes: file.length,
        sha256: sha256Hex(file),
      },
    );
    await fetch(reserved.body.upload.url, {
      method: "PUT",
      headers: reserved.body.upload.headers,
      body: file,
    });
    expect(await actions(await bureau(), id)).toEqual([]);
    expect((await api.post(`/v1/demands/${id}/submit`, await enterprise())).status).toBe(202);
    await settle();

    const [decide] = (await todos(await bureau())).items.filter((t) => t.record.id === id);
    expect(decide).toMatchObject({
      action: "demand.decide",
      label: { zh: "处理已提交的需求" },
      record: { kind: "demand", id, title: "焦炉煤气高值化利用" },
      link: `/demands/${id}/decision`,
      overdue: false,
    });
    expect(Date.parse(decide!.deadline!) - Date.parse(decide!.since)).toBe(30 * 86_400_000);
    expect(await actions(await enterprise(), id)).toEqual([]);

    const returned = await api.post(`/v1/demands/${id}/decision`, await bureau(), {
      decision: "return",
      comment: "请补充技术指标",
    });
    expect(returned.status, JSON.stringify(returned.body)).toBeLessThan(300);
    await settle();
    expect(await actions(await bureau(), id)).toEqual([]);
    expect(await actions(await enterprise(), id)).toEqual(["demand.resubmit"]);
    expect(await actions(await otherEnterprise(), id)).toEqual([]);
  });

  it("the task book waits for each party's signature, then the first milestone report, overdue once the clock passes it", async () => {
    const project = await awardedProject(runtime);
    const id = project.projectId;
    const drafted = await api.post(`/v1/projects/${id}/task-book`, await bureau(), {
      startDate: "2025-07-01",
      ipTerms: "知识产权归揭榜方所有，出题企业享有优先使用权。",
      rewardPenaltyTerms: "未完成考核指标的，按任务书约定收回资金。",
    });
    expect(drafted.status, JSON.stringify(drafted.body)).toBe(201);
    for (const token of [await bureau(), await enterprise(), await solver()]) {
      expect(await actions(token, id)).toEqual(["project.sign-task-book"]);
    }
    const [sign] = (await todos(await solver())).items.filter((t) => t.record.id === id);
    expect(sign).toMatchObject({ record: { kind: "project" }, link: `/projects/${id}/task-book` });
    // No challenge record is seeded: the project is named by its challenge's id and its lead solver.
    expect(sign?.record.title).toBe(`${project.challengeId} — uni-a`);
    expect(await actions(await otherEnterprise(), id)).toEqual([]);

    const signs = [
      [await solver(), "solver"],
      [await enterprise(), "enterprise"],
      [await bureau(), "bureau"],
    ] as const;
    for (const [token] of signs) {
      const signed = await api.post(`/v1/projects/${id}/task-book/sign`, token, { revision: 1 });
      expect(signed.status, JSON.stringify(signed.body)).toBe(200);
      expect(await actions(token, id)).not.toContain("project.sign-task-book");
    }
    await settle();
    const [report] = (await todos(await enterprise())).items.filter((t) => t.record.id === id);
    expect(report).toMatchObject({
      action: "project.file-milestone-report",
      link: `/projects/${id}/milestones/1/report`,
      overdue: false,
    });
    expect(await actions(await solver(), id)).toEqual([]);
    // Past the due date (end of that day in Shanghai) the same to-do is overdue.
    runtime.clock.advanceTo(Date.parse(report!.deadline!) + 1);
    await settle();
    const [late] = (await todos(await enterprise())).items.filter((t) => t.record.id === id);
    expect(late).toMatchObject({ action: "project.file-milestone-report", overdue: true });
  });

  it("four eyes: a payment waits for every finance officer but its maker, and is gone once approved", async () => {
    treasurySimulator.reset();
    const project = await awardedProject(runtime);
    await api.post(`/v1/projects/${project.projectId}/task-book`, await bureau(), {
      startDate: "2025-07-01",
      ipTerms: "知识产权归揭榜方所有。",
      rewardPenaltyTerms: "按任务书约定收回资金。",
    });
    for (const token of [await solver(), await enterprise(), await bureau()]) {
      await api.post(`/v1/projects/${project.projectId}/task-book/sign`, token, { revision: 1 });
    }
    await settle();
    const run = await api.call<{ results: { paymentId?: string }[] }>("POST", "/v1/payments", {
      token: await finance1(),
      body: { trancheIds: [trancheId(project.projectId, 1)] },
      headers: { "idempotency-key": "my-tasks-run-0001" },
    });
    expect(run.status, JSON.stringify(run.body)).toBe(202);
    const paymentId = run.body.results[0]?.paymentId as string;
    await settle();

    expect(await actions(await finance1(), paymentId)).toEqual([]);
    const [approve] = (await todos(await finance2())).items.filter((t) => t.record.id === paymentId);
    expect(approve).toMatchObject({
      action: "payment.approve",
      record: { kind: "payment", id: paymentId },
      link: `/payments/${paymentId}/approval`,
    });
    expect(approve?.record.title).not.toBe(paymentId);
    const count = (token: string) =>
      api.get<{ count: number; capped: boolean; display: string }>("/v1/me/tasks/count", token);
    expect(myTodoCountResponse.parse((await count(await finance2())).body)).toEqual({
      count: 1,
      capped: false,
      display: "1",
    });
    expect((await count(await finance1())).body).toEqual({ count: 0, capped: false, display: "0" });

    const approved = await api.post(`/v1/payments/${paymentId}/approval`, await finance2(), {
      decision: "approve",
    });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    await settle();
    expect(await actions(await finance2(), paymentId)).toEqual([]);
    expect((await count(await finance2())).body.count).toBe(0);
  });

  it("pages with sealed cursors bound to the caller, most urgent first; roles with nothing to do get nothing", async () => {
    for (let n = 0; n < 3; n++) {
      const project = await awardedProject(runtime);
      const drafted = await api.post(`/v1/projects/${project.projectId}/task-book`, await bureau(), {
        startDate: "2025-07-01",
        ipTerms: "知识产权归揭榜方所有。",
        rewardPenaltyTerms: "按任务书约定收回资金。",
      });
      expect(drafted.status).toBe(201);
      runtime.clock.advanceBy(60_000);
    }
    const all = (await todos(await bureau(), "?limit=100")).items;
    expect(all.length).toBe(3);
    // None has a deadline: the oldest first.
    const since = all.map((t) => t.since);
    expect(since).toEqual([...since].sort());
    const first = await todos(await bureau(), "?limit=1");
    expect(first.items.map((t) => t.id)).toEqual([all[0]!.id]);
    const second = await todos(await bureau(), `?limit=1&cursor=${first.next}`);
    expect(second.items.map((t) => t.id)).toEqual([all[1]!.id]);
    const stolen = await api.get<{ code: string }>(
      `/v1/me/tasks?limit=1&cursor=${first.next}`,
      await finance2(),
    );
    expect(stolen.status).toBe(400);
    expect(stolen.body.code).toBe("INVALID_CURSOR");
    for (const token of [await as("a1", "ops", "admin"), await as("x1", "audit-office", "auditor")]) {
      expect(await todos(token)).toEqual({ items: [] });
    }
    expect((await api.get("/v1/me/tasks")).status).toBe(401);
  });
});
