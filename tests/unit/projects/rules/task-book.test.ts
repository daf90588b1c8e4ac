// Unit tests of the task book's locks: solver and chief engineer after approval.
import { describe, expect, it } from "vitest";
import { getPolicyPreset } from "../../../../functions/programmes/rules/policy.ts";
import { assertSolverUnchanged } from "../../../../functions/projects/rules/task-book.ts";

const _taiyuan = getPolicyPreset("taiyuan-2023");
const _person = (birthDate: string, isLead: boolean, isKey: boolean) => ({ birthDate, isLead, isKey });

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
