// Pure rules of expert review's to-dos (待办): an expert's assignment to score (due after the scoring term), the
// enterprise's shortlist once the ranking is in, and the confirmations of a round's shortlist by the bureau and then
// the approver while the award execution waits for them.

import { confirmationDays, shortlistDays } from "../../award/rules/terms.ts";
import type { Todo } from "../../kernel/todos.ts";
import { deadlineAfter } from "../../kernel/todos.ts";
import type { ReviewAssignmentRecord, ReviewRoundRecord } from "../model.ts";
import { scoringDays } from "./terms.ts";

export function assignmentTodos(a: ReviewAssignmentRecord): Todo[] {
  if (a.status !== "assigned") return [];
  return [
    {
      action: "review.score",
      since: a.createdAt,
      deadline: deadlineAfter(a.createdAt, scoringDays),
      titleFrom: { kind: "CHALLENGE", id: a.challengeId },
      link: `/reviews/${a.id}/score`,
      assignees: [{ user: a.expertId }],
    },
  ];
}

const confirmations = {
  "bureau-confirmation": { action: "award.bureau-confirmation", role: "bureau" },
  "approver-confirmation": { action: "award.approver-confirmation", role: "approver" },
} as const;

/**
 * A notice extended when the State Council's arrangement was loaded (award/notice-calendar.ts): the bureau confirms
 * it re-announced the corrected end on its own channels, due by that end (the public may object until then).
 */
export function reannouncementTodos(r: ReviewRoundRecord): Todo[] {
  const extended = r.noticeExtended;
  if (!extended || extended.reannounced) return [];
  return [
    {
      action: "award.reannounce-notice",
      since: extended.at,
      deadline: new Date(Date.parse(`${extended.lastDay}T23:59:59.999+08:00`)).toISOString(),
      titleFrom: { kind: "CHALLENGE", id: r.challengeId },
      link: `/challenges/${r.challengeId}`,
      assignees: [{ role: "bureau" }],
    },
  ];
}

/**
 * The shortlist is the challenge's enterprise's (on rounds that carry its organisation), the confirmations staff's;
 * beside them, the bureau's confirmation that an extended notice was re-announced.
 */
export function roundTodos(r: ReviewRoundRecord): Todo[] {
  return [...waitTodos(r), ...reannouncementTodos(r)];
}

function waitTodos(r: ReviewRoundRecord): Todo[] {
  const task = r.pendingTask;
  if (task?.kind === "shortlist" && r.pendingDecision?.kind !== "shortlist") {
    const enterprises = (r.enterpriseOrganisationIds ?? []).map((organisationId) => ({
      role: "enterprise",
      organisationId,
    }));
    if (enterprises.length === 0) return [];
    return [
      {
        action: "award.shortlist",
        since: task.since,
        deadline: deadlineAfter(task.since, shortlistDays),
        titleFrom: { kind: "CHALLENGE", id: r.challengeId },
        link: `/awards/${r.challengeId}/shortlist`,
        assignees: enterprises,
      },
    ];
  }
  if (task?.kind === "overlap") {
    // 就高不重复 on winners offered after an upheld objection (递补): the bureau decides on its overlap page.
    return [
      {
        action: "award.decide-overlap",
        since: task.since,
        deadline: deadlineAfter(task.since, confirmationDays),
        titleFrom: { kind: "CHALLENGE", id: r.challengeId },
        link: "/bureau/overlap",
        assignees: [{ role: "bureau" }],
      },
    ];
  }
  const wait = task ? confirmations[task.kind as keyof typeof confirmations] : undefined;
  if (!task || !wait || r.pendingDecision?.kind === task.kind) return [];
  return [
    {
      action: wait.action,
      since: task.since,
      deadline: deadlineAfter(task.since, confirmationDays),
      titleFrom: { kind: "CHALLENGE", id: r.challengeId },
      link: `/awards/${r.challengeId}/confirmation`,
      assignees: [{ role: wait.role }],
    },
  ];
}
