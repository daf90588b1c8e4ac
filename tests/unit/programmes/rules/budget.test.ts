// Unit tests: programme arithmetic — committed, disbursed, recovered, outstanding, budget, leverage.
import { describe, expect, it } from "vitest";
import { formatRatio } from "../../../../functions/kernel/money.ts";
import { budgetHeldFen, programmeLedger } from "../../../../functions/programmes/rules/budget.ts";

const yuan = (n: number) => n * 100;

describe("programmeLedger", () => {
  it("adds up a programme exactly", () => {
    const ledger = programmeLedger({
      budgetFen: yuan(20_000_000),
      projects: [
        {
          challengeId: "c1",
          status: "in-progress",
          rdInvestmentFen: yuan(10_000_000),
          grantFen: yuan(3_000_000),
          recoveredFen: 0,
          tranches: [
            { amountFen: yuan(900_000), status: "paid" },
            { amountFen: yuan(1_200_000), status: "approved" },
            { amountFen: yuan(900_000), status: "planned" },
          ],
        },
        {
          // terminated after tranche 1: the rest cancelled, 300,000 recovered
          challengeId: "c2",
          status: "terminated",
          rdInvestmentFen: yuan(5_000_000),
          grantFen: yuan(1_050_000),
          recoveredFen: yuan(300_000),
          tranches: [
            { amountFen: yuan(450_000), status: "paid" },
            { amountFen: yuan(600_000), status: "cancelled" },
          ],
        },
        {
          challengeId: "c3",
          status: "awaiting-task-book",
          rdInvestmentFen: yuan(1_000_000),
          grantFen: yuan(100_000),
          recoveredFen: 0,
          tranches: [{ amountFen: yuan(100_000), status: "cancelled" }],
        },
      ],
      recoveries: [
        { amountFen: yuan(300_000), status: "recovered" },
        { amountFen: yuan(50_000), status: "assessed" },
        { amountFen: yuan(1), status: "waived" },
      ],
    });
    expect(ledger).toEqual({
      committedFen: yuan(3_450_000),
      disbursedFen: yuan(1_350_000),
      outstandingFen: yuan(2_100_000),
      recoveredFen: yuan(300_000),
      recoverableFen: yuan(50_000),
      netPublicFen: yuan(1_050_000),
      budgetLeftFen: yuan(16_550_000),
      enterpriseInvestmentFen: yuan(15_000_000),
      // social: 10,000,000 − 3,000,000 (the terminated project's none); public: 3,000,000 + (450,000 − 300,000)
      socialInvestmentFen: yuan(7_000_000),
      leveragePublicFen: yuan(3_150_000),
      roadShowInterestFen: 0,
      leverage: { numerator: 20n, denominator: 9n },
    });
    expect(formatRatio(ledger.leverage)).toBe("2.22");
  });
  it("Jinan 2023 (003): 20,000,000 public levers 139,000,000 of market R&D (159,000,000 in all) → 6.95", () => {
    const ledger = programmeLedger({
      budgetFen: yuan(20_000_000),
      projects: [
        {
          challengeId: "c1",
          status: "in-progress",
          rdInvestmentFen: yuan(159_000_000),
          grantFen: yuan(20_000_000),
          recoveredFen: 0,
          tranches: [{ amountFen: yuan(20_000_000), status: "planned" }],
        },
      ],
      recoveries: [],
    });
    expect(formatRatio(ledger.leverage)).toBe("6.95");
    expect(ledger.budgetLeftFen).toBe(0);
  });
  it("no budget, nothing committed", () => {
    const ledger = programmeLedger({ budgetFen: null, projects: [], recoveries: [] });
    expect(ledger.budgetLeftFen).toBeNull();
    expect(formatRatio(ledger.leverage)).toBeNull();
  });
});

describe("budgetHeldFen (what a project holds of its programme's budget)", () => {
  it("is the grant until the task book fixes tranches", () => {
    expect(budgetHeldFen({ grantFen: yuan(3_000_000), tranches: [] })).toBe(yuan(3_000_000));
  });
  it("is then every tranche not cancelled, paid or not", () => {
    expect(
      budgetHeldFen({
        grantFen: yuan(3_000_000),
        tranches: [
          { amountFen: yuan(900_000), status: "paid" },
          { amountFen: yuan(1_200_000), status: "reserved" },
          { amountFen: yuan(900_000), status: "planned" },
        ],
      }),
    ).toBe(yuan(3_000_000));
  });
  it("a replacement (递补) is not counted twice: the ended project holds what was paid, its successor the rest", () => {
    // Taiyuan's 30/40/30 on 3,000,000: the first tranche paid, then exit on performance and replacement; the two
    // unpaid tranches are cancelled at the ending and the next-ranked application's project gets 2,100,000.
    const ended = {
      challengeId: "c1",
      status: "terminated",
      rdInvestmentFen: yuan(9_000_000),
      grantFen: yuan(3_000_000),
      recoveredFen: 0,
      tranches: [
        { amountFen: yuan(900_000), status: "paid" },
        { amountFen: yuan(1_200_000), status: "cancelled" },
        { amountFen: yuan(900_000), status: "cancelled" },
      ],
    };
    const successor = {
      challengeId: "c1",
      status: "awaiting-task-book",
      rdInvestmentFen: yuan(8_000_000),
      grantFen: yuan(2_100_000),
      recoveredFen: 0,
      tranches: [],
    };
    expect(budgetHeldFen(ended) + budgetHeldFen(successor)).toBe(yuan(3_000_000));
    const ledger = programmeLedger({
      budgetFen: yuan(5_000_000),
      projects: [ended, successor],
      recoveries: [],
    });
    // Committed counts tranches only (the successor has none yet); the budget left counts its grant as well.
    expect(ledger.committedFen).toBe(yuan(900_000));
    expect(ledger.budgetLeftFen).toBe(yuan(2_000_000));
  });
});
