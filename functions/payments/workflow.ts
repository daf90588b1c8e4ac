// Use cases behind the Task states of workflows/payment.asl.json: the approval callback parked, a rejection closing the
// payment, payability re-checked, the treasury instruction and its confirmation, the paying transaction (tranche
// paid, claim, ledger, a recovery reassessed), and a disbursement that failed.

import { DomainError } from "../kernel/errors.ts";
import { nowIso } from "../platform/ports/clock.ts";
import { bump, mustGet, retryOnConflict } from "../platform/ports/record-helpers.ts";
import { created, updated } from "../platform/ports/records.ts";
import { programmeKind } from "../programmes/model.ts";
import { trancheKind } from "../projects/model.ts";
import { recoveryId, recoveryKind } from "../recoveries/model.ts";
import { reassessRecovery } from "../recoveries/rules/recovery.ts";
import {
  assertPayable,
  ledgerWrites,
  loadPayment,
  loadTranche,
  type PaymentDeps,
  treasuryNote,
  workflowNote,
} from "./common.ts";
import { paidClaimId, paymentClaimKind, paymentKind } from "./model.ts";
import { programmeAccount, projectAccount, transfer } from "./rules/ledger.ts";
import { defaultFailureReason, judgeTreasuryAnswer, type TreasuryAnswer } from "./rules/treasury-answers.ts";

// ---- tasks of workflows/payment.asl.json ---------------------------------------------------------------------------
export async function parkApprovalTask(deps: PaymentDeps, input: { paymentId: string; token: string }) {
  let overdueSince: string | undefined;
  const payment = await retryOnConflict(async () => {
    const current = await loadPayment(deps, input.paymentId);
    if (current.pendingTask?.token === input.token) return current;
    const at = nowIso(deps);
    const after = bump(current, at, { pendingTask: { kind: "approval", token: input.token, since: at } });
    await deps.records.write(
      [updated(paymentKind, current, after, workflowNote("payment.awaiting-approval"))],
      at,
    );
    // Parked again with a new token: the previous wait timed out without a decision.
    overdueSince = current.pendingTask?.kind === "approval" ? current.pendingTask.since : undefined;
    return after;
  });
  if (overdueSince && !payment.approval) {
    deps.metrics?.record({
      kind: "payment-approval-overdue",
      programmeId: payment.programmeId,
      paymentId: payment.id,
      waitingSince: overdueSince,
    });
  }
  // The decision came before the token was parked: complete our own callback.
  if (payment.approval)
    await deps.workflows.completeTask(input.token, { decision: payment.approval.decision });
  return { parked: true };
}

/** Returns the commitment to the budget; the tranche goes back to `eligible` (rejection) or `cancelled` (terminated). */
async function closeUnpaid(
  deps: PaymentDeps,
  paymentRef: string,
  status: "rejected" | "cancelled",
  reason: string,
): Promise<{ status: string }> {
  return retryOnConflict(async () => {
    const payment = await loadPayment(deps, paymentRef);
    if (payment.status === status || payment.status === "paid") return { status: payment.status };
    const tranche = await loadTranche(deps, payment.trancheId);
    const programme = await mustGet(deps.records, programmeKind, payment.programmeId, "Programme", "批次");
    const at = nowIso(deps);
    const note = workflowNote(`payment.${status}`, { reason, trancheId: tranche.id });
    const ledger = await ledgerWrites(
      deps.records,
      programme,
      payment.projectId,
      [
        transfer(
          `ltx-${payment.id}-release`,
          "release",
          programmeAccount(programme.id, "budget"),
          projectAccount(payment.projectId, "committed"),
          payment.amountFen,
        ),
      ],
      at,
      note,
      payment.id,
    );
    const trancheAfter =
      tranche.status === "reserved" && tranche.payment?.paymentId === payment.id
        ? bump(tranche, at, {
            // Rejected: eligible again, a later run makes attempt n+1 (a new reservation claim); the `#paid` claim
            // was never written, so paying it later is still once only.
            status: status === "rejected" ? "eligible" : "cancelled",
            payment: {
              ...tranche.payment,
              lastRejection: { by: payment.approval?.by ?? "workflow", at, reason },
            },
          })
        : undefined;
    await deps.records.write(
      [
        updated(
          paymentKind,
          payment,
          bump(payment, at, { status, closedReason: reason, pendingTask: undefined }),
          note,
        ),
        ...(trancheAfter ? [updated(trancheKind, tranche, trancheAfter, note)] : []),
        ...ledger,
      ],
      at,
    );
    if (status === "rejected") {
      deps.metrics?.record({
        kind: "payment-rejected",
        programmeId: payment.programmeId,
        paymentId: payment.id,
        amountFen: payment.amountFen,
      });
    }
    return { status };
  });
}

export async function applyRejectionTask(deps: PaymentDeps, input: { paymentId: string }) {
  const payment = await loadPayment(deps, input.paymentId);
  return closeUnpaid(deps, input.paymentId, "rejected", payment.approval?.reason ?? "rejected");
}

/** Before the money moves: is the tranche still payable on the project's current state? If not, cancel. */
export async function recheckTask(
  deps: PaymentDeps,
  input: { paymentId: string },
): Promise<{ payable: boolean }> {
  const payment = await loadPayment(deps, input.paymentId);
  if (payment.status === "paid") return { payable: true };
  const tranche = await loadTranche(deps, payment.trancheId);
  try {
    await assertPayable(deps, tranche);
    return { payable: true };
  } catch (error) {
    if (!(error instanceof DomainError) || error.kind === "conflict") throw error;
    const terminated = error.code === "PROJECT_TERMINATED";
    await closeUnpaid(deps, input.paymentId, terminated ? "cancelled" : "rejected", error.message);
    return { payable: false };
  }
}

/** Parks the treasury callback and submits the payment instruction (its id is the payment id: the treasury dedups). */
export async function requestDisbursementTask(
  deps: PaymentDeps,
  input: { paymentId: string; token: string },
) {
  const payment = await retryOnConflict(async () => {
    const current = await loadPayment(deps, input.paymentId);
    const at = nowIso(deps);
    const treasury = current.treasury ?? { submissions: 0, failures: [] };
    const after = bump(current, at, {
      status: "disbursing",
      pendingTask: { kind: "treasury", token: input.token, since: at },
      treasury: { ...treasury, submissions: treasury.submissions + 1, lastSubmittedAt: at },
    });
    await deps.records.write(
      [updated(paymentKind, current, after, workflowNote("payment.disbursement-requested"))],
      at,
    );
    return after;
  });
  await deps.treasury.submit({
    instructionId: payment.id,
    amountFen: payment.amountFen,
    payeeOrganisationId: payment.payeeOrganisationId,
  });
  return { submitted: true };
}

/**
 * The treasury's answer (the simulator in the embedded runtime, POST /v1/treasury/confirmations in AWS) to the latest
 * submission of the instruction: recorded as the treasury's audit event, then it completes or fails the parked
 * callback (a failure is retried by the state machine with backoff, a new submission each time).
 *
 * The first answer to a submission decides it (rules/treasury-answers.ts): any other answer to it, or to a payment no
 * longer disbursing, is refused with 409 and writes nothing — so every failure recorded is one the workflow counted,
 * and the reference is never overwritten. An exact replay of the answer already recorded is answered 200
 * `{accepted: false, replay: true}` and writes nothing either. Why not 409 for it too: it is what a treasury sends when
 * it did not get our response (a timeout, or our crash after recording its answer and before completing the
 * callback); refusing it would report a conflict for an answer we took. Here it re-sends the recorded answer to the
 * callback if that is still parked on the same submission, which is a no-op unless that crash happened.
 */
export async function confirmDisbursement(
  deps: PaymentDeps,
  input: {
    instructionId: string;
    outcome: "confirmed" | "failed";
    reference?: string;
    reason?: string;
    /** Who answered: the treasury system's IAM identity (its ARN), the actor of the audit event. */
    caller: string;
  },
): Promise<{ accepted: boolean; replay?: true }> {
  const answer: TreasuryAnswer =
    input.outcome === "confirmed"
      ? { outcome: "confirmed", ...(input.reference !== undefined ? { reference: input.reference } : {}) }
      : { outcome: "failed", reason: input.reason ?? defaultFailureReason };
  const { payment, verdict } = await retryOnConflict(async () => {
    const current = await loadPayment(deps, input.instructionId);
    const treasury = current.treasury ?? { submissions: 0, failures: [] };
    const verdict = judgeTreasuryAnswer(
      {
        status: current.status,
        waitingForTreasury: current.pendingTask?.kind === "treasury",
        submissions: treasury.submissions,
        ...(treasury.lastAnswer ? { lastAnswer: treasury.lastAnswer } : {}),
        ...(treasury.reference !== undefined ? { confirmedReference: treasury.reference } : {}),
      },
      answer,
    );
    if (verdict === "replay") return { payment: current, verdict };
    const at = nowIso(deps);
    const lastAnswer = { ...answer, submission: treasury.submissions, at, by: input.caller };
    const after = bump(current, at, {
      treasury:
        answer.outcome === "confirmed"
          ? {
              ...treasury,
              ...(answer.reference ? { reference: answer.reference } : {}),
              confirmedAt: treasury.confirmedAt ?? at,
              lastAnswer,
            }
          : {
              ...treasury,
              failures: [...treasury.failures, { at, reason: answer.reason ?? defaultFailureReason }],
              lastAnswer,
            },
    });
    await deps.records.write(
      [
        updated(
          paymentKind,
          current,
          after,
          treasuryNote(input.caller, `treasury.${answer.outcome}`, {
            ...input,
            submission: treasury.submissions,
          }),
        ),
      ],
      at,
    );
    return { payment: current, verdict };
  });
  const parked = payment.status === "disbursing" && payment.pendingTask?.kind === "treasury";
  if (verdict === "replay" && !parked) return { accepted: false, replay: true };
  // A crash here leaves the callback parked: its timeout resubmits the instruction, which the treasury answers with
  // the first reference (it disburses an instruction id once) — or the treasury's retried delivery re-sends it.
  if (verdict === "record" && answer.outcome === "confirmed")
    deps.faults?.crashPoint("payment.treasury.after-confirm");
  const token = payment.pendingTask?.token as string;
  const accepted =
    answer.outcome === "confirmed"
      ? await deps.workflows.completeTask(token, { reference: answer.reference })
      : await deps.workflows.failTask(token, "Treasury.Failed", input.reason ?? "treasury failed");
  return verdict === "replay" ? { accepted, replay: true } : { accepted };
}

/** One transaction: the tranche paid, the permanent `#paid` claim, the ledger (payable, pay) and the audit events. */
export async function recordPaymentTask(
  deps: PaymentDeps,
  input: { paymentId: string; reference: string },
): Promise<{ status: string }> {
  return retryOnConflict(async () => {
    const payment = await loadPayment(deps, input.paymentId);
    if (payment.status === "paid") return { status: "paid" };
    const tranche = await loadTranche(deps, payment.trancheId);
    const programme = await mustGet(deps.records, programmeKind, payment.programmeId, "Programme", "批次");
    const at = nowIso(deps);
    const note = workflowNote("payment.paid", {
      trancheId: tranche.id,
      amountFen: payment.amountFen,
      reference: input.reference,
    });
    const p = payment.projectId;
    const ledger = await ledgerWrites(
      deps.records,
      programme,
      p,
      [
        transfer(
          `ltx-${payment.id}-payable`,
          "payable",
          projectAccount(p, "payable"),
          projectAccount(p, "committed"),
          payment.amountFen,
        ),
        transfer(
          `ltx-${payment.id}-pay`,
          "pay",
          projectAccount(p, "paid"),
          projectAccount(p, "payable"),
          payment.amountFen,
        ),
      ],
      at,
      note,
      payment.id,
    );
    // Money has left the treasury: the tranche is paid even if the project was terminated meanwhile. The termination
    // assessed its recovery without this tranche (it was reserved, neither paid nor cancelled), so the recovery is
    // reassessed with it, in the same transaction: the money is then both paid and counted, never one without the other.
    const recovery = await deps.records.get(recoveryKind, recoveryId(p));
    const reassessed =
      recovery && recovery.status === "assessed"
        ? updated(
            recoveryKind,
            recovery,
            bump(recovery, at, reassessRecovery(programme.policy, recovery, payment.amountFen, tranche.id)),
            workflowNote("recovery.reassessed", { trancheId: tranche.id, addedPaidFen: payment.amountFen }),
          )
        : undefined;
    deps.faults?.crashPoint("payment.record.before-write");
    await deps.records.write(
      [
        ...(reassessed ? [reassessed] : []),
        updated(
          trancheKind,
          tranche,
          bump(tranche, at, {
            status: "paid",
            payment: {
              ...(tranche.payment ?? { attempts: payment.attempt }),
              paymentId: payment.id,
              paidAt: at,
              treasuryReference: input.reference,
            },
          }),
          note,
        ),
        created(
          paymentClaimKind,
          {
            id: paidClaimId(tranche.id),
            version: 1,
            trancheId: tranche.id,
            paymentId: payment.id,
            claim: "paid",
            createdAt: at,
            updatedAt: at,
          },
          note,
        ),
        updated(paymentKind, payment, bump(payment, at, { status: "paid", pendingTask: undefined }), note),
        ...ledger,
      ],
      at,
    );
    deps.metrics?.record({
      kind: "payment-disbursed",
      programmeId: payment.programmeId,
      paymentId: payment.id,
      amountFen: payment.amountFen,
    });
    return { status: "paid" };
  });
}

export async function disbursementFailedTask(
  deps: PaymentDeps,
  input: { paymentId: string; error?: string },
) {
  return retryOnConflict(async () => {
    const payment = await loadPayment(deps, input.paymentId);
    if (payment.status !== "disbursing") return { status: payment.status };
    const at = nowIso(deps);
    await deps.records.write(
      [
        updated(
          paymentKind,
          payment,
          bump(payment, at, {
            status: "disbursement-failed",
            closedReason: input.error ?? "treasury did not confirm",
            pendingTask: undefined,
          }),
          workflowNote("payment.disbursement-failed", { error: input.error }),
        ),
      ],
      at,
    );
    deps.metrics?.record({
      kind: "payment-failed",
      programmeId: payment.programmeId,
      paymentId: payment.id,
      amountFen: payment.amountFen,
      reason: input.error ?? "treasury did not confirm",
    });
    return { status: "disbursement-failed" };
  });
}
