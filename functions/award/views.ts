// Use case (award): what the API returns — every route's response body as a zod/mini schema, built on first use
// (functions/kernel/view-schemas.ts), named after the domain type it describes; the routes' results are typed by them.
import * as z from "zod/mini";
import { lazySchema, pageOf, type ViewOf } from "../kernel/view-schemas.ts";
import type { NoticeRecord } from "./model.ts";

export const publicNoticeViewSchema = lazySchema("PublicNoticeView", () =>
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
export const getPublicNotices200Schema = lazySchema(() => pageOf(publicNoticeViewSchema()));
export type PublicNoticeView = ViewOf<typeof publicNoticeViewSchema>;

/** What anyone may read: the challenge title and the winning organisations' names, nothing else. */
export function publicNoticeView(n: NoticeRecord, nowMs: number): PublicNoticeView {
  return {
    id: n.id,
    challengeId: n.challengeId,
    title: n.title,
    seq: n.seq,
    winners: n.winners.map((w) => ({ position: w.position, organisations: w.organisationNames })),
    publishedAt: n.publishedAt,
    workingDays: n.workingDays,
    firstDay: n.firstDay,
    lastDay: n.lastDay,
    endsAt: n.endsAt,
    acceptingObjections: n.status === "open" && nowMs <= Date.parse(n.endsAt),
    status: n.status,
  };
}
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
