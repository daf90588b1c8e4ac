// Adapter (HTTP): read routes the operators' console needs — a programme's projects, a project's audit trail,
// a programme's ledger transactions, and the finance series (money over time, leverage by programme). Thin over
// operations/console-views.ts; reads only.
import * as z from "zod/mini";
import { recordStore } from "../../platform/deps.ts";
import { type HttpRequest, httpHandler, route } from "../../platform/http/frame.ts";
import { actor } from "../../platform/http/request.ts";
import { leverageDefinition, leverageDefinitionZh } from "../../programmes/rules/leverage.ts";
import { financeSeries, ledgerEntries, listProjects, projectAuditTrail } from "../console-views.ts";
import {
  getFinanceSeries200Schema,
  getProgrammesProgrammeIdLedgerEntries200Schema,
  getProjects200Schema,
  getProjectsProjectIdAuditTrail200Schema,
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
const limit = z.lazy(() => z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 25));
const cursor = z.lazy(() => z.optional(z.string().check(z.minLength(1), z.maxLength(2048))));

const deps = (request: { clock: HttpRequest<unknown, unknown, unknown>["clock"] }) => ({
  records: recordStore(),
  clock: request.clock,
});

export const handler = httpHandler("console-api", {
  "GET /v1/projects": route(
    () => ({
      query: z.strictObject({ programmeId: identifier, limit, cursor }),
      response: { 200: getProjects200Schema },
    }),
    async (request) => ({
      status: 200,
      body: await listProjects(deps(request), actor(request.principal), {
        programmeId: request.query.programmeId,
        limit: request.query.limit,
        ...(request.query.cursor ? { cursor: request.query.cursor } : {}),
      }),
    }),
  ),

  "GET /v1/projects/{projectId}/audit-trail": route(
    () => ({
      params: z.strictObject({ projectId: identifier }),
      response: { 200: getProjectsProjectIdAuditTrail200Schema },
    }),
    async (request) => ({
      status: 200,
      body: await projectAuditTrail(deps(request), request.params.projectId),
    }),
  ),

  "GET /v1/programmes/{programmeId}/ledger/entries": route(
    () => ({
      params: z.strictObject({ programmeId: identifier }),
      query: z.strictObject({ limit, cursor, order: z._default(z.enum(["newest", "oldest"]), "newest") }),
      response: { 200: getProgrammesProgrammeIdLedgerEntries200Schema },
    }),
    async (request) => ({
      status: 200,
      body: await ledgerEntries(deps(request), {
        programmeId: request.params.programmeId,
        limit: request.query.limit,
        order: request.query.order,
        ...(request.query.cursor ? { cursor: request.query.cursor } : {}),
      }),
    }),
  ),

  "GET /v1/finance/series": route(
    () => ({
      query: z.strictObject({ programmeId: z.optional(identifier) }),
      response: { 200: getFinanceSeries200Schema },
      description: `Per programme, per challenge (programmes[].challenges) and for the city (totals). ${leverageDefinition} ${leverageDefinitionZh} See docs/leverage.md.`,
    }),
    async (request) => ({
      status: 200,
      body: await financeSeries(
        deps(request),
        request.query.programmeId ? { programmeId: request.query.programmeId } : {},
      ),
    }),
  ),
});
