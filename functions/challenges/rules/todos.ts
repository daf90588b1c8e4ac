// Pure rules of a challenge's to-dos (待办): the bureau's sign-off, the approver's, and the bureau's resubmission of a
// challenge sent back — each while the publication execution waits for it (its parked callback).

import type { Todo } from "../../kernel/todos.ts";
import { deadlineAfter } from "../../kernel/todos.ts";
import type { ChallengeRecord } from "../model.ts";
import { resubmissionDays, signOffDays } from "./terms.ts";

const waits = {
  "bureau-sign-off": {
    action: "challenge.bureau-sign-off",
    role: "bureau",
    days: signOffDays,
    to: "sign-off",
  },
  "approver-sign-off": {
    action: "challenge.approver-sign-off",
    role: "approver",
    days: signOffDays,
    to: "sign-off",
  },
  "sign-off-resubmission": { action: "challenge.resubmit", role: "bureau", days: resubmissionDays, to: "" },
} as const;

export function challengeTodos(c: ChallengeRecord): Todo[] {
  const task = c.pendingTask;
  const wait = task ? waits[task.kind as keyof typeof waits] : undefined;
  // A sign-off sent and not yet applied by the workflow is no longer anybody's to-do.
  if (!task || !wait || c.pendingSignOff) return [];
  return [
    {
      action: wait.action,
      since: task.since,
      // Escalated once overdue, the wait starts again: it was due when it first ran out.
      deadline: c.overdueSince ?? deadlineAfter(task.since, wait.days),
      title: c.title,
      link: `/challenges/${c.id}${wait.to ? `/${wait.to}` : ""}`,
      assignees: [{ role: wait.role }],
    },
  ];
}
