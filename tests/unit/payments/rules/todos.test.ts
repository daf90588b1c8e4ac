// Unit tests of payments' to-do rule (functions/payments/rules/todos.ts): the second approval waits for every finance
// officer but its maker and the payee's officers, due after the approval term; a failed disbursement waits for a
// resolution, then for its confirmation by another officer; nothing else waits.
import { describe, expect, it } from "vitest";
import type { PaymentRecord } from "../../../../functions/payments/model.ts";
import { paymentTodos } from "../../../../functions/payments/rules/todos.ts";

const payment = (more: Partial<PaymentRecord>): PaymentRecord =>
  ({
    id: "pmt-trn-1-a1",
    version: 2,
    projectId: "prj-1",
    payeeOrganisationId: "org-solver",
    status: "awaiting-approval",
    requestedBy: "u-maker",
    requestedAt: "2026-05-01T02:00:00.000Z",
    createdAt: "2026-05-01T02:00:00.000Z",
    pendingTask: { kind: "approval", token: "t", since: "2026-05-01T02:00:01.000Z" },
    ...more,
  }) as PaymentRecord;

describe("payment to-dos", () => {
  it("a payment awaiting approval: every finance officer but the maker and the payee's, due 7 days after the request", () => {
    expect(paymentTodos(payment({}))).toEqual([
      {
        action: "payment.approve",
        since: "2026-05-01T02:00:00.000Z",
        deadline: "2026-05-08T02:00:00.000Z",
        titleFrom: { kind: "PROJECT", id: "prj-1" },
        link: "/payments/pmt-trn-1-a1/approval",
        assignees: [{ role: "finance" }],
        exceptUsers: ["u-maker"],
        exceptOrganisations: ["org-solver"],
      },
    ]);
  });

  it("no to-do before the workflow waits for the approval, nor once decided or paid", () => {
    expect(paymentTodos(payment({ pendingTask: undefined }))).toEqual([]);
    // Approved, the workflow not moved on yet (its callback still parked): the to-do is gone with the decision.
    const approval = { decision: "approve" as const, by: "u-second", at: "2026-05-01T03:00:00.000Z" };
    expect(paymentTodos(payment({ approval }))).toEqual([]);
    expect(paymentTodos(payment({ status: "disbursing", pendingTask: undefined }))).toEqual([]);
    expect(paymentTodos(payment({ status: "paid", pendingTask: undefined }))).toEqual([]);
  });

  it("a failed disbursement: a resolution to propose, then to confirm by another officer than its proposer", () => {
    const failed = payment({
      status: "disbursement-failed",
      pendingTask: undefined,
      treasury: { submissions: 3, failures: [{ at: "2026-05-03T00:00:00.000Z", reason: "timeout" }] },
    });
    expect(paymentTodos(failed)).toMatchObject([
      {
        action: "payment.propose-resolution",
        since: "2026-05-03T00:00:00.000Z",
        assignees: [{ role: "finance" }],
      },
    ]);
    const proposed = {
      ...failed,
      resolution: {
        outcome: "cancel" as const,
        reason: "r",
        proposedBy: "u-fin1",
        proposedAt: "2026-05-04T00:00:00.000Z",
      },
    };
    expect(paymentTodos(proposed)).toMatchObject([
      { action: "payment.confirm-resolution", since: "2026-05-04T00:00:00.000Z", exceptUsers: ["u-fin1"] },
    ]);
    expect(
      paymentTodos({
        ...proposed,
        status: "cancelled",
        resolution: {
          ...proposed.resolution,
          confirmedBy: "u-fin2",
          confirmedAt: "2026-05-05T00:00:00.000Z",
        },
      }),
    ).toEqual([]);
  });
});
