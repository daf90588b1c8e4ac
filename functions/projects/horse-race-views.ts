// Use case (projects): what the horse-race routes return (赛马制: the parallel projects of one challenge, the decision
// at the key milestone), as zod/mini schemas built on first use; split from views.ts by what they describe.
import * as z from "zod/mini";
import { lazySchema } from "../kernel/view-schemas.ts";
import { organisationRefSchema } from "./views.ts";

export const horseRaceDecisionSchema = lazySchema("HorseRaceDecision", () =>
  z.object({
    party: z.enum(["bureau", "enterprise"]),
    by: z.string(),
    byName: z.optional(z.string()),
    organisationId: z.string(),
    at: z.string(),
    continuing: z.array(z.string()),
    settlements: z.optional(z.array(z.object({ projectId: z.string(), verifiedSpendingFen: z.number() }))),
  }),
);
export const horseRaceRecordSchema = lazySchema("HorseRaceRecord", () =>
  z.object({
    challengeId: z.string(),
    programmeId: z.string(),
    keyMilestones: z.array(z.object({ projectId: z.string(), keyMilestone: z.number() })),
    projectIds: z.array(z.string()),
    enterpriseOrganisationIds: z.optional(z.array(z.string())),
    decisions: z.array(horseRaceDecisionSchema()),
    status: z.enum(["deciding", "decided"]),
    outcome: z.optional(
      z.object({ continuing: z.array(z.string()), closed: z.array(z.string()), decidedAt: z.string() }),
    ),
    createdAt: z.string(),
    updatedAt: z.string(),
    id: z.string(),
    version: z.number(),
  }),
);
export const getChallengesChallengeIdHorseRace200Schema = lazySchema(() =>
  z.object({
    challengeId: z.string(),
    projects: z.array(
      z.object({
        projectId: z.string(),
        status: z.enum([
          "accepted",
          "awaiting-task-book",
          "in-progress",
          "extended",
          "under-acceptance",
          "not-accepted",
          "terminated",
        ]),
        solver: organisationRefSchema(),
        keyMilestone: z.number(),
      }),
    ),
    race: z.nullable(horseRaceRecordSchema()),
  }),
);
