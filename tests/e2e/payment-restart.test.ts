// End-to-end: a real kill and restart of the platform (a child process, as `npm start` runs it) in the middle of a
// payment: SIGKILL right after the reservation (claim, payment record, commitment) and before its execution
// starts; right after the treasury's confirmation is recorded and before the callback completes; and after the
// callback, before the paying transaction. The child runs with JIEBANG_CRASH_AT (functions/platform/crash-point.ts, the adapter of platform/ports/faults.ts) and
// is restarted without it on the same data directory: the payment completes exactly once — one disbursement by the
// simulated treasury (which remembers its disbursements across restarts), the tranche paid, one `#paid` claim, the
// ledger rebuilt from its entries equal to the stored balances, and every audit chain intact.
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { persistedDisbursements } from "../../functions/payments/adapters/simulated-treasury.ts";
import { paidClaimId, paymentClaimKind, paymentKind } from "../../functions/payments/model.ts";
import type { CrashPoint } from "../../functions/platform/ports/faults.ts";
import { trancheId, trancheKind } from "../../functions/projects/model.ts";
import { localNames } from "../../infra/resources.ts";
import { verifyAuditTable } from "../../local/cli/audit.ts";
import { restartablePlatform } from "../support/restartable.ts";

const child = restartablePlatform("payment-restart");
const { api, token, records } = child;
afterEach(() => child.cleanUp());

/** An awarded project seeded into the child's DynamoDB Local, its task book signed: tranche 1 is eligible. */
async function signedProject() {
  const seeded = await child.seedAwardedProject({ solverOrg: "uni-pay-crash" });
  const bureau = await token("b1", "taiyuan-stb", "bureau");
  const drafted = await api.post(`/v1/projects/${seeded.projectId}/task-book`, bureau, {
    startDate: "2025-07-01",
    ipTerms: "知识产权归揭榜方所有。",
    rewardPenaltyTerms: "未完成指标的收回资金。",
  });
  expect(drafted.status, JSON.stringify(drafted.body)).toBe(201);
  for (const t of [
    await token("s-crash", "uni-pay-crash", "solver"),
    await token("e1", seeded.enterpriseOrg, "enterprise"),
    bureau,
  ]) {
    const signed = await api.post(`/v1/projects/${seeded.projectId}/task-book/sign`, t, { revision: 1 });
    expect(signed.status, JSON.stringify(signed.body)).toBe(200);
  }
  await child.platform().settle();
  return seeded;
}

const run = async (key: string, tranche: string) =>
  api.call<{ results: { outcome: string; paymentId?: string }[] }>("POST", "/v1/payments", {
    token: await token("f1", "taiyuan-czj", "finance"),
    body: { trancheIds: [tranche] },
    headers: { "idempotency-key": key },
  });
const approve = async (paymentId: string) =>
  api.post(`/v1/payments/${paymentId}/approval`, await token("f2", "taiyuan-czj", "finance"), {
    decision: "approve",
  });

/** Polls (on real time, with a deadline) until the payment is paid, moving the clock past a callback timeout once. */
async function untilPaid(paymentId: string): Promise<void> {
  const finance = await token("f1", "taiyuan-czj", "finance");
  const deadline = Date.now() + 60_000;
  let advanced = false;
  for (;;) {
    await child.platform().settle();
    const got = await api.get<{ status: string }>(`/v1/payments/${paymentId}`, finance);
    if (got.body.status === "paid") return;
    if (Date.now() > deadline) throw new Error(`payment ${paymentId} is ${got.body.status}`);
    if (!advanced) {
      // The treasury's callback waits a day, then the instruction is resubmitted (and deduplicated by the treasury).
      await api.call("POST", "/local/clock/advance", { body: { hours: 25 } });
      advanced = true;
    }
  }
}

const cases: { point: CrashPoint; when: string }[] = [
  { point: "payment.reserve.after-write", when: "between the reservation and the start of its execution" },
  {
    point: "payment.treasury.after-confirm",
    when: "between the treasury's confirmation and the ledger write",
  },
  { point: "payment.record.before-write", when: "after the confirmed callback, before the ledger write" },
];

describe("kill and restart during a payment", () => {
  it.each(cases)(
    "$when ($point): paid exactly once",
    async ({ point }) => {
      await child.start({ crashAt: point });
      const project = await signedProject();
      const tranche = trancheId(project.projectId, 1);
      const key = `crash-run-${point}`;

      let paymentId: string;
      if (point === "payment.reserve.after-write") {
        const exit = child.died();
        const answered = await run(key, tranche).then(
          () => "answered",
          () => "connection lost",
        );
        expect(answered).toBe("connection lost");
        expect(await exit).toBe("SIGKILL");
        await child.start();
        // The reservation is there and nothing runs it; the client repeats its run with the same key.
        const db = records();
        expect((await db.store.get(trancheKind, tranche))?.status).toBe("reserved");
        db.close();
        const again = await run(key, tranche);
        expect(again.status, JSON.stringify(again.body)).toBe(202);
        expect(again.body.results[0]?.outcome).toBe("in-progress");
        paymentId = again.body.results[0]?.paymentId as string;
        await child.platform().settle();
        expect((await approve(paymentId)).status).toBe(200);
      } else {
        const started = await run(key, tranche);
        expect(started.status, JSON.stringify(started.body)).toBe(202);
        paymentId = started.body.results[0]?.paymentId as string;
        await child.platform().settle();
        const exit = child.died();
        // The approval answers; the process dies when the execution reaches the crash point.
        await approve(paymentId).catch(() => undefined);
        expect(await exit).toBe("SIGKILL");
        await child.start();
        const db = records();
        expect((await db.store.get(trancheKind, tranche))?.status).toBe("reserved");
        db.close();
      }
      await untilPaid(paymentId);

      // Exactly once: one disbursement, one payment attempt, the tranche paid with its permanent claim.
      const disbursements = persistedDisbursements(join(child.dataDir(), "treasury-simulator.jsonl"));
      expect(disbursements.map((d) => d.instructionId)).toEqual([paymentId]);
      const db = records();
      const paidTranche = await db.store.get(trancheKind, tranche);
      expect(paidTranche?.status).toBe("paid");
      expect(paidTranche?.payment?.attempts).toBe(1);
      expect(paidTranche?.payment?.treasuryReference).toBe(disbursements[0]?.reference);
      expect((await db.store.get(paymentClaimKind, paidClaimId(tranche)))?.paymentId).toBe(paymentId);
      expect((await db.store.get(paymentKind, paymentId))?.status).toBe("paid");
      db.close();
      // Repeats after the restart pay nothing more.
      expect((await run(`${key}-later`, tranche)).body.results[0]?.outcome).toBe("paid");
      await child.platform().settle();
      expect(persistedDisbursements(join(child.dataDir(), "treasury-simulator.jsonl"))).toHaveLength(1);

      // The ledger rebuilt from its entries equals the stored balances, with the money paid once.
      const books = await api.get<{ agrees: boolean; balances: Record<string, number> }>(
        `/v1/programmes/${project.programmeId}/ledger`,
        await token("f1", "taiyuan-czj", "finance"),
      );
      expect(books.body.agrees).toBe(true);
      expect(books.body.balances[`prj:${project.projectId}:paid`]).toBe(paidTranche?.amountFen);
      expect(books.body.balances[`prj:${project.projectId}:committed`]).toBe(0);

      // Every audit chain verifies.
      const audit = child.dynamo();
      try {
        const chains = await verifyAuditTable(audit.client, localNames.table);
        expect(chains.breaks).toEqual([]);
      } finally {
        audit.close();
      }
    },
    240_000,
  );
});
