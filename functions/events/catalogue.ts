// Domain events context: the catalogue of event types published to integrators (docs/events.md) — for each state
// change of a programme, challenge, application, award, project, tranche, payment and recovery a CloudEvents type name,
// the audit actions that carry it, and the public fields of its data (a whitelist: nothing else leaves the platform).

/** How a public field is typed in the type's JSON Schema (schemas/events/<type>.json). */
export type FieldType = "string" | "integer" | "date" | "string-list";

export interface EventType {
  /** The CloudEvents `type`: `cn.gov.jiebang.<entity>.<change>`. */
  readonly type: string;
  /** The entity the change is of (the catalogue's groups). */
  readonly entity:
    | "programme"
    | "challenge"
    | "application"
    | "award"
    | "project"
    | "tranche"
    | "payment"
    | "recovery";
  /** The audit actions (records' `AUDIT#` events) that are this change. */
  readonly actions: readonly string[];
  readonly description: string;
  readonly descriptionZh: string;
  /** The audit detail's fields copied into the data, and their types; any other detail field is never published. */
  readonly fields: Readonly<Record<string, FieldType>>;
  /** Only audit events whose detail has all these fields are this change (e.g. a review's deciding vote). */
  readonly requires?: readonly string[];
  /**
   * Only audit events on these record kinds are this change: a change written on two records in one transaction (a
   * termination on the project and on its track) is published once.
   */
  readonly onRecords?: readonly string[];
}

/** The prefix of every type name. */
export const typePrefix = "cn.gov.jiebang.";

const t = (
  entity: EventType["entity"],
  change: string,
  actions: readonly string[],
  description: string,
  descriptionZh: string,
  fields: EventType["fields"] = {},
  requires?: readonly string[],
): EventType => ({
  type: `${typePrefix}${entity}.${change}`,
  entity,
  actions,
  description,
  descriptionZh,
  fields,
  ...(requires ? { requires } : {}),
});

export const eventTypes: readonly EventType[] = [
  t("programme", "created", ["programme.created"], "A programme (批次) was created", "创建揭榜挂帅批次", {
    policyId: "string",
    budgetFen: "integer",
  }),
  t("challenge", "drafted", ["challenge.drafted"], "A challenge (榜单) was drafted", "榜单起草"),
  t(
    "challenge",
    "submitted",
    ["challenge.submitted"],
    "A challenge was submitted for sign-off",
    "榜单提交审核",
  ),
  t(
    "challenge",
    "sent-back",
    ["challenge.sent-back-by-bureau", "challenge.sent-back-by-approver"],
    "A challenge was sent back to its draft at sign-off",
    "榜单退回修改",
    { round: "integer" },
  ),
  t(
    "challenge",
    "approved",
    ["challenge.bureau-approved"],
    "The bureau approved a challenge",
    "科技局审定榜单",
  ),
  t(
    "challenge",
    "published",
    ["challenge.published", "challenge.republished"],
    "A challenge was published for applications",
    "榜单发布",
  ),
  t(
    "challenge",
    "opened",
    ["challenge.window-opened"],
    "A challenge's application window opened (揭榜)",
    "榜单开放揭榜",
    { round: "integer" },
  ),
  t(
    "challenge",
    "closed",
    ["challenge.window-closed"],
    "A challenge's application window closed",
    "榜单揭榜截止",
    { round: "integer" },
  ),
  t(
    "challenge",
    "reviewing",
    ["challenge.reviewing"],
    "A challenge's applications went to expert review",
    "榜单进入评审",
    { round: "integer" },
  ),
  t(
    "challenge",
    "shortlisting",
    ["challenge.shortlisting"],
    "A challenge's review ended; its shortlist is being decided",
    "榜单进入入围确定",
  ),
  t(
    "challenge",
    "on-notice",
    ["challenge.on-notice"],
    "A challenge's result was put on public notice (公示)",
    "榜单结果公示",
  ),
  t("challenge", "awarded", ["challenge.awarded"], "A challenge's winners were decided", "榜单确定揭榜方", {
    winners: "string-list",
  }),
  t(
    "challenge",
    "unsolved",
    ["challenge.unsolved", "award.unsolved"],
    "A challenge ended without a winner",
    "榜单流榜",
    { round: "integer" },
  ),
  t(
    "application",
    "submitted",
    ["application.submitted"],
    "An application (揭榜申请) was submitted",
    "提交揭榜申请",
  ),
  t("application", "withdrawn", ["application.withdrawn"], "An application was withdrawn", "撤回揭榜申请"),
  t(
    "application",
    "under-review",
    ["application.under-review"],
    "An application went to expert review",
    "揭榜申请进入评审",
  ),
  t(
    "application",
    "ranked",
    ["application.ranked"],
    "An application was ranked by its review panel (no score is published)",
    "揭榜申请完成评审排序",
  ),
  t(
    "application",
    "shortlisted",
    ["application.shortlisted", "application.offered"],
    "An application was shortlisted at its rank, or offered a place freed on notice",
    "揭榜申请入围",
    { rank: "integer" },
  ),
  t(
    "application",
    "shortlist-sent-back",
    ["application.shortlist-sent-back"],
    "A shortlist was sent back: the application is ranked again, not shortlisted",
    "入围名单退回，揭榜申请恢复为已排序",
  ),
  t(
    "application",
    "on-notice",
    ["application.on-notice"],
    "An application was put on public notice (公示) as a winner",
    "揭榜申请公示",
  ),
  t(
    "application",
    "removed",
    ["application.removed"],
    "An upheld objection removed an application from the notice (the objection is not published)",
    "异议成立，揭榜申请移出公示",
  ),
  t(
    "application",
    "overlap-withdrawn",
    ["application.overlap-withdrawn"],
    "A winner's support was withdrawn before award: the same content is supported at a higher amount (就高不重复)",
    "就高不重复，撤销对揭榜申请的支持",
  ),
  t("application", "awarded", ["application.awarded"], "An application won its challenge", "揭榜成功"),
  t(
    "application",
    "not-selected",
    ["application.not-selected"],
    "An application was not selected",
    "揭榜申请未入选",
  ),
  t("award", "on-notice", ["award.on-notice"], "The award was put on public notice (公示)", "揭榜结果公示"),
  t(
    "award",
    "announced",
    ["award.announced"],
    "The award was announced; its projects created",
    "揭榜结果公布",
    {
      projects: "string-list",
    },
  ),
  t(
    "project",
    "created",
    ["project.created"],
    "A project was created from a winning application",
    "项目立项",
    {
      grantFen: "integer",
    },
  ),
  t(
    "project",
    "started",
    ["project.started"],
    "The task book (任务书) was signed by all parties",
    "任务书签订，项目启动",
    {
      signedOn: "date",
    },
  ),
  t("project", "extended", ["project.extended"], "The project's term was extended", "项目延期", {
    months: "integer",
  }),
  t(
    "project",
    "milestone-reminded",
    ["milestone.reminded"],
    "A milestone's report is due soon",
    "里程碑报告即将到期提醒",
    { milestone: "integer", dueDate: "date" },
  ),
  t(
    "project",
    "milestone-overdue",
    ["milestone.escalated"],
    "A milestone's report is overdue (escalated)",
    "里程碑报告逾期",
    { milestone: "integer", dueDate: "date" },
  ),
  t(
    "project",
    "milestone-report-filed",
    ["milestone.report-filed"],
    "A milestone report was filed",
    "提交里程碑报告",
    { milestone: "integer", seq: "integer" },
  ),
  t(
    "project",
    "milestone-reviewed",
    ["milestone.review-vote"],
    "A milestone's review panel decided (the decision only, never a vote)",
    "里程碑评审结论",
    { milestone: "integer", decision: "string" },
    ["decision"],
  ),
  t(
    "project",
    "milestone-returned",
    ["milestone.returned"],
    "A milestone was returned for rectification",
    "里程碑退回整改",
    { milestone: "integer" },
  ),
  t(
    "project",
    "milestone-passed",
    ["milestone.payment-opinion-confirmed"],
    "A milestone passed: its payment opinion (拨付意见) confirmed",
    "里程碑通过，拨付意见审定",
    { milestone: "integer", trancheIndex: "integer" },
  ),
  t(
    "project",
    "rectification-lapsed",
    ["milestone.rectification-lapsed"],
    "A returned milestone was not rectified in time: the project is referred for termination",
    "里程碑整改逾期，项目提请终止",
    { milestone: "integer" },
  ),
  t(
    "project",
    "under-acceptance",
    ["project.under-acceptance"],
    "The project asked for its acceptance (结题验收)",
    "项目申请结题验收",
  ),
  t(
    "project",
    "accepted",
    ["project.accepted"],
    "The project passed its acceptance (结题验收)",
    "项目通过结题验收",
  ),
  t(
    "project",
    "not-accepted",
    ["project.not-accepted"],
    "The project failed its acceptance",
    "项目未通过结题验收",
  ),
  {
    ...t(
      "project",
      "terminated",
      ["project.terminated", "project.withdrawn-overlap", "project.replacement-withdrawn"],
      // No public field says why: a fraud finding (科研失信) and an overlap withdrawal are private, and a "kind" present
      // for a fault-free ending only would name the others by its absence.
      "The project was terminated (why is not published: fraud and overlap findings are private)",
      "项目终止",
    ),
    onRecords: ["PROJECT"],
  },
  t(
    "project",
    "grant-reduced",
    ["project.grant-reduced", "project.grant-released"],
    "The project's grant was reduced (the finding that reduced it is not published)",
    "项目资助额核减",
    { fromFen: "integer", toFen: "integer" },
  ),
  t("tranche", "planned", ["tranche.planned"], "A tranche (拨付批次) was planned", "拨付批次计划", {
    index: "integer",
    amountFen: "integer",
  }),
  t("tranche", "eligible", ["tranche.eligible"], "A tranche became eligible for payment", "拨付批次可拨付", {
    index: "integer",
    amountFen: "integer",
  }),
  t("tranche", "reduced", ["tranche.reduced"], "A tranche was reduced", "拨付批次核减", {
    index: "integer",
    fromFen: "integer",
    toFen: "integer",
  }),
  t("tranche", "cancelled", ["tranche.cancelled"], "A tranche was cancelled", "拨付批次取消", {
    index: "integer",
    amountFen: "integer",
    fromFen: "integer",
  }),
  t(
    "payment",
    "reserved",
    ["payment.reserved"],
    "A payment of a tranche was reserved in a payment run",
    "拨付已预留",
    {
      trancheId: "string",
      attempt: "integer",
      amountFen: "integer",
    },
  ),
  t(
    "payment",
    "disbursement-requested",
    ["payment.disbursement-requested"],
    "An approved payment was sent to the treasury (国库集中支付)",
    "拨付已提交国库",
  ),
  t(
    "payment",
    "rejected",
    ["payment.rejected"],
    "A payment was rejected by the second officer: its tranche eligible again (the reason is not published)",
    "拨付未获复核通过",
    { trancheId: "string" },
    ["trancheId"],
  ),
  t("payment", "paid", ["payment.paid"], "A tranche was paid by the treasury", "资金已拨付", {
    trancheId: "string",
    amountFen: "integer",
  }),
  t(
    "payment",
    "disbursement-failed",
    ["payment.disbursement-failed"],
    "The treasury failed a disbursement (the reason is not published)",
    "国库拨付失败",
  ),
  t(
    "payment",
    "returned",
    ["payment.returned"],
    "A failed payment was closed, its tranche eligible again",
    "拨付退回",
    {
      trancheId: "string",
      outcome: "string",
    },
  ),
  t(
    "payment",
    "cancelled",
    ["payment.cancelled"],
    "A failed payment was cancelled with its tranche",
    "拨付取消",
    {
      trancheId: "string",
      outcome: "string",
    },
  ),
  t("recovery", "assessed", ["recovery.assessed"], "Money to recover (追回) was assessed", "核定应追回资金", {
    reason: "string",
    amountFen: "integer",
    paidFen: "integer",
  }),
  t(
    "recovery",
    "receipt-recorded",
    ["recovery.receipt-recorded"],
    "Recovered money was received",
    "追回资金已收到",
    { amountFen: "integer", receivedOn: "date" },
  ),
  t(
    "recovery",
    "reassessed",
    ["recovery.reassessed"],
    "A recovery was reassessed: a tranche paid after the termination counts in it",
    "追回资金重新核定",
    { trancheId: "string", addedPaidFen: "integer" },
  ),
  t("recovery", "overdue", ["recovery.escalated"], "A receivable is overdue (escalated)", "追回资金逾期", {
    amountFen: "integer",
    receivedFen: "integer",
  }),
];

/** The fields every type's data has: the record and the change. */
export const commonFields: Readonly<Record<string, FieldType>> = {
  recordKind: "string",
  recordId: "string",
  version: "integer",
  action: "string",
};

const byAction = new Map<string, EventType[]>();
for (const entry of eventTypes) {
  for (const action of entry.actions) byAction.set(action, [...(byAction.get(action) ?? []), entry]);
}

/** The type an audit event is, if it is one the catalogue publishes (its detail has the fields the type requires). */
export function eventTypeOf(
  action: string,
  detail: Readonly<Record<string, unknown>> = {},
  recordKind?: string,
): EventType | undefined {
  return (byAction.get(action) ?? []).find(
    (entry) =>
      (entry.requires ?? []).every((field) => detail[field] !== undefined && detail[field] !== null) &&
      (!entry.onRecords || recordKind === undefined || entry.onRecords.includes(recordKind)),
  );
}

/** The JSON Schema (draft 2020-12) of a type's data: the common fields and its own, nothing else. */
export function dataSchema(entry: EventType): Record<string, unknown> {
  const fields = { ...commonFields, ...entry.fields };
  const property = (type: FieldType) =>
    type === "integer"
      ? { type: "integer" }
      : type === "date"
        ? { type: "string", format: "date" }
        : type === "string-list"
          ? { type: "array", items: { type: "string" } }
          : { type: "string" };
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: schemaUrl(entry.type),
    title: entry.type,
    description: `${entry.description} (${entry.descriptionZh})`,
    type: "object",
    properties: Object.fromEntries(Object.entries(fields).map(([name, type]) => [name, property(type)])),
    required: Object.keys(commonFields),
    additionalProperties: false,
  };
}

/** Where a type's data schema is published (the repository's schemas/events/ directory, served with the docs). */
export const schemaUrl = (type: string) => `https://jiebang.gov.cn/schemas/events/${type}.json`;
