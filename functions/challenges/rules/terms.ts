// Pure rules of challenge publication (张榜发布): its time limits — each sign-off, and the bureau's resubmission of a
// sent-back draft — and the seconds workflows/challenge-publication.asl.json reads from its execution input. (Not to
// be confused with challengeTerms in ../model.ts: the funding cap, window and horse race the bureau sets on a draft.)
import { daysToSeconds } from "../../kernel/dates.ts";

/**
 * Days each sign-off may take — the bureau's (审核) and then the approver's (审定) — before the challenge is flagged
 * overdue and escalated; the wait then starts again.
 * 《太原市实施“双百攻关行动”工作方案》四（三）张榜发布 has the formal list made "经会议研究、市政府审定等程序" but sets no
 * time limit. The platform's own operating term: two weeks, enough for one round of the meeting that studies a list,
 * short enough that a list does not stall unnoticed before the window it proposes.
 */
export const signOffDays = 14;

/**
 * Days the bureau has to resubmit a draft sent back at sign-off; after it the submission lapses (a later submission
 * starts a fresh execution). No policy fixes this: 四（三） does not foresee a list sent back. The platform's own
 * operating term, the same two months an enterprise has to resubmit a returned demand (../../demands/rules/terms.ts):
 * reworking metrics or the funding cap may go back to the enterprise and the experts of 四（二）榜单凝练.
 */
export const resubmissionDays = 60;

/** The terms in the execution input of challenge-publication (`terms`), in seconds. */
export interface PublicationTerms {
  /** AwaitBureauSignOff's and AwaitApproverSignOff's TimeoutSecondsPath. */
  readonly signOffSeconds: number;
  /** AwaitResubmission's TimeoutSecondsPath. */
  readonly resubmissionSeconds: number;
}

/** The publication terms as the seconds the execution input carries. */
export function publicationTerms(): PublicationTerms {
  return {
    signOffSeconds: daysToSeconds(signOffDays),
    resubmissionSeconds: daysToSeconds(resubmissionDays),
  };
}
