// Unit tests: a notice counted in a provisional year when the State Council's arrangement is loaded — a later official
// end extends it, an earlier (or equal) one keeps the announced end and clears the provisional mark.
import { describe, expect, it } from "vitest";
import { correctWindow } from "../../../../functions/award/rules/notice-window.ts";
import { WorkingDayCalendar } from "../../../../functions/calendar/rules/working-days.ts";

const bundled = WorkingDayCalendar.bundled();
const arrangement = (holidays: string[], makeUpWorkdays: string[] = []) =>
  bundled.withYears([
    { year: 2027, holidays, makeUpWorkdays, source: "test arrangement (not the official one)" },
  ]);

// Published Monday 28 December 2026 for 5 working days: provisionally to Monday 4 January 2027.
const provisional = bundled.noticePeriod("2026-12-28T09:00:00+08:00", 5);
const window = {
  publishedAt: "2026-12-28T01:00:00.000Z",
  workingDays: 5,
  lastDay: provisional.lastDay,
  provisionalYears: provisional.provisionalYears,
};

describe("correctWindow", () => {
  it("the provisional window is 28 December to 4 January, provisional in 2027", () => {
    expect(provisional).toMatchObject({ lastDay: "2027-01-04", provisionalYears: [2027] });
  });
  it("nothing to do while the year is still provisional", () => {
    expect(correctWindow(window, bundled)).toEqual({ kind: "unchanged" });
    expect(correctWindow({ ...window, provisionalYears: undefined }, arrangement([]))).toEqual({
      kind: "unchanged",
    });
  });
  it("more days off in the official arrangement: extended to the later end", () => {
    const correction = correctWindow(window, arrangement(["2027-01-01", "2027-01-04", "2027-01-05"]));
    expect(correction).toMatchObject({
      kind: "extended",
      year: 2027,
      previousLastDay: "2027-01-04",
      period: { lastDay: "2027-01-06", endsAt: "2027-01-06T23:59:59.999+08:00", provisional: false },
    });
  });
  it("fewer days off (元旦 worked in this test arrangement): the announced end is kept", () => {
    const correction = correctWindow(window, arrangement([]));
    expect(correction).toEqual({
      kind: "confirmed",
      year: 2027,
      lastDay: "2027-01-04",
      officialLastDay: "2027-01-01",
      provisionalYears: [],
    });
  });
  it("the same end: confirmed", () => {
    expect(correctWindow(window, arrangement(["2027-01-01"]))).toMatchObject({
      kind: "confirmed",
      lastDay: "2027-01-04",
      officialLastDay: "2027-01-04",
    });
  });
  it("a window over two provisional years stays provisional in the one not loaded", () => {
    const late = bundled.noticePeriod("2027-12-27", 10);
    expect(late.provisionalYears).toEqual([2027, 2028]);
    const correction = correctWindow(
      {
        publishedAt: "2027-12-27",
        workingDays: 10,
        lastDay: late.lastDay,
        provisionalYears: late.provisionalYears,
      },
      arrangement(["2027-12-31"]),
    );
    expect(correction).toMatchObject({ kind: "extended", year: 2027, period: { provisionalYears: [2028] } });
  });
});
