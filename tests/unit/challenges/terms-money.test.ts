// Unit: the challenge terms' refusals name money in yuan to the fen (¥1,000,000.00), never in fen — the bureau reads
// them next to the amount it typed in yuan (the workbench's cap field).
import { describe, expect, it } from "vitest";
import { assertTermsWithinPolicy } from "../../../functions/challenges/model.ts";
import type { DomainError } from "../../../functions/kernel/errors.ts";
import { getPolicyPreset } from "../../../functions/programmes/rules/policy.ts";

const now = new Date("2025-09-01T01:00:00.000Z");
const terms = (fundingCapFen: number) => ({
  fundingCapFen,
  window: { opensAt: "2025-09-10T00:00:00.000Z", closesAt: "2025-10-10T00:00:00.000Z" },
  horseRace: { allowed: false, maxWinners: 1 },
  periodMonths: 24,
});

function issues(fundingCapFen: number, budgetFen: number, policyId: string) {
  try {
    assertTermsWithinPolicy(
      terms(fundingCapFen),
      { policy: getPolicyPreset(policyId), budgetFen },
      now,
      "body.",
    );
  } catch (error) {
    return (error as DomainError).fields ?? [];
  }
  return [];
}

describe("money in the challenge terms' refusals", () => {
  it("states the programme budget in yuan", () => {
    const [issue] = issues(90_000_000_000, 10_000_000_000, "anshan-2025");
    expect(issue).toMatchObject({ path: "body.fundingCapFen" });
    expect(issue?.messageZh).toBe("超过本批次总预算 ¥100,000,000.00");
    expect(issue?.message).toBe("above the programme budget of ¥100,000,000.00");
  });

  it("states the policy's cap in yuan, with and without a case-by-case exception", () => {
    const [capped] = issues(200_000_000, 10_000_000_000, "anshan-2025");
    expect(capped?.messageZh).toContain("超过政策规定的单项最高额度 ¥1,000,000.00");
    const [exception] = issues(3_000_000_000, 10_000_000_000, "taiyuan-2023");
    expect(exception?.messageZh).toContain("超过政策单项最高额度 ¥20,000,000.00 须说明一事一议理由");
    for (const issue of [capped, exception])
      expect(`${issue?.message} ${issue?.messageZh}`).not.toMatch(/fen|分/);
  });
});
