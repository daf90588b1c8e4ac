// Kernel: calendar dates as ISO strings (YYYY-MM-DD) in Asia/Shanghai, independent of the machine's time zone.
import { validationError } from "./errors.ts";

/** A calendar date "YYYY-MM-DD". */
export type IsoDate = string;

/** China Standard Time is UTC+8 all year (no daylight saving since 1991). */
export const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `text` is a real calendar date "YYYY-MM-DD" (2025-02-29 is not). */
export function isIsoDate(text: string): boolean {
  const m = datePattern.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** Throws a validation DomainError unless `text` is a real date. */
export function assertIsoDate(text: string, field: string): IsoDate {
  if (!isIsoDate(text)) {
    throw validationError(
      "INVALID_DATE",
      `${field}: "${text}" is not a date YYYY-MM-DD`,
      `${field}：“${text}”不是有效日期（YYYY-MM-DD）`,
      [{ path: field, message: "not a date YYYY-MM-DD", messageZh: "不是有效日期（YYYY-MM-DD）" }],
    );
  }
  return text;
}

function toUtcMs(date: IsoDate): number {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d);
}

function fromUtcMs(ms: number): IsoDate {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The Asia/Shanghai calendar date of an instant (epoch ms). */
export function shanghaiDate(epochMs: number): IsoDate {
  return fromUtcMs(epochMs + SHANGHAI_OFFSET_MS);
}

/** The instant (epoch ms) of `time` ("HH:MM:SS[.mmm]") on `date` in Asia/Shanghai. */
export function shanghaiInstant(date: IsoDate, hours = 0, minutes = 0, seconds = 0, ms = 0): number {
  return toUtcMs(date) + ((hours * 60 + minutes) * 60 + seconds) * 1000 + ms - SHANGHAI_OFFSET_MS;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromUtcMs(toUtcMs(date) + days * DAY_MS);
}

/** Add calendar months, clamping to the month's last day (2025-01-31 + 1 month = 2025-02-28). */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const monthIndex = y * 12 + (m - 1) + months;
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return fromUtcMs(Date.UTC(year, month, Math.min(d, lastDay)));
}

/** Full years of age on `on` for someone born on `birthDate` (a 29 February birthday counts from 1 March). */
export function ageOn(birthDate: IsoDate, on: IsoDate): number {
  const [by, bm, bd] = birthDate.split("-").map(Number) as [number, number, number];
  const [y, m, d] = on.split("-").map(Number) as [number, number, number];
  const hadBirthday = m > bm || (m === bm && d >= bd);
  return y - by - (hadBirthday ? 0 : 1);
}

/** Day of the week of a date, 0 = Sunday … 6 = Saturday. */
export function weekday(date: IsoDate): number {
  return new Date(toUtcMs(date)).getUTCDay();
}

/** Seconds in a day: a workflow timer (TimeoutSeconds, a Wait's Seconds) counts in seconds, terms in days. */
export const DAY_SECONDS = 24 * 60 * 60;

/** A term of whole `days` as the seconds a workflow timer takes; anything but a positive whole number is refused. */
export function daysToSeconds(days: number): number {
  if (!Number.isInteger(days) || days < 1) {
    throw new RangeError(`a term is a positive whole number of days, got ${days}`);
  }
  return days * DAY_SECONDS;
}
