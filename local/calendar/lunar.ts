// Local tool: lunar dates and the 清明 solar term from `chinese-days` (getSolarDateFromLunar, getSolarTermDate), the source
// of the provisional calendar's festival table (functions/calendar/rules/festival-dates.ts, written by festival-dates.ts
// here). The package computes in the machine's local time zone; the calls below are arranged so the answer is the same
// in any zone.
import cd from "chinese-days";
import { addDays, type IsoDate } from "../../functions/kernel/dates.ts";

const pad = (n: number) => String(n).padStart(2, "0");

/** The local calendar date of a Date, as the package's own formatting reads it. */
const localDate = (d: Date): IsoDate => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

/**
 * The solar date of a lunar date (not a leap month). Given a local Date, the package reads its local year, month and
 * day and counts days from a local base date, so the local date it returns is right in any time zone.
 */
export function solarFromLunar(year: number, month: number, day: number): IsoDate {
  return cd.getSolarDateFromLunar(new Date(year, month - 1, day)).date;
}

/**
 * The date of 清明 in `year`. The package computes the day of the month, makes UTC midnight of it and formats it
 * in local time (a day early west of UTC); this finds the date whose UTC midnight formats as the package's answer.
 */
export function qingming(year: number): IsoDate {
  const shown = cd.getSolarTermDate(year, 4, "pure_brightness");
  const utcMidnight = (date: IsoDate) => {
    const [y, m, d] = date.split("-").map(Number) as [number, number, number];
    return new Date(Date.UTC(y, m - 1, d));
  };
  return localDate(utcMidnight(shown)) === shown ? shown : addDays(shown, 1);
}

/** A year's festival dates as the table holds them: 春节 (正月初一), 清明, 端午 (五月初五), 中秋 (八月十五). */
export function festivalDatesOf(year: number): readonly [IsoDate, IsoDate, IsoDate, IsoDate] {
  return [
    solarFromLunar(year, 1, 1),
    qingming(year),
    solarFromLunar(year, 5, 5),
    solarFromLunar(year, 8, 15),
  ];
}
