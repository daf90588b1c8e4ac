// Pure rules of a running project's performance evaluation and what follows it (泰安《实施意见》第24条 “推动以创新绩效为导向的
// 科技项目评价机制，及时对项目进行后续支持、退出或递补”; 《太原市…行动方案》五（二）“开展持续跟踪监督和定期绩效评估” and
// “动态调整机制 … 对 … 攻关项目及目标要求等进行动态调整”): the period, the experts' scores against the task book's indicators,
// the result, which decisions it admits, the next-ranked application a replacement (递补) goes to, the money left for it,
// and the targets a dynamic adjustment may change.
import { businessRuleError, conflictError } from "../../kernel/errors.ts";
import { sumFen } from "../../kernel/money.ts";
import type { PerformanceDecision, TargetAdjustment } from "../performance-model.ts";

const field = (path: string, message: string, messageZh: string) => [{ path, message, messageZh }];

/** Decision: an evaluation passes at a mean score of 60 of 100 (合格), the pass mark of the acceptance's 绩效评价. */
export const passMark = 60;

/** The period evaluated lies within the task book's implementation period and has ended by today. */
export function assertPeriod(
  period: { periodFrom: string; periodTo: string },
  book: { startDate: string; endDate: string },
  today: string,
): void {
  if (period.periodTo < period.periodFrom) {
    throw businessRuleError(
      "PERIOD_REVERSED",
      "The period ends before it starts",
      "评价期间的结束日期早于开始日期",
      field("body.periodTo", "before periodFrom", "早于开始日期"),
    );
  }
  if (period.periodFrom < book.startDate || period.periodTo > book.endDate) {
    throw businessRuleError(
      "PERIOD_OUTSIDE_TASK_BOOK",
      `The period lies within the task book's implementation period (${book.startDate} – ${book.endDate})`,
      `评价期间须在任务书实施期（${book.startDate} 至 ${book.endDate}）之内`,
      field("body.periodFrom", "outside the implementation period", "超出实施期"),
    );
  }
  if (period.periodTo > today) {
    throw businessRuleError(
      "PERIOD_NOT_ENDED",
      "A period is evaluated once it has ended",
      "评价期间尚未结束",
      field("body.periodTo", "after today", "晚于今天"),
    );
  }
}

export interface IndicatorRef {
  readonly milestone: number;
  readonly name: string;
}

/** An expert scores every indicator of the evaluation once, 0–100. */
export function assertScores(
  indicators: readonly IndicatorRef[],
  scores: readonly { milestone: number; indicator: string; score: number }[],
): void {
  const key = (m: number, n: string) => `${m}#${n}`;
  const wanted = new Set(indicators.map((i) => key(i.milestone, i.name)));
  const seen = new Set<string>();
  scores.forEach((s, i) => {
    const k = key(s.milestone, s.indicator);
    if (!wanted.has(k) || seen.has(k)) {
      throw businessRuleError(
        "INDICATOR_NOT_SCORED_ONCE",
        `Score each indicator of the task book once: ${s.indicator} (milestone ${s.milestone}) is ${seen.has(k) ? "scored twice" : "not an indicator of this evaluation"}`,
        `每项考核指标须且只能打分一次：第${s.milestone}个里程碑“${s.indicator}”${seen.has(k) ? "重复打分" : "不是本次评价的指标"}`,
        field(`body.scores.${i}`, "not an indicator or twice", "非评价指标或重复"),
      );
    }
    seen.add(k);
  });
  const missing = [...wanted].find((k) => !seen.has(k));
  if (missing) {
    const [m, name] = missing.split("#");
    throw businessRuleError(
      "INDICATOR_NOT_SCORED_ONCE",
      `Indicator ${name} (milestone ${m}) is not scored`,
      `第${m}个里程碑“${name}”未打分`,
      field("body.scores", "an indicator is missing", "缺少指标"),
    );
  }
}

/** The result: each expert's mean over the indicators, averaged over the experts (two decimals); passed at passMark. */
export function evaluationResult(experts: readonly { scores: readonly { score: number }[] }[]): {
  meanScore: number;
  passed: boolean;
} {
  const means = experts.map((e) => e.scores.reduce((s, x) => s + x.score, 0) / Math.max(1, e.scores.length));
  const mean = means.reduce((s, x) => s + x, 0) / Math.max(1, means.length);
  const meanScore = Math.round(mean * 100) / 100;
  return { meanScore, passed: meanScore >= passMark };
}

/**
 * What the result admits: a passed evaluation continues the support (后续支持); a failed one may continue (with the
 * bureau's reason), exit (退出) or go to the next-ranked applicant (递补).
 */
export function assertDecisionAllowed(
  result: { passed: boolean; meanScore: number } | undefined,
  decision: PerformanceDecision,
): void {
  if (!result) {
    throw conflictError(
      "EVALUATION_NOT_SCORED",
      "Every named expert scores before the bureau decides",
      "专家尚未全部打分，不能决定",
    );
  }
  if (result.passed && decision !== "continue") {
    throw businessRuleError(
      "EVALUATION_PASSED",
      `The evaluation passed (${result.meanScore} ≥ ${passMark}): the project continues`,
      `绩效评价合格（${result.meanScore} 分，合格线 ${passMark} 分），项目继续支持，不能退出或递补`,
      field("body.decision", "only continue after a pass", "合格时只能继续支持"),
    );
  }
}

export interface RankedApplication {
  readonly applicationId: string;
  readonly rank: number;
  readonly status: string;
  readonly agreementSigned: boolean;
}

/**
 * The applications a replacement (递补) may go to, best-ranked first: those of the challenge's round that were not
 * selected (neither awarded, removed on an objection, nor withdrawn — so never one used before) and whose 揭榜
 * agreement both sides signed.
 */
export function replacementCandidates(ranking: readonly RankedApplication[]): RankedApplication[] {
  return [...ranking]
    .sort((a, b) => a.rank - b.rank)
    .filter((a) => a.status === "not-selected" && a.agreementSigned);
}

/** The application a replacement goes to before 就高不重复 is asked: the first of replacementCandidates. */
export function nextRanked(ranking: readonly RankedApplication[]): RankedApplication | undefined {
  return replacementCandidates(ranking)[0];
}

/**
 * What the award-stage overlap check (就高不重复, 《太原市…行动方案》六（一）) of a candidate allows: a finding not decided
 * holds the offer (`undecided`), a withdrawal (cap 0) passes the candidate over (`withdrawn`), otherwise it may be
 * offered, at most at the decided cap.
 */
export function overlapStanding(check: {
  readonly status: "open" | "settled";
  readonly grantCapFen?: number | undefined;
}): { kind: "undecided" } | { kind: "withdrawn" } | { kind: "clear"; capFen?: number } {
  if (check.status === "open") return { kind: "undecided" };
  if (check.grantCapFen === 0) return { kind: "withdrawn" };
  return check.grantCapFen === undefined ? { kind: "clear" } : { kind: "clear", capFen: check.grantCapFen };
}

/**
 * The money a replacement offers: the replaced project's grant less what its solver was paid or is being paid (a
 * tranche in payment is never offered again), and never above what the policy gives the new application nor above the
 * cap a 就高不重复 decision set for it.
 */
export function remainingGrantFen(
  grantFen: number,
  tranches: readonly { status: string; amountFen: number }[],
  plannedForNewFen: number,
  /** 就高不重复: the cap the bureau decided for the new application (a reduction), if any. */
  overlapCapFen?: number,
): { grantFen: number; paidToReplacedFen: number } {
  const paidToReplacedFen = sumFen(
    tranches.filter((t) => t.status === "paid" || t.status === "reserved").map((t) => t.amountFen),
    "paidToReplaced",
  );
  const left = Math.max(0, grantFen - paidToReplacedFen);
  const ceiling = Math.min(plannedForNewFen, overlapCapFen ?? plannedForNewFen);
  return { grantFen: Math.min(left, ceiling), paidToReplacedFen };
}

export function assertRemainingMoney(grantFen: number): void {
  if (grantFen <= 0) {
    throw businessRuleError(
      "NO_MONEY_LEFT",
      "The replaced project's grant is paid out: there is nothing to offer the next-ranked applicant",
      "被替换项目资金已拨付完毕，无剩余资金可递补",
      field("body.decision", "nothing left to offer", "无剩余资金"),
    );
  }
}

/**
 * A dynamic adjustment changes indicator targets of milestones not yet passed; each change names an existing
 * indicator and a different target.
 */
export function adjustedMilestones<
  M extends { index: number; indicators: readonly { name: string; target: string; unit?: string }[] },
>(
  milestones: readonly M[],
  passed: (index: number) => boolean,
  changes: readonly { milestone: number; indicator: string; target: string }[],
): { milestones: M[]; changes: { milestone: number; indicator: string; from: string; to: string }[] } {
  const applied: { milestone: number; indicator: string; from: string; to: string }[] = [];
  changes.forEach((c, i) => {
    const m = milestones.find((x) => x.index === c.milestone);
    const indicator = m?.indicators.find((x) => x.name === c.indicator);
    if (!m || !indicator) {
      throw businessRuleError(
        "INDICATOR_UNKNOWN",
        `Milestone ${c.milestone} has no indicator ${c.indicator}`,
        `第${c.milestone}个里程碑无“${c.indicator}”指标`,
        field(`body.changes.${i}`, "no such indicator", "无此指标"),
      );
    }
    if (passed(c.milestone)) {
      throw businessRuleError(
        "MILESTONE_PASSED",
        `Milestone ${c.milestone} has passed: its targets no longer change`,
        `第${c.milestone}个里程碑已通过考核，其目标不再调整`,
        field(`body.changes.${i}.milestone`, "passed", "已通过"),
      );
    }
    if (
      indicator.target === c.target ||
      applied.some((a) => a.milestone === c.milestone && a.indicator === c.indicator)
    ) {
      throw businessRuleError(
        "TARGET_UNCHANGED",
        `The target of ${c.indicator} (milestone ${c.milestone}) is unchanged or changed twice`,
        `第${c.milestone}个里程碑“${c.indicator}”目标未改变或重复调整`,
        field(`body.changes.${i}.target`, "unchanged or twice", "未改变或重复"),
      );
    }
    applied.push({ milestone: c.milestone, indicator: c.indicator, from: indicator.target, to: c.target });
  });
  const next = milestones.map((m) => ({
    ...m,
    indicators: m.indicators.map((ind) => {
      const change = applied.find((a) => a.milestone === m.index && a.indicator === ind.name);
      return change ? { ...ind, target: change.to } : ind;
    }),
  }));
  return { milestones: next, changes: applied };
}

/**
 * The adjustments once the project has ended (终止, 弄虚作假, 退出, 递补, 赛马): one still awaiting signatures is void —
 * the targets it changes no longer bind anybody, so its signing to-dos end with it. `voided` lists the seqs changed.
 */
export function voidPendingAdjustments(
  adjustments: readonly TargetAdjustment[],
  voided: NonNullable<TargetAdjustment["voided"]>,
): { adjustments: TargetAdjustment[]; voided: number[] } {
  const pending = adjustments.filter((a) => a.status === "awaiting-signatures").map((a) => a.seq);
  return {
    adjustments: adjustments.map((a) =>
      pending.includes(a.seq) ? { ...a, status: "void" as const, voided } : a,
    ),
    voided: pending,
  };
}
