// Pure rules of expert review (专家评审): its terms — the scoring deadline, after how many missed deadlines the bureau
// is told and the review lapses, and when a review waiting for experts is tried again — and their seconds.
import { daysToSeconds } from "../../kernel/dates.ts";

/**
 * Days the panel has to score before the experts who have not scored are reminded; the deadline then starts again.
 * 《太原市实施“双百攻关行动”工作方案》四（五）专家论证 has technical, management and finance experts judge each plan but sets
 * no time limit, and 2023年度济南市科技计划“揭榜挂帅”榜单发布 describes the review as online (异地专家网上评审). The
 * platform's own operating term: one week, for experts who score remotely beside their own work.
 */
export const scoringDays = 7;

/** From this missed scoring deadline on, a reminder also escalates the review to the bureau (the platform's term). */
export const escalateFromOverdue = 2;

/**
 * After this many missed scoring deadlines (four weeks with `scoringDays`) the review lapses and the execution fails
 * (Review.Lapsed) for the bureau to reassign the panel. The platform's own operating term: the bureau was told from
 * `escalateFromOverdue` on and had two more deadlines to act.
 */
export const lapseAfterOverdue = 4;

/**
 * Days before a review that found no eligible expert panel (no finance expert, conflicts of interest) is started
 * again, while the bureau registers experts. The platform's own operating term: daily, as the pool changes by day.
 */
export const expertPoolRetryDays = 1;

/** The review's terms in the execution input of challenge-award (`terms`): seconds, and a count. */
export interface ReviewTerms {
  /** AwaitScores's TimeoutSecondsPath. */
  readonly scoringSeconds: number;
  /** RouteAfterReminder's NumericGreaterThanEqualsPath on the overdue count. */
  readonly lapseAfterOverdue: number;
  /** WaitForExpertPool's SecondsPath. */
  readonly expertPoolRetrySeconds: number;
}

/** The review's terms as the execution input carries them. */
export function reviewTerms(): ReviewTerms {
  return {
    scoringSeconds: daysToSeconds(scoringDays),
    lapseAfterOverdue,
    expertPoolRetrySeconds: daysToSeconds(expertPoolRetryDays),
  };
}
