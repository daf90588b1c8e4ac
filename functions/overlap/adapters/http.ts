// Adapter (HTTP): 就高不重复's routes — the bureau declares grants of other policies, runs an application's overlap check
// and decides its findings; staff read the checks. Thin over overlap/checks.ts and overlap/decisions.ts.
import * as z from "zod/mini";
import { isIsoDate } from "../../kernel/dates.ts";
import { clientsFor } from "../../platform/clients-for.ts";
import { demandPorts, recordStore } from "../../platform/deps.ts";
import { type HttpRequest, httpHandler, route } from "../../platform/http/frame.ts";
import { actor } from "../../platform/http/request.ts";
import type { ReportStore } from "../../platform/ports/report-store.ts";
import { s3ReportStore } from "../../platform/s3/report-store.ts";
import {
  checkOverlap,
  declareExternalGrant,
  listExternalGrants,
  listOverlapChecks,
  loadOverlapCheck,
} from "../checks.ts";
import { decideOverlap } from "../decisions.ts";
import { overlapOutcomes, overlapStages } from "../model.ts";
import {
  externalGrantListSchema,
  externalGrantSchema,
  overlapCheckListSchema,
  overlapCheckSchema,
} from "../views.ts";

let reports: ReportStore | undefined;
const deps = (request: { clock: HttpRequest<unknown, unknown, unknown>["clock"] }) => {
  if (!reports) {
    const { storage, config } = clientsFor();
    reports = s3ReportStore(storage(), config.auditBucket());
  }
  return { records: recordStore(), ...demandPorts(), clock: request.clock, reports };
};

const text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));
const isoDate = () => z.string().check(z.refine(isIsoDate, { message: "not a date YYYY-MM-DD" }));
const applicationParams = z.strictObject({ applicationId: z.string().check(z.regex(/^[\w.-]{1,100}$/)) });

export const handler = httpHandler("overlap-api", {
  "POST /v1/overlap/external-grants": route(
    () => ({
      body: z.strictObject({
        uscc: z.string().check(z.minLength(1), z.maxLength(40)),
        organisationName: text(200),
        title: text(300),
        keywords: z._default(z.array(text(100)).check(z.maxLength(20)), []),
        amountFen: z.number().check(z.int(), z.gte(1), z.lte(100_000_000_000)),
        policy: text(300),
        startDate: isoDate(),
        endDate: isoDate(),
      }),
      response: { 201: externalGrantSchema },
      description:
        "A grant of another policy (organisation code, title, amount, policy, period) the overlap check then sees. " +
        "Refuses 400 USCC_INVALID and 400 PERIOD_REVERSED.",
    }),
    async (request) => {
      const grant = await declareExternalGrant(deps(request), actor(request.principal), request.body);
      return { status: 201, body: grant };
    },
  ),

  "GET /v1/overlap/external-grants": route(
    () => ({ response: { 200: externalGrantListSchema } }),
    async (request) => ({ status: 200, body: { items: await listExternalGrants(deps(request)) } }),
  ),

  "GET /v1/overlap/checks": route(
    () => ({ response: { 200: overlapCheckListSchema }, description: "Every overlap check, newest first." }),
    async (request) => ({ status: 200, body: { items: await listOverlapChecks(deps(request)) } }),
  ),

  "POST /v1/applications/{applicationId}/overlap-check": route(
    () => ({
      params: applicationParams,
      body: z.strictObject({ stage: z._default(z.enum(overlapStages), "award") }),
      response: { 200: overlapCheckSchema },
      description: "Runs the check again (decisions already taken are kept).",
    }),
    async (request) => {
      const check = await checkOverlap(
        deps(request),
        actor(request.principal),
        request.params.applicationId,
        request.body.stage,
      );
      return { status: 200, body: check };
    },
  ),

  "GET /v1/applications/{applicationId}/overlap-check": route(
    () => ({ params: applicationParams, response: { 200: overlapCheckSchema } }),
    async (request) => ({
      status: 200,
      body: await loadOverlapCheck(deps(request), request.params.applicationId),
    }),
  ),

  "POST /v1/applications/{applicationId}/overlap-check/decisions": route(
    () => ({
      params: applicationParams,
      body: z.strictObject({
        key: z.string().check(z.minLength(1), z.maxLength(200)),
        outcome: z.enum(overlapOutcomes),
        lower: z.optional(z.enum(["subject", "other"])),
        action: z.optional(z.enum(["withdraw", "reduce"])),
        reducedToFen: z.optional(z.number().check(z.int(), z.gte(0))),
        reason: text(2000),
      }),
      response: { 200: overlapCheckSchema },
      description:
        "Refuses 422 OVERLAP_LOWER_REQUIRED, OVERLAP_LOWER_IS_HIGHER (就高 keeps the higher), OVERLAP_REDUCTION_INVALID, " +
        "OVERLAP_BELOW_PAID (a grant never below what is paid or due), OVERLAP_LOWER_NOT_FUNDED; 409 OVERLAP_DECIDED.",
    }),
    async (request) => {
      const check = await decideOverlap(
        deps(request),
        actor(request.principal),
        request.params.applicationId,
        request.body,
      );
      return { status: 200, body: check };
    },
  ),
});
