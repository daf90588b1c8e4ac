// End-to-end: a failed disbursement's way out on the embedded runtime over HTTP — the treasury failed every
// submission, the payment is `disbursement-failed` and its tranche reserved; one finance officer proposes, a second,
// different one confirms (four eyes): the tranche returns to eligible and a later run pays it once, or it is
// cancelled; either way the commitment goes back to the budget and the ledger agrees. Every refusal (the proposer
// confirming, a party's officer, another outcome, the wrong state, a terminated project) is a 4xx with an English and
// a Chinese message, and writes nothing.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { treasurySimulator } from "../../functions/payments/adapters/simulated-treasury.ts";
import { paymentKind } from "../../functions/payments/model.ts";
import { recordStore } from "../../functions/platform/deps.ts";
import { type TrancheRecord, trancheId, trancheKind } from "../../functions/projects/model.ts";
import { type Runtime, startRuntime } from "../../local/runtime.ts";
import { type PaymentView, paymentsOn } from "../support/payments.ts";
import type { SeededProject } from "../support/projects.ts";

let runtime: Runtime;
let dataDir: string;
const p = paymentsOn(() => runtime);
const { api, tokens } = p;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "jiebang-disbursement-failed-"));
  runtime = await startRuntime({ dataDir, clockStart: "2025-06-02T02:00:00.000Z" });
});
afterAll(async () => {
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});
beforeEach(() => treasurySimulator.reset());

/** A project whose first tranche's payment failed at the treasury: every submission (1 + 4 retries) failed. */
async function failedDisbursement(key: string): Promise<{ project: SeededProject; id: string }> {
  const project = await p.signedProject();
  const id = await p.reserveFirstTranche(project, key);
  treasurySimulator.failNext = 5;
  await p.approve(id);
  await p.settle();
  expect((await p.payment(id)).status).toBe("disbursement-failed");
  return { project, id };
}

async function books(programmeId: string) {
  const got = await api.get<{ balances: Record<string, number>; agrees: boolean }>(
    `/v1/programmes/${programmeId}/ledger`,
    await tokens.finance1(),
  );
  expect(got.status).toBe(200);
  return got.body;
}

/** The payment, its audit trail and its tranche as stored: a refusal must leave all three as they were. */
async function snapshot(id: string) {
  const payment = await recordStore().get(paymentKind, id);
  return {
    payment,
    trail: await recordStore().auditTrail(paymentKind, id),
    tranche: await recordStore().get(trancheKind, payment?.trancheId as string),
  };
}

const propose = async (id: string, token: string, body: Record<string, unknown>) =>
  api.post<PaymentView & { code?: string; messageZh?: string }>(`/v1/payments/${id}/resolution`, token, body);
const confirm = async (id: string, token: string, body: Record<string, unknown>) =>
  api.post<PaymentView & { code?: string; messageZh?: string }>(
    `/v1/payments/${id}/resolution/confirmation`,
    token,
    body,
  );

/** A refusal: the status and code, both messages, nothing written. */
async function expectRefused(
  id: string,
  attempt: () => Promise<{ status: number; body: { code?: string; message?: string; messageZh?: string } }>,
  status: number,
  code: string,
) {
  const before = await snapshot(id);
  const refused = await attempt();
  expect(refused.status, JSON.stringify(refused.body)).toBe(status);
  expect(refused.body.code).toBe(code);
  expect(refused.body.message).toMatch(/[a-z]/);
  expect(refused.body.messageZh).toMatch(/[\u4e00-\u9fff]/);
  expect(await snapshot(id)).toEqual(before);
}

describe("a failed disbursement's way out", () => {
  it("returned to eligible by two finance officers: the commitment released, a later run pays the tranche once", async () => {
    const { project, id } = await failedDisbursement("failed-return-run-01");
    const { amountFen } = await p.payment(id);
    expect((await books(project.programmeId)).balances[`prj:${project.projectId}:committed`]).toBe(amountFen);

    const reason = "国库退回：收款账户信息有误，已核实未支付，更正后重新拨付";
    const proposed = await propose(id, await tokens.finance1(), { outcome: "return-to-eligible", reason });
    expect(proposed.status, JSON.stringify(proposed.body)).toBe(200);
    expect(proposed.body.status).toBe("disbursement-failed");
    expect(proposed.body.resolution).toMatchObject({ outcome: "return-to-eligible", reason });

    // Four eyes: not the proposer, not an officer of a party of the project; and the outcome proposed, not another.
    await expectRefused(
      id,
      async () => confirm(id, await tokens.finance1(), { outcome: "return-to-eligible" }),
      403,
      "FOUR_EYES",
    );
    await expectRefused(
      id,
      async () => confirm(id, await tokens.partyFinance(), { outcome: "return-to-eligible" }),
      403,
      "FOUR_EYES_PARTY",
    );
    await expectRefused(
      id,
      async () => confirm(id, await tokens.finance2(), { outcome: "cancel" }),
      409,
      "RESOLUTION_MISMATCH",
    );

    const confirmed = await confirm(id, await tokens.finance2(), { outcome: "return-to-eligible" });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    expect(confirmed.body.status).toBe("returned");
    const tranche = (await recordStore().get(trancheKind, trancheId(project.projectId, 1))) as TrancheRecord;
    expect(tranche.status).toBe("eligible");
    expect(tranche.payment?.lastRejection?.reason).toBe(reason);
    const released = await books(project.programmeId);
    expect(released.agrees).toBe(true);
    expect(released.balances[`prj:${project.projectId}:committed`]).toBe(0);
    const trail = await recordStore().auditTrail(paymentKind, id);
    expect(trail.filter((e) => e.role === "finance").map((e) => [e.action, e.actor])).toEqual(
      expect.arrayContaining([
        ["payment.resolution-proposed", "local-f1"],
        ["payment.returned", "local-f2"],
      ]),
    );

    // Resolved: it is no longer a failed disbursement.
    await expectRefused(
      id,
      async () => confirm(id, await tokens.finance3(), { outcome: "return-to-eligible" }),
      409,
      "PAYMENT_NOT_DISBURSEMENT_FAILED",
    );

    // A later run reserves it as attempt 2 and pays it once.
    const again = await p.reserveFirstTranche(project, "failed-return-run-02");
    expect((await p.payment(again)).attempt).toBe(2);
    await p.approve(again);
    await p.settle();
    expect((await p.payment(again)).status).toBe("paid");
    expect(treasurySimulator.disbursed.size).toBe(1);
    const paid = await books(project.programmeId);
    expect(paid.agrees).toBe(true);
    expect(paid.balances[`prj:${project.projectId}:committed`]).toBe(0);
    expect(paid.balances[`prj:${project.projectId}:paid`]).toBe(amountFen);
  });

  it("cancelled by two finance officers after a termination: tranche cancelled, commitment released; refusals write nothing", async () => {
    // Only a failed disbursement is resolved here.
    const pending = await p.signedProject();
    const waiting = await p.reserveFirstTranche(pending, "failed-cancel-run-00");
    await expectRefused(
      waiting,
      async () => propose(waiting, await tokens.finance1(), { outcome: "cancel", reason: "不应处理" }),
      409,
      "PAYMENT_NOT_DISBURSEMENT_FAILED",
    );

    const { project, id } = await failedDisbursement("failed-cancel-run-01");
    await expectRefused(
      id,
      async () => confirm(id, await tokens.finance2(), { outcome: "cancel" }),
      409,
      "RESOLUTION_NOT_PROPOSED",
    );
    await expectRefused(
      id,
      async () => propose(id, await tokens.partyFinance(), { outcome: "cancel", reason: "企业自行撤回" }),
      403,
      "FOUR_EYES_PARTY",
    );
    const noReason = await propose(id, await tokens.finance1(), { outcome: "cancel" });
    expect(noReason.status).toBe(400);

    // The project is terminated meanwhile: the reserved tranche is neither paid nor cancelled by the termination.
    const terminated = await api.post(
      `/v1/projects/${project.projectId}/termination`,
      await tokens.bureau(),
      {
        reason: "企业经营困难，无法继续实施",
        fault: false,
        proposedBy: "enterprise",
        verifiedSpendingFen: 0,
      },
    );
    expect(terminated.status, JSON.stringify(terminated.body)).toBe(200);
    await p.settle();
    await expectRefused(
      id,
      async () => propose(id, await tokens.finance1(), { outcome: "return-to-eligible", reason: "重新拨付" }),
      422,
      "PROJECT_TERMINATED",
    );

    const reason = "项目已终止，本期拨款不再支付";
    expect((await propose(id, await tokens.finance2(), { outcome: "cancel", reason })).status).toBe(200);
    const cancelled = await confirm(id, await tokens.finance3(), { outcome: "cancel" });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    expect(cancelled.body.status).toBe("cancelled");
    expect(cancelled.body.resolution).toMatchObject({ outcome: "cancel", proposedBy: "local-f2" });
    const tranche = trancheId(project.projectId, 1);
    expect((await recordStore().get(trancheKind, tranche))?.status).toBe("cancelled");
    const released = await books(project.programmeId);
    expect(released.agrees).toBe(true);
    expect(released.balances[`prj:${project.projectId}:committed`]).toBe(0);
    expect(released.balances[`prj:${project.projectId}:paid`] ?? 0).toBe(0);
    const report = await api.get<{ agree: boolean }>(
      `/v1/programmes/${project.programmeId}/finance-report`,
      await tokens.finance1(),
    );
    expect(report.body.agree).toBe(true);
    // Not payable again.
    const rerun = await api.call<{ results: { outcome: string; code?: string }[] }>("POST", "/v1/payments", {
      token: await tokens.finance1(),
      body: { trancheIds: [tranche] },
      headers: { "idempotency-key": "failed-cancel-run-02" },
    });
    expect(rerun.body.results[0]).toMatchObject({ outcome: "refused", code: "TRANCHE_NOT_ELIGIBLE" });
  });
});
