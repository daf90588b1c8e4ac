// Pure rules of the follow-up records' to-dos (待办): a road-show requested waits for the bureau's decision.
import type { Todo } from "../../kernel/todos.ts";
import type { RoadShowRecord } from "../model.ts";

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
