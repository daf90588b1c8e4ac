// Pure rules of demands' to-dos (待办): the bureau's decision on a submitted demand, the enterprise's resubmission of a
// returned one (while the intake execution waits for them), and an expert's refinement opinion (榜单凝练).

import type { Todo } from "../../kernel/todos.ts";
import { deadlineAfter } from "../../kernel/todos.ts";
import type { Demand, RefinementAssignmentRecord } from "../model.ts";
import { bureauDecisionDays, resubmissionDays } from "./terms.ts";

export function demandTodos(d: Demand): Todo[] {
  const task = d.pendingTask;
  if (!task) return [];
  const decision = task.kind === "decision";
  // A decision sent and not yet applied by the workflow is no longer the bureau's to-do.
  if (decision && d.pendingDecision && !d.pendingDecision.refused) return [];
  return [
    {
      action: decision ? "demand.decide" : "demand.resubmit",
      since: task.since,
      deadline: d.overdueSince ?? deadlineAfter(task.since, decision ? bureauDecisionDays : resubmissionDays),
      title: d.content.title,
      link: decision ? `/demands/${d.id}/decision` : `/demands/${d.id}`,
      assignees: [decision ? { role: "bureau" } : { role: "enterprise", organisationId: d.organisationId }],
    },
  ];
}

export function refinementTodos(a: RefinementAssignmentRecord): Todo[] {
  if (a.status !== "assigned") return [];
  return [
    {
      action: "demand.refinement-opinion",
      since: a.assignedAt,
      titleFrom: { kind: "DEMAND", id: a.demandId },
      link: `/demands/${a.demandId}/opinion`,
      assignees: [{ user: a.expertId }],
    },
  ];
}
