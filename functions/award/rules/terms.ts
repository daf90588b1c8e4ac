// Pure rules of the award (遴选 → 揭榜公告): its terms — the shortlist, the two confirmations, a ruling on objections,
// and when a notice waiting for a calendar year is tried again — and the seconds challenge-award's input carries.
import { daysToSeconds } from "../../kernel/dates.ts";
import { type ReviewTerms, reviewTerms } from "../../review/rules/terms.ts";

/**
 * Days the enterprise has to decide on a horse race and the number of winners (shortlist) before it is escalated to
 * the bureau; the wait then starts again. 《太原市实施“双百攻关行动”工作方案》四（四） leaves whether to race and how many to
 * the enterprise (由出题企业自行确定) without a time limit. The platform's own operating term: one month, time to talk
 * to the ranked solvers as 四（四）对接揭榜 expects.
 */
export const shortlistDays = 30;

/**
 * Days each confirmation of the winners may take — the bureau's, then the approver's (四（五）"经会议审定") — before it is
 * escalated to the bureau; the wait then starts again. No time limit in the policy. The platform's own operating
 * term: one month, one monthly meeting cycle.
 */
export const confirmationDays = 30;

/**
 * Days the bureau has to rule on an objection (异议) raised during the public notice before it is escalated; the award
 * waits for the ruling. 四（五） publishes the winners for 5 working days and announces them "公示无异议的", but sets no
 * time for ruling on an objection. The platform's own operating term: one month, for hearing both sides.
 */
export const rulingDays = 30;

/**
 * Days before a notice whose working days reach a year with no holiday arrangement loaded (国务院办公厅 publishes it
 * late in the year before) is tried again, while an administrator loads the year. The platform's own operating term: daily.
 */
export const calendarRetryDays = 1;

/** The terms in the execution input of challenge-award (`terms`): the review's and the award's. */
export interface AwardTerms extends ReviewTerms {
  /** AwaitShortlist's TimeoutSecondsPath. */
  readonly shortlistSeconds: number;
  /** AwaitBureauConfirmation's and AwaitApproverConfirmation's TimeoutSecondsPath. */
  readonly confirmationSeconds: number;
  /** AwaitRuling's TimeoutSecondsPath. */
  readonly rulingSeconds: number;
  /** AwaitCalendarYear's SecondsPath. */
  readonly calendarRetrySeconds: number;
}

/** The terms of a challenge-award execution as its input carries them. */
export function awardTerms(): AwardTerms {
  return {
    ...reviewTerms(),
    shortlistSeconds: daysToSeconds(shortlistDays),
    confirmationSeconds: daysToSeconds(confirmationDays),
    rulingSeconds: daysToSeconds(rulingDays),
    calendarRetrySeconds: daysToSeconds(calendarRetryDays),
  };
}
