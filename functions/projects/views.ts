// Use case (projects): what the API returns — every route's response body as a zod/mini schema, built on first use
// (functions/kernel/view-schemas.ts), named after the domain type it describes; the routes' results are typed by them.
import * as z from "zod/mini";
import { lazySchema } from "../kernel/view-schemas.ts";
import { lifecycleFields } from "./lifecycle-views.ts";

export const trancheRecordSchema = lazySchema("TrancheRecord", () =>
  z.object({
    projectId: z.string(),
    programmeId: z.string(),
    index: z.number(),
    condition: z.union([
      z.object({ kind: z.literal("task-book-signed") }),
      z.object({ kind: z.literal("milestone-passed"), milestone: z.number() }),
      z.object({ kind: z.literal("final-acceptance") }),
      z.object({ kind: z.literal("anniversary"), years: z.number() }),
    ]),
    conditionToken: z.string(),
    amountFen: z.number(),
    payeeOrganisationId: z.string(),
    status: z.enum(["reserved", "planned", "eligible", "paid", "cancelled"]),
    eligible: z.optional(
      z.object({
        at: z.string(),
        by: z.string(),
        byName: z.optional(z.string()),
        milestone: z.optional(z.number()),
        reason: z.string(),
      }),
    ),
    payment: z.optional(
      z.object({
        attempts: z.number(),
        paymentId: z.string(),
        paidAt: z.optional(z.string()),
        treasuryReference: z.optional(z.string()),
        lastRejection: z.optional(z.object({ by: z.string(), at: z.string(), reason: z.string() })),
      }),
    ),
    createdAt: z.string(),
    updatedAt: z.string(),
    id: z.string(),
    version: z.number(),
  }),
);
export const indicatorSchema = lazySchema("Indicator", () =>
  z.object({ name: z.string(), target: z.string(), unit: z.optional(z.string()) }),
);
export const taskBookMilestoneSchema = lazySchema("TaskBookMilestone", () =>
  z.object({
    index: z.number(),
    title: z.string(),
    dueDate: z.string(),
    indicators: z.array(indicatorSchema()),
    releasesTranche: z.optional(z.number()),
  }),
);
export const taskBookTrancheSchema = lazySchema("TaskBookTranche", () =>
  z.object({
    index: z.number(),
    condition: z.union([
      z.object({ kind: z.literal("task-book-signed") }),
      z.object({ kind: z.literal("milestone-passed"), milestone: z.number() }),
      z.object({ kind: z.literal("final-acceptance") }),
      z.object({ kind: z.literal("anniversary"), years: z.number() }),
    ]),
    conditionToken: z.string(),
    amountFen: z.number(),
  }),
);
export const signatureSchema = lazySchema("Signature", () =>
  z.object({
    party: z.enum(["bureau", "enterprise", "solver"]),
    by: z.string(),
    byName: z.optional(z.string()),
    organisationId: z.string(),
    at: z.string(),
    revision: z.number(),
  }),
);
export const taskBookSchema = lazySchema("TaskBook", () =>
  z.object({
    revision: z.number(),
    startDate: z.string(),
    endDate: z.string(),
    periodMonths: z.number(),
    milestones: z.array(taskBookMilestoneSchema()),
    grantFen: z.number(),
    tranches: z.array(taskBookTrancheSchema()),
    ipTerms: z.string(),
    rewardPenaltyTerms: z.string(),
    horseRaceKeyMilestone: z.optional(z.number()),
    solverLeadId: z.string(),
    solverMemberIds: z.array(z.string()),
    chiefEngineerId: z.string(),
    signatures: z.array(signatureSchema()),
    voided: z.optional(
      z.array(
        z.object({
          revision: z.number(),
          parties: z.array(z.enum(["bureau", "enterprise", "solver"])),
          at: z.string(),
        }),
      ),
    ),
    draftedBy: z.string(),
    draftedAt: z.string(),
    signedOn: z.optional(z.string()),
    signedAt: z.optional(z.string()),
  }),
);
export const evidenceFileSchema = lazySchema("EvidenceFile", () =>
  z.object({
    fileId: z.string(),
    kind: z.enum(["progress-report", "evidence", "audit-report"]),
    fileName: z.string(),
    contentType: z.string(),
    sizeBytes: z.number(),
    sha256: z.string(),
    key: z.string(),
    reservedAt: z.string(),
    verifiedAt: z.optional(z.string()),
    sealedKey: z.optional(z.string()),
  }),
);
export const milestoneReportSchema = lazySchema("MilestoneReport", () =>
  z.object({
    seq: z.number(),
    summary: z.string(),
    indicators: z.array(z.object({ name: z.string(), actual: z.string() })),
    fileIds: z.array(z.string()),
    filedBy: z.string(),
    filedAt: z.string(),
    validation: z.optional(
      z.object({
        at: z.string(),
        ok: z.boolean(),
        issues: z.array(z.object({ path: z.string(), message: z.string(), messageZh: z.string() })),
      }),
    ),
    votes: z.array(
      z.object({
        expertId: z.string(),
        expertName: z.optional(z.string()),
        verdict: z.enum(["pass", "fail", "rectify"]),
        comment: z.string(),
        rectifyDays: z.optional(z.number()),
        at: z.string(),
      }),
    ),
    decision: z.optional(z.object({ verdict: z.enum(["pass", "fail", "rectify"]), at: z.string() })),
  }),
);
export const panelRecusalSchema = lazySchema("PanelRecusal", () =>
  z.object({
    expertId: z.string(),
    at: z.string(),
    organisationId: z.string(),
    reason: z.string(),
    replacedBy: z.optional(z.string()),
    replacedAt: z.optional(z.string()),
  }),
);
export const auditReportRefSchema = lazySchema("AuditReportRef", () =>
  z.object({
    event: z.string(),
    jsonKey: z.string(),
    htmlKey: z.string(),
    sha256: z.string(),
    at: z.string(),
  }),
);
export const milestoneProgressSchema = lazySchema("MilestoneProgress", () =>
  z.object({
    index: z.number(),
    status: z.enum([
      "under-review",
      "returned",
      "failed",
      "awaiting-payment-opinion",
      "passed",
      "pending",
      "validating",
      "rectifying",
    ]),
    dueDate: z.string(),
    files: z.array(evidenceFileSchema()),
    reports: z.array(milestoneReportSchema()),
    panel: z.array(z.string()),
    recusals: z.optional(z.array(panelRecusalSchema())),
    rectificationUsed: z.boolean(),
    rectifyBy: z.optional(z.string()),
    remindedAt: z.optional(z.string()),
    escalatedAt: z.optional(z.string()),
    paymentOpinion: z.optional(
      z.object({
        trancheIndex: z.optional(z.number()),
        amountFen: z.number(),
        draftedAt: z.string(),
        confirmedBy: z.optional(z.string()),
        confirmedByName: z.optional(z.string()),
        confirmedAt: z.optional(z.string()),
      }),
    ),
    passedAt: z.optional(z.string()),
    failedAt: z.optional(z.string()),
    auditReports: z.optional(z.array(auditReportRefSchema())),
  }),
);
export const terminationSchema = lazySchema("Termination", () =>
  z.object({
    kind: z.enum(["termination", "fraud"]),
    fault: z.boolean(),
    reason: z.string(),
    proposedBy: z.enum(["bureau", "enterprise", "solver"]),
    thirdPartyReview: z.optional(
      z.object({ reviewer: z.string(), conclusion: z.string(), reviewedOn: z.string() }),
    ),
    decidedBy: z.string(),
    decidedByName: z.optional(z.string()),
    decidedAt: z.string(),
    recoveryId: z.optional(z.string()),
  }),
);
export const acceptanceSchema = lazySchema("Acceptance", () =>
  z.object({
    status: z.enum(["under-review", "failed", "planning", "awaiting-payment-opinion", "passed"]),
    summary: z.string(),
    requestedBy: z.string(),
    requestedAt: z.string(),
    plan: z.optional(z.object({ text: z.string(), expertIds: z.array(z.string()) })),
    recusals: z.optional(z.array(panelRecusalSchema())),
    fixedBy: z.array(z.object({ party: z.enum(["bureau", "enterprise"]), by: z.string(), at: z.string() })),
    votes: z.array(
      z.object({
        expertId: z.string(),
        expertName: z.optional(z.string()),
        verdict: z.enum(["pass", "fail"]),
        performanceScore: z.number(),
        comment: z.string(),
        at: z.string(),
      }),
    ),
    result: z.optional(
      z.object({ verdict: z.enum(["pass", "fail"]), performanceScore: z.number(), at: z.string() }),
    ),
    paymentOpinion: z.optional(
      z.object({
        trancheIndex: z.optional(z.number()),
        amountFen: z.number(),
        confirmedBy: z.optional(z.string()),
        confirmedByName: z.optional(z.string()),
        confirmedAt: z.optional(z.string()),
      }),
    ),
    auditReport: z.optional(auditReportRefSchema()),
  }),
);
export const extensionSchema = lazySchema("Extension", () =>
  z.object({
    seq: z.number(),
    months: z.number(),
    reason: z.string(),
    evidenceFileIds: z.array(z.string()),
    requestedBy: z.string(),
    requestedParty: z.enum(["bureau", "enterprise", "solver"]),
    requestedAt: z.string(),
    status: z.enum(["rejected", "requested", "approved"]),
    decidedBy: z.optional(z.string()),
    decidedAt: z.optional(z.string()),
    comment: z.optional(z.string()),
    shifts: z.optional(z.array(z.object({ what: z.string(), from: z.string(), to: z.string() }))),
  }),
);
export const terminationProposalSchema = lazySchema("TerminationProposal", () =>
  z.object({
    seq: z.number(),
    proposedBy: z.enum(["bureau", "enterprise", "solver"]),
    by: z.string(),
    organisationId: z.string(),
    at: z.string(),
    reason: z.string(),
    fault: z.boolean(),
    status: z.enum(["rejected", "approved", "proposed"]),
    decidedBy: z.optional(z.string()),
    decidedAt: z.optional(z.string()),
    comment: z.optional(z.string()),
  }),
);
export const organisationRefSchema = lazySchema("OrganisationRef", () =>
  z.object({ organisationId: z.string(), name: z.string() }),
);
export const projectRecordSchema = lazySchema("ProjectRecord", () =>
  z.object({
    programmeId: z.string(),
    challengeId: z.string(),
    title: z.optional(z.string()),
    applicationId: z.string(),
    enterprise: organisationRefSchema(),
    enterpriseOrganisationIds: z.array(z.string()),
    solverLead: organisationRefSchema(),
    solverMembers: z.array(organisationRefSchema()),
    chiefEngineerId: z.string(),
    rdInvestmentFen: z.number(),
    grantFen: z.number(),
    status: z.enum([
      "accepted",
      "awaiting-task-book",
      "in-progress",
      "extended",
      "under-acceptance",
      "not-accepted",
      "terminated",
    ]),
    noticeId: z.string(),
    awardedAt: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
    id: z.string(),
    version: z.number(),
  }),
);
export const getProjectsProjectId200Schema = lazySchema(() =>
  z.object({
    tranches: z.array(trancheRecordSchema()),
    track: z.optional(
      z.object({
        projectId: z.optional(z.string()),
        programmeId: z.optional(z.string()),
        enterpriseOrganisationIds: z.optional(z.array(z.string())),
        status: z.optional(z.enum(["closed", "in-progress", "drafting", "termination-referred"])),
        taskBook: z.optional(taskBookSchema()),
        milestones: z.optional(z.array(milestoneProgressSchema())),
        phase: z.optional(z.number()),
        phaseStartedAt: z.optional(z.string()),
        ...lifecycleFields(),
        notices: z.optional(
          z.array(
            z.object({ kind: z.string(), milestone: z.optional(z.number()), at: z.string(), to: z.string() }),
          ),
        ),
        terminationReferral: z.optional(
          z.object({ milestone: z.number(), at: z.string(), reason: z.string() }),
        ),
        termination: z.optional(terminationSchema()),
        acceptance: z.optional(acceptanceSchema()),
        extensions: z.optional(z.array(extensionSchema())),
        terminationProposals: z.optional(z.array(terminationProposalSchema())),
        auditReports: z.optional(z.array(auditReportRefSchema())),
        horseRace: z.optional(
          z.object({
            challengeId: z.string(),
            outcome: z.enum(["closed", "continues"]),
            keyMilestone: z.number(),
            decidedAt: z.string(),
          }),
        ),
        createdAt: z.optional(z.string()),
        updatedAt: z.optional(z.string()),
        id: z.optional(z.string()),
        version: z.optional(z.number()),
      }),
    ),
    project: projectRecordSchema(),
    /**
     * The names the page shows: the project's title (its challenge's), its programme's and its policy's (Chinese),
     * and the experts its milestone panels and acceptance plan name, by expert id (an enterprise may not list the pool).
     */
    names: z.object({
      title: z.string(),
      programme: z.string(),
      policy: z.string(),
      experts: z.record(z.string(), z.string()),
    }),
  }),
);
export const projectTrackRecordSchema = lazySchema("ProjectTrackRecord", () =>
  z.object({
    projectId: z.string(),
    programmeId: z.string(),
    /** The challenge's posting enterprises (出题企业): their staff sign the task book and report milestones. */
    enterpriseOrganisationIds: z.optional(z.array(z.string())),
    status: z.enum(["closed", "in-progress", "drafting", "termination-referred"]),
    taskBook: taskBookSchema(),
    milestones: z.array(milestoneProgressSchema()),
    phase: z.number(),
    phaseStartedAt: z.string(),
    // The frame withholds the task token (functions/platform/http/task-tokens.ts).
    pendingTask: z.optional(z.object({ since: z.string(), phase: z.optional(z.number()) })),
    ...lifecycleFields(),
    notices: z.array(
      z.object({ kind: z.string(), milestone: z.optional(z.number()), at: z.string(), to: z.string() }),
    ),
    terminationReferral: z.optional(z.object({ milestone: z.number(), at: z.string(), reason: z.string() })),
    termination: z.optional(terminationSchema()),
    acceptance: z.optional(acceptanceSchema()),
    extensions: z.optional(z.array(extensionSchema())),
    terminationProposals: z.optional(z.array(terminationProposalSchema())),
    auditReports: z.optional(z.array(auditReportRefSchema())),
    horseRace: z.optional(
      z.object({
        challengeId: z.string(),
        outcome: z.enum(["closed", "continues"]),
        keyMilestone: z.number(),
        decidedAt: z.string(),
      }),
    ),
    createdAt: z.string(),
    updatedAt: z.string(),
    id: z.string(),
    version: z.number(),
  }),
);
export const uploadSlotSchema = lazySchema("UploadSlot", () =>
  z.object({
    url: z.string(),
    method: z.literal("PUT"),
    headers: z.record(z.string(), z.string()),
    expiresAt: z.string(),
  }),
);
export const postProjectsProjectIdMilestonesMilestoneEvidence201Schema = lazySchema(() =>
  z.object({ file: evidenceFileSchema(), upload: uploadSlotSchema() }),
);
export const getProjectsProjectIdMilestonesMilestoneEvidenceFileId200Schema = lazySchema(() =>
  z.object({ file: evidenceFileSchema(), url: z.string() }),
);
export const recoveryReceiptSchema = lazySchema("RecoveryReceipt", () =>
  z.object({
    seq: z.number(),
    amountFen: z.number(),
    reference: z.string(),
    receivedOn: z.string(),
    by: z.string(),
    byName: z.optional(z.string()),
    at: z.string(),
    idempotencyKey: z.string(),
    ledgerTransactionId: z.string(),
  }),
);
export const recoveryRecordSchema = lazySchema("RecoveryRecord", () =>
  z.object({
    projectId: z.string(),
    programmeId: z.string(),
    reason: z.enum(["termination", "fraud"]),
    amountFen: z.number(),
    paidFen: z.number(),
    verifiedSpendingFen: z.number(),
    cancelledTranches: z.array(z.number()),
    cancelledFen: z.number(),
    payerOrganisationId: z.string(),
    decidedOn: z.string(),
    decidedBy: z.string(),
    decidedByName: z.optional(z.string()),
    status: z.enum(["assessed", "recovered", "waived"]),
    ledgerAssessedFen: z.optional(z.number()),
    receivedFen: z.optional(z.number()),
    receipts: z.optional(z.array(recoveryReceiptSchema())),
    escalation: z.optional(z.object({ at: z.string(), dueOn: z.string(), outstandingFen: z.number() })),
    explanation: z.array(z.object({ rule: z.string(), message: z.string(), messageZh: z.string() })),
    createdAt: z.string(),
    updatedAt: z.string(),
    id: z.string(),
    version: z.number(),
  }),
);
export const postProjectsProjectIdTermination200Schema = lazySchema(() =>
  z.object({ recovery: z.nullable(recoveryRecordSchema()), track: projectTrackRecordSchema() }),
);
export const postProjectsProjectIdTerminationDecision200Schema = lazySchema(() =>
  z.object({ recovery: z.nullable(recoveryRecordSchema()), track: projectTrackRecordSchema() }),
);
export const postProjectsProjectIdFraud200Schema = lazySchema(() =>
  z.object({ recovery: z.nullable(recoveryRecordSchema()), track: projectTrackRecordSchema() }),
);
