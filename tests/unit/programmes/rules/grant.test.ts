// Unit tests: grants and tranches — the examples of 《太原市实施“双百攻关行动”工作方案》四（六） and 《鞍山市科技局关于完善“揭榜挂帅”制度建议的答复》二（一）（五）, 一事一议, properties.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DomainError } from "../../../../functions/kernel/errors.ts";
import { applyRateFloor } from "../../../../functions/kernel/money.ts";
import {
  assertGrantWithinRules,
  planGrant,
  splitByShares,
} from "../../../../functions/programmes/rules/grant.ts";
import { getPolicyPreset } from "../../../../functions/programmes/rules/policy.ts";
import { amountArb, policyArb } from "../../kernel/arbitraries.ts";

const taiyuan = getPolicyPreset("taiyuan-2023");
const anshan = getPolicyPreset("anshan-2025");
const yuan = (n: number) => n * 100;
const exception = {
  approverId: "vice-mayor-1",
  reason: "特别重大的关键核心技术攻关项目",
  decidedAt: "2025-03-01T10:00:00+08:00",
};

describe("domain.md examples", () => {
  it("Taiyuan, R&D 10,000,000: 3,000,000 → 900,000 / 1,200,000 / 900,000", () => {
    const plan = planGrant(taiyuan, { rdInvestmentFen: yuan(10_000_000) });
    expect(plan.grantFen).toBe(yuan(3_000_000));
    expect(plan.lumpSum).toBe(false);
    expect(plan.tranches.map((t) => [t.index, t.conditionToken, t.amountFen])).toEqual([
      [1, "task-book-signed", yuan(900_000)],
      [2, "milestone-passed:1", yuan(1_200_000)],
      [3, "final-acceptance", yuan(900_000)],
    ]);
    expect(plan.explanation.map((l) => l.rule)).toEqual([
      "rate",
      "cap",
      "schedule",
      "tranche-1",
      "tranche-2",
      "tranche-3",
    ]);
  });
  it("Taiyuan, R&D 1,500,000: 450,000 at once on signing", () => {
    const plan = planGrant(taiyuan, { rdInvestmentFen: yuan(1_500_000) });
    expect(plan.grantFen).toBe(yuan(450_000));
    expect(plan.lumpSum).toBe(true);
    expect(plan.tranches).toEqual([
      {
        index: 1,
        condition: { kind: "task-book-signed" },
        conditionToken: "task-book-signed",
        amountFen: yuan(450_000),
      },
    ]);
    expect(plan.explanation.at(-1)?.rule).toBe("lump-sum");
  });
  it("Taiyuan lump sum is inclusive: exactly 500,000 paid at once, 500,000.01 in tranches", () => {
    expect(
      planGrant(taiyuan, { rdInvestmentFen: yuan(10_000_000), requestedFen: yuan(500_000) }).lumpSum,
    ).toBe(true);
    const over = planGrant(taiyuan, { rdInvestmentFen: yuan(10_000_000), requestedFen: yuan(500_000) + 1 });
    expect(over.lumpSum).toBe(false);
    expect(over.tranches.map((t) => t.amountFen)).toEqual([15_000_000, 20_000_000, 15_000_001]);
  });
  it("Taiyuan, R&D 100,000,000: capped at 20,000,000", () => {
    const plan = planGrant(taiyuan, { rdInvestmentFen: yuan(100_000_000) });
    expect(plan.grantFen).toBe(yuan(20_000_000));
    expect(plan.boundBy).toBe("cap");
    expect(plan.tranches.map((t) => t.amountFen)).toEqual([
      yuan(6_000_000),
      yuan(8_000_000),
      yuan(6_000_000),
    ]);
  });
  it("Anshan, technology investment 8,000,000: 800,000 → 480,000 in year two, 320,000 after acceptance", () => {
    const plan = planGrant(anshan, { rdInvestmentFen: yuan(8_000_000) });
    expect(plan.grantFen).toBe(yuan(800_000));
    expect(plan.tranches.map((t) => [t.conditionToken, t.amountFen])).toEqual([
      ["anniversary:1", yuan(480_000)],
      ["final-acceptance", yuan(320_000)],
    ]);
  });
});

describe("limits", () => {
  it("the request binds when lower", () => {
    const plan = planGrant(taiyuan, { rdInvestmentFen: yuan(10_000_000), requestedFen: yuan(2_500_000) });
    expect(plan.grantFen).toBe(yuan(2_500_000));
    expect(plan.boundBy).toBe("requested");
  });
  it("a higher request does not raise the grant", () => {
    const plan = planGrant(taiyuan, { rdInvestmentFen: yuan(10_000_000), requestedFen: yuan(5_000_000) });
    expect(plan.grantFen).toBe(yuan(3_000_000));
    expect(plan.explanation.find((l) => l.rule === "requested")?.message).toContain("not less than");
  });
  it("floors to the fen and puts the remainder on the last tranche", () => {
    const plan = planGrant(taiyuan, { rdInvestmentFen: 333_333_337 }); // 30% = 100,000,001.1 fen
    expect(plan.grantFen).toBe(100_000_001);
    expect(plan.tranches.map((t) => t.amountFen)).toEqual([30_000_000, 40_000_000, 30_000_001]);
  });
  it("splitByShares handles one tranche", () => {
    expect(
      splitByShares(7, [{ shareBp: 10_000, condition: { kind: "final-acceptance" } }])[0]?.amountFen,
    ).toBe(7);
  });
  it("rejects bad input naming the field", () => {
    expect(() => planGrant(taiyuan, { rdInvestmentFen: 0 })).toThrow(
      expect.objectContaining({
        code: "INVALID_GRANT_INPUT",
        fields: [expect.objectContaining({ path: "rdInvestmentFen" })],
      }),
    );
    expect(() => planGrant(taiyuan, { rdInvestmentFen: 1.5 })).toThrow(DomainError);
  });
});

describe("一事一议 case-by-case exception", () => {
  it("lifts the cap only with a recorded decision and reason", () => {
    const plan = planGrant(taiyuan, { rdInvestmentFen: yuan(100_000_000), exception });
    expect(plan.grantFen).toBe(yuan(30_000_000));
    expect(plan.exceptionApplied).toBe(true);
    expect(plan.explanation.find((l) => l.rule === "case-by-case-exception")?.message).toContain(
      "vice-mayor-1",
    );
  });
  it("needs an approver and a reason", () => {
    expect(() =>
      planGrant(taiyuan, { rdInvestmentFen: yuan(100_000_000), exception: { ...exception, reason: "  " } }),
    ).toThrow(expect.objectContaining({ fields: [expect.objectContaining({ path: "exception.reason" })] }));
    expect(() =>
      planGrant(taiyuan, {
        rdInvestmentFen: yuan(100_000_000),
        exception: { reason: "x", decidedAt: exception.decidedAt } as never,
      }),
    ).toThrow(DomainError);
  });
  it("is refused where the policy has none", () => {
    expect(() => planGrant(anshan, { rdInvestmentFen: yuan(100_000_000), exception })).toThrow(
      expect.objectContaining({ code: "EXCEPTION_NOT_ALLOWED", kind: "business-rule" }),
    );
  });
  it("assertGrantWithinRules names the binding limit", () => {
    const input = { rdInvestmentFen: yuan(100_000_000) };
    expect(() => assertGrantWithinRules(taiyuan, input, yuan(20_000_000) + 1)).toThrow(
      expect.objectContaining({ code: "GRANT_EXCEEDS_CAP" }),
    );
    expect(() =>
      assertGrantWithinRules(taiyuan, { rdInvestmentFen: yuan(1_000_000) }, yuan(300_001)),
    ).toThrow(expect.objectContaining({ code: "GRANT_EXCEEDS_RATE" }));
    expect(() =>
      assertGrantWithinRules(taiyuan, { rdInvestmentFen: yuan(1_000_000), requestedFen: 100 }, 101),
    ).toThrow(expect.objectContaining({ code: "GRANT_EXCEEDS_REQUEST" }));
    expect(() => assertGrantWithinRules(taiyuan, input, yuan(20_000_000))).not.toThrow();
    expect(() => assertGrantWithinRules(taiyuan, { ...input, exception }, yuan(30_000_000))).not.toThrow();
  });
});

describe("properties (random policies and amounts)", () => {
  it("tranches sum to the grant, none negative, grant ≤ cap, ≤ rate × investment, ≤ request; lump sum iff grant ≤ threshold", () => {
    fc.assert(
      fc.property(policyArb, amountArb, fc.option(amountArb, { nil: undefined }), (policy, rd, requested) => {
        const plan = planGrant(policy, {
          rdInvestmentFen: rd,
          ...(requested === undefined ? {} : { requestedFen: requested }),
        });
        const total = plan.tranches.reduce((s, t) => s + BigInt(t.amountFen), 0n);
        expect(total).toBe(BigInt(plan.grantFen));
        for (const t of plan.tranches) {
          expect(t.amountFen).toBeGreaterThanOrEqual(0);
          expect(Number.isSafeInteger(t.amountFen)).toBe(true);
        }
        expect(plan.grantFen).toBeLessThanOrEqual(policy.capFen);
        expect(plan.grantFen).toBeLessThanOrEqual(applyRateFloor(rd, policy.subsidyRateBp));
        expect(BigInt(plan.grantFen) * 10_000n).toBeLessThanOrEqual(
          BigInt(rd) * BigInt(policy.subsidyRateBp),
        );
        if (requested !== undefined) expect(plan.grantFen).toBeLessThanOrEqual(requested);
        expect(plan.lumpSum).toBe(plan.grantFen <= policy.lumpSumThresholdFen);
        expect(plan.tranches.length).toBe(plan.lumpSum ? 1 : policy.tranches.length);
        expect(plan.tranches.map((t) => t.index)).toEqual(plan.tranches.map((_, i) => i + 1));
        // the grant is exactly the minimum of the three limits
        const limits = [
          applyRateFloor(rd, policy.subsidyRateBp),
          policy.capFen,
          ...(requested === undefined ? [] : [requested]),
        ];
        expect(plan.grantFen).toBe(Math.min(...limits));
      }),
      { numRuns: 500 },
    );
  });
  it("with a recorded exception the cap is lifted but rate and request still bind", () => {
    fc.assert(
      fc.property(
        policyArb.filter((p) => p.allowsCaseByCaseException),
        amountArb,
        (policy, rd) => {
          const plan = planGrant(policy, { rdInvestmentFen: rd, exception });
          expect(plan.grantFen).toBe(applyRateFloor(rd, policy.subsidyRateBp));
          expect(plan.tranches.reduce((s, t) => s + t.amountFen, 0)).toBe(plan.grantFen);
        },
      ),
      { numRuns: 200 },
    );
  });
  it("each scheduled tranche is its share floored, except the last which takes the remainder", () => {
    fc.assert(
      fc.property(policyArb, amountArb, (policy, grant) => {
        const tranches = splitByShares(grant, policy.tranches);
        tranches.slice(0, -1).forEach((t, i) => {
          expect(t.amountFen).toBe(applyRateFloor(grant, policy.tranches[i]?.shareBp as number));
        });
        const last = tranches.at(-1)?.amountFen as number;
        expect(last).toBeGreaterThanOrEqual(applyRateFloor(grant, policy.tranches.at(-1)?.shareBp as number));
        expect(last - applyRateFloor(grant, policy.tranches.at(-1)?.shareBp as number)).toBeLessThan(
          policy.tranches.length,
        );
      }),
      { numRuns: 300 },
    );
  });
});
