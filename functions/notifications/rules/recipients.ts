// Rules: who is told what — each outbox entry (a to-do that appeared, or an audit event of a notifying action) mapped
// to its recipients and texts, and each notification's deterministic id; pure.
import { createHash } from "node:crypto";
import type { Notification, OutboxEntry } from "../model.ts";
import { eventTexts, todoText } from "./templates.ts";

/** The id of a notification: the same outbox entry to the same recipient is the same notification, however often read. */
export function notificationId(entryId: string, recipient: string): string {
  return `n-${createHash("sha256").update(`${entryId}\u0000${recipient}`).digest("hex").slice(0, 32)}`;
}

/** The outbox entry's own id: a to-do's id and since (a to-do back again later is news again), or the audit event. */
export function outboxEntryId(entry: OutboxEntry): string {
  return entry.source === "todo"
    ? `todo#${entry.todo.id}#${entry.todo.since}`
    : `event#${entry.event.recordKind}#${entry.event.recordId}#${entry.event.version}`;
}

/** The fields of the changed record the event rules read (absent when the record is gone). */
export interface RecordFacts {
  readonly enterpriseOrganisationIds?: readonly string[];
  readonly payeeOrganisationId?: string;
  readonly payerOrganisationId?: string;
  readonly projectId?: string;
  readonly trancheIndex?: number;
  readonly amountFen?: number;
}

/** A notifying audit event: the record kind it is about, whom it tells, whether its text is private, and the link. */
interface EventRule {
  readonly kind: string;
  readonly to: (record: RecordFacts) => string[];
  readonly private: boolean;
  readonly link: (recordId: string, record: RecordFacts) => string;
}

const enterprisesOf = (orgs: readonly string[] | undefined) =>
  (orgs ?? []).map((o) => `ROLE#enterprise@${o}`);

/** The audit events that notify besides the to-dos (docs/notifications.md lists them with the to-dos). */
export const eventRules: Record<string, EventRule> = {
  "milestone.reminded": {
    kind: "PROJECT_TRACK",
    to: (r) => enterprisesOf(r.enterpriseOrganisationIds),
    private: false,
    link: (id) => `/projects/${id}`,
  },
  "milestone.escalated": {
    kind: "PROJECT_TRACK",
    to: (r) => ["ROLE#bureau", ...enterprisesOf(r.enterpriseOrganisationIds)],
    private: false,
    link: (id) => `/projects/${id}`,
  },
  "payment.paid": {
    kind: "PAYMENT",
    to: (r) => enterprisesOf(r.payeeOrganisationId ? [r.payeeOrganisationId] : []),
    private: true,
    link: (_id, r) => (r.projectId ? `/projects/${r.projectId}` : "/"),
  },
  "payment.disbursement-failed": {
    kind: "PAYMENT",
    to: () => ["ROLE#finance"],
    private: false,
    link: (id) => `/payments/${id}`,
  },
  "recovery.escalated": {
    kind: "RECOVERY",
    to: (r) => ["ROLE#finance", ...enterprisesOf(r.payerOrganisationId ? [r.payerOrganisationId] : [])],
    private: true,
    link: (id) => `/recoveries/${id}`,
  },
};

/** The recipient key of a to-do partition (`TODO#ROLE#finance` → `ROLE#finance`). */
export const recipientOfPartition = (partition: string) => partition.replace(/^TODO#/, "");

/**
 * The project-phase workflow's timers write one audit event `project.timers` whose detail lists what fell due in that
 * look (`{ events: [{ action, detail }] }`: milestone.reminded, milestone.escalated, …); each of those notifies as its
 * own action would.
 */
const timersAction = "project.timers";

type AuditEvent = Extract<OutboxEntry, { source: "event" }>["event"];

/** The notifying actions an audit event stands for, each with the suffix that keeps their ids apart. */
function actionsOf(event: AuditEvent): { action: string; detail: Record<string, unknown>; suffix: string }[] {
  if (event.action !== timersAction)
    return [{ action: event.action, detail: event.detail ?? {}, suffix: "" }];
  const inner = event.detail?.["events"];
  if (!Array.isArray(inner)) return [];
  return inner.flatMap((e: unknown, i) => {
    if (typeof e !== "object" || e === null) return [];
    const { action, detail } = e as { action?: unknown; detail?: unknown };
    if (typeof action !== "string") return [];
    const d = typeof detail === "object" && detail !== null ? (detail as Record<string, unknown>) : {};
    return [{ action, detail: d, suffix: `#${i}#${action}` }];
  });
}

/** Whether an audit event may notify (before the record is read): its action has a rule for its record kind. */
export const eventNotifies = (recordKind: string, action: string): boolean =>
  eventRules[action]?.kind === recordKind || (action === timersAction && recordKind === "PROJECT_TRACK");

/** The notifications an outbox entry gives (none for an event that does not notify). */
export function notificationsFor(entry: OutboxEntry, record: RecordFacts | undefined): Notification[] {
  const entryId = outboxEntryId(entry);
  if (entry.source === "todo") {
    const { todo } = entry;
    const recipient = recipientOfPartition(entry.partition);
    return [
      {
        id: notificationId(entryId, recipient),
        type: `todo.${todo.action}`,
        recipient,
        at: todo.since,
        ...todoText(todo.action, todo.title, todo.deadline),
        link: todo.link,
        private: false,
        record: { kind: todo.recordKind, id: todo.recordId },
        ...(todo.exceptUsers?.length ? { exceptUsers: todo.exceptUsers } : {}),
        ...(todo.exceptOrganisations?.length ? { exceptOrganisations: todo.exceptOrganisations } : {}),
      },
    ];
  }
  const { event } = entry;
  if (!record) return [];
  return actionsOf(event).flatMap(({ action, detail, suffix }) => {
    const rule = eventRules[action];
    const text = eventTexts[action];
    if (!rule || !text || rule.kind !== event.recordKind) return [];
    const { title, body } = text({ ...record, ...detail });
    return [...new Set(rule.to(record))].map((recipient) => ({
      id: notificationId(`${entryId}${suffix}`, recipient),
      type: action,
      recipient,
      at: event.at,
      title,
      body,
      link: rule.link(event.recordId, record),
      private: rule.private,
      record: { kind: event.recordKind, id: event.recordId },
    }));
  });
}
