// End-to-end: a running project's periodic performance evaluation (《太原市…行动方案》五（二）定期绩效评估; 泰安《实施意见》第24条
// 后续支持、退出或递补) over HTTP on the embedded runtime (DynamoDB Local, the Step Functions engine): the bureau names the
// period and experts, the named experts score the task book's indicators, and on the result the bureau continues the
// support, ends the project (exit: a termination without fault with its settlement) or replaces it (递补: the
// next-ranked application of the same challenge, its 揭榜 agreement signed, gets a new project and task book with the
// money left; the replaced solver's unpaid tranches are cancelled, never paid; no tranche is paid twice); and the
// dynamic adjustment (动态调整) of targets, in force once the three parties sign again. Each refusal writes nothing.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { applicationKind } from "../../functions/applications/model.ts";
import { budgetLeftFen } from "../../functions/award/award.ts";
import { treasurySimulator } from "../../functions/payments/adapters/simulated-treasury.ts";
import { recordStore } from "../../functions/platform/deps.ts";
import { programmeKind } from "../../functions/programmes/model.ts";
import { trancheId, trancheKind } from "../../functions/projects/model.ts";
import { recoveryId, recoveryKind } from "../../functions/recoveries/model.ts";
import { type Runtime, startRuntime } from "../../local/runtime.ts";
import { apiClient, tokenIssuer } from "../support/api.ts";
import { performanceFlow } from "../support/performance-flow.ts";
import { awardedProject } from "../support/projects.ts";
import { rankedChallenge } from "../support/ranked-challenge.ts";

let runtime: Runtime;
let dataDir: string;
const api = apiClient(() => runtime.info.apiUrl);
const as = tokenIssuer(() => runtime);
const bureau = () => as("b1", "taiyuan-stb", "bureau");
const enterprise = () => as("e1", "ent-casting", "enterprise");
const solver = () => as("s1", "uni-a", "solver");
const solverOf = (org: string) => as(`s-${org}`, org, "solver");
const solverC = () => as("s3", "uni-c", "solver");
// The identity provider names a local user `local-<user>`: expert x1 is the pool's local-x1.
const expert = (n: number) => as(`x${n}`, `inst-${n}`, "expert");
const finance1 = () => as("f1", "taiyuan-czj", "finance");
const _finance2 = () => as("f2", "taiyuan-czj", "finance");
const auditor = () => as("a1", "taiyuan-sjj", "auditor");
const settle = () => runtime.stepFunctions.whenIdle();

interface Performance {
  version: number;
  evaluations: {
    seq: number;
    status: string;
    indicators: { milestone: number; name: string; target: string }[];
    result?: { meanScore: number; passed: boolean };
    decision?: {
      decision: string;
      recoveryId?: string;
      replacement?: { applicationId: string; projectId: string; grantFen: number; paidToReplacedFen: number };
    };
  }[];
  adjustments: { seq: number; status: string; toRevision: number; signatures: { party: string }[] }[];
  replacedBy?: string;
  replaces?: string;
}
type Reply = { code?: string } & Performance;

interface ProjectPage {
  project: { status: string; grantFen: number; solverLead: { organisationId: string } };
  track: { taskBook: { revision: number; milestones: { indicators: { target: string }[] }[] } };
  tranches: { index: number; status: string; amountFen: number }[];
}
async function page(projectId: string, token?: string): Promise<ProjectPage> {
  const got = await api.get<ProjectPage>(`/v1/projects/${projectId}`, token ?? (await bureau()));
  expect(got.status, JSON.stringify(got.body)).toBe(200);
  return got.body;
}
const tranches = async (projectId: string) => (await page(projectId)).tranches;

async function trailActions(projectId: string): Promise<string[]> {
  const trail = await api.get<{ events: { action: string }[] }>(
    `/v1/projects/${projectId}/audit-trail`,
    await auditor(),
  );
  expect(trail.status, JSON.stringify(trail.body)).toBe(200);
  return trail.body.events.map((e) => e.action);
}

async function perf(projectId: string): Promise<Performance> {
  const got = await api.get<Performance>(`/v1/projects/${projectId}/performance`, await bureau());
  expect(got.status, JSON.stringify(got.body)).toBe(200);
  return got.body;
}

const flow = performanceFlow(() => runtime);
const { drafted, signedAndPaid } = flow;

/** Opens an evaluation of the first year and has experts 1 and 2 score every indicator `score`. */
async function scored(projectId: string, score: number): Promise<Performance> {
  await flow.scored(projectId, score);
  return perf(projectId);
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "jiebang-performance-"));
  runtime = await startRuntime({ dataDir, clockStart: "2025-06-02T02:00:00.000Z" });
  for (const n of [1, 2, 3]) {
    const registered = await api.post("/v1/experts", await bureau(), {
      expertId: `local-x${n}`,
      organisationId: `inst-${n}`,
      name: `专家${n}`,
      expertise: "technical",
      conflicts: [],
    });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
  }
});
afterAll(async () => {
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});
beforeEach(() => treasurySimulator.reset());

describe("performance evaluation and replacement (递补)", () => {
  it("a failed evaluation replaces the solver by the next-ranked signed application: new project with the money left, the old unpaid tranches cancelled", async () => {
    const project = await awardedProject(runtime);
    const { b, c } = await rankedChallenge(project);
    const paidFen = await signedAndPaid(project, await solver());
    const path = `/v1/projects/${project.projectId}`;

    // Not before the period has ended (the clock is in June 2025); a solver cannot open one; experts from the pool.
    const early = await api.post<Reply>(`${path}/performance-evaluations`, await bureau(), {
      periodFrom: "2025-07-01",
      periodTo: "2026-06-30",
      expertIds: ["local-x1"],
    });
    expect([early.status, early.body.code]).toEqual([422, "PERIOD_NOT_ENDED"]);
    await runtime.advanceClock(Date.parse("2026-07-06T02:00:00Z") - runtime.clock.now());
    const forbidden = await api.post(`${path}/performance-evaluations`, await solver(), {
      periodFrom: "2025-07-01",
      periodTo: "2026-06-30",
      expertIds: ["local-x1"],
    });
    expect(forbidden.status).toBe(403);
    const notInPool = await api.post<Reply>(`${path}/performance-evaluations`, await bureau(), {
      periodFrom: "2025-07-01",
      periodTo: "2026-06-30",
      expertIds: ["local-x1", "nobody"],
    });
    expect([notInPool.status, notInPool.body.code]).toEqual([422, "EXPERT_NOT_IN_POOL"]);
    const nothing = await api.get(`${path}/performance`, await bureau());
    expect(nothing.body).toBe(null);

    const opened = await api.post<Reply>(`${path}/performance-evaluations`, await bureau(), {
      periodFrom: "2025-07-01",
      periodTo: "2026-06-30",
      expertIds: ["local-x1", "local-x2"],
    });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    const indicators = opened.body.evaluations[0]?.indicators ?? [];
    expect(indicators.map((i) => i.name)).toEqual(["良品率", "良品率"]);
    const scores = (score: number) => ({
      scores: indicators.map((i) => ({ milestone: i.milestone, indicator: i.name, score })),
      comment: "中试线良品率远低于任务书指标",
    });
    // Only the named experts, each once, every indicator; the bureau cannot decide before all have scored.
    const stranger = await api.post<Reply>(
      `${path}/performance-evaluations/1/scores`,
      await expert(3),
      scores(90),
    );
    expect([stranger.status, stranger.body.code]).toEqual([403, "NOT_ON_EVALUATION_PANEL"]);
    const partial = await api.post<Reply>(`${path}/performance-evaluations/1/scores`, await expert(1), {
      scores: [{ milestone: 1, indicator: "良品率", score: 40 }],
      comment: "缺项",
    });
    expect([partial.status, partial.body.code]).toEqual([422, "INDICATOR_NOT_SCORED_ONCE"]);
    expect(
      (await api.post(`${path}/performance-evaluations/1/scores`, await expert(1), scores(40))).status,
    ).toBe(200);
    const twice = await api.post<Reply>(
      `${path}/performance-evaluations/1/scores`,
      await expert(1),
      scores(40),
    );
    expect([twice.status, twice.body.code]).toEqual([409, "ALREADY_SCORED"]);
    const early2 = await api.post<Reply>(`${path}/performance-evaluations/1/decision`, await bureau(), {
      decision: "replace",
      reason: "未达指标",
    });
    expect([early2.status, early2.body.code]).toEqual([409, "EVALUATION_NOT_SCORED"]);
    // The expert named sees the evaluation; another expert does not.
    expect((await api.get(`${path}/performance`, await expert(1))).status).toBe(200);
    expect((await api.get(`${path}/performance`, await expert(3))).status).toBe(403);
    expect(
      (await api.post(`${path}/performance-evaluations/1/scores`, await expert(2), scores(50))).status,
    ).toBe(200);
    const result = (await perf(project.projectId)).evaluations[0];
    expect(result?.status).toBe("scored");
    expect(result?.result).toEqual(expect.objectContaining({ meanScore: 45, passed: false }));

    // What the award's budget check (批次预算) finds left in the programme before the replacement.
    const budgetLeft = async () => {
      const programme = await recordStore().get(programmeKind, project.programmeId);
      return budgetLeftFen({ records: recordStore() }, programme!);
    };
    const leftBefore = await budgetLeft();

    const spentFen = 500_000_00;
    const replaced = await api.post<Reply>(`${path}/performance-evaluations/1/decision`, await bureau(), {
      decision: "replace",
      reason: "第一年绩效评价不合格，由排名下一位的揭榜方递补",
      verifiedSpendingFen: spentFen,
    });
    expect(replaced.status, JSON.stringify(replaced.body)).toBe(200);
    await settle();
    const replacement = replaced.body.evaluations[0]?.decision?.replacement;
    // uni-b ranked next but its 揭榜 agreement was not signed by the enterprise: uni-c takes over.
    expect(replacement?.applicationId).toBe(c.id);
    expect(replacement?.paidToReplacedFen).toBe(paidFen);
    const original = { body: (await page(project.projectId)).project };
    expect(original.body.status).toBe("terminated");
    expect(replacement?.grantFen).toBe(original.body.grantFen - paidFen);
    expect(replaced.body.replacedBy).toBe(replacement?.projectId);

    // Money: the replaced solver's paid tranche stays paid once, its unpaid ones are cancelled; the settlement recovers
    // the paid money not verified as spent.
    const old = await tranches(project.projectId);
    expect(old.filter((t) => t.status === "paid").map((t) => t.index)).toEqual([1]);
    expect(old.filter((t) => t.index > 1).every((t) => t.status === "cancelled")).toBe(true);
    const recovery = await recordStore().get(recoveryKind, recoveryId(project.projectId));
    expect(recovery?.amountFen).toBe(paidFen - spentFen);
    expect(replaced.body.evaluations[0]?.decision?.recoveryId).toBe(recovery?.id);

    // The application: uni-c awarded, uni-b still not selected; the new project awaits its own task book.
    const records = recordStore();
    expect((await records.get(applicationKind, c.id))?.status).toBe("awarded");
    expect((await records.get(applicationKind, b.id))?.status).toBe("not-selected");
    const newId = replacement?.projectId as string;
    const successor = { body: (await page(newId, await solverC())).project };
    expect(successor.body).toEqual(
      expect.objectContaining({ status: "awaiting-task-book", grantFen: replacement?.grantFen }),
    );
    expect(successor.body.solverLead.organisationId).toBe("uni-c");
    expect((await perf(newId)).replaces).toBe(project.projectId);
    // The budget is not counted twice: the replaced project now holds what was paid, its successor the rest of the grant.
    expect(await budgetLeft()).toBe(leftBefore);

    // The replacement is announced (递补公示) for the policy's working days, as the award's winners were: the public sees
    // the new winner by name and the replaced solver, nothing of the evaluation; the parties are told.
    const noticeId = (await page(newId, await solverC())).project as unknown as { noticeId: string };
    const notice = await api.get<{
      title: string;
      status: string;
      acceptingObjections: boolean;
      workingDays: number;
      lastDay: string;
      winners: { position: number; organisations: string[] }[];
      replacement?: { replacedOrganisations: string[] };
    }>(`/v1/public/notices/${noticeId.noticeId}`);
    expect(notice.status, JSON.stringify(notice.body)).toBe(200);
    expect(notice.body).toMatchObject({
      status: "open",
      acceptingObjections: true,
      workingDays: 5,
      winners: [{ position: 1, organisations: [expect.any(String)] }],
      replacement: { replacedOrganisations: [expect.any(String)] },
    });
    expect(JSON.stringify(notice.body)).not.toMatch(/绩效|meanScore|reason|grantFen/);
    const listed = await api.get<{ items: { id: string }[] }>("/v1/public/notices?limit=10");
    expect(listed.body.items.map((n) => n.id)).toContain(noticeId.noticeId);
    await runtime.notifications.settle();
    const told = (
      await api.get<{ items: { type: string; body: string }[] }>(
        "/v1/me/notifications?limit=100",
        await solverC(),
      )
    ).body.items.filter((n) => n.type === "notice.replacement-published");
    expect(told).toHaveLength(1);
    expect(told[0]?.body).toContain(`公示至${notice.body.lastDay}`);
    expect(
      (
        await api.get<{ items: { type: string }[] }>("/v1/me/notifications?limit=100", await enterprise())
      ).body.items.some((n) => n.type === "notice.replacement-published"),
    ).toBe(true);

    // The task book is drafted during the notice but signed only after it, every objection ruled.
    await drafted(newId);
    const tooEarly = await api.post<Reply>(`/v1/projects/${newId}/task-book/sign`, await solverC(), {
      revision: 1,
    });
    expect([tooEarly.status, tooEarly.body.code]).toEqual([409, "REPLACEMENT_ON_NOTICE"]);
    const objected = await api.post<{ id: string }>(
      `/v1/public/notices/${noticeId.noticeId}/objections`,
      undefined,
      {
        text: "递补单位的中试条件与申报材料不符",
      },
    );
    expect(objected.status, JSON.stringify(objected.body)).toBe(201);
    await runtime.advanceClock(Date.parse(`${notice.body.lastDay}T16:00:01Z`) - runtime.clock.now());
    const ruling = await api.get<{ status: string }>(`/v1/public/notices/${noticeId.noticeId}`);
    expect(ruling.body.status).toBe("ruling");
    const pendingRuling = await api.post<Reply>(`/v1/projects/${newId}/task-book/sign`, await enterprise(), {
      revision: 1,
    });
    expect([pendingRuling.status, pendingRuling.body.code]).toEqual([409, "REPLACEMENT_ON_NOTICE"]);
    const dismissed = await api.post(
      `/v1/notices/${noticeId.noticeId}/objections/${objected.body.id}/ruling`,
      await bureau(),
      { decision: "dismissed", reason: "经核查，中试条件与申报材料一致" },
    );
    expect(dismissed.status, JSON.stringify(dismissed.body)).toBe(200);
    expect((await api.get<{ status: string }>(`/v1/public/notices/${noticeId.noticeId}`)).body.status).toBe(
      "ended",
    );

    // The new task book, signed by uni-c: its tranches add up to the money left; old + new public money ≤ the grant.
    const successorProject = { ...project, projectId: newId, applicationId: c.id, solverOrg: "uni-c" };
    const newPaid = await signedAndPaid(successorProject, await solverC(), false);
    const fresh = await tranches(newId);
    expect(fresh.reduce((s, t) => s + t.amountFen, 0)).toBe(replacement?.grantFen);
    expect(paidFen + fresh.reduce((s, t) => s + t.amountFen, 0)).toBeLessThanOrEqual(original.body.grantFen);
    expect(newPaid).toBe(fresh.find((t) => t.index === 1)?.amountFen);
    // An old cancelled tranche is never paid.
    const again = await api.call<{ results: { trancheId: string; paymentId?: string; code?: string }[] }>(
      "POST",
      "/v1/payments",
      {
        token: await finance1(),
        body: { trancheIds: [trancheId(project.projectId, 2)] },
        headers: { "idempotency-key": `again-${project.projectId}` },
      },
    );
    await settle();
    expect(again.body.results?.[0]?.paymentId).toBeUndefined();
    expect((await records.get(trancheKind, trancheId(project.projectId, 2)))?.status).toBe("cancelled");

    // Decided once; the trail has each step.
    const repeat = await api.post<Reply>(`${path}/performance-evaluations/1/decision`, await bureau(), {
      decision: "exit",
      reason: "again",
    });
    expect([repeat.status, repeat.body.code]).toEqual([409, "EVALUATION_DECIDED"]);
    expect(await trailActions(project.projectId)).toEqual(
      expect.arrayContaining([
        "performance.evaluation-opened",
        "performance.expert-scored",
        "performance.evaluation-scored",
        "project.terminated",
        "performance.replaced",
      ]),
    );
    expect(await trailActions(newId)).toEqual(
      expect.arrayContaining(["performance.replaces", "task-book.signed"]),
    );
  });

  it("a pass continues only; a later failure exits like a termination without fault; no replacement without a candidate", async () => {
    const project = await awardedProject(runtime, { solverOrg: "uni-d" });
    await rankedChallenge(project);
    const paidFen = await signedAndPaid(project, await solverOf("uni-d"));
    await runtime.advanceClock(Math.max(0, Date.parse("2026-07-06T02:00:00Z") - runtime.clock.now()));
    const path = `/v1/projects/${project.projectId}`;
    const passed = await scored(project.projectId, 80);
    expect(passed.evaluations[0]?.result?.passed).toBe(true);
    const exitOnPass = await api.post<Reply>(`${path}/performance-evaluations/1/decision`, await bureau(), {
      decision: "exit",
      reason: "x",
    });
    expect([exitOnPass.status, exitOnPass.body.code]).toEqual([422, "EVALUATION_PASSED"]);
    const continued = await api.post<Reply>(`${path}/performance-evaluations/1/decision`, await bureau(), {
      decision: "continue",
      reason: "按计划推进，继续支持",
    });
    expect(continued.status, JSON.stringify(continued.body)).toBe(200);
    expect(continued.body.evaluations[0]?.decision?.decision).toBe("continue");

    await scored(project.projectId, 30);
    const exited = await api.post<Reply>(`${path}/performance-evaluations/2/decision`, await bureau(), {
      decision: "exit",
      reason: "第二次绩效评价不合格，项目退出",
      verifiedSpendingFen: paidFen,
    });
    expect(exited.status, JSON.stringify(exited.body)).toBe(200);
    await settle();
    expect((await page(project.projectId)).project.status).toBe("terminated");
    const recovery = await recordStore().get(recoveryKind, recoveryId(project.projectId));
    expect(recovery?.amountFen).toBe(0); // all paid money verified as spent: nothing to recover, no fault
    const left = await tranches(project.projectId);
    expect(left.filter((t) => t.index > 1).every((t) => t.status === "cancelled")).toBe(true);
    expect(await trailActions(project.projectId)).toEqual(
      expect.arrayContaining(["performance.continued", "performance.exited", "project.terminated"]),
    );
    // An ended project takes no new evaluation.
    const closed = await api.post<Reply>(`${path}/performance-evaluations`, await bureau(), {
      periodFrom: "2025-07-01",
      periodTo: "2026-06-30",
      expertIds: ["local-x1"],
    });
    expect([closed.status, closed.body.code]).toEqual([409, "PROJECT_CLOSED"]);
  });

  it("replacement is refused, nothing written, when no ranked application is left", async () => {
    const project = await awardedProject(runtime, { solverOrg: "uni-e" });
    await rankedChallenge(project, false);
    await signedAndPaid(project, await solverOf("uni-e"));
    await runtime.advanceClock(Math.max(0, Date.parse("2026-07-06T02:00:00Z") - runtime.clock.now()));
    await scored(project.projectId, 20);
    const before = await perf(project.projectId);
    const refused = await api.post<Reply>(
      `/v1/projects/${project.projectId}/performance-evaluations/1/decision`,
      await bureau(),
      { decision: "replace", reason: "递补" },
    );
    expect([refused.status, (refused.body as Reply).code]).toEqual([422, "NO_REPLACEMENT_CANDIDATE"]);
    expect((await perf(project.projectId)).version).toBe(before.version);
    expect((await page(project.projectId)).project.status).toBe("in-progress");
  });
});

describe("dynamic adjustment (动态调整)", () => {
  it("the bureau's new targets are in force once the three parties sign; the old revision's signatures are voided", async () => {
    const project = await awardedProject(runtime, { solverOrg: "uni-f" });
    await signedAndPaid(project, await solverOf("uni-f"));
    const path = `/v1/projects/${project.projectId}`;
    const bad = await api.post<Reply>(`${path}/adjustments`, await bureau(), {
      reason: "产业需求变化",
      changes: [{ milestone: 2, indicator: "产能", target: "1000" }],
    });
    expect([bad.status, bad.body.code]).toEqual([422, "INDICATOR_UNKNOWN"]);
    expect(
      (await api.post(`${path}/adjustments`, await enterprise(), { reason: "x", changes: [] })).status,
    ).toBe(403);
    const proposed = await api.post<Reply>(`${path}/adjustments`, await bureau(), {
      reason: "根据下游整机厂需求变化，验收良品率调整为 90%",
      changes: [{ milestone: 2, indicator: "良品率", target: ">= 90" }],
    });
    expect(proposed.status, JSON.stringify(proposed.body)).toBe(201);
    const pending = await api.post<Reply>(`${path}/adjustments`, await bureau(), {
      reason: "again",
      changes: [{ milestone: 1, indicator: "良品率", target: ">= 80" }],
    });
    expect([pending.status, pending.body.code]).toEqual([409, "ADJUSTMENT_PENDING"]);
    const book = async () => (await page(project.projectId)).track;
    const sign = async (token: string) =>
      api.call<Reply>("POST", `${path}/adjustments/1/signatures`, { token });
    // Each of the three parties has the signing to-do (待办), linking to the project's performance page.
    const signingTodos = async (token: string) => {
      const got = await api.get<{ items: { action: string; record: { id: string }; link: string }[] }>(
        "/v1/me/tasks?limit=100",
        token,
      );
      expect(got.status, JSON.stringify(got.body)).toBe(200);
      return got.body.items
        .filter((t) => t.action === "project.sign-adjustment" && t.record.id === `pfm-${project.projectId}`)
        .map((t) => t.link);
    };
    const link = `/projects/${project.projectId}/performance`;
    for (const token of [await bureau(), await enterprise(), await solverOf("uni-f")]) {
      expect(await signingTodos(token)).toEqual([link]);
    }
    // Not the solver of another project.
    expect(await signingTodos(await solverC())).toEqual([]);
    for (const token of [await enterprise(), await solverOf("uni-f")]) {
      const s = await sign(token);
      expect(s.status, JSON.stringify(s.body)).toBe(200);
      expect(await signingTodos(token)).toEqual([]);
    }
    expect(await signingTodos(await bureau())).toEqual([link]);
    const again = await sign(await solverOf("uni-f"));
    expect([again.status, again.body.code]).toEqual([409, "ALREADY_SIGNED"]);
    const beforeLast = await book();
    expect(beforeLast.taskBook.revision).toBe(1);
    expect(beforeLast.taskBook.milestones[1]?.indicators[0]?.target).toBe(">= 92");
    const last = await sign(await bureau());
    expect(last.status, JSON.stringify(last.body)).toBe(200);
    expect(last.body.adjustments[0]?.status).toBe("signed");
    expect(await signingTodos(await bureau())).toEqual([]);
    const after = await book();
    expect(after.taskBook.revision).toBe(2);
    expect(after.taskBook.milestones[1]?.indicators[0]?.target).toBe(">= 90");
    expect(await trailActions(project.projectId)).toEqual(
      expect.arrayContaining([
        "task-book.adjustment-proposed",
        "task-book.adjustment-signed",
        "task-book.adjusted",
      ]),
    );
  });

  it("a termination or a fraud finding while an adjustment awaits signatures voids it and ends every signing to-do in the same write", async () => {
    const pending = async (solverOrg: string) => {
      const project = await awardedProject(runtime, { solverOrg });
      await signedAndPaid(project, await solverOf(solverOrg));
      const path = `/v1/projects/${project.projectId}`;
      const proposed = await api.post<Reply>(`${path}/adjustments`, await bureau(), {
        reason: "产业需求变化，调整验收良品率",
        changes: [{ milestone: 2, indicator: "良品率", target: ">= 90" }],
      });
      expect(proposed.status, JSON.stringify(proposed.body)).toBe(201);
      // The enterprise signs; the bureau's and the solver's signatures are still missing.
      expect(
        (await api.call("POST", `${path}/adjustments/1/signatures`, { token: await enterprise() })).status,
      ).toBe(200);
      return { project, path };
    };
    const todosOf = async (projectId: string, token: string) => {
      const got = await api.get<{ items: { action: string; record: { id: string } }[] }>(
        "/v1/me/tasks?limit=100",
        token,
      );
      expect(got.status, JSON.stringify(got.body)).toBe(200);
      return got.body.items.filter(
        (t) => t.action === "project.sign-adjustment" && t.record.id === `pfm-${projectId}`,
      ).length;
    };

    const terminated = await pending("uni-g");
    expect(await todosOf(terminated.project.projectId, await bureau())).toBe(1);
    expect(await todosOf(terminated.project.projectId, await solverOf("uni-g"))).toBe(1);
    const ended = await api.post(`${terminated.path}/termination`, await bureau(), {
      reason: "技术路线被证明不可行，经协商终止",
      fault: false,
      proposedBy: "bureau",
      verifiedSpendingFen: 0,
    });
    expect(ended.status, JSON.stringify(ended.body)).toBe(200);
    await settle();
    expect(await todosOf(terminated.project.projectId, await bureau())).toBe(0);
    expect(await todosOf(terminated.project.projectId, await solverOf("uni-g"))).toBe(0);
    const voided = (await perf(terminated.project.projectId))
      .adjustments[0] as Performance["adjustments"][number] & {
      voided?: { ending: string };
    };
    expect([voided.status, voided.voided?.ending]).toEqual(["void", "terminated"]);
    // The targets in force stay those of the signed revision; a late signature is refused.
    expect((await page(terminated.project.projectId)).track.taskBook.revision).toBe(1);
    const late = await api.call<Reply>("POST", `${terminated.path}/adjustments/1/signatures`, {
      token: await solverOf("uni-g"),
    });
    expect([late.status, late.body.code]).toEqual([409, "PROJECT_CLOSED"]);
    expect(await trailActions(terminated.project.projectId)).toEqual(
      expect.arrayContaining(["project.terminated", "task-book.adjustment-voided"]),
    );

    const fraud = await pending("uni-h");
    const found = await api.post(`${fraud.path}/fraud`, await bureau(), {
      reason: "伪造中试检测报告",
      proposedBy: "bureau",
    });
    expect(found.status, JSON.stringify(found.body)).toBe(200);
    await settle();
    expect(await todosOf(fraud.project.projectId, await bureau())).toBe(0);
    expect(await todosOf(fraud.project.projectId, await solverOf("uni-h"))).toBe(0);
    const fraudVoided = (await perf(fraud.project.projectId)).adjustments[0] as {
      status: string;
      voided?: { ending: string };
    };
    expect([fraudVoided.status, fraudVoided.voided?.ending]).toEqual(["void", "fraud"]);
  });
});
