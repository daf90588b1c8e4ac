// Unit tests: the rules of performance evaluation and what follows it (泰安《实施意见》第24条 后续支持、退出或递补;
// 《太原市…行动方案》五（二）定期绩效评估、动态调整) — the period, scoring each indicator once, the result and the decisions it
// admits, the next-ranked application of a replacement, the money left for it, the targets an adjustment may change,
// and the evaluation's to-dos.
import { describe, expect, it } from "vitest";
import type {
  PerformanceRecord,
  TargetAdjustment,
} from "../../../../functions/followup/performance-model.ts";
import {
  adjustedMilestones,
  assertDecisionAllowed,
  assertPeriod,
  assertRemainingMoney,
  assertScores,
  evaluationResult,
  nextRanked,
  overlapStanding,
  passMark,
  remainingGrantFen,
  replacementCandidates,
  voidPendingAdjustments,
} from "../../../../functions/followup/rules/performance.ts";
import { performanceTodos } from "../../../../functions/followup/rules/todos.ts";

const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
};

const book = { startDate: "2025-07-01", endDate: "2027-06-30" };

describe("the period evaluated (五（二）定期绩效评估)", () => {
  it("lies within the implementation period and has ended", () => {
    expect(
      code(() => assertPeriod({ periodFrom: "2025-07-01", periodTo: "2026-06-30" }, book, "2026-07-01")),
    ).toBe(undefined);
    expect(
      code(() => assertPeriod({ periodFrom: "2026-06-30", periodTo: "2025-07-01" }, book, "2026-07-01")),
    ).toBe("PERIOD_REVERSED");
    expect(
      code(() => assertPeriod({ periodFrom: "2025-06-30", periodTo: "2026-06-30" }, book, "2026-07-01")),
    ).toBe("PERIOD_OUTSIDE_TASK_BOOK");
    expect(
      code(() => assertPeriod({ periodFrom: "2025-07-01", periodTo: "2026-07-02" }, book, "2026-07-01")),
    ).toBe("PERIOD_NOT_ENDED");
  });
});

describe("scores and result", () => {
  const indicators = [
    { milestone: 1, name: "良品率" },
    { milestone: 2, name: "良品率" },
  ];
  it("every indicator once: none missing, none twice, none foreign", () => {
    const s = (milestone: number, indicator = "良品率") => ({ milestone, indicator, score: 70 });
    expect(code(() => assertScores(indicators, [s(1), s(2)]))).toBe(undefined);
    expect(code(() => assertScores(indicators, [s(1)]))).toBe("INDICATOR_NOT_SCORED_ONCE");
    expect(code(() => assertScores(indicators, [s(1), s(1), s(2)]))).toBe("INDICATOR_NOT_SCORED_ONCE");
    expect(code(() => assertScores(indicators, [s(1), s(2), s(2, "产能")]))).toBe(
      "INDICATOR_NOT_SCORED_ONCE",
    );
  });

  it("each expert's mean averaged over the experts; passed at the pass mark", () => {
    const e = (...scores: number[]) => ({ scores: scores.map((score) => ({ score })) });
    expect(evaluationResult([e(50, 70), e(60, 60)])).toEqual({ meanScore: 60, passed: true });
    expect(evaluationResult([e(50, 69), e(60, 60)])).toEqual({ meanScore: 59.75, passed: false });
    expect(passMark).toBe(60);
  });

  it("a pass only continues; a failure may continue, exit or replace; nothing before the result", () => {
    expect(code(() => assertDecisionAllowed(undefined, "continue"))).toBe("EVALUATION_NOT_SCORED");
    const pass = { passed: true, meanScore: 75 };
    const fail = { passed: false, meanScore: 45 };
    expect(code(() => assertDecisionAllowed(pass, "continue"))).toBe(undefined);
    expect(code(() => assertDecisionAllowed(pass, "exit"))).toBe("EVALUATION_PASSED");
    expect(code(() => assertDecisionAllowed(pass, "replace"))).toBe("EVALUATION_PASSED");
    for (const d of ["continue", "exit", "replace"] as const) {
      expect(code(() => assertDecisionAllowed(fail, d))).toBe(undefined);
    }
  });
});

describe("replacement (递补)", () => {
  it("goes to the best-ranked application not selected whose agreement both sides signed", () => {
    const a = (applicationId: string, rank: number, status: string, agreementSigned = true) => ({
      applicationId,
      rank,
      status,
      agreementSigned,
    });
    expect(
      nextRanked([
        a("w", 1, "awarded"),
        a("x", 4, "not-selected"),
        a("y", 3, "not-selected"),
        a("z", 2, "removed"),
      ])?.applicationId,
    ).toBe("y");
    expect(
      nextRanked([a("w", 1, "awarded"), a("y", 2, "not-selected", false), a("x", 3, "not-selected")])
        ?.applicationId,
    ).toBe("x");
    expect(nextRanked([a("w", 1, "awarded"), a("v", 2, "withdrawn")])).toBe(undefined);
  });

  it("offers the grant less what was paid or is in payment, capped by the new application's own grant", () => {
    const tranches = [
      { status: "paid", amountFen: 900_000_00 },
      { status: "reserved", amountFen: 300_000_00 },
      { status: "cancelled", amountFen: 1_200_000_00 },
      { status: "planned", amountFen: 600_000_00 },
    ];
    expect(remainingGrantFen(3_000_000_00, tranches, 5_000_000_00)).toEqual({
      grantFen: 1_800_000_00,
      paidToReplacedFen: 1_200_000_00,
    });
    expect(remainingGrantFen(3_000_000_00, tranches, 1_000_000_00).grantFen).toBe(1_000_000_00);
    expect(remainingGrantFen(1_000_000_00, tranches, 5_000_000_00).grantFen).toBe(0);
    expect(code(() => assertRemainingMoney(0))).toBe("NO_MONEY_LEFT");
  });

  it("lists every candidate in rank order, never one awarded, removed on an objection or withdrawn before", () => {
    const a = (applicationId: string, rank: number, status: string, agreementSigned = true) => ({
      applicationId,
      rank,
      status,
      agreementSigned,
    });
    const ranking = [
      a("first", 1, "awarded"),
      a("replaced-once", 2, "removed"),
      a("unsigned", 3, "not-selected", false),
      a("later", 5, "not-selected"),
      a("next", 4, "not-selected"),
    ];
    expect(replacementCandidates(ranking).map((c) => c.applicationId)).toEqual(["next", "later"]);
    expect(nextRanked(ranking)?.applicationId).toBe("next");
    expect(replacementCandidates([a("first", 1, "awarded"), a("gone", 2, "removed")])).toEqual([]);
  });

  it("就高不重复 of a candidate: an undecided finding holds it, a withdrawal passes it over, a reduction caps its grant", () => {
    expect(overlapStanding({ status: "open" })).toEqual({ kind: "undecided" });
    expect(overlapStanding({ status: "open", grantCapFen: 0 })).toEqual({ kind: "undecided" });
    expect(overlapStanding({ status: "settled", grantCapFen: 0 })).toEqual({ kind: "withdrawn" });
    expect(overlapStanding({ status: "settled" })).toEqual({ kind: "clear" });
    expect(overlapStanding({ status: "settled", grantCapFen: 1_500_000_00 })).toEqual({
      kind: "clear",
      capFen: 1_500_000_00,
    });
    const paid = [{ status: "paid", amountFen: 900_000_00 }];
    // Left 2,100,000; its own grant 3,000,000; the cap the lowest of the three.
    expect(remainingGrantFen(3_000_000_00, paid, 3_000_000_00, 1_500_000_00).grantFen).toBe(1_500_000_00);
    expect(remainingGrantFen(3_000_000_00, paid, 3_000_000_00, 2_500_000_00).grantFen).toBe(2_100_000_00);
    expect(remainingGrantFen(3_000_000_00, paid, 1_000_000_00, 2_000_000_00).grantFen).toBe(1_000_000_00);
    expect(remainingGrantFen(3_000_000_00, paid, 3_000_000_00).grantFen).toBe(2_100_000_00);
  });
});

describe("dynamic adjustment (动态调整)", () => {
  const milestones = [
    { index: 1, indicators: [{ name: "良品率", target: ">= 85", unit: "%" }] },
    { index: 2, indicators: [{ name: "良品率", target: ">= 92", unit: "%" }] },
  ];
  it("changes the targets of milestones not passed, recording from and to", () => {
    const r = adjustedMilestones(milestones, (i) => i === 1, [
      { milestone: 2, indicator: "良品率", target: ">= 90" },
    ]);
    expect(r.changes).toEqual([{ milestone: 2, indicator: "良品率", from: ">= 92", to: ">= 90" }]);
    expect(r.milestones[1]?.indicators[0]).toEqual({ name: "良品率", target: ">= 90", unit: "%" });
    expect(r.milestones[0]).toEqual(milestones[0]);
  });
  it("refuses a passed milestone, an unknown indicator, an unchanged or twice-changed target", () => {
    const passed1 = (i: number) => i === 1;
    expect(
      code(() =>
        adjustedMilestones(milestones, passed1, [{ milestone: 1, indicator: "良品率", target: "80" }]),
      ),
    ).toBe("MILESTONE_PASSED");
    expect(
      code(() =>
        adjustedMilestones(milestones, passed1, [{ milestone: 2, indicator: "产能", target: "80" }]),
      ),
    ).toBe("INDICATOR_UNKNOWN");
    expect(
      code(() =>
        adjustedMilestones(milestones, passed1, [{ milestone: 2, indicator: "良品率", target: ">= 92" }]),
      ),
    ).toBe("TARGET_UNCHANGED");
    const twice = [
      { milestone: 2, indicator: "良品率", target: "90" },
      { milestone: 2, indicator: "良品率", target: "91" },
    ];
    expect(code(() => adjustedMilestones(milestones, passed1, twice))).toBe("TARGET_UNCHANGED");
  });
});

describe("to-dos", () => {
  it("each named expert until scored, then the bureau's decision, then nothing", () => {
    const base: PerformanceRecord = {
      id: "pfm-p",
      version: 1,
      projectId: "p",
      programmeId: "g",
      evaluations: [],
      adjustments: [],
      createdAt: "t",
      updatedAt: "t",
    };
    const evaluation = {
      seq: 1,
      periodFrom: "2025-07-01",
      periodTo: "2026-06-30",
      expertIds: ["x1", "x2"],
      taskBookRevision: 1,
      indicators: [],
      status: "scoring" as const,
      scores: [{ expertId: "x1", scores: [], comment: "", at: "t" }],
      openedBy: "b1",
      openedAt: "t0",
    };
    const todos = performanceTodos({ ...base, evaluations: [evaluation] });
    expect(todos.map((t) => [t.action, t.assignees, t.link])).toEqual([
      ["project.score-performance", [{ user: "x2" }], "/projects/p/performance"],
    ]);
    const scored = {
      ...evaluation,
      status: "scored" as const,
      result: { meanScore: 50, passed: false, at: "t1" },
    };
    expect(performanceTodos({ ...base, evaluations: [scored] }).map((t) => [t.action, t.assignees])).toEqual([
      ["project.decide-performance", [{ role: "bureau" }]],
    ]);
    expect(performanceTodos({ ...base, evaluations: [{ ...scored, status: "decided" }] })).toEqual([]);
  });

  it("a replacement withdrawn on an upheld objection asks the bureau for the next candidate's 就高不重复 decision, then nothing", () => {
    const base: PerformanceRecord = {
      id: "pfm-p1",
      version: 2,
      projectId: "p1",
      programmeId: "g",
      evaluations: [],
      adjustments: [],
      replaces: "p0",
      createdAt: "t",
      updatedAt: "t",
    };
    const withdrawn = {
      reason: "replacement-objection-upheld" as const,
      noticeId: "ntc-1",
      objectionId: "obj-1",
      ruling: "中试条件不符",
      originProjectId: "p0",
      offeredFen: 2_100_000_00,
      by: "b1",
      at: "t2",
    };
    const waiting = performanceTodos({
      ...base,
      withdrawn,
      nextOffer: {
        status: "awaiting-overlap",
        applicationId: "app-d",
        since: "2027-03-01T02:00:00.000Z",
        skipped: [],
      },
    });
    expect(waiting.map((t) => [t.action, t.key, t.since, t.link, t.assignees])).toEqual([
      [
        "project.decide-replacement-overlap",
        "app-d",
        "2027-03-01T02:00:00.000Z",
        "/bureau/overlap",
        [{ role: "bureau" }],
      ],
    ]);
    // Due after the award's term for the same decision (30 days), then overdue in 待办.
    expect(waiting[0]?.deadline).toBe("2027-03-31T02:00:00.000Z");
    expect(
      performanceTodos({
        ...base,
        withdrawn,
        nextOffer: { status: "none-left", at: "t3", leftFen: 2_100_000_00, skipped: [] },
      }),
    ).toEqual([]);
    expect(performanceTodos({ ...base, withdrawn, replacedBy: "p2" })).toEqual([]);
  });
});

describe("an adjustment awaiting signatures when the project ends", () => {
  const adjustment = (seq: number, status: TargetAdjustment["status"]): TargetAdjustment => ({
    seq,
    reason: "产业需求变化",
    fromRevision: seq,
    toRevision: seq + 1,
    changes: [{ milestone: 2, indicator: "良品率", from: ">= 92", to: ">= 90" }],
    status,
    parties: { enterpriseOrganisationIds: ["ent-a"], solverLeadId: "uni-a" },
    signatures: [],
    proposedBy: "b1",
    proposedAt: "2026-01-05T02:00:00.000Z",
  });
  const voided = { at: "2026-02-01T02:00:00.000Z", by: "b1", ending: "fraud" as const };

  it("is void with the ending, the signed ones untouched, and asks nobody to sign any more", () => {
    const out = voidPendingAdjustments(
      [adjustment(1, "signed"), adjustment(2, "awaiting-signatures")],
      voided,
    );
    expect(out.voided).toEqual([2]);
    expect(out.adjustments.map((a) => [a.status, a.voided?.ending])).toEqual([
      ["signed", undefined],
      ["void", "fraud"],
    ]);
    const record = {
      projectId: "prj-1",
      evaluations: [],
      adjustments: out.adjustments,
    } as unknown as PerformanceRecord;
    expect(performanceTodos(record)).toEqual([]);
    const before = { ...record, adjustments: [adjustment(2, "awaiting-signatures")] };
    expect(performanceTodos(before).map((t) => t.action)).toEqual([
      "project.sign-adjustment",
      "project.sign-adjustment",
      "project.sign-adjustment",
    ]);
  });

  it("changes nothing when none awaits signatures", () => {
    const out = voidPendingAdjustments([adjustment(1, "signed")], voided);
    expect(out.voided).toEqual([]);
    expect(out.adjustments[0]?.status).toBe("signed");
  });
});
