// Use cases: public notices (公示) counted in a provisional year when the State Council's arrangement for it is loaded.
// Each open notice counted provisionally in that year is recomputed (rules/notice-window.ts): a later end extends it
// (the bureau is flagged to re-announce the corrected end on its own channels), an earlier one keeps the announced
// end and clears the provisional mark. The waiting execution learns of an extension at EndNotice (notices.ts).

import { workingDayCalendar } from "../calendar/calendar.ts";
import type { WorkingDayCalendar } from "../calendar/rules/working-days.ts";
import { addDays } from "../kernel/dates.ts";
import { nowIso } from "../platform/ports/clock.ts";
import { bump, mustGet, retryOnConflict } from "../platform/ports/record-helpers.ts";
import { type AuditNote, type RecordWrite, updated } from "../platform/ports/records.ts";
import { type AwardDeps, loadRound } from "../review/common.ts";
import { roundKind } from "../review/model.ts";
import { type NoticeRecord, noticeKind, publicNotices } from "./model.ts";
import { correctWindow } from "./rules/notice-window.ts";

const loadNotice = (deps: Pick<AwardDeps, "records">, id: string) =>
  mustGet<NoticeRecord>(deps.records, noticeKind, id, "Notice", "公示");

/**
 * A notice of at most 30 working days (the policy's maximum, programmes/rules/policy.ts) spans fewer than 60
 * calendar days even across the Spring Festival; one published more than this many days before 1 January of a year
 * cannot reach it.
 */
export const noticeReachDays = 90;

/** The writes of a notice's correction (with its round's flag for the bureau when extended), if any. */
async function correctionWrites(
  deps: AwardDeps,
  notice: NoticeRecord,
  calendar: WorkingDayCalendar,
  at: string,
  by: Pick<AuditNote, "actor" | "role">,
): Promise<{ writes: RecordWrite[]; outcome: "extended" | "confirmed" } | undefined> {
  if (!notice.provisional || notice.status !== "open") return undefined;
  const correction = correctWindow(notice, calendar);
  if (correction.kind === "unchanged") return undefined;
  if (correction.kind === "confirmed") {
    const still = correction.provisionalYears;
    return {
      outcome: "confirmed",
      writes: [
        updated(
          noticeKind,
          notice,
          bump(notice, at, {
            provisional: still.length > 0 ? true : undefined,
            provisionalYears: still.length > 0 ? still : undefined,
          }),
          {
            ...by,
            action: "notice.window-confirmed",
            detail: {
              year: correction.year,
              lastDay: correction.lastDay,
              officialLastDay: correction.officialLastDay,
            },
          },
        ),
      ],
    };
  }
  const { period, previousLastDay, year } = correction;
  const round = await loadRound(deps, notice.challengeId, notice.round);
  const calendarCorrection = { previousLastDay, lastDay: period.lastDay, year, at };
  return {
    outcome: "extended",
    writes: [
      updated(
        noticeKind,
        notice,
        bump(notice, at, {
          lastDay: period.lastDay,
          endsAt: period.endsAt,
          waitUntil: new Date(period.endsAtMs + 1).toISOString(),
          provisional: period.provisional ? true : undefined,
          provisionalYears: period.provisional ? period.provisionalYears : undefined,
          calendarCorrection,
        }),
        {
          ...by,
          action: "notice.window-extended",
          detail: { year, previousLastDay, lastDay: period.lastDay },
        },
      ),
      updated(
        roundKind,
        round,
        bump(round, at, { noticeExtended: { noticeId: notice.id, ...calendarCorrection } }),
        {
          ...by,
          action: "award.escalated-to-bureau",
          detail: {
            stage: "notice-window-extended",
            noticeId: notice.id,
            previousLastDay,
            lastDay: period.lastDay,
          },
        },
      ),
    ],
  };
}

/** Recomputes one open provisional notice against the current calendar; returns the notice as it is afterwards. */
export async function correctNoticeWindow(deps: AwardDeps, noticeId: string): Promise<NoticeRecord> {
  return retryOnConflict(async () => {
    const notice = await loadNotice(deps, noticeId);
    if (!notice.provisional || notice.status !== "open") return notice;
    const at = nowIso(deps);
    const calendar = await workingDayCalendar(deps.records);
    const correction = await correctionWrites(deps, notice, calendar, at, {
      actor: "workflow",
      role: "workflow",
    });
    if (!correction) return notice;
    await deps.records.write(correction.writes, at);
    return loadNotice(deps, noticeId);
  });
}

/**
 * After the arrangement for `year` is loaded: every open notice counted provisionally in it, found by paging the
 * public notices newest first and stopping at those published `noticeReachDays` before the year begins.
 */
export async function correctNoticeWindows(
  deps: AwardDeps,
  actor: { userId: string; role: string },
  year: number,
): Promise<{ extended: string[]; confirmed: string[] }> {
  const calendar = await workingDayCalendar(deps.records);
  const oldest = `${addDays(`${year}-01-01`, -noticeReachDays)}T00:00:00+08:00`;
  const result = { extended: [] as string[], confirmed: [] as string[] };
  let cursor: string | undefined;
  do {
    const page = await deps.records.list(publicNotices(), {
      limit: 50,
      newestFirst: true,
      ...(cursor ? { cursor } : {}),
    });
    for (const listed of page.items) {
      if (Date.parse(listed.publishedAt) < Date.parse(oldest)) return result;
      if (!listed.provisionalYears?.includes(year) || listed.status !== "open") continue;
      const outcome = await retryOnConflict(async () => {
        const notice = (await deps.records.get(noticeKind, listed.id)) ?? listed;
        const at = nowIso(deps);
        const correction = await correctionWrites(deps, notice, calendar, at, {
          actor: actor.userId,
          role: actor.role,
        });
        if (correction) await deps.records.write(correction.writes, at);
        return correction?.outcome;
      });
      if (outcome) result[outcome].push(listed.id);
    }
    cursor = page.next;
  } while (cursor);
  return result;
}
