// Kernel: the record rules of 就高不重复 (overlap checks of applications, functions/overlap): programme staff read them,
// the bureau runs and decides them. Declared apart so that record-access.ts keeps within its length.
import type { RecordRule } from "./record-access.ts";

const staff = (roles: RecordRule["grants"][number]["roles"], what: string, whatZh: string): RecordRule => ({
  grants: [{ roles, relation: "any" }],
  refusal: "FORBIDDEN_RECORD",
  message: `Only programme staff may ${what}`,
  messageZh: `仅主管部门工作人员可以${whatZh}`,
});

export const overlapRecordRules = {
  read: staff(["bureau", "approver", "admin", "auditor"], "read overlap checks", "查看重复支持核查"),
  decide: staff(["bureau"], "run and decide overlap checks (就高不重复)", "核查并认定就高不重复"),
} as const;
