// Use case (applications): what the API returns — every route's response body as a zod/mini schema, built on first use
// (functions/kernel/view-schemas.ts), named after the domain type it describes; the routes' results are typed by them.
import * as z from "zod/mini";
import { lazySchema, pageOf, type ViewOf } from "../kernel/view-schemas.ts";
import type { ApplicationRecord } from "./model.ts";

export const teamMemberRecordSchema = lazySchema("TeamMemberRecord", () =>
  z.object({
    personId: z.string(),
    name: z.string(),
    organisationId: z.string(),
    role: z.string(),
    birthDate: z.string(),
    isLead: z.boolean(),
    isKey: z.boolean(),
  }),
);
export const applicationViewSchema = lazySchema("ApplicationView", () =>
  z.object({
    challengeId: z.string(),
    memberOrganisationIds: z.array(z.string()),
    organisationNames: z.optional(z.record(z.string(), z.string())),
    organisationCodes: z.optional(z.record(z.string(), z.string())),
    team: z.array(teamMemberRecordSchema()),
    chiefEngineerId: z.string(),
    technicalPlan: z.string(),
    budget: z.array(z.object({ item: z.string(), amountFen: z.number() })),
    rdInvestmentFen: z.number(),
    requestedFen: z.number(),
    periodMonths: z.number(),
    milestones: z.array(
      z.object({
        name: z.string(),
        monthsAfterStart: z.number(),
        indicators: z.array(z.object({ name: z.string(), target: z.string(), unit: z.optional(z.string()) })),
      }),
    ),
    status: z.enum([
      "draft",
      "submitted",
      "under-review",
      "ranked",
      "shortlisted",
      "on-notice",
      "awarded",
      "not-selected",
      "removed",
      "overlap-withdrawn",
      "withdrawn",
    ]),
    programmeId: z.string(),
    leadOrganisationId: z.string(),
    agreement: z.object({
      enterpriseSignedAt: z.optional(z.string()),
      enterpriseSignedBy: z.optional(z.string()),
      enterpriseSignedByName: z.optional(z.string()),
      enterpriseOrganisationId: z.optional(z.string()),
      solverSignedAt: z.optional(z.string()),
      solverSignedBy: z.optional(z.string()),
      solverSignedByName: z.optional(z.string()),
    }),
    submittedAt: z.optional(z.string()),
    withdrawnAt: z.optional(z.string()),
    scoreBp: z.optional(z.number()),
    rank: z.optional(z.number()),
    createdBy: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
    id: z.string(),
    version: z.number(),
  }),
);
export const getChallengesChallengeIdApplications200Schema = lazySchema(() =>
  z.object({ next: z.optional(z.string()), items: z.array(applicationViewSchema()) }),
);
/** "My applications": each application with the caller organisation's part in it (lead or consortium member). */
export const getApplications200Schema = lazySchema(() =>
  pageOf(z.extend(applicationViewSchema(), { myRole: z.enum(["lead", "member"]) })),
);
export const creditRecordSchema = lazySchema("CreditRecord", () =>
  z.object({
    organisationId: z.string(),
    uscc: z.optional(z.string()),
    registeredName: z.optional(z.string()),
    recordedOn: z.string(),
    blockedUntil: z.string(),
    reason: z.string(),
    reasonZh: z.optional(z.string()),
    source: z.enum(["bureau", "project-recovery"]),
    projectId: z.optional(z.string()),
    createdBy: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
    id: z.string(),
    version: z.number(),
  }),
);
export const getCreditRecords200Schema = lazySchema(() =>
  z.object({ next: z.optional(z.string()), items: z.array(creditRecordSchema()) }),
);

export type ApplicationView = ViewOf<typeof applicationViewSchema>;

/** What an authorised reader sees: the record without any workflow token a later section may park on it. */
export function applicationView(a: ApplicationRecord): ApplicationView {
  const { pendingTask: _task, ...rest } = a as ApplicationRecord & { pendingTask?: unknown };
  return rest;
}
