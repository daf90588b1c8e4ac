// Pure rules of a project's to-dos (待办), from its track: the task book's signatures still missing on its revision
// (bureau, enterprise, lead solver), the enterprise's report on the next milestone due (or returned, or to rectify),
// the panel's votes on a report under review, and the approver's confirmation of a payment opinion (资金拨付意见).
import { endOfShanghaiDay, type Todo, type TodoAssignee } from "../../kernel/todos.ts";
import type { ProjectTrackRecord } from "../model.ts";

export function trackTodos(t: ProjectTrackRecord): Todo[] {
  const project = { titleFrom: { kind: "PROJECT", id: t.projectId } };
  const enterprises: TodoAssignee[] = (t.enterpriseOrganisationIds ?? []).map((organisationId) => ({
    role: "enterprise",
    organisationId,
  }));
  const book = t.taskBook;
  if (t.status === "drafting") {
    const signed = new Set(book.signatures.filter((s) => s.revision === book.revision).map((s) => s.party));
    const since = book.voided?.at(-1)?.at ?? book.draftedAt;
    const parties: [string, TodoAssignee[]][] = [
      ["bureau", [{ role: "bureau" }]],
      ["enterprise", enterprises],
      ["solver", [{ role: "solver", organisationId: book.solverLeadId }]],
    ];
    return parties
      .filter(([party, assignees]) => !signed.has(party as never) && assignees.length > 0)
      .map(([party, assignees]) => ({
        ...project,
        action: "project.sign-task-book",
        key: party,
        since,
        link: `/projects/${t.projectId}/task-book`,
        assignees,
      }));
  }
  if (t.status !== "in-progress") return [];
  const todos: Todo[] = [];
  // The enterprise files the report of the first milestone not yet filed, returned or to rectify.
  const due = t.milestones.find(
    (m) => m.status === "pending" || m.status === "returned" || m.status === "rectifying",
  );
  if (due && enterprises.length > 0) {
    const previous = t.milestones.find((m) => m.index === due.index - 1);
    const lastReport = due.reports.at(-1);
    todos.push({
      ...project,
      action: "project.file-milestone-report",
      key: String(due.index),
      since:
        due.status === "pending"
          ? (previous?.passedAt ?? book.signedAt ?? t.createdAt)
          : (lastReport?.decision?.at ?? lastReport?.validation?.at ?? lastReport?.filedAt ?? t.updatedAt),
      deadline:
        due.status === "rectifying" && due.rectifyBy
          ? endOfShanghaiDay(due.rectifyBy)
          : endOfShanghaiDay(due.dueDate),
      link: `/projects/${t.projectId}/milestones/${due.index}/report`,
      assignees: enterprises,
    });
  }
  for (const m of t.milestones) {
    const report = m.reports.at(-1);
    if (m.status === "under-review" && report) {
      const voted = new Set(report.votes.map((v) => v.expertId));
      const recused = new Set((m.recusals ?? []).filter((r) => !r.replacedBy).map((r) => r.expertId));
      const since = report.validation?.at ?? report.filedAt;
      for (const expertId of m.panel.filter((e) => !voted.has(e) && !recused.has(e))) {
        todos.push({
          ...project,
          action: "project.review-milestone",
          key: `${m.index}#${expertId}`,
          since,
          link: `/projects/${t.projectId}/milestones/${m.index}/review`,
          assignees: [{ user: expertId }],
        });
      }
    }
    if (m.status === "awaiting-payment-opinion" && m.paymentOpinion && !m.paymentOpinion.confirmedAt) {
      todos.push({
        ...project,
        action: "project.confirm-payment-opinion",
        key: String(m.index),
        since: m.paymentOpinion.draftedAt,
        link: `/projects/${t.projectId}/milestones/${m.index}/payment-opinion`,
        assignees: [{ role: "approver" }],
      });
    }
  }
  return todos;
}
