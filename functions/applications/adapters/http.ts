// Adapter (HTTP): the application routes (揭榜) of the solver, enterprise and bureau portals, and the bureau's credit
// records (失信行为记录); thin over applications/ and credit/credit-records.ts.
import * as z from "zod";
import { addCreditRecord, listCreditRecords } from "../../credit/credit-records.ts";
import { isIsoDate } from "../../kernel/dates.ts";
import type { Role } from "../../kernel/roles.ts";
import { recordStore } from "../../platform/deps.ts";
import { type HttpRequest, httpHandler, type Principal, route } from "../../platform/http/frame.ts";
import { actor, etag, ifMatch } from "../../platform/http/request.ts";
import { businessMetrics } from "../../platform/metrics.ts";
import { signAgreement, submitApplication } from "../agreement.ts";
import { amendApplication, applyToChallenge, withdrawApplication } from "../filing.ts";
import {
  applicationDraft,
  applicationPatch,
  applicationRecordStatuses,
  applicationView,
  organisationId,
} from "../model.ts";
import { listChallengeApplications, listMyApplications, readApplication } from "../reads.ts";

const applicationParams = z
  .object({ applicationId: z.string().regex(/^app-[0-9a-f-]{36}$/, "not an application id") })
  .strict();
const challengeParams = z
  .object({ challengeId: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, "not a challenge id") })
  .strict();
const paging = {
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(2048).optional(),
};
const isoDate = z.string().refine(isIsoDate, { message: "not a date YYYY-MM-DD" });

function actingRole(principal: Principal, preferred: readonly Role[]): Role {
  return preferred.find((r) => principal.roles.includes(r)) ?? principal.roles[0] ?? "admin";
}

const deps = (request: { clock: HttpRequest<unknown, unknown, unknown>["clock"] }) => ({
  records: recordStore(),
  clock: request.clock,
  metrics: businessMetrics,
});

export const handler = httpHandler("applications-api", {
  "POST /v1/challenges/{challengeId}/applications": route(
    { params: challengeParams, body: applicationDraft },
    async (request) => {
      const application = await applyToChallenge(
        deps(request),
        actor(request.principal),
        request.params.challengeId,
        request.body,
      );
      return {
        status: 201,
        body: applicationView(application),
        headers: { ...etag(application.version), location: `/v1/applications/${application.id}` },
      };
    },
  ),

  "GET /v1/challenges/{challengeId}/applications": route(
    {
      params: challengeParams,
      query: z.object({ status: z.enum(applicationRecordStatuses).optional(), ...paging }).strict(),
    },
    async (request) => {
      const page = await listChallengeApplications(
        deps(request),
        actor(request.principal),
        request.params.challengeId,
        request.query,
      );
      return {
        status: 200,
        body: { items: page.items.map(applicationView), ...(page.next ? { next: page.next } : {}) },
      };
    },
  ),

  "GET /v1/applications": route(
    {
      query: z
        .object({
          /** Accepted for readability (`?mine`): this route only ever lists the caller's organisation's. */
          mine: z.enum(["", "true"]).optional(),
          role: z.enum(["lead", "member"]).optional(),
          challengeId: challengeParams.shape.challengeId.optional(),
          ...paging,
        })
        .strict(),
    },
    async (request) => {
      const { mine: _mine, ...filter } = request.query;
      const page = await listMyApplications(deps(request), actor(request.principal), filter);
      return {
        status: 200,
        body: {
          items: page.items.map((a) => ({ ...applicationView(a), myRole: a.myRole })),
          ...(page.next ? { next: page.next } : {}),
        },
      };
    },
  ),

  "GET /v1/applications/{applicationId}": route({ params: applicationParams }, async (request) => {
    const application = await readApplication(
      deps(request),
      actor(request.principal),
      request.params.applicationId,
    );
    return { status: 200, body: applicationView(application), headers: etag(application.version) };
  }),

  "PATCH /v1/applications/{applicationId}": route(
    { params: applicationParams, body: applicationPatch },
    async (request) => {
      const application = await amendApplication(
        deps(request),
        actor(request.principal),
        request.params.applicationId,
        ifMatch(request, true)!,
        request.body,
      );
      return { status: 200, body: applicationView(application), headers: etag(application.version) };
    },
  ),

  "POST /v1/applications/{applicationId}/withdraw": route(
    {
      params: applicationParams,
      body: z
        .object({ reason: z.string().trim().min(1).max(2000).optional() })
        .strict()
        .optional(),
    },
    async (request) => {
      const application = await withdrawApplication(
        deps(request),
        actor(request.principal),
        request.params.applicationId,
        ifMatch(request, false),
        request.body?.reason,
      );
      return { status: 200, body: applicationView(application), headers: etag(application.version) };
    },
  ),

  "POST /v1/applications/{applicationId}/agreement/sign": route(
    { params: applicationParams },
    async (request) => {
      const application = await signAgreement(
        deps(request),
        actor(request.principal),
        request.params.applicationId,
        ifMatch(request, true)!,
      );
      return { status: 200, body: applicationView(application), headers: etag(application.version) };
    },
  ),

  "POST /v1/applications/{applicationId}/submit": route({ params: applicationParams }, async (request) => {
    const application = await submitApplication(
      deps(request),
      actor(request.principal),
      request.params.applicationId,
      ifMatch(request, false),
    );
    return { status: 200, body: applicationView(application), headers: etag(application.version) };
  }),

  "POST /v1/credit-records": route(
    {
      body: z
        .object({
          organisationId,
          reason: z.string().trim().min(1).max(2000),
          reasonZh: z.string().trim().min(1).max(2000).optional(),
          recordedOn: isoDate.optional(),
          blockedUntil: isoDate.optional(),
          blockMonths: z.number().int().min(1).max(120).optional(),
          projectId: z.string().min(1).max(100).optional(),
        })
        .strict()
        .refine((b) => !(b.blockedUntil && b.blockMonths), {
          message: "give blockedUntil or blockMonths, not both",
          path: ["blockMonths"],
        }),
    },
    async (request) => {
      const principal = actor(request.principal);
      const record = await addCreditRecord(
        deps(request),
        { userId: principal.userId, role: actingRole(principal, ["bureau", "admin"]) },
        request.body,
      );
      return { status: 201, body: record, headers: etag(record.version) };
    },
  ),

  "GET /v1/credit-records": route(
    { query: z.object({ organisationId, ...paging }).strict() },
    async (request) => {
      const page = await listCreditRecords(deps(request), request.query.organisationId, request.query);
      return { status: 200, body: { items: page.items, ...(page.next ? { next: page.next } : {}) } };
    },
  ),
});
