// Test support for payments on the embedded runtime: finance officers' tokens, a project whose first tranche is
// eligible (task book signed), a payment run, and the treasury's confirmation route called as the treasury's system
// (SigV4-signed with its machine credentials).
import { expect } from "vitest";
import { type MachineCredentials, signedHeaders } from "../../functions/platform/http/sigv4.ts";
import { trancheId } from "../../functions/projects/model.ts";
import { localRegion } from "../../local/functions.ts";
import type { Runtime } from "../../local/runtime.ts";
import { localMachineCredentials } from "../../local/sigv4.ts";
import { apiClient, tokenIssuer } from "./api.ts";
import { awardedProject, type SeededProject } from "./projects.ts";

export interface PaymentView {
  id: string;
  version: number;
  status: string;
  trancheId: string;
  attempt: number;
  amountFen: number;
  treasury?: { submissions: number; reference?: string; failures: unknown[] };
  resolution?: Record<string, unknown>;
}

/** Helpers bound to the runtime the test file started. */
export function paymentsOn(runtime: () => Runtime) {
  const api = apiClient(() => runtime().info.apiUrl);
  const as = tokenIssuer(runtime);
  const tokens = {
    bureau: () => as("b1", "taiyuan-stb", "bureau"),
    enterprise: () => as("e1", "ent-casting", "enterprise"),
    solver: () => as("s1", "uni-a", "solver"),
    finance1: () => as("f1", "taiyuan-czj", "finance"),
    finance2: () => as("f2", "taiyuan-czj", "finance"),
    finance3: () => as("f3", "taiyuan-czj", "finance"),
    /** A finance officer of the project's enterprise: a party of the project. */
    partyFinance: () => as("f9", "ent-casting", "finance"),
  };
  const settle = () => runtime().stepFunctions.whenIdle();

  /** Drafts the task book and has all three parties sign: Taiyuan's first tranche (30%) is eligible on signing. */
  async function signedProject(): Promise<SeededProject> {
    const seeded = await awardedProject(runtime());
    const drafted = await api.post(`/v1/projects/${seeded.projectId}/task-book`, await tokens.bureau(), {
      startDate: "2025-07-01",
      ipTerms: "知识产权归揭榜方所有，出题企业享有优先使用权。",
      rewardPenaltyTerms: "未完成考核指标的，按任务书约定收回资金。",
    });
    expect(drafted.status, JSON.stringify(drafted.body)).toBe(201);
    for (const token of [await tokens.solver(), await tokens.enterprise(), await tokens.bureau()]) {
      const signed = await api.post(`/v1/projects/${seeded.projectId}/task-book/sign`, token, {
        revision: 1,
      });
      expect(signed.status, JSON.stringify(signed.body)).toBe(200);
    }
    await settle();
    return seeded;
  }

  /** A payment run of the project's first tranche by finance officer 1: the id of the payment it reserved. */
  async function reserveFirstTranche(project: SeededProject, key: string): Promise<string> {
    const run = await api.call<{ results: { outcome: string; paymentId?: string }[] }>(
      "POST",
      "/v1/payments",
      {
        token: await tokens.finance1(),
        body: { trancheIds: [trancheId(project.projectId, 1)] },
        headers: { "idempotency-key": key },
      },
    );
    expect(run.status, JSON.stringify(run.body)).toBe(202);
    expect(run.body.results[0]?.outcome).toBe("reserved");
    await settle();
    return run.body.results[0]?.paymentId as string;
  }

  async function approve(paymentId: string): Promise<void> {
    const approved = await api.post(`/v1/payments/${paymentId}/approval`, await tokens.finance2(), {
      decision: "approve",
    });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
  }

  async function payment(paymentId: string): Promise<PaymentView> {
    const got = await api.get<PaymentView>(`/v1/payments/${paymentId}`, await tokens.finance1());
    expect(got.status).toBe(200);
    return got.body;
  }

  /**
   * POST /v1/treasury/confirmations as the treasury system: SigV4-signed (optionally another body is sent than the
   * one signed, or the signature is dated `signingDate`).
   */
  async function treasuryPost(
    body: Record<string, unknown>,
    credentials: MachineCredentials = localMachineCredentials.treasury,
    sentBody?: Record<string, unknown>,
    signingDate?: Date,
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const url = `${runtime().info.apiUrl}/v1/treasury/confirmations`;
    const text = JSON.stringify(body);
    const headers = { "content-type": "application/json" };
    const signed = await signedHeaders(
      credentials,
      localRegion,
      { method: "POST", url, body: text, headers },
      signingDate,
    );
    const response = await fetch(url, {
      method: "POST",
      headers: { ...headers, ...signed },
      body: sentBody ? JSON.stringify(sentBody) : text,
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  return { api, tokens, settle, signedProject, reserveFirstTranche, approve, payment, treasuryPost };
}
