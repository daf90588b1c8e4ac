// Unit tests: the follow-up rules — budget rights (《太原市…行动方案》四（七）2: equipment by the solver organisation, other
// costs by the chief engineer, totals unchanged, the solver never replaced), road-show interest (四（五）) and the judicial
// referral's dates (四（七）4).
import { describe, expect, it } from "vitest";
import {
  budgetCategoryOf,
  budgetHolderFor,
  type Item,
  reallocate,
  refuseSolverReplacement,
} from "../../../../functions/followup/rules/budget.ts";
import { assertOutcomeDate, assertReferable } from "../../../../functions/followup/rules/referral.ts";
import { assertInterest, declaredInterestFen } from "../../../../functions/followup/rules/road-show.ts";
import { roadShowTodos } from "../../../../functions/followup/rules/todos.ts";

const items: Item[] = [
  { item: "设备费", amountFen: 6_000_000_00, category: "equipment" },
  { item: "材料费", amountFen: 3_000_000_00, category: "other" },
  { item: "测试化验加工费", amountFen: 1_000_000_00, category: "other" },
];
const total = (xs: readonly Item[]) => xs.reduce((s, i) => s + i.amountFen, 0);
const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
};

describe("budget rights (四（七）2)", () => {
  it("classifies equipment by name and gives equipment moves to the solver organisation, others to the chief engineer", () => {
    expect(budgetCategoryOf("设备费")).toBe("equipment");
    expect(budgetCategoryOf("仪器购置")).toBe("equipment");
    expect(budgetCategoryOf("材料费")).toBe("other");
    expect(budgetHolderFor("equipment", "other")).toBe("solver-organisation");
    expect(budgetHolderFor("other", "equipment")).toBe("solver-organisation");
    expect(budgetHolderFor("other", "other")).toBe("chief-engineer");
  });
  it("the chief engineer moves other costs; the total is unchanged", () => {
    const moved = reallocate(items, {
      fromItem: "材料费",
      toItem: "测试化验加工费",
      amountFen: 500_000_00,
      actingAs: "chief-engineer",
    });
    expect(moved.holder).toBe("chief-engineer");
    expect(moved.items.find((i) => i.item === "材料费")?.amountFen).toBe(2_500_000_00);
    expect(moved.items.find((i) => i.item === "测试化验加工费")?.amountFen).toBe(1_500_000_00);
    expect(total(moved.items)).toBe(total(items));
  });
  it("a new item takes its category; equipment to it is the organisation's", () => {
    const moved = reallocate(items, {
      fromItem: "设备费",
      toItem: "差旅费",
      amountFen: 100_00,
      actingAs: "solver-organisation",
    });
    expect(moved.items.at(-1)).toEqual({ item: "差旅费", amountFen: 100_00, category: "other" });
    expect(total(moved.items)).toBe(total(items));
  });
  it("refuses the wrong holder, an unknown item, the same item and more than the item holds", () => {
    expect(
      code(() =>
        reallocate(items, { fromItem: "设备费", toItem: "材料费", amountFen: 1, actingAs: "chief-engineer" }),
      ),
    ).toBe("BUDGET_RIGHT_NOT_HELD");
    expect(
      code(() =>
        reallocate(items, {
          fromItem: "材料费",
          toItem: "测试化验加工费",
          amountFen: 1,
          actingAs: "solver-organisation",
        }),
      ),
    ).toBe("BUDGET_RIGHT_NOT_HELD");
    expect(
      code(() =>
        reallocate(items, { fromItem: "劳务费", toItem: "材料费", amountFen: 1, actingAs: "chief-engineer" }),
      ),
    ).toBe("BUDGET_ITEM_UNKNOWN");
    expect(
      code(() =>
        reallocate(items, { fromItem: "材料费", toItem: "材料费", amountFen: 1, actingAs: "chief-engineer" }),
      ),
    ).toBe("BUDGET_SAME_ITEM");
    expect(
      code(() =>
        reallocate(items, {
          fromItem: "测试化验加工费",
          toItem: "材料费",
          amountFen: 1_000_000_01,
          actingAs: "chief-engineer",
        }),
      ),
    ).toBe("BUDGET_ITEM_INSUFFICIENT");
  });
  it("the solver is never replaced", () => {
    expect(code(() => refuseSolverReplacement())).toBe("SOLVER_NOT_REPLACEABLE");
  });
});

describe("road-show interest (四（五）)", () => {
  const session = { date: "2026-03-10", institutions: [{ name: "山西金控" }, { name: "太原创投" }] };
  it("names an invited institution on or after the session", () => {
    expect(() =>
      assertInterest(session, { institution: "山西金控", declaredOn: "2026-03-10" }),
    ).not.toThrow();
    expect(code(() => assertInterest(session, { institution: "某银行", declaredOn: "2026-03-10" }))).toBe(
      "INSTITUTION_NOT_INVITED",
    );
    expect(code(() => assertInterest(session, { institution: "山西金控", declaredOn: "2026-03-09" }))).toBe(
      "INTEREST_BEFORE_SESSION",
    );
    expect(code(() => assertInterest(undefined, { institution: "山西金控", declaredOn: "2026-03-10" }))).toBe(
      "ROAD_SHOW_NOT_SCHEDULED",
    );
  });
  it("sums the latest declaration of each institution", () => {
    expect(
      declaredInterestFen([
        { institution: "山西金控", amountFen: 1_000 },
        { institution: "太原创投", amountFen: 500 },
        { institution: "山西金控", amountFen: 2_000 },
      ]),
    ).toBe(2_500);
  });
  it("a request waits for the bureau; a decided one does not", () => {
    const request = {
      reason: "r",
      followOnNeedFen: 1,
      by: "e1",
      organisationId: "ent",
      at: "2026-03-01T00:00:00Z",
    };
    const base = {
      id: "rds-p",
      version: 1,
      projectId: "p",
      programmeId: "g",
      request,
      interests: [],
      createdAt: request.at,
      updatedAt: request.at,
    };
    expect(roadShowTodos({ ...base, status: "requested" }).map((t) => [t.action, t.link])).toEqual([
      ["project.decide-road-show", "/projects/p/road-show"],
    ]);
    expect(roadShowTodos({ ...base, status: "scheduled" })).toEqual([]);
  });
});

describe("judicial referral (四（七）4)", () => {
  it("only a fraud finding, on or after its day", () => {
    expect(code(() => assertReferable({ kind: "termination", decidedOn: "2026-01-01" }, "2026-01-02"))).toBe(
      "NOT_A_FRAUD_FINDING",
    );
    expect(code(() => assertReferable(undefined, "2026-01-02"))).toBe("NOT_A_FRAUD_FINDING");
    expect(code(() => assertReferable({ kind: "fraud", decidedOn: "2026-01-05" }, "2026-01-04"))).toBe(
      "REFERRAL_BEFORE_FINDING",
    );
    expect(() => assertReferable({ kind: "fraud", decidedOn: "2026-01-05" }, "2026-01-05")).not.toThrow();
  });
  it("outcomes in date order from the referral", () => {
    expect(code(() => assertOutcomeDate("2026-02-01", undefined, "2026-01-31"))).toBe("OUTCOME_OUT_OF_ORDER");
    expect(code(() => assertOutcomeDate("2026-02-01", "2026-03-01", "2026-02-15"))).toBe(
      "OUTCOME_OUT_OF_ORDER",
    );
    expect(() => assertOutcomeDate("2026-02-01", "2026-03-01", "2026-03-01")).not.toThrow();
  });
});
