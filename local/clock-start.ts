// Embedded runtime: where a fresh data directory's clock starts. Public notices count working days, so the clock
// starts today when the working-day calendar covers the weeks ahead (officially, or provisionally from the statutory
// holidays: every year to 2099), else on a working Monday inside the calendar's last year, and one line says which
// date and why (`npm start`, `npm run demo`); the demo's preflight uses the same coverage rule.
import { addDays, shanghaiDate, shanghaiInstant, weekday } from "../functions/kernel/dates.ts";

/**
 * Days from the clock's start that must be in the calendar: the selection's application window (3 weeks) and its
 * 5-working-day public notice with an objection end within about 30 days; 40 leaves room for a holiday week.
 */
export const calendarHorizonDays = 40;

/** The first year from `fromMs` to `horizonDays` later (Asia/Shanghai dates) that the calendar lacks, if any. */
export function uncoveredYear(
  years: readonly number[],
  fromMs: number,
  horizonDays = calendarHorizonDays,
): number | undefined {
  const first = Number(shanghaiDate(fromMs).slice(0, 4));
  const last = Number(shanghaiDate(fromMs + horizonDays * 86_400_000).slice(0, 4));
  for (let year = first; year <= last; year++) if (!years.includes(year)) return year;
  return undefined;
}

/** "2004–2026", or "2024, 2026–2027" when a year is missing between. */
export function yearsText(years: readonly number[]): string {
  const sorted = [...years].sort((a, b) => a - b);
  const spans: string[] = [];
  let from = sorted[0];
  for (let i = 0; i < sorted.length; i++) {
    const year = sorted[i]!;
    if (sorted[i + 1] !== year + 1) {
      spans.push(from === year ? String(year) : `${from}–${year}`);
      from = sorted[i + 1];
    }
  }
  return spans.join(", ") || "no year";
}

/** 09:00 in Taiyuan on the first Monday of March of `year` (after the Spring Festival, as the demo's own date). */
export function firstMondayOfMarch(year: number): number {
  let date = `${year}-03-01`;
  while (weekday(date) !== 1) date = addDays(date, 1);
  return shanghaiInstant(date, 9);
}

/** "2026-03-02 09:00 Asia/Shanghai". */
export function shanghaiMinute(ms: number): string {
  return `${shanghaiDate(ms)} ${new Date(ms + 8 * 3_600_000).toISOString().slice(11, 16)} Asia/Shanghai`;
}

export interface ClockChoice {
  /** The clock's first reading, or undefined: follow real time. */
  readonly startMs?: number;
  /** One line saying which date the clock starts on and why, when that is not today. */
  readonly line?: string;
}

/**
 * The start of a fresh data directory's clock: `requested` (JIEBANG_CLOCK_START) when given; today when the calendar
 * covers the `calendarHorizonDays` from now; else the first Monday of March of the calendar's last year, and a line
 * that says so. Pure: `nowMs` is the machine's today.
 */
export function chooseClockStart(input: {
  nowMs: number;
  years: readonly number[];
  requested?: string | undefined;
}): ClockChoice {
  if (input.requested !== undefined) return { startMs: Date.parse(input.requested) };
  const missing = uncoveredYear(input.years, input.nowMs);
  if (missing === undefined || input.years.length === 0) return {};
  const last = Math.max(...input.years);
  const startMs = firstMondayOfMarch(last);
  return {
    startMs,
    line:
      `clock: starts at ${shanghaiMinute(startMs)}, not today (${shanghaiDate(input.nowMs)}): the working-day ` +
      `calendar has ${yearsText(input.years)}, not ${missing}, and public notices need the ${calendarHorizonDays} ` +
      `days from the start in it (JIEBANG_CLOCK_START sets another start on a fresh data directory)`,
  };
}

/** The demo's preflight: undefined when the clock at `nowMs` can run the selection, else why not and what to do. */
export function calendarProblem(years: readonly number[], nowMs: number): string | undefined {
  const missing = uncoveredYear(years, nowMs);
  if (missing === undefined) return undefined;
  return (
    `the platform's clock is at ${shanghaiMinute(nowMs)} and its working-day calendar has ${yearsText(years)}, ` +
    `not ${missing}: public notices need the ${calendarHorizonDays} days from the start in it. Run the demo on a ` +
    `fresh data directory (npm run demo -- --data-dir .data-demo), whose clock starts inside the calendar, or load ` +
    `${missing} (PUT /v1/calendar/years/${missing})`
  );
}
