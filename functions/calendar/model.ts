// Model of the working-day calendar: a loaded year's holiday arrangement (法定节假日及调休) as a record, and its listing.
import { listing, type RecordKind, type VersionedRecord } from "../platform/ports/records.ts";
import type { CalendarYear } from "./rules/working-days.ts";

export interface CalendarYearRecord extends VersionedRecord, CalendarYear {
  readonly loadedBy: string;
  readonly loadedAt: string;
}

/** id = the year; all listed under one partition (a few dozen records at most). */
export const calendarYearKind: RecordKind<CalendarYearRecord> = {
  name: "CALENDAR",
  indexKeys: (c) => ({ gsi1pk: loadedCalendarYears().partition, gsi1sk: String(c.year) }),
};

/** The loaded calendar years. */
export const loadedCalendarYears = () => listing<CalendarYearRecord>("gsi1", "CALENDAR");
