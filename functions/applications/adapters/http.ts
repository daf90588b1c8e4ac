// Adapter (HTTP): the application routes (揭榜) of the solver, enterprise and bureau portals, and the bureau's credit
// records (失信行为记录); thin over applications/ and credit/credit-records.ts.
import * as z from "zod/mini";
import { addCreditRecord, listCreditRecords } from "../../credit/credit-records.ts";
import { isIsoDate } from "../../kernel/dates.ts";
import type { Role } from "../../kernel/roles.ts";
import { config } from "../../platform/config.ts";
import { recordStore } from "../../platform/deps.ts";
import { type HttpRequest, httpHandler, type Principal, route } from "../../platform/http/frame.ts";
import { actor, etag, ifMatch } from "../../platform/http/request.ts";
import { businessMetrics } from "../../platform/metrics.ts";
import { signAgreement, submitApplication } from "../agreement.ts";
import { amendApplication, applyToChallenge, withdrawApplication } from "../filing.ts";
import { applicationDraft, applicationPatch, applicationRecordStatuses, organisationId } from "../model.ts";
import { listChallengeApplications, listMyApplications, readApplication } from "../reads.ts";
import {
  applicationView,
  applicationViewSchema,
  creditRecordSchema,
  getApplications200Schema,
  getChallengesChallengeIdApplications200Schema,
  getCreditRecords200Schema,
} from "../views.ts";

const applicationParams = z.lazy(() =>
  z.strictObject({
    applicationId: z.string().check(z.regex(/^app-[0-9a-f-]{36}$/, "not an application id")),
  }),
);
const challengeId = z.lazy(() =>
  z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, "not a challenge id")),
);
const challengeParams = z.lazy(() => z.strictObject({ challengeId }));
const paging = () => ({
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 25),
  cursor: z.optional(z.string().check(z.maxLength(2048))),
});
const isoDate = z.lazy(() => z.string().check(z.refine(isIsoDate, { message: "not a date YYYY-MM-DD" })));

function actingRole(principal: Principal, preferred: readonly Role[]): Role {
  return preferred.find((r) => principal.roles.includes(r)) ?? principal.roles[0] ?? "admin";
}

const deps = (request: { clock: HttpRequest<unknown, unknown, unknown>["clock"] }) => ({
  records: recordStore(),
  clock: request.clock,
  metrics: businessMetrics,
  organisationRegistry: config.organisationRegistry(),
});

export const handler = httpHandler("applications-api", {
  "POST /v1/challenges/{challengeId}/applications": route(
    () => ({ params: challengeParams, body: applicationDraft, response: { 201: applicationViewSchema } }),
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
    () => ({
      params: challengeParams,
      query: z.strictObject({ status: z.optional(z.enum(applicationRecordStatuses)), ...paging() }),
      response: { 200: getChallengesChallengeIdApplications200Schema },
    }),
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
    () => ({
      query: z.strictObject({
        /** Accepted for readability (`?mine`): this route only ever lists the caller's organisation's. */
        mine: z.optional(z.enum(["", "true"])),
        role: z.optional(z.enum(["lead", "member"])),
        challengeId: z.optional(challengeId),
        ...paging(),
      }),
      response: { 200: getApplications200Schema },
    }),
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

  "GET /v1/applications/{applicationId}": route(
    () => ({ params: applicationParams, response: { 200: applicationViewSchema } }),
    async (request) => {
      const application = await readApplication(
        deps(request),
        actor(request.principal),
        request.params.applicationId,
      );
      return { status: 200, body: applicationView(application), headers: etag(application.version) };
    },
  ),

  "PATCH /v1/applications/{applicationId}": route(
    () => ({ params: applicationParams, body: applicationPatch, response: { 200: applicationViewSchema } }),
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
    () => ({
      params: applicationParams,
      body: z.optional(
        z.strictObject({ reason: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(2000))) }),
      ),
      response: { 200: applicationViewSchema },
    }),
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
    () => ({ params: applicationParams, response: { 200: applicationViewSchema } }),
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

  "POST /v1/applications/{applicationId}/submit": route(
    () => ({ params: applicationParams, response: { 200: applicationViewSchema } }),
    async (request) => {
      const application = await submitApplication(
        deps(request),
        actor(request.principal),
        request.params.applicationId,
        ifMatch(request, false),
      );
      return { status: 200, body: applicationView(application), headers: etag(application.version) };
    },
  ),

  "POST /v1/credit-records": route(
    () => ({
      body: z
        .strictObject({
          organisationId: z.optional(organisationId),
          /** Or the organisation's unified social credit code (统一社会信用代码), as a credit platform names it. */
          uscc: z.optional(z.string().check(z.minLength(1), z.maxLength(40))),
          reason: z.string().check(z.trim(), z.minLength(1), z.maxLength(2000)),
          reasonZh: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(2000))),
          recordedOn: z.optional(isoDate),
          blockedUntil: z.optional(isoDate),
          blockMonths: z.optional(z.number().check(z.int(), z.gte(1), z.lte(120))),
          projectId: z.optional(z.string().check(z.minLength(1), z.maxLength(100))),
        })
        .check(
          z.refine((b) => !(b.blockedUntil && b.blockMonths), {
            message: "give blockedUntil or blockMonths, not both",
            path: ["blockMonths"],
          }),
          z.refine((b) => (b.organisationId === undefined) !== (b.uscc === undefined), {
            message: "name the organisation by organisationId or by uscc, one of them",
            path: ["organisationId"],
            params: { messageZh: "请以 organisationId 或 uscc 之一指明机构" },
          }),
        ),
      response: { 201: creditRecordSchema },
    }),
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
    () => ({
      query: z.strictObject({ organisationId, ...paging() }),
      response: { 200: getCreditRecords200Schema },
      description: "By code: find the organisation with GET /v1/organisations?uscc=, then list its records.",
    }),
    async (request) => {
      const organisation = request.query.organisationId;
      const page = await listCreditRecords(deps(request), organisation, request.query);
      return { status: 200, body: { items: page.items, ...(page.next ? { next: page.next } : {}) } };
    },
  ),
});
