// Unit tests of the expert conflict-of-interest rule (回避).
import { describe, expect, it } from "vitest";
import { getPolicyPreset } from "../../../../functions/programmes/rules/policy.ts";
import {
  assertExpertNotConflicted,
  isConflicted,
  isExpertConflicted,
} from "../../../../functions/review/rules/conflicts.ts";

const _taiyuan = getPolicyPreset("taiyuan-2023");
const _person = (birthDate: string, isLead: boolean, isKey: boolean) => ({ birthDate, isLead, isKey });

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

describe("conflicts of interest by unified social credit code", () => {
  const codes: Record<string, string> = {
    "lead-a": "CODE-LEAD",
    "lead-a-2": "CODE-LEAD",
    "ent-x": "CODE-ENT",
  };
  const codeOf = (id: string) => codes[id];
  const parties = { enterpriseIds: ["ent-x"], solverOrganisationIds: ["lead-a"] };
  const expert = (organisationId: string, conflicts: { organisationId: string; uscc?: string }[] = []) => ({
    organisationId,
    conflicts: conflicts.map((c) => ({ ...c, reason: "曾任职", declaredAt: "2026-01-01T00:00:00.000Z" })),
  });

  it("finds the same body under a second id: the expert's organisation or a declared conflict, by code", () => {
    // The expert's organisation holds the lead's code under another id.
    expect(isConflicted(expert("lead-a-2"), parties, codeOf)).toBe(true);
    expect(isConflicted(expert("lead-a-2"), parties)).toBe(false);
    // A conflict declared under one id, with the code it was declared under, holds against the body's other id.
    expect(
      isConflicted(expert("elsewhere", [{ organisationId: "old-id", uscc: "CODE-LEAD" }]), parties, codeOf),
    ).toBe(true);
    expect(isConflicted(expert("elsewhere", [{ organisationId: "lead-a-2" }]), parties, codeOf)).toBe(true);
  });

  it("keeps matching by id for unregistered organisations, and finds no conflict across different codes", () => {
    expect(isConflicted(expert("lead-a"), parties, () => undefined)).toBe(true);
    expect(
      isConflicted(expert("elsewhere", [{ organisationId: "other", uscc: "CODE-OTHER" }]), parties, codeOf),
    ).toBe(false);
    expect(isConflicted(expert("ent-x"), parties, codeOf)).toBe(true);
  });
});
