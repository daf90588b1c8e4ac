// Adapter (HTTP): the audit trail's anchors — write a signed digest now (an operator or auditor, e.g. after a payment
// run), list the latest digests, and verify the whole trail against the table and every digest (as `audit verify`,
// the CLI, does). Thin over audit/digests.ts.
import * as z from "zod/mini";
import { httpHandler, route } from "../../platform/http/frame.ts";
import { actor } from "../../platform/http/request.ts";
import { listDigests, verifyAudit, writeDigest } from "../digests.ts";
import { auditReportSchema, digestSummarySchema, getAuditDigests200Schema } from "../views.ts";
import { auditDeps } from "./deps.ts";

export const handler = httpHandler("audit-api", {
  "POST /v1/audit/digests": route({ response: { 201: digestSummarySchema } }, async (request) => ({
    status: 201,
    body: await writeDigest(auditDeps(request.clock), {
      kind: "on-demand",
      by: actor(request.principal).userId,
    }),
  })),

  "GET /v1/audit/digests": route(
    () => ({
      query: z.strictObject({
        limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 24),
      }),
      response: { 200: getAuditDigests200Schema },
    }),
    async (request) => ({
      status: 200,
      body: { items: await listDigests(auditDeps(request.clock), request.query.limit) },
    }),
  ),

  "GET /v1/audit/verification": route({ response: { 200: auditReportSchema } }, async (request) => ({
    status: 200,
    body: await verifyAudit(auditDeps(request.clock)),
  })),
});
