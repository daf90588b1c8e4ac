// Use case (award): what the API returns — every route's response body as a zod/mini schema, built on first use
// (functions/kernel/view-schemas.ts), named after the domain type it describes; the routes' results are typed by them.
import * as z from "zod/mini";
import { lazySchema } from "../kernel/view-schemas.ts";

export const getPublicNotices200Schema = lazySchema(() =>
  z.object({
    next: z.optional(z.string()),
    items: z.array(
      z.object({
        id: z.string(),
        challengeId: z.string(),
        title: z.string(),
        seq: z.number(),
        winners: z.array(z.object({ position: z.number(), organisations: z.array(z.string()) })),
        publishedAt: z.string(),
        workingDays: z.number(),
        firstDay: z.string(),
        lastDay: z.string(),
        endsAt: z.string(),
        acceptingObjections: z.boolean(),
        status: z.enum(["open", "ruling", "ended", "superseded", "final"]),
      }),
    ),
  }),
);
export const getPublicNoticesNoticeId200Schema = lazySchema(() =>
  z.object({
    id: z.string(),
    challengeId: z.string(),
    title: z.string(),
    seq: z.number(),
    winners: z.array(z.object({ position: z.number(), organisations: z.array(z.string()) })),
    publishedAt: z.string(),
    workingDays: z.number(),
    firstDay: z.string(),
    lastDay: z.string(),
    endsAt: z.string(),
    acceptingObjections: z.boolean(),
    status: z.enum(["open", "ruling", "ended", "superseded", "final"]),
  }),
);
export const postPublicNoticesNoticeIdObjections201Schema = lazySchema(() =>
  z.object({
    id: z.string(),
    noticeId: z.string(),
    winnerPosition: z.number(),
    status: z.enum(["open", "upheld", "dismissed"]),
    createdAt: z.string(),
  }),
);
export const getNoticesNoticeIdObjections200Schema = lazySchema(() =>
  z.object({
    items: z.array(
      z.object({
        createdAt: z.string(),
        version: z.number(),
        ruling: z.optional(
          z.object({
            decision: z.enum(["upheld", "dismissed"]),
            reason: z.string(),
            by: z.string(),
            at: z.string(),
          }),
        ),
        status: z.enum(["open", "upheld", "dismissed"]),
        contact: z.optional(z.string()),
        id: z.string(),
        noticeId: z.string(),
        winnerPosition: z.number(),
        text: z.string(),
      }),
    ),
  }),
);
export const objectionViewSchema = lazySchema("ObjectionView", () =>
  z.object({
    createdAt: z.string(),
    version: z.number(),
    ruling: z.optional(
      z.object({
        decision: z.enum(["upheld", "dismissed"]),
        reason: z.string(),
        by: z.string(),
        at: z.string(),
      }),
    ),
    status: z.enum(["open", "upheld", "dismissed"]),
    contact: z.optional(z.string()),
    id: z.string(),
    noticeId: z.string(),
    winnerPosition: z.number(),
    text: z.string(),
  }),
);
