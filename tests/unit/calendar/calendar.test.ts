// Unit tests of the working-day calendar use cases (functions/calendar/calendar.ts) on the in-memory record store: an
// operator's year stored and audited, replaced as a new version, and used by the calendar notices count in.
import { describe, expect, it } from "vitest";
import { calendarYears, loadCalendarYear, workingDayCalendar } from "../../../functions/calendar/calendar.ts";
import { calendarYearKind } from "../../../functions/calendar/model.ts";
import { WorkingDayCalendar } from "../../../functions/calendar/rules/working-days.ts";
import { fixedClock } from "../../support/fixed-clock.ts";
import { memoryRecordStore } from "../../support/memory-records.ts";

const admin = { userId: "u-admin", role: "admin" };
// A year no bundled data will cover (the schema's range ends at 2100).
const year = 2099;
const arrangement = {
  year,
  holidays: [`${year}-01-01`, `${year}-01-02`],
  // A Saturday worked instead.
  makeUpWorkdays: [`${year}-01-10`],
  source: "State Council notice (test)",
};

function setup() {
  const records = memoryRecordStore();
  const clock = fixedClock("2026-11-20T02:00:00.000Z");
  return { records, clock, deps: { records, now: () => clock.now() } };
}

describe("loadCalendarYear", () => {
  it("stores a year's arrangement at version 1, audited, and the calendar counts in it", async () => {
    const { records, clock, deps } = setup();
    expect((await workingDayCalendar(records)).hasYear(year)).toBe(false);
    const record = await loadCalendarYear(deps, admin, arrangement);
    expect(record).toEqual({
      id: String(year),
      version: 1,
      ...arrangement,
      loadedBy: "u-admin",
      loadedAt: clock.now().toISOString(),
    });
    expect(await records.get(calendarYearKind, String(year))).toEqual(record);
    expect(await records.auditTrail(calendarYearKind, String(year))).toEqual([
      expect.objectContaining({
        actor: "u-admin",
        role: "admin",
        action: "calendar.year-loaded",
        detail: { year, source: arrangement.source },
        version: 1,
      }),
    ]);
    const calendar = await workingDayCalendar(records);
    expect(calendar.isWorkingDay(`${year}-01-02`)).toBe(false);
    expect(calendar.isWorkingDay(`${year}-01-10`)).toBe(true);
    expect(calendar.nthWorkingDay(`${year}-01-01`, 1)).toBe(`${year}-01-05`);
    // The bundled years are still there.
    for (const bundled of WorkingDayCalendar.bundled().years()) expect(calendar.hasYear(bundled)).toBe(true);
  });

  it("replaces a loaded year as its next version, chained to the first", async () => {
    const { records, clock, deps } = setup();
    await loadCalendarYear(deps, admin, arrangement);
    clock.advance(60_000);
    const second = await loadCalendarYear(
      deps,
      { userId: "u-admin-2", role: "admin" },
      {
        ...arrangement,
        holidays: [`${year}-01-01`],
        source: "State Council notice, corrected (test)",
      },
    );
    expect(second).toMatchObject({ version: 2, holidays: [`${year}-01-01`], loadedBy: "u-admin-2" });
    expect(second.loadedAt).toBe(clock.now().toISOString());
    const trail = await records.auditTrail(calendarYearKind, String(year));
    expect(trail.map((e) => [e.version, e.actor])).toEqual([
      [1, "u-admin"],
      [2, "u-admin-2"],
    ]);
    expect(trail[1]?.prevHash).toBe(trail[0]?.hash);
    expect((await workingDayCalendar(records)).isWorkingDay(`${year}-01-02`)).toBe(true);
  });

  it("refuses an arrangement with a date outside its year, writing nothing", async () => {
    const { records, deps } = setup();
    await expect(
      loadCalendarYear(deps, admin, { ...arrangement, holidays: [`${year + 1}-01-01`] }),
    ).rejects.toMatchObject({
      code: "INVALID_CALENDAR_YEAR",
      kind: "validation",
      fields: [expect.objectContaining({ path: "holidays.0" })],
    });
    expect(records.table.items()).toEqual([]);
  });
});

describe("calendarYears", () => {
  it("lists the bundled years, the loaded ones and the next year as provisional, with where each comes from", async () => {
    const { records, deps, clock } = setup();
    const bundled = WorkingDayCalendar.bundled();
    const [replaced] = bundled.years();
    await loadCalendarYear(deps, admin, arrangement);
    await loadCalendarYear(deps, admin, {
      year: replaced!,
      holidays: [],
      makeUpWorkdays: [],
      source: "operator's copy",
    });
    // 20 November 2026: 2026 is bundled, 2027 has no arrangement yet.
    const years = await calendarYears(records, clock.now().getTime());
    expect(years.map((y) => y.year)).toEqual([...bundled.years(), 2027, year]);
    expect(years.find((y) => y.year === year)).toEqual({
      year,
      source: arrangement.source,
      loaded: true,
      provisional: false,
    });
    expect(years.find((y) => y.year === replaced)).toEqual({
      year: replaced,
      source: "operator's copy",
      loaded: true,
      provisional: false,
    });
    expect(years.find((y) => y.year === 2027)).toEqual({
      year: 2027,
      source: expect.stringContaining("《全国年节及纪念日放假办法》"),
      loaded: false,
      provisional: true,
    });
    expect(years.filter((y) => !y.loaded && !y.provisional).map((y) => y.source)).toEqual(
      bundled
        .years()
        .slice(1)
        .map((y) => bundled.sourceOf(y)),
    );
  });
});
