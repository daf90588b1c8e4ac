// Use case (programmes): what the API returns of a programme (批次) — the full record to staff, the public view to
// anyone — as zod/mini schemas, built on first use; the view functions are typed from them.
import * as z from "zod/mini";
import { fen, int, lazySchema, pageOf, timestamp, type ViewOf } from "../kernel/view-schemas.ts";
import { fundingPolicySchema } from "./rules/policy.ts";

export const programmeSchema = lazySchema("Programme", () =>
  z.object({
    id: z.string(),
    version: int(),
    name: z.string(),
    nameZh: z.string(),
    year: int(),
    fields: z.array(z.string()),
    policyId: z.string(),
    policy: fundingPolicySchema,
    budgetFen: fen(),
    status: z.enum(["open", "closed"]),
    createdBy: z.string(),
    createdAt: timestamp(),
    updatedAt: timestamp(),
  }),
);
export const programmePageSchema = lazySchema("ProgrammePage", () => pageOf(programmeSchema()));
export const policyPresetsSchema = lazySchema("PolicyPresets", () =>
  z.object({ items: z.array(fundingPolicySchema) }),
);

export const publicProgrammeViewSchema = lazySchema("PublicProgrammeView", () =>
  z.object({
    id: z.string(),
    name: z.string(),
    nameZh: z.string(),
    year: int(),
    fields: z.array(z.string()),
    policyId: z.string(),
    policy: z.object({
      nameZh: z.string(),
      subsidyRateBp: int(),
      capFen: fen(),
      maxPeriodMonths: int(),
      youngResearcherMinShareBp: int(),
      horseRaceLimit: int(),
      noticeWorkingDays: int(),
    }),
    status: z.enum(["open", "closed"]),
  }),
);
export type PublicProgrammeView = ViewOf<typeof publicProgrammeViewSchema>;
