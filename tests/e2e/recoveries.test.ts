// End-to-end: recoveries and finance reports on the embedded runtime over HTTP — a project terminated after
// tranche 1 is paid has its receivable in the ledger; finance records a partial and a final receipt (each a `recover`
// ledger transaction), a receipt above the outstanding amount is refused (422) with nothing written, a repeated
// Idempotency-Key returns the first result; the finance report's figures from the ledger and the records agree (JSON
// and CSV).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { addDays, shanghaiDate, shanghaiInstant } from "../../functions/kernel/dates.ts";
import { treasurySimulator } from "../../functions/payments/adapters/simulated-treasury.ts";
import { recordStore } from "../../functions/platform/deps.ts";
import { trancheId } from "../../functions/projects/model.ts";
import { recoveryId, recoveryKind } from "../../functions/recoveries/model.ts";
import { type Runtime, startRuntime } from "../../local/runtime.ts";
import { apiClient, tokenIssuer } from "../support/api.ts";
import { awardedProject, type SeededProject } from "../support/projects.ts";

let runtime: Runtime;
let dataDir: string;
const api = apiClient(() => runtime.info.apiUrl);

const as = tokenIssuer(() => runtime);
const bureau = () => as("b1", "taiyuan-stb", "bureau");
const enterprise = () => as("e1", "ent-casting", "enterprise");
const solver = () => as("s1", "uni-a", "solver");
const finance1 = () => as("f1", "taiyuan-czj", "finance");
const finance2 = () => as("f2", "taiyuan-czj", "finance");
const auditor = () => as("a1", "taiyuan-sjj", "auditor");
const settle = () => runtime.stepFunctions.whenIdle();

interface Recovery {
  id: string;
  status: string;
  amountFen: number;
  receivedFen: number;
  outstandingFen: number;
  receipts: { seq: number; amountFen: number; reference: string }[];
}
interface Report {
  disbursedFen: number;
  recoveredFen: number;
  recoverableFen: number;
  committedFen: number;
  outstandingFen: number;
  budgetLeftFen: number;
  leverage: string | null;
  checks: { figure: string; records: number; ledger: number; agree: boolean }[];
  ledgerRebuildAgrees: boolean;
  agree: boolean;
}

/** Task book signed by the three parties (tranche 1 eligible), tranche 1 paid through four eyes and the treasury. */
async function paidProject(): Promise<{ project: SeededProject; paidFen: number }> {
  const project = await awardedProject(runtime);
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
  return { project, paidFen: paid.body.amountFen };
}

async function report(programmeId: string): Promise<Report> {
  const got = await api.get<Report>(`/v1/programmes/${programmeId}/finance-report`, await auditor());
  expect(got.status, JSON.stringify(got.body)).toBe(200);
  return got.body;
}
async function receipt(id: string, key: string, body: Record<string, unknown>) {
  return api.call<Recovery & { code?: string }>("POST", `/v1/recoveries/${id}/receipts`, {
    token: await finance1(),
    body,
    headers: { "idempotency-key": key },
  });
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "jiebang-recoveries-"));
  runtime = await startRuntime({ dataDir, clockStart: "2025-06-02T02:00:00.000Z" });
});
afterAll(async () => {
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});
beforeEach(() => treasurySimulator.reset());

describe("recoveries and finance report", () => {
  it("termination after tranche 1 is paid: receivable, partial and final receipts, idempotent, over-payment refused, report agrees", async () => {
    const { project, paidFen } = await paidProject();
    const spentFen = 100_000_00;
    const terminated = await api.post(`/v1/projects/${project.projectId}/termination`, await bureau(), {
      reason: "技术路线无法实现",
      fault: false,
      proposedBy: "solver",
      verifiedSpendingFen: spentFen,
    });
    expect(terminated.status, JSON.stringify(terminated.body)).toBe(200);
    await settle();

    const id = recoveryId(project.projectId);
    const listed = await api.get<{ items: { id: string; outstandingFen: number; decidedOn: string }[] }>(
      "/v1/recoveries?status=assessed",
      await finance1(),
    );
    expect(listed.status).toBe(200);
    const item = listed.body.items.find((i) => i.id === id);
    expect(item).toBeDefined();
    const amountFen = item?.outstandingFen as number;
    expect(amountFen).toBe(paidFen - spentFen);
    // Money comes back on or after the decision, and not later than today (Shanghai): receipts are dated so.
    const decidedOn = item?.decidedOn as string;
    // Finance's 待办: record the money returned, due 30 days after the decision, linked to the recovery's page.
    type Todos = {
      items: { action: string; record: { id: string; title: string }; deadline?: string; link: string }[];
    };
    const receiptTodos = async () =>
      (await api.get<Todos>("/v1/me/tasks", await finance1())).body.items.filter(
        (t) => t.action === "recovery.record-receipt" && t.link === `/finance/recoveries/${id}`,
      );
    const [todo] = await receiptTodos();
    expect(todo?.deadline).toBe(
      new Date(shanghaiInstant(addDays(decidedOn, 30), 23, 59, 59, 999)).toISOString(),
    );
    expect(todo?.record.title).not.toBe("");
    await runtime.advanceClock(20 * 86_400_000);
    const today = shanghaiDate(runtime.clock.now());
    expect(today).toBe(addDays(decidedOn, 20));
    expect((await api.get(`/v1/recoveries?status=bogus`, await finance1())).status).toBe(400);
    expect((await api.get(`/v1/recoveries/${id}`, await enterprise())).status).toBe(403);

    // The assessment is in the ledger already: records and ledger agree before any receipt.
    let figures = await report(project.programmeId);
    expect(figures.agree, JSON.stringify(figures.checks)).toBe(true);
    expect(figures.recoverableFen).toBe(amountFen);
    expect(figures.disbursedFen).toBe(paidFen);

    // Partial receipt.
    const partFen = 30_000_00;
    const first = await receipt(id, "rcpt-part-0001", {
      amountFen: partFen,
      reference: "FS-2025-001",
      receivedOn: addDays(decidedOn, 8),
    });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({
      status: "assessed",
      receivedFen: partFen,
      outstandingFen: amountFen - partFen,
    });
    // A repeat of the same key returns the first result and records nothing more; another body with it is refused.
    const repeat = await receipt(id, "rcpt-part-0001", {
      amountFen: partFen,
      reference: "FS-2025-001",
      receivedOn: addDays(decidedOn, 8),
    });
    expect(repeat.status).toBe(201);
    expect(repeat.body).toEqual(first.body);
    const reused = await receipt(id, "rcpt-part-0001", {
      amountFen: partFen + 1,
      reference: "FS-2025-001",
      receivedOn: addDays(decidedOn, 8),
    });
    expect(reused.status).toBe(409);
    // No key → 400.
    expect(
      (
        await api.post(`/v1/recoveries/${id}/receipts`, await finance1(), {
          amountFen: 1,
          reference: "X",
          receivedOn: addDays(decidedOn, 8),
        })
      ).status,
    ).toBe(400);

    // Dated before the decision or after today (9999-12-31, 1900-01-01 among them) → 422, nothing written.
    for (const receivedOn of ["9999-12-31", "1900-01-01", addDays(decidedOn, -1), addDays(today, 1)]) {
      const misdated = await receipt(id, `rcpt-date-${receivedOn}`, {
        amountFen: 1,
        reference: "FS-2025-X",
        receivedOn,
      });
      expect(misdated.status, receivedOn).toBe(422);
      expect(misdated.body, receivedOn).toMatchObject({
        code: "RECEIPT_DATE_OUT_OF_RANGE",
        fields: [expect.objectContaining({ path: "body.receivedOn" })],
      });
    }

    // More than outstanding → 422, nothing written.
    const over = await receipt(id, "rcpt-over-0001", {
      amountFen: amountFen - partFen + 1,
      reference: "FS-2025-002",
      receivedOn: addDays(decidedOn, 9),
    });
    expect(over.status).toBe(422);
    expect(over.body.code).toBe("RECEIPT_EXCEEDS_OUTSTANDING");
    const mid = await api.get<Recovery>(`/v1/recoveries/${id}`, await auditor());
    expect(mid.body.receipts).toHaveLength(1);
    figures = await report(project.programmeId);
    expect(figures.agree, JSON.stringify(figures.checks)).toBe(true);
    expect(figures.recoveredFen).toBe(partFen);
    expect(figures.recoverableFen).toBe(amountFen - partFen);

    // Final receipt: recovered.
    const last = await receipt(id, "rcpt-final-0001", {
      amountFen: amountFen - partFen,
      reference: "FS-2025-003",
      receivedOn: today,
    });
    expect(last.status, JSON.stringify(last.body)).toBe(201);
    expect(last.body).toMatchObject({ status: "recovered", receivedFen: amountFen, outstandingFen: 0 });
    expect(last.body.receipts.map((r) => r.seq)).toEqual([1, 2]);
    expect(await receiptTodos()).toEqual([]);
    const closed = await receipt(id, "rcpt-after-0001", {
      amountFen: 1,
      reference: "X",
      receivedOn: today,
    });
    expect(closed.status).toBe(409);
    const recovered = await api.get<{ items: { id: string }[] }>(
      "/v1/recoveries?status=recovered",
      await auditor(),
    );
    expect(recovered.body.items.map((i) => i.id)).toContain(id);

    figures = await report(project.programmeId);
    expect(figures.agree, JSON.stringify(figures.checks)).toBe(true);
    expect(figures.ledgerRebuildAgrees).toBe(true);
    expect(figures.recoveredFen).toBe(amountFen);
    expect(figures.recoverableFen).toBe(0);
    expect(figures.disbursedFen).toBe(paidFen);
    const ledger = await api.get<{ balances: Record<string, number>; agrees: boolean }>(
      `/v1/programmes/${project.programmeId}/ledger`,
      await finance1(),
    );
    expect(ledger.body.agrees).toBe(true);
    expect(ledger.body.balances[`prj:${project.projectId}:recovered`]).toBe(amountFen);
    expect(ledger.body.balances[`prj:${project.projectId}:receivable`]).toBe(0);
    expect(ledger.body.balances[`prg:${project.programmeId}:recoveries-due`]).toBe(amountFen);

    // CSV export.
    const csv = await fetch(
      `${runtime.info.apiUrl}/v1/programmes/${project.programmeId}/finance-report?format=csv`,
      {
        headers: { authorization: `Bearer ${await auditor()}` },
      },
    );
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
    const text = await csv.text();
    expect(text.split("\r\n")[0]).toBe("figure,records_fen,ledger_fen,agree");
    expect(text).toContain(`disbursedFen,${paidFen},,`);
    expect(text).toContain("agree,,,true");
  });

  it("the total finance report sums every programme's figures; ledger and records agree (JSON and CSV)", async () => {
    const a = await paidProject();
    const b = await paidProject();
    expect(a.project.programmeId).not.toBe(b.project.programmeId);
    const total = await api.get<
      Report & { programmeCount: number; programmes: (Report & { programmeId: string })[] }
    >("/v1/finance-report", await auditor());
    expect(total.status, JSON.stringify(total.body)).toBe(200);
    const t = total.body;
    expect(t.agree, JSON.stringify(t.checks)).toBe(true);
    expect(t.ledgerRebuildAgrees).toBe(true);
    expect(t.programmeCount).toBe(t.programmes.length);
    const ids = t.programmes.map((p) => p.programmeId);
    expect(ids).toEqual(expect.arrayContaining([a.project.programmeId, b.project.programmeId]));
    for (const figure of [
      "disbursedFen",
      "committedFen",
      "recoveredFen",
      "outstandingFen",
      "budgetLeftFen",
    ] as const) {
      expect(t[figure]).toBe(t.programmes.reduce((s, p) => s + p[figure], 0));
    }
    expect(t.disbursedFen).toBeGreaterThanOrEqual(a.paidFen + b.paidFen);
    // Each programme's entry is its own report.
    const own = await report(a.project.programmeId);
    expect(t.programmes.find((p) => p.programmeId === a.project.programmeId)).toEqual({
      programmeId: a.project.programmeId,
      ...own,
    });
    for (const c of t.checks) expect(c.records).toBe(c.ledger);
    expect((await api.get("/v1/finance-report", await enterprise())).status).toBe(403);
    expect((await api.get("/v1/finance-report?format=xml", await auditor())).status).toBe(400);

    const csv = await fetch(`${runtime.info.apiUrl}/v1/finance-report?format=csv`, {
      headers: { authorization: `Bearer ${await finance1()}` },
    });
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
    const text = await csv.text();
    expect(text.split("\r\n")[0]).toBe("figure,records_fen,ledger_fen,agree");
    expect(text).toContain(`disbursedFen,${t.disbursedFen},,`);
    expect(text).toContain("agree,,,true");
    expect(text).toContain("programme_id,budgetFen,committedFen,");
    expect(text).toContain(`\r\n${a.project.programmeId},`);
  });

  it("a receivable still outstanding after its due date is escalated by its timer; a settled one is not", async () => {
    const terminate = async (projectId: string) => {
      const done = await api.post(`/v1/projects/${projectId}/termination`, await bureau(), {
        reason: "技术路线无法实现",
        fault: false,
        proposedBy: "solver",
        verifiedSpendingFen: 100_000_00,
      });
      expect(done.status, JSON.stringify(done.body)).toBe(200);
      await settle();
    };
    interface Listed {
      id: string;
      decidedOn: string;
      dueOn: string;
      escalated: boolean;
      outstandingFen: number;
      escalation?: { dueOn: string; outstandingFen: number };
    }
    const list = async (query = "") =>
      (await api.get<{ items: Listed[] }>(`/v1/recoveries${query}`, await finance1())).body.items;
    const late = await paidProject();
    const settled = await paidProject();
    await terminate(late.project.projectId);
    await terminate(settled.project.projectId);
    const lateId = recoveryId(late.project.projectId);
    const settledId = recoveryId(settled.project.projectId);

    const before = (await list()).find((r) => r.id === lateId) as Listed;
    expect(before.dueOn).toBe(addDays(before.decidedOn, 30));
    expect(before.escalated).toBe(false);
    // Part of one is returned; the other is returned in full before its due date.
    expect(
      (
        await receipt(lateId, "rcpt-late-0001", {
          amountFen: 10_000_00,
          reference: "FS-L-1",
          receivedOn: before.decidedOn,
        })
      ).status,
    ).toBe(201);
    const settledOwed = ((await list()).find((r) => r.id === settledId) as Listed).outstandingFen;
    expect(
      (
        await receipt(settledId, "rcpt-settled-01", {
          amountFen: settledOwed,
          reference: "FS-S-1",
          receivedOn: before.decidedOn,
        })
      ).status,
    ).toBe(201);

    // On the due date itself: not yet overdue.
    await runtime.advanceClock(30 * 86_400_000);
    expect(((await list()).find((r) => r.id === lateId) as Listed).escalated).toBe(false);
    // The day after: the timer fires and escalates the one with money outstanding, once.
    await runtime.advanceClock(86_400_000);
    const escalated = (await list("?escalated=true")).map((r) => r.id);
    expect(escalated).toContain(lateId);
    expect(escalated).not.toContain(settledId);
    expect((await list("?escalated=false")).map((r) => r.id)).toContain(settledId);
    const item = (await list("?status=assessed&escalated=true")).find((r) => r.id === lateId) as Listed;
    expect(item.escalation).toMatchObject({
      dueOn: before.dueOn,
      outstandingFen: before.outstandingFen - 10_000_00,
    });
    const trail = await recordStore().auditTrail(recoveryKind, lateId);
    expect(trail.filter((e) => e.action === "recovery.escalated")).toHaveLength(1);
    expect((await recordStore().auditTrail(recoveryKind, settledId)).map((e) => e.action)).not.toContain(
      "recovery.escalated",
    );
    const read = await api.get<{ escalated: boolean; dueOn: string }>(
      `/v1/recoveries/${lateId}`,
      await auditor(),
    );
    expect(read.body).toMatchObject({ escalated: true, dueOn: before.dueOn });
    expect((await api.get("/v1/recoveries?escalated=maybe", await finance1())).status).toBe(400);
  });
});
