// Kernel: the roles of the platform's users (Cognito groups in AWS, the `cognito:groups` claim locally).

/** Who a user is to the programme (the parties of 《太原市实施“双百攻关行动”工作方案》四, plus the public and operators). */
export const roles = [
  "enterprise", // 出题企业/发榜方: posts demands, co-signs, files reports, receives funds
  "solver", // 揭榜方: applies and carries out the work
  "expert", // 专家: refines demands, reviews applications and milestones
  "bureau", // 市科技管理部门: programme officers
  "approver", // 分管领导/市政府审定: approves lists, winners, payment opinions
  "finance", // 市财政局: triggers and confirms payments, recovers money
  "auditor", // inspectors: read-only
  "admin", // operators: inspect executions
] as const;

export type Role = (typeof roles)[number];

export function isRole(value: string): value is Role {
  return (roles as readonly string[]).includes(value);
}
