// Pure rules of demand intake (需求征集): its terms — how long the bureau has to decide on a demand and the enterprise to
// resubmit one sent back — and the seconds workflows/demand-intake.asl.json reads from its execution input.
import { daysToSeconds } from "../../kernel/dates.ts";

/**
 * Days the bureau has to decide on a submitted demand (accept it as a draft challenge, merge it, or return it) before
 * the demand is flagged overdue and escalated; the wait then starts again.
 * No policy fixes this: 《太原市实施“双百攻关行动”工作方案》四（一）需求征集 and 四（二）榜单凝练 have the bureau collect
 * and assess demands with experts but set no time limit. The platform's own operating term: one month, time for the
 * expert assessment 四（二） calls for, short enough that a demand does not sit unseen through a collection round.
 */
export const bureauDecisionDays = 30;

/**
 * Days the enterprise has to resubmit a demand the bureau returned for changes; after it the demand lapses (a new
 * demand starts over). No policy fixes this either: 四（一） only lists what a demand must state. The platform's own
 * operating term: two months, twice the bureau's term, since completing a demand may need new test data or metrics.
 */
export const resubmissionDays = 60;

/** The terms in the execution input of demand-intake (`terms`), in seconds. */
export interface IntakeTerms {
  /** AwaitBureauDecision's TimeoutSecondsPath. */
  readonly decisionSeconds: number;
  /** AwaitResubmission's TimeoutSecondsPath. */
  readonly resubmissionSeconds: number;
}

/** The intake terms as the seconds the execution input carries. */
export function intakeTerms(): IntakeTerms {
  return {
    decisionSeconds: daysToSeconds(bureauDecisionDays),
    resubmissionSeconds: daysToSeconds(resubmissionDays),
  };
}
