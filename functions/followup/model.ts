// Model of a project's follow-up records after award (《太原市…行动方案》四（五）, 四（七）2, 四（七）4): the judicial referral of
// a fraud finding (移交司法机关), the investment road-show (投融资路演) and the task book's budget with its reallocations
// (预算调剂) and personnel changes (技术总师、课题负责人变更). Each is its own record (one per project) beside the track.
import {
  listing,
  type RecordKind,
  type RecordStore,
  type VersionedRecord,
} from "../platform/ports/records.ts";
import type { AuditReportRef } from "../projects/model.ts";
import { performanceId, performanceKind } from "./performance-model.ts";
import type { BudgetCategory, BudgetHolder } from "./rules/budget.ts";
import { declaredInterestFen } from "./rules/road-show.ts";
import { roadShowTodos } from "./rules/todos.ts";

// ---- judicial referral (移交司法机关处理, 四（七）4) ---------------------------------------------------------------
export const referralOutcomes = [
  "accepted", // 立案
  "not-accepted", // 不予立案
  "prosecuted", // 提起公诉
  "not-prosecuted", // 不起诉
  "convicted", // 判决有罪
  "acquitted", // 判决无罪
  "closed", // 撤案 / 终结
] as const;
export type ReferralOutcome = (typeof referralOutcomes)[number];

export interface ReferralDocument {
  readonly title: string;
  /** The document's number or file reference (文号). */
  readonly reference?: string;
}

/** The referral of a fraud finding to a judicial organ (id `jrf-<projectId>`): one per project, outcomes appended. */
export interface JudicialReferralRecord extends VersionedRecord {
  readonly projectId: string;
  readonly programmeId: string;
  /** The organ referred to (e.g. 太原市公安局经济犯罪侦查支队). */
  readonly organ: string;
  readonly referredOn: string;
  /** The referral letter's reference (移送函文号). */
  readonly reference: string;
  readonly reasoning: string;
  readonly documents: readonly ReferralDocument[];
  /** The fraud finding it carries: the recovery handed to finance and the money at stake. */
  readonly recoveryId?: string;
  readonly recoverFen: number;
  readonly paidFen: number;
  readonly fraudDecidedAt: string;
  readonly referredBy: string;
  /** The referring officer's name as the token gave it (kernel/actor.ts actorName). */
  readonly referredByName?: string;
  /** The organ's answers over time (立案, 起诉, 判决 …), oldest first. */
  readonly outcomes: readonly {
    readonly seq: number;
    readonly outcome: ReferralOutcome;
    readonly decidedOn: string;
    readonly reference?: string;
    readonly summary: string;
    readonly recordedBy: string;
    readonly recordedByName?: string;
    readonly at: string;
  }[];
  /** The fraud decision's audit report, one version per change (referral-reports.ts): `judicial-referral-<n>`. */
  readonly auditReports?: readonly AuditReportRef[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

export const judicialReferralId = (projectId: string) => `jrf-${projectId}`;
export const judicialReferralKind: RecordKind<JudicialReferralRecord> = {
  name: "JUDICIAL_REFERRAL",
  indexKeys: (r) => ({ gsi2pk: "JUDICIAL_REFERRALS", gsi2sk: `${r.createdAt}#${r.id}` }),
};
export const allJudicialReferrals = () => listing<JudicialReferralRecord>("gsi2", "JUDICIAL_REFERRALS");

// ---- investment road-show (投融资路演, 四（五）) ----------------------------------------------------------------
export const institutionKinds = ["bank", "venture", "fund", "other"] as const;
export type InstitutionKind = (typeof institutionKinds)[number];

export interface RoadShowRecord extends VersionedRecord {
  readonly projectId: string;
  readonly programmeId: string;
  /** requested (the enterprise's voluntary request), scheduled (the bureau agreed and fixed the session), declined. */
  readonly status: "requested" | "scheduled" | "declined";
  readonly request: {
    readonly reason: string;
    /** Follow-on funding the project needs (后续资金需求). */
    readonly followOnNeedFen: number;
    readonly by: string;
    readonly organisationId: string;
    readonly at: string;
  };
  readonly decision?: {
    readonly approved: boolean;
    readonly comment: string;
    readonly by: string;
    readonly at: string;
  };
  readonly session?: {
    readonly date: string;
    readonly venue: string;
    readonly institutions: readonly { readonly name: string; readonly kind: InstitutionKind }[];
  };
  /** Institutions' declared interest (意向投资): declared, not committed social capital. */
  readonly interests: readonly {
    readonly seq: number;
    readonly institution: string;
    readonly amountFen: number;
    readonly declaredOn: string;
    readonly note?: string;
    readonly recordedBy: string;
    readonly at: string;
  }[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

export const roadShowId = (projectId: string) => `rds-${projectId}`;
export const roadShowKind: RecordKind<RoadShowRecord> = {
  name: "ROAD_SHOW",
  indexKeys: (r) => ({ gsi2pk: "ROAD_SHOWS", gsi2sk: `${r.createdAt}#${r.id}` }),
  todos: roadShowTodos,
};

/** A project's declared road-show interest (for the leverage, reported apart): 0 when it has no road-show. */
export async function roadShowInterestOf(
  records: Pick<RecordStore, "get">,
  projectId: string,
): Promise<number> {
  const record = await records.get(roadShowKind, roadShowId(projectId));
  return record ? declaredInterestFen(record.interests) : 0;
}

// ---- the task book's budget and team (四（七）2) ------------------------------------------------------------------
export interface BudgetItem {
  readonly item: string;
  readonly amountFen: number;
  readonly category: BudgetCategory;
}

/** One reallocation (预算调剂): money moved from one item to another by the person entitled. */
export interface BudgetRevision {
  /** Budget revision number (1 = as signed). */
  readonly revision: number;
  readonly fromItem: string;
  readonly toItem: string;
  readonly amountFen: number;
  readonly holder: BudgetHolder;
  /** The chief engineer's person id when the holder is the chief engineer. */
  readonly personId?: string;
  readonly reason: string;
  readonly by: string;
  readonly organisationId: string;
  readonly at: string;
  /** The task book's signed revision it revises. */
  readonly taskBookRevision: number;
  readonly totalFen: number;
  readonly grantFen: number;
}

export const personnelRoles = ["chief-engineer", "sub-project-lead", "solver-organisation"] as const;
export type PersonnelRole = (typeof personnelRoles)[number];

/** A change of chief engineer or sub-project lead (课题负责人), only by a bureau decision with a reason. */
export interface PersonnelChange {
  readonly seq: number;
  readonly role: "chief-engineer" | "sub-project-lead";
  readonly subProject?: string;
  readonly from?: { readonly personId: string; readonly name?: string };
  readonly to: { readonly personId: string; readonly name: string; readonly organisationId: string };
  readonly reason: string;
  readonly decidedBy: string;
  readonly at: string;
}

/** The task book's budget (id `bgt-<projectId>`): items as signed, then each reallocation and personnel change. */
export interface TaskBookBudgetRecord extends VersionedRecord {
  readonly projectId: string;
  readonly programmeId: string;
  readonly taskBookRevision: number;
  readonly signedItems: readonly BudgetItem[];
  readonly items: readonly BudgetItem[];
  readonly totalFen: number;
  /** Public money (财政资助) of the project: unchanged by any reallocation. */
  readonly grantFen: number;
  readonly revision: number;
  readonly revisions: readonly BudgetRevision[];
  readonly chiefEngineer: {
    readonly personId: string;
    readonly name?: string;
    readonly organisationId?: string;
  };
  readonly subProjectLeads: readonly {
    readonly subProject: string;
    readonly personId: string;
    readonly name: string;
  }[];
  readonly personnelChanges: readonly PersonnelChange[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

export const budgetId = (projectId: string) => `bgt-${projectId}`;
export const budgetKind: RecordKind<TaskBookBudgetRecord> = {
  name: "TASK_BOOK_BUDGET",
  indexKeys: () => ({}),
};

/** A project's follow-up records, by kind and id, for its audit trail. */
export const followupRecords = (projectId: string): [RecordKind<VersionedRecord>, string][] => [
  [judicialReferralKind as unknown as RecordKind<VersionedRecord>, judicialReferralId(projectId)],
  [roadShowKind as unknown as RecordKind<VersionedRecord>, roadShowId(projectId)],
  [budgetKind as unknown as RecordKind<VersionedRecord>, budgetId(projectId)],
  [performanceKind as unknown as RecordKind<VersionedRecord>, performanceId(projectId)],
];
