// Unit tests (tests/unit/domain/): the guard rules — young researchers, period, horse race, locks, conflicts, credit, payability.
import { describe, expect, it } from "vitest";
import {
  assertConditionMet,
  assertExpertNotConflicted,
  assertHorseRace,
  assertNotBlacklisted,
  assertPeriodWithinMax,
  assertSolverUnchanged,
  assertTaskBookPeriod,
  assertYoungResearcherShare,
  blockingCreditRecord,
  conditionMet,
  isExpertConflicted,
  youngResearcherShare,
} from "../../../functions/kernel/guards.ts";
import { getPolicyPreset } from "../../../functions/programmes/policy.ts";

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

describe("horse race (赛马制)", () => {
  it("winners ≤ slots ≤ limit", () => {
    expect(() => assertHorseRace(2, 2, taiyuan)).not.toThrow();
    expect(() => assertHorseRace(3, 2, taiyuan)).toThrow(
      expect.objectContaining({ code: "HORSE_RACE_LIMIT_EXCEEDED" }),
    );
    expect(() => assertHorseRace(1, 4, taiyuan)).toThrow(/at most 3/);
  });
});

describe("solver and chief engineer locked after approval (002 四.(七).2)", () => {
  const approved = { solverLeadId: "u1", solverMemberIds: ["m1", "m2"], chiefEngineerId: "p1" };
  it("same solver in any member order passes", () => {
    expect(() =>
      assertSolverUnchanged(approved, { ...approved, solverMemberIds: ["m2", "m1"] }),
    ).not.toThrow();
  });
  it("a new lead, member set or chief engineer fails", () => {
    expect(() => assertSolverUnchanged(approved, { ...approved, solverLeadId: "u2" })).toThrow(
      expect.objectContaining({ code: "SOLVER_LOCKED" }),
    );
    expect(() => assertSolverUnchanged(approved, { ...approved, solverMemberIds: ["m1"] })).toThrow(
      expect.objectContaining({ code: "SOLVER_LOCKED" }),
    );
    expect(() => assertSolverUnchanged(approved, { ...approved, solverMemberIds: ["m1", "m3"] })).toThrow(
      expect.objectContaining({ code: "SOLVER_LOCKED" }),
    );
    expect(() => assertSolverUnchanged(approved, { ...approved, chiefEngineerId: "p2" })).toThrow(
      expect.objectContaining({ code: "CHIEF_ENGINEER_LOCKED" }),
    );
  });
});

describe("expert conflicts", () => {
  const parties = { enterpriseId: "ent", solverOrganisationIds: ["lead", "member"] };
  it("the enterprise or any consortium member is conflicted", () => {
    expect(isExpertConflicted("ent", parties)).toBe(true);
    expect(isExpertConflicted("member", parties)).toBe(true);
    expect(isExpertConflicted("elsewhere", parties)).toBe(false);
    expect(() => assertExpertNotConflicted("lead", parties)).toThrow(
      expect.objectContaining({ code: "EXPERT_CONFLICT_OF_INTEREST", kind: "forbidden" }),
    );
    expect(() => assertExpertNotConflicted("elsewhere", parties)).not.toThrow();
  });
});

describe("credit record (失信)", () => {
  const records = [{ organisationId: "bad", recordedOn: "2025-01-01", blockedUntil: "2028-01-01" }];
  it("blocks from recordedOn until blockedUntil", () => {
    expect(blockingCreditRecord(["x", "bad"], records, "2025-01-01")).toBe(records[0]);
    expect(blockingCreditRecord(["bad"], records, "2024-12-31")).toBeUndefined();
    expect(blockingCreditRecord(["bad"], records, "2028-01-01")).toBeUndefined();
    expect(() => assertNotBlacklisted(["bad"], records, "2026-01-01")).toThrow(
      expect.objectContaining({ code: "ORGANISATION_BLACKLISTED", kind: "forbidden" }),
    );
    expect(() => assertNotBlacklisted(["good"], records, "2026-01-01")).not.toThrow();
  });
});

describe("payability: nothing is payable on a rejected or unreviewed milestone", () => {
  const facts = {
    signedOn: "2025-03-01",
    milestones: [
      { index: 1, status: "passed" as const },
      { index: 2, status: "rejected" as const },
      { index: 3, status: "submitted" as const },
    ],
    finalAccepted: false,
    today: "2026-02-28",
  };
  it("task book signed", () => {
    expect(conditionMet({ kind: "task-book-signed" }, facts)).toEqual({ met: true });
    const { signedOn: _, ...unsigned } = facts;
    expect(conditionMet({ kind: "task-book-signed" }, unsigned)).toMatchObject({
      met: false,
      code: "TASK_BOOK_NOT_SIGNED",
    });
  });
  it("milestones", () => {
    expect(conditionMet({ kind: "milestone-passed", milestone: 1 }, facts)).toEqual({ met: true });
    expect(conditionMet({ kind: "milestone-passed", milestone: 2 }, facts)).toMatchObject({
      met: false,
      code: "MILESTONE_NOT_PASSED",
      message: expect.stringContaining("rejected"),
      messageZh: expect.stringContaining("考核未通过"),
    });
    expect(conditionMet({ kind: "milestone-passed", milestone: 3 }, facts)).toMatchObject({
      message: expect.stringContaining("not yet reviewed"),
    });
    expect(conditionMet({ kind: "milestone-passed", milestone: 9 }, facts)).toMatchObject({
      message: expect.stringContaining("missing"),
      messageZh: expect.stringContaining("不存在"),
    });
  });
  it("final acceptance and anniversaries (Anshan: anniversary 1 = start of year two)", () => {
    expect(conditionMet({ kind: "final-acceptance" }, facts)).toMatchObject({
      met: false,
      code: "NOT_ACCEPTED",
    });
    expect(conditionMet({ kind: "final-acceptance" }, { ...facts, finalAccepted: true })).toEqual({
      met: true,
    });
    expect(conditionMet({ kind: "anniversary", years: 1 }, facts)).toMatchObject({
      code: "ANNIVERSARY_NOT_REACHED",
    });
    expect(conditionMet({ kind: "anniversary", years: 1 }, { ...facts, today: "2026-03-01" })).toEqual({
      met: true,
    });
  });
  it("assertConditionMet throws a business-rule error", () => {
    expect(() => assertConditionMet({ kind: "milestone-passed", milestone: 2 }, facts)).toThrow(
      expect.objectContaining({ code: "MILESTONE_NOT_PASSED", kind: "business-rule" }),
    );
    expect(() => assertConditionMet({ kind: "milestone-passed", milestone: 1 }, facts)).not.toThrow();
  });
});
