// Unit tests: Chinese working days around Spring Festival and National Day, notices, loading years.
import { describe, expect, it } from "vitest";
import {
  publicationDay,
  WorkingDayCalendar,
  yearsFromChineseDays,
} from "../../../../functions/calendar/rules/working-days.ts";
import { DomainError } from "../../../../functions/kernel/errors.ts";

const cal = WorkingDayCalendar.bundled();

describe("bundled data (chinese-days)", () => {
  it("has official data for 2004–2026 and no further", () => {
    expect(cal.years()[0]).toBe(2004);
    expect(cal.hasYear(2026)).toBe(true);
    expect(cal.hasYear(2027)).toBe(false);
    expect(cal.sourceOf(2025)).toContain("chinese-days");
    expect(WorkingDayCalendar.bundled()).toBe(cal);
  });
  it("National Day 2025: 1–8 October off, Sunday 28 September and Saturday 11 October worked (调休)", () => {
    expect(cal.isWorkingDay("2025-09-28")).toBe(true); // Sunday, make-up
    expect(cal.isWorkingDay("2025-09-30")).toBe(true);
    for (let d = 1; d <= 8; d++) expect(cal.isWorkingDay(`2025-10-0${d}`)).toBe(false);
    expect(cal.isWorkingDay("2025-10-09")).toBe(true);
    expect(cal.isWorkingDay("2025-10-11")).toBe(true); // Saturday, make-up
    expect(cal.isWorkingDay("2025-10-12")).toBe(false); // Sunday
  });
  it("Spring Festival 2025 (28 Jan–4 Feb) and 2026 (15–23 Feb) with make-up Sundays/Saturdays", () => {
    expect(cal.isWorkingDay("2025-01-26")).toBe(true); // Sunday, make-up
    expect(cal.isWorkingDay("2025-01-28")).toBe(false);
    expect(cal.isWorkingDay("2025-02-04")).toBe(false);
    expect(cal.isWorkingDay("2025-02-05")).toBe(true);
    expect(cal.isWorkingDay("2025-02-08")).toBe(true); // Saturday, make-up
    expect(cal.isWorkingDay("2026-02-14")).toBe(true); // Saturday, make-up
    expect(cal.isWorkingDay("2026-02-23")).toBe(false);
    expect(cal.isWorkingDay("2026-02-24")).toBe(true);
    expect(cal.isWorkingDay("2026-02-28")).toBe(true); // Saturday, make-up
  });
  it("a year after 2099 without data is an error, not a guess (nor is a strict calendar's missing year)", () => {
    expect(() => cal.isWorkingDay("2100-01-04")).toThrow(
      expect.objectContaining({ code: "CALENDAR_YEAR_NOT_LOADED", kind: "business-rule" }),
    );
    expect(() => cal.nthWorkingDay("2099-12-28", 10)).toThrow(
      expect.objectContaining({ code: "CALENDAR_YEAR_NOT_LOADED" }),
    );
    expect(() => WorkingDayCalendar.empty().isWorkingDay("2025-01-01")).toThrow(/loaded: none/);
    expect(() => WorkingDayCalendar.of([]).isWorkingDay("2027-01-04")).toThrow(
      expect.objectContaining({ code: "CALENDAR_YEAR_NOT_LOADED" }),
    );
    expect(cal.isProvisional(2100)).toBe(false);
    expect(cal.covers(2100)).toBe(false);
  });
});

describe("provisional years (no State Council arrangement loaded yet)", () => {
  it("2027 is counted from the statutory holidays, 补假 and weekends, with no make-up workdays", () => {
    expect(cal.hasYear(2027)).toBe(false);
    expect(cal.isProvisional(2027)).toBe(true);
    expect(cal.isProvisional(2026)).toBe(false);
    expect(cal.covers(2027)).toBe(true);
    expect(cal.coveredYears().at(-1)).toBe(2099);
    expect(cal.sourceOf(2027)).toContain("全国年节及纪念日放假办法");
    expect(cal.isWorkingDay("2027-01-01")).toBe(false); // 元旦, Friday
    expect(cal.isWorkingDay("2027-01-04")).toBe(true);
    expect(cal.isWorkingDay("2027-02-05")).toBe(false); // 除夕
    expect(cal.isWorkingDay("2027-02-10")).toBe(false); // 补假 for Sunday 7 February
    expect(cal.isWorkingDay("2027-02-11")).toBe(true);
    expect(cal.isWorkingDay("2027-02-13")).toBe(false); // a Saturday: no make-up workday is guessed
    expect(cal.isWorkingDay("2027-10-05")).toBe(false); // 补假 for 2–3 October
  });
  it("a notice counted in a provisional year says so, naming the years", () => {
    // Monday 28 December 2026: 28–31 December, then 1 January 2027 (元旦) off, Monday 4 January is the fifth.
    expect(cal.noticePeriod("2026-12-28T09:00:00+08:00", 5)).toEqual({
      firstDay: "2026-12-28",
      lastDay: "2027-01-04",
      endsAtMs: Date.parse("2027-01-04T23:59:59.999+08:00"),
      endsAt: "2027-01-04T23:59:59.999+08:00",
      provisional: true,
      provisionalYears: [2027],
    });
    expect(cal.noticePeriod("2027-02-04", 3)).toMatchObject({
      lastDay: "2027-02-12",
      provisionalYears: [2027],
    });
    expect(cal.noticePeriod("2027-12-28", 5)).toMatchObject({ provisionalYears: [2027, 2028] });
    expect(cal.noticePeriod("2026-12-21", 5)).toMatchObject({ provisional: false, provisionalYears: [] });
  });
  it("a loaded year replaces the provisional one", () => {
    const loaded = cal.withYears([
      { year: 2027, holidays: ["2027-01-01", "2027-01-04"], makeUpWorkdays: [], source: "test" },
    ]);
    expect(loaded.isProvisional(2027)).toBe(false);
    expect(loaded.noticePeriod("2026-12-28", 5)).toMatchObject({ lastDay: "2027-01-05", provisional: false });
    expect(loaded.isProvisional(2028)).toBe(true);
  });
});

describe("notice periods (公示 N 个工作日)", () => {
  it("published on a working day counts that day: 30 Sep 2025 + 5 → 13 Oct 2025", () => {
    const p = cal.noticePeriod("2025-09-30", 5);
    expect(p).toEqual({
      firstDay: "2025-09-30",
      lastDay: "2025-10-13",
      endsAtMs: Date.parse("2025-10-13T23:59:59.999+08:00"),
      endsAt: "2025-10-13T23:59:59.999+08:00",
      provisional: false,
      provisionalYears: [],
    });
  });
  it("published on a holiday starts from the next working day: 1 Oct 2025 + 5 → 14 Oct", () => {
    expect(cal.noticePeriod("2025-10-01", 5)).toMatchObject({
      firstDay: "2025-10-09",
      lastDay: "2025-10-14",
    });
  });
  it("across Spring Festival 2026: Friday 13 Feb + 5 → 26 Feb (14 Feb is a make-up workday)", () => {
    expect(cal.noticePeriod("2026-02-13T10:00:00+08:00", 5).lastDay).toBe("2026-02-26");
    expect(cal.noticePeriod("2026-02-15", 1).lastDay).toBe("2026-02-24");
  });
  it("uses the Shanghai date of an instant: 23:30 UTC on 29 Sep is 30 Sep in Shanghai", () => {
    expect(cal.noticePeriod(Date.parse("2025-09-29T23:30:00Z"), 1).lastDay).toBe("2025-09-30");
    expect(cal.noticePeriod("2025-09-29T15:59:59Z", 1).lastDay).toBe("2025-09-29");
    expect(publicationDay("2025-09-29T16:00:00Z")).toBe("2025-09-30");
  });
  it("ends at 23:59:59 Shanghai of the last day", () => {
    const end = cal.noticePeriod("2025-09-30", 5).endsAtMs;
    expect(cal.noticeHasEnded("2025-09-30", 5, end)).toBe(false);
    expect(cal.noticeHasEnded("2025-09-30", 5, end + 1)).toBe(true);
  });
  it("rejects bad input", () => {
    expect(() => cal.noticePeriod("2025-09-31", 5)).toThrow(DomainError);
    expect(() => cal.noticePeriod("yesterday", 5)).toThrow(
      expect.objectContaining({ code: "INVALID_INSTANT" }),
    );
    expect(() => cal.noticePeriod(1.5, 5)).toThrow(expect.objectContaining({ code: "INVALID_INSTANT" }));
    expect(() => cal.noticePeriod("2025-09-30", 0)).toThrow(
      expect.objectContaining({ code: "INVALID_WORKING_DAYS" }),
    );
    expect(() => cal.nthWorkingDay("2025-09-30", 2.5)).toThrow(DomainError);
    expect(() => cal.isWorkingDay("2025/09/30")).toThrow(expect.objectContaining({ code: "INVALID_DATE" }));
  });
});

describe("an operator loads a newer year", () => {
  // Hypothetical 2027 arrangement for the test (not the real one).
  const y2027 = {
    year: 2027,
    holidays: [
      "2027-01-01",
      "2027-02-05",
      "2027-02-06",
      "2027-02-07",
      "2027-02-08",
      "2027-02-09",
      "2027-02-10",
      "2027-02-11",
    ],
    makeUpWorkdays: ["2027-02-13"],
    source: "test arrangement",
  };
  it("withYears adds a year without touching the bundled calendar", () => {
    const next = cal.withYears([y2027]);
    expect(next.hasYear(2027)).toBe(true);
    expect(cal.hasYear(2027)).toBe(false);
    expect(next.isWorkingDay("2027-01-01")).toBe(false);
    expect(next.isWorkingDay("2027-02-13")).toBe(true);
    expect(next.noticePeriod("2026-12-30", 5).lastDay).toBe("2027-01-06");
    expect(WorkingDayCalendar.of([y2027]).years()).toEqual([2027]);
  });
  it("withFile reads our shape or chinese-days JSON", () => {
    expect(cal.withFile({ years: [y2027] }, "f").sourceOf(2027)).toBe("test arrangement");
    const cd = cal.withFile(
      {
        holidays: { "2027-01-01": "New Year's Day,元旦,1" },
        workdays: { "2027-02-13": "Spring Festival,春节,4" },
      },
      "2027.json",
    );
    expect(cd.sourceOf(2027)).toBe("2027.json");
    expect(cd.isWorkingDay("2027-02-13")).toBe(true);
    expect(
      yearsFromChineseDays({ holidays: { "2028-01-01": "x", "2027-01-01": "y" }, workdays: {} }, "s").map(
        (y) => y.year,
      ),
    ).toEqual([2027, 2028]);
  });
  it("validates loaded data, naming the field", () => {
    const paths = (input: unknown) => {
      try {
        cal.withYears([input as never]);
      } catch (e) {
        return (e as DomainError).fields?.map((f) => f.path);
      }
      return [];
    };
    expect(paths({ ...y2027, holidays: ["2026-12-31"] })).toEqual(["holidays.0"]);
    expect(paths({ ...y2027, makeUpWorkdays: ["2027-01-01"] })).toEqual(["makeUpWorkdays.0"]);
    expect(paths({ ...y2027, makeUpWorkdays: ["2027-02-12"] })).toEqual(["makeUpWorkdays.0"]); // a Friday
    expect(paths({ ...y2027, makeUpWorkdays: ["2028-01-01"] })).toEqual(["makeUpWorkdays.0"]); // wrong year (a Saturday)
    expect(paths({ ...y2027, holidays: ["2027-02-30"] })).toEqual(["holidays.0"]);
    expect(() => cal.withFile({ nope: 1 }, "f")).toThrow(
      expect.objectContaining({ code: "INVALID_CALENDAR_FILE" }),
    );
  });
});
