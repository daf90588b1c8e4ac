// Kernel: record-level authorisation declared once. Per record kind and action: which roles may act
// on any record, which only on records their organisation owns or is party to, which only when assigned (experts), who
// is excluded (four eyes), and what the public sees. Use cases call `authorizeRecord`; catalog routes name their rule.
import { forbiddenError } from "./errors.ts";
import { followupRecordRules as followup } from "./record-access-followup.ts";
import { overlapRecordRules } from "./record-access-overlap.ts";
import type { Role } from "./roles.ts";

/** The caller as the HTTP frame knows them (Cognito sub, custom:org, cognito:groups). */
export interface RecordActor {
  readonly userId: string;
  readonly organisationId: string;
  /** Role names as the token carries them (unknown names match no grant). */
  readonly roles: readonly string[];
}

/**
 * What a use case knows about one record, loaded before asking: who posted it, who carries it out, who is assigned.
 * Only the facts a rule's relations read are needed.
 */
export interface RecordFacts {
  /** Posting / owning enterprises (出题企业): a demand's organisation, a challenge's or project's enterprises. */
  readonly enterpriseOrganisationIds?: readonly string[];
  /** The lead solver organisation (揭榜牵头单位) of an application or project. */
  readonly leadSolverOrganisationId?: string;
  /** Every solver organisation: the lead and the consortium members (联合体成员). */
  readonly solverOrganisationIds?: readonly string[];
  /** Users assigned to the record: refinement experts, a review assignment's expert, a milestone or acceptance panel. */
  readonly assignedUserIds?: readonly string[];
  /** Who asked for the action being decided (a payment run's requester), for separation of duties. */
  readonly requestedBy?: string;
}

/** How an actor relates to a record. `any`: every record of the kind (programme staff). */
export type Relation = "any" | "enterprise" | "lead-solver" | "solver" | "assigned";

/** Holders of one of `roles` may act when `relation` holds between them and the record. */
export interface Grant {
  readonly roles: readonly Role[];
  readonly relation: Relation;
}

/** Who may never act even when granted: the requester (four eyes) or any party organisation of the record. */
export interface Exclusion {
  readonly who: "requester" | "party";
  readonly refusal: RecordRefusalCode;
  readonly message: string;
  readonly messageZh: string;
}

/**
 * The one family of record refusals: 403, kind `forbidden`, one of these codes. FORBIDDEN_RECORD is the general
 * answer; the others say which relation was missing, so a portal can explain it.
 */
export const recordRefusalCodes = [
  "FORBIDDEN_RECORD", // not the owner / not a party of the record
  "FORBIDDEN_ASSIGNMENT", // another expert's review assignment
  "NOT_ASSIGNED", // an expert not assigned to refine the demand
  "NOT_ON_PANEL", // an expert not on the milestone's or the acceptance's panel
  "NOT_A_PARTY", // not a party of the project
  "NOT_A_SIGNATORY", // not one of the three signatories of the task book
  "NOT_THE_ENTERPRISE", // not the project's / challenge's enterprise
  "FOUR_EYES", // the requester deciding their own request
  "FOUR_EYES_PARTY", // a party of the project deciding on its money
] as const;
export type RecordRefusalCode = (typeof recordRefusalCodes)[number];

export interface RecordRule {
  readonly grants: readonly Grant[];
  readonly exclusions?: readonly Exclusion[];
  readonly refusal: RecordRefusalCode;
  readonly message: string;
  readonly messageZh: string;
}

/** Anyone, without login, sees the listed fields only (the public projection). */
export interface PublicRule {
  readonly public: true;
  /** The top-level fields of the public view; absent when the view is computed (e.g. a notice's days left). */
  readonly fields?: readonly string[];
}

const staffRead: readonly Role[] = ["bureau", "admin", "auditor"];
const selectionStaff: readonly Role[] = ["bureau", "approver", "admin", "auditor"];
const projectStaff: readonly Role[] = ["bureau", "approver", "finance", "admin", "auditor"];
const everyRole: readonly Role[] = ["enterprise", "solver", "expert", ...projectStaff];

const anyOf = (...roles: Role[]): Grant => ({ roles, relation: "any" });
const staffOnly = (roles: readonly Role[], what: string, whatZh: string): RecordRule => ({
  grants: [{ roles, relation: "any" }],
  refusal: "FORBIDDEN_RECORD",
  message: `Only programme staff may ${what}`,
  messageZh: `仅主管部门工作人员可以${whatZh}`,
});

const projectParties = {
  refusal: "NOT_A_PARTY",
  message: "Only the project's parties and staff may see it",
  messageZh: "仅项目相关方可查看",
} as const;
const signatories = {
  refusal: "NOT_A_SIGNATORY",
  message: "Only the bureau, the enterprise and the lead solver sign the task book",
  messageZh: "仅主管部门、出题企业和揭榜牵头单位签署任务书",
} as const;

const notAParty: Exclusion = {
  who: "party",
  refusal: "FOUR_EYES_PARTY",
  message: "a party of the project cannot decide on its payment",
  messageZh: "项目当事方不得处理其拨付",
};
const resolvesFailed = {
  refusal: "FORBIDDEN_RECORD",
  message: "Only finance officers resolve failed disbursements",
  messageZh: "仅财政部门处理国库支付失败的拨付",
} as const;

/** The declared policy: record kind → action → rule. Catalog routes name one entry each (`record` on the route). */
export const recordPolicies = {
  programme: {
    read: staffOnly(everyRole, "read programmes", "查看批次"),
    public: {
      public: true,
      fields: ["id", "name", "nameZh", "year", "fields", "policyId", "policy", "status"],
    },
  },
  demand: {
    read: {
      grants: [
        anyOf(...staffRead),
        { roles: ["enterprise"], relation: "enterprise" },
        { roles: ["expert"], relation: "assigned" },
      ],
      refusal: "FORBIDDEN_RECORD",
      message: "This demand belongs to another organisation",
      messageZh: "无权查看其他单位的需求",
    },
    write: {
      grants: [{ roles: ["enterprise"], relation: "enterprise" }],
      refusal: "FORBIDDEN_RECORD",
      message: "Only the enterprise that owns this demand may change it",
      messageZh: "只有提出该需求的企业可以修改",
    },
    decide: staffOnly(["bureau"], "decide on demands", "处理需求"),
  },
  refinement: {
    read: {
      grants: [anyOf(...staffRead), { roles: ["expert"], relation: "assigned" }],
      refusal: "NOT_ASSIGNED",
      message: "You are not assigned to this demand",
      messageZh: "您未被分配到该需求",
    },
    write: {
      grants: [{ roles: ["expert"], relation: "assigned" }],
      refusal: "NOT_ASSIGNED",
      message: "Only experts assigned to this demand may give an opinion on it",
      messageZh: "只有被分配到该需求的专家可以提出凝练意见",
    },
  },
  challenge: {
    read: {
      grants: [anyOf(...selectionStaff), { roles: ["enterprise"], relation: "enterprise" }],
      refusal: "FORBIDDEN_RECORD",
      message: "This challenge was posted by another organisation",
      messageZh: "无权查看其他单位发布的榜单",
    },
    write: staffOnly(["bureau"], "change challenges", "修改榜单"),
    approve: staffOnly(["approver"], "approve challenges", "审定榜单"),
    /** Applying to an open challenge: any solver organisation (credit records and parties are business rules). */
    apply: staffOnly(["solver"], "apply", "揭榜"),
    "list-applications": {
      grants: [anyOf(...staffRead), { roles: ["enterprise"], relation: "enterprise" }],
      refusal: "FORBIDDEN_RECORD",
      message: "Only the challenge's enterprise and the bureau see its applications",
      messageZh: "只有出题企业和科技管理部门可以查看该榜单的揭榜申请",
    },
    public: {
      public: true,
      fields: [
        "id",
        "programmeId",
        "field",
        "title",
        "description",
        "keyTechnologies",
        "fundingCapFen",
        "periodMonths",
        "solverRequirements",
        "horseRace",
        "window",
        "status",
        "round",
        "publishedAt",
      ],
    },
  },
  application: {
    read: {
      grants: [
        anyOf(...staffRead),
        { roles: ["solver"], relation: "solver" },
        { roles: ["enterprise"], relation: "enterprise" },
      ],
      refusal: "FORBIDDEN_RECORD",
      message: "This application belongs to another organisation",
      messageZh: "无权查看其他单位的揭榜申请",
    },
    write: {
      grants: [{ roles: ["solver"], relation: "lead-solver" }],
      refusal: "FORBIDDEN_RECORD",
      message: "Only the lead organisation's solvers may change this application",
      messageZh: "只有牵头单位可以修改该揭榜申请",
    },
    sign: {
      grants: [
        { roles: ["enterprise"], relation: "enterprise" },
        { roles: ["solver"], relation: "lead-solver" },
      ],
      refusal: "FORBIDDEN_RECORD",
      message: "Only the challenge's enterprise and the lead solver organisation sign the 揭榜 agreement",
      messageZh: "只有出题企业和牵头揭榜单位可以签署揭榜协议",
    },
  },
  "review-assignment": {
    read: {
      grants: [anyOf(...staffRead), { roles: ["expert"], relation: "assigned" }],
      refusal: "FORBIDDEN_ASSIGNMENT",
      message: "This review assignment belongs to another expert",
      messageZh: "无权访问其他专家的评审任务",
    },
    score: {
      grants: [{ roles: ["expert"], relation: "assigned" }],
      refusal: "FORBIDDEN_ASSIGNMENT",
      message: "This review assignment belongs to another expert",
      messageZh: "无权访问其他专家的评审任务",
    },
    conflict: {
      grants: [anyOf("bureau"), { roles: ["expert"], relation: "assigned" }],
      refusal: "FORBIDDEN_ASSIGNMENT",
      message: "This review assignment belongs to another expert",
      messageZh: "无权访问其他专家的评审任务",
    },
  },
  award: {
    read: {
      grants: [anyOf(...selectionStaff), { roles: ["enterprise"], relation: "enterprise" }],
      refusal: "FORBIDDEN_RECORD",
      message: "Only the enterprise that posted this challenge may do this",
      messageZh: "只有出题企业可以进行此操作",
    },
    shortlist: {
      grants: [{ roles: ["enterprise"], relation: "enterprise" }],
      refusal: "FORBIDDEN_RECORD",
      message: "Only the enterprise that posted this challenge may do this",
      messageZh: "只有出题企业可以进行此操作",
    },
    confirm: staffOnly(["bureau", "approver"], "confirm a shortlist", "确认入围名单"),
    reannounce: staffOnly(
      ["bureau"],
      "confirm a notice's corrected end was re-announced",
      "确认已重新公告公示截止日",
    ),
  },
  notice: {
    public: { public: true },
    "read-objections": staffOnly(staffRead, "read objections", "查看异议"),
    rule: staffOnly(["bureau"], "rule on objections", "处理异议"),
  },
  execution: {
    read: staffOnly(["admin", "auditor"], "inspect executions", "查看流程执行"),
    control: staffOnly(["admin"], "stop or redrive executions", "终止或重新驱动流程执行"),
  },
  "calendar-year": { write: staffOnly(["admin"], "load calendar years", "导入日历") },
  overlap: overlapRecordRules,
  followup,
  organisation: {
    read: staffOnly(everyRole, "read the registry", "查看机构名录"),
    change: staffOnly(["bureau", "admin"], "change the registry", "修改机构名录"),
  },
  project: {
    read: {
      grants: [
        anyOf(...projectStaff),
        { roles: ["enterprise"], relation: "enterprise" },
        { roles: ["solver"], relation: "solver" },
        { roles: ["expert"], relation: "assigned" },
      ],
      ...projectParties,
    },
    /** Task book signatures, termination proposals, extension requests, the acceptance plan. */
    sign: {
      grants: [
        anyOf("bureau"),
        { roles: ["enterprise"], relation: "enterprise" },
        { roles: ["solver"], relation: "lead-solver" },
      ],
      ...signatories,
    },
    /** The acceptance plan (验收方案): the bureau and the project's enterprise, not the solver. */
    plan: {
      grants: [anyOf("bureau"), { roles: ["enterprise"], relation: "enterprise" }],
      ...signatories,
    },
    /** A force-majeure extension (延期) is asked for by the enterprise or the lead solver, not the bureau. */
    "request-extension": {
      grants: [
        { roles: ["enterprise"], relation: "enterprise" },
        { roles: ["solver"], relation: "lead-solver" },
      ],
      ...signatories,
    },
    /** What only the project's enterprise files: evidence, milestone reports, the request for acceptance. */
    report: {
      grants: [{ roles: ["enterprise"], relation: "enterprise" }],
      refusal: "NOT_THE_ENTERPRISE",
      message: "Only the project's enterprise may do this",
      messageZh: "仅项目出题企业可操作",
    },
    manage: staffOnly(["bureau"], "manage projects", "管理项目"),
    "audit-trail": staffOnly(projectStaff, "read a project's audit trail", "查看项目审计记录"),
    "payment-opinion": staffOnly(["approver"], "confirm payment opinions", "确认资金拨付意见"),
  },
  milestone: {
    review: {
      grants: [{ roles: ["expert"], relation: "assigned" }],
      refusal: "NOT_ON_PANEL",
      message: "You are not on this milestone's panel",
      messageZh: "您不是该里程碑的评审专家",
    },
  },
  acceptance: {
    review: {
      grants: [{ roles: ["expert"], relation: "assigned" }],
      refusal: "NOT_ON_PANEL",
      message: "You are not on the acceptance panel",
      messageZh: "您不是验收专家",
    },
  },
  "horse-race": {
    read: {
      grants: [anyOf(...projectStaff), { roles: ["enterprise"], relation: "enterprise" }],
      refusal: "NOT_THE_ENTERPRISE",
      message: "Only the bureau and the challenge's enterprise choose which projects continue",
      messageZh: "仅主管部门和出题企业可确定赛马结果",
    },
    decide: {
      grants: [anyOf("bureau"), { roles: ["enterprise"], relation: "enterprise" }],
      refusal: "NOT_THE_ENTERPRISE",
      message: "Only the bureau and the challenge's enterprise choose which projects continue",
      messageZh: "仅主管部门和出题企业可确定赛马结果",
    },
  },
  payment: {
    read: staffOnly(["finance", "auditor"], "read payments", "查看拨付"),
    /** Four eyes: a second finance officer, neither the requester nor of a party of the project. */
    approve: {
      grants: [anyOf("finance")],
      exclusions: [
        {
          who: "requester",
          refusal: "FOUR_EYES",
          message: "the requester cannot approve their own payment",
          messageZh: "拨付申请人不得审批本人申请",
        },
        {
          who: "party",
          refusal: "FOUR_EYES_PARTY",
          message: "a party of the project cannot approve its payment",
          messageZh: "项目当事方不得审批其拨付",
        },
      ],
      refusal: "FORBIDDEN_RECORD",
      message: "Only finance officers approve payments",
      messageZh: "仅财政部门审批拨付",
    },
    /** A failed disbursement's way out, proposed by a finance officer not of a party of the project. */
    "propose-resolution": { grants: [anyOf("finance")], exclusions: [notAParty], ...resolvesFailed },
    /** Four eyes: confirmed by a second finance officer, not the proposer (`requestedBy`), not of a party. */
    "confirm-resolution": {
      grants: [anyOf("finance")],
      exclusions: [
        {
          who: "requester",
          refusal: "FOUR_EYES",
          message: "the finance officer who proposed this resolution cannot confirm it",
          messageZh: "提出处理意见的财务人员不得确认本人的意见",
        },
        notAParty,
      ],
      ...resolvesFailed,
    },
  },
  ledger: { read: staffOnly(["finance", "auditor"], "read the ledger", "查看台账") },
  recovery: {
    read: staffOnly(["finance", "auditor"], "read recoveries", "查看追回"),
    receive: staffOnly(["finance"], "record receipts", "登记回款"),
  },
} as const satisfies Record<string, Record<string, RecordRule | PublicRule>>;
export type RecordKind = keyof typeof recordPolicies;
export type RecordAction<K extends RecordKind> = keyof (typeof recordPolicies)[K] & string;
/** A reference to one rule, as catalog routes declare it. */
export type RecordPolicyRef = { [K in RecordKind]: { kind: K; action: RecordAction<K> } }[RecordKind];

export function recordRule(kind: string, action: string): RecordRule | PublicRule | undefined {
  const rules = (recordPolicies as Record<string, Record<string, RecordRule | PublicRule>>)[kind];
  return rules?.[action];
}
export function isPublicRule(rule: RecordRule | PublicRule): rule is PublicRule {
  return "public" in rule;
}

function relationHolds(actor: RecordActor, relation: Relation, facts: RecordFacts): boolean {
  switch (relation) {
    case "any":
      return true;
    case "enterprise":
      return (facts.enterpriseOrganisationIds ?? []).includes(actor.organisationId);
    case "lead-solver":
      return facts.leadSolverOrganisationId === actor.organisationId;
    case "solver":
      return [
        ...(facts.leadSolverOrganisationId ? [facts.leadSolverOrganisationId] : []),
        ...(facts.solverOrganisationIds ?? []),
      ].includes(actor.organisationId);
    case "assigned":
      return (facts.assignedUserIds ?? []).includes(actor.userId);
  }
}

function excluded(actor: RecordActor, exclusion: Exclusion, facts: RecordFacts): boolean {
  if (exclusion.who === "requester")
    return facts.requestedBy !== undefined && facts.requestedBy === actor.userId;
  return [
    ...(facts.enterpriseOrganisationIds ?? []),
    ...(facts.leadSolverOrganisationId ? [facts.leadSolverOrganisationId] : []),
    ...(facts.solverOrganisationIds ?? []),
  ].includes(actor.organisationId);
}

/** The grant that lets `actor` act, if any (first match), or the refusal. Pure: no I/O. */
export function decideRecord<K extends RecordKind>(
  actor: RecordActor,
  kind: K,
  action: RecordAction<K>,
  facts: RecordFacts = {},
):
  | { allowed: true; grant?: Grant }
  | { allowed: false; code: RecordRefusalCode; message: string; messageZh: string } {
  const rule = recordRule(kind, action);
  if (!rule) throw new Error(`no record rule ${kind}.${action}`);
  if (isPublicRule(rule)) return { allowed: true };
  for (const exclusion of rule.exclusions ?? []) {
    if (excluded(actor, exclusion, facts)) {
      return {
        allowed: false,
        code: exclusion.refusal,
        message: exclusion.message,
        messageZh: exclusion.messageZh,
      };
    }
  }
  const grant = rule.grants.find(
    (g) => g.roles.some((r) => actor.roles.includes(r)) && relationHolds(actor, g.relation, facts),
  );
  if (grant) return { allowed: true, grant };
  return { allowed: false, code: rule.refusal, message: rule.message, messageZh: rule.messageZh };
}
/** Whether `actor` may do `action` on the record (for filtering lists). */
export function mayAccessRecord<K extends RecordKind>(
  actor: RecordActor,
  kind: K,
  action: RecordAction<K>,
  facts: RecordFacts = {},
): boolean {
  return decideRecord(actor, kind, action, facts).allowed;
}
/** The one record check: returns the grant that applied, or throws the rule's 403 (a code of `recordRefusalCodes`). */
export function authorizeRecord<K extends RecordKind>(
  actor: RecordActor,
  kind: K,
  action: RecordAction<K>,
  facts: RecordFacts = {},
): Grant | undefined {
  const decision = decideRecord(actor, kind, action, facts);
  if (!decision.allowed) throw forbiddenError(decision.code, decision.message, decision.messageZh);
  return decision.grant;
}
/** The public projection of a record: only the declared fields, whatever else the record carries. */
export function publicProjection<T extends object>(kind: RecordKind, record: T): Partial<T> {
  const rule = recordRule(kind, "public");
  if (!rule || !isPublicRule(rule) || !rule.fields) throw new Error(`no public fields declared for ${kind}`);
  const out: Partial<T> = {};
  for (const field of rule.fields) {
    if (field in record) (out as Record<string, unknown>)[field] = (record as Record<string, unknown>)[field];
  }
  return out;
}
