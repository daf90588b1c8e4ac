// Use case (review): what the API returns — every route's response body as a zod/mini schema, built on first use
// (functions/kernel/view-schemas.ts), named after the domain type it describes; the routes' results are typed by them.
import * as z from "zod/mini";
import { lazySchema, type ViewOf } from "../kernel/view-schemas.ts";

export const declaredConflictSchema = lazySchema("DeclaredConflict", () =>
  z.object({
    organisationId: z.string(),
    uscc: z.optional(z.string()),
    reason: z.string(),
    declaredAt: z.string(),
  }),
);
export const expertViewSchema = lazySchema("ExpertView", () =>
  z.object({
    id: z.string(),
    organisationId: z.string(),
    name: z.string(),
    expertise: z.enum(["finance", "technical", "management"]),
    conflicts: z.array(declaredConflictSchema()),
    active: z.boolean(),
    version: z.number(),
  }),
);
/** The pool, with the registered names (机构名录) of the organisations it names (experts' and conflicts'), by id. */
export const getExperts200Schema = lazySchema(() =>
  z.object({
    items: z.array(expertViewSchema()),
    organisationNames: z.optional(z.record(z.string(), z.string())),
  }),
);
export const applicationScoreSchema = lazySchema("ApplicationScore", () =>
  z.object({
    applicationId: z.string(),
    points: z.object({
      team: z.optional(z.number()),
      budget: z.optional(z.number()),
      technical: z.optional(z.number()),
      metrics: z.optional(z.number()),
    }),
    comment: z.optional(z.string()),
  }),
);
export const getReviews200Schema = lazySchema(() =>
  z.object({
    items: z.array(
      z.object({
        createdAt: z.string(),
        version: z.number(),
        remindedAt: z.optional(z.array(z.string())),
        replacedBy: z.optional(z.string()),
        replaces: z.optional(z.string()),
        withdrawn: z.optional(
          z.object({ at: z.string(), by: z.string(), role: z.string(), reason: z.string() }),
        ),
        scoredAt: z.optional(z.string()),
        scores: z.optional(z.array(applicationScoreSchema())),
        id: z.string(),
        challengeId: z.string(),
        round: z.number(),
        expertId: z.string(),
        expertise: z.enum(["finance", "technical", "management"]),
        applicationIds: z.array(z.string()),
        status: z.enum(["withdrawn", "assigned", "scored"]),
        /** The challenge's title (榜单名称), so that a list of assignments reads by name. */
        challengeTitle: z.optional(z.string()),
      }),
    ),
  }),
);
export const getReviewsAssignmentId200Schema = lazySchema(() =>
  z.union([
    z.object({
      /** The challenge's title (榜单名称). */
      challengeTitle: z.optional(z.string()),
      otherScores: z.array(
        z.object({
          expertise: z.enum(["finance", "technical", "management"]),
          scores: z.array(applicationScoreSchema()),
        }),
      ),
      assignment: z.object({
        createdAt: z.string(),
        version: z.number(),
        remindedAt: z.optional(z.array(z.string())),
        replacedBy: z.optional(z.string()),
        replaces: z.optional(z.string()),
        withdrawn: z.optional(
          z.object({ at: z.string(), by: z.string(), role: z.string(), reason: z.string() }),
        ),
        scoredAt: z.optional(z.string()),
        scores: z.optional(z.array(applicationScoreSchema())),
        id: z.string(),
        challengeId: z.string(),
        round: z.number(),
        expertId: z.string(),
        expertise: z.enum(["finance", "technical", "management"]),
        applicationIds: z.array(z.string()),
        status: z.enum(["withdrawn", "assigned", "scored"]),
      }),
      rubric: z.array(
        z.object({
          key: z.enum(["team", "budget", "technical", "metrics"]),
          name: z.string(),
          nameZh: z.string(),
          weightBp: z.number(),
          scoredBy: z.enum(["finance", "all"]),
        }),
      ),
      applications: z.array(
        z.object({
          id: z.string(),
          leadOrganisationId: z.string(),
          memberOrganisationIds: z.array(z.string()),
          /** The applicants' names by organisation id, as the application gave them. */
          organisationNames: z.optional(z.record(z.string(), z.string())),
          team: z.array(
            z.object({
              name: z.string(),
              organisationId: z.string(),
              role: z.string(),
              isLead: z.boolean(),
              isKey: z.boolean(),
            }),
          ),
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
              indicators: z.array(
                z.object({ name: z.string(), target: z.string(), unit: z.optional(z.string()) }),
              ),
            }),
          ),
          submittedAt: z.optional(z.string()),
        }),
      ),
    }),
    z.object({
      /** The challenge's title (榜单名称). */
      challengeTitle: z.optional(z.string()),
      otherScoresHidden: z.boolean(),
      assignment: z.object({
        createdAt: z.string(),
        version: z.number(),
        remindedAt: z.optional(z.array(z.string())),
        replacedBy: z.optional(z.string()),
        replaces: z.optional(z.string()),
        withdrawn: z.optional(
          z.object({ at: z.string(), by: z.string(), role: z.string(), reason: z.string() }),
        ),
        scoredAt: z.optional(z.string()),
        scores: z.optional(z.array(applicationScoreSchema())),
        id: z.string(),
        challengeId: z.string(),
        round: z.number(),
        expertId: z.string(),
        expertise: z.enum(["finance", "technical", "management"]),
        applicationIds: z.array(z.string()),
        status: z.enum(["withdrawn", "assigned", "scored"]),
      }),
      rubric: z.array(
        z.object({
          key: z.enum(["team", "budget", "technical", "metrics"]),
          name: z.string(),
          nameZh: z.string(),
          weightBp: z.number(),
          scoredBy: z.enum(["finance", "all"]),
        }),
      ),
      applications: z.array(
        z.object({
          id: z.string(),
          leadOrganisationId: z.string(),
          memberOrganisationIds: z.array(z.string()),
          /** The applicants' names by organisation id, as the application gave them. */
          organisationNames: z.optional(z.record(z.string(), z.string())),
          team: z.array(
            z.object({
              name: z.string(),
              organisationId: z.string(),
              role: z.string(),
              isLead: z.boolean(),
              isKey: z.boolean(),
            }),
          ),
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
              indicators: z.array(
                z.object({ name: z.string(), target: z.string(), unit: z.optional(z.string()) }),
              ),
            }),
          ),
          submittedAt: z.optional(z.string()),
        }),
      ),
    }),
  ]),
);
export const assignmentViewSchema = lazySchema("AssignmentView", () =>
  z.object({
    createdAt: z.string(),
    version: z.number(),
    remindedAt: z.optional(z.array(z.string())),
    replacedBy: z.optional(z.string()),
    replaces: z.optional(z.string()),
    withdrawn: z.optional(z.object({ at: z.string(), by: z.string(), role: z.string(), reason: z.string() })),
    scoredAt: z.optional(z.string()),
    scores: z.optional(z.array(applicationScoreSchema())),
    id: z.string(),
    challengeId: z.string(),
    round: z.number(),
    expertId: z.string(),
    expertise: z.enum(["finance", "technical", "management"]),
    applicationIds: z.array(z.string()),
    status: z.enum(["withdrawn", "assigned", "scored"]),
  }),
);
export const postReviewsAssignmentIdConflict200Schema = lazySchema(() =>
  z.object({
    replacement: z.optional(
      z.object({ id: z.string(), expertise: z.enum(["finance", "technical", "management"]) }),
    ),
    withdrawn: assignmentViewSchema(),
  }),
);
/** A challenge's award round as GET /v1/awards/{challengeId} and the bureau's and approver's decisions answer it. */
export const awardViewSchema = lazySchema("AwardView", () =>
  z.object({
    decisions: z.array(
      z.union([
        z.object({
          kind: z.literal("shortlist"),
          race: z.boolean(),
          winners: z.number(),
          by: z.string(),
          byName: z.optional(z.string()),
          at: z.string(),
        }),
        z.object({
          kind: z.enum(["bureau-confirmation", "approver-confirmation"]),
          decision: z.enum(["send-back", "confirm"]),
          comment: z.optional(z.string()),
          by: z.string(),
          byName: z.optional(z.string()),
          at: z.string(),
        }),
      ]),
    ),
    /** The bureau is asked to re-announce a notice's end, extended under the State Council's arrangement. */
    noticeExtended: z.optional(
      z.object({
        noticeId: z.string(),
        previousLastDay: z.string(),
        lastDay: z.string(),
        year: z.number(),
        at: z.string(),
        /** The bureau confirmed it re-announced the corrected end (POST /v1/awards/{challengeId}/notice-reannouncement). */
        reannounced: z.optional(
          z.object({
            by: z.string(),
            byName: z.optional(z.string()),
            at: z.string(),
            note: z.optional(z.string()),
          }),
        ),
      }),
    ),
    noticeIds: z.array(z.string()),
    projectIds: z.array(z.string()),
    version: z.number(),
    overdue: z.optional(
      z.object({ count: z.number(), lastAt: z.string(), escalatedAt: z.optional(z.string()) }),
    ),
    sentBack: z.optional(z.object({ by: z.string(), reason: z.string(), at: z.string() })),
    waitingFor: z.optional(
      z.object({
        kind: z.enum(["scores", "shortlist", "bureau-confirmation", "approver-confirmation", "overlap"]),
        since: z.string(),
      }),
    ),
    shortlist: z.optional(z.object({ race: z.boolean(), winners: z.number() })),
    challengeId: z.string(),
    round: z.number(),
    challengeStatus: z.enum([
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
    status: z.enum(["ranked", "awarded", "reviewing", "unsolved"]),
    panel: z.array(
      z.object({
        expertId: z.optional(z.string()),
        assignmentId: z.string(),
        expertise: z.enum(["finance", "technical", "management"]),
        status: z.enum(["withdrawn", "assigned", "scored"]),
      }),
    ),
    ranking: z.array(
      z.object({
        applicationId: z.string(),
        leadOrganisationId: z.optional(z.string()),
        memberOrganisationIds: z.optional(z.array(z.string())),
        /** The applicants' names by organisation id, as the application gave them. */
        organisationNames: z.optional(z.record(z.string(), z.string())),
        status: z.optional(
          z.enum([
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
        ),
        rank: z.number(),
        scoreBp: z.number(),
      }),
    ),
  }),
);
export const getAwardsChallengeId200Schema = awardViewSchema;
export const postAwardsChallengeIdShortlist202Schema = awardViewSchema;
export const postAwardsChallengeIdConfirmation202Schema = awardViewSchema;
export const postAwardsChallengeIdNoticeReannouncement200Schema = awardViewSchema;

export type AssignmentView = ViewOf<typeof assignmentViewSchema>;
