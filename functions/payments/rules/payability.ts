// Pure rule of payments: whether a tranche's release condition is met (签订任务书、里程碑考核通过、结题验收、周年), and why not.

import { addMonths, type IsoDate } from "../../kernel/dates.ts";
import { businessRuleError } from "../../kernel/errors.ts";
import type { ReleaseCondition } from "../../programmes/rules/policy.ts";

/** What is known about a project when deciding whether a tranche's condition is met. */
export interface PayabilityFacts {
  /** When the task book was signed; absent = not signed. */
  signedOn?: IsoDate;
  milestones: readonly { index: number; status: "pending" | "submitted" | "passed" | "rejected" }[];
  finalAccepted: boolean;
  today: IsoDate;
}

/** Whether a release condition is met, and why not. Nothing is payable on a rejected or unreviewed milestone. */
export function conditionMet(
  condition: ReleaseCondition,
  facts: PayabilityFacts,
): { met: true } | { met: false; code: string; message: string; messageZh: string } {
  if (facts.signedOn === undefined) {
    return {
      met: false,
      code: "TASK_BOOK_NOT_SIGNED",
      message: "the task book is not signed",
      messageZh: "任务书尚未签订",
    };
  }
  switch (condition.kind) {
    case "task-book-signed":
      return { met: true };
    case "milestone-passed": {
      const milestone = facts.milestones.find((m) => m.index === condition.milestone);
      if (milestone?.status === "passed") return { met: true };
      const state =
        milestone === undefined
          ? "missing"
          : milestone.status === "rejected"
            ? "rejected"
            : "not yet reviewed";
      const stateZh =
        milestone === undefined ? "不存在" : milestone.status === "rejected" ? "考核未通过" : "尚未考核";
      return {
        met: false,
        code: "MILESTONE_NOT_PASSED",
        message: `milestone ${condition.milestone} is ${state}: nothing is payable on it`,
        messageZh: `第${condition.milestone}个里程碑${stateZh}，不得拨付`,
      };
    }
    case "final-acceptance":
      return facts.finalAccepted
        ? { met: true }
        : {
            met: false,
            code: "NOT_ACCEPTED",
            message: "final acceptance has not passed",
            messageZh: "项目尚未通过结题验收",
          };
    case "anniversary": {
      const due = addMonths(facts.signedOn, condition.years * 12);
      return facts.today >= due
        ? { met: true }
        : {
            met: false,
            code: "ANNIVERSARY_NOT_REACHED",
            message: `anniversary ${condition.years} of signing falls on ${due}`,
            messageZh: `合同签订满${condition.years}年为 ${due}，尚未到期`,
          };
    }
  }
}

export function assertConditionMet(condition: ReleaseCondition, facts: PayabilityFacts): void {
  const result = conditionMet(condition, facts);
  if (!result.met) {
    throw businessRuleError(result.code, result.message, result.messageZh, [
      { path: "condition", message: result.message, messageZh: result.messageZh },
    ]);
  }
}
