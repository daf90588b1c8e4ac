// Unit tests: the signing to-dos (待办) of a dynamic adjustment (动态调整, 《太原市…行动方案》五（二）) — one for each of the bureau,
// the enterprise's organisations and the lead solver organisation until it has signed, at the project's performance page.
import { describe, expect, it } from "vitest";
import type {
  PerformanceRecord,
  TargetAdjustment,
} from "../../../../functions/followup/performance-model.ts";
import { adjustmentTodos, performanceTodos } from "../../../../functions/followup/rules/todos.ts";

const adjustment: TargetAdjustment = {
  seq: 1,
  reason: "产业需求变化",
  fromRevision: 1,
  toRevision: 2,
  changes: [{ milestone: 2, indicator: "抗拉强度", from: "≥1500MPa", to: "≥1600MPa" }],
  status: "awaiting-signatures",
  parties: { enterpriseOrganisationIds: ["ent-casting"], solverLeadId: "uni-a" },
  signatures: [],
  proposedBy: "b1",
  proposedAt: "2025-09-01T02:00:00.000Z",
};
const signature = (party: "bureau" | "enterprise" | "solver") => ({
  party,
  by: `${party}-user`,
  organisationId: "x",
  at: "2025-09-02T02:00:00.000Z",
});

describe("a dynamic adjustment's signing to-dos", () => {
  it("asks each of the three parties, by role in its organisation, to sign at the performance page", () => {
    const todos = adjustmentTodos("prj-1", adjustment);
    expect(todos.map((t) => [t.key, t.assignees])).toEqual([
      ["1#bureau", [{ role: "bureau" }]],
      ["1#enterprise", [{ role: "enterprise", organisationId: "ent-casting" }]],
      ["1#solver", [{ role: "solver", organisationId: "uni-a" }]],
    ]);
    for (const t of todos) {
      expect(t).toMatchObject({
        action: "project.sign-adjustment",
        since: adjustment.proposedAt,
        link: "/projects/prj-1/performance",
        titleFrom: { kind: "PROJECT", id: "prj-1" },
      });
    }
  });

  it("a party's to-do is gone once it signed; none once all three signed", () => {
    const one = adjustmentTodos("prj-1", { ...adjustment, signatures: [signature("enterprise")] });
    expect(one.map((t) => t.key)).toEqual(["1#bureau", "1#solver"]);
    const signed = adjustmentTodos("prj-1", {
      ...adjustment,
      status: "signed",
      signatures: [signature("bureau"), signature("enterprise"), signature("solver")],
    });
    expect(signed).toEqual([]);
  });

  it("an adjustment recorded without its parties asks the bureau only", () => {
    const { parties: _, ...old } = adjustment;
    expect(adjustmentTodos("prj-1", old).map((t) => t.key)).toEqual(["1#bureau"]);
  });

  it("is part of the performance record's to-dos", () => {
    const record = {
      id: "pfm-prj-1",
      version: 3,
      projectId: "prj-1",
      programmeId: "ty-2025",
      evaluations: [],
      adjustments: [
        { ...adjustment, seq: 1, status: "signed" as const },
        { ...adjustment, seq: 2 },
      ],
      createdAt: "2025-09-01T02:00:00.000Z",
      updatedAt: "2025-09-01T02:00:00.000Z",
    } satisfies PerformanceRecord;
    expect(performanceTodos(record).map((t) => t.key)).toEqual(["2#bureau", "2#enterprise", "2#solver"]);
  });

  it("none once an evaluation's exit or replacement has ended the project", () => {
    const evaluation = (decision: "continue" | "exit" | "replace") => ({
      seq: 1,
      status: "decided",
      decision: { decision, reason: "未达指标", by: "local-b1", at: "2025-10-01T02:00:00.000Z" },
    });
    const record = (decision: "continue" | "exit" | "replace") =>
      ({
        id: "pfm-prj-1",
        version: 3,
        projectId: "prj-1",
        programmeId: "ty-2025",
        evaluations: [evaluation(decision)],
        adjustments: [{ ...adjustment, seq: 2 }],
        createdAt: "2025-09-01T02:00:00.000Z",
        updatedAt: "2025-09-01T02:00:00.000Z",
      }) as unknown as PerformanceRecord;
    expect(performanceTodos(record("continue")).map((t) => t.key)).toEqual([
      "2#bureau",
      "2#enterprise",
      "2#solver",
    ]);
    expect(performanceTodos(record("exit"))).toEqual([]);
    expect(performanceTodos(record("replace"))).toEqual([]);
  });
});
