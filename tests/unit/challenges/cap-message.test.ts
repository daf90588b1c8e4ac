// Unit tests: the challenge terms' refusals name amounts in yuan with thousands separators, in both languages.
import { describe, expect, it } from "vitest";
import { assertTermsWithinPolicy } from "../../../functions/challenges/model.ts";
import { DomainError } from "../../../functions/kernel/errors.ts";
import { policyPresets } from "../../../functions/programmes/rules/policy.ts";

const now = new Date("2026-03-01T00:00:00+08:00");
const terms = (fundingCapFen: number) => ({
  fundingCapFen,
  window: { opensAt: "2026-03-02T00:00:00+08:00", closesAt: "2026-04-01T00:00:00+08:00" },
  horseRace: { allowed: false, maxWinners: 1 },
  periodMonths: 12,
});

function refusal(run: () => void): DomainError {
  try {
    run();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error("not refused");
}

describe("challenge terms: amounts in yuan", () => {
  it("a cap above a policy without case-by-case says the policy's cap in yuan, not fen", () => {
    const policy = policyPresets["anshan-2025"]!;
    const e = refusal(() =>
      assertTermsWithinPolicy(
        terms(policy.capFen + 1),
        { policy, budgetFen: 10 * policy.capFen },
        now,
        "body.",
      ),
    );
    const field = e.fields?.find((f) => f.path === "body.fundingCapFen");
    expect(field?.messageZh).toContain("超过政策规定的单项最高额度 1,000,000.00 元");
    expect(field?.message).toContain("1,000,000.00 yuan");
    expect(e.messageZh).not.toMatch(/\d 分/);
    expect(e.message).not.toMatch(/\d fen/);
  });

  it("a cap above the programme budget says the budget in yuan", () => {
    const policy = policyPresets["taiyuan-2023"]!;
    const e = refusal(() =>
      assertTermsWithinPolicy(terms(123_456_789), { policy, budgetFen: 100_000_00 }, now, ""),
    );
    expect(e.fields?.[0]?.messageZh).toBe("超过本批次总预算 100,000.00 元");
    expect(e.fields?.[0]?.message).toBe("above the programme budget of 100,000.00 yuan");
  });
});
