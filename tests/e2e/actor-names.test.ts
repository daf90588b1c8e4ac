// End-to-end: people's names read back from what they wrote — a task book's signatures, the tranche its signing made
// eligible, a payment's requesting officer and four-eyes approval, a fraud decision's recovery (with its project's
// title and its payer's name) and its deciding officer — each stored at write time from the token's `name`
// claim beside the user id (the user id when the token has none), as GET returns them on the embedded runtime (whose
// identity provider gives user ids the prefix `local-`).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Role } from "../../functions/kernel/roles.ts";
import { trancheId } from "../../functions/projects/model.ts";
import { type Runtime, startRuntime } from "../../local/runtime.ts";
import { apiClient } from "../support/api.ts";
import { awardedProject, type SeededProject } from "../support/projects.ts";

let runtime: Runtime;
let dataDir: string;
const api = apiClient(() => runtime.info.apiUrl);
const issued: Record<string, string> = {};
const as = async (user: string, org: string, role: Role, name?: string) => {
  issued[user] ??= await runtime.identity.issue({ user, org, roles: [role], ...(name ? { name } : {}) });
  return issued[user];
};
const bureau = () => as("b-zhao", "taiyuan-stb", "bureau", "赵丽华");
const enterprise = () => as("e-anon", "ent-casting", "enterprise");
const solver = () => as("s-sun", "uni-a", "solver", "孙晓明");
const finance1 = () => as("f-li", "taiyuan-czj", "finance", "李会计");
const finance2 = () => as("f-qian", "taiyuan-czj", "finance", "钱审核");
let project: SeededProject;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "jiebang-actor-names-"));
  runtime = await startRuntime({ dataDir, clockStart: "2025-06-02T02:00:00.000Z" });
  project = await awardedProject(runtime);
  const drafted = await api.post(`/v1/projects/${project.projectId}/task-book`, await bureau(), {
    startDate: "2025-07-01",
    ipTerms: "知识产权归揭榜方所有，出题企业享有优先使用权。",
    rewardPenaltyTerms: "未完成考核指标的，按任务书约定收回资金。",
  });
  expect(drafted.status, JSON.stringify(drafted.body)).toBe(201);
  for (const token of [await solver(), await enterprise(), await bureau()]) {
    const signed = await api.post(`/v1/projects/${project.projectId}/task-book/sign`, token, { revision: 1 });
    expect(signed.status, JSON.stringify(signed.body)).toBe(200);
  }
  await runtime.stepFunctions.whenIdle();
}, 180_000);

afterAll(async () => {
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("task book signatures", () => {
  it("name each signer as the token named them, and the user id when it named no one", async () => {
    const got = await api.get<{
      track: { taskBook: { signatures: { party: string; by: string; byName?: string }[] } };
    }>(`/v1/projects/${project.projectId}`, await bureau());
    expect(got.status).toBe(200);
    const byParty = Object.fromEntries(got.body.track.taskBook.signatures.map((s) => [s.party, s]));
    expect(byParty["solver"]).toMatchObject({ by: "local-s-sun", byName: "孙晓明" });
    expect(byParty["bureau"]).toMatchObject({ by: "local-b-zhao", byName: "赵丽华" });
    expect(byParty["enterprise"]).toMatchObject({ by: "local-e-anon", byName: "local-e-anon" });
  });
});

describe("payment approval and recovery", () => {
  it("names the approving finance officer, then the bureau officer who decided the fraud and its recovery", async () => {
    // Tranche 1 became eligible on the task book's last signature (the bureau's): its confirmer named in the queue.
    const queue = await api.get<{
      items: { trancheId: string; evidence?: { by: string; byName?: string } }[];
    }>("/v1/payments/queue", await finance1());
    expect(
      queue.body.items.find((i) => i.trancheId === trancheId(project.projectId, 1))?.evidence,
    ).toMatchObject({
      by: "local-b-zhao",
      byName: "赵丽华",
    });
    const run = await api.call<{ results: { outcome: string; paymentId?: string }[] }>(
      "POST",
      "/v1/payments",
      {
        token: await finance1(),
        body: { trancheIds: [trancheId(project.projectId, 1)] },
        headers: { "idempotency-key": "names-run-1" },
      },
    );
    expect(run.status, JSON.stringify(run.body)).toBe(202);
    await runtime.stepFunctions.whenIdle();
    const paymentId = run.body.results[0]?.paymentId as string;
    const approved = await api.post(`/v1/payments/${paymentId}/approval`, await finance2(), {
      decision: "approve",
    });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    const payment = await api.get<{
      approval?: { by: string; byName?: string };
      requestedBy: string;
      requestedByName?: string;
      evidence?: { by: string; byName?: string };
    }>(`/v1/payments/${paymentId}`, await finance1());
    expect(payment.body.approval).toMatchObject({ by: "local-f-qian", byName: "钱审核" });
    expect(payment.body).toMatchObject({ requestedBy: "local-f-li", requestedByName: "李会计" });
    expect(payment.body.evidence).toMatchObject({ by: "local-b-zhao", byName: "赵丽华" });
    await runtime.stepFunctions.whenIdle();

    const found = await api.post<{ recovery: { id: string }; track: { termination: object } }>(
      `/v1/projects/${project.projectId}/fraud`,
      await bureau(),
      { reason: "伪造检测报告", proposedBy: "enterprise" },
    );
    expect(found.status, JSON.stringify(found.body)).toBe(200);
    expect(found.body.track.termination).toMatchObject({
      decidedBy: "local-b-zhao",
      decidedByName: "赵丽华",
    });
    const recovery = await api.get<{
      decidedBy: string;
      decidedByName?: string;
      projectTitle?: string;
      payerOrganisationId: string;
      payerName?: string;
    }>(`/v1/recoveries/${found.body.recovery.id}`, await finance1());
    expect(recovery.status, JSON.stringify(recovery.body)).toBe(200);
    expect(recovery.body).toMatchObject({ decidedBy: "local-b-zhao", decidedByName: "赵丽华" });
    // The payer by the name the award recorded (the seed's is its id; no challenge record, so no title), as the
    // recoveries list names them (the unit and finance-forms browser tests check real titles and names).
    const listed = await api.get<{ items: { id: string; projectTitle?: string; payerName?: string }[] }>(
      "/v1/recoveries",
      await finance1(),
    );
    const row = listed.body.items.find((r) => r.id === found.body.recovery.id);
    expect(recovery.body.payerName).toEqual(expect.any(String));
    expect({ projectTitle: recovery.body.projectTitle, payerName: recovery.body.payerName }).toEqual({
      projectTitle: row?.projectTitle,
      payerName: row?.payerName,
    });
  }, 120_000);
});
