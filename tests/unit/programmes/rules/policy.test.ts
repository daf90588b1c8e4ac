// Unit tests: funding policy presets and validation of custom policies.
import { describe, expect, it } from "vitest";
import { DomainError } from "../../../../functions/kernel/errors.ts";
import {
  conditionToken,
  describeCondition,
  getPolicyPreset,
  parseFundingPolicy,
  policyPresets,
  presetIds,
} from "../../../../functions/programmes/rules/policy.ts";

describe("presets", () => {
  it("has the four seed programmes, each valid under the schema", () => {
    expect(presetIds).toEqual(["taiyuan-2023", "anshan-2025", "taian-2024", "jinan-2023"]);
    for (const preset of Object.values(policyPresets)) expect(parseFundingPolicy(preset)).toEqual(preset);
  });
  it("encodes Taiyuan 002 四.(六): 30% up to 20,000,000, 30/40/30, lump sum ≤ 500,000, 一事一议", () => {
    const p = getPolicyPreset("taiyuan-2023");
    expect(p).toMatchObject({
      subsidyRateBp: 3000,
      capFen: 2_000_000_000,
      lumpSumThresholdFen: 50_000_000,
      allowsCaseByCaseException: true,
      maxPeriodMonths: 36,
      youngResearcherMinShareBp: 5000,
      noticeWorkingDays: 5,
    });
    expect(p.tranches.map((t) => t.shareBp)).toEqual([3000, 4000, 3000]);
  });
  it("encodes Anshan 000 二.(一)(五): 10% up to 1,000,000, 60% at anniversary 1, 40% on acceptance", () => {
    const p = getPolicyPreset("anshan-2025");
    expect(p.subsidyRateBp).toBe(1000);
    expect(p.capFen).toBe(100_000_000);
    expect(p.tranches).toEqual([
      { shareBp: 6000, condition: { kind: "anniversary", years: 1 } },
      { shareBp: 4000, condition: { kind: "final-acceptance" } },
    ]);
  });
  it("encodes Tai'an 004 (≤5,000,000) and Jinan 003 (budget 20,000,000)", () => {
    expect(getPolicyPreset("taian-2024").capFen).toBe(500_000_000);
    expect(getPolicyPreset("jinan-2023").programmeBudgetFen).toBe(2_000_000_000);
  });
  it("unknown ids are not found", () => {
    expect(() => getPolicyPreset("nowhere")).toThrow(
      expect.objectContaining({ kind: "not-found", code: "POLICY_NOT_FOUND" }),
    );
    expect(() => getPolicyPreset("toString")).toThrow(DomainError);
  });
});

describe("custom policies", () => {
  const base = getPolicyPreset("taiyuan-2023");
  const fieldsOf = (input: unknown) => {
    try {
      parseFundingPolicy(input);
    } catch (e) {
      return (e as DomainError).fields?.map((f) => f.path);
    }
    return [];
  };
  it("accepts a valid custom policy", () => {
    expect(parseFundingPolicy({ ...base, id: "my-city-2026" }).id).toBe("my-city-2026");
  });
  it("rejects shares not summing to 100%", () => {
    expect(
      fieldsOf({ ...base, tranches: [{ shareBp: 5000, condition: { kind: "task-book-signed" } }] }),
    ).toEqual(["tranches"]);
  });
  it("rejects a cap above the budget and an anniversary after the period", () => {
    expect(fieldsOf({ ...base, programmeBudgetFen: 1000 })).toEqual(["capFen"]);
    expect(
      fieldsOf({
        ...base,
        maxPeriodMonths: 12,
        tranches: [
          { shareBp: 5000, condition: { kind: "anniversary", years: 2 } },
          { shareBp: 5000, condition: { kind: "final-acceptance" } },
        ],
      }),
    ).toEqual(["tranches.0.condition.years"]);
  });
  it("names bad fields", () => {
    expect(fieldsOf({ ...base, subsidyRateBp: 0, capFen: 1.5, id: "Bad Id", extra: 1 })).toEqual(
      expect.arrayContaining(["subsidyRateBp", "capFen", "id", "(root)"]),
    );
    expect(fieldsOf({ ...base, capFen: 2 ** 60 })).toEqual(["capFen"]);
  });
});

describe("conditions", () => {
  it("have stable tokens and words", () => {
    expect(conditionToken({ kind: "task-book-signed" })).toBe("task-book-signed");
    expect(conditionToken({ kind: "milestone-passed", milestone: 2 })).toBe("milestone-passed:2");
    expect(conditionToken({ kind: "anniversary", years: 1 })).toBe("anniversary:1");
    expect(conditionToken({ kind: "final-acceptance" })).toBe("final-acceptance");
    expect(describeCondition({ kind: "anniversary", years: 1 }).zh).toBe("合同签订满1年后");
    expect(describeCondition({ kind: "milestone-passed", milestone: 1 }).en).toContain("milestone 1");
    expect(describeCondition({ kind: "final-acceptance" }).zh).toBe("项目结题验收后");
    expect(describeCondition({ kind: "task-book-signed" }).en).toBe("on signing the task book");
  });
});
