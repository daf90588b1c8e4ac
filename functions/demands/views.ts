// Use case (demands): what the API returns — every route's response body as a zod/mini schema, built on first use
// (functions/kernel/view-schemas.ts), named after the domain type it describes; the routes' results are typed by them.
import * as z from "zod/mini";
import { lazySchema, type ViewOf } from "../kernel/view-schemas.ts";
import type { Demand } from "./model.ts";

export const attachmentSchema = lazySchema("Attachment", () =>
  z.object({
    id: z.string(),
    fileName: z.string(),
    contentType: z.string(),
    sizeBytes: z.number(),
    sha256: z.string(),
    key: z.string(),
    status: z.enum(["reserved", "verified"]),
    reservedAt: z.string(),
    verifiedAt: z.optional(z.string()),
    sealedKey: z.optional(z.string()),
  }),
);
export const decisionSchema = lazySchema("Decision", () =>
  z.object({
    decision: z.enum(["return", "merge", "draft-challenge"]),
    comment: z.optional(z.string()),
    mergeInto: z.optional(z.string()),
    challengeId: z.optional(z.string()),
    challenge: z.optional(
      z.object({
        fundingCapFen: z.number(),
        window: z.object({ opensAt: z.string(), closesAt: z.string() }),
        horseRace: z.object({ allowed: z.boolean(), maxWinners: z.number() }),
        periodMonths: z.number(),
        caseByCaseReason: z.optional(z.string()),
        title: z.optional(z.string()),
        description: z.optional(z.string()),
      }),
    ),
    decidedBy: z.string(),
    decidedAt: z.string(),
    refused: z.optional(z.string()),
  }),
);
export const demandViewSchema = lazySchema("DemandView", () =>
  z.object({
    waitingFor: z.optional(z.object({ kind: z.enum(["decision", "resubmission"]), since: z.string() })),
    id: z.string(),
    programmeId: z.string(),
    organisationId: z.string(),
    /** The enterprise's registered name (机构名录), when registered. */
    organisationName: z.optional(z.string()),
    createdBy: z.string(),
    status: z.enum(["draft", "submitted", "accepted", "merged", "returned", "lapsed"]),
    version: z.number(),
    createdAt: z.string(),
    updatedAt: z.string(),
    content: z.object({
      title: z.string(),
      field: z.optional(z.string()),
      background: z.optional(z.string()),
      content: z.optional(z.string()),
      keyTechnologies: z.optional(
        z.array(
          z.object({
            name: z.string(),
            targetMetrics: z.array(
              z.object({ name: z.string(), target: z.string(), unit: z.optional(z.string()) }),
            ),
          }),
        ),
      ),
      timeLimitMonths: z.optional(z.number()),
      totalInvestmentFen: z.optional(z.number()),
      solverRequirements: z.optional(z.string()),
    }),
    attachments: z.array(attachmentSchema()),
    submissions: z.number(),
    submittedAt: z.optional(z.string()),
    workflow: z.optional(z.object({ executionName: z.string(), executionArn: z.optional(z.string()) })),
    pendingDecision: z.optional(decisionSchema()),
    decisions: z.array(decisionSchema()),
    overdueSince: z.optional(z.string()),
    challengeId: z.optional(z.string()),
    mergedInto: z.optional(z.string()),
    mergedDemandIds: z.optional(z.array(z.string())),
  }),
);
export const getDemands200Schema = lazySchema(() =>
  z.object({ next: z.optional(z.string()), items: z.array(demandViewSchema()) }),
);
export const uploadSlotSchema = lazySchema("UploadSlot", () =>
  z.object({
    url: z.string(),
    method: z.literal("PUT"),
    headers: z.record(z.string(), z.string()),
    expiresAt: z.string(),
  }),
);
export const postDemandsDemandIdAttachments201Schema = lazySchema(() =>
  z.object({ attachment: attachmentSchema(), upload: uploadSlotSchema() }),
);
export const refinementOpinionSchema = lazySchema("RefinementOpinion", () =>
  z.object({
    recommendation: z.enum(["return", "merge", "draft-challenge"]),
    comment: z.string(),
    submission: z.number(),
    givenAt: z.string(),
  }),
);
export const refinementAssignmentRecordSchema = lazySchema("RefinementAssignmentRecord", () =>
  z.object({
    demandId: z.string(),
    programmeId: z.string(),
    expertId: z.string(),
    expertOrganisationId: z.string(),
    assignedBy: z.string(),
    assignedAt: z.string(),
    status: z.enum(["assigned", "opinion-given"]),
    opinion: z.optional(refinementOpinionSchema()),
    updatedAt: z.string(),
    id: z.string(),
    version: z.number(),
  }),
);
export const postDemandsDemandIdExperts201Schema = lazySchema(() =>
  z.object({ items: z.array(refinementAssignmentRecordSchema()) }),
);
export const getDemandsDemandIdRefinement200Schema = lazySchema(() =>
  z.object({ items: z.array(refinementAssignmentRecordSchema()) }),
);
export const getRefinementAssignments200Schema = lazySchema(() =>
  z.object({ next: z.optional(z.string()), items: z.array(refinementAssignmentRecordSchema()) }),
);

export type DemandView = ViewOf<typeof demandViewSchema>;

/** What clients see of a demand: everything but the task token; the enterprise's registered name when given. */
export function publicView(demand: Demand, names?: ReadonlyMap<string, string>): DemandView {
  const { pendingTask, ...rest } = demand;
  const organisationName = names?.get(demand.organisationId);
  return {
    ...rest,
    ...(organisationName !== undefined ? { organisationName } : {}),
    ...(pendingTask ? { waitingFor: { kind: pendingTask.kind, since: pendingTask.since } } : {}),
  };
}
