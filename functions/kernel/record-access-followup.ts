// Kernel: the record rules of a project's follow-up records (functions/followup): the judicial referral (programme
// staff read it, finance and auditors included; the bureau records it), the road-show (the enterprise or the lead solver
// asks, the bureau decides), the budget (the solver side reallocates, the bureau changes personnel). Declared apart so
// that record-access.ts keeps within its length. Performance evaluations: the bureau opens and decides, the named experts
// score; a dynamic adjustment is signed by the three signatories.
import type { RecordRule } from "./record-access.ts";

const staff: RecordRule["grants"][number]["roles"] = ["bureau", "approver", "finance", "admin", "auditor"];

export const followupRecordRules = {
  /** The road-show and the budget: the project's parties and programme staff. */
  read: {
    grants: [
      { roles: staff, relation: "any" },
      { roles: ["enterprise"], relation: "enterprise" },
      { roles: ["solver"], relation: "solver" },
    ],
    refusal: "NOT_A_PARTY",
    message: "Only the project's parties and staff may see it",
    messageZh: "仅项目相关方可查看",
  },
  /** The judicial referral: programme staff only (finance and auditors see it with the recovery). */
  "referral-read": {
    grants: [{ roles: staff, relation: "any" }],
    refusal: "FORBIDDEN_RECORD",
    message: "Only programme staff may read judicial referrals",
    messageZh: "仅主管部门、财政和审计人员可查看司法移交",
  },
  /** The bureau's records: the referral and its outcomes, the road-show decision and interests, personnel changes. */
  decide: {
    grants: [{ roles: ["bureau"], relation: "any" }],
    refusal: "FORBIDDEN_RECORD",
    message: "Only programme staff may decide this",
    messageZh: "仅主管部门可以决定",
  },
  /** The voluntary request for a road-show (经企业自愿提出): the project's enterprise or its lead solver. */
  request: {
    grants: [
      { roles: ["enterprise"], relation: "enterprise" },
      { roles: ["solver"], relation: "lead-solver" },
    ],
    refusal: "NOT_A_SIGNATORY",
    message: "Only the project's enterprise or lead solver may ask for a road-show",
    messageZh: "仅项目出题企业或揭榜牵头单位可申请路演",
  },
  /** The performance record: the parties and staff, and experts (the use case admits only those named on it). */
  "performance-read": {
    grants: [
      { roles: staff, relation: "any" },
      { roles: ["enterprise"], relation: "enterprise" },
      { roles: ["solver"], relation: "solver" },
      { roles: ["expert"], relation: "any" },
    ],
    refusal: "NOT_A_PARTY",
    message: "Only the project's parties, staff and its evaluation experts may see it",
    messageZh: "仅项目相关方及绩效评价专家可查看",
  },
  /** A performance evaluation's scores: an expert (the use case admits only the experts named for it). */
  score: {
    grants: [{ roles: ["expert"], relation: "any" }],
    refusal: "FORBIDDEN_RECORD",
    message: "Only experts score a performance evaluation",
    messageZh: "仅专家可以进行绩效评价打分",
  },
  /** A dynamic adjustment's signatures: the three signatories of the task book. */
  "sign-adjustment": {
    grants: [
      { roles: ["bureau"], relation: "any" },
      { roles: ["enterprise"], relation: "enterprise" },
      { roles: ["solver"], relation: "lead-solver" },
    ],
    refusal: "NOT_A_SIGNATORY",
    message: "Only the task book's signatories sign its adjustment",
    messageZh: "仅任务书签署方可签署调整后的任务书",
  },
  /** Budget reallocation: the solver side (the organisation for equipment, the chief engineer for other costs). */
  reallocate: {
    grants: [{ roles: ["solver"], relation: "solver" }],
    refusal: "NOT_A_PARTY",
    message: "Only the project's solver organisation and chief engineer reallocate its budget",
    messageZh: "仅项目承担单位和技术总师可调剂预算",
  },
} as const satisfies Record<string, RecordRule>;
