// Unit (专家评审): the weighted rubric's ranking with its tie-break, conflicts of interest, and the fair, deterministic
// choice of the expert panel — pure functions of review/common.ts.
import { describe, expect, it } from "vitest";
import type { Expertise, ExpertRecord } from "../../../functions/review/model.ts";
import { isConflicted } from "../../../functions/review/rules/conflicts.ts";
import { choosePanel } from "../../../functions/review/rules/panel.ts";
import { rankScores } from "../../../functions/review/rules/scoring.ts";

const app = (id: string, submittedAt: string) => ({ id, submittedAt, createdAt: submittedAt });
const rater = (expertise: Expertise, byApp: Record<string, [number, number, number, number?]>) => ({
  expertise,
  scores: Object.entries(byApp).map(([applicationId, [technical, team, metrics, budget]]) => ({
    applicationId,
    points: { technical, team, metrics, ...(budget !== undefined ? { budget } : {}) },
  })),
});
const expert = (id: string, expertise: Expertise, organisationId = `org-${id}`): ExpertRecord => ({
  id,
  version: 1,
  organisationId,
  name: id,
  expertise,
  conflicts: [],
  active: true,
  createdBy: "b1",
  createdAt: "2025-01-01T00:00:00Z",
  updatedAt: "2025-01-01T00:00:00Z",
});

describe("ranking (weighted rubric, tie-break)", () => {
  it("weights the criteria (budget by finance experts only) and reports scoreBp out of 10000", () => {
    const ranking = rankScores(
      [app("a", "2025-09-01T00:00:00Z"), app("b", "2025-09-01T00:00:00Z")],
      [
        rater("technical", { a: [80, 80, 80], b: [90, 90, 90] }),
        rater("finance", { a: [80, 80, 80, 100], b: [90, 90, 90, 40] }),
      ],
    );
    // a: 0.8×(80) + 0.2×100 = 84.00; b: 0.8×90 + 0.2×40 = 80.00
    expect(ranking).toEqual([
      { applicationId: "a", rank: 1, scoreBp: 8400, financeBudgetPoints: 100 },
      { applicationId: "b", rank: 2, scoreBp: 8000, financeBudgetPoints: 40 },
    ]);
  });

  it("breaks ties by finance budget points, then the earlier submission, then the id", () => {
    const equal = (budget: number) => [70, 70, 70, budget] as [number, number, number, number];
    // Same weighted score (technical offsets budget) but more budget points for "y".
    const byBudget = rankScores(
      [app("x", "2025-09-01T00:00:00Z"), app("y", "2025-09-02T00:00:00Z")],
      [rater("finance", { x: [75, 70, 70, 50], y: [70, 70, 70, 60] })],
    );
    expect(byBudget.map((r) => [r.applicationId, r.scoreBp])).toEqual([
      ["y", 6800],
      ["x", 6800],
    ]);
    const bySubmission = rankScores(
      [app("late", "2025-09-02T00:00:00Z"), app("early", "2025-09-01T00:00:00Z")],
      [rater("finance", { late: equal(70), early: equal(70) })],
    );
    expect(bySubmission.map((r) => r.applicationId)).toEqual(["early", "late"]);
    const byId = rankScores(
      [app("b", "2025-09-01T00:00:00Z"), app("a", "2025-09-01T00:00:00Z")],
      [rater("finance", { a: equal(70), b: equal(70) })],
    );
    expect(byId.map((r) => r.applicationId)).toEqual(["a", "b"]);
  });

  it("compares exactly even when the means are not whole numbers", () => {
    const ranking = rankScores(
      [app("a", "2025-09-01T00:00:00Z"), app("b", "2025-09-01T00:00:00Z")],
      [
        rater("technical", { a: [67, 67, 67], b: [66, 66, 66] }),
        rater("technical", { a: [66, 66, 66], b: [66, 66, 66] }),
        rater("finance", { a: [66, 66, 66, 66], b: [67, 67, 67, 66] }),
      ],
    );
    // a and b differ by one point in a different place each: equal exact means, then ids decide.
    expect(ranking.map((r) => r.scoreBp)).toEqual([6626, 6626]);
    expect(ranking.map((r) => r.applicationId)).toEqual(["a", "b"]);
  });
});

describe("panel choice and conflicts", () => {
  const parties = { enterpriseIds: ["ent-1"], solverOrganisationIds: ["uni-1", "lab-1"] };

  it("treats the enterprise's, any consortium member's and a declared organisation as conflicts", () => {
    expect(isConflicted(expert("e1", "technical", "ent-1"), parties)).toBe(true);
    expect(isConflicted(expert("e2", "technical", "lab-1"), parties)).toBe(true);
    expect(
      isConflicted(
        {
          ...expert("e3", "finance"),
          conflicts: [{ organisationId: "uni-1", reason: "合作", declaredAt: "x" }],
        },
        parties,
      ),
    ).toBe(true);
    expect(isConflicted(expert("e4", "finance"), parties)).toBe(false);
  });

  it("takes the least-loaded finance expert, then the least-loaded others by id; none without a finance expert", () => {
    const pool = [
      { expert: expert("t-b", "technical"), load: 0 },
      { expert: expert("t-a", "technical"), load: 0 },
      { expert: expert("m-a", "management"), load: 2 },
      { expert: expert("f-a", "finance"), load: 3 },
      { expert: expert("f-b", "finance"), load: 1 },
    ];
    expect(choosePanel(pool, 3)?.map((e) => e.id)).toEqual(["f-b", "t-a", "t-b"]);
    expect(choosePanel(pool, 5)?.map((e) => e.id)).toEqual(["f-b", "t-a", "t-b", "m-a", "f-a"]);
    expect(
      choosePanel(
        pool.filter((c) => c.expert.expertise !== "finance"),
        3,
      ),
    ).toBeUndefined();
  });
});
