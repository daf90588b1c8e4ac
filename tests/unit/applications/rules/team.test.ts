// Unit tests of the applications' team and period rules (and the task book's period, the same policy maximum).
import { describe, expect, it } from "vitest";
import {
  assertPeriodWithinMax,
  assertYoungResearcherShare,
  youngResearcherShare,
} from "../../../../functions/applications/rules/team.ts";
import { getPolicyPreset } from "../../../../functions/programmes/rules/policy.ts";
import { assertTaskBookPeriod } from "../../../../functions/projects/rules/task-book.ts";

const taiyuan = getPolicyPreset("taiyuan-2023");
const person = (birthDate: string, isLead: boolean, isKey: boolean) => ({ birthDate, isLead, isKey });

describe("young researchers ≥ 50% of leads and key members (002 四.(四))", () => {
  const on = "2026-03-10";
  it("counts leads and key members only; under 40 on the date is young", () => {
    const team = [
      person("1990-01-01", true, false), // 36, young
      person("1986-03-10", false, true), // 40 today: not young
      person("1970-01-01", false, false), // not counted
    ];
    expect(youngResearcherShare(team, taiyuan, on)).toEqual({
      counted: 2,
      young: 1,
      requiredBp: 5000,
      ok: true,
    });
    expect(() => assertYoungResearcherShare(team, taiyuan, on)).not.toThrow();
  });
  it("fails below the share", () => {
    const team = [
      person("1990-01-01", true, false),
      person("1980-01-01", false, true),
      person("1975-01-01", false, true),
    ];
    expect(() => assertYoungResearcherShare(team, taiyuan, on)).toThrow(
      expect.objectContaining({ code: "YOUNG_RESEARCHER_SHARE_TOO_LOW", kind: "business-rule" }),
    );
  });
  it("no leads or key members fails a positive share; a zero share always passes", () => {
    expect(youngResearcherShare([person("1990-01-01", false, false)], taiyuan, on).ok).toBe(false);
    expect(youngResearcherShare([], getPolicyPreset("anshan-2025"), on).ok).toBe(true);
  });
});

describe("period", () => {
  it("months ≤ maximum", () => {
    expect(() => assertPeriodWithinMax(36, taiyuan)).not.toThrow();
    expect(() => assertPeriodWithinMax(37, taiyuan)).toThrow(
      expect.objectContaining({ code: "PERIOD_EXCEEDS_MAX" }),
    );
  });
  it("task book end ≤ start + maximum", () => {
    expect(() =>
      assertTaskBookPeriod({ startDate: "2025-07-01", endDate: "2028-07-01" }, taiyuan),
    ).not.toThrow();
    expect(() => assertTaskBookPeriod({ startDate: "2025-07-01", endDate: "2028-07-02" }, taiyuan)).toThrow(
      expect.objectContaining({ code: "PERIOD_EXCEEDS_MAX" }),
    );
  });
});
