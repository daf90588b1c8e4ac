// Unit tests of a panel's review rules (里程碑考核、结题验收): the quorum of its seats, the majority, and a milestone's
// verdict with its one rectification.
import { describe, expect, it } from "vitest";
import {
  majorityPasses,
  milestoneVerdict,
  panelQuorum,
} from "../../../../functions/projects/rules/review-verdict.ts";

const votes = (...verdicts: string[]) => verdicts.map((verdict) => ({ verdict }));

describe("panelQuorum", () => {
  it("is a majority of the seats named", () => {
    expect([1, 2, 3, 4, 5, 6].map(panelQuorum)).toEqual([1, 2, 2, 3, 3, 4]);
  });
});

describe("majorityPasses", () => {
  it("passes with more than half of the votes, not with half", () => {
    expect(majorityPasses(votes("pass", "pass", "fail"))).toBe(true);
    expect(majorityPasses(votes("pass", "fail"))).toBe(false);
    expect(majorityPasses(votes())).toBe(false);
  });
});

describe("milestoneVerdict", () => {
  it("passes by majority whatever else was asked", () => {
    expect(milestoneVerdict(votes("pass", "pass", "rectify"), false)).toBe("pass");
  });

  it("gives one rectification when an expert asks for it, then fails", () => {
    expect(milestoneVerdict(votes("fail", "rectify", "pass"), false)).toBe("rectify");
    expect(milestoneVerdict(votes("fail", "rectify", "pass"), true)).toBe("fail");
  });

  it("fails without a majority and without a request to rectify", () => {
    expect(milestoneVerdict(votes("fail", "fail", "pass"), false)).toBe("fail");
  });
});
