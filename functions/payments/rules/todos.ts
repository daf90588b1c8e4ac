// Pure rules of payments' to-dos (待办): a payment waiting for its second finance officer's approval (four eyes: every
// finance officer but its maker and any officer of the payee), a failed disbursement to resolve, and a resolution to
// confirm by another officer than its proposer.

import type { Todo } from "../../kernel/todos.ts";
import { deadlineAfter } from "../../kernel/todos.ts";
import type { PaymentRecord } from "../model.ts";
import { approvalWaitDays } from "./terms.ts";

export function paymentTodos(p: PaymentRecord): Todo[] {
  const common = {
    titleFrom: { kind: "PROJECT", id: p.projectId },
    link: `/payments/${p.id}`,
    assignees: [{ role: "finance" }],
    exceptOrganisations: [p.payeeOrganisationId],
  };
  // Decided (p.approval written) but not moved on yet — the workflow's next state not run, or its callback answered
  // only once it parks again (parkApprovalTask) —: nothing waits for anyone, the decision shows on the payment.
  if (p.status === "awaiting-approval" && p.pendingTask?.kind === "approval" && !p.approval) {
    return [
      {
        ...common,
        action: "payment.approve",
        since: p.requestedAt,
        deadline: deadlineAfter(p.requestedAt, approvalWaitDays),
        link: `/payments/${p.id}/approval`,
        exceptUsers: [p.requestedBy],
      },
    ];
  }
  if (p.status === "disbursement-failed") {
    const failedAt = p.treasury?.failures.at(-1)?.at ?? p.createdAt;
    const open = p.resolution && !p.resolution.confirmedAt ? p.resolution : undefined;
    return [
      open
        ? {
            ...common,
            action: "payment.confirm-resolution",
            since: open.proposedAt,
            link: `/payments/${p.id}/resolution`,
            exceptUsers: [open.proposedBy],
          }
        : {
            ...common,
            action: "payment.propose-resolution",
            since: failedAt,
            link: `/payments/${p.id}/resolution`,
          },
    ];
  }
  return [];
}
