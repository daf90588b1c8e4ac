// Unit tests: recoveries on termination and fraud — examples of 《太原市实施“双百攻关行动”工作方案》四（七）4 and properties.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DomainError } from "../../../../functions/kernel/errors.ts";
import { planGrant } from "../../../../functions/programmes/rules/grant.ts";
import { getPolicyPreset } from "../../../../functions/programmes/rules/policy.ts";
import {
  assertReceiptDate,
  computeRecovery,
  isReceivableOverdue,
  reassessRecovery,
  receivableDueDays,
  receivableDueOn,
  unpaidTranchesAfter,
} from "../../../../functions/recoveries/rules/recovery.ts";
import { amountArb, policyArb } from "../../kernel/arbitraries.ts";

const taiyuan = getPolicyPreset("taiyuan-2023");
const yuan = (n: number) => n * 100;
const plan = planGrant(taiyuan, { rdInvestmentFen: yuan(10_000_000) });

describe("domain.md examples", () => {
  it("termination after tranche 1 (900,000 paid, 600,000 spent): 300,000 back, tranches 2 and 3 cancelled", () => {
    const unpaid = unpaidTranchesAfter(plan.tranches, yuan(900_000));
    const r = computeRecovery(taiyuan, {
      reason: "termination",
      paidFen: yuan(900_000),
      verifiedSpendingFen: yuan(600_000),
      unpaidTranches: unpaid,
    });
    expect(r.recoverFen).toBe(yuan(300_000));
    expect(r.cancelledTranches).toEqual([2, 3]);
    expect(r.cancelledFen).toBe(yuan(2_100_000));
    expect(r.creditRecord).toBeNull();
  });
  it("fraud after tranches 1 and 2: 2,100,000 back and a credit record", () => {
    const r = computeRecovery(taiyuan, {
      reason: "fraud",
      paidFen: yuan(2_100_000),
      verifiedSpendingFen: yuan(2_000_000),
      unpaidTranches: unpaidTranchesAfter(plan.tranches, yuan(2_100_000)),
      organisationIds: ["org-solver"],
      decidedOn: "2026-02-28",
    });
    expect(r.recoverFen).toBe(yuan(2_100_000));
    expect(r.cancelledTranches).toEqual([3]);
    expect(r.creditRecord).toEqual({
      organisationIds: ["org-solver"],
      blockMonths: 36,
      recordedOn: "2026-02-28",
      blockedUntil: "2029-02-28",
    });
  });
});

describe("edges", () => {
  it("never recovers a negative amount", () => {
    expect(
      computeRecovery(taiyuan, { reason: "termination", paidFen: 100, verifiedSpendingFen: 500 }).recoverFen,
    ).toBe(0);
  });
  it("fraud without a date still gives the block period", () => {
    const r = computeRecovery(taiyuan, { reason: "fraud", paidFen: 100 });
    expect(r.creditRecord).toEqual({ organisationIds: [], blockMonths: 36 });
  });
  it("validates input", () => {
    expect(() => computeRecovery(taiyuan, { reason: "fraud", paidFen: -1 })).toThrow(
      expect.objectContaining({
        code: "INVALID_RECOVERY_INPUT",
        fields: [expect.objectContaining({ path: "paidFen" })],
      }),
    );
    expect(() => computeRecovery(taiyuan, { reason: "oops" as never, paidFen: 1 })).toThrow(DomainError);
    expect(() => computeRecovery(taiyuan, { reason: "fraud", paidFen: 1, decidedOn: "2026-02-30" })).toThrow(
      expect.objectContaining({
        fields: [expect.objectContaining({ path: "decidedOn", messageZh: "不是有效日期（YYYY-MM-DD）" })],
      }),
    );
  });
  it("paid must be a total of the first tranches", () => {
    expect(unpaidTranchesAfter(plan.tranches, 0).map((t) => t.index)).toEqual([1, 2, 3]);
    expect(unpaidTranchesAfter(plan.tranches, yuan(3_000_000))).toEqual([]);
    expect(() => unpaidTranchesAfter(plan.tranches, yuan(1_000_000))).toThrow(
      expect.objectContaining({ code: "PAID_NOT_TRANCHE_TOTAL" }),
    );
  });
});

describe("properties", () => {
  it("recovery is within [0, paid]; fraud recovers all paid; termination recovers paid − spent", () => {
    fc.assert(
      fc.property(
        policyArb,
        amountArb,
        fc.nat({ max: 1_000_000_000_000_000 }),
        fc.constantFrom("termination" as const, "fraud" as const),
        (policy, paid, spent, reason) => {
          const r = computeRecovery(policy, { reason, paidFen: paid, verifiedSpendingFen: spent });
          expect(r.recoverFen).toBeGreaterThanOrEqual(0);
          expect(r.recoverFen).toBeLessThanOrEqual(paid);
          if (reason === "fraud") {
            expect(r.recoverFen).toBe(paid);
            expect(r.creditRecord).not.toBeNull();
          } else {
            expect(r.recoverFen).toBe(Math.max(0, paid - spent));
            expect(r.creditRecord).toBeNull();
          }
        },
      ),
      { numRuns: 500 },
    );
  });
  it("paid + cancelled = grant for any prefix of paid tranches", () => {
    fc.assert(
      fc.property(policyArb, amountArb, fc.nat({ max: 8 }), (policy, rd, k) => {
        const p = planGrant(policy, { rdInvestmentFen: rd });
        const paid = p.tranches.slice(0, k).reduce((s, t) => s + t.amountFen, 0);
        const unpaid = unpaidTranchesAfter(p.tranches, paid);
        const r = computeRecovery(policy, { reason: "termination", paidFen: paid, unpaidTranches: unpaid });
        expect(paid + r.cancelledFen).toBe(p.grantFen);
      }),
      { numRuns: 300 },
    );
  });
});

describe("receivable due date and overdue (decision: 30 days after the decision)", () => {
  it("is due 30 calendar days after the decision and overdue from the next day while money is outstanding", () => {
    expect(receivableDueDays).toBe(30);
    expect(receivableDueOn("2025-06-02")).toBe("2025-07-02");
    expect(receivableDueOn("2025-12-15")).toBe("2026-01-14");
    expect(isReceivableOverdue("2025-06-02", 1, "2025-07-02")).toBe(false);
    expect(isReceivableOverdue("2025-06-02", 1, "2025-07-03")).toBe(true);
    expect(isReceivableOverdue("2025-06-02", 0, "2025-09-01")).toBe(false);
  });
});

describe("reassessRecovery (a tranche in payment at termination is paid after all)", () => {
  const first = computeRecovery(taiyuan, {
    reason: "termination",
    paidFen: yuan(900_000),
    verifiedSpendingFen: yuan(600_000),
    unpaidTranches: unpaidTranchesAfter(plan.tranches, yuan(900_000)),
  });
  const recovery = {
    reason: "termination" as const,
    paidFen: yuan(900_000),
    amountFen: first.recoverFen,
    verifiedSpendingFen: yuan(600_000),
    payerOrganisationId: "ent-1",
    explanation: first.explanation,
  };

  it("adds the paid tranche and recovers what was paid beyond the verified spending", () => {
    const again = reassessRecovery(taiyuan, recovery, yuan(1_200_000), "trn-p-2");
    expect(again.paidFen).toBe(yuan(2_100_000));
    expect(again.amountFen).toBe(yuan(1_500_000));
  });

  it("keeps the first assessment's lines and says why it changed, without cancelling tranches again", () => {
    const again = reassessRecovery(taiyuan, recovery, yuan(1_200_000), "trn-p-2");
    expect(again.explanation.slice(0, recovery.explanation.length)).toEqual(recovery.explanation);
    const added = again.explanation.slice(recovery.explanation.length);
    expect(added[0]).toMatchObject({ rule: "paid-after-termination" });
    expect(added[0]!.messageZh).toContain("trn-p-2");
    expect(added.some((line) => line.rule === "cancel-unpaid")).toBe(false);
  });
});

describe("assertReceiptDate", () => {
  it("takes a receipt dated from the decision to today, and refuses any other date (422 on body.receivedOn)", () => {
    for (const receivedOn of ["2026-03-02", "2026-03-15", "2026-04-01"]) {
      expect(() => assertReceiptDate(receivedOn, "2026-03-02", "2026-04-01"), receivedOn).not.toThrow();
    }
    for (const receivedOn of ["9999-12-31", "1900-01-01", "2026-03-01", "2026-04-02"]) {
      expect(() => assertReceiptDate(receivedOn, "2026-03-02", "2026-04-01"), receivedOn).toThrow(
        expect.objectContaining({
          code: "RECEIPT_DATE_OUT_OF_RANGE",
          kind: "business-rule",
          fields: [expect.objectContaining({ path: "body.receivedOn" })],
        }),
      );
    }
  });
});
