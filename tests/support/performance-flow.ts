// Test support for the performance evaluation and replacement (递补) tests over HTTP: the task book drafted and signed
// by the three parties with its first tranche paid (four eyes), and an evaluation of the first year scored by experts 1
// and 2 — the preconditions tests/e2e/performance.test.ts and replacement-chain.test.ts share.
import { expect } from "vitest";
import { trancheId } from "../../functions/projects/model.ts";
import type { Runtime } from "../../local/runtime.ts";
import { apiClient, tokenIssuer } from "./api.ts";
import type { SeededProject } from "./projects.ts";

interface Evaluated {
  evaluations: { seq: number; indicators: { milestone: number; name: string }[] }[];
}

export function performanceFlow(runtime: () => Runtime) {
  const api = apiClient(() => runtime().info.apiUrl);
  const as = tokenIssuer(runtime);
  const bureau = () => as("b1", "taiyuan-stb", "bureau");
  const enterprise = () => as("e1", "ent-casting", "enterprise");
  const expert = (n: number) => as(`x${n}`, `inst-${n}`, "expert");
  const finance1 = () => as("f1", "taiyuan-czj", "finance");
  const finance2 = () => as("f2", "taiyuan-czj", "finance");
  const settle = () => runtime().stepFunctions.whenIdle();

  /** The bureau drafts the task book from 1 July 2025. */
  async function drafted(projectId: string): Promise<void> {
    const draft = await api.post(`/v1/projects/${projectId}/task-book`, await bureau(), {
      startDate: "2025-07-01",
      ipTerms: "知识产权归揭榜方所有，出题企业享有优先使用权。",
      rewardPenaltyTerms: "未完成考核指标的，按任务书约定收回资金。",
    });
    expect(draft.status, JSON.stringify(draft.body)).toBe(201);
  }

  /** Drafts (unless drafted already), signs the task book and pays tranche 1; returns what was paid. */
  async function signedAndPaid(project: SeededProject, solverToken: string, draft = true): Promise<number> {
    if (draft) await drafted(project.projectId);
    for (const token of [solverToken, await enterprise(), await bureau()]) {
      const signed = await api.post(`/v1/projects/${project.projectId}/task-book/sign`, token, {
        revision: 1,
      });
      expect(signed.status, JSON.stringify(signed.body)).toBe(200);
    }
    await settle();
    const started = await api.call<{ results: { paymentId?: string }[] }>("POST", "/v1/payments", {
      token: await finance1(),
      body: { trancheIds: [trancheId(project.projectId, 1)] },
      headers: { "idempotency-key": `run-${project.projectId}` },
    });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    await settle();
    const id = started.body.results[0]?.paymentId as string;
    const approved = await api.post(`/v1/payments/${id}/approval`, await finance2(), { decision: "approve" });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    await settle();
    const paid = await api.get<{ status: string; amountFen: number }>(`/v1/payments/${id}`, await finance1());
    expect(paid.body.status).toBe("paid");
    return paid.body.amountFen;
  }

  /** Opens an evaluation of the first year and has experts 1 and 2 score every indicator `score`. */
  async function scored(
    projectId: string,
    score: number,
    comment = "按任务书考核指标逐项评分",
  ): Promise<void> {
    const opened = await api.post<Evaluated>(
      `/v1/projects/${projectId}/performance-evaluations`,
      await bureau(),
      {
        periodFrom: "2025-07-01",
        periodTo: "2026-06-30",
        expertIds: ["local-x1", "local-x2"],
      },
    );
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    const evaluation = opened.body.evaluations.at(-1);
    if (!evaluation) throw new Error("no evaluation");
    for (const n of [1, 2]) {
      const s = await api.post(
        `/v1/projects/${projectId}/performance-evaluations/${evaluation.seq}/scores`,
        await expert(n),
        {
          scores: evaluation.indicators.map((i) => ({ milestone: i.milestone, indicator: i.name, score })),
          comment,
        },
      );
      expect(s.status, JSON.stringify(s.body)).toBe(200);
    }
  }

  return { drafted, signedAndPaid, scored };
}
