// Kernel: the words of the to-do list (待办) — what a to-do is (what a record kind's rule declares), each one's stable
// action code with its Chinese and English label, and the date arithmetic the contexts' to-do rules share.
import { DAY_SECONDS, shanghaiInstant } from "./dates.ts";

/** Who a to-do waits for: one user, a role within one organisation, or a role platform-wide (staff roles). */
export type TodoAssignee =
  | { readonly user: string }
  | { readonly role: string; readonly organisationId: string }
  | { readonly role: string };

/** One thing a record's state waits for, as a kind's pure rule declares it. */
export interface Todo {
  /** Stable code of what to do ("payment.approve"); with the record it identifies the to-do. */
  readonly action: string;
  /** Tells apart two to-dos of one action on one record (a milestone's index); default none. */
  readonly key?: string;
  /** Since when it waits (ISO instant). */
  readonly since: string;
  /** When it is due (ISO instant), if there is a term. */
  readonly deadline?: string;
  /** The route the workbench opens ("/projects/<id>/milestones/2/report"). */
  readonly link: string;
  /** The record whose title names the to-do, when not the record itself (a review assignment: its challenge). */
  readonly titleFrom?: { readonly kind: string; readonly id: string };
  /** The record's own title, when it has one. */
  readonly title?: string;
  readonly assignees: readonly TodoAssignee[];
  /** Four eyes: holders of the assignee keys who may not do it (the maker), and organisations (parties). */
  readonly exceptUsers?: readonly string[];
  readonly exceptOrganisations?: readonly string[];
}

/** What a to-do asks, by its stable code (the `action` of ports/todos.ts Todo). */
export const todoActions = {
  "demand.decide": { en: "Decide on a submitted demand", zh: "处理已提交的需求" },
  "demand.resubmit": { en: "Revise and resubmit a returned demand", zh: "修改并重新提交被退回的需求" },
  "demand.refinement-opinion": { en: "Give a refinement opinion on a demand", zh: "提出需求凝练意见" },
  "challenge.bureau-sign-off": { en: "Sign off a challenge (bureau)", zh: "审核榜单（科技主管部门）" },
  "challenge.approver-sign-off": { en: "Approve a challenge", zh: "审定榜单" },
  "challenge.resubmit": { en: "Revise and resubmit a challenge sent back", zh: "修改并重新提交被退回的榜单" },
  "review.score": { en: "Score the applications of a review", zh: "评审打分" },
  "award.decide-overlap": {
    en: "Decide the overlapping support of a replacement winner (就高不重复)",
    zh: "认定递补揭榜方是否重复支持（就高不重复）",
  },
  "award.bureau-confirmation": { en: "Confirm the shortlist (bureau)", zh: "确认入围名单（科技主管部门）" },
  "award.approver-confirmation": { en: "Confirm the shortlist (approver)", zh: "审定入围名单" },
  "award.ruling": { en: "Rule on objections to a public notice", zh: "处理公示异议" },
  "award.reannounce-notice": {
    en: "Confirm the corrected end of an extended public notice was re-announced",
    zh: "确认已重新公告更正后的公示截止日",
  },
  "project.sign-task-book": { en: "Sign the task book", zh: "签署任务书" },
  "project.file-milestone-report": { en: "File the milestone report", zh: "提交里程碑报告" },
  "project.name-milestone-panel": {
    en: "Name the review panel of a milestone report",
    zh: "指派里程碑报告评审专家",
  },
  "project.review-milestone": { en: "Review a milestone report", zh: "评审里程碑报告" },
  "project.confirm-payment-opinion": { en: "Confirm a payment opinion", zh: "确认资金拨付意见" },
  "project.decide-road-show": {
    en: "Decide a request for an investment road-show",
    zh: "处理投融资路演申请",
  },
  "project.score-performance": { en: "Score a project's performance evaluation", zh: "项目绩效评价打分" },
  "project.decide-performance": {
    en: "Decide on a performance evaluation: continue, exit or replace",
    zh: "根据绩效评价决定后续支持、退出或递补",
  },
  "project.decide-replacement-overlap": {
    en: "Decide the overlapping support of the next replacement candidate (就高不重复) so it can be offered",
    zh: "认定下一递补候选单位是否重复支持（就高不重复）后递补",
  },
  "project.sign-adjustment": {
    en: "Sign the task book's dynamic adjustment (new targets)",
    zh: "签署任务书动态调整",
  },
  "project.request-acceptance": { en: "Ask for final acceptance", zh: "申请结题验收" },
  "project.fix-acceptance-plan": { en: "Fix the acceptance plan and experts", zh: "确定验收方案和专家" },
  "project.review-acceptance": { en: "Give the acceptance verdict", zh: "结题验收评审" },
  "project.confirm-acceptance-payment-opinion": {
    en: "Confirm the final acceptance payment opinion",
    zh: "确认结题验收资金拨付意见",
  },
  "project.decide-extension": { en: "Decide on an extension request", zh: "审核延期申请" },
  "project.decide-termination": { en: "Decide on terminating a project", zh: "审核项目终止" },
  "horse-race.decide": { en: "Decide which projects of a horse race continue", zh: "确定赛马继续实施的项目" },
  "award.shortlist": { en: "Choose the shortlist", zh: "确定入围名单" },
  "payment.approve": { en: "Approve a payment (second officer)", zh: "审批拨付（复核）" },
  "payment.propose-resolution": { en: "Resolve a failed disbursement", zh: "处理拨付失败" },
  "recovery.record-receipt": { en: "Record money returned on a recovery", zh: "登记追回款到账" },
  "payment.confirm-resolution": {
    en: "Confirm a failed disbursement's resolution",
    zh: "确认拨付失败处理意见",
  },
} as const satisfies Record<string, { readonly en: string; readonly zh: string }>;

export type TodoAction = keyof typeof todoActions;

/** An epoch as ISO; a malformed input (never expected) is kept as it was, so a to-do never fails its record's write. */
const isoOr = (ms: number, input: string): string =>
  Number.isFinite(ms) ? new Date(ms).toISOString() : input;

/** The instant `days` days after `since` (ISO), as ISO: a wait's deadline. */
export const deadlineAfter = (since: string, days: number): string =>
  isoOr(Date.parse(since) + days * DAY_SECONDS * 1000, since);

/** The last instant of a Shanghai date (a milestone's due date), as ISO. */
export const endOfShanghaiDay = (date: string): string => isoOr(shanghaiInstant(date, 23, 59, 59, 999), date);
