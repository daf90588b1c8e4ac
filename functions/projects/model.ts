// Use-case model of the project lifecycle (立项, 实施, 结题验收): the project, the task book (任务书/军令状) and its
// signatures, milestones with their reports, evidence and expert review, the track and its decisions; the tranches
// (tranche-model.ts) and the executions the lifecycle runs in (lifecycle-model.ts) are re-exported.

import { sealedEvidencePrefix } from "../platform/ports/document-store.ts";
import { listing, type RecordKind, type VersionedRecord } from "../platform/ports/records.ts";
import type { ReleaseCondition } from "../programmes/rules/policy.ts";
import type { Lifecycle, LifecycleEvent } from "./lifecycle-model.ts";
import { trackTodos } from "./rules/todos.ts";
import { trackParts } from "./track-parts-model.ts";

// The tranche records and the lifecycle's executions are models of their own files, exported from here too.
export * from "./lifecycle-model.ts";
export * from "./notice-model.ts";
export * from "./track-parts-model.ts";
export * from "./tranche-model.ts";

// ---- project (项目), created at award ---------------------------------------------------------------------------
/** The project (项目) from award to its end; the track (ProjectTrackRecord) holds the lifecycle's detail. */
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

export interface OrganisationRef {
  readonly organisationId: string;
  readonly name: string;
}

/** The project (项目) an award creates, one per winner; the lifecycle's detail is on its track. */
export interface ProjectRecord extends VersionedRecord {
  readonly programmeId: string;
  readonly challengeId: string;
  readonly title?: string; // the challenge's (榜单名称), stored at award; older records: filled in on read (names.ts)
  readonly applicationId: string;
  readonly enterprise: OrganisationRef;
  readonly enterpriseOrganisationIds: readonly string[];
  readonly solverLead: OrganisationRef;
  readonly solverMembers: readonly OrganisationRef[];
  readonly chiefEngineerId: string;
  readonly rdInvestmentFen: number;
  readonly grantFen: number;
  /** "awaiting-task-book" at award; the project lifecycle (project-model.ts) moves it on. */
  readonly status: ProjectStatus;
  readonly noticeId: string;
  readonly awardedAt: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export const projectKind: RecordKind<ProjectRecord> = {
  name: "PROJECT",
  indexKeys: (p) => ({
    gsi1pk: projectsOfProgramme(p.programmeId).partition,
    gsi1sk: `${p.createdAt}#${p.id}`,
    gsi2pk: projectsOfChallenge(p.challengeId).partition,
    gsi2sk: `${p.createdAt}#${p.id}`,
  }),
};
/** A programme's projects. */
export const projectsOfProgramme = (programmeId: string) =>
  listing<ProjectRecord>("gsi1", `PROGRAMME#${programmeId}#PROJECT`);
/** A challenge's projects (several in a horse race). */
export const projectsOfChallenge = (challengeId: string) =>
  listing<ProjectRecord>("gsi2", `CHALLENGE#${challengeId}#PROJECT`);

/**
 * A solver organisation's part in a project (lead or consortium member), written with the project at award (id
 * `<projectId>#<organisationId>`): the entry of the solver's "my projects" (揭榜方的项目), one partition per organisation.
 */
export interface ProjectPartyRecord extends VersionedRecord {
  readonly projectId: string;
  readonly programmeId: string;
  readonly organisationId: string;
  readonly role: "lead" | "member";
  readonly createdAt: string;
  readonly updatedAt: string;
}

export const projectPartyKind: RecordKind<ProjectPartyRecord> = {
  name: "PROJECT_PARTY",
  indexKeys: (p) => ({
    gsi1pk: `ORG#${p.organisationId}#PROJECT_PARTY`,
    gsi1sk: `${p.createdAt}#${p.projectId}`,
  }),
};

/** The projects a solver organisation leads or is a consortium member of, by its party records. */
export const projectsOfOrganisation = (organisationId: string) =>
  listing<ProjectPartyRecord>("gsi1", `ORG#${organisationId}#PROJECT_PARTY`);

/** The party records of a new project: its lead solver and each consortium member. */
export const projectParties = (p: ProjectRecord): ProjectPartyRecord[] =>
  [
    { organisationId: p.solverLead.organisationId, role: "lead" as const },
    ...p.solverMembers.map((m) => ({ organisationId: m.organisationId, role: "member" as const })),
  ].map((party) => ({
    id: `${p.id}#${party.organisationId}`,
    version: 1,
    projectId: p.id,
    programmeId: p.programmeId,
    ...party,
    createdAt: p.createdAt,
    updatedAt: p.createdAt,
  }));

// ---- task book (项目计划任务书, “军令状”) ------------------------------------------------------------------------
export const signatoryParties = ["bureau", "enterprise", "solver"] as const;
export type SignatoryParty = (typeof signatoryParties)[number];

export interface Indicator {
  readonly name: string;
  readonly target: string;
  readonly unit?: string;
}

export interface TaskBookMilestone {
  /** 1-based, in task-book order; `milestone-passed:k` conditions refer to it. */
  readonly index: number;
  readonly title: string;
  readonly dueDate: string;
  readonly indicators: readonly Indicator[];
  /** The tranche whose condition is this milestone passing (里程碑考核通过后拨付), if any. */
  readonly releasesTranche?: number;
}

export interface TaskBookTranche {
  readonly index: number;
  readonly condition: ReleaseCondition;
  readonly conditionToken: string;
  readonly amountFen: number;
}

export interface Signature {
  readonly party: SignatoryParty;
  readonly by: string;
  /** The signer's name at signing (kernel/actor.ts actorName); none on signatures made before names were kept. */
  readonly byName?: string;
  readonly organisationId: string;
  readonly at: string;
  /** The revision signed; a change makes a new revision and voids every signature. */
  readonly revision: number;
}

export interface TaskBook {
  /** Grows by one on every change; signatures are for one revision. */
  readonly revision: number;
  readonly startDate: string;
  readonly endDate: string;
  readonly periodMonths: number;
  readonly milestones: readonly TaskBookMilestone[];
  readonly grantFen: number;
  readonly tranches: readonly TaskBookTranche[];
  /** 知识产权 terms and 奖惩 (reward/penalty) terms, as text. */
  readonly ipTerms: string;
  readonly rewardPenaltyTerms: string;
  /**
   * 赛马制: the key milestone (关键节点, 1..milestones) at which the enterprise and the bureau choose which parallel
   * projects of the challenge continue (horse-race.ts); signed as part of the book. Absent on older books: the first.
   */
  readonly horseRaceKeyMilestone?: number;
  /** Fixed at signing (《太原市实施“双百攻关行动”工作方案》四（七）2: 不得更换揭榜方, 技术总师不得随意更换). */
  readonly solverLeadId: string;
  readonly solverMemberIds: readonly string[];
  readonly chiefEngineerId: string;
  readonly signatures: readonly Signature[];
  /** Signatures voided by a change, oldest first (the audit trail has each event too). */
  readonly voided?: readonly {
    readonly revision: number;
    readonly parties: readonly SignatoryParty[];
    readonly at: string;
  }[];
  readonly draftedBy: string;
  readonly draftedAt: string;
  /** Shanghai date and instant of the last of the three signatures. */
  readonly signedOn?: string;
  readonly signedAt?: string;
}

/** Decision: unless the task book says otherwise, a horse race's key milestone is the first (中期考核节点). */
export const defaultHorseRaceKeyMilestone = 1;
export const horseRaceKeyMilestoneOf = (track: Pick<ProjectTrackRecord, "taskBook">) =>
  track.taskBook.horseRaceKeyMilestone ?? defaultHorseRaceKeyMilestone;

// ---- milestones, reports, evidence --------------------------------------------------------------------------
export const evidenceKinds = ["progress-report", "evidence", "audit-report"] as const;
export type EvidenceKind = (typeof evidenceKinds)[number];
/** A report needs a progress report (进展报告) and the accounting firm's special audit report (专项审计报告). */
export const requiredEvidenceKinds: readonly EvidenceKind[] = ["progress-report", "audit-report"];

export interface EvidenceFile {
  readonly fileId: string;
  readonly kind: EvidenceKind;
  readonly fileName: string;
  readonly contentType: string;
  readonly sizeBytes: number;
  /** Hex SHA-256 declared by the uploader; the validation task compares it with the stored bytes. */
  readonly sha256: string;
  /**
   * Where the presigned PUT URL uploads (staging): a new key for every file, so an upload never overwrites another's;
   * but the URL stays valid for a while, so these bytes may still change after validation.
   */
  readonly key: string;
  readonly reservedAt: string;
  /**
   * Set by validation together with `sealedKey`: the sealed copy's size and SHA-256 matched the declared ones.
   */
  readonly verifiedAt?: string;
  /**
   * The sealed copy (`sealed/…`, sealedEvidenceKey): written once by the validation task with a server-side copy of
   * the upload, never addressed by any presigned URL, so never overwritten. Reads and audit reports use it.
   */
  readonly sealedKey?: string;
}

/** The write-once key a verified evidence file is sealed under; no presigned upload URL is ever issued for it. */
export const sealedEvidenceKey = (projectId: string, milestone: number, fileId: string) =>
  `${sealedEvidencePrefix}projects/${projectId}/milestones/${milestone}/${fileId}`;
/** The object that holds a file's bytes for readers and auditors: the sealed copy once there is one. */
export const storedEvidenceKey = (f: Pick<EvidenceFile, "key" | "sealedKey">) => f.sealedKey ?? f.key;

export const verdicts = ["pass", "fail", "rectify"] as const;
export type Verdict = (typeof verdicts)[number];

export interface MilestoneReport {
  /** 1 for the first report, 2 after a return or a rectification. */
  readonly seq: number;
  readonly summary: string;
  readonly indicators: readonly { readonly name: string; readonly actual: string }[];
  readonly fileIds: readonly string[];
  readonly filedBy: string;
  readonly filedAt: string;
  readonly validation?: {
    readonly at: string;
    readonly ok: boolean;
    readonly issues: readonly {
      readonly path: string;
      readonly message: string;
      readonly messageZh: string;
    }[];
  };
  readonly votes: readonly {
    readonly expertId: string;
    /** The expert's name at voting; none on votes cast before names were kept. */
    readonly expertName?: string;
    readonly verdict: Verdict;
    readonly comment: string;
    readonly rectifyDays?: number;
    readonly at: string;
  }[];
  readonly decision?: { readonly verdict: Verdict; readonly at: string };
}

export const milestoneStates = [
  "pending", // no report yet
  "validating", // filed; the validation task checks the documents
  "returned", // a document missing or not matching its hash: the enterprise files again
  "under-review", // experts review
  "rectifying", // 整改: once, within a deadline
  "awaiting-payment-opinion", // passed review; the approver confirms the payment opinion (资金拨付意见)
  "passed",
  "failed", // referred to the bureau for termination
] as const;
export type MilestoneState = (typeof milestoneStates)[number];

/** A panel expert recused (回避) for a conflict with the project's parties that arose after being named. */
export interface PanelRecusal {
  readonly expertId: string;
  readonly at: string;
  /** The organisation the conflict is with (a declared conflict's, or the expert's own when it is a party). */
  readonly organisationId: string;
  readonly reason: string;
  /** The expert the bureau named to the recused member's seat, and when. */
  readonly replacedBy?: string;
  readonly replacedAt?: string;
}

export interface MilestoneProgress {
  readonly index: number;
  readonly status: MilestoneState;
  /** Due date as signed, shifted by extensions (延期: 《太原市实施“双百攻关行动”工作方案》四（七）4). */
  readonly dueDate: string;
  readonly files: readonly EvidenceFile[];
  readonly reports: readonly MilestoneReport[];
  /** Experts the bureau named to review this milestone (a recused member keeps the seat until replaced). */
  readonly panel: readonly string[];
  /** Panel members recused (回避) for a conflict arising after they were named. */
  readonly recusals?: readonly PanelRecusal[];
  readonly rectificationUsed: boolean;
  readonly rectifyBy?: string;
  readonly remindedAt?: string;
  readonly escalatedAt?: string;
  readonly paymentOpinion?: {
    readonly trancheIndex?: number;
    readonly amountFen: number;
    readonly draftedAt: string;
    readonly confirmedBy?: string;
    readonly confirmedByName?: string;
    readonly confirmedAt?: string;
  };
  readonly passedAt?: string;
  readonly failedAt?: string;
  /** Audit reports written to the audit bucket for this milestone's decisions (`review-<seq>`, `payment-opinion`). */
  readonly auditReports?: readonly AuditReportRef[];
}

export interface AuditReportRef {
  readonly event: string;
  readonly jsonKey: string;
  readonly htmlKey: string;
  /** SHA-256 of the JSON report as stored. */
  readonly sha256: string;
  readonly at: string;
}
/** A notice sent by a timer: what, for which milestone, when, to whom ("enterprise", "bureau", "expert:<id>", …). */
export interface TrackNotice {
  readonly kind: string;
  readonly milestone?: number;
  readonly at: string;
  readonly to: string;
}

export const trackStatuses = ["drafting", "in-progress", "termination-referred", "closed"] as const;
export type TrackStatus = (typeof trackStatuses)[number];

/**
 * The running state of one project after award (id = the project id): its task book, milestones and the phase
 * execution in charge. The PROJECT record (review-model.ts) keeps the parties; its status follows this one.
 */
export interface ProjectTrackRecord extends VersionedRecord {
  readonly projectId: string;
  readonly programmeId: string;
  /** The project's enterprise(s) (发榜方), whose to-dos its signature and reports are (absent on tracks before 2026-12). */
  readonly enterpriseOrganisationIds?: readonly string[];
  readonly status: TrackStatus;
  readonly taskBook: TaskBook;
  readonly milestones: readonly MilestoneProgress[];
  /** The phase execution in charge (project-<id>-p<phase>) and when it started. */
  readonly phase: number;
  readonly phaseStartedAt: string;
  /**
   * Only on tracks written before the chain's bookkeeping had its own record (PROJECT_LIFECYCLE, lifecycle-model.ts):
   * the execution in charge and the inbox, read from here until that record exists (inbox.ts chainOf), never written.
   */
  readonly lifecycle?: Lifecycle;
  readonly inbox?: readonly LifecycleEvent[];
  /** The callback the phase execution is parked on; any event completes it. */
  readonly pendingTask?: { readonly token: string; readonly since: string; readonly phase?: number };
  /**
   * Notices sent by timers with a change of the track (an escalation, a referral, a return, an anniversary), oldest
   * first. A wait's reminder, which changes nothing else, is a PROJECT_NOTICE record of its own (notices.ts); tracks
   * written before that keep theirs here. The project's page shows both (projectNotices).
   */
  readonly notices: readonly TrackNotice[];
  /** A milestone failed with no rectification left: the bureau decides on termination (later step). */
  readonly terminationReferral?: { readonly milestone: number; readonly at: string; readonly reason: string };
  /** Terminated or closed for fraud: the decision and the recovery handed to finance. */
  readonly termination?: Termination;
  /** Final acceptance (结题验收), once every milestone has passed. */
  readonly acceptance?: Acceptance;
  /** Extensions (延期, force majeure), oldest first; approved ones shifted every later due date and timer. */
  readonly extensions?: readonly Extension[];
  /** Termination proposals (终止申请) by any signatory, oldest first; the bureau decides the open one. */
  readonly terminationProposals?: readonly TerminationProposal[];
  /** Audit reports of project-level decisions (`extension-<seq>`, `termination`), as the milestone ones. */
  readonly auditReports?: readonly AuditReportRef[];
  /** 赛马制: the outcome of the horse race this project ran in (horse-race.ts), once the two decisions agree. */
  readonly horseRace?: {
    readonly challengeId: string;
    readonly outcome: "continues" | "closed";
    readonly keyMilestone: number;
    readonly decidedAt: string;
  };
  readonly createdAt: string;
  readonly updatedAt: string;
}

/**
 * The track is read by its id only (a project's id), never listed: it carries no index keys. An index entry (gsi1
 * projects every attribute) would bill each of its many writes — every park and event of the lifecycle — a second
 * time over the whole item; and it is stored in parts (trackParts), so that a change writes what it changed
 * (docs/project-lifecycle.md, "Write units").
 */
export const trackKind: RecordKind<ProjectTrackRecord> = {
  name: "PROJECT_TRACK",
  indexKeys: () => ({}),
  todos: trackTodos,
  parts: trackParts,
};

/** How a project ended early (终止): the bureau's decision, with the third-party review a fault needs. */
export interface Termination {
  readonly kind: "termination" | "fraud";
  readonly fault: boolean;
  readonly reason: string;
  readonly proposedBy: SignatoryParty;
  readonly thirdPartyReview?: {
    readonly reviewer: string;
    readonly conclusion: string;
    readonly reviewedOn: string;
  };
  readonly decidedBy: string;
  readonly decidedByName?: string;
  readonly decidedAt: string;
  /** The recovery handed to finance; none when the task book was never signed (no tranche exists, nothing paid). */
  readonly recoveryId?: string;
}

/** A proposal to terminate (终止申请): any signatory proposes; the bureau approves (the project ends) or rejects. */
export interface TerminationProposal {
  readonly seq: number;
  readonly proposedBy: SignatoryParty;
  readonly by: string;
  readonly organisationId: string;
  readonly at: string;
  readonly reason: string;
  readonly fault: boolean;
  readonly status: "proposed" | "approved" | "rejected";
  readonly decidedBy?: string;
  readonly decidedAt?: string;
  readonly comment?: string;
}

/** A force-majeure extension (不可抗力延期): requested by the enterprise or the solver, decided by the bureau. */
export interface Extension {
  readonly seq: number;
  readonly months: number;
  readonly reason: string;
  /** Evidence files (already uploaded to a milestone) supporting the request, by id. */
  readonly evidenceFileIds: readonly string[];
  readonly requestedBy: string;
  readonly requestedParty: SignatoryParty;
  readonly requestedAt: string;
  readonly status: "requested" | "approved" | "rejected";
  readonly decidedBy?: string;
  readonly decidedAt?: string;
  readonly comment?: string;
  /** What moved: each later milestone's due date and the end date. */
  readonly shifts?: readonly { readonly what: string; readonly from: string; readonly to: string }[];
}

/**
 * Final acceptance (结题验收): the enterprise asks; the bureau and the enterprise fix the plan and the experts (both
 * post the same plan); the experts give a verdict and a performance score (绩效评价); a pass yields the payment
 * opinion of the final-acceptance tranche, which the approver confirms; then the project closes.
 */
export interface Acceptance {
  readonly status: "planning" | "under-review" | "awaiting-payment-opinion" | "passed" | "failed";
  readonly summary: string;
  readonly requestedBy: string;
  readonly requestedAt: string;
  readonly plan?: { readonly text: string; readonly expertIds: readonly string[] };
  /** Acceptance experts recused (回避) for a conflict arising after the plan was fixed. */
  readonly recusals?: readonly PanelRecusal[];
  /** Which parties fixed the current plan (a different plan from the other party clears the first). */
  readonly fixedBy: readonly {
    readonly party: "bureau" | "enterprise";
    readonly by: string;
    readonly at: string;
  }[];
  readonly votes: readonly {
    readonly expertId: string;
    /** The expert's name at voting; none on votes cast before names were kept. */
    readonly expertName?: string;
    readonly verdict: "pass" | "fail";
    readonly performanceScore: number;
    readonly comment: string;
    readonly at: string;
  }[];
  readonly result?: {
    readonly verdict: "pass" | "fail";
    readonly performanceScore: number;
    readonly at: string;
  };
  readonly paymentOpinion?: {
    readonly trancheIndex?: number;
    readonly amountFen: number;
    readonly confirmedBy?: string;
    readonly confirmedByName?: string;
    readonly confirmedAt?: string;
  };
  readonly auditReport?: AuditReportRef;
}
