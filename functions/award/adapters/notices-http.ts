// Adapter (HTTP): the public notice routes (公示, anonymous: list, read, object) and the bureau's objection routes
// (list, rule) of the award, thin over award/notices.ts; a ruling goes through followup/replacement.ts, which follows an
// objection upheld against a replacement's notice (递补公示) by ending that replacement and offering the next candidate.
import * as z from "zod/mini";
import { ruleOnNoticeObjection } from "../../followup/replacement-objection.ts";
import { clientsFor } from "../../platform/clients-for.ts";
import { environmentFaults } from "../../platform/crash-point.ts";
import { awardDeps, recordStore } from "../../platform/deps.ts";
import { httpErrors } from "../../platform/http/errors.ts";
import { httpHandler, type Principal, route } from "../../platform/http/frame.ts";
import type { Clock } from "../../platform/ports/clock.ts";
import { s3DocumentStore } from "../../platform/s3/document-store.ts";
import { stepFunctionsEngine } from "../../platform/sfn/workflow-engine.ts";
import type { ProjectDeps } from "../../projects/projects.ts";
import type { ObjectionRecord } from "../model.ts";
import { listObjections, listPublicNotices, objectToNotice, readPublicNotice } from "../notices.ts";
import {
  getNoticesNoticeIdObjections200Schema,
  getPublicNotices200Schema,
  objectionViewSchema,
  postPublicNoticesNoticeIdObjections201Schema,
  publicNoticeViewSchema,
} from "../views.ts";

const noticeParams = z.lazy(() =>
  z.strictObject({
    noticeId: z.string().check(z.regex(/^ntc-[0-9a-f]{24}$/, "not a notice id")),
  }),
);
const objectionParams = z.lazy(() =>
  z.strictObject({
    noticeId: z.string().check(z.regex(/^ntc-[0-9a-f]{24}$/, "not a notice id")),
    objectionId: z.string().check(z.regex(/^obj-[0-9a-f-]{36}$/, "not an objection id")),
  }),
);

let rulingPorts: Omit<ProjectDeps, "clock"> | undefined;

/** A ruling's ports: an upheld objection to a replacement's notice may end its project as a termination does. */
function rulingDeps(clock: Clock): ProjectDeps {
  if (!rulingPorts) {
    const { storage, workflows, config, clock: systemClock } = clientsFor();
    rulingPorts = {
      records: recordStore(),
      faults: environmentFaults,
      documents: s3DocumentStore(storage(), config.evidenceBucket(), systemClock()),
      workflows: stepFunctionsEngine(workflows(), config.stateMachineArn),
    };
  }
  return { ...rulingPorts, clock };
}

function actor(principal: Principal | undefined): Principal {
  if (!principal) throw httpErrors.unauthenticated();
  return principal;
}

const objectionView = (o: ObjectionRecord) => ({
  id: o.id,
  noticeId: o.noticeId,
  winnerPosition: o.winnerPosition,
  text: o.text,
  ...(o.contact ? { contact: o.contact } : {}),
  status: o.status,
  ...(o.ruling ? { ruling: o.ruling } : {}),
  createdAt: o.createdAt,
  version: o.version,
});

/** An anonymous objection is small: 8 KiB of JSON at most. */
const maxObjectionBytes = 8 * 1024;

export const handler = httpHandler("notices-api", {
  "GET /v1/public/notices": route(
    () => ({
      query: z.strictObject({
        limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 25),
        cursor: z.optional(z.string().check(z.maxLength(2048))),
      }),
      response: { 200: getPublicNotices200Schema },
    }),
    async (request) => ({
      status: 200,
      body: await listPublicNotices(awardDeps(request.clock), request.query),
    }),
  ),

  "GET /v1/public/notices/{noticeId}": route(
    () => ({ params: noticeParams, response: { 200: publicNoticeViewSchema } }),
    async (request) => ({
      status: 200,
      body: await readPublicNotice(awardDeps(request.clock), request.params.noticeId),
    }),
  ),

  "POST /v1/public/notices/{noticeId}/objections": route(
    () => ({
      params: noticeParams,
      maxBodyBytes: maxObjectionBytes,
      body: z.strictObject({
        winnerPosition: z.optional(z.number().check(z.int(), z.gte(1), z.lte(10))),
        text: z.string().check(z.trim(), z.minLength(10), z.maxLength(2000)),
        contact: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(200))),
      }),
      response: { 201: postPublicNoticesNoticeIdObjections201Schema },
    }),
    async (request) => {
      const objection = await objectToNotice(awardDeps(request.clock), request.params.noticeId, request.body);
      // The objector learns the id and status only; the text and contact are for the bureau.
      return {
        status: 201,
        body: {
          id: objection.id,
          noticeId: objection.noticeId,
          winnerPosition: objection.winnerPosition,
          status: objection.status,
          createdAt: objection.createdAt,
        },
      };
    },
  ),

  "GET /v1/notices/{noticeId}/objections": route(
    () => ({ params: noticeParams, response: { 200: getNoticesNoticeIdObjections200Schema } }),
    async (request) => {
      actor(request.principal);
      const items = await listObjections(awardDeps(request.clock), request.params.noticeId);
      return { status: 200, body: { items: items.map(objectionView) } };
    },
  ),

  "POST /v1/notices/{noticeId}/objections/{objectionId}/ruling": route(
    () => ({
      params: objectionParams,
      body: z.strictObject({
        decision: z.enum(["upheld", "dismissed"]),
        reason: z.string().check(z.trim(), z.minLength(1), z.maxLength(5000)),
      }),
      response: { 200: objectionViewSchema },
    }),
    async (request) => {
      const objection = await ruleOnNoticeObjection(
        rulingDeps(request.clock),
        actor(request.principal),
        request.params.noticeId,
        request.params.objectionId,
        request.body,
      );
      return { status: 200, body: objectionView(objection) };
    },
  ),
});
