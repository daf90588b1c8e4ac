// Use case (followup): what the API returns of a project's follow-up records — the judicial referral (and the list
// finance and auditors read), the road-show with its declared interest, the task book's budget with its revisions.
import * as z from "zod/mini";
import { fen, int, lazySchema, timestamp } from "../kernel/view-schemas.ts";
import { auditReportRefSchema } from "../projects/views.ts";
import { institutionKinds, referralOutcomes } from "./model.ts";
import { budgetCategories } from "./rules/budget.ts";

const referralFields = () => ({
  id: z.string(),
  version: int(),
  projectId: z.string(),
  programmeId: z.string(),
  organ: z.string(),
  referredOn: z.string(),
  reference: z.string(),
  reasoning: z.string(),
  documents: z.array(z.object({ title: z.string(), reference: z.optional(z.string()) })),
  recoveryId: z.optional(z.string()),
  recoverFen: fen(),
  paidFen: fen(),
  fraudDecidedAt: timestamp(),
  referredBy: z.string(),
  referredByName: z.optional(z.string()),
  outcomes: z.array(
    z.object({
      seq: int(),
      outcome: z.enum(referralOutcomes),
      decidedOn: z.string(),
      reference: z.optional(z.string()),
      summary: z.string(),
      recordedBy: z.string(),
      recordedByName: z.optional(z.string()),
      at: timestamp(),
    }),
  ),
  auditReports: z.optional(z.array(auditReportRefSchema())),
  createdAt: timestamp(),
  updatedAt: timestamp(),
});

export const judicialReferralSchema = lazySchema("JudicialReferral", () => z.object(referralFields()));

export const judicialReferralListSchema = lazySchema("JudicialReferralList", () =>
  z.object({
    items: z.array(
      z.object({
        ...referralFields(),
        projectTitle: z.optional(z.string()),
        recovery: z.optional(
          z.object({
            id: z.string(),
            amountFen: fen(),
            receivedFen: fen(),
            status: z.enum(["assessed", "recovered", "waived"]),
          }),
        ),
      }),
    ),
  }),
);

export const roadShowSchema = lazySchema("RoadShow", () =>
  z.object({
    id: z.string(),
    version: int(),
    projectId: z.string(),
    programmeId: z.string(),
    status: z.enum(["requested", "scheduled", "declined"]),
    request: z.object({
      reason: z.string(),
      followOnNeedFen: fen(),
      by: z.string(),
      organisationId: z.string(),
      at: timestamp(),
    }),
    decision: z.optional(
      z.object({ approved: z.boolean(), comment: z.string(), by: z.string(), at: timestamp() }),
    ),
    session: z.optional(
      z.object({
        date: z.string(),
        venue: z.string(),
        institutions: z.array(z.object({ name: z.string(), kind: z.enum(institutionKinds) })),
      }),
    ),
    interests: z.array(
      z.object({
        seq: int(),
        institution: z.string(),
        amountFen: fen(),
        declaredOn: z.string(),
        note: z.optional(z.string()),
        recordedBy: z.string(),
        at: timestamp(),
      }),
    ),
    /** The latest declaration of each institution, summed: declared, not committed, social capital. */
    declaredInterestFen: z.optional(fen()),
    createdAt: timestamp(),
    updatedAt: timestamp(),
  }),
);

const item = () => z.object({ item: z.string(), amountFen: fen(), category: z.enum(budgetCategories) });

export const taskBookBudgetSchema = lazySchema("TaskBookBudget", () =>
  z.object({
    id: z.string(),
    version: int(),
    projectId: z.string(),
    programmeId: z.string(),
    taskBookRevision: int(),
    signedItems: z.array(item()),
    items: z.array(item()),
    totalFen: fen(),
    grantFen: fen(),
    revision: int(),
    revisions: z.array(
      z.object({
        revision: int(),
        fromItem: z.string(),
        toItem: z.string(),
        amountFen: fen(),
        holder: z.enum(["solver-organisation", "chief-engineer"]),
        personId: z.optional(z.string()),
        reason: z.string(),
        by: z.string(),
        organisationId: z.string(),
        at: timestamp(),
        taskBookRevision: int(),
        totalFen: fen(),
        grantFen: fen(),
      }),
    ),
    chiefEngineer: z.object({
      personId: z.string(),
      name: z.optional(z.string()),
      organisationId: z.optional(z.string()),
    }),
    subProjectLeads: z.array(z.object({ subProject: z.string(), personId: z.string(), name: z.string() })),
    personnelChanges: z.array(
      z.object({
        seq: int(),
        role: z.enum(["chief-engineer", "sub-project-lead"]),
        subProject: z.optional(z.string()),
        from: z.optional(z.object({ personId: z.string(), name: z.optional(z.string()) })),
        to: z.object({ personId: z.string(), name: z.string(), organisationId: z.string() }),
        reason: z.string(),
        decidedBy: z.string(),
        at: timestamp(),
      }),
    ),
    createdAt: timestamp(),
    updatedAt: timestamp(),
  }),
);
