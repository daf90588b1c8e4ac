// Unit tests of demands' to-do rules (functions/demands/rules/todos.ts): the bureau decides a submitted demand (due 30
// days on), the enterprise resubmits a returned one (60 days), an expert gives a refinement opinion until given.
import { describe, expect, it } from "vitest";
import type { Demand, RefinementAssignmentRecord } from "../../../../functions/demands/model.ts";
import { demandTodos, refinementTodos } from "../../../../functions/demands/rules/todos.ts";

const since = "2026-03-01T00:00:00.000Z";
const demand = (kind: "decision" | "resubmission" | undefined, more: Partial<Demand> = {}): Demand =>
  ({
    id: "dmd-1",
    version: 2,
    organisationId: "org-ent",
    status: "submitted",
    content: { title: "焦炉煤气制氢" },
    ...(kind ? { pendingTask: { kind, token: "t", since } } : {}),
    ...more,
  }) as Demand;

describe("demand to-dos", () => {
  it("the bureau's decision, then the enterprise's resubmission", () => {
    expect(demandTodos(demand("decision"))).toEqual([
      {
        action: "demand.decide",
        since,
        deadline: "2026-03-31T00:00:00.000Z",
        title: "焦炉煤气制氢",
        link: "/demands/dmd-1/decision",
        assignees: [{ role: "bureau" }],
      },
    ]);
    expect(demandTodos(demand("resubmission"))).toMatchObject([
      {
        action: "demand.resubmit",
        deadline: "2026-04-30T00:00:00.000Z",
        assignees: [{ role: "enterprise", organisationId: "org-ent" }],
      },
    ]);
  });

  it("none without a parked task, nor while the bureau's decision is on its way to the workflow", () => {
    expect(demandTodos(demand(undefined))).toEqual([]);
    expect(demandTodos(demand("decision", { pendingDecision: {} as Demand["pendingDecision"] }))).toEqual([]);
  });

  it("a refinement assignment is its expert's until the opinion is given", () => {
    const a = {
      id: "dmd-1~u-exp",
      demandId: "dmd-1",
      expertId: "u-exp",
      assignedAt: since,
      status: "assigned",
    } as RefinementAssignmentRecord;
    expect(refinementTodos(a)).toEqual([
      {
        action: "demand.refinement-opinion",
        since,
        titleFrom: { kind: "DEMAND", id: "dmd-1" },
        link: "/demands/dmd-1/opinion",
        assignees: [{ user: "u-exp" }],
      },
    ]);
    expect(refinementTodos({ ...a, status: "opinion-given" })).toEqual([]);
  });
});
