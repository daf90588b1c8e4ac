// Use case (audit): what the API returns — every route's response body as a zod/mini schema, built on first use
// (functions/kernel/view-schemas.ts), named after the domain type it describes; the routes' results are typed by them.
import * as z from "zod/mini";
import { lazySchema } from "../kernel/view-schemas.ts";

export const digestSummarySchema = lazySchema("DigestSummary", () =>
  z.object({
    sequence: z.number(),
    key: z.string(),
    from: z.optional(z.string()),
    to: z.string(),
    trigger: z.union([
      z.object({ kind: z.literal("schedule") }),
      z.object({ kind: z.literal("on-demand"), by: z.string() }),
    ]),
    heads: z.number(),
    keyId: z.string(),
  }),
);
export const getAuditDigests200Schema = lazySchema(() => z.object({ items: z.array(digestSummarySchema()) }));
const trailBreakSchema = lazySchema("TrailBreak", () =>
  z.object({ record: z.string(), version: z.number(), reason: z.string(), detail: z.string() }),
);
export const auditReportSchema = lazySchema("AuditReport", () =>
  z.object({
    ok: z.boolean(),
    records: z.number(),
    events: z.number(),
    breaks: z.array(trailBreakSchema()),
    moreBreaks: z.array(trailBreakSchema()),
    digests: z.object({
      count: z.number(),
      valid: z.number(),
      latest: z.optional(z.object({ sequence: z.number(), key: z.string(), to: z.string() })),
      anchoredRecords: z.number(),
      problems: z.array(z.object({ key: z.string(), problem: z.string(), detail: z.string() })),
    }),
  }),
);
