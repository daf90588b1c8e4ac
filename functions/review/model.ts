// Use-case model of expert review → award (专家评审, 公示: 《太原市实施“双百攻关行动”工作方案》四（五）): the records of the expert pool,
// review rounds and assignments (专家评审), public notices (公示) with objections (异议), and the projects an award
// creates (项目), their record kinds, the weighted rubric and what each reader may see.
import { createHash } from "node:crypto";
import { listing, type RecordKind, type VersionedRecord } from "../platform/ports/records.ts";

import type { CriterionKey } from "./rules/scoring.ts";
import { assignmentTodos, roundTodos } from "./rules/todos.ts";

/** Deterministic, URL-safe ids from the facts that identify a record, so retried workflow tasks write the same record. */
export function derivedId(prefix: string, ...parts: readonly (string | number)[]): string {
  return `${prefix}-${createHash("sha256").update(parts.join("\u0000")).digest("hex").slice(0, 24)}`;
}

// ---- expert pool (专家库) -----------------------------------------------------------------------------------
export const expertiseKinds = ["technical", "management", "finance"] as const;
export type Expertise = (typeof expertiseKinds)[number];

export interface DeclaredConflict {
  readonly organisationId: string;
  /** The organisation's unified social credit code when declared (from the registry), matched by code afterwards. */
  readonly uscc?: string;
  readonly reason: string;
  readonly declaredAt: string;
}

/** An expert of the pool; `id` is the expert's user id (the token's `sub`). */
export interface ExpertRecord extends VersionedRecord {
  readonly organisationId: string;
  readonly name: string;
  readonly expertise: Expertise;
  /** Organisations the expert declared a conflict of interest with (回避申报). */
  readonly conflicts: readonly DeclaredConflict[];
  readonly active: boolean;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export const expertKind: RecordKind<ExpertRecord> = {
  name: "EXPERT",
  indexKeys: (e) => ({ gsi1pk: allExperts().partition, gsi1sk: e.id }),
};

/** The expert pool (专家库). */
export const allExperts = () => listing<ExpertRecord>("gsi1", "EXPERTS");

// ---- review round and assignments ---------------------------------------------------------------------------
export interface ApplicationScore {
  readonly applicationId: string;
  readonly points: Readonly<Partial<Record<CriterionKey, number>>>;
  readonly comment?: string;
}

export const assignmentStatuses = ["assigned", "scored", "withdrawn"] as const;
export type AssignmentStatus = (typeof assignmentStatuses)[number];

/** One expert's assignment to review every submitted application of a challenge's round. */
export interface ReviewAssignmentRecord extends VersionedRecord {
  readonly roundId: string;
  readonly challengeId: string;
  readonly programmeId: string;
  readonly round: number;
  readonly expertId: string;
  readonly expertOrganisationId: string;
  readonly expertise: Expertise;
  readonly applicationIds: readonly string[];
  readonly status: AssignmentStatus;
  readonly scores?: readonly ApplicationScore[];
  readonly scoredAt?: string;
  /** A conflict found later (回避): the expert's scores no longer count. */
  readonly withdrawn?: {
    readonly at: string;
    readonly by: string;
    readonly role: string;
    readonly reason: string;
  };
  readonly replaces?: string;
  readonly replacedBy?: string;
  readonly remindedAt?: readonly string[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

export const assignmentKind: RecordKind<ReviewAssignmentRecord> = {
  name: "REVIEW_ASSIGNMENT",
  indexKeys: (a) => ({
    gsi1pk: assignmentsOfChallenge(a.challengeId).partition,
    gsi1sk: `r${String(a.round).padStart(3, "0")}#${a.createdAt}#${a.id}`,
    gsi2pk: assignmentsOfExpert(a.expertId).partition,
    gsi2sk: `${a.createdAt}#${a.id}`,
  }),
  todos: assignmentTodos,
};

/** A challenge's review assignments, every round. */
export const assignmentsOfChallenge = (challengeId: string) =>
  listing<ReviewAssignmentRecord>("gsi1", `CHALLENGE#${challengeId}#ASSIGNMENT`);

/** An expert's review assignments. */
export const assignmentsOfExpert = (expertId: string) =>
  listing<ReviewAssignmentRecord>("gsi2", `EXPERT#${expertId}#ASSIGNMENT`);

export type RoundDecisionKind = "shortlist" | "bureau-confirmation" | "approver-confirmation";
/** `overlap`: 就高不重复 findings on winners offered after an upheld objection wait for the bureau (award/replacement-overlap.ts). */
export type RoundWaitKind = "scores" | RoundDecisionKind | "overlap";

export type RoundDecision =
  | {
      readonly kind: "shortlist";
      readonly race: boolean;
      readonly winners: number;
      readonly by: string;
      /** The decider's name (kernel/actor.ts actorName); none on decisions made before names were kept. */
      readonly byName?: string;
      readonly at: string;
    }
  | {
      readonly kind: "bureau-confirmation" | "approver-confirmation";
      readonly decision: "confirm" | "send-back";
      readonly comment?: string;
      readonly by: string;
      readonly byName?: string;
      readonly at: string;
    };

/**
 * The award process of one challenge round (评审 → 遴选 → 公示 → 立项): the panel, the ranking, the enterprise's
 * shortlist, the confirmations and the notices. The workflow's callback tokens for it are parked here.
 */
export interface ReviewRoundRecord extends VersionedRecord {
  readonly challengeId: string;
  readonly programmeId: string;
  /** The challenge's enterprise(s), whose to-do the shortlist is (absent on rounds started before 2026-12). */
  readonly enterpriseOrganisationIds?: readonly string[];
  readonly round: number;
  readonly panelSize: number;
  readonly status: "reviewing" | "ranked" | "awarded" | "unsolved";
  readonly assignments: readonly {
    readonly assignmentId: string;
    readonly expertId: string;
    readonly expertise: Expertise;
    readonly status: AssignmentStatus;
  }[];
  readonly ranking?: readonly {
    readonly applicationId: string;
    readonly rank: number;
    readonly scoreBp: number;
    readonly financeBudgetPoints: number;
  }[];
  readonly shortlist?: { readonly race: boolean; readonly winners: number };
  readonly pendingTask?: { readonly kind: RoundWaitKind; readonly token: string; readonly since: string };
  readonly pendingDecision?: RoundDecision;
  readonly decisions: readonly RoundDecision[];
  /** Sent back: why the enterprise is asked to decide again (over budget, or a send-back). */
  readonly sentBack?: { readonly by: string; readonly reason: string; readonly at: string };
  /** Deadline overruns (reminders to experts, escalation to the bureau). */
  readonly overdue?: { readonly count: number; readonly lastAt: string; readonly escalatedAt?: string };
  /**
   * The bureau is asked to re-announce a notice's corrected end on its own channels: the window, counted
   * provisionally, was extended when the State Council's arrangement was loaded (award/notice-calendar.ts).
   */
  readonly noticeExtended?: {
    readonly noticeId: string;
    readonly previousLastDay: string;
    readonly lastDay: string;
    readonly year: number;
    readonly at: string;
    /** The bureau's confirmation that it re-announced the corrected end (ends its to-do, 待办). */
    readonly reannounced?: {
      readonly by: string;
      readonly byName?: string;
      readonly at: string;
      readonly note?: string;
    };
  };
  readonly noticeIds: readonly string[];
  readonly projectIds?: readonly string[];
  readonly executionArn?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export const roundId = (challengeId: string, round: number) => `rnd-${challengeId}-r${round}`;

export const roundKind: RecordKind<ReviewRoundRecord> = {
  name: "REVIEW_ROUND",
  indexKeys: (r) => ({
    gsi1pk: `CHALLENGE#${r.challengeId}#ROUND`,
    gsi1sk: String(r.round).padStart(3, "0"),
  }),
  todos: roundTodos,
};
