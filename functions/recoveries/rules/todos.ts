// Pure rules of recoveries' to-dos (待办): a receivable (应收, 《太原市实施“双百攻关行动”工作方案》四（七）4) still owed
// waits for finance to record the money returned, due 30 days after the decision (recovery.ts receivableDueOn).
import { endOfShanghaiDay, type Todo } from "../../kernel/todos.ts";
import type { RecoveryRecord } from "../model.ts";
import { receivableDueOn } from "./recovery.ts";

export function recoveryTodos(r: RecoveryRecord): Todo[] {
  const outstanding = r.amountFen - (r.receivedFen ?? 0);
  if (r.status !== "assessed" || outstanding <= 0) return [];
  return [
    {
      action: "recovery.record-receipt",
      since: r.createdAt,
      deadline: endOfShanghaiDay(receivableDueOn(r.decidedOn)),
      link: `/finance/recoveries/${r.id}`,
      titleFrom: { kind: "PROJECT", id: r.projectId },
      assignees: [{ role: "finance" }],
      exceptOrganisations: [r.payerOrganisationId],
    },
  ];
}
