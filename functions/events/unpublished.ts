// Domain events context: the audit actions that are not published (docs/events.md), each with why — with the
// catalogue's (catalogue.ts) this names every action the code writes; tests/unit/events/completeness.test.ts checks it.

const workflow =
  "workflow bookkeeping (a wait, a token, an execution or report written), no state of the record";
const trackCopy = (event: string) =>
  `the project track's copy of a change written in the same transaction on the project, published as ${event}`;
const decisionRecorded = (events: string) =>
  `a person's decision recorded for the workflow, whose change is published as ${events}`;
const demand =
  "a demand (需求) or its refinement: before a challenge exists, not one of the eight published kinds";
const review =
  "an expert review's assignments and scores: experts and scores are private (the ranking is published as application.ranked)";
const deliberation =
  "the award round's deliberation before its notice; its outcome is published on the applications, as award.on-notice and award.announced";
const draftApplication =
  "an application's draft before submission: private to its parties until application.submitted";
const notice =
  "the notice (公示) record: its outcome is published as challenge/application/award on-notice, application.removed and award.announced; objections carry the objector's data";
const experts = "names the experts of a panel: personal data";
const files = "files and evidence (never published)";
const taskBook =
  "the task book's content (its terms, budget lines and people), not a change of the project's state";
const performance =
  "the performance evaluation (绩效评价) and its scores; an exit ends the project, published as project.terminated";
const proposal = (event: string) =>
  `a proposal or request awaiting a decision; the decision is published as ${event}`;
const refused =
  "a request or proposal refused: the project's state does not change (free-text reasons are private)";

/** Every audit action the code writes that is no event type's, with the reason it is not published. */
export const unpublishedActions: Readonly<Record<string, string>> = {
  // Not one of the eight kinds, or never public by rule.
  "demand.accepted": demand,
  "demand.attachment-removed": demand,
  "demand.attachment-reserved": demand,
  "demand.awaiting-decision": demand,
  "demand.awaiting-resubmission": demand,
  "demand.decided": demand,
  "demand.decision-overdue": demand,
  "demand.drafted": demand,
  "demand.edited": demand,
  "demand.in-challenge": demand,
  "demand.lapsed": demand,
  "demand.merge-received": demand,
  "demand.merge-refused": demand,
  "demand.merged": demand,
  "demand.returned": demand,
  "demand.submitted": demand,
  "refinement.expert-assigned": demand,
  "refinement.opinion-given": demand,
  "refinement.opinion-revised": demand,
  "expert.registered": "the expert pool (专家库): personal data, not one of the eight kinds",
  "expert.conflict-declared": "an expert's declared conflict of interest: personal data",
  "organisation.registered": "the organisation registry with its contacts, not one of the eight kinds",
  "organisation.changed": "the organisation registry with its contacts, not one of the eight kinds",
  "calendar.year-loaded": "the working-day calendar, not one of the eight kinds",
  "execution.stopped": "an operator's action on a workflow execution, not a domain change",
  "execution.redriven": "an operator's action on a workflow execution, not a domain change",
  "overlap.checked": "overlap (重复申报) findings are never published",
  "overlap.decided": "overlap (重复申报) findings are never published",
  "overlap.external-declared": "overlap (重复申报) findings are never published",
  "overlap.audit-reports-written": "overlap (重复申报) findings are never published",
  "credit-record.added": "credit (失信) findings are never published",
  "judicial-referral.referred": "a referral for fraud (移送司法): a fraud finding, never published",
  "judicial-referral.outcome": "a referral for fraud (移送司法): a fraud finding, never published",
  "judicial-referral.audit-reports-written":
    "a referral for fraud (移送司法): a fraud finding, never published",
  "road-show.requested":
    "a results road show (路演): outreach with institutions' contacts, not one of the eight kinds",
  "road-show.interest":
    "a results road show (路演): outreach with institutions' contacts, not one of the eight kinds",
  "road-show.scheduled":
    "a results road show (路演): outreach with institutions' contacts, not one of the eight kinds",
  "road-show.declined":
    "a results road show (路演): outreach with institutions' contacts, not one of the eight kinds",
  // Challenges.
  "challenge.edited":
    "a draft's terms edited: its state does not change (the content is on the challenge's page once published)",
  "challenge.bureau-signed": decisionRecorded("challenge.approved or challenge.sent-back"),
  "challenge.approver-signed": decisionRecorded("challenge.published or challenge.sent-back"),
  "challenge.sign-off-overdue":
    "marks a sign-off overdue for the to-do list: the challenge's state does not change",
  "challenge.submission-lapsed": "a sent-back draft's execution ended unresubmitted: it stays a draft",
  "challenge.awaiting-bureau-sign-off": workflow,
  "challenge.awaiting-approver-sign-off": workflow,
  "challenge.awaiting-sign-off-resubmission": workflow,
  "challenge.award-started": workflow,
  "challenge.execution-started": workflow,
  // Reviews.
  "review.assigned": review,
  "review.reassigned": review,
  "review.conflict-withdrawn": review,
  "review.scored": review,
  "review.reminder-sent": review,
  "review.overdue": review,
  "review.escalated-to-bureau": review,
  "review.started": review,
  "review.ranked": review,
  "review.no-applications":
    "the review round found no applications; the challenge's end is published as challenge.unsolved",
  "review.awaiting-scores": workflow,
  "review.awaiting-shortlist": workflow,
  "review.awaiting-bureau-confirmation": workflow,
  "review.awaiting-approver-confirmation": workflow,
  "review.awaiting-overlap": workflow,
  "award.replacement-overlap-checked": workflow,
  // Applications.
  "application.drafted": draftApplication,
  "application.amended": draftApplication,
  "application.agreement-signed": draftApplication,
  "application-party.added": draftApplication,
  "application-party.removed": draftApplication,
  // Awards and notices.
  "award.shortlisted": deliberation,
  "award.shortlist-decided": deliberation,
  "award.bureau-confirmation-decided": deliberation,
  "award.approver-confirmation-decided": deliberation,
  "award.bureau-confirmation-confirmed": deliberation,
  "award.approver-confirmation-confirmed": deliberation,
  "award.bureau-confirmation-sent-back": deliberation,
  "award.approver-confirmation-sent-back": deliberation,
  "award.over-budget": deliberation,
  "award.escalated-to-bureau": deliberation,
  "award.notice-reannounced":
    "the bureau's note that it re-announced a corrected notice end on its own channels; the corrected end itself is on the public notice (its correction)",
  "award.replacement": "a replacement winner: published as its project.created and application.awarded",
  "notice.published": notice,
  "notice.replacement-published":
    "a replacement's public notice (递补公示): the replacement is published as project.created and application.awarded",
  "notice.ended": notice,
  "notice.final": notice,
  "notice.superseded": notice,
  "notice.window-confirmed": notice,
  "notice.window-extended": notice,
  "notice.awaiting-ruling": notice,
  "notice.objection-raised": notice,
  "notice.objection-upheld": notice,
  "notice.objection-dismissed": notice,
  // Projects.
  "project-party.added":
    "a project's party index entry, written with the project (published as project.created)",
  "project.fraud": `${trackCopy("project.terminated")}; the fraud finding is private`,
  "task-book.signed": trackCopy("project.started"),
  "acceptance.requested": trackCopy("project.under-acceptance"),
  "acceptance.payment-opinion-confirmed": trackCopy("project.accepted (and tranche.eligible)"),
  "extension.approved": trackCopy("project.extended"),
  "extension.requested": proposal("project.extended"),
  "extension.rejected": refused,
  "termination.proposed": proposal("project.terminated"),
  "termination.rejected": refused,
  "task-book.drafted": taskBook,
  "task-book.amended": taskBook,
  "task-book.adjustment-proposed": taskBook,
  "task-book.adjustment-signed": taskBook,
  "task-book.adjusted": taskBook,
  "task-book.adjustment-voided":
    "an adjustment awaiting signatures voided in the transaction that ends the project, published as project.terminated",
  "task-book.budget-reallocated": taskBook,
  "task-book.personnel-changed": "names the project's people: personal data",
  "project.chief-engineer-changed": "names the project's chief engineer: personal data",
  "task-book.signatures-overdue": workflow,
  "milestone.panel-named": experts,
  "milestone.panel-replaced": experts,
  "acceptance.panel-replaced": experts,
  "acceptance.plan-fixed": "the acceptance's plan: its experts and schedule (personal data)",
  "acceptance.vote":
    "an expert's vote: never published (the decision is project.accepted or project.not-accepted)",
  "milestone.evidence-reserved": files,
  "evidence.sealed": files,
  "milestone.validated":
    "the workflow's check of a filed report (published as project.milestone-report-filed)",
  "milestone.wait-overdue": workflow,
  "acceptance.wait-overdue": workflow,
  "performance.evaluation-opened": performance,
  "performance.expert-scored": performance,
  "performance.evaluation-scored": performance,
  "performance.continued": performance,
  "performance.exited": performance,
  "performance.replaced": performance,
  "performance.replaces": performance,
  "performance.replacement-awaiting-overlap":
    "a replacement's next offer waiting for the bureau's 就高不重复 decision: overlap findings are never published; the offer is published as project.created",
  "performance.no-replacement-left":
    "nobody left to replace a withdrawn replacement: the bureau is told (a notification); the ending is published as project.terminated",
  "horse-race.chosen":
    "a horse race's (赛马) choice by one party; the closing projects are published as project.terminated",
  "horse-race.decided":
    "a horse race's (赛马) agreed choice; the closing projects are published as project.terminated",
  "horse-race.continues": "a horse race's (赛马) continuing project: its state does not change",
  "project.timers": "lists the changes that fell due, each published as its own action's type",
  "project.waiting": workflow,
  "project.handed-over": workflow,
  "project.phase-created": workflow,
  "project.execution-created": workflow,
  "project.execution-resumed": "an operator's resume of a project's chain of executions, not a domain change",
  "project.anniversary-reached": workflow,
  "project.audit-reports-written": workflow,
  // Payments and recoveries.
  "payment-run.recorded": "a payment run's record; each payment it reserves is published as payment.reserved",
  "payment.awaiting-approval": workflow,
  "payment.approved": decisionRecorded("payment.disbursement-requested"),
  "payment.resolution-proposed": proposal("payment.returned or payment.cancelled"),
  "treasury.confirmed":
    "the treasury's answer with its reference (private); the change is published as payment.paid",
  "treasury.failed":
    "the treasury's answer with its error (private); a retry is payment.disbursement-requested, the end payment.disbursement-failed",
  "payment.audit-report-written": workflow,
  "recovery.assessed-in-ledger":
    "the payments ledger's copy of an assessment (published as recovery.assessed)",
};
