// Adapter (HTTP, no login): the public routes of published challenges (张榜公布) and programmes. Only the public views
// leave this function (publicChallengeView, publicProgrammeView): no people, tokens, investments or workflow data.
import * as z from "zod";
import { recordStore } from "../../platform/deps.ts";
import { httpHandler, route } from "../../platform/http/frame.ts";
import { listProgrammes, publicProgrammeView } from "../../programmes/programmes.ts";
import { publicChallengeView } from "../model.ts";
import { listPublicChallenges, readPublicChallenge } from "../reads.ts";

const page = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(25),
    cursor: z.string().max(2048).optional(),
  })
  .strict();

const cacheable = { "cache-control": "public, max-age=60" };

export const handler = httpHandler("public-challenges-api", {
  "GET /v1/public/challenges": route(
    { query: page.extend({ programmeId: z.string().max(64).optional() }).strict() },
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
    { params: z.object({ challengeId: z.string().min(1).max(64) }).strict() },
    async (request) => {
      const challenge = await readPublicChallenge({ records: recordStore() }, request.params.challengeId);
      return { status: 200, body: publicChallengeView(challenge), headers: cacheable };
    },
  ),

  "GET /v1/public/programmes": route({ query: page }, async (request) => {
    const result = await listProgrammes({ records: recordStore() }, request.query);
    return {
      status: 200,
      body: { items: result.items.map(publicProgrammeView), ...(result.next ? { next: result.next } : {}) },
      headers: cacheable,
    };
  }),
});
