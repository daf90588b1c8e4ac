// Unit tests of the expert conflict-of-interest rule (回避).
import { describe, expect, it } from "vitest";
import { getPolicyPreset } from "../../../../functions/programmes/rules/policy.ts";
import {
  assertExpertNotConflicted,
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
