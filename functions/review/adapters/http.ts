// Adapter (HTTP): the expert pool, expert review (专家评审) and award routes (遴选: shortlist, confirmations) of
// the award (立项), thin over review/ and award/.
import * as z from "zod";
import { decideConfirmation, decideShortlist, readAward } from "../../award/award.ts";
import { awardDeps } from "../../platform/deps.ts";
import { httpErrors } from "../../platform/http/errors.ts";
import { httpHandler, type Principal, route } from "../../platform/http/frame.ts";
import { type ExpertRecord, expertiseKinds } from "../model.ts";
import { reportLateConflict } from "../panels.ts";
import { declareConflict, listExperts, registerExpert } from "../pool.ts";
import { maxPoints } from "../rules/scoring.ts";
import { assignmentView, listReviews, readReview, scoreAssignment } from "../scoring.ts";

const identifier = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:@-]*$/, "letters, digits and . _ : @ -");
const assignmentParams = z
  .object({ assignmentId: z.string().regex(/^asg-[0-9a-f]{24}$/, "not an assignment id") })
  .strict();
const challengeParams = z.object({ challengeId: identifier }).strict();
const text = (max: number) => z.string().trim().min(1).max(max);
const points = z.number().int().min(0).max(maxPoints);

function actor(principal: Principal | undefined): Principal {
  if (!principal) throw httpErrors.unauthenticated();
  return principal;
}

const expertView = (e: ExpertRecord) => ({
  id: e.id,
  organisationId: e.organisationId,
  name: e.name,
  expertise: e.expertise,
  conflicts: e.conflicts,
  active: e.active,
  version: e.version,
});

export const handler = httpHandler("reviews-api", {
  "POST /v1/experts": route(
    {
      body: z
        .object({
          expertId: identifier,
          organisationId: identifier,
          name: text(100),
          expertise: z.enum(expertiseKinds),
          conflicts: z
            .array(z.object({ organisationId: identifier, reason: text(1000) }).strict())
            .max(100)
            .optional(),
        })
        .strict(),
    },
    async (request) => {
      const expert = await registerExpert(awardDeps(request.clock), actor(request.principal), request.body);
      return { status: 201, body: expertView(expert), headers: { location: `/v1/experts/${expert.id}` } };
    },
  ),

  "GET /v1/experts": route({}, async (request) => {
    const experts = await listExperts(awardDeps(request.clock));
    return { status: 200, body: { items: experts.map(expertView) } };
  }),

  "POST /v1/experts/me/conflicts": route(
    { body: z.object({ organisationId: identifier, reason: text(1000) }).strict() },
    async (request) => {
      const expert = await declareConflict(awardDeps(request.clock), actor(request.principal), request.body);
      return { status: 200, body: expertView(expert) };
    },
  ),

  "GET /v1/reviews": route(
    { query: z.object({ challengeId: identifier.optional() }).strict() },
    async (request) => {
      const items = await listReviews(awardDeps(request.clock), actor(request.principal), request.query);
      return { status: 200, body: { items: items.map(assignmentView) } };
    },
  ),

  "GET /v1/reviews/{assignmentId}": route({ params: assignmentParams }, async (request) => {
    const review = await readReview(
      awardDeps(request.clock),
      actor(request.principal),
      request.params.assignmentId,
    );
    return { status: 200, body: review };
  }),

  "POST /v1/reviews/{assignmentId}/score": route(
    {
      params: assignmentParams,
      body: z
        .object({
          scores: z
            .array(
              z
                .object({
                  applicationId: identifier,
                  technical: points,
                  team: points,
                  metrics: points,
                  budget: points.optional(),
                  comment: text(5000).optional(),
                })
                .strict(),
            )
            .min(1)
            .max(200),
        })
        .strict(),
    },
    async (request) => {
      const assignment = await scoreAssignment(
        awardDeps(request.clock),
        actor(request.principal),
        request.params.assignmentId,
        request.body.scores,
      );
      return { status: 200, body: assignmentView(assignment) };
    },
  ),

  "POST /v1/reviews/{assignmentId}/conflict": route(
    {
      params: assignmentParams,
      body: z.object({ reason: text(2000), organisationId: identifier.optional() }).strict(),
    },
    async (request) => {
      const { withdrawn, replacement } = await reportLateConflict(
        awardDeps(request.clock),
        actor(request.principal),
        request.params.assignmentId,
        request.body,
      );
      return {
        status: 200,
        body: {
          withdrawn: assignmentView(withdrawn),
          ...(replacement ? { replacement: { id: replacement.id, expertise: replacement.expertise } } : {}),
        },
      };
    },
  ),

  "GET /v1/awards/{challengeId}": route({ params: challengeParams }, async (request) => {
    const award = await readAward(
      awardDeps(request.clock),
      actor(request.principal),
      request.params.challengeId,
    );
    return { status: 200, body: award };
  }),

  "POST /v1/awards/{challengeId}/shortlist": route(
    {
      params: challengeParams,
      body: z.object({ race: z.boolean(), winners: z.number().int().min(1).max(10) }).strict(),
    },
    async (request) => {
      await decideShortlist(
        awardDeps(request.clock),
        actor(request.principal),
        request.params.challengeId,
        request.body,
      );
      const award = await readAward(
        awardDeps(request.clock),
        actor(request.principal),
        request.params.challengeId,
      );
      return { status: 202, body: award };
    },
  ),

  "POST /v1/awards/{challengeId}/confirmation": route(
    {
      params: challengeParams,
      body: z.object({ decision: z.enum(["confirm", "send-back"]), comment: text(5000).optional() }).strict(),
    },
    async (request) => {
      await decideConfirmation(
        awardDeps(request.clock),
        actor(request.principal),
        request.params.challengeId,
        request.body,
      );
      const award = await readAward(
        awardDeps(request.clock),
        actor(request.principal),
        request.params.challengeId,
      );
      return { status: 202, body: award };
    },
  ),
});
