// Unit tests: the leverage ratio (撬动比) — social R&D investment ÷ public money, per challenge, programme and city.
import { describe, expect, it } from "vitest";
import { formatRatio } from "../../../../functions/kernel/money.ts";
import {
  type LeverageProject,
  leverageByChallenge,
  leverageOf,
} from "../../../../functions/programmes/rules/leverage.ts";

const yuan = (n: number) => n * 100;
const project = (over: Partial<LeverageProject>): LeverageProject => ({
  challengeId: "c1",
  status: "in-progress",
  rdInvestmentFen: yuan(1_000_000),
  grantFen: yuan(200_000),
  committedFen: yuan(200_000),
  recoveredFen: 0,
  ...over,
});

describe("leverageOf", () => {
  it("divides the social investment (R&D less the grant), not the whole R&D investment, by public money", () => {
    const l = leverageOf([project({})]);
    expect(l.socialInvestmentFen).toBe(yuan(800_000));
    expect(l.publicFen).toBe(yuan(200_000));
    expect(formatRatio(l.ratio)).toBe("4.00");
  });
  it("Jinan 2023 (003): 2,000万 public money levers 1.39亿 of market R&D → 6.95", () => {
    const l = leverageOf([
      project({
        rdInvestmentFen: yuan(159_000_000),
        grantFen: yuan(20_000_000),
        committedFen: yuan(20_000_000),
      }),
    ]);
    expect(formatRatio(l.ratio)).toBe("6.95");
  });
  it("a terminated project: its public money net of recovery, no social investment", () => {
    const l = leverageOf([
      project({}),
      project({
        status: "terminated",
        rdInvestmentFen: yuan(5_000_000),
        grantFen: yuan(1_000_000),
        committedFen: yuan(400_000),
        recoveredFen: yuan(100_000),
      }),
    ]);
    expect(l.socialInvestmentFen).toBe(yuan(800_000));
    expect(l.publicFen).toBe(yuan(500_000));
    expect(formatRatio(l.ratio)).toBe("1.60");
    expect(l.projects).toBe(2);
    expect(l.endedEarly).toBe(1);
  });
  it("a fully recovered terminated project counts nothing on either side", () => {
    const l = leverageOf([
      project({ status: "terminated", committedFen: yuan(100_000), recoveredFen: yuan(100_000) }),
    ]);
    expect(l.publicFen).toBe(0);
    expect(formatRatio(l.ratio)).toBeNull();
  });
  it("projects with nothing committed are not counted; road-show interest is 0 and never in the ratio", () => {
    const l = leverageOf([project({ committedFen: 0 })]);
    expect(l.projects).toBe(0);
    expect(l.roadShowInterestFen).toBe(0);
    expect(formatRatio(l.ratio)).toBeNull();
  });
  it("road-show interest (《太原市…行动方案》四（五）) is summed apart and leaves the ratio as it was", () => {
    const without = leverageOf([project({}), project({ committedFen: 0 })]);
    const withInterest = leverageOf([
      project({ roadShowInterestFen: yuan(5_000_000) }),
      project({ committedFen: 0, roadShowInterestFen: yuan(1_000_000) }),
    ]);
    expect(withInterest.roadShowInterestFen).toBe(yuan(6_000_000));
    expect(withInterest.socialInvestmentFen).toBe(without.socialInvestmentFen);
    expect(formatRatio(withInterest.ratio)).toBe(formatRatio(without.ratio));
  });
  it("per challenge, and the whole from the same projects", () => {
    const projects = [
      project({ challengeId: "a" }),
      project({ challengeId: "b", rdInvestmentFen: yuan(400_000) }),
      project({ challengeId: "a", rdInvestmentFen: yuan(600_000) }),
    ];
    const by = leverageByChallenge(projects);
    expect(by.map((c) => [c.challengeId, formatRatio(c.leverage.ratio)])).toEqual([
      ["a", "3.00"],
      ["b", "1.00"],
    ]);
    expect(formatRatio(leverageOf(projects).ratio)).toBe("2.33");
  });
});
