// Pure rules of the award's to-dos (待办): the bureau's ruling on the objections to a public notice (公示异议), while
// the award execution waits for it.

import type { Todo } from "../../kernel/todos.ts";
import { deadlineAfter } from "../../kernel/todos.ts";
import type { NoticeRecord } from "../model.ts";
import { rulingDays } from "./terms.ts";

export function noticeTodos(n: NoticeRecord): Todo[] {
  if (n.pendingTask?.kind !== "ruling") return [];
  return [
    {
      action: "award.ruling",
      since: n.pendingTask.since,
      deadline: deadlineAfter(n.pendingTask.since, rulingDays),
      title: n.title,
      link: `/notices/${n.id}/objections`,
      assignees: [{ role: "bureau" }],
    },
  ];
}
