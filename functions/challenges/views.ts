// Use case (challenges): what the API returns — every route's response body as a zod/mini schema, built on first use
// (functions/kernel/view-schemas.ts), named after the domain type it describes; the routes' results are typed by them.
import * as z from "zod/mini";
import { lazySchema, pageOf, type ViewOf } from "../kernel/view-schemas.ts";
import { publicProgrammeViewSchema } from "../programmes/views.ts";
import type { ChallengeRecord } from "./model.ts";

export const challengeSignOffSchema = lazySchema("ChallengeSignOff", () =>
  z.object({
    stage: z.enum(["bureau", "approver"]),
    decision: z.enum(["approve", "send-back"]),
    comment: z.optional(z.string()),
    caseByCaseApproved: z.optional(z.boolean()),
    round: z.number(),
    by: z.string(),
    at: z.string(),
  }),
);
export const getChallenges200Schema = lazySchema(() => pageOf(challengeViewSchema()));
export const challengeViewSchema = lazySchema("ChallengeView", () =>
  z.object({
    waitingFor: z.optional(z.object({ kind: z.string(), since: z.string() })),
    programmeId: z.string(),
    demandIds: z.array(z.string()),
    enterpriseOrganisationIds: z.array(z.string()),
    field: z.string(),
    title: z.string(),
    description: z.string(),
    keyTechnologies: z.array(
      z.object({
        name: z.string(),
        targetMetrics: z.array(
          z.object({ name: z.string(), target: z.string(), unit: z.optional(z.string()) }),
        ),
      }),
    ),
    fundingCapFen: z.number(),
    rdInvestmentFen: z.number(),
    periodMonths: z.number(),
    solverRequirements: z.string(),
    horseRace: z.object({ allowed: z.boolean(), maxWinners: z.number() }),
    window: z.optional(z.object({ opensAt: z.string(), closesAt: z.string() })),
    status: z.enum([
      "draft",
      "on-notice",
      "awarded",
      "withdrawn",
      "open",
      "awaiting-bureau",
      "awaiting-approver",
      "scheduled",
      "closed",
      "reviewing",
      "shortlisting",
      "unsolved",
    ]),
    round: z.number(),
    publishedAt: z.optional(z.string()),
    workflow: z.optional(
      z.object({
        executionArn: z.optional(z.string()),
        awardExecutionArn: z.optional(z.string()),
        executionName: z.optional(z.string()),
      }),
    ),
    signOffs: z.optional(z.array(challengeSignOffSchema())),
    pendingSignOff: z.optional(challengeSignOffSchema()),
    caseByCase: z.optional(
      z.object({
        reason: z.string(),
        requestedBy: z.string(),
        requestedAt: z.string(),
        approvedBy: z.optional(z.string()),
        approvedAt: z.optional(z.string()),
      }),
    ),
    attempt: z.optional(z.number()),
    overdueSince: z.optional(z.string()),
    openedAt: z.optional(z.string()),
    closedAt: z.optional(z.string()),
    previousRounds: z.optional(
      z.array(
        z.object({
          round: z.number(),
          window: z.optional(z.object({ opensAt: z.string(), closesAt: z.string() })),
          publishedAt: z.optional(z.string()),
          status: z.enum([
            "draft",
            "on-notice",
            "awarded",
            "withdrawn",
            "open",
            "awaiting-bureau",
            "awaiting-approver",
            "scheduled",
            "closed",
            "reviewing",
            "shortlisting",
            "unsolved",
          ]),
        }),
      ),
    ),
    reviewPanelSize: z.optional(z.number()),
    createdBy: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
    id: z.string(),
    version: z.number(),
  }),
);
export const getPublicChallenges200Schema = lazySchema(() => pageOf(publicChallengeViewSchema()));
export const publicChallengeViewSchema = lazySchema("PublicChallengeView", () =>
  z.object({
    id: z.string(),
    programmeId: z.string(),
    field: z.string(),
    title: z.string(),
    description: z.string(),
    keyTechnologies: z.array(
      z.object({
        name: z.string(),
        targetMetrics: z.array(
          z.object({ name: z.string(), target: z.string(), unit: z.optional(z.string()) }),
        ),
      }),
    ),
    fundingCapFen: z.number(),
    periodMonths: z.number(),
    solverRequirements: z.string(),
    horseRace: z.object({ allowed: z.boolean(), maxWinners: z.number() }),
    window: z.optional(z.object({ opensAt: z.string(), closesAt: z.string() })),
    status: z.enum([
      "draft",
      "on-notice",
      "awarded",
      "withdrawn",
      "open",
      "awaiting-bureau",
      "awaiting-approver",
      "scheduled",
      "closed",
      "reviewing",
      "shortlisting",
      "unsolved",
    ]),
    round: z.number(),
    publishedAt: z.optional(z.string()),
  }),
);
export const getPublicProgrammes200Schema = lazySchema(() => pageOf(publicProgrammeViewSchema()));

export type ChallengeView = ViewOf<typeof challengeViewSchema>;
export type PublicChallengeView = ViewOf<typeof publicChallengeViewSchema>;

/** What signed-in readers (bureau, approver, admin, auditor, the posting enterprise) see: all but the task token. */
export function challengeView(c: ChallengeRecord): ChallengeView {
  const { pendingTask, ...rest } = c;
  return {
    ...rest,
    ...(pendingTask ? { waitingFor: { kind: pendingTask.kind, since: pendingTask.since } } : {}),
  };
}

/** What anyone may read about a published challenge: no tokens, no internal workflow data, no people. */
export function publicChallengeView(c: ChallengeRecord): PublicChallengeView {
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
