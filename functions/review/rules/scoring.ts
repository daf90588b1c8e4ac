// Pure rules of scoring (评分): an expert scores every assigned application once, with the criteria of their expertise
// (the budget only by finance experts); and the ranking by weighted score with its tie-breaks.
import type { ApplicationRecord } from "../../applications/model.ts";
import { businessRuleError } from "../../kernel/errors.ts";
import type { ReviewAssignmentRecord } from "../model.ts";

// ---- scoring ---------------------------------------------------------------------------------------------------

export interface ScoreInput {
  readonly applicationId: string;
  readonly technical: number;
  readonly team: number;
  readonly metrics: number;
  readonly budget?: number | undefined;
  readonly comment?: string | undefined;
}

export function assertScoresComplete(
  assignment: ReviewAssignmentRecord,
  scores: readonly ScoreInput[],
): void {
  const fields: { path: string; message: string; messageZh: string }[] = [];
  const seen = new Set<string>();
  scores.forEach((s, i) => {
    if (!assignment.applicationIds.includes(s.applicationId)) {
      fields.push({
        path: `body.scores.${i}.applicationId`,
        message: "not an application of this assignment",
        messageZh: "不是本评审任务的申请",
      });
    } else if (seen.has(s.applicationId)) {
      fields.push({
        path: `body.scores.${i}.applicationId`,
        message: "scored twice",
        messageZh: "重复评分",
      });
    }
    seen.add(s.applicationId);
    const finance = assignment.expertise === "finance";
    if (finance && s.budget === undefined) {
      fields.push({
        path: `body.scores.${i}.budget`,
        message: "finance experts score the budget",
        messageZh: "财务专家须评预算合理性",
      });
    } else if (!finance && s.budget !== undefined) {
      fields.push({
        path: `body.scores.${i}.budget`,
        message: "only finance experts score the budget",
        messageZh: "预算合理性仅由财务专家评分",
      });
    }
  });
  assignment.applicationIds.forEach((id) => {
    if (!seen.has(id)) {
      fields.push({ path: "body.scores", message: `missing ${id}`, messageZh: `缺少申请 ${id} 的评分` });
    }
  });
  if (fields.length > 0) {
    throw businessRuleError(
      "SCORES_INCOMPLETE",
      "Score every assigned application once, with the criteria of your expertise",
      "须对每个分配的申请按本人专业类别评分一次",
      fields,
    );
  }
}

// ---- ranking ---------------------------------------------------------------------------------------------------

export interface RankedApplication {
  readonly applicationId: string;
  readonly rank: number;
  readonly scoreBp: number;
  readonly financeBudgetPoints: number;
}

/**
 * Weighted score: for each criterion, the mean of the points given by the experts who score it (budget: the finance
 * experts), times its weight; compared exactly (common denominator), shown as scoreBp (10000 = 100 points,
 * floored). Tie-break: higher weighted score, then more finance-expert budget points, then the earlier
 * submission, then the application id.
 */
export function rankScores(
  applications: readonly Pick<ApplicationRecord, "id" | "submittedAt" | "createdAt">[],
  scored: readonly Pick<ReviewAssignmentRecord, "expertise" | "scores">[],
): RankedApplication[] {
  const raters = (key: CriterionKey) =>
    scored.filter((a) => rubric.find((c) => c.key === key)?.scoredBy === "all" || a.expertise === "finance");
  const counts = new Map(rubric.map((c) => [c.key, BigInt(raters(c.key).length)]));
  const denominator = [...new Set([...counts.values()].filter((n) => n > 0n))].reduce((d, n) => d * n, 1n);
  const rows = applications.map((app) => {
    let total = 0n;
    let financeBudgetPoints = 0;
    for (const criterion of rubric) {
      const n = counts.get(criterion.key) ?? 0n;
      if (n === 0n) continue;
      let sum = 0n;
      for (const rater of raters(criterion.key)) {
        const points = rater.scores?.find((s) => s.applicationId === app.id)?.points[criterion.key] ?? 0;
        sum += BigInt(points);
        if (criterion.key === "budget") financeBudgetPoints += points;
      }
      total += BigInt(criterion.weightBp) * sum * (denominator / n);
    }
    return {
      app,
      total,
      financeBudgetPoints,
      scoreBp: Number(total / (denominator * BigInt(maxPointsScale))),
    };
  });
  rows.sort((a, b) => {
    if (a.total !== b.total) return a.total > b.total ? -1 : 1;
    if (a.financeBudgetPoints !== b.financeBudgetPoints) return b.financeBudgetPoints - a.financeBudgetPoints;
    const sa = a.app.submittedAt ?? a.app.createdAt;
    const sb = b.app.submittedAt ?? b.app.createdAt;
    if (sa !== sb) return sa < sb ? -1 : 1;
    return a.app.id < b.app.id ? -1 : a.app.id > b.app.id ? 1 : 0;
  });
  return rows.map((r, i) => ({
    applicationId: r.app.id,
    rank: i + 1,
    scoreBp: r.scoreBp,
    financeBudgetPoints: r.financeBudgetPoints,
  }));
}

/** weight (bp) × points / 100 = score in bp of 100 points. */
const maxPointsScale = 100;

// ---- weighted rubric (评审指标) -----------------------------------------------------------------------------
export const criterionKeys = ["technical", "team", "metrics", "budget"] as const;

export type CriterionKey = (typeof criterionKeys)[number];

/**
 * Decision: four criteria scored 0-100 points, weights in basis points summing to 10000. Budget reasonableness
 * (预算合理性) is scored by the finance experts only (《太原市实施“双百攻关行动”工作方案》四（五）: 财务专家); the others by every expert.
 */
export const rubric: readonly {
  readonly key: CriterionKey;
  readonly name: string;
  readonly nameZh: string;
  readonly weightBp: number;
  readonly scoredBy: "all" | "finance";
}[] = [
  {
    key: "technical",
    name: "Technical feasibility",
    nameZh: "技术路线可行性",
    weightBp: 4000,
    scoredBy: "all",
  },
  { key: "team", name: "Team strength", nameZh: "团队实力", weightBp: 2000, scoredBy: "all" },
  {
    key: "metrics",
    name: "Metrics and milestones",
    nameZh: "指标与里程碑可考核性",
    weightBp: 2000,
    scoredBy: "all",
  },
  { key: "budget", name: "Budget reasonableness", nameZh: "预算合理性", weightBp: 2000, scoredBy: "finance" },
];

export const maxPoints = 100;
