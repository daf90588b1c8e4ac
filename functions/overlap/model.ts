// Model of 就高不重复 (《太原市…行动方案》六（一）): the overlap check of an application (at award and at task-book drafting) with
// its findings — other supported items of the same organisations, by unified social credit code — and the bureau's
// decision on each; and the grants of other city policies the bureau declares so that the check sees them.
import { listing, type RecordKind, type VersionedRecord } from "../platform/ports/records.ts";
import type { Similarity } from "./rules/similarity.ts";

export interface Period {
  readonly startDate: string;
  readonly endDate: string;
}

/** A grant outside the platform (another policy of the city, a provincial or national programme). */
export interface ExternalGrantRecord extends VersionedRecord {
  /** 统一社会信用代码 of the supported organisation, normalised. */
  readonly uscc: string;
  readonly organisationName: string;
  readonly title: string;
  readonly keywords: readonly string[];
  readonly amountFen: number;
  /** The policy or programme it was granted under (e.g. 太原市科技重大专项). */
  readonly policy: string;
  readonly startDate: string;
  readonly endDate: string;
  readonly declaredBy: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export const externalGrantKind: RecordKind<ExternalGrantRecord> = {
  name: "EXTERNAL_GRANT",
  indexKeys: (g) => ({
    gsi1pk: externalGrantsOfCode(g.uscc).partition,
    gsi1sk: `${g.createdAt}#${g.id}`,
    gsi2pk: allExternalGrants().partition,
    gsi2sk: `${g.createdAt}#${g.id}`,
  }),
};
export const externalGrantsOfCode = (uscc: string) =>
  listing<ExternalGrantRecord>("gsi1", `EXTERNAL_GRANT#${uscc}`);
export const allExternalGrants = () => listing<ExternalGrantRecord>("gsi2", "EXTERNAL_GRANTS");

export const overlapStages = ["award", "task-book"] as const;
export type OverlapStage = (typeof overlapStages)[number];

export const overlapOutcomes = ["distinct", "fund-higher"] as const;
export type OverlapOutcome = (typeof overlapOutcomes)[number];

/** The bureau's decision on one finding. */
export interface OverlapDecision {
  /** distinct: not the same content; fund-higher: the same content, supported once at the higher amount. */
  readonly outcome: OverlapOutcome;
  /** fund-higher: which side gives way (the checked application, or the other item). */
  readonly lower?: "subject" | "other";
  /** fund-higher: the lower side withdrawn, or reduced to `reducedToFen`. */
  readonly action?: "withdraw" | "reduce";
  readonly reducedToFen?: number;
  /** What the money did (English and Chinese), as recorded when decided. */
  readonly effect: string;
  readonly effectZh: string;
  readonly reason: string;
  /** fund-higher: the lower side's grant (or request) before the decision; its grant after is 0 or `reducedToFen`. */
  readonly grantBeforeFen?: number;
  readonly decidedBy: string;
  /** The decider's name as the token gave it (kernel/actor.ts actorName). */
  readonly decidedByName?: string;
  readonly decidedAt: string;
}

/** An audit report of a decided finding, written for one of the projects it concerns (reports.ts). */
export interface OverlapReportRef {
  readonly projectId: string;
  readonly event: string;
  readonly jsonKey: string;
  readonly htmlKey: string;
  readonly sha256: string;
  readonly at: string;
}

/** Another supported item of a party of the checked application whose content may be the same. */
export interface OverlapFinding {
  /** `application:<id>` (with its project, if any) or `external:<id>`. */
  readonly key: string;
  readonly source: "application" | "project" | "external";
  readonly applicationId?: string;
  readonly projectId?: string;
  readonly externalId?: string;
  readonly title: string;
  /** The codes (or, for unregistered parties, organisation ids) both items share. */
  readonly sharedCodes: readonly string[];
  /** Public money: the project's grant, the application's request, or the external grant. */
  readonly amountFen: number;
  readonly status: string;
  readonly policy?: string;
  readonly period?: Period;
  readonly similarity: Similarity;
  readonly decision?: OverlapDecision;
}

/** The overlap check of one application (`ovl-<applicationId>`), run again at each stage; decisions are kept. */
export interface OverlapCheckRecord extends VersionedRecord {
  readonly applicationId: string;
  /** The applicant (牵头单位) by its registered name, else as its application named it (checks from before: absent). */
  readonly applicantName?: string;
  readonly challengeId: string;
  readonly programmeId: string;
  readonly projectId?: string;
  readonly title: string;
  readonly keywords: readonly string[];
  readonly period?: Period;
  readonly codes: readonly string[];
  readonly amountFen: number;
  readonly stage: OverlapStage;
  readonly checkedAt: string;
  readonly checkedBy: string;
  readonly findings: readonly OverlapFinding[];
  /** Decided: the checked application's grant is at most this (0: withdrawn). */
  readonly grantCapFen?: number;
  /** "open" while a finding awaits the bureau's decision. */
  readonly status: "open" | "settled";
  /** The audit reports of its decisions, per project concerned (`projects/<id>/decisions/overlap-…`). */
  readonly auditReports?: readonly OverlapReportRef[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

export const overlapCheckId = (applicationId: string) => `ovl-${applicationId}`;

export const overlapCheckKind: RecordKind<OverlapCheckRecord> = {
  name: "OVERLAP_CHECK",
  indexKeys: (c) => ({ gsi1pk: allOverlapChecks().partition, gsi1sk: `${c.checkedAt}#${c.id}` }),
};
/** Every check, newest first (the bureau's page). */
export const allOverlapChecks = () => listing<OverlapCheckRecord>("gsi1", "OVERLAP_CHECKS");
