// Model of a running project's performance evaluation (绩效评价) with its outcome — continued support, exit or replacement
// (后续支持、退出或递补, 泰安《实施意见》第24条) — and of the dynamic adjustment of its targets (动态调整, 《太原市…行动方案》五（二）):
// one record per project (`pfm-<projectId>`), evaluations and adjustments appended, beside the track.
import type { RecordKind, VersionedRecord } from "../platform/ports/records.ts";
import type { SignatoryParty } from "../projects/model.ts";
import { performanceTodos } from "./rules/todos.ts";

export const performanceDecisions = ["continue", "exit", "replace"] as const;
export type PerformanceDecision = (typeof performanceDecisions)[number];

/** One expert's scores (0–100) against the task book's indicators. */
export interface ExpertScore {
  readonly expertId: string;
  readonly scores: readonly {
    readonly milestone: number;
    readonly indicator: string;
    readonly score: number;
  }[];
  readonly comment: string;
  readonly at: string;
}

/** A periodic performance evaluation (定期绩效评估): the bureau names the period and the experts; they score. */
export interface PerformanceEvaluation {
  readonly seq: number;
  readonly periodFrom: string;
  readonly periodTo: string;
  readonly expertIds: readonly string[];
  /** The task book's indicators at opening (its revision): what the experts score. */
  readonly taskBookRevision: number;
  readonly indicators: readonly {
    readonly milestone: number;
    readonly name: string;
    readonly target: string;
  }[];
  readonly status: "scoring" | "scored" | "decided";
  readonly scores: readonly ExpertScore[];
  readonly result?: { readonly meanScore: number; readonly passed: boolean; readonly at: string };
  readonly decision?: {
    readonly decision: PerformanceDecision;
    readonly reason: string;
    readonly by: string;
    readonly at: string;
    /** Exit and replacement end the project as a termination without fault: the settlement handed to finance. */
    readonly recoveryId?: string;
    readonly verifiedSpendingFen?: number;
    /** The settlement as the termination assessed it (结算): paid, to recover, the unpaid tranches cancelled. */
    readonly settlement?: {
      readonly paidFen: number;
      readonly recoverFen: number;
      readonly cancelledFen: number;
    };
    /** Replacement (递补): the next-ranked application of the challenge and its new project (remaining money). */
    readonly replacement?: {
      readonly applicationId: string;
      readonly rank: number;
      readonly projectId: string;
      readonly grantFen: number;
      readonly paidToReplacedFen: number;
    };
  };
  readonly openedBy: string;
  readonly openedAt: string;
}

/** A dynamic adjustment (动态调整): the bureau changes targets; the three parties sign the new task-book revision. */
export interface TargetAdjustment {
  readonly seq: number;
  readonly reason: string;
  readonly fromRevision: number;
  readonly toRevision: number;
  readonly changes: readonly {
    readonly milestone: number;
    readonly indicator: string;
    readonly from: string;
    readonly to: string;
  }[];
  /** `void`: the project ended (terminated, fraud, exit, replacement, horse race, closed by its acceptance) before the last signature. */
  readonly status: "awaiting-signatures" | "signed" | "void";
  /**
   * Who signs besides the bureau, as the track named them when the adjustment was proposed: its enterprises and its lead
   * solver organisation — each party's signing to-do (待办) goes to that role in that organisation (rules/todos.ts).
   */
  readonly parties?: { readonly enterpriseOrganisationIds: readonly string[]; readonly solverLeadId: string };
  readonly signatures: readonly {
    readonly party: SignatoryParty;
    readonly by: string;
    readonly organisationId: string;
    readonly at: string;
  }[];
  readonly proposedBy: string;
  readonly proposedAt: string;
  readonly signedAt?: string;
  /** Why and when an adjustment awaiting signatures became void: the project's ending, in its own transaction. */
  readonly voided?: {
    readonly at: string;
    readonly by: string;
    readonly ending: "terminated" | "fraud" | "horse-race" | "closed";
  };
}

/** Why a replacement ended before signing: an objection to its notice upheld (递补公示异议成立). */
export interface ReplacementWithdrawal {
  readonly reason: "replacement-objection-upheld";
  readonly noticeId: string;
  readonly objectionId: string;
  /** The bureau's reason in its ruling. */
  readonly ruling: string;
  /** The project whose solver the performance evaluation replaced: where the money offered comes from. */
  readonly originProjectId: string;
  /** The grant the withdrawn replacement had been offered (its grant is 0 once withdrawn). */
  readonly offeredFen: number;
  readonly by: string;
  readonly at: string;
}

export type NextOffer =
  | {
      readonly status: "awaiting-overlap";
      /** The candidate whose 就高不重复 finding the bureau decides first. */
      readonly applicationId: string;
      readonly since: string;
      /** Candidates passed over as withdrawn on a 就高不重复 decision. */
      readonly skipped: readonly string[];
    }
  | {
      readonly status: "none-left";
      readonly at: string;
      /** The money left of the origin's grant that nobody was offered: it stays with finance. */
      readonly leftFen: number;
      readonly skipped: readonly string[];
    };

export interface PerformanceRecord extends VersionedRecord {
  readonly projectId: string;
  readonly programmeId: string;
  readonly evaluations: readonly PerformanceEvaluation[];
  readonly adjustments: readonly TargetAdjustment[];
  /** Set when a replacement ended this project: the project that took over the remaining work. */
  readonly replacedBy?: string;
  /** Set on the new project's record: the project it replaced (递补). */
  readonly replaces?: string;
  /**
   * Set on a replacement's record when an objection to its public notice was upheld (递补公示异议成立): the project ended
   * before its task book was signed (nothing paid), its application removed.
   */
  readonly withdrawn?: ReplacementWithdrawal;
  /**
   * After a withdrawal, when no new project was offered (else `replacedBy`): the next candidate waits for the bureau's
   * 就高不重复 decision (a to-do), or nobody is left and the money stays with finance.
   */
  readonly nextOffer?: NextOffer;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export const performanceId = (projectId: string) => `pfm-${projectId}`;
export const performanceKind: RecordKind<PerformanceRecord> = {
  name: "PERFORMANCE",
  indexKeys: () => ({}),
  todos: performanceTodos,
};
