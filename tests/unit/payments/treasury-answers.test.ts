// Unit tests of the treasury's answers (functions/payments/workflow.ts confirmDisbursement) on the in-memory record
// store, a fixed clock and a workflow engine that takes one answer per token: the first answer to a submission decides
// it, an exact replay writes nothing, anything else after it is refused (409) and writes nothing; the treasury's
// machine identity is the actor of its audit events.
import { describe, expect, it } from "vitest";
import { isDomainError } from "../../../functions/kernel/errors.ts";
import type { PaymentDeps } from "../../../functions/payments/common.ts";
import { type PaymentRecord, paymentKind } from "../../../functions/payments/model.ts";
import { confirmDisbursement, requestDisbursementTask } from "../../../functions/payments/workflow.ts";
import { bump } from "../../../functions/platform/ports/record-helpers.ts";
import { created, updated } from "../../../functions/platform/ports/records.ts";
import type { WorkflowEngine } from "../../../functions/platform/ports/workflow-engine.ts";
import { fixedClock } from "../../support/fixed-clock.ts";
import { memoryRecordStore } from "../../support/memory-records.ts";

const treasuryArn = "arn:aws:iam::123456789012:user/jiebang-treasury";
const id = "pmt-trn-p1-1-a1";

/** Step Functions as far as callbacks go: a token takes one answer; later ones are refused (TaskTimedOut). */
function callbackEngine() {
  const answered = new Set<string>();
  const answers: { token: string; outcome: "success" | "failure"; detail: unknown }[] = [];
  const take = (token: string, outcome: "success" | "failure", detail: unknown) => {
    if (answered.has(token)) return false;
    answered.add(token);
    answers.push({ token, outcome, detail });
    return true;
  };
  const engine: WorkflowEngine = {
    start: async () => ({ executionArn: "arn:x", startedAt: "2026-01-01T00:00:00.000Z" }),
    completeTask: async (token, output) => take(token, "success", output),
    failTask: async (token, error, cause) => take(token, "failure", { error, cause }),
    status: async () => undefined,
  };
  return { engine, answers };
}

async function setup() {
  const records = memoryRecordStore();
  const clock = fixedClock("2026-03-02T02:00:00.000Z");
  const { engine, answers } = callbackEngine();
  const deps: PaymentDeps = {
    records,
    clock,
    workflows: engine,
    treasury: { submit: async () => {} },
  };
  const at = clock.now().toISOString();
  const payment: PaymentRecord = {
    id,
    version: 1,
    trancheId: "trn-p1-1",
    projectId: "p1",
    programmeId: "prg-1",
    trancheIndex: 1,
    attempt: 1,
    amountFen: 90_000_000,
    payeeOrganisationId: "ent-1",
    status: "awaiting-approval",
    requestedBy: "f1",
    requestedAt: at,
    idempotencyKey: "run-0000001",
    executionName: "pay-trn-p1-1-a1",
    approval: { decision: "approve", by: "f2", at },
    createdAt: at,
    updatedAt: at,
  };
  await records.write([created(paymentKind, payment, { actor: "test", role: "test", action: "seeded" })], at);
  let n = 0;
  /** The workflow submits the instruction (again) with a new token. */
  const submit = async () => {
    clock.advance(1000);
    await requestDisbursementTask(deps, { paymentId: id, token: `tok-${++n}` });
  };
  const answer = (body: { outcome: "confirmed" | "failed"; reference?: string; reason?: string }) => {
    clock.advance(1000);
    return confirmDisbursement(deps, { instructionId: id, ...body, caller: treasuryArn });
  };
  const state = async () => ({
    payment: (await records.get(paymentKind, id)) as PaymentRecord,
    trail: await records.auditTrail(paymentKind, id),
  });
  return { deps, answers, submit, answer, state };
}

async function refusal(promise: Promise<unknown>): Promise<{ status: string; code: string } | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    if (!isDomainError(error)) throw error;
    expect(error.message, "an English message").toMatch(/[a-z]/);
    expect(error.messageZh, "a Chinese message").toMatch(/[\u4e00-\u9fff]/);
    return { status: error.kind, code: error.code };
  }
}

describe("the treasury's answers", () => {
  it("the first answer decides: exact replays, another reference and a failure afterwards write nothing", async () => {
    const { submit, answer, state, answers } = await setup();
    await submit();
    expect(await answer({ outcome: "confirmed", reference: "GKZF-A" })).toEqual({ accepted: true });
    const decided = await state();
    expect(decided.payment.treasury?.reference).toBe("GKZF-A");

    // Still disbursing (RecordPayment has not run yet): the replays and the contradictions come in.
    for (let i = 0; i < 5; i++) {
      expect(await answer({ outcome: "confirmed", reference: "GKZF-A" })).toEqual({
        accepted: false,
        replay: true,
      });
    }
    expect(await refusal(answer({ outcome: "confirmed", reference: "GKZF-B" }))).toEqual({
      status: "conflict",
      code: "TREASURY_ALREADY_ANSWERED",
    });
    expect(await refusal(answer({ outcome: "failed", reason: "account frozen" }))).toEqual({
      status: "conflict",
      code: "TREASURY_ALREADY_ANSWERED",
    });

    const after = await state();
    expect(after.payment.version).toBe(decided.payment.version);
    expect(after.payment).toEqual(decided.payment);
    expect(after.trail).toEqual(decided.trail);
    // The workflow heard one answer, the first.
    expect(answers).toEqual([{ token: "tok-1", outcome: "success", detail: { reference: "GKZF-A" } }]);
  });

  it("names the treasury's machine identity as the actor of its audit events, not a person or the workflow", async () => {
    const { submit, answer, state } = await setup();
    await submit();
    await answer({ outcome: "failed", reason: "account frozen" });
    await submit();
    await answer({ outcome: "confirmed", reference: "GKZF-A" });
    const events = (await state()).trail.filter((e) => e.action.startsWith("treasury."));
    expect(events.map((e) => [e.action, e.actor, e.role])).toEqual([
      ["treasury.failed", treasuryArn, "treasury"],
      ["treasury.confirmed", treasuryArn, "treasury"],
    ]);
  });

  it("a failure answers its submission only: later answers wait for the next submission, which the treasury answers afresh", async () => {
    const { submit, answer, state, answers } = await setup();
    await submit();
    expect(await answer({ outcome: "failed", reason: "account frozen" })).toEqual({ accepted: true });
    const failed = await state();
    // The same failure again (a delivery retried): nothing written; another answer to the same submission: refused.
    expect(await answer({ outcome: "failed", reason: "account frozen" })).toEqual({
      accepted: false,
      replay: true,
    });
    for (const other of [
      { outcome: "failed" as const, reason: "payee unknown" },
      { outcome: "confirmed" as const, reference: "GKZF-A" },
    ]) {
      expect(await refusal(answer(other))).toEqual({ status: "conflict", code: "TREASURY_ALREADY_ANSWERED" });
    }
    expect(await state()).toEqual(failed);
    expect(failed.payment.treasury?.failures).toHaveLength(1);

    // The workflow retries: the new submission takes one answer again.
    await submit();
    expect(await answer({ outcome: "confirmed", reference: "GKZF-A" })).toEqual({ accepted: true });
    expect((await state()).payment.treasury).toMatchObject({ submissions: 2, reference: "GKZF-A" });
    expect(answers.map((a) => [a.token, a.outcome])).toEqual([
      ["tok-1", "failure"],
      ["tok-2", "success"],
    ]);
  });

  it("a confirmed instruction keeps its reference: a resubmission is answered with it, anything else is refused", async () => {
    const { submit, answer, state } = await setup();
    await submit();
    await answer({ outcome: "confirmed", reference: "GKZF-A" });
    // The callback was not completed (a crash) and timed out: the instruction is submitted again.
    await submit();
    expect(await answer({ outcome: "confirmed", reference: "GKZF-A" })).toEqual({ accepted: true });
    await submit();
    const before = await state();
    for (const other of [
      { outcome: "confirmed" as const, reference: "GKZF-B" },
      { outcome: "failed" as const, reason: "account frozen" },
    ]) {
      expect(await refusal(answer(other))).toEqual({
        status: "conflict",
        code: "TREASURY_REFERENCE_CONFLICT",
      });
    }
    expect(await state()).toEqual(before);
  });

  it("an answer for a payment no longer disbursing writes nothing: an exact replay is a no-op, anything else 409", async () => {
    const { submit, answer, state, deps } = await setup();
    await submit();
    await answer({ outcome: "confirmed", reference: "GKZF-A" });
    // RecordPayment pays it (its ledger writes are not the subject here: only the payment's status).
    const confirmed = (await state()).payment;
    const at = deps.clock.now().toISOString();
    await deps.records.write(
      [
        updated(paymentKind, confirmed, bump(confirmed, at, { status: "paid", pendingTask: undefined }), {
          actor: "workflow",
          role: "workflow",
          action: "payment.paid",
        }),
      ],
      at,
    );
    const before = await state();
    expect(await answer({ outcome: "confirmed", reference: "GKZF-A" })).toEqual({
      accepted: false,
      replay: true,
    });
    for (const other of [
      { outcome: "confirmed" as const, reference: "GKZF-B" },
      { outcome: "failed" as const, reason: "account frozen" },
    ]) {
      expect(await refusal(answer(other))).toEqual({ status: "conflict", code: "NOT_DISBURSING" });
    }
    expect(await state()).toEqual(before);
  });
});
