// Test helpers: fast-check arbitraries for random valid funding policies and amounts.
import fc from "fast-check";
import {
  type FundingPolicy,
  parseFundingPolicy,
  type ReleaseCondition,
} from "../../../functions/programmes/rules/policy.ts";

const condition: fc.Arbitrary<ReleaseCondition> = fc.oneof(
  fc.constant({ kind: "task-book-signed" as const }),
  fc.integer({ min: 1, max: 5 }).map((milestone) => ({ kind: "milestone-passed" as const, milestone })),
  fc.constant({ kind: "final-acceptance" as const }),
  fc.integer({ min: 1, max: 3 }).map((years) => ({ kind: "anniversary" as const, years })),
);

/** Shares in bp, each > 0, summing to 10000. */
const shares: fc.Arbitrary<number[]> = fc
  .uniqueArray(fc.integer({ min: 1, max: 9999 }), { maxLength: 7 })
  .map((cuts) => {
    const sorted = [0, ...cuts.sort((a, b) => a - b), 10_000];
    return sorted.slice(1).map((v, i) => v - (sorted[i] as number));
  });

export const policyArb: fc.Arbitrary<FundingPolicy> = fc
  .record({
    rate: fc.integer({ min: 1, max: 10_000 }),
    cap: fc.integer({ min: 1, max: 1_000_000_000_000 }),
    threshold: fc.integer({ min: 0, max: 100_000_000 }),
    shares,
    conditions: fc.array(condition, { minLength: 8, maxLength: 8 }),
    exception: fc.boolean(),
  })
  .map(({ rate, cap, threshold, shares: s, conditions, exception }) =>
    parseFundingPolicy({
      id: "custom-test",
      name: "Custom",
      nameZh: "自定义",
      source: "custom",
      subsidyRateBp: rate,
      capFen: cap,
      allowsCaseByCaseException: exception,
      lumpSumThresholdFen: threshold,
      tranches: s.map((shareBp, i) => ({ shareBp, condition: conditions[i] })),
      maxPeriodMonths: 36,
      youngResearcherMinShareBp: 5000,
      youngResearcherAgeLimit: 40,
      noticeWorkingDays: 5,
      horseRaceLimit: 3,
      programmeBudgetFen: null,
      creditRecordBlockMonths: 36,
    }),
  );

/** Amounts in fen up to 10^15 (10 trillion yuan): rate × amount exceeds 2^53. */
export const amountArb = fc.integer({ min: 1, max: 1_000_000_000_000_000 });
