// Pure rules of project implementation (实施管理): its terms — the reminder before a milestone is due, the rectification
// (整改) deadline when the experts give none, and how long one project-phase execution runs before it hands over.
// The project-phase workflow gets no terms in its input: its Step task turns these into the next timer's seconds; the
// project-milestone workflow gets them as `terms` (milestoneTerms), read by its ASL and passed to its tasks.
import { daysToSeconds } from "../../kernel/dates.ts";

/**
 * Days before a milestone's due date the enterprise is reminded to file its report. 《太原市实施“双百攻关行动”工作方案》
 * 四（七）1 has the enterprise file a progress report, evidence and the special audit report for each key "里程碑"
 * review, and 四（七）2 keeps other inspections few, so the platform reminds instead of checking. The platform's own
 * operating term: two weeks, time to commission the accounting firm's audit report 四（七）1 requires.
 */
export const reminderDaysBefore = 14;

/**
 * Days to rectify (整改) a milestone the experts sent back for rectification, when none of them gives a longer deadline;
 * after it the milestone fails and the bureau decides on termination (四（七）4). 四（七）1 has the experts review each
 * milestone but sets no rectification term. The platform's own operating term: one month, one reporting cycle.
 */
export const defaultRectifyDays = 30;

/**
 * Days one project-phase execution runs before it hands over to the next (continue as new). Not a business term: a
 * Standard execution lives at most one year, and a project lasts up to 3 years (四（六）实施期原则上不超过3年) plus
 * extensions; 300 days leaves a margin inside the year.
 */
export const phaseMaxDays = 300;

/**
 * Days the bureau has to name a milestone's review panel, then a reminder (and again each term). 四（七）1 has
 * experts review each milestone but sets no time for naming them. The platform's own operating term: one week.
 */
export const panelWaitDays = 7;

/**
 * Days the panel has to decide a review, then the experts who have not voted are reminded (each term). No policy
 * fixes it. The platform's own operating term: two weeks, the usual time given to a correspondence review.
 */
export const reviewWaitDays = 14;

/**
 * Days the approver has to confirm a passed milestone's payment opinion (资金拨付意见, 四（七）1 "经市政府审定后"), then a
 * reminder (each term). No policy fixes it. The platform's own operating term: one week, as for the payment approval.
 */
export const opinionWaitDays = 7;

/**
 * Days the bureau has to decide a referral for termination (四（七）4) or settle a horse race (赛马制) before it is
 * reminded (each term). No policy fixes either. The platform's own operating term: two weeks.
 */
export const decisionWaitDays = 14;

/** The terms in the execution input of project-milestone (`terms`). */
export interface MilestoneTerms {
  /** PlanReportTimers and RemindEnterprise: days before the due date for the reminder. */
  readonly reminderDaysBefore: number;
  /** PlanRectification: the rectification term when no expert gives a longer one. */
  readonly defaultRectifyDays: number;
  /** AwaitPanel's TimeoutSecondsPath. */
  readonly panelWaitSeconds: number;
  /** AwaitReview's TimeoutSecondsPath. */
  readonly reviewWaitSeconds: number;
  /** AwaitPaymentOpinion's TimeoutSecondsPath. */
  readonly opinionWaitSeconds: number;
  /** AwaitTerminationDecision's TimeoutSecondsPath. */
  readonly decisionWaitSeconds: number;
  /** AwaitHorseRaceSettlement's TimeoutSecondsPath. */
  readonly settlementWaitSeconds: number;
  /** Not a business term: how long one execution runs before it hands over (phaseMaxDays). */
  readonly handOverAfterSeconds: number;
}

/** The milestone terms as the execution input carries them. */
export function milestoneTerms(): MilestoneTerms {
  return {
    reminderDaysBefore,
    defaultRectifyDays,
    panelWaitSeconds: daysToSeconds(panelWaitDays),
    reviewWaitSeconds: daysToSeconds(reviewWaitDays),
    opinionWaitSeconds: daysToSeconds(opinionWaitDays),
    decisionWaitSeconds: daysToSeconds(decisionWaitDays),
    settlementWaitSeconds: daysToSeconds(decisionWaitDays),
    handOverAfterSeconds: daysToSeconds(phaseMaxDays),
  };
}

/**
 * Days the three signatories (bureau, enterprise, solver) have to sign the drafted task book before those who have
 * not signed are reminded (each term). 《太原市实施“双百攻关行动”工作方案》四（七）1 has the task book signed before
 * the first tranche but sets no time for it. The platform's own operating term: one week.
 */
export const signatureWaitDays = 7;

/** The terms in the execution input of project-start (`terms`). */
export interface StartTerms {
  /** AwaitSignatures' TimeoutSecondsPath and RemindSignatories' next wait. */
  readonly signatureWaitSeconds: number;
  /** Not a business term: how long one execution runs before it hands over (phaseMaxDays). */
  readonly handOverAfterSeconds: number;
}

/** The start terms as the execution input carries them. */
export function startTerms(): StartTerms {
  return {
    signatureWaitSeconds: daysToSeconds(signatureWaitDays),
    handOverAfterSeconds: daysToSeconds(phaseMaxDays),
  };
}

/**
 * Days the enterprise has, once every milestone passed, to ask for final acceptance (结题验收, 四（七）3) before it is
 * reminded (each term). The policy sets no time for the request. The platform's own operating term: one month.
 */
export const acceptanceRequestWaitDays = 30;

/**
 * Days the bureau and the enterprise have to fix the same acceptance plan and experts before those who have not are
 * reminded (each term). No policy fixes it. The platform's own operating term: two weeks.
 */
export const acceptancePlanWaitDays = 14;

/** The terms in the execution input of project-acceptance (`terms`). */
export interface AcceptanceTerms {
  /** AwaitAcceptanceRequest's TimeoutSecondsPath. */
  readonly requestWaitSeconds: number;
  /** AwaitAcceptancePlan's TimeoutSecondsPath. */
  readonly planWaitSeconds: number;
  /** AwaitAcceptanceReview's TimeoutSecondsPath (as a milestone's review). */
  readonly reviewWaitSeconds: number;
  /** AwaitFinalPaymentOpinion's TimeoutSecondsPath (as a milestone's payment opinion). */
  readonly opinionWaitSeconds: number;
  /** Not a business term: how long one execution runs before it hands over (phaseMaxDays). */
  readonly handOverAfterSeconds: number;
}

/** The acceptance terms as the execution input carries them. */
export function acceptanceTerms(): AcceptanceTerms {
  return {
    requestWaitSeconds: daysToSeconds(acceptanceRequestWaitDays),
    planWaitSeconds: daysToSeconds(acceptancePlanWaitDays),
    reviewWaitSeconds: daysToSeconds(reviewWaitDays),
    opinionWaitSeconds: daysToSeconds(opinionWaitDays),
    handOverAfterSeconds: daysToSeconds(phaseMaxDays),
  };
}

// ---- project-anniversary (安山: 合同签订满一年后拨付) ---------------------------------------------------------------
export interface AnniversaryTerms {
  /** The execution hands over before its horizon (an operating limit, not a business term). */
  readonly handOverAfterSeconds: number;
}

/** The terms of project-anniversary: only its horizon (the day itself comes from the task book and extensions). */
export function anniversaryTerms(): AnniversaryTerms {
  return { handOverAfterSeconds: daysToSeconds(phaseMaxDays) };
}
