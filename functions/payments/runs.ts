// Use cases of payment runs (拨付): finance triggers payment of eligible tranches with an Idempotency-Key; each tranche
// is reserved once (eligible → reserved, with its permanent claim and the ledger's commitment) and its payment
// workflow started; the second finance officer's four-eyes approval.

import { createHash } from "node:crypto";
import { type Actor, actorName } from "../kernel/actor.ts";
import { businessRuleError, conflictError, DomainError } from "../kernel/errors.ts";
import { authorizeRecord } from "../kernel/record-access.ts";
import { nowIso } from "../platform/ports/clock.ts";
import { bump, isVersionConflict, mustGet, retryOnConflict } from "../platform/ports/record-helpers.ts";
import { created, updated } from "../platform/ports/records.ts";
import { projectKind, trancheKind } from "../projects/model.ts";
import {
  assertPayable,
  financeNote,
  ledgerWrites,
  loadPayment,
  type PaymentDeps,
  startExecution,
} from "./common.ts";
import {
  idempotencyId,
  idempotencyKind,
  type PaymentRecord,
  paymentClaimKind,
  paymentExecutionName,
  paymentId,
  paymentKind,
  reservationClaimId,
} from "./model.ts";
import { programmeAccount, projectAccount, transfer } from "./rules/ledger.ts";

// ---- payment runs ------------------------------------------------------------------------------------------------
export interface TrancheOutcome {
  readonly trancheId: string;
  readonly outcome: "reserved" | "in-progress" | "paid" | "refused";
  readonly paymentId?: string;
  readonly code?: string;
  readonly message?: string;
}

export interface PaymentRunResult {
  readonly idempotencyKey: string;
  readonly results: readonly TrancheOutcome[];
}

const requestHash = (trancheIds: readonly string[]) =>
  createHash("sha256")
    .update(JSON.stringify([...new Set(trancheIds)].sort()))
    .digest("hex");

/**
 * A payment run. A repeat with the same key returns the first result; the same key with another body is refused
 * (409 IDEMPOTENCY_KEY_REUSED). Idempotency records are kept permanently.
 */
export async function triggerPayments(
  deps: PaymentDeps,
  actor: Actor,
  input: { idempotencyKey: string; trancheIds: readonly string[] },
): Promise<PaymentRunResult> {
  const id = idempotencyId("payments", input.idempotencyKey);
  const hash = requestHash(input.trancheIds);
  const replay = async (): Promise<PaymentRunResult | undefined> => {
    const seen = await deps.records.get(idempotencyKind, id);
    if (!seen) return undefined;
    if (seen.requestHash !== hash) {
      throw conflictError(
        "IDEMPOTENCY_KEY_REUSED",
        "this Idempotency-Key was used for a different payment run",
        "该幂等键已用于另一批拨付请求",
      );
    }
    return seen.result as PaymentRunResult;
  };
  const first = await replay();
  if (first) return first;

  const results: TrancheOutcome[] = [];
  for (const trancheId of [...new Set(input.trancheIds)]) {
    results.push(await reserveTranche(deps, actor, trancheId, input.idempotencyKey));
  }
  const result: PaymentRunResult = { idempotencyKey: input.idempotencyKey, results };
  const at = nowIso(deps);
  try {
    await deps.records.write(
      [
        created(
          idempotencyKind,
          {
            id,
            version: 1,
            scope: "payments",
            key: input.idempotencyKey,
            requestHash: hash,
            requestedBy: actor.userId,
            result,
            createdAt: at,
            updatedAt: at,
          },
          financeNote(actor, "payment-run.recorded", { trancheIds: input.trancheIds }),
        ),
      ],
      at,
    );
  } catch (error) {
    // Another request with the same key got there first: its result is the answer.
    if (isVersionConflict(error)) {
      const other = await replay();
      if (other) return other;
    }
    throw error;
  }
  return result;
}

/** Reserves one tranche (eligible → reserved) with its claim, payment record and ledger commitment; starts the execution. */
async function reserveTranche(
  deps: PaymentDeps,
  actor: Actor,
  trancheId: string,
  idempotencyKey: string,
): Promise<TrancheOutcome> {
  return retryOnConflict(async (): Promise<TrancheOutcome> => {
    const tranche = await deps.records.get(trancheKind, trancheId);
    if (!tranche)
      return { trancheId, outcome: "refused", code: "TRANCHE_NOT_FOUND", message: "no such tranche" };
    if (tranche.status === "paid") {
      return {
        trancheId,
        outcome: "paid",
        ...(tranche.payment ? { paymentId: tranche.payment.paymentId } : {}),
      };
    }
    if (tranche.status === "reserved" && tranche.payment) {
      // Already under way (a race, a repeat with another key, or a retry after a crash): make sure it runs.
      const payment = await deps.records.get(paymentKind, tranche.payment.paymentId);
      if (payment) await startExecution(deps, payment);
      return { trancheId, outcome: "in-progress", paymentId: tranche.payment.paymentId };
    }
    if (tranche.status !== "eligible") {
      return {
        trancheId,
        outcome: "refused",
        code: "TRANCHE_NOT_ELIGIBLE",
        message: `tranche is ${tranche.status}`,
      };
    }
    try {
      const { programme } = await assertPayable(deps, tranche);
      const at = nowIso(deps);
      const attempt = (tranche.payment?.attempts ?? 0) + 1;
      const id = paymentId(trancheId, attempt);
      const payment: PaymentRecord = {
        id,
        version: 1,
        trancheId,
        projectId: tranche.projectId,
        programmeId: tranche.programmeId,
        trancheIndex: tranche.index,
        attempt,
        amountFen: tranche.amountFen,
        payeeOrganisationId: tranche.payeeOrganisationId,
        status: "awaiting-approval",
        requestedBy: actor.userId,
        requestedByName: actorName(actor),
        requestedAt: at,
        idempotencyKey,
        ...(tranche.eligible ? { evidence: tranche.eligible } : {}),
        executionName: paymentExecutionName(trancheId, attempt),
        createdAt: at,
        updatedAt: at,
      };
      const note = financeNote(actor, "payment.reserved", {
        trancheId,
        attempt,
        amountFen: tranche.amountFen,
      });
      const ledger = await ledgerWrites(
        deps.records,
        programme,
        tranche.projectId,
        [
          transfer(
            `ltx-${id}-commit`,
            "commit",
            projectAccount(tranche.projectId, "committed"),
            programmeAccount(programme.id, "budget"),
            tranche.amountFen,
          ),
        ],
        at,
        note,
        id,
      );
      await deps.records.write(
        [
          updated(
            trancheKind,
            tranche,
            bump(tranche, at, {
              status: "reserved",
              payment: { ...tranche.payment, attempts: attempt, paymentId: id },
            }),
            note,
          ),
          created(
            paymentClaimKind,
            {
              id: reservationClaimId(trancheId, attempt),
              version: 1,
              trancheId,
              paymentId: id,
              claim: "reservation",
              createdAt: at,
              updatedAt: at,
            },
            note,
          ),
          created(paymentKind, payment, note),
          ...ledger,
        ],
        at,
      );
      // A crash here leaves the tranche reserved and no execution: a repeat of the run (any key) starts it.
      deps.faults?.crashPoint("payment.reserve.after-write");
      await startExecution(deps, payment);
      return { trancheId, outcome: "reserved", paymentId: id };
    } catch (error) {
      if (isVersionConflict(error)) throw error; // another writer meanwhile: retryOnConflict reads afresh
      if (error instanceof DomainError && error.kind !== "conflict") {
        return { trancheId, outcome: "refused", code: error.code, message: error.message };
      }
      throw error;
    }
  });
}

// ---- four eyes -----------------------------------------------------------------------------------------------------
/** A second finance officer, neither the requester nor of a party of the project, approves or rejects. */
export async function decideApproval(
  deps: PaymentDeps,
  actor: Actor,
  id: string,
  input: { decision: "approve" | "reject"; reason?: string },
): Promise<PaymentRecord> {
  if (input.decision === "reject" && !input.reason) {
    throw businessRuleError("REASON_REQUIRED", "a rejection needs a reason", "驳回须说明理由", [
      { path: "reason", message: "required to reject", messageZh: "驳回时必填" },
    ]);
  }
  const next = await retryOnConflict(async () => {
    const payment = await loadPayment(deps, id);
    const project = await mustGet(deps.records, projectKind, payment.projectId, "Project", "项目");
    // Four eyes (functions/kernel/record-access.ts, payment.approve): not the requester, not of a project party.
    authorizeRecord(actor, "payment", "approve", {
      requestedBy: payment.requestedBy,
      enterpriseOrganisationIds: [...project.enterpriseOrganisationIds, project.enterprise.organisationId],
      leadSolverOrganisationId: project.solverLead.organisationId,
      solverOrganisationIds: project.solverMembers.map((m) => m.organisationId),
    });
    if (payment.status !== "awaiting-approval" || payment.approval) {
      throw conflictError(
        "PAYMENT_DECIDED",
        `payment is ${payment.status}`,
        `拨付已处理（${payment.status}）`,
      );
    }
    const at = nowIso(deps);
    const after = bump(payment, at, {
      approval: {
        decision: input.decision,
        by: actor.userId,
        byName: actorName(actor),
        at,
        ...(input.reason ? { reason: input.reason } : {}),
      },
    });
    await deps.records.write(
      [
        updated(
          paymentKind,
          payment,
          after,
          financeNote(actor, `payment.${input.decision}d`, { reason: input.reason }),
        ),
      ],
      at,
    );
    return after;
  });
  if (next.pendingTask?.kind === "approval") {
    await deps.workflows.completeTask(next.pendingTask.token, { decision: input.decision });
  }
  return next;
}
