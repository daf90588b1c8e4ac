// Adapter (HTTP, no login): the public routes of published challenges (张榜公布) and programmes. Only the public views
// leave this function (publicChallengeView, publicProgrammeView): no people, tokens, investments or workflow data.
import * as z from "zod/mini";
import { recordStore } from "../../platform/deps.ts";
import { httpHandler, route } from "../../platform/http/frame.ts";
import { listProgrammes, publicProgrammeView } from "../../programmes/programmes.ts";
import { listPublicChallenges, readPublicChallenge } from "../reads.ts";
import {
  getPublicChallenges200Schema,
  getPublicProgrammes200Schema,
  publicChallengeView,
  publicChallengeViewSchema,
} from "../views.ts";

const page = () =>
  z.strictObject({
    limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 25),
    cursor: z.optional(z.string().check(z.maxLength(2048))),
  });

const cacheable = { "cache-control": "public, max-age=60" };

export const handler = httpHandler("public-challenges-api", {
  "GET /v1/public/challenges": route(
    () => ({
      query: z.extend(page(), { programmeId: z.optional(z.string().check(z.maxLength(64))) }),
      response: { 200: getPublicChallenges200Schema },
    }),
    async (request) => {
      const result = await listPublicChallenges({ records: recordStore() }, request.query);
      return {
        status: 200,
        body: { items: result.items.map(publicChallengeView), ...(result.next ? { next: result.next } : {}) },
        headers: cacheable,
      };
    },
  ),

  "GET /v1/public/challenges/{challengeId}": route(
    () => ({
      params: z.strictObject({ challengeId: z.string().check(z.minLength(1), z.maxLength(64)) }),
      response: { 200: publicChallengeViewSchema },
    }),
    async (request) => {
      const challenge = await readPublicChallenge({ records: recordStore() }, request.params.challengeId);
      return { status: 200, body: publicChallengeView(challenge), headers: cacheable };
    },
  ),

  "GET /v1/public/programmes": route(
    () => ({ query: page(), response: { 200: getPublicProgrammes200Schema } }),
    async (request) => {
      const result = await listProgrammes({ records: recordStore() }, request.query);
      return {
        status: 200,
        body: { items: result.items.map(publicProgrammeView), ...(result.next ? { next: result.next } : {}) },
        headers: cacheable,
      };
    },
  ),
});
