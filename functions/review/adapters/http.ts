// Adapter (HTTP): the expert pool, expert review (专家评审) and award routes (遴选: shortlist, confirmations) of
// the award (立项), thin over review/ and award/.
import * as z from "zod/mini";
import {
  confirmNoticeReannounced,
  decideConfirmation,
  decideShortlist,
  readAward,
} from "../../award/award.ts";
import { registeredNames } from "../../organisations/organisations.ts";
import { awardDeps } from "../../platform/deps.ts";
import { httpErrors } from "../../platform/http/errors.ts";
import { httpHandler, type Principal, route } from "../../platform/http/frame.ts";
import { type ExpertRecord, expertiseKinds } from "../model.ts";
import { reportLateConflict } from "../panels.ts";
import { declareConflict, listExperts, registerExpert } from "../pool.ts";
import { maxPoints } from "../rules/scoring.ts";
import { assignmentView, listReviews, readReview, scoreAssignment, withChallengeTitles } from "../scoring.ts";
import {
  assignmentViewSchema,
  expertViewSchema,
  getAwardsChallengeId200Schema,
  getExperts200Schema,
  getReviews200Schema,
  getReviewsAssignmentId200Schema,
  postAwardsChallengeIdConfirmation202Schema,
  postAwardsChallengeIdNoticeReannouncement200Schema,
  postAwardsChallengeIdShortlist202Schema,
  postReviewsAssignmentIdConflict200Schema,
} from "../views.ts";

const identifier = z.lazy(() =>
  z
    .string()
    .check(
      z.minLength(1),
      z.maxLength(128),
      z.regex(/^[A-Za-z0-9][A-Za-z0-9._:@-]*$/, "letters, digits and . _ : @ -"),
    ),
);
const assignmentParams = z.lazy(() =>
  z.strictObject({
    assignmentId: z.string().check(z.regex(/^asg-[0-9a-f]{24}$/, "not an assignment id")),
  }),
);
const challengeParams = z.lazy(() => z.strictObject({ challengeId: identifier }));
const text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));
const points = z.lazy(() => z.number().check(z.int(), z.gte(0), z.lte(maxPoints)));

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
    () => ({
      body: z.strictObject({
        expertId: identifier,
        organisationId: identifier,
        name: text(100),
        expertise: z.enum(expertiseKinds),
        conflicts: z.optional(
          z.array(z.strictObject({ organisationId: identifier, reason: text(1000) })).check(z.maxLength(100)),
        ),
      }),
      response: { 201: expertViewSchema },
    }),
    async (request) => {
      const expert = await registerExpert(awardDeps(request.clock), actor(request.principal), request.body);
      return { status: 201, body: expertView(expert), headers: { location: `/v1/experts/${expert.id}` } };
    },
  ),

  "GET /v1/experts": route({ response: { 200: getExperts200Schema } }, async (request) => {
    const deps = awardDeps(request.clock);
    const experts = await listExperts(deps);
    const names = await registeredNames(
      deps.records,
      experts.flatMap((e) => [e.organisationId, ...e.conflicts.map((c) => c.organisationId)]),
    );
    return {
      status: 200,
      body: { items: experts.map(expertView), organisationNames: Object.fromEntries(names) },
    };
  }),

  "POST /v1/experts/me/conflicts": route(
    () => ({
      body: z.strictObject({ organisationId: identifier, reason: text(1000) }),
      response: { 200: expertViewSchema },
    }),
    async (request) => {
      const expert = await declareConflict(awardDeps(request.clock), actor(request.principal), request.body);
      return { status: 200, body: expertView(expert) };
    },
  ),

  "GET /v1/reviews": route(
    () => ({
      query: z.strictObject({ challengeId: z.optional(identifier) }),
      response: { 200: getReviews200Schema },
    }),
    async (request) => {
      const deps = awardDeps(request.clock);
      const items = await listReviews(deps, actor(request.principal), request.query);
      return { status: 200, body: { items: await withChallengeTitles(deps, items) } };
    },
  ),

  "GET /v1/reviews/{assignmentId}": route(
    () => ({ params: assignmentParams, response: { 200: getReviewsAssignmentId200Schema } }),
    async (request) => {
      const review = await readReview(
        awardDeps(request.clock),
        actor(request.principal),
        request.params.assignmentId,
      );
      return { status: 200, body: review };
    },
  ),

  "POST /v1/reviews/{assignmentId}/score": route(
    () => ({
      params: assignmentParams,
      body: z.strictObject({
        scores: z
          .array(
            z.strictObject({
              applicationId: identifier,
              technical: points,
              team: points,
              metrics: points,
              budget: z.optional(points),
              comment: z.optional(text(5000)),
            }),
          )
          .check(z.minLength(1), z.maxLength(200)),
      }),
      response: { 200: assignmentViewSchema },
    }),
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
    () => ({
      params: assignmentParams,
      body: z.strictObject({ reason: text(2000), organisationId: z.optional(identifier) }),
      response: { 200: postReviewsAssignmentIdConflict200Schema },
    }),
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

  "GET /v1/awards/{challengeId}": route(
    () => ({ params: challengeParams, response: { 200: getAwardsChallengeId200Schema } }),
    async (request) => {
      const award = await readAward(
        awardDeps(request.clock),
        actor(request.principal),
        request.params.challengeId,
      );
      return { status: 200, body: award };
    },
  ),

  "POST /v1/awards/{challengeId}/shortlist": route(
    () => ({
      params: challengeParams,
      body: z.strictObject({ race: z.boolean(), winners: z.number().check(z.int(), z.gte(1), z.lte(10)) }),
      response: { 202: postAwardsChallengeIdShortlist202Schema },
    }),
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
    () => ({
      params: challengeParams,
      body: z.strictObject({ decision: z.enum(["confirm", "send-back"]), comment: z.optional(text(5000)) }),
      response: { 202: postAwardsChallengeIdConfirmation202Schema },
    }),
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

  "POST /v1/awards/{challengeId}/notice-reannouncement": route(
    () => ({
      params: challengeParams,
      // Where and when it was re-announced (e.g. the bureau's website), optional.
      body: z.strictObject({ note: z.optional(text(2000)) }),
      response: { 200: postAwardsChallengeIdNoticeReannouncement200Schema },
    }),
    async (request) => {
      const deps = awardDeps(request.clock);
      await confirmNoticeReannounced(
        deps,
        actor(request.principal),
        request.params.challengeId,
        request.body,
      );
      return {
        status: 200,
        body: await readAward(deps, actor(request.principal), request.params.challengeId),
      };
    },
  ),
});
