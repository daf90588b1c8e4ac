// Use cases of a failed disbursement's way out (拨付失败的处理): the treasury kept failing or never answered, so the
// payment is `disbursement-failed` (its execution ended in DisbursementFailed) and its tranche is still reserved. One
// finance officer proposes to return the tranche to eligible (a later payment run pays it as a new attempt) or to
// cancel it; a second, different finance officer confirms — four eyes as for the payment's approval
// (kernel/record-access.ts payment.propose-resolution and payment.confirm-resolution). The confirmation is one
// transaction: the payment closed (`returned` or `cancelled`), the tranche `eligible` or `cancelled`, the commitment
// released to the budget (ledger `release`), each with its audit event.

import { type Actor, actorName } from "../kernel/actor.ts";
import { conflictError } from "../kernel/errors.ts";
import { authorizeRecord, type RecordFacts } from "../kernel/record-access.ts";
import { nowIso } from "../platform/ports/clock.ts";
import { bump, mustGet, retryOnConflict } from "../platform/ports/record-helpers.ts";
import { updated } from "../platform/ports/records.ts";
import { programmeKind } from "../programmes/model.ts";
import { type ProjectRecord, projectKind, trackKind, trancheKind } from "../projects/model.ts";
import {
  assertNotTerminated,
  financeNote,
  ledgerWrites,
  loadPayment,
  loadTranche,
  type PaymentDeps,
} from "./common.ts";
import { type PaymentRecord, paymentKind, type ResolutionOutcome } from "./model.ts";
import { programmeAccount, projectAccount, transfer } from "./rules/ledger.ts";

/** The parties of the project, whose finance officers may not decide on its money. */
const partiesOf = (project: ProjectRecord): RecordFacts => ({
  enterpriseOrganisationIds: [...project.enterpriseOrganisationIds, project.enterprise.organisationId],
  leadSolverOrganisationId: project.solverLead.organisationId,
  solverOrganisationIds: project.solverMembers.map((m) => m.organisationId),
});

/** Only a failed disbursement the treasury never confirmed is resolved here; returning needs a running project. */
async function assertResolvable(
  deps: Pick<PaymentDeps, "records">,
  payment: PaymentRecord,
  project: ProjectRecord,
  outcome: ResolutionOutcome,
): Promise<void> {
  if (payment.status !== "disbursement-failed") {
    throw conflictError(
      "PAYMENT_NOT_DISBURSEMENT_FAILED",
      `payment is ${payment.status}: only a payment whose disbursement failed is resolved this way`,
      `拨付状态为 ${payment.status}，仅国库支付失败的拨付可以这样处理`,
    );
  }
  // Money left the treasury under this reference: neither paying the tranche again nor cancelling it is right.
  if (payment.treasury?.reference !== undefined) {
    throw conflictError(
      "TREASURY_CONFIRMED",
      `the treasury confirmed this payment (reference ${payment.treasury.reference}): it was disbursed`,
      `国库已确认支付（支付凭证号 ${payment.treasury.reference}），不得退回或取消`,
    );
  }
  if (outcome === "return-to-eligible") {
    assertNotTerminated(project, await deps.records.get(trackKind, project.id));
  }
}

/** A finance officer proposes what to do with the tranche of a failed disbursement; it replaces an open proposal. */
export async function proposeResolution(
  deps: PaymentDeps,
  actor: Actor,
  id: string,
  input: { outcome: ResolutionOutcome; reason: string },
): Promise<PaymentRecord> {
  return retryOnConflict(async () => {
    const payment = await loadPayment(deps, id);
    const project = await mustGet(deps.records, projectKind, payment.projectId, "Project", "项目");
    authorizeRecord(actor, "payment", "propose-resolution", partiesOf(project));
    await assertResolvable(deps, payment, project, input.outcome);
    const at = nowIso(deps);
    const replaced = payment.resolution;
    const after = bump(payment, at, {
      resolution: {
        outcome: input.outcome,
        reason: input.reason,
        proposedBy: actor.userId,
        proposedByName: actorName(actor),
        proposedAt: at,
      },
    });
    await deps.records.write(
      [
        updated(
          paymentKind,
          payment,
          after,
          financeNote(actor, "payment.resolution-proposed", {
            outcome: input.outcome,
            reason: input.reason,
            ...(replaced ? { replaces: { outcome: replaced.outcome, proposedBy: replaced.proposedBy } } : {}),
          }),
        ),
      ],
      at,
    );
    return after;
  });
}

/**
 * A second finance officer confirms the open proposal, naming its outcome (so what was confirmed is what was
 * read): the payment closes, the tranche is eligible again or cancelled, the commitment goes back to the budget.
 */
export async function confirmResolution(
  deps: PaymentDeps,
  actor: Actor,
  id: string,
  input: { outcome: ResolutionOutcome },
): Promise<PaymentRecord> {
  return retryOnConflict(async () => {
    const payment = await loadPayment(deps, id);
    const project = await mustGet(deps.records, projectKind, payment.projectId, "Project", "项目");
    const proposal = payment.resolution;
    authorizeRecord(actor, "payment", "confirm-resolution", {
      ...partiesOf(project),
      ...(proposal ? { requestedBy: proposal.proposedBy } : {}),
    });
    await assertResolvable(deps, payment, project, input.outcome);
    if (!proposal) {
      throw conflictError(
        "RESOLUTION_NOT_PROPOSED",
        "no resolution of this failed disbursement has been proposed",
        "该拨付尚无处理意见，须先由一名财务人员提出",
      );
    }
    if (proposal.outcome !== input.outcome) {
      throw conflictError(
        "RESOLUTION_MISMATCH",
        `the open proposal is to ${proposal.outcome}, not to ${input.outcome}`,
        `待确认的处理意见为 ${proposal.outcome}，与确认的 ${input.outcome} 不一致`,
      );
    }
    const tranche = await loadTranche(deps, payment.trancheId);
    if (tranche.status !== "reserved" || tranche.payment?.paymentId !== payment.id) {
      throw conflictError(
        "TRANCHE_NOT_RESERVED",
        `tranche ${tranche.id} is ${tranche.status}, not reserved for this payment`,
        `拨款批次 ${tranche.id} 状态为 ${tranche.status}，并非由本次拨付预留`,
      );
    }
    const programme = await mustGet(deps.records, programmeKind, payment.programmeId, "Programme", "批次");
    const at = nowIso(deps);
    const returned = input.outcome === "return-to-eligible";
    const note = financeNote(actor, returned ? "payment.returned" : "payment.cancelled", {
      trancheId: tranche.id,
      outcome: proposal.outcome,
      reason: proposal.reason,
      proposedBy: proposal.proposedBy,
    });
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
    const after = bump(payment, at, {
      status: returned ? "returned" : "cancelled",
      closedReason: proposal.reason,
      resolution: {
        ...proposal,
        confirmedBy: actor.userId,
        confirmedByName: actorName(actor),
        confirmedAt: at,
      },
    });
    await deps.records.write(
      [
        updated(paymentKind, payment, after, note),
        updated(
          trancheKind,
          tranche,
          bump(tranche, at, {
            // Returned: a later run makes attempt n+1 (a new reservation claim); the `#paid` claim was never written.
            status: returned ? "eligible" : "cancelled",
            payment: { ...tranche.payment, lastRejection: { by: actor.userId, at, reason: proposal.reason } },
          }),
          note,
        ),
        ...ledger,
      ],
      at,
    );
    return after;
  });
}
