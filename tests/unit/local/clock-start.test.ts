// Unit tests of where a fresh data directory's clock starts (local/clock-start.ts): today when the working-day calendar
// covers the weeks ahead, else inside the calendar with a line saying so; and the demo's preflight on that clock.
import { describe, expect, it } from "vitest";
import { WorkingDayCalendar } from "../../../functions/calendar/rules/working-days.ts";
import { shanghaiDate } from "../../../functions/kernel/dates.ts";
import {
  calendarHorizonDays,
  calendarProblem,
  chooseClockStart,
  uncoveredYear,
  yearsText,
} from "../../../local/clock-start.ts";

const bundled = WorkingDayCalendar.bundled().years();
const lastYear = Math.max(...bundled);
const day = 86_400_000;

describe("a fresh data directory's clock", () => {
  it("starts inside the calendar, on a Monday at 09:00 in Taiyuan, when today is after the calendar's last year", () => {
    for (const today of [`${lastYear + 1}-06-15T10:00:00+08:00`, `${lastYear + 5}-01-02T00:30:00+08:00`]) {
      const nowMs = Date.parse(today);
      const choice = chooseClockStart({ nowMs, years: bundled });
      expect(choice.startMs, today).toBeDefined();
      const startMs = choice.startMs!;
      // The selection's notices fit in the calendar from there: the demo's preflight passes on that clock.
      expect(uncoveredYear(bundled, startMs)).toBeUndefined();
      expect(calendarProblem(bundled, startMs)).toBeUndefined();
      expect(new Date(startMs).getUTCDay()).toBe(1);
      expect(new Date(startMs + 8 * 3_600_000).toISOString()).toMatch(
        new RegExp(`^${lastYear}-03-0\\dT09:00`),
      );
      // One line: the date it runs on, today's date, and why.
      expect(choice.line).toBeDefined();
      expect(choice.line!.split("\n")).toHaveLength(1);
      expect(choice.line).toContain(`starts at ${lastYear}-03-0`);
      expect(choice.line).toContain(`not today (${today.slice(0, 10)})`);
      expect(choice.line).toContain(`not ${Number(today.slice(0, 4))}`);
      expect(choice.line).toContain(yearsText(bundled));
    }
  });

  it("starts inside the calendar when today is in its last year but the weeks ahead are not (a December day)", () => {
    const nowMs = Date.parse(`${lastYear}-12-06T09:00:00+08:00`);
    expect(calendarProblem(bundled, nowMs)).toContain(`not ${lastYear + 1}`);
    const choice = chooseClockStart({ nowMs, years: bundled });
    expect(calendarProblem(bundled, choice.startMs!)).toBeUndefined();
    expect(choice.line).toContain(`not ${lastYear + 1}`);
  });

  it("follows real time, saying nothing, when the calendar covers today and the weeks ahead", () => {
    const nowMs = Date.parse(`${lastYear}-05-11T09:00:00+08:00`);
    expect(chooseClockStart({ nowMs, years: bundled })).toEqual({});
    // The horizon's last day counts: 40 days before the year's end is the latest such today.
    const latest = Date.parse(`${lastYear}-12-31T12:00:00+08:00`) - calendarHorizonDays * day;
    expect(chooseClockStart({ nowMs: latest, years: bundled })).toEqual({});
    expect(chooseClockStart({ nowMs: latest + day, years: bundled }).startMs).toBeDefined();
  });

  it("takes JIEBANG_CLOCK_START as given", () => {
    const nowMs = Date.parse(`${lastYear + 1}-06-15T10:00:00+08:00`);
    expect(chooseClockStart({ nowMs, years: bundled, requested: "2025-09-29T09:00:00+08:00" })).toEqual({
      startMs: Date.parse("2025-09-29T09:00:00+08:00"),
    });
  });

  it("starts today with the bundled calendar, which counts the years after its data provisionally (to 2099)", () => {
    // What `npm start` and the demo pass: the years covered officially or provisionally.
    const covered = WorkingDayCalendar.bundled().coveredYears();
    for (const today of [
      "2026-12-06T09:00:00+08:00",
      "2027-06-15T10:00:00+08:00",
      "2099-11-20T10:00:00+08:00",
    ]) {
      expect(chooseClockStart({ nowMs: Date.parse(today), years: covered }), today).toEqual({});
      expect(calendarProblem(covered, Date.parse(today)), today).toBeUndefined();
    }
    // After 2099 nothing is computed: inside the calendar again, with the line.
    const late = chooseClockStart({ nowMs: Date.parse("2099-12-06T09:00:00+08:00"), years: covered });
    expect(shanghaiDate(late.startMs!)).toMatch(/^2099-03-0/);
  });
});

describe("the demo's calendar preflight", () => {
  it("names the clock, the calendar's years, the missing year and what to do, in one line", () => {
    const problem = calendarProblem([2025, 2026], Date.parse("2026-12-06T09:00:00+08:00"));
    expect(problem).toBe(
      "the platform's clock is at 2026-12-06 09:00 Asia/Shanghai and its working-day calendar has 2025–2026, not " +
        "2027: public notices need the 40 days from the start in it. Run the demo on a fresh data directory " +
        "(npm run demo -- --data-dir .data-demo), whose clock starts inside the calendar, or load 2027 " +
        "(PUT /v1/calendar/years/2027)",
    );
  });

  it("writes the calendar's years as spans", () => {
    expect(yearsText([2004, 2005, 2006])).toBe("2004–2006");
    expect(yearsText([2026, 2024, 2027])).toBe("2024, 2026–2027");
    expect(yearsText([])).toBe("no year");
  });
});
