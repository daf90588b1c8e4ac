// Path tests of workflows/payment.asl.json: every Choice branch, Catch and callback timeout on the local engine.
//
// Paths (Choice rules / Catches / callback timeouts named as in support.ts declaredBranches):
//  1. approved, payable, treasury confirms    AwaitApproval → RouteDecision [approve] → Recheck → RoutePayable [true] → Disburse
//                                              → RecordPayment → WriteAuditReport → Paid
//  2. rejected                                RouteDecision [reject] → ApplyRejection → Rejected
//  3. a decision that is neither              RouteDecision [Default] → ApplyRejection → Rejected
//  4. no longer payable at the re-check       RoutePayable [Default] → Cancelled
//  5. no decision within 7 days               AwaitApproval [timeout] → (catch) AwaitApproval → … → Paid
//  6. treasury silent for a day, then confirms Disburse [timeout] → retried (a new instruction) → … → Paid
//  7. treasury fails every attempt            Disburse [catch States.ALL] → DisbursementFailed → Failed (FAILED)
//  8. treasury silent through every retry     Disburse [timeout] ×5 → [catch States.ALL] → DisbursementFailed → Failed
//  9. never approved                          AwaitApproval [timeout] every 7 days until the 1-year limit (TIMED_OUT)
// 10. (no Catch) the paying transaction keeps failing after the treasury paid
//                                              RecordPayment retried 8 times → FAILED
// 11. other terms in the input                the approval and treasury timeouts are the input's, not fixed numbers
import { expect } from "vitest";
import { DAY_SECONDS } from "../../../functions/kernel/dates.ts";
import { paymentTerms } from "../../../functions/payments/rules/terms.ts";
import { DAY_MS, pathSuite, raise } from "./support.ts";

/** The execution input, built in one place: what the payment run starts pay-<trancheId>-a<attempt> with (terms from the rules). */
function input(over: Record<string, unknown> = {}): Record<string, unknown> {
  return { paymentId: "pay-tr-1-a1", correlationId: "corr-pay-1", terms: paymentTerms(), ...over };
}

const paths = pathSuite("payment", {
  parkApproval: { parked: true },
  applyRejection: { status: "eligible" },
  recheck: { payable: true },
  requestDisbursement: { submitted: true },
  disbursementFailed: { status: "failed" },
  recordPayment: { status: "paid" },
  writeAuditReport: { key: "payments/pay-tr-1-a1.json" },
});

const APPROVED = ["AwaitApproval", "RouteDecision", "Recheck", "RoutePayable", "Disburse"];
const PAID = [...APPROVED, "RecordPayment", "WriteAuditReport", "Paid"];
const confirmed = { reference: "GK-2026-000123" };

paths.path(
  "approved, still payable, the treasury confirms: paid and reported",
  [
    "RouteDecision [$.approval.decision = approve] → Recheck",
    "RoutePayable [$.recheck.payable = true] → Disburse",
  ],
  async (run) => {
    const arn = await run.start(input());
    await run.complete(arn, "AwaitApproval", { decision: "approve" });
    await run.complete(arn, "Disburse", confirmed);
    expect(await run.statesEntered(arn)).toEqual(PAID);
    expect(await run.end(arn)).toMatchObject({ status: "SUCCEEDED" });
    expect(run.callsOf("recordPayment")).toEqual([
      expect.objectContaining({ paymentId: "pay-tr-1-a1", reference: "GK-2026-000123" }),
    ]);
  },
);

paths.path(
  "rejected by the second finance officer",
  ["RouteDecision [$.approval.decision = reject] → ApplyRejection"],
  async (run) => {
    const arn = await run.start(input());
    await run.complete(arn, "AwaitApproval", { decision: "reject" });
    expect(await run.statesEntered(arn)).toEqual([
      "AwaitApproval",
      "RouteDecision",
      "ApplyRejection",
      "Rejected",
    ]);
    expect(await run.end(arn)).toMatchObject({ status: "SUCCEEDED" });
    expect(run.callsOf("requestDisbursement")).toEqual([]);
  },
);

paths.path(
  "a decision that is neither approve nor reject counts as a rejection",
  ["RouteDecision [Default] → ApplyRejection"],
  async (run) => {
    const arn = await run.start(input());
    await run.complete(arn, "AwaitApproval", { decision: "abstain" });
    expect(await run.statesEntered(arn)).toEqual([
      "AwaitApproval",
      "RouteDecision",
      "ApplyRejection",
      "Rejected",
    ]);
    expect(await run.end(arn)).toMatchObject({ status: "SUCCEEDED" });
  },
);

paths.path(
  "no longer payable at the re-check (project terminated): cancelled, no money moves",
  ["RoutePayable [Default] → Cancelled"],
  async (run) => {
    run.answer("recheck", { payable: false });
    const arn = await run.start(input());
    await run.complete(arn, "AwaitApproval", { decision: "approve" });
    expect(await run.statesEntered(arn)).toEqual([
      "AwaitApproval",
      "RouteDecision",
      "Recheck",
      "RoutePayable",
      "Cancelled",
    ]);
    expect(await run.end(arn)).toMatchObject({ status: "SUCCEEDED" });
    expect(run.callsOf("requestDisbursement")).toEqual([]);
  },
);

paths.path(
  "no decision within 7 days: the approval waits again with a new token, then approved",
  ["AwaitApproval [timeout]", "AwaitApproval [catch States.Timeout] → AwaitApproval"],
  async (run) => {
    const arn = await run.start(input());
    await run.timeOut(arn, "AwaitApproval");
    await run.complete(arn, "AwaitApproval", { decision: "approve" });
    await run.complete(arn, "Disburse", confirmed);
    expect(await run.statesEntered(arn)).toEqual(["AwaitApproval", ...PAID]);
    expect(await run.end(arn)).toMatchObject({ status: "SUCCEEDED" });
    const tokens = run.callsOf("parkApproval").map((p) => p.taskToken);
    expect(tokens).toHaveLength(2);
    expect(tokens[0]).not.toBe(tokens[1]);
  },
);

paths.path(
  "the treasury is silent for a day: the instruction is submitted again, then confirmed",
  ["Disburse [timeout]"],
  async (run) => {
    const arn = await run.start(input());
    await run.complete(arn, "AwaitApproval", { decision: "approve" });
    await run.timeOut(arn, "Disburse");
    await run.complete(arn, "Disburse", confirmed);
    // a retry stays in the state: no new StateEntered
    expect(await run.statesEntered(arn)).toEqual(PAID);
    expect(await run.end(arn)).toMatchObject({ status: "SUCCEEDED" });
    expect(run.callsOf("requestDisbursement")).toHaveLength(2);
  },
);

paths.path(
  "the treasury fails every attempt: disbursement failed, the execution fails",
  ["Disburse [catch States.ALL] → DisbursementFailed"],
  async (run) => {
    const arn = await run.start(input());
    await run.complete(arn, "AwaitApproval", { decision: "approve" });
    for (let attempt = 1; attempt <= 5; attempt++)
      await run.fail(arn, "Disburse", "Treasury.Failed", `account frozen (attempt ${attempt})`);
    expect(await run.statesEntered(arn)).toEqual([...APPROVED, "DisbursementFailed", "Failed"]);
    expect(await run.end(arn)).toMatchObject({
      status: "FAILED",
      error: "Payment.DisbursementFailed",
      cause: "the treasury did not confirm",
    });
    expect(run.callsOf("requestDisbursement")).toHaveLength(5); // 1 + MaxAttempts 4 (Treasury.Failed)
    expect(run.callsOf("disbursementFailed")).toEqual([
      expect.objectContaining({ error: "Treasury.Failed" }),
    ]);
  },
);

paths.path(
  "the treasury stays silent through every resubmission: disbursement failed with States.Timeout",
  ["Disburse [timeout]", "Disburse [catch States.ALL] → DisbursementFailed"],
  async (run) => {
    const arn = await run.start(input());
    await run.complete(arn, "AwaitApproval", { decision: "approve" });
    for (let attempt = 1; attempt <= 5; attempt++) await run.timeOut(arn, "Disburse");
    expect(await run.statesEntered(arn)).toEqual([...APPROVED, "DisbursementFailed", "Failed"]);
    expect(await run.end(arn)).toMatchObject({ status: "FAILED", error: "Payment.DisbursementFailed" });
    expect(run.callsOf("disbursementFailed")).toEqual([expect.objectContaining({ error: "States.Timeout" })]);
  },
);

paths.path(
  "never approved: it waits again every 7 days until the execution's 1-year limit",
  ["AwaitApproval [timeout]", "AwaitApproval [catch States.Timeout] → AwaitApproval"],
  async (run) => {
    const arn = await run.start(input());
    await run.advance(366 * DAY_MS);
    const entered = await run.statesEntered(arn);
    expect(new Set(entered)).toEqual(new Set(["AwaitApproval"]));
    const scheduled = (await run.history(arn)).find((e) => e.type === "TaskScheduled");
    const waitDays = (scheduled?.taskScheduledEventDetails?.timeoutInSeconds ?? 0) / 86_400;
    expect(entered).toHaveLength(Math.ceil(365 / waitDays)); // one wait per timeout until the year is over
    expect(await run.end(arn)).toMatchObject({ status: "TIMED_OUT", error: "States.Timeout" });
  },
);

paths.path(
  "the paying transaction keeps failing after the treasury paid: retried, then the execution fails",
  [],
  async (run) => {
    run.answer(
      "recordPayment",
      raise("Platform.Transient", "TransactionCanceledException: conflict on the ledger balance"),
    );
    const arn = await run.start(input());
    await run.complete(arn, "AwaitApproval", { decision: "approve" });
    await run.complete(arn, "Disburse", confirmed);
    expect(await run.statesEntered(arn)).toEqual([...APPROVED, "RecordPayment"]);
    expect(await run.end(arn)).toMatchObject({ status: "FAILED", error: "Platform.Transient" });
    expect(run.callsOf("recordPayment")).toHaveLength(9); // 1 + MaxAttempts 8
  },
);

paths.path(
  "the timeouts are the terms of the input: other terms move them",
  ["AwaitApproval [timeout]", "AwaitApproval [catch States.Timeout] → AwaitApproval", "Disburse [timeout]"],
  async (run) => {
    const terms = { approvalWaitSeconds: 2 * DAY_SECONDS, treasuryAnswerSeconds: DAY_SECONDS / 4 };
    const arn = await run.start(input({ terms }));
    await run.timeOut(arn, "AwaitApproval"); // waiting one second before the input's term, timed out at it
    await run.complete(arn, "AwaitApproval", { decision: "approve" });
    await run.timeOut(arn, "Disburse");
    await run.complete(arn, "Disburse", confirmed);
    expect(await run.timeoutsScheduled(arn)).toEqual([
      ["AwaitApproval", terms.approvalWaitSeconds],
      ["AwaitApproval", terms.approvalWaitSeconds],
      ["Disburse", terms.treasuryAnswerSeconds],
      ["Disburse", terms.treasuryAnswerSeconds],
    ]);
    expect(await run.end(arn)).toMatchObject({ status: "SUCCEEDED", output: { terms } });
  },
);

paths.keepsOnStateData("terms");
paths.coverage();
