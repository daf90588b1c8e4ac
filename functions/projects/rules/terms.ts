// Pure rules of project implementation (实施管理): its terms — the reminder before a milestone is due, the rectification
// (整改) deadline when the experts give none, and how long one project-phase execution runs before it hands over.
// The project-phase workflow gets no terms in its input: its Step task turns these into the next timer's seconds.

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
