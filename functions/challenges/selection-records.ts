// Use-case model of selection (stages 1-6 of domain.md): the stored records of programmes, challenges and applications,
// their record kinds (keys and listings) and what the public may see. Shared by the selection use cases and workflows;
// fields may be added (optional), never renamed.

import { listing, type RecordKind, type VersionedRecord } from "../platform/ports/records.ts";
import type { FundingPolicy } from "../programmes/rules/policy.ts";

// ---- programme (批次) ----------------------------------------------------------------------------------------
export interface ProgrammeRecord extends VersionedRecord {
  readonly name: string;
  readonly nameZh: string;
  readonly year: number;
  /** 领域 of this programme (e.g. 002 三: 7 fields). */
  readonly fields: readonly string[];
  /** Funding policy id (preset or custom) and the policy itself, frozen when the programme was created. */
  readonly policyId: string;
  readonly policy: FundingPolicy;
  readonly budgetFen: number;
  readonly status: "open" | "closed";
  readonly createdBy: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export const programmeKind: RecordKind<ProgrammeRecord> = {
  name: "PROGRAMME",
  indexKeys: (p) => ({ gsi1pk: allProgrammes().partition, gsi1sk: `${p.year}#${p.id}` }),
};

/** Every programme (批次), by year. */
export const allProgrammes = () => listing<ProgrammeRecord>("gsi1", "PROGRAMMES");

// ---- challenge (榜单项) ----------------------------------------------------------------------------------------
export const challengeRecordStatuses = [
  "draft", // drafted from demand(s) by the bureau, editable
  "awaiting-bureau", // submitted for the bureau's sign-off
  "awaiting-approver", // bureau signed; waiting for the approver (审定)
  "scheduled", // approved; published, window not yet open
  "open", // application window open (揭榜)
  "closed", // window closed; review follows
  "reviewing",
  "shortlisting",
  "on-notice", // 公示
  "awarded",
  "unsolved", // 流榜: nobody applied (can be republished)
  "withdrawn",
] as const;
export type ChallengeRecordStatus = (typeof challengeRecordStatuses)[number];

export interface ChallengeRecord extends VersionedRecord {
  readonly programmeId: string;
  /** The demand(s) it was refined from (several when merged, 需求交叉融合). */
  readonly demandIds: readonly string[];
  /** The enterprise(s) that posted it (发榜方) — conflict-of-interest checks use these. */
  readonly enterpriseOrganisationIds: readonly string[];
  readonly field: string;
  readonly title: string;
  readonly description: string;
  readonly keyTechnologies: readonly {
    name: string;
    targetMetrics: readonly { name: string; target: string; unit?: string }[];
  }[];
  /** Public-money cap for this challenge, fen (≤ the policy's cap unless 一事一议). */
  readonly fundingCapFen: number;
  /** Enterprise's stated R&D investment, fen. */
  readonly rdInvestmentFen: number;
  readonly periodMonths: number;
  readonly solverRequirements: string;
  /** 赛马制: whether parallel winners are allowed and at most how many (≤ policy limit). */
  readonly horseRace: { readonly allowed: boolean; readonly maxWinners: number };
  /** Application window (server clock decides); ISO instants. */
  readonly window?: { readonly opensAt: string; readonly closesAt: string };
  readonly status: ChallengeRecordStatus;
  /** How many times it has been published (a 流榜 challenge can be republished). */
  readonly round: number;
  readonly publishedAt?: string;
  /** Callback the workflow is parked on, with its token (never shown to clients). */
  readonly pendingTask?: { readonly kind: string; readonly token: string; readonly since: string };
  readonly workflow?: {
    readonly executionArn?: string;
    readonly awardExecutionArn?: string;
    /** Name of the publication execution of this round (section P, optional). */
    readonly executionName?: string;
  };
  /** Sign-offs (bureau, approver) of every round, oldest first (section P, optional). */
  readonly signOffs?: readonly ChallengeSignOff[];
  /** A sign-off sent to the workflow and not yet applied by it (section P, optional). */
  readonly pendingSignOff?: ChallengeSignOff;
  /** 一事一议: asked for when the cap is above the policy's; only the approver's approval records it (section P). */
  readonly caseByCase?: {
    readonly reason: string;
    readonly requestedBy: string;
    readonly requestedAt: string;
    readonly approvedBy?: string;
    readonly approvedAt?: string;
  };
  /** Publication executions started in this round; a lapsed one is replaced by a fresh attempt (section P). */
  readonly attempt?: number;
  /** A sign-off waited longer than its deadline and was escalated (section P, optional). */
  readonly overdueSince?: string;
  readonly openedAt?: string;
  readonly closedAt?: string;
  /** Earlier published rounds (a 流榜 challenge republished keeps its history) (section P, optional). */
  readonly previousRounds?: readonly {
    readonly round: number;
    readonly window?: { readonly opensAt: string; readonly closesAt: string };
    readonly publishedAt?: string;
    readonly status: ChallengeRecordStatus;
  }[];
  /** How many experts review it (section R, optional; default 3, at least one finance expert). */
  readonly reviewPanelSize?: number;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** One sign-off on a challenge (审核/审定): the bureau's, then the approver's (section P). */
export interface ChallengeSignOff {
  readonly stage: "bureau" | "approver";
  readonly decision: "approve" | "send-back";
  readonly comment?: string;
  /** The approver's 一事一议 decision on a cap above the policy's. */
  readonly caseByCaseApproved?: boolean;
  readonly round: number;
  readonly by: string;
  readonly at: string;
}

/** Public listing: gsi2 "PUBLIC#CHALLENGE" for published rounds only. */
export const challengeKind: RecordKind<ChallengeRecord> = {
  name: "CHALLENGE",
  indexKeys: (c) => ({
    gsi1pk: challengesOfProgramme(c.programmeId).partition,
    gsi1sk: `${c.createdAt}#${c.id}`,
    ...(c.publishedAt && c.status !== "withdrawn"
      ? { gsi2pk: publishedChallenges().partition, gsi2sk: `${c.publishedAt}#${c.id}` }
      : {}),
  }),
};

/** A programme's challenges (榜单), oldest first. */
export const challengesOfProgramme = (programmeId: string) =>
  listing<ChallengeRecord>("gsi1", `PROGRAMME#${programmeId}#CHALLENGE`);

/** Published challenges (张榜公布), by publication. */
export const publishedChallenges = () => listing<ChallengeRecord>("gsi2", "PUBLIC#CHALLENGE");

/** What anyone may read about a published challenge: no tokens, no internal workflow data, no people. */
export function publicChallengeView(c: ChallengeRecord) {
  return {
    id: c.id,
    programmeId: c.programmeId,
    field: c.field,
    title: c.title,
    description: c.description,
    keyTechnologies: c.keyTechnologies,
    fundingCapFen: c.fundingCapFen,
    periodMonths: c.periodMonths,
    solverRequirements: c.solverRequirements,
    horseRace: c.horseRace,
    window: c.window,
    status: c.status,
    round: c.round,
    publishedAt: c.publishedAt,
  };
}

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
    /** Which of the challenge's enterprises signed (section A, optional). */
    readonly enterpriseOrganisationId?: string;
    readonly solverSignedAt?: string;
    readonly solverSignedBy?: string;
  };
  readonly status: ApplicationRecordStatus;
  readonly submittedAt?: string;
  /** When the lead withdrew it (section A, optional). */
  readonly withdrawnAt?: string;
  /** Ranking result after review: weighted score in basis points of 100 and rank (1 = best). */
  readonly scoreBp?: number;
  readonly rank?: number;
  /** Names of the lead and member organisations by id, shown on the public notice (section R, optional; ids otherwise). */
  readonly organisationNames?: Readonly<Record<string, string>>;
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
