// Adapter (HTTP): challenge (榜单) routes of the bureau, approver and posting enterprise — reads, edits of a draft,
// submission for sign-off, the bureau's and the approver's sign-offs, republication. Thin over challenges/.
import * as z from "zod/mini";
import { recordStore } from "../../platform/deps.ts";
import { type HttpRequest, httpHandler, route } from "../../platform/http/frame.ts";
import { actor, etag, ifMatch } from "../../platform/http/request.ts";
import { challengeEdit, republishInput, signOffInput } from "../common.ts";
import { challengeRecordStatuses } from "../model.ts";
import { listChallenges, readChallenge } from "../reads.ts";
import { editChallenge, republishChallenge, signOffChallenge, submitChallenge } from "../sign-off.ts";
import { challengeView, challengeViewSchema, getChallenges200Schema } from "../views.ts";
import { selectionWorkflows } from "./deps.ts";

const challengeParams = z.strictObject({
  challengeId: z.string().check(z.regex(/^chl-[0-9a-f-]{36}$/, "not a challenge id")),
});

const deps = (request: { clock: HttpRequest<unknown, unknown, unknown>["clock"] }) => ({
  records: recordStore(),
  workflows: selectionWorkflows(),
  clock: request.clock,
});

export const handler = httpHandler("challenges-api", {
  "GET /v1/challenges": route(
    () => ({
      query: z.strictObject({
        programmeId: z.string().check(z.regex(/^prg-[0-9a-f-]{36}$/, "not a programme id")),
        status: z.optional(z.enum(challengeRecordStatuses)),
        limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 25),
        cursor: z.optional(z.string().check(z.maxLength(2048))),
      }),
      response: { 200: getChallenges200Schema },
    }),
    async (request) => {
      const page = await listChallenges(deps(request), actor(request.principal), request.query);
      return {
        status: 200,
        body: { items: page.items.map(challengeView), ...(page.next ? { next: page.next } : {}) },
      };
    },
  ),

  "GET /v1/challenges/{challengeId}": route(
    () => ({ params: challengeParams, response: { 200: challengeViewSchema } }),
    async (request) => {
      const c = await readChallenge(deps(request), actor(request.principal), request.params.challengeId);
      return { status: 200, body: challengeView(c), headers: etag(c.version) };
    },
  ),

  "PATCH /v1/challenges/{challengeId}": route(
    () => ({ params: challengeParams, body: challengeEdit, response: { 200: challengeViewSchema } }),
    async (request) => {
      const c = await editChallenge(
        deps(request),
        actor(request.principal),
        request.params.challengeId,
        ifMatch(request, true)!,
        request.body,
      );
      return { status: 200, body: challengeView(c), headers: etag(c.version) };
    },
  ),

  "POST /v1/challenges/{challengeId}/submit": route(
    () => ({ params: challengeParams, response: { 202: challengeViewSchema } }),
    async (request) => {
      const c = await submitChallenge(
        deps(request),
        actor(request.principal),
        request.params.challengeId,
        ifMatch(request, false),
      );
      return { status: 202, body: challengeView(c), headers: etag(c.version) };
    },
  ),

  "POST /v1/challenges/{challengeId}/sign-off": route(
    () => ({ params: challengeParams, body: signOffInput, response: { 202: challengeViewSchema } }),
    async (request) => {
      const c = await signOffChallenge(
        deps(request),
        actor(request.principal),
        request.params.challengeId,
        "bureau",
        request.body,
      );
      return { status: 202, body: challengeView(c), headers: etag(c.version) };
    },
  ),

  "POST /v1/challenges/{challengeId}/approval": route(
    () => ({ params: challengeParams, body: signOffInput, response: { 202: challengeViewSchema } }),
    async (request) => {
      const c = await signOffChallenge(
        deps(request),
        actor(request.principal),
        request.params.challengeId,
        "approver",
        request.body,
      );
      return { status: 202, body: challengeView(c), headers: etag(c.version) };
    },
  ),

  "POST /v1/challenges/{challengeId}/republish": route(
    () => ({ params: challengeParams, body: republishInput, response: { 202: challengeViewSchema } }),
    async (request) => {
      const c = await republishChallenge(
        deps(request),
        actor(request.principal),
        request.params.challengeId,
        request.body,
      );
      return { status: 202, body: challengeView(c), headers: etag(c.version) };
    },
  ),
});
