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
