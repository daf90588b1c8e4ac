// Use case (followup): what the API returns of a project's performance record — its evaluations (period, experts,
// indicators, scores, result, decision with the replacement) and its target adjustments with their signatures; the
// replacement chain (递补: replaces, replacedBy, withdrawn on an upheld objection, the next offer) with names.
import * as z from "zod/mini";
import { fen, int, lazySchema, timestamp } from "../kernel/view-schemas.ts";
import { signatoryParties } from "../projects/model.ts";
import { performanceDecisions } from "./performance-model.ts";

export const performanceSchema = lazySchema("ProjectPerformance", () =>
  z.object({
    id: z.string(),
    version: int(),
    projectId: z.string(),
    programmeId: z.string(),
    evaluations: z.array(
      z.object({
        seq: int(),
        periodFrom: z.string(),
        periodTo: z.string(),
        expertIds: z.array(z.string()),
        taskBookRevision: int(),
        indicators: z.array(z.object({ milestone: int(), name: z.string(), target: z.string() })),
        status: z.enum(["scoring", "scored", "decided"]),
        scores: z.array(
          z.object({
            expertId: z.string(),
            scores: z.array(z.object({ milestone: int(), indicator: z.string(), score: int() })),
            comment: z.string(),
            at: timestamp(),
          }),
        ),
        result: z.optional(z.object({ meanScore: z.number(), passed: z.boolean(), at: timestamp() })),
        decision: z.optional(
          z.object({
            decision: z.enum(performanceDecisions),
            reason: z.string(),
            by: z.string(),
            at: timestamp(),
            recoveryId: z.optional(z.string()),
            verifiedSpendingFen: z.optional(fen()),
            settlement: z.optional(z.object({ paidFen: fen(), recoverFen: fen(), cancelledFen: fen() })),
            replacement: z.optional(
              z.object({
                applicationId: z.string(),
                rank: int(),
                projectId: z.string(),
                grantFen: fen(),
                paidToReplacedFen: fen(),
              }),
            ),
          }),
        ),
        openedBy: z.string(),
        openedAt: timestamp(),
      }),
    ),
    adjustments: z.array(
      z.object({
        seq: int(),
        reason: z.string(),
        fromRevision: int(),
        toRevision: int(),
        changes: z.array(
          z.object({ milestone: int(), indicator: z.string(), from: z.string(), to: z.string() }),
        ),
        status: z.enum(["awaiting-signatures", "signed", "void"]),
        parties: z.optional(
          z.object({ enterpriseOrganisationIds: z.array(z.string()), solverLeadId: z.string() }),
        ),
        signatures: z.array(
          z.object({
            party: z.enum(signatoryParties),
            by: z.string(),
            organisationId: z.string(),
            at: timestamp(),
          }),
        ),
        proposedBy: z.string(),
        proposedAt: timestamp(),
        signedAt: z.optional(timestamp()),
        voided: z.optional(
          z.object({
            at: timestamp(),
            by: z.string(),
            ending: z.enum(["terminated", "fraud", "horse-race", "closed"]),
          }),
        ),
      }),
    ),
    replacedBy: z.optional(z.string()),
    replaces: z.optional(z.string()),
    withdrawn: z.optional(
      z.object({
        reason: z.enum(["replacement-objection-upheld"]),
        noticeId: z.string(),
        objectionId: z.string(),
        ruling: z.string(),
        originProjectId: z.string(),
        offeredFen: fen(),
        by: z.string(),
        at: timestamp(),
      }),
    ),
    nextOffer: z.optional(
      z.object({
        status: z.enum(["awaiting-overlap", "none-left"]),
        applicationId: z.optional(z.string()),
        since: z.optional(timestamp()),
        at: z.optional(timestamp()),
        leftFen: z.optional(fen()),
        skipped: z.array(z.string()),
      }),
    ),
    /** The lead solver's name of each project and candidate application the record names (replacement chain, 递补). */
    names: z.optional(z.record(z.string(), z.string())),
    /** The evaluations' experts by their names in the pool (专家库), by expert id (on a read). */
    expertNames: z.optional(z.record(z.string(), z.string())),
    createdAt: timestamp(),
    updatedAt: timestamp(),
  }),
);
