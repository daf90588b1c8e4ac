// Use cases of the working-day calendar: the bundled years (chinese-days) plus the years an operator loads, stored as
// records, so notices count in a new year's holiday arrangement (国务院办公厅通知) once it is published; until then the
// year is counted provisionally (rules/statutory-holidays.ts).

import { shanghaiDate } from "../kernel/dates.ts";
import { parseOrThrow } from "../kernel/errors.ts";
import { created, type RecordStore, updated } from "../platform/ports/records.ts";
import { type CalendarYearRecord, calendarYearKind, loadedCalendarYears } from "./model.ts";
import { calendarYearSchema, WorkingDayCalendar } from "./rules/working-days.ts";

async function storedYears(records: RecordStore): Promise<CalendarYearRecord[]> {
  const years: CalendarYearRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await records.list(loadedCalendarYears(), {
      limit: 100,
      newestFirst: false,
      ...(cursor ? { cursor } : {}),
    });
    years.push(...page.items);
    cursor = page.next;
  } while (cursor);
  return years;
}

/** The calendar notices use: the bundled years, with any year an operator loaded added or replacing them. */
export async function workingDayCalendar(records: RecordStore): Promise<WorkingDayCalendar> {
  const loaded = await storedYears(records);
  return loaded.length === 0
    ? WorkingDayCalendar.bundled()
    : WorkingDayCalendar.bundled().withYears(
        loaded.map(({ year, holidays, makeUpWorkdays, source }) => ({
          year,
          holidays,
          makeUpWorkdays,
          source,
        })),
      );
}

/** Loads (or replaces) one year's arrangement; validated by the domain schema. */
export async function loadCalendarYear(
  deps: { records: RecordStore; now: () => Date },
  actor: { userId: string; role: string },
  input: unknown,
): Promise<CalendarYearRecord> {
  const year = parseOrThrow(calendarYearSchema, input, "INVALID_CALENDAR_YEAR");
  const at = deps.now().toISOString();
  const existing = await deps.records.get(calendarYearKind, String(year.year));
  const audit = {
    actor: actor.userId,
    role: actor.role,
    action: "calendar.year-loaded",
    detail: { year: year.year, source: year.source },
  };
  if (existing) {
    const next: CalendarYearRecord = {
      ...existing,
      ...year,
      version: existing.version + 1,
      loadedBy: actor.userId,
      loadedAt: at,
    };
    await deps.records.write([updated(calendarYearKind, existing, next, audit)], at);
    return next;
  }
  const record: CalendarYearRecord = {
    id: String(year.year),
    version: 1,
    ...year,
    loadedBy: actor.userId,
    loadedAt: at,
  };
  await deps.records.write([created(calendarYearKind, record, audit)], at);
  return record;
}

/**
 * The years with an official arrangement (bundled or loaded), and the current and next year (Asia/Shanghai) when
 * they have none: those are counted provisionally (`provisional: true`, the source names the 办法).
 */
export async function calendarYears(
  records: RecordStore,
  nowMs: number,
): Promise<{ year: number; source: string; loaded: boolean; provisional: boolean }[]> {
  const loaded = new Map((await storedYears(records)).map((y) => [y.year, y.source]));
  const bundled = WorkingDayCalendar.bundled();
  const current = Number(shanghaiDate(nowMs).slice(0, 4));
  const provisional = [current, current + 1].filter((y) => !loaded.has(y) && bundled.isProvisional(y));
  const years = new Set([...bundled.years(), ...loaded.keys(), ...provisional]);
  return [...years]
    .sort((a, b) => a - b)
    .map((year) => ({
      year,
      source: loaded.get(year) ?? bundled.sourceOf(year) ?? "",
      loaded: loaded.has(year),
      provisional: provisional.includes(year),
    }));
}
