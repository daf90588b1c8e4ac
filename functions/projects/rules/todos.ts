// Pure rules of a project's to-dos (待办), from its track: the task book's signatures still missing on its revision
// (bureau, enterprise, lead solver), the enterprise's report on the next milestone due (or returned, or to rectify),
// the bureau's naming of a milestone's panel (or of recused members' successors), the panel's votes on a report under
// review, the approver's confirmation of a payment opinion (资金拨付意见); final acceptance (结题验收: the enterprise's
// request once every milestone passed, the plan each of the bureau and the enterprise fixes, the experts' verdicts, the
// approver's final payment opinion); and the bureau's decisions on an extension request (延期), a termination proposal
// (终止申请) or a referral for termination.
import { deadlineAfter, endOfShanghaiDay, type Todo, type TodoAssignee } from "../../kernel/todos.ts";
import type { ProjectTrackRecord } from "../model.ts";
import { panelQuorum } from "./review-verdict.ts";
import { decisionWaitDays, opinionWaitDays, panelWaitDays, reviewWaitDays } from "./terms.ts";

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
  if (t.status === "termination-referred") return decisionTodos(t);
  if (t.status !== "in-progress") return [];
  const todos: Todo[] = [...decisionTodos(t), ...acceptanceTodos(t, enterprises)];
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
      // The bureau names the panel (the milestone machine's AwaitPanel), or replaces recused (回避) members when those
      // still seated are below the quorum (the review waits for it: common.ts reviewPanel).
      const recusedSeated = new Set(
        (m.recusals ?? []).filter((r) => m.panel.includes(r.expertId)).map((r) => r.expertId),
      );
      const seated = m.panel.filter((e) => !recusedSeated.has(e));
      if (m.panel.length === 0 || seated.length < panelQuorum(m.panel.length)) {
        const since = report.validation?.at ?? report.filedAt;
        todos.push({
          ...project,
          action: "project.name-milestone-panel",
          key: String(m.index),
          since,
          deadline: deadlineAfter(since, panelWaitDays),
          link: `/projects/${t.projectId}/milestones/${m.index}/panel`,
          assignees: [{ role: "bureau" }],
        });
      }
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

const latest = (instants: readonly (string | undefined)[]): string | undefined =>
  instants
    .filter((i): i is string => Boolean(i))
    .sort()
    .at(-1);

/** Final acceptance (结题验收): each step waits for the one who takes it. */
function acceptanceTodos(t: ProjectTrackRecord, enterprises: TodoAssignee[]): Todo[] {
  const project = { titleFrom: { kind: "PROJECT", id: t.projectId } };
  const a = t.acceptance;
  const base = `/projects/${t.projectId}/acceptance`;
  if (!a) {
    // Asked for by the enterprise once every milestone passed; due by the task book's end date.
    if (t.milestones.length === 0 || t.milestones.some((m) => m.status !== "passed")) return [];
    if (enterprises.length === 0) return [];
    return [
      {
        ...project,
        action: "project.request-acceptance",
        since: latest(t.milestones.map((m) => m.passedAt)) ?? t.updatedAt,
        deadline: endOfShanghaiDay(t.taskBook.endDate),
        link: base,
        assignees: enterprises,
      },
    ];
  }
  if (a.status === "planning") {
    const fixed = new Set(a.fixedBy.map((f) => f.party));
    const parties: [string, TodoAssignee[]][] = [
      ["bureau", [{ role: "bureau" }]],
      ["enterprise", enterprises],
    ];
    return parties
      .filter(([party, assignees]) => !fixed.has(party as never) && assignees.length > 0)
      .map(([party, assignees]) => ({
        ...project,
        action: "project.fix-acceptance-plan",
        key: party,
        since: a.requestedAt,
        link: `${base}/plan`,
        assignees,
      }));
  }
  if (a.status === "under-review") {
    const voted = new Set(a.votes.map((v) => v.expertId));
    const recused = new Set((a.recusals ?? []).filter((r) => !r.replacedBy).map((r) => r.expertId));
    const since = latest(a.fixedBy.map((f) => f.at)) ?? a.requestedAt;
    return (a.plan?.expertIds ?? [])
      .filter((e) => !voted.has(e) && !recused.has(e))
      .map((expertId) => ({
        ...project,
        action: "project.review-acceptance",
        key: expertId,
        since,
        deadline: deadlineAfter(since, reviewWaitDays),
        link: `${base}/review`,
        assignees: [{ user: expertId }],
      }));
  }
  if (a.status === "awaiting-payment-opinion" && a.paymentOpinion && !a.paymentOpinion.confirmedAt) {
    const since = a.result?.at ?? t.updatedAt;
    return [
      {
        ...project,
        action: "project.confirm-acceptance-payment-opinion",
        since,
        deadline: deadlineAfter(since, opinionWaitDays),
        link: `${base}/payment-opinion`,
        assignees: [{ role: "approver" }],
      },
    ];
  }
  return [];
}

/** The bureau's decisions: an extension request, a termination proposal, a referral for termination. */
function decisionTodos(t: ProjectTrackRecord): Todo[] {
  const project = { titleFrom: { kind: "PROJECT", id: t.projectId } };
  const bureau: TodoAssignee[] = [{ role: "bureau" }];
  const todos: Todo[] = [];
  const extension = (t.extensions ?? []).find((e) => e.status === "requested");
  if (extension && t.status === "in-progress") {
    todos.push({
      ...project,
      action: "project.decide-extension",
      key: String(extension.seq),
      since: extension.requestedAt,
      deadline: deadlineAfter(extension.requestedAt, decisionWaitDays),
      link: `/projects/${t.projectId}/extensions/${extension.seq}`,
      assignees: bureau,
    });
  }
  const proposal = (t.terminationProposals ?? []).find((p) => p.status === "proposed");
  const referral = t.status === "termination-referred" ? t.terminationReferral : undefined;
  const since = referral?.at ?? proposal?.at;
  if (since) {
    todos.push({
      ...project,
      action: "project.decide-termination",
      since,
      deadline: deadlineAfter(since, decisionWaitDays),
      link: `/projects/${t.projectId}/termination`,
      assignees: bureau,
    });
  }
  return todos;
}
