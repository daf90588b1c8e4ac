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

/** The fields of the changed record the event rules read (absent when the record is gone), with related names. */
export interface RecordFacts {
  readonly enterpriseOrganisationIds?: readonly string[];
  readonly payeeOrganisationId?: string;
  readonly payerOrganisationId?: string;
  readonly projectId?: string;
  readonly trancheIndex?: number;
  readonly amountFen?: number;
  /** The challenge's or project's title (榜单名称). */
  readonly title?: string;
  /** The solver organisations of the application or project (lead and members). */
  readonly solverOrganisationIds?: readonly string[];
  /** The lead solver's name (牵头单位). */
  readonly solverName?: string;
  /** A challenge's winners by name (its award). */
  readonly winnerNames?: readonly string[];
  readonly reason?: string;
  readonly challengeId?: string;
}

/**
 * A notifying audit event: the record kind it is about, whom it tells, whether its text is private, the link, and for
 * the docs' table (docs/notifications.md "Who gets what") when it happens, who gets it and the default channels.
 */
export interface EventRule {
  readonly kind: string;
  readonly to: (record: RecordFacts) => string[];
  readonly private: boolean;
  readonly link: (recordId: string, record: RecordFacts) => string;
  readonly when: string;
  readonly recipients: string;
  /**
   * The channels it goes through without the person choosing them: the inbox always; a decision also by e-mail to a
   * person who gave an e-mail address (rules/delivery.ts channelsFor). Other channels only where chosen.
   */
  readonly defaultChannels: readonly ("inbox" | "email")[];
}

const enterprisesOf = (orgs: readonly string[] | undefined) =>
  (orgs ?? []).map((o) => `ROLE#enterprise@${o}`);
const solversOf = (orgs: readonly string[] | undefined) => (orgs ?? []).map((o) => `ROLE#solver@${o}`);
const parties = (r: RecordFacts) => [
  ...solversOf(r.solverOrganisationIds),
  ...enterprisesOf(r.enterpriseOrganisationIds),
];
const inboxOnly = ["inbox"] as const;
const decision = ["inbox", "email"] as const;
const projectLink = (_id: string, r: RecordFacts) => (r.projectId ? `/projects/${r.projectId}` : "/");

/** The audit events that notify besides the to-dos (docs/notifications.md lists them with the to-dos). */
export const eventRules: Record<string, EventRule> = {
  "milestone.reminded": {
    kind: "PROJECT_TRACK",
    to: (r) => enterprisesOf(r.enterpriseOrganisationIds),
    private: false,
    link: (id) => `/projects/${id}`,
    when: "the reminder before a milestone's due date",
    recipients: "enterprise@the track's enterprises",
    defaultChannels: inboxOnly,
  },
  "milestone.escalated": {
    kind: "PROJECT_TRACK",
    to: (r) => ["ROLE#bureau", ...enterprisesOf(r.enterpriseOrganisationIds)],
    private: false,
    link: (id) => `/projects/${id}`,
    when: "a milestone report overdue",
    recipients: "bureau; enterprise@the track's enterprises",
    defaultChannels: inboxOnly,
  },
  "payment.paid": {
    kind: "PAYMENT",
    to: (r) => enterprisesOf(r.payeeOrganisationId ? [r.payeeOrganisationId] : []),
    private: true,
    link: (_id, r) => (r.projectId ? `/projects/${r.projectId}` : "/"),
    when: "a tranche paid (private: the amount)",
    recipients: "enterprise@the payee",
    defaultChannels: inboxOnly,
  },
  "payment.disbursement-failed": {
    kind: "PAYMENT",
    to: () => ["ROLE#finance"],
    private: false,
    link: (id) => `/payments/${id}`,
    when: "the treasury failed a disbursement",
    recipients: "finance",
    defaultChannels: inboxOnly,
  },
  "recovery.escalated": {
    kind: "RECOVERY",
    to: (r) => ["ROLE#finance", ...enterprisesOf(r.payerOrganisationId ? [r.payerOrganisationId] : [])],
    private: true,
    link: (id) => `/recoveries/${id}`,
    when: "a receivable overdue (private: the amount)",
    recipients: "finance; enterprise@the payer",
    defaultChannels: inboxOnly,
  },
  // ---- decisions (inbox and e-mail by default) ----
  "application.awarded": {
    kind: "APPLICATION",
    to: (r) => solversOf(r.solverOrganisationIds),
    private: false,
    link: (id) => `/my-applications/${id}`,
    when: "the award: the application won its challenge (揭榜成功)",
    recipients: "solver@the application's lead and members",
    defaultChannels: decision,
  },
  "application.not-selected": {
    kind: "APPLICATION",
    to: (r) => solversOf(r.solverOrganisationIds),
    private: false,
    link: (id) => `/my-applications/${id}`,
    when: "the award: the application was not selected (未入选)",
    recipients: "solver@the application's lead and members",
    defaultChannels: decision,
  },
  "application.overlap-withdrawn": {
    kind: "APPLICATION",
    to: (r) => solversOf(r.solverOrganisationIds),
    private: false,
    link: (id) => `/my-applications/${id}`,
    when: "the award: a winner's support withdrawn (就高不重复: the same content supported at a higher amount)",
    recipients: "solver@the application's lead and members",
    defaultChannels: decision,
  },
  "challenge.awarded": {
    kind: "CHALLENGE",
    to: (r) => enterprisesOf(r.enterpriseOrganisationIds),
    private: false,
    link: (id) => `/challenges/${id}/applications`,
    when: "the award: the challenge's winners decided, named",
    recipients: "enterprise@the challenge's enterprises",
    defaultChannels: decision,
  },
  "application.on-notice": {
    kind: "APPLICATION",
    to: (r) => solversOf(r.solverOrganisationIds),
    private: false,
    link: (id) => `/my-applications/${id}`,
    when: "the public notice (公示) of the winners: this application on it",
    recipients: "solver@the application's lead and members",
    defaultChannels: decision,
  },
  "challenge.on-notice": {
    kind: "CHALLENGE",
    to: (r) => enterprisesOf(r.enterpriseOrganisationIds),
    private: false,
    link: (id) => `/challenges/${id}/applications`,
    when: "the public notice (公示) of the challenge's winners",
    recipients: "enterprise@the challenge's enterprises",
    defaultChannels: decision,
  },
  "notice.objection-upheld": {
    kind: "OBJECTION",
    to: (r) => [...solversOf(r.solverOrganisationIds), ...enterprisesOf(r.enterpriseOrganisationIds)],
    private: false,
    link: (_id, r) => (r.challengeId ? `/public/challenges/${r.challengeId}` : "/"),
    when: "an objection (异议) to a winner on notice upheld (the objector is anonymous: not told here)",
    recipients: "solver@the winner concerned; enterprise@the challenge's enterprises",
    defaultChannels: decision,
  },
  "notice.objection-dismissed": {
    kind: "OBJECTION",
    to: (r) => [...solversOf(r.solverOrganisationIds), ...enterprisesOf(r.enterpriseOrganisationIds)],
    private: false,
    link: (_id, r) => (r.challengeId ? `/public/challenges/${r.challengeId}` : "/"),
    when: "an objection to a winner on notice dismissed",
    recipients: "solver@the winner concerned; enterprise@the challenge's enterprises",
    defaultChannels: decision,
  },
  "notice.replacement-published": {
    kind: "NOTICE",
    to: (r) => [...solversOf(r.solverOrganisationIds), ...enterprisesOf(r.enterpriseOrganisationIds)],
    private: false,
    link: (id) => `/public/notices/${id}`,
    when: "a replacement (递补) after a performance evaluation put on public notice (公示): the new solver named, its task book signed once the notice is over",
    recipients: "solver@the replacing application's lead and members; enterprise@the challenge's enterprises",
    defaultChannels: decision,
  },
  "performance.no-replacement-left": {
    kind: "PERFORMANCE",
    to: () => ["ROLE#bureau"],
    private: false,
    link: (_id, r) => (r.projectId ? `/projects/${r.projectId}` : "/"),
    when: "an objection upheld against a replacement's notice (递补公示异议成立) ended it and no candidate is left to offer (the money stays with finance)",
    recipients: "bureau",
    defaultChannels: decision,
  },
  "notice.window-extended": {
    kind: "NOTICE",
    to: () => ["ROLE#bureau"],
    private: false,
    link: (_id, r) => (r.challengeId ? `/challenges/${r.challengeId}` : "/"),
    when: "a public notice counted provisionally extended by the year's official arrangement (the bureau re-announces the corrected end on its own channels)",
    recipients: "bureau",
    defaultChannels: inboxOnly,
  },
  "judicial-referral.referred": {
    kind: "JUDICIAL_REFERRAL",
    to: () => ["ROLE#finance"],
    private: false,
    link: () => "/judicial-referrals",
    when: "a fraud finding referred to a judicial organ (《太原市…行动方案》四（七）4 移交司法机关), reported to finance with the money the finding recovers",
    recipients: "finance",
    defaultChannels: inboxOnly,
  },
  "project.accepted": {
    kind: "PROJECT",
    to: parties,
    private: false,
    link: (id) => `/projects/${id}`,
    when: "the acceptance (结题验收) verdict: passed",
    recipients: "solver@the project's solvers; enterprise@its enterprises",
    defaultChannels: decision,
  },
  "project.not-accepted": {
    kind: "PROJECT",
    to: parties,
    private: false,
    link: (id) => `/projects/${id}`,
    when: "the acceptance verdict: not passed",
    recipients: "solver@the project's solvers; enterprise@its enterprises",
    defaultChannels: decision,
  },
  "extension.approved": {
    kind: "PROJECT_TRACK",
    to: parties,
    private: false,
    link: projectLink,
    when: "an extension (延期) request approved, the due dates moved",
    recipients: "solver@the project's solvers; enterprise@its enterprises",
    defaultChannels: decision,
  },
  "extension.rejected": {
    kind: "PROJECT_TRACK",
    to: parties,
    private: false,
    link: projectLink,
    when: "an extension request rejected",
    recipients: "solver@the project's solvers; enterprise@its enterprises",
    defaultChannels: decision,
  },
  "project.terminated": {
    kind: "PROJECT_TRACK",
    to: parties,
    private: false,
    link: projectLink,
    when: "the project terminated (终止; a horse race's closing too)",
    recipients: "solver@the project's solvers; enterprise@its enterprises",
    defaultChannels: decision,
  },
  "project.fraud": {
    kind: "PROJECT_TRACK",
    to: parties,
    private: true,
    link: projectLink,
    when: "a finding of fraud (弄虚作假), the project closed (private: the finding)",
    recipients: "solver@the project's solvers; enterprise@its enterprises",
    defaultChannels: decision,
  },
  "recovery.assessed": {
    kind: "RECOVERY",
    to: (r) => enterprisesOf(r.payerOrganisationId ? [r.payerOrganisationId] : []),
    private: true,
    link: projectLink,
    when: "a recovery order (追回): money to return assessed (private: the amount)",
    recipients: "enterprise@the payer",
    defaultChannels: decision,
  },
};

/** The default channels of a notification type (a to-do's: the inbox, others where chosen). */
export const defaultChannelsOf = (type: string): readonly ("inbox" | "email")[] =>
  eventRules[type]?.defaultChannels ?? inboxOnly;

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
