// End-to-end: finance-triggered payments on the embedded runtime over HTTP — 200 concurrent payment triggers
// for one tranche (same and different Idempotency-Keys) disburse exactly once; the same key with another body is
// refused; four eyes (the requester and a project party cannot approve); a rejection returns the tranche to eligible
// and a later run pays it once; a treasury failure is retried until confirmed; the ledger balances equal the balances
// rebuilt from its entries.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { addDays, shanghaiDate } from "../../functions/kernel/dates.ts";
import { treasurySimulator } from "../../functions/payments/adapters/simulated-treasury.ts";
import { paymentReportBase, writePaymentAuditReport } from "../../functions/payments/audit-reports.ts";
import {
  type PaymentRecord,
  paidClaimId,
  paymentClaimKind,
  paymentKind,
} from "../../functions/payments/model.ts";
import { storage } from "../../functions/platform/clients.ts";
import { config } from "../../functions/platform/config.ts";
import { recordStore } from "../../functions/platform/deps.ts";
import { s3ReportStore } from "../../functions/platform/s3/report-store.ts";
import { writeReportPair } from "../../functions/projects/decision-reports.ts";
import { trancheId, trancheKind } from "../../functions/projects/model.ts";
import { recoveryId, recoveryKind } from "../../functions/recoveries/model.ts";
import { type Runtime, startRuntime } from "../../local/runtime.ts";
import { localMachineCredentials } from "../../local/sigv4.ts";
import { sha256Hex, tokenIssuer } from "../support/api.ts";
import { paymentsOn } from "../support/payments.ts";

let runtime: Runtime;
let dataDir: string;

const { api, tokens, settle, signedProject, payment, treasuryPost } = paymentsOn(() => runtime);
const { bureau, finance1, finance2 } = tokens;
/** A finance user of the treasury's own organisation: not a finance officer of the programme. */
const as = tokenIssuer(() => runtime);
const treasury = () => as("gk", "treasury", "finance");

interface RunResult {
  idempotencyKey: string;
  results: { trancheId: string; outcome: string; paymentId?: string; code?: string }[];
}
interface Ledger {
  balances: Record<string, number>;
  rebuilt: Record<string, number>;
  agrees: boolean;
}

async function run(key: string, trancheIds: string[], token?: string) {
  return api.call<RunResult>("POST", "/v1/payments", {
    token: token ?? (await finance1()),
    body: { trancheIds },
    headers: { "idempotency-key": key },
  });
}
async function ledger(programmeId: string): Promise<Ledger> {
  const got = await api.get<Ledger>(`/v1/programmes/${programmeId}/ledger`, await finance1());
  expect(got.status).toBe(200);
  return got.body;
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "jiebang-payments-"));
  runtime = await startRuntime({ dataDir, clockStart: "2025-06-02T02:00:00.000Z" });
});
afterAll(async () => {
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});
beforeEach(() => treasurySimulator.reset());

describe("payments", () => {
  it("200 concurrent triggers for one tranche (same and different keys) disburse exactly once", async () => {
    const project = await signedProject();
    const tranche = trancheId(project.projectId, 1);
    const queue = await api.get<{
      items: { trancheId: string; amountFen: number; evidence: { reason: string } }[];
    }>(`/v1/payments/queue?programmeId=${project.programmeId}`, await finance1());
    expect(queue.status).toBe(200);
    const queued = queue.body.items.find((i) => i.trancheId === tranche);
    expect(queued?.evidence.reason).toBe("task-book-signed");
    const amountFen = queued?.amountFen as number;
    expect(amountFen).toBeGreaterThan(0);

    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, n) =>
        run(n % 2 === 0 ? "run-same-key-0001" : `run-key-${String(n).padStart(4, "0")}`, [tranche]),
      ),
    );
    for (const r of responses) expect(r.status, JSON.stringify(r.body)).toBe(202);
    const outcomes = responses.map((r) => r.body.results[0]);
    // One reservation among the distinct answers: the 100 different keys and the one answer of the shared key.
    const distinct = [outcomes[0], ...outcomes.filter((_, n) => n % 2 === 1)];
    expect(distinct.filter((o) => o?.outcome === "reserved")).toHaveLength(1);
    expect(distinct.filter((o) => o?.outcome === "in-progress")).toHaveLength(100);
    const paymentIds = new Set(outcomes.map((o) => o?.paymentId));
    expect(paymentIds.size).toBe(1);
    // The same key always answers with the first result.
    // The same key always answers with the first result (same content; stored maps do not keep key order).
    const sameKey = responses.filter((_, n) => n % 2 === 0).map((r) => r.body);
    for (const body of sameKey) expect(body).toEqual(sameKey[0]);
    // The same key with a different body is refused.
    const reused = await run("run-same-key-0001", [tranche, trancheId(project.projectId, 2)]);
    expect(reused.status).toBe(409);
    expect((reused.body as unknown as { code: string }).code).toBe("IDEMPOTENCY_KEY_REUSED");

    await settle();
    const id = [...paymentIds][0] as string;
    expect((await payment(id)).status).toBe("awaiting-approval");
    const approved = await api.post(`/v1/payments/${id}/approval`, await finance2(), { decision: "approve" });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    await settle();

    const paid = await payment(id);
    expect(paid.status).toBe("paid");
    expect(paid.treasury?.reference).toMatch(/^GKZF-/);
    expect(treasurySimulator.disbursed.size).toBe(1);
    expect(treasurySimulator.disbursed.get(id)?.amountFen).toBe(amountFen);
    expect((await recordStore().get(trancheKind, tranche))?.status).toBe("paid");
    expect(await recordStore().get(paymentClaimKind, paidClaimId(tranche))).toBeDefined();

    // Any later trigger, with any key, finds it paid; nothing more is disbursed.
    const again = await run("run-after-paid-01", [tranche]);
    expect(again.body.results[0]?.outcome).toBe("paid");
    await settle();
    expect(treasurySimulator.disbursed.size).toBe(1);

    const books = await ledger(project.programmeId);
    expect(books.agrees).toBe(true);
    expect(books.balances).toEqual(books.rebuilt);
    expect(books.balances[`prj:${project.projectId}:paid`]).toBe(amountFen);
    expect(books.balances[`prj:${project.projectId}:committed`]).toBe(0);
    expect(books.balances[`prg:${project.programmeId}:budget`]).toBe(100_000_000_00 - amountFen);
  });

  it("four eyes: neither the requester nor a party of the project may approve", async () => {
    const project = await signedProject();
    const started = await run("four-eyes-run-01", [trancheId(project.projectId, 1)]);
    const id = started.body.results[0]?.paymentId as string;
    await settle();
    const own = await api.post(`/v1/payments/${id}/approval`, await finance1(), { decision: "approve" });
    expect(own.status).toBe(403);
    const party = await api.post(
      `/v1/payments/${id}/approval`,
      await as("f-ent", project.enterpriseOrg, "finance"),
      { decision: "approve" },
    );
    expect(party.status).toBe(403);
    expect(
      (await api.post(`/v1/payments/${id}/approval`, await bureau(), { decision: "approve" })).status,
    ).toBe(403);
    expect((await payment(id)).status).toBe("awaiting-approval");
    // A rejection needs a reason; a decided payment refuses a second decision.
    expect(
      (await api.post(`/v1/payments/${id}/approval`, await finance2(), { decision: "reject" })).status,
    ).toBe(422);
    expect(
      (
        await api.post(`/v1/payments/${id}/approval`, await finance2(), {
          decision: "reject",
          reason: "账户信息不符",
        })
      ).status,
    ).toBe(200);
    expect(
      (await api.post(`/v1/payments/${id}/approval`, await finance2(), { decision: "approve" })).status,
    ).toBe(409);
  });

  it("a rejection returns the tranche to eligible with the reason; a later run pays it once", async () => {
    const project = await signedProject();
    const tranche = trancheId(project.projectId, 1);
    const first = await run("reject-run-0001", [tranche]);
    const id1 = first.body.results[0]?.paymentId as string;
    await settle();
    await api.post(`/v1/payments/${id1}/approval`, await finance2(), {
      decision: "reject",
      reason: "收款账户待核实",
    });
    await settle();
    expect((await payment(id1)).status).toBe("rejected");
    const back = await recordStore().get(trancheKind, tranche);
    expect(back?.status).toBe("eligible");
    expect(back?.payment?.lastRejection?.reason).toBe("收款账户待核实");
    expect(treasurySimulator.submissions).toHaveLength(0);

    const second = await run("reject-run-0002", [tranche]);
    expect(second.body.results[0]).toMatchObject({ outcome: "reserved" });
    const id2 = second.body.results[0]?.paymentId as string;
    expect(id2).not.toBe(id1);
    await settle();
    await api.post(`/v1/payments/${id2}/approval`, await finance2(), { decision: "approve" });
    await settle();
    expect((await payment(id2)).status).toBe("paid");
    expect(treasurySimulator.disbursed.size).toBe(1);
    const books = await ledger(project.programmeId);
    expect(books.agrees).toBe(true);
    expect(books.balances[`prj:${project.projectId}:committed`]).toBe(0);
  });

  it("a treasury failure is retried with backoff until the treasury confirms", async () => {
    const project = await signedProject();
    const started = await run("treasury-fail-run-01", [trancheId(project.projectId, 1)]);
    const id = started.body.results[0]?.paymentId as string;
    await settle();
    treasurySimulator.failNext = 2;
    await api.post(`/v1/payments/${id}/approval`, await finance2(), { decision: "approve" });
    await settle();
    for (let i = 0; i < 4 && (await payment(id)).status !== "paid"; i++) {
      await runtime.advanceClock(3_600_000);
    }
    const paid = await payment(id);
    expect(paid.status).toBe("paid");
    expect(paid.treasury?.failures).toHaveLength(2);
    expect(paid.treasury?.submissions).toBe(3);
    expect(treasurySimulator.disbursed.size).toBe(1);
    expect((await ledger(project.programmeId)).agrees).toBe(true);
  });

  it("a termination while a payment awaits approval cancels it: no disbursement, the commitment released", async () => {
    const project = await signedProject();
    const tranche = trancheId(project.projectId, 1);
    const started = await run("terminate-race-01", [tranche]);
    const id = started.body.results[0]?.paymentId as string;
    await settle();
    const terminated = await api.post(`/v1/projects/${project.projectId}/termination`, await bureau(), {
      reason: "企业经营困难，无法继续实施",
      fault: false,
      proposedBy: "enterprise",
      verifiedSpendingFen: 0,
    });
    expect(terminated.status, JSON.stringify(terminated.body)).toBe(200);
    await api.post(`/v1/payments/${id}/approval`, await finance2(), { decision: "approve" });
    await settle();
    expect((await payment(id)).status).toBe("cancelled");
    expect((await recordStore().get(trancheKind, tranche))?.status).toBe("cancelled");
    expect(treasurySimulator.submissions).toHaveLength(0);
    const books = await ledger(project.programmeId);
    expect(books.agrees).toBe(true);
    expect(books.balances[`prj:${project.projectId}:committed`]).toBe(0);
    expect(books.balances[`prj:${project.projectId}:paid`] ?? 0).toBe(0);
    // A new run refuses it.
    expect((await run("terminate-race-02", [tranche])).body.results[0]).toMatchObject({ outcome: "refused" });
  });

  it("a termination while the treasury is disbursing: the payment is made and counted in the recovery, in one write", async () => {
    const project = await signedProject();
    const tranche = trancheId(project.projectId, 1);
    const started = await run("terminate-treasury-01", [tranche]);
    const id = started.body.results[0]?.paymentId as string;
    await settle();
    treasurySimulator.hold = true;
    await api.post(`/v1/payments/${id}/approval`, await finance2(), { decision: "approve" });
    await settle();
    expect(treasurySimulator.submissions).toHaveLength(1);
    const amountFen = treasurySimulator.submissions[0]!.amountFen;

    // The project is terminated while the instruction sits at the treasury: the tranche is neither paid nor cancelled.
    const terminated = await api.post(`/v1/projects/${project.projectId}/termination`, await bureau(), {
      reason: "技术路线无法实现",
      fault: false,
      proposedBy: "solver",
      verifiedSpendingFen: 100_000_00,
    });
    expect(terminated.status, JSON.stringify(terminated.body)).toBe(200);
    await settle();
    const before = await recordStore().get(recoveryKind, recoveryId(project.projectId));
    expect(before?.paidFen).toBe(0);
    expect(before?.amountFen).toBe(0);

    // The treasury confirms: the money has left, so the tranche is paid and the recovery now counts it.
    const confirmed = await treasuryPost({
      instructionId: id,
      outcome: "confirmed",
      reference: "GKZF-RACE-1",
    });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBeLessThan(300);
    await settle();
    expect((await payment(id)).status).toBe("paid");
    expect((await recordStore().get(trancheKind, tranche))?.status).toBe("paid");
    const after = await recordStore().get(recoveryKind, recoveryId(project.projectId));
    expect(after?.paidFen).toBe(amountFen);
    expect(after?.amountFen).toBe(amountFen - 100_000_00);
    expect(after?.explanation.map((e) => e.rule)).toContain("paid-after-termination");
    expect((await ledger(project.programmeId)).agrees).toBe(true);
    // The ledger's receivable follows the reassessed recovery, so records and ledger report the same figures.
    const report = await api.get<{ agree: boolean }>(
      `/v1/programmes/${project.programmeId}/finance-report`,
      await finance1(),
    );
    expect(report.body.agree).toBe(true);
  });

  it("only the treasury system, signing with SigV4, may confirm; a confirmation of nothing disbursing is refused", async () => {
    const bogus = { instructionId: "pmt-none-a1", outcome: "confirmed", reference: "GKZF-X" };
    // People's tokens, even a finance officer's, and unsigned requests: 403 at the gateway.
    for (const token of [await finance1(), await treasury()]) {
      const refused = await api.post<{ code: string }>("/v1/treasury/confirmations", token, bogus);
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe("SIGNATURE_REQUIRED");
    }
    expect((await api.post("/v1/treasury/confirmations", undefined, bogus)).status).toBe(403);
    // Signed with the wrong secret, or with another access key: 403.
    const wrongSecret = await treasuryPost(bogus, {
      ...localMachineCredentials.treasury,
      secretAccessKey: "guess",
    });
    expect(wrongSecret).toMatchObject({ status: 403, body: { code: "SIGNATURE_INVALID" } });
    const otherKey = await treasuryPost(bogus, {
      ...localMachineCredentials.treasury,
      accessKeyId: "AKIAOTHER",
    });
    expect(otherKey).toMatchObject({ status: 403, body: { code: "SIGNATURE_INVALID" } });
    // A body other than the one signed: 403.
    const tampered = await treasuryPost(bogus, localMachineCredentials.treasury, {
      ...bogus,
      reference: "GKZF-OTHER",
    });
    expect(tampered).toMatchObject({ status: 403, body: { code: "SIGNATURE_INVALID" } });
    // A signature from 20 minutes ago: expired.
    const stale = await treasuryPost(
      bogus,
      localMachineCredentials.treasury,
      undefined,
      new Date(Date.now() - 20 * 60_000),
    );
    expect(stale).toMatchObject({ status: 403, body: { code: "SIGNATURE_EXPIRED" } });
    // Correctly signed: the handler answers (nothing of that id is disbursing).
    expect((await treasuryPost(bogus)).status).toBe(404);
  });

  it("the paid payment's audit report (JSON + Chinese HTML) is in the audit bucket, written once", async () => {
    const project = await signedProject();
    const tranche = trancheId(project.projectId, 1);
    const started = await run("audit-report-run-01", [tranche]);
    const id = started.body.results[0]?.paymentId as string;
    await settle();
    await api.post(`/v1/payments/${id}/approval`, await finance2(), { decision: "approve" });
    await settle();
    const paid = (await recordStore().get(paymentKind, id)) as PaymentRecord;
    expect(paid.status).toBe("paid");
    expect(paid.auditReport?.jsonKey).toBe(`${paymentReportBase(paid)}.json`);
    // The simulated treasury confirmed through the signed IAM route: its identity is in the audit event.
    const trail = await recordStore().auditTrail(paymentKind, id);
    expect(trail.find((e) => e.action === "treasury.confirmed")?.detail?.["caller"]).toBe(
      localMachineCredentials.treasury.userArn,
    );

    const bucket = s3ReportStore(storage(), config.auditBucket());
    const text = (await bucket.read(paid.auditReport!.jsonKey)) as string;
    expect(sha256Hex(text)).toBe(paid.auditReport?.sha256);
    const report = JSON.parse(text) as {
      tranche: { id: string; index: number };
      amount: { fen: number; yuan: string };
      policyRule: { policyId: string; conditionZh: string };
      requester: { by: string };
      approver: { by: string };
      treasury: { reference: string };
      ledger: { id: string; entries: { debitFen: number; creditFen: number }[] }[];
      eligibility: { reason: string; evidence: { kind: string; sha256: string }[] };
      timestamps: { paidAt: string; approvedAt: string };
    };
    expect(report.tranche).toMatchObject({ id: tranche, index: 1 });
    expect(report.amount.fen).toBe(paid.amountFen);
    expect(report.amount.yuan).toBe(
      `${Math.trunc(paid.amountFen / 100)}.${String(paid.amountFen % 100).padStart(2, "0")}`,
    );
    expect(report.policyRule.policyId).toBe("taiyuan-2023");
    expect(report.requester.by).toBe(paid.requestedBy);
    expect(report.requester.by).toMatch(/f1$/);
    expect(report.approver.by).toBe(paid.approval?.by);
    expect(report.approver.by).toMatch(/f2$/);
    expect(report.treasury.reference).toBe(paid.treasury?.reference);
    expect(report.ledger.map((t) => t.id)).toEqual([
      `ltx-${id}-commit`,
      `ltx-${id}-payable`,
      `ltx-${id}-pay`,
    ]);
    for (const t of report.ledger) {
      expect(t.entries.reduce((s, e) => s + e.debitFen - e.creditFen, 0)).toBe(0);
    }
    expect(report.eligibility.reason).toBe("task-book-signed");
    expect(report.eligibility.evidence[0]).toMatchObject({ kind: "task-book" });
    expect(report.eligibility.evidence[0]?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(report.timestamps.paidAt).toBeTruthy();
    const html = (await bucket.read(paid.auditReport!.htmlKey)) as string;
    expect(html).toContain("资金拨付审计报告");
    expect(html).toContain(report.amount.yuan);
    expect(html).toContain(report.treasury.reference);

    // A retry of the task writes nothing new, and the report is a function of the records: the same bytes.
    const again = await writePaymentAuditReport(
      { records: recordStore(), clock: { now: () => new Date(runtime.clock.now()) }, reports: bucket },
      { paymentId: id },
    );
    expect(again).toEqual({ jsonKey: paid.auditReport?.jsonKey, written: false });
    expect((await recordStore().get(paymentKind, id))?.version).toBe(paid.version);
    const rewritten = await writeReportPair(bucket, paymentReportBase(paid), report, html);
    expect(rewritten.sha256).toBe(paid.auditReport?.sha256);
    expect(await bucket.read(paid.auditReport!.jsonKey)).toBe(text);
  });

  it("the queue's dueSince filters on the Shanghai date the tranche became eligible", async () => {
    // Move the clock to 17:00 UTC: already the next day in Shanghai (01:00 +08:00).
    const now = runtime.clock.now();
    const target = new Date(now);
    target.setUTCHours(17, 0, 0, 0);
    if (target.getTime() <= now) target.setUTCDate(target.getUTCDate() + 1);
    await runtime.advanceClock(target.getTime() - now);
    const project = await signedProject();
    const tranche = trancheId(project.projectId, 1);
    const eligibleAt = (await recordStore().get(trancheKind, tranche))?.eligible?.at as string;
    const day = shanghaiDate(Date.parse(eligibleAt));
    expect(day > eligibleAt.slice(0, 10)).toBe(true); // the UTC date is the day before
    const queued = async (dueSince: string) =>
      (
        await api.get<{ items: { trancheId: string }[] }>(
          `/v1/payments/queue?programmeId=${project.programmeId}&dueSince=${dueSince}`,
          await finance1(),
        )
      ).body.items.map((i) => i.trancheId);
    expect(await queued(day)).toEqual([tranche]);
    expect(await queued(addDays(day, 1))).toEqual([]);
    expect(await queued(addDays(day, -1))).toEqual([tranche]);
    // A rejection changes the record later, not when the tranche fell due.
    const started = await run("due-since-run-01", [tranche]);
    const id = started.body.results[0]?.paymentId as string;
    await settle();
    await runtime.advanceClock(2 * 86_400_000);
    await api.post(`/v1/payments/${id}/approval`, await finance2(), { decision: "reject", reason: "复核中" });
    await settle();
    expect((await recordStore().get(trancheKind, tranche))?.status).toBe("eligible");
    expect(await queued(addDays(day, 1))).toEqual([]);
    expect(await queued(day)).toEqual([tranche]);
    expect((await api.get("/v1/payments/queue?dueSince=2025-13-01", await finance1())).status).toBe(400);
  });
});
