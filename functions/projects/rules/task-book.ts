// Pure rules of the task book (任务书): its dates within the policy's maximum period, and the solver and chief engineer
// locked once the project is approved.

import { addMonths, type IsoDate } from "../../kernel/dates.ts";
import { businessRuleError } from "../../kernel/errors.ts";
import type { FundingPolicy } from "../../programmes/rules/policy.ts";

/** A task book's dates within the maximum period: end ≤ start + max months. */
export function assertTaskBookPeriod(
  book: { startDate: IsoDate; endDate: IsoDate },
  policy: Pick<FundingPolicy, "maxPeriodMonths">,
): void {
  const latest = addMonths(book.startDate, policy.maxPeriodMonths);
  if (book.endDate > latest) {
    throw businessRuleError(
      "PERIOD_EXCEEDS_MAX",
      `the task book ends ${book.endDate}, after ${latest} (${policy.maxPeriodMonths} months from ${book.startDate})`,
      `任务书结束日期 ${book.endDate} 晚于 ${latest}（自 ${book.startDate} 起 ${policy.maxPeriodMonths} 个月）`,
      [{ path: "endDate", message: "longer than the maximum period", messageZh: "超过最长实施期" }],
    );
  }
}

/** After approval the solver cannot be replaced, nor the chief engineer (《太原市实施“双百攻关行动”工作方案》四（七）2). */
export function assertSolverUnchanged(
  approved: { solverLeadId: string; solverMemberIds: readonly string[]; chiefEngineerId: string },
  proposed: { solverLeadId: string; solverMemberIds: readonly string[]; chiefEngineerId: string },
): void {
  const sameMembers =
    approved.solverMemberIds.length === proposed.solverMemberIds.length &&
    [...approved.solverMemberIds].sort().join("\n") === [...proposed.solverMemberIds].sort().join("\n");
  if (approved.solverLeadId !== proposed.solverLeadId || !sameMembers) {
    throw businessRuleError(
      "SOLVER_LOCKED",
      "the solver cannot be replaced after approval",
      "项目立项后不得更换揭榜方",
      [{ path: "solverLead", message: "locked after approval", messageZh: "立项后不得更换" }],
    );
  }
  if (approved.chiefEngineerId !== proposed.chiefEngineerId) {
    throw businessRuleError(
      "CHIEF_ENGINEER_LOCKED",
      "the chief engineer cannot be replaced after approval",
      "揭榜攻关期间技术总师不得随意离职或更换",
      [{ path: "chiefEngineerId", message: "locked after approval", messageZh: "立项后不得更换" }],
    );
  }
}
