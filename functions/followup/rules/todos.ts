// Pure rules of the follow-up records' to-dos (待办): a road-show requested waits for the bureau's decision; a performance
// evaluation for its experts' scores, then the bureau's decision.
import type { Todo } from "../../kernel/todos.ts";
import type { RoadShowRecord } from "../model.ts";
import type { PerformanceRecord } from "../performance-model.ts";

export function roadShowTodos(r: RoadShowRecord): Todo[] {
  if (r.status !== "requested") return [];
  return [
    {
      action: "project.decide-road-show",
      since: r.request.at,
      link: `/projects/${r.projectId}/road-show`,
      titleFrom: { kind: "PROJECT", id: r.projectId },
      assignees: [{ role: "bureau" }],
    },
  ];
}

/** A performance evaluation waits for each named expert's scores, then for the bureau's decision. */
export function performanceTodos(r: PerformanceRecord): Todo[] {
  const link = `/projects/${r.projectId}/performance`;
  const titleFrom = { kind: "PROJECT", id: r.projectId };
  const todos: Todo[] = [];
  for (const e of r.evaluations) {
    if (e.status === "scoring") {
      for (const expertId of e.expertIds) {
        if (e.scores.some((s) => s.expertId === expertId)) continue;
        todos.push({
          action: "project.score-performance",
          key: `${e.seq}#${expertId}`,
          since: e.openedAt,
          link,
          titleFrom,
          assignees: [{ user: expertId }],
        });
      }
    } else if (e.status === "scored") {
      todos.push({
        action: "project.decide-performance",
        key: String(e.seq),
        since: e.result?.at ?? e.openedAt,
        link,
        titleFrom,
        assignees: [{ role: "bureau" }],
      });
    }
  }
  return todos;
}
