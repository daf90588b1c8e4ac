// Pure rules of the follow-up records' to-dos (待办): a road-show requested waits for the bureau's decision; a performance
// evaluation for its experts' scores, then the bureau's decision; a dynamic adjustment (动态调整) for the signature of each
// of the three parties (bureau, enterprise, lead solver) not yet given; the next replacement (递补) offer after an upheld
// objection for the bureau's 就高不重复 decision on its candidate.
import { confirmationDays } from "../../award/rules/terms.ts";
import { deadlineAfter, type Todo, type TodoAssignee } from "../../kernel/todos.ts";
import type { RoadShowRecord } from "../model.ts";
import type { PerformanceRecord, TargetAdjustment } from "../performance-model.ts";

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

/**
 * An adjustment awaiting signatures waits for each party that has not signed it: the bureau, the enterprise (its
 * organisations), the lead solver organisation — at the project's performance page, where the adjustment is signed.
 * An adjustment recorded without its parties (before they were kept on it) asks the bureau only.
 */
export function adjustmentTodos(projectId: string, a: TargetAdjustment): Todo[] {
  if (a.status !== "awaiting-signatures") return [];
  const signed = new Set(a.signatures.map((s) => s.party));
  const parties: [string, TodoAssignee[]][] = [
    ["bureau", [{ role: "bureau" }]],
    [
      "enterprise",
      (a.parties?.enterpriseOrganisationIds ?? []).map((organisationId) => ({
        role: "enterprise",
        organisationId,
      })),
    ],
    ["solver", a.parties ? [{ role: "solver", organisationId: a.parties.solverLeadId }] : []],
  ];
  return parties
    .filter(([party, assignees]) => !signed.has(party as never) && assignees.length > 0)
    .map(([party, assignees]) => ({
      action: "project.sign-adjustment",
      key: `${a.seq}#${party}`,
      since: a.proposedAt,
      link: `/projects/${projectId}/performance`,
      titleFrom: { kind: "PROJECT", id: projectId },
      assignees,
    }));
}

/**
 * A performance evaluation waits for each named expert's scores, then for the bureau's decision; an adjustment for its
 * missing signatures, until an evaluation's exit or replacement ends the project.
 */
export function performanceTodos(r: PerformanceRecord): Todo[] {
  const link = `/projects/${r.projectId}/performance`;
  const titleFrom = { kind: "PROJECT", id: r.projectId };
  // A project ended by its evaluation (exit, or replacement 递补) has no targets left to sign.
  const ended = r.evaluations.some((e) => e.decision && e.decision.decision !== "continue");
  const todos: Todo[] = ended ? [] : (r.adjustments ?? []).flatMap((a) => adjustmentTodos(r.projectId, a));
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
  // A replacement withdrawn on an upheld objection whose next candidate has a 就高不重复 finding not decided: the offer
  // waits for the bureau's decision on the overlap page (the decision that settles it makes the offer). Its term is the
  // award's for the same decision (AwaitOverlapDecision: the confirmation term), after which 待办 shows it overdue.
  if (r.nextOffer?.status === "awaiting-overlap") {
    todos.push({
      action: "project.decide-replacement-overlap",
      key: r.nextOffer.applicationId,
      since: r.nextOffer.since,
      deadline: deadlineAfter(r.nextOffer.since, confirmationDays),
      link: "/bureau/overlap",
      titleFrom,
      assignees: [{ role: "bureau" }],
    });
  }
  return todos;
}
