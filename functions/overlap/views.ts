// Use case (overlap): what the API returns of 就高不重复 — an overlap check with its findings and decisions, an external grant.
import * as z from "zod/mini";
import { fen, int, lazySchema, timestamp } from "../kernel/view-schemas.ts";
import { overlapOutcomes, overlapStages } from "./model.ts";

const period = () => z.object({ startDate: z.string(), endDate: z.string() });

export const externalGrantSchema = lazySchema("ExternalGrant", () =>
  z.object({
    id: z.string(),
    version: int(),
    uscc: z.string(),
    organisationName: z.string(),
    title: z.string(),
    keywords: z.array(z.string()),
    amountFen: fen(),
    policy: z.string(),
    startDate: z.string(),
    endDate: z.string(),
    declaredBy: z.string(),
    createdAt: timestamp(),
    updatedAt: timestamp(),
  }),
);
export const externalGrantListSchema = lazySchema("ExternalGrantList", () =>
  z.object({ items: z.array(externalGrantSchema()) }),
);

const decision = () =>
  z.object({
    outcome: z.enum(overlapOutcomes),
    lower: z.optional(z.enum(["subject", "other"])),
    action: z.optional(z.enum(["withdraw", "reduce"])),
    reducedToFen: z.optional(fen()),
    effect: z.string(),
    effectZh: z.string(),
    reason: z.string(),
    grantBeforeFen: z.optional(fen()),
    decidedBy: z.string(),
    decidedByName: z.optional(z.string()),
    decidedAt: timestamp(),
  });

const finding = () =>
  z.object({
    key: z.string(),
    source: z.enum(["application", "project", "external"]),
    applicationId: z.optional(z.string()),
    projectId: z.optional(z.string()),
    externalId: z.optional(z.string()),
    title: z.string(),
    sharedCodes: z.array(z.string()),
    amountFen: fen(),
    status: z.string(),
    policy: z.optional(z.string()),
    period: z.optional(period()),
    similarity: z.object({
      score: z.number(),
      titleScore: z.number(),
      keywordScore: z.optional(z.number()),
      sharedDays: z.optional(int()),
      overlaps: z.boolean(),
    }),
    decision: z.optional(decision()),
  });

export const overlapCheckSchema = lazySchema("OverlapCheck", () =>
  z.object({
    id: z.string(),
    version: int(),
    applicationId: z.string(),
    applicantName: z.optional(z.string()),
    challengeId: z.string(),
    programmeId: z.string(),
    projectId: z.optional(z.string()),
    title: z.string(),
    keywords: z.array(z.string()),
    period: z.optional(period()),
    codes: z.array(z.string()),
    amountFen: fen(),
    stage: z.enum(overlapStages),
    checkedAt: timestamp(),
    checkedBy: z.string(),
    findings: z.array(finding()),
    grantCapFen: z.optional(fen()),
    status: z.enum(["open", "settled"]),
    auditReports: z.optional(
      z.array(
        z.object({
          projectId: z.string(),
          event: z.string(),
          jsonKey: z.string(),
          htmlKey: z.string(),
          sha256: z.string(),
          at: timestamp(),
        }),
      ),
    ),
    createdAt: timestamp(),
    updatedAt: timestamp(),
  }),
);
export const overlapCheckListSchema = lazySchema("OverlapCheckList", () =>
  z.object({ items: z.array(overlapCheckSchema()) }),
);
