// Adapter (HTTP): read routes the operators' console needs — a programme's projects, a project's audit trail,
// a programme's ledger transactions, and the finance series (money over time, leverage by programme). Thin over
// operations/console-views.ts; reads only.
import * as z from "zod";
import { recordStore } from "../../platform/deps.ts";
import { type HttpRequest, httpHandler, route } from "../../platform/http/frame.ts";
import { financeSeries, ledgerEntries, listProjects, projectAuditTrail } from "../console-views.ts";

const identifier = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:@-]*$/, "letters, digits and . _ : @ -");
const limit = z.coerce.number().int().min(1).max(100).default(25);
const cursor = z.string().min(1).max(2048).optional();

const deps = (request: { clock: HttpRequest<unknown, unknown, unknown>["clock"] }) => ({
  records: recordStore(),
  clock: request.clock,
});

export const handler = httpHandler("console-api", {
  "GET /v1/projects": route(
    { query: z.object({ programmeId: identifier, limit, cursor }).strict() },
    async (request) => ({
      status: 200,
      body: await listProjects(deps(request), {
        programmeId: request.query.programmeId,
        limit: request.query.limit,
        ...(request.query.cursor ? { cursor: request.query.cursor } : {}),
      }),
    }),
  ),

  "GET /v1/projects/{projectId}/audit-trail": route(
    { params: z.object({ projectId: identifier }).strict() },
    async (request) => ({
      status: 200,
      body: await projectAuditTrail(deps(request), request.params.projectId),
    }),
  ),

  "GET /v1/programmes/{programmeId}/ledger/entries": route(
    {
      params: z.object({ programmeId: identifier }).strict(),
      query: z.object({ limit, cursor, order: z.enum(["newest", "oldest"]).default("newest") }).strict(),
    },
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
    { query: z.object({ programmeId: identifier.optional() }).strict() },
    async (request) => ({
      status: 200,
      body: await financeSeries(
        deps(request),
        request.query.programmeId ? { programmeId: request.query.programmeId } : {},
      ),
    }),
  ),
});
