// Unit tests of payability: a tranche's release condition met or not, and why.
import { describe, expect, it } from "vitest";
import { assertConditionMet, conditionMet } from "../../../../functions/payments/rules/payability.ts";
import { getPolicyPreset } from "../../../../functions/programmes/rules/policy.ts";

const _taiyuan = getPolicyPreset("taiyuan-2023");
const _person = (birthDate: string, isLead: boolean, isKey: boolean) => ({ birthDate, isLead, isKey });

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
