// Model of applications (揭榜申请, 《太原市实施“双百攻关行动”工作方案》四（四）): the application record and its statuses, what a solver sends
// and the consistency rules of that content, the party records of consortium members ("my applications"), the
// listings, and what a reader is shown.
import * as z from "zod/mini";
import { isIsoDate } from "../kernel/dates.ts";
import { formatYuan } from "../kernel/money.ts";
import { listing, type RecordKind, type VersionedRecord } from "../platform/ports/records.ts";

// The schemas are built on first use (z.lazy): a function that imports this module for its records builds none.
/** Organisation ids as the identity provider issues them (`custom:org`). */
export const organisationId = z.lazy(() =>
  z
    .string()
    .check(
      z.minLength(1),
      z.maxLength(64),
      z.regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "letters, digits, dot, underscore and hyphen"),
    ),
);

const fen = () => z.number().check(z.int(), z.nonnegative(), z.lte(Number.MAX_SAFE_INTEGER));
const text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));
const isoDate = () => z.string().check(z.refine(isIsoDate, { message: "not a date YYYY-MM-DD" }));

export const maxConsortiumMembers = 10;

const teamMember = () =>
  z.strictObject({
    /** Chosen by the applicant, unique in the team; the chief engineer is named by it. */
    personId: text(64),
    name: text(100),
    organisationId,
    /** Role in the project (项目负责人, 课题负责人, 骨干…). */
    role: text(100),
    birthDate: isoDate(),
    /** Project or subproject lead (项目(课题)负责人). */
    isLead: z.boolean(),
    /** Key member (骨干). */
    isKey: z.boolean(),
  });

const metric = () => z.strictObject({ name: text(200), target: text(200), unit: z.optional(text(32)) });

/** The fields of an application a solver writes; every other field is the server's. */
const contentFields = () =>
  z.strictObject({
    /** Consortium members (创新联合体成员单位), not the lead; the lead is the caller's organisation. */
    memberOrganisationIds: z.array(organisationId).check(z.maxLength(maxConsortiumMembers)),
    /**
     * The registered names (单位全称) of the lead and members by organisation id, as the public notice (公示) shows
     * them; an organisation without one is shown by its id.
     */
    organisationNames: z.optional(
      z.record(organisationId, text(200)).check(
        z.refine((names) => Object.keys(names).length <= maxConsortiumMembers + 1, {
          message: `at most ${maxConsortiumMembers + 1} names (the lead and its members)`,
        }),
      ),
    ),
    team: z.array(teamMember()).check(z.minLength(1), z.maxLength(200)),
    /** personId of the chief engineer (技术总师) in the team. */
    chiefEngineerId: text(64),
    technicalPlan: text(100_000),
    /**
     * The project's R&D budget (研发投入预算) by item. Decision: the items sum to rdInvestmentFen, which is
     * requestedFen (public money asked for) plus the enterprise's and solvers' own part (rdInvestmentFen − requestedFen).
     */
    budget: z
      .array(z.strictObject({ item: text(200), amountFen: fen() }))
      .check(z.minLength(1), z.maxLength(200)),
    rdInvestmentFen: fen().check(z.refine((v) => v > 0, { message: "must be more than 0" })),
    requestedFen: fen().check(z.refine((v) => v > 0, { message: "must be more than 0" })),
    periodMonths: z.number().check(z.int(), z.gte(1), z.lte(120)),
    milestones: z
      .array(
        z.strictObject({
          name: text(200),
          monthsAfterStart: z.number().check(z.int(), z.gte(1), z.lte(120)),
          indicators: z.array(metric()).check(z.minLength(1), z.maxLength(50)),
        }),
      )
      .check(z.minLength(1), z.maxLength(36)),
  });

export const applicationContentFields = z.lazy(contentFields);
export type ApplicationContent = z.infer<typeof applicationContentFields>;

/** What POST /v1/challenges/{id}/applications takes: members default to none (applying alone). */
export const applicationDraft = z.lazy(() => {
  const fields = contentFields();
  return z.extend(fields, { memberOrganisationIds: z._default(fields.shape.memberOrganisationIds, []) });
});

/** What PATCH takes: any subset of the fields; the merged content is checked as a whole. */
export const applicationPatch = z.lazy(() => z.partial(contentFields()));

/**
 * Rules inside the content alone (400 with field paths): no duplicate members or people, a chief engineer in the
 * team, at least one lead, budget items summing to the R&D investment, the request within it, milestones in order
 * and within the period.
 */
export function contentIssues(
  content: ApplicationContent,
): { path: string; message: string; messageZh: string }[] {
  const issues: { path: string; message: string; messageZh: string }[] = [];
  const seenOrgs = new Set<string>();
  content.memberOrganisationIds.forEach((org, i) => {
    if (seenOrgs.has(org)) {
      issues.push({
        path: `memberOrganisationIds.${i}`,
        message: `organisation ${org} is listed twice`,
        messageZh: `成员单位 ${org} 重复`,
      });
    }
    seenOrgs.add(org);
  });
  const seenPeople = new Set<string>();
  content.team.forEach((m, i) => {
    if (seenPeople.has(m.personId)) {
      issues.push({
        path: `team.${i}.personId`,
        message: `person ${m.personId} is listed twice`,
        messageZh: `团队成员 ${m.personId} 重复`,
      });
    }
    seenPeople.add(m.personId);
  });
  if (!seenPeople.has(content.chiefEngineerId)) {
    issues.push({
      path: "chiefEngineerId",
      message: "the chief engineer must be a member of the team",
      messageZh: "技术总师必须是团队成员",
    });
  }
  if (!content.team.some((m) => m.isLead)) {
    issues.push({
      path: "team",
      message: "the team needs a project lead (isLead)",
      messageZh: "团队须有项目负责人",
    });
  }
  const budgetTotal = content.budget.reduce((sum, b) => sum + BigInt(b.amountFen), 0n);
  if (budgetTotal !== BigInt(content.rdInvestmentFen)) {
    issues.push({
      path: "budget",
      message: `budget items sum to ${formatYuan(Number(budgetTotal))} yuan, not the R&D investment of ${formatYuan(content.rdInvestmentFen)} yuan`,
      messageZh: `预算明细合计 ${formatYuan(Number(budgetTotal))} 元，与研发投入 ${formatYuan(content.rdInvestmentFen)} 元不一致`,
    });
  }
  if (content.requestedFen > content.rdInvestmentFen) {
    issues.push({
      path: "requestedFen",
      message: "the public money asked for cannot exceed the R&D investment",
      messageZh: "申请财政资金不能超过研发投入",
    });
  }
  let previous = 0;
  content.milestones.forEach((m, i) => {
    if (m.monthsAfterStart <= previous) {
      issues.push({
        path: `milestones.${i}.monthsAfterStart`,
        message: "milestones must be in strictly increasing order of months",
        messageZh: "里程碑节点须按时间先后排列",
      });
    }
    if (m.monthsAfterStart > content.periodMonths) {
      issues.push({
        path: `milestones.${i}.monthsAfterStart`,
        message: `after the end of the ${content.periodMonths}-month period`,
        messageZh: `晚于 ${content.periodMonths} 个月的实施期`,
      });
    }
    previous = m.monthsAfterStart;
  });
  return issues;
}

// ---- application parties: who may list an application as "mine" ----------------------------------------------
/**
 * One per (application, consortium member); listed under the member organisation while active. The lead has none: the
 * application itself is listed under its lead in the same gsi2 partition (organisationApplicationsPartition), so a
 * draft is one record and its audit event, not two.
 */
export interface ApplicationPartyRecord extends VersionedRecord {
  readonly applicationId: string;
  readonly challengeId: string;
  readonly organisationId: string;
  readonly role: "lead" | "member";
  /** False once an amendment removed the organisation from the consortium. */
  readonly active: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export const applicationPartyKind: RecordKind<ApplicationPartyRecord> = {
  name: "APPLICATION_PARTY",
  indexKeys: (p) =>
    p.active
      ? { gsi2pk: organisationApplicationsPartition(p.organisationId), gsi2sk: `${p.createdAt}#${p.id}` }
      : {},
};

/**
 * "My applications" of an organisation: the applications it leads and its member party records, in one partition
 * (organisationApplicationsPartition).
 */
export const applicationsOfOrganisation = (organisationId: string) =>
  listing<ApplicationRecord | ApplicationPartyRecord>(
    "gsi2",
    organisationApplicationsPartition(organisationId),
  );

export const applicationPartyId = (applicationId: string, organisation: string) =>
  `${applicationId}#${organisation}`;

// ---- views ----------------------------------------------------------------------------------------------------

// ---- application (揭榜申请) ----------------------------------------------------------------------------------
export interface TeamMemberRecord {
  readonly personId: string;
  readonly name: string;
  readonly organisationId: string;
  readonly role: string;
  readonly birthDate: string;
  readonly isLead: boolean;
  readonly isKey: boolean;
}

export const applicationRecordStatuses = [
  "draft",
  "submitted", // complete and signed by both sides before close
  "under-review",
  "ranked",
  "shortlisted",
  "on-notice",
  "awarded",
  "not-selected",
  "removed", // an upheld objection removed it from the notice
  "overlap-withdrawn", // 就高不重复: the same content is supported at a higher amount elsewhere; support withdrawn before award
  "withdrawn",
] as const;

export type ApplicationRecordStatus = (typeof applicationRecordStatuses)[number];

export interface ApplicationRecord extends VersionedRecord {
  readonly challengeId: string;
  readonly programmeId: string;
  /** Lead organisation (牵头单位) and consortium members (创新联合体). */
  readonly leadOrganisationId: string;
  readonly memberOrganisationIds: readonly string[];
  readonly team: readonly TeamMemberRecord[];
  readonly chiefEngineerId: string;
  readonly technicalPlan: string;
  readonly budget: readonly { readonly item: string; readonly amountFen: number }[];
  readonly rdInvestmentFen: number;
  readonly requestedFen: number;
  readonly periodMonths: number;
  readonly milestones: readonly {
    readonly name: string;
    readonly monthsAfterStart: number;
    readonly indicators: readonly { name: string; target: string; unit?: string }[];
  }[];
  /** 揭榜 agreement signatures: both the enterprise and the solver, before the window closes. */
  readonly agreement: {
    readonly enterpriseSignedAt?: string;
    readonly enterpriseSignedBy?: string;
    /** The signers' names at signing; none on agreements signed before names were kept. */
    readonly enterpriseSignedByName?: string;
    /** Which of the challenge's enterprises signed (揭榜协议, optional). */
    readonly enterpriseOrganisationId?: string;
    readonly solverSignedAt?: string;
    readonly solverSignedBy?: string;
    readonly solverSignedByName?: string;
  };
  readonly status: ApplicationRecordStatus;
  readonly submittedAt?: string;
  /** When the lead withdrew it (optional). */
  readonly withdrawnAt?: string;
  /** Ranking result after review: weighted score in basis points of 100 and rank (1 = best). */
  readonly scoreBp?: number;
  readonly rank?: number;
  /** Names of the lead and member organisations by id, shown on the public notice (optional; ids otherwise). */
  readonly organisationNames?: Readonly<Record<string, string>>;
  /** The parties' unified social credit codes, from the organisation registry (机构名录) when they are registered. */
  readonly organisationCodes?: Readonly<Record<string, string>>;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** The gsi2 partition listing an organisation's applications: those it leads and those it is a consortium member of. */
export const organisationApplicationsPartition = (organisationId: string) =>
  `ORG#${organisationId}#APPLICATION_PARTY`;

export const applicationKind: RecordKind<ApplicationRecord> = {
  name: "APPLICATION",
  indexKeys: (a) => ({
    gsi1pk: applicationsOfChallenge(a.challengeId).partition,
    gsi1sk: `${a.createdAt}#${a.id}`,
    // The lead's "my applications" entry (functions/applications/model.ts, applicationPartyKind): one partition
    // per organisation holds the applications it leads and the party records of those it is a member of.
    gsi2pk: organisationApplicationsPartition(a.leadOrganisationId),
    gsi2sk: `${a.createdAt}#${a.id}`,
  }),
};

/** A challenge's applications (揭榜申请). */
export const applicationsOfChallenge = (challengeId: string) =>
  listing<ApplicationRecord>("gsi1", `CHALLENGE#${challengeId}#APPLICATION`);
