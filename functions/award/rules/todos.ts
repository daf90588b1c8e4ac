// Pure rules of the award's to-dos (待办): the bureau's ruling on the objections to a public notice (公示异议), while
// the award execution waits for it, and on those to a replacement's notice (递补公示) while any is open.

import type { Todo } from "../../kernel/todos.ts";
import { deadlineAfter } from "../../kernel/todos.ts";
import type { NoticeRecord } from "../model.ts";
import { rulingDays } from "./terms.ts";

export function noticeTodos(n: NoticeRecord): Todo[] {
  if (n.replacement) return replacementRulingTodos(n);
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

/**
 * A replacement's notice (递补公示): no workflow waits on it, so its open objections are the bureau's to-do from the
 * first one raised — due the award's ruling term after the window's end (objections come in until then) — until each
 * is ruled or the notice is superseded.
 */
function replacementRulingTodos(n: NoticeRecord): Todo[] {
  if (n.status !== "open" && n.status !== "ruling") return [];
  const open = n.objections.filter((o) => o.status === "open");
  if (open.length === 0) return [];
  const since = open.map((o) => o.raisedAt ?? n.publishedAt).sort()[0] ?? n.publishedAt;
  return [
    {
      action: "award.ruling",
      since,
      deadline: deadlineAfter(n.endsAt, rulingDays),
      title: n.title,
      link: `/notices/${n.id}/objections`,
      assignees: [{ role: "bureau" }],
    },
  ];
}
