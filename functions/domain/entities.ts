// Domain: zod schemas and types of the programme's records — demand to credit record (functions/domain/); pure, no storage.
import * as z from "zod";
import { isIsoDate } from "./dates.ts";
import { releaseConditionSchema } from "./policy.ts";
import { roles } from "./roles.ts";

// ---- building blocks --------------------------------------------------------------------------------
const zh = (messageZh: string) => ({ params: { messageZh } });

export const idSchema = z.string().min(1).max(128);
/** A calendar date "YYYY-MM-DD". */
export const isoDateSchema = z
  .string()
  .refine(isIsoDate, { message: "not a date YYYY-MM-DD", ...zh("不是有效日期（YYYY-MM-DD）") });
/** An instant, ISO 8601 with an offset ("2025-09-30T10:00:00+08:00" or "…Z"). */
export const instantSchema = z.iso.datetime({ offset: true });
/** Money in fen: a non-negative safe integer. */
export const fenSchema = z.number().int().nonnegative(); // zod 4's int() is a safe integer
export const positiveFenSchema = fenSchema.refine((v) => v > 0, {
  message: "must be more than 0",
  ...zh("必须大于 0"),
});
const text = z.string().trim().min(1);

/** A target metric of a key technology (指标). */
export const indicatorSchema = z.object({ name: text, target: text, unit: z.string().optional() }).strict();
export type Indicator = z.infer<typeof indicatorSchema>;

/** An organisation as it takes part (单位): 统一社会信用代码 optional. */
export const organisationRefSchema = z
  .object({
    organisationId: idSchema,
    name: text,
    creditCode: z
      .string()
      .refine((v) => /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(v), {
        message: "not a unified social credit code",
        ...zh("不是有效的统一社会信用代码"),
      })
      .optional(),
    kind: z.enum(["enterprise", "university", "institute", "other"]).optional(),
  })
  .strict();
export type OrganisationRef = z.infer<typeof organisationRefSchema>;

// ---- programme, demand, challenge ---------------------------------------------------------------------
export const programmeSchema = z
  .object({
    id: idSchema,
    name: text,
    nameZh: text,
    /** The funding policy id (a preset or a custom policy). */
    policyId: idSchema,
    year: z.number().int().min(2000).max(2100),
    /** 领域, e.g. 002 三 (7 fields), 000 一 (9 fields). */
    fields: z.array(text).min(1),
    status: z.enum(["draft", "open", "closed"]),
  })
  .strict();
export type Programme = z.infer<typeof programmeSchema>;

export const demandStatuses = ["submitted", "refining", "merged", "returned", "accepted"] as const;
/** 需求 (002 四.(一)): background, content, key technologies with metrics, time limit, investment, solver requirements. */
export const demandSchema = z
  .object({
    id: idSchema,
    programmeId: idSchema,
    enterprise: organisationRefSchema,
    field: text,
    title: text,
    background: text,
    content: text,
    keyTechnologies: z
      .array(z.object({ name: text, indicators: z.array(indicatorSchema).min(1) }).strict())
      .min(1),
    timeLimitMonths: z.number().int().min(1).max(120),
    totalInvestmentFen: positiveFenSchema,
    solverRequirements: text,
    status: z.enum(demandStatuses),
    /** Set when merged into another demand (需求交叉融合, 000 二.(三)). */
    mergedInto: idSchema.optional(),
  })
  .strict();
export type Demand = z.infer<typeof demandSchema>;

export const challengeStatuses = [
  "draft",
  "refining",
  "approved",
  "published",
  "closed",
  "awarded",
  "withdrawn",
] as const;
export type ChallengeStatus = (typeof challengeStatuses)[number];
/** 榜单 item: the refined, approved, published challenge. */
export const challengeSchema = z
  .object({
    id: idSchema,
    programmeId: idSchema,
    demandIds: z.array(idSchema).min(1),
    enterprise: organisationRefSchema,
    field: text,
    title: text,
    description: text,
    indicators: z.array(indicatorSchema).min(1),
    rdInvestmentFen: positiveFenSchema,
    periodMonths: z.number().int().min(1).max(120),
    /** How many parallel winners the enterprise chose (赛马, 002 四.(四)); ≤ the policy's horse-race limit. */
    horseRaceSlots: z.number().int().min(1).max(10).default(1),
    applicationWindow: z.object({ opensAt: instantSchema, closesAt: instantSchema }).strict().optional(),
    status: z.enum(challengeStatuses),
  })
  .strict();
export type Challenge = z.infer<typeof challengeSchema>;

// ---- application -----------------------------------------------------------------------------------------
export const teamMemberSchema = z
  .object({
    personId: idSchema,
    name: text,
    organisationId: idSchema,
    /** What the person does in the project, free text (e.g. 技术总师, 课题负责人, 骨干). */
    role: text,
    birthDate: isoDateSchema,
    /** Project or subproject lead (项目(课题)负责人). */
    isLead: z.boolean(),
    /** Key member (骨干). */
    isKey: z.boolean(),
  })
  .strict();
export type TeamMember = z.infer<typeof teamMemberSchema>;

export const applicationStatuses = [
  "draft",
  "submitted",
  "under-review",
  "proposed",
  "on-notice",
  "objected",
  "awarded",
  "rejected",
  "withdrawn",
] as const;
export type ApplicationStatus = (typeof applicationStatuses)[number];

/** 揭榜申请: a solver (one organisation, or a consortium 创新联合体: lead + members) with plan, team and budget. */
export const applicationSchema = z
  .object({
    id: idSchema,
    challengeId: idSchema,
    lead: organisationRefSchema,
    members: z.array(organisationRefSchema).default([]),
    team: z.array(teamMemberSchema).min(1),
    /** The chief engineer (技术总师), a personId of the team. */
    chiefEngineerId: idSchema,
    planSummary: text,
    rdInvestmentFen: positiveFenSchema,
    requestedFen: positiveFenSchema,
    periodMonths: z.number().int().min(1).max(120),
    /** The 揭榜 agreement signed with the enterprise (002 四.(四)): a document reference. */
    agreementRef: z.string().optional(),
    submittedAt: instantSchema.optional(),
    status: z.enum(applicationStatuses),
  })
  .strict()
  .superRefine((app, ctx) => {
    if (!app.team.some((m) => m.personId === app.chiefEngineerId)) {
      ctx.addIssue({
        code: "custom",
        path: ["chiefEngineerId"],
        message: "the chief engineer must be a team member",
        ...zh("技术总师必须是团队成员"),
      });
    }
    const orgIds = new Set([app.lead.organisationId, ...app.members.map((m) => m.organisationId)]);
    if (orgIds.size !== app.members.length + 1) {
      ctx.addIssue({
        code: "custom",
        path: ["members"],
        message: "an organisation appears twice in the consortium",
        ...zh("联合体中单位重复"),
      });
    }
    app.team.forEach((m, i) => {
      if (!orgIds.has(m.organisationId)) {
        ctx.addIssue({
          code: "custom",
          path: ["team", i, "organisationId"],
          message: "team member's organisation is not the lead or a member",
          ...zh("团队成员所在单位不是牵头单位或成员单位"),
        });
      }
    });
    if (!app.team.some((m) => m.isLead)) {
      ctx.addIssue({
        code: "custom",
        path: ["team"],
        message: "the team has no lead",
        ...zh("团队没有项目负责人"),
      });
    }
  });
export type Application = z.infer<typeof applicationSchema>;

// ---- review, notice, objection --------------------------------------------------------------------------
export const reviewAssignmentSchema = z
  .object({
    id: idSchema,
    applicationId: idSchema,
    expertId: idSchema,
    expertOrganisationId: idSchema,
    /** 技术、管理、财务专家 (002 四.(五)). */
    expertise: z.enum(["technical", "management", "finance"]),
    /** Online remote review (异地专家网上评审, 003). */
    remote: z.boolean().default(true),
    conflictDeclared: z.boolean().default(false),
    status: z.enum(["assigned", "declined", "submitted"]),
  })
  .strict();
export type ReviewAssignment = z.infer<typeof reviewAssignmentSchema>;

export const reviewScoreSchema = z
  .object({
    assignmentId: idSchema,
    applicationId: idSchema,
    expertId: idSchema,
    /** 0–100. */
    score: z.number().int().min(0).max(100),
    feasible: z.boolean(),
    budgetReasonable: z.boolean(),
    recommend: z.boolean(),
    comment: text,
    submittedAt: instantSchema,
  })
  .strict();
export type ReviewScore = z.infer<typeof reviewScoreSchema>;

/** 公示: the proposed winners, published for N working days. */
export const publicNoticeSchema = z
  .object({
    id: idSchema,
    challengeId: idSchema,
    applicationIds: z.array(idSchema).min(1),
    publishedAt: instantSchema,
    workingDays: z.number().int().min(1).max(30),
    endsAt: instantSchema,
    status: z.enum(["running", "ended", "withdrawn"]),
  })
  .strict();
export type PublicNotice = z.infer<typeof publicNoticeSchema>;

/** 异议 raised during a notice; must be resolved before award. */
export const objectionSchema = z
  .object({
    id: idSchema,
    noticeId: idSchema,
    applicationId: idSchema,
    raisedAt: instantSchema,
    /** Anyone may object; contact optional. */
    raisedBy: z.string().optional(),
    content: text,
    status: z.enum(["open", "upheld", "dismissed"]),
    resolution: z.string().optional(),
  })
  .strict();
export type Objection = z.infer<typeof objectionSchema>;

// ---- project, task book, tranche, payment --------------------------------------------------------------
export const projectStatuses = [
  "awaiting-task-book",
  "in-progress",
  "extended",
  "under-acceptance",
  "accepted",
  "not-accepted",
  "terminated",
] as const;
export type ProjectStatus = (typeof projectStatuses)[number];

/** 项目: an awarded application under a grant. */
export const projectSchema = z
  .object({
    id: idSchema,
    programmeId: idSchema,
    challengeId: idSchema,
    applicationId: idSchema,
    enterprise: organisationRefSchema,
    solverLead: organisationRefSchema,
    solverMembers: z.array(organisationRefSchema).default([]),
    chiefEngineerId: idSchema,
    rdInvestmentFen: positiveFenSchema,
    grantFen: fenSchema,
    status: z.enum(projectStatuses),
  })
  .strict();
export type Project = z.infer<typeof projectSchema>;

export const milestoneStatuses = ["pending", "submitted", "passed", "rejected"] as const;
export type MilestoneStatus = (typeof milestoneStatuses)[number];
export const milestoneSchema = z
  .object({
    /** 1-based, in task-book order; `milestone-passed:k` conditions refer to it. */
    index: z.number().int().min(1),
    title: text,
    indicators: z.array(indicatorSchema).min(1),
    dueDate: isoDateSchema,
    /** The assessment method (考核方式). */
    assessment: z.string().optional(),
    status: z.enum(milestoneStatuses),
  })
  .strict();
export type Milestone = z.infer<typeof milestoneSchema>;

/** 项目计划任务书 (“军令状”, 002 四.(六)): milestones, indicators, payment conditions. */
export const taskBookSchema = z
  .object({
    projectId: idSchema,
    signedOn: isoDateSchema.optional(),
    startDate: isoDateSchema,
    endDate: isoDateSchema,
    milestones: z.array(milestoneSchema).min(1),
    /** Bureau, enterprise and solver sign. */
    signatories: z
      .array(z.object({ party: z.enum(["bureau", "enterprise", "solver"]), signedBy: idSchema }).strict())
      .default([]),
  })
  .strict()
  .superRefine((book, ctx) => {
    if (book.endDate < book.startDate) {
      ctx.addIssue({
        code: "custom",
        path: ["endDate"],
        message: "ends before it starts",
        ...zh("结束日期早于开始日期"),
      });
    }
    book.milestones.forEach((m, i) => {
      if (m.index !== i + 1) {
        ctx.addIssue({
          code: "custom",
          path: ["milestones", i, "index"],
          message: `milestones must be numbered 1, 2, 3… in order (expected ${i + 1})`,
          ...zh(`里程碑须按 1、2、3… 顺序编号（应为 ${i + 1}）`),
        });
      }
      if (m.dueDate > book.endDate || m.dueDate < book.startDate) {
        ctx.addIssue({
          code: "custom",
          path: ["milestones", i, "dueDate"],
          message: "milestone due outside the project period",
          ...zh("里程碑时间超出项目实施期"),
        });
      }
    });
  });
export type TaskBook = z.infer<typeof taskBookSchema>;

export const trancheStatuses = ["planned", "due", "approved", "paid", "cancelled"] as const;
export type TrancheStatus = (typeof trancheStatuses)[number];
/** 一期拨款. */
export const trancheSchema = z
  .object({
    projectId: idSchema,
    index: z.number().int().min(1),
    condition: releaseConditionSchema,
    amountFen: fenSchema,
    status: z.enum(trancheStatuses),
  })
  .strict();
export type Tranche = z.infer<typeof trancheSchema>;

export const paymentStatuses = ["drafted", "approved", "rejected", "submitted", "paid", "failed"] as const;
export type PaymentStatus = (typeof paymentStatuses)[number];
/** A payment opinion and its treasury payment (资金拨付意见 → 国库集中支付) to the enterprise. */
export const paymentSchema = z
  .object({
    id: idSchema,
    projectId: idSchema,
    trancheIndex: z.number().int().min(1),
    amountFen: positiveFenSchema,
    /** The enterprise receives the money (002 四.(七).1; 004 item 8 资金直拨企业). */
    payeeOrganisationId: idSchema,
    status: z.enum(paymentStatuses),
    approvedBy: idSchema.optional(),
    treasuryReference: z.string().optional(),
    paidAt: instantSchema.optional(),
  })
  .strict();
export type Payment = z.infer<typeof paymentSchema>;

// ---- recovery, credit record, audit --------------------------------------------------------------------
export const recoverySchema = z
  .object({
    id: idSchema,
    projectId: idSchema,
    reason: z.enum(["termination", "fraud"]),
    amountFen: fenSchema,
    decidedOn: isoDateSchema,
    status: z.enum(["assessed", "recovered", "waived"]),
  })
  .strict();
export type Recovery = z.infer<typeof recoverySchema>;

/** 失信行为记录: blocks applications from `recordedOn` until (not including) `blockedUntil`. */
export const creditRecordSchema = z
  .object({
    id: idSchema,
    organisationId: idSchema,
    projectId: idSchema,
    reason: z.literal("fraud"),
    recordedOn: isoDateSchema,
    blockedUntil: isoDateSchema,
    referredToJudiciary: z.boolean().default(false),
  })
  .strict();
export type CreditRecord = z.infer<typeof creditRecordSchema>;

/** One entry of the audit trail: who did what to which record, when. */
export const auditEventSchema = z
  .object({
    id: idSchema,
    at: instantSchema,
    actor: z.object({ userId: idSchema, role: z.enum(roles) }).strict(),
    action: text,
    entity: z.object({ type: text, id: idSchema }).strict(),
    from: z.string().optional(),
    to: z.string().optional(),
    detail: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();
export type AuditEvent = z.infer<typeof auditEventSchema>;
