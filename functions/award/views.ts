// Use case (award): what the API returns — every route's response body as a zod/mini schema, built on first use
// (functions/kernel/view-schemas.ts), named after the domain type it describes; the routes' results are typed by them.
import * as z from "zod/mini";
import { lazySchema, pageOf, type ViewOf } from "../kernel/view-schemas.ts";
import type { NoticeRecord } from "./model.ts";
import { replacementNoticeStatus } from "./rules/replacement-notice.ts";

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
    /** A replacement's notice (递补公示): the organisations whose project ended, replaced by the winner named. */
    replacement: z.optional(z.object({ replacedOrganisations: z.array(z.string()) })),
    status: z.enum(["open", "ruling", "ended", "superseded", "final"]),
    /** Counted with a provisional calendar year (the State Council's arrangement not yet loaded). */
    provisional: z.boolean(),
    provisionalYears: z.optional(z.array(z.number())),
    provisionalNote: z.optional(z.object({ en: z.string(), zh: z.string() })),
    /** The end moved later when the official arrangement was loaded (已按国务院正式节假日安排顺延). */
    correction: z.optional(
      z.object({
        previousLastDay: z.string(),
        lastDay: z.string(),
        year: z.number(),
        at: z.string(),
        note: z.string(),
        noteZh: z.string(),
      }),
    ),
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
    status: replacementNoticeStatus(n, nowMs),
    ...(n.replacement
      ? { replacement: { replacedOrganisations: [...n.replacement.replacedOrganisationNames] } }
      : {}),
    provisional: n.provisional === true,
    ...(n.provisional
      ? { provisionalYears: [...(n.provisionalYears ?? [])], provisionalNote: provisionalNote(n) }
      : {}),
    ...(n.calendarCorrection ? { correction: correctionView(n.calendarCorrection) } : {}),
  };
}

/** Why the end date may still move: it was counted without the State Council's arrangement for those years. */
function provisionalNote(n: NoticeRecord) {
  const years = (n.provisionalYears ?? []).join(", ");
  return {
    en:
      `The end date is counted with the statutory holidays of ${years} (全国年节及纪念日放假办法) because the State ` +
      "Council's holiday arrangement was not yet published; if the arrangement gives a later end, the notice is extended.",
    zh:
      `${years} 年国务院节假日安排尚未公布，公示截止日按《全国年节及纪念日放假办法》规定的法定节假日推算；` +
      "正式安排公布后如截止日推后，公示期相应顺延。",
  };
}

function correctionView(c: NonNullable<NoticeRecord["calendarCorrection"]>) {
  return {
    previousLastDay: c.previousLastDay,
    lastDay: c.lastDay,
    year: c.year,
    at: c.at,
    note: `Extended to ${c.lastDay} (was ${c.previousLastDay}) under the State Council's holiday arrangement for ${c.year}`,
    noteZh: `已按国务院正式节假日安排顺延：公示截止日由 ${c.previousLastDay} 调整为 ${c.lastDay}`,
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
