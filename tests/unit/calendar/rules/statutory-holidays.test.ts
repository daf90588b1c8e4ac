// Unit tests: a provisional year's days off from 《全国年节及纪念日放假办法》 (2024 amendment) — the festivals of article 2
// with their lunar and solar-term dates from chinese-days, and 补假 for a holiday on a weekend.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { festivalDates } from "../../../../functions/calendar/rules/festival-dates.ts";
import {
  provisionalYearRange,
  statutoryDaysOff,
} from "../../../../functions/calendar/rules/statutory-holidays.ts";
import { WorkingDayCalendar } from "../../../../functions/calendar/rules/working-days.ts";
import { festivalDatesSource } from "../../../../local/calendar/festival-dates.ts";
import { festivalDatesOf, qingming, solarFromLunar } from "../../../../local/calendar/lunar.ts";

const dates = (year: number) => statutoryDaysOff(year).map((d) => `${d.date} ${d.name}`);

describe("the festival table (functions/calendar/rules/festival-dates.ts)", () => {
  it("is chinese-days' answer for every year of the range, and the file is what the generator writes", () => {
    expect(festivalDates).toHaveLength(provisionalYearRange.to - provisionalYearRange.from + 1);
    for (let year = provisionalYearRange.from; year <= provisionalYearRange.to; year++) {
      expect([...festivalDates[year - provisionalYearRange.from]!]).toEqual([...festivalDatesOf(year)]);
    }
    const file = new URL("../../../../functions/calendar/rules/festival-dates.ts", import.meta.url);
    expect(readFileSync(file, "utf8")).toBe(festivalDatesSource());
  });
});

describe("provisional 2027", () => {
  it("the lunar and solar-term dates are the well-known ones", () => {
    // chinese-days getSolarDateFromLunar / getSolarTermDate; 春节 2027 is Saturday 6 February (除夕 Friday 5 February),
    // 端午 Wednesday 9 June, 中秋 Wednesday 15 September, 清明 Monday 5 April.
    expect(solarFromLunar(2027, 1, 1)).toBe("2027-02-06");
    expect(solarFromLunar(2027, 5, 5)).toBe("2027-06-09");
    expect(solarFromLunar(2027, 8, 15)).toBe("2027-09-15");
    expect(qingming(2027)).toBe("2027-04-05");
  });
  it("lists the festivals and their 补假", () => {
    expect(dates(2027)).toEqual([
      "2027-01-01 元旦", // Friday
      "2027-02-05 春节", // 除夕, Friday
      "2027-02-06 春节", // 正月初一, Saturday
      "2027-02-07 春节", // Sunday
      "2027-02-08 春节", // 正月初三, Monday
      "2027-02-09 补假", // for Saturday 6 February
      "2027-02-10 补假", // for Sunday 7 February
      "2027-04-05 清明节", // Monday
      "2027-05-01 劳动节", // Saturday
      "2027-05-02 劳动节", // Sunday
      "2027-05-03 补假",
      "2027-05-04 补假",
      "2027-06-09 端午节",
      "2027-09-15 中秋节",
      "2027-10-01 国庆节", // Friday
      "2027-10-02 国庆节",
      "2027-10-03 国庆节",
      "2027-10-04 补假",
      "2027-10-05 补假",
    ]);
  });
});

describe("provisional 2028", () => {
  it("lists the festivals; 中秋 on 3 October meets 国庆 and is one run with it", () => {
    // chinese-days: 春节 2028 Wednesday 26 January (除夕 25 January); 清明 Tuesday 4 April; 端午 Sunday 28 May (2028 has a
    // leap fifth month: the holiday is the first 五月初五); 中秋 Tuesday 3 October.
    expect(solarFromLunar(2028, 1, 1)).toBe("2028-01-26");
    expect(solarFromLunar(2028, 5, 5)).toBe("2028-05-28");
    expect(solarFromLunar(2028, 8, 15)).toBe("2028-10-03");
    expect(qingming(2028)).toBe("2028-04-04");
    expect(dates(2028)).toEqual([
      "2028-01-01 元旦", // Saturday
      "2028-01-03 补假", // Monday
      "2028-01-25 春节",
      "2028-01-26 春节",
      "2028-01-27 春节",
      "2028-01-28 春节", // Tuesday to Friday: no weekend day
      "2028-04-04 清明节",
      "2028-05-01 劳动节", // Monday
      "2028-05-02 劳动节",
      "2028-05-28 端午节", // Sunday
      "2028-05-29 补假",
      "2028-10-01 国庆节", // Sunday
      "2028-10-02 国庆节",
      "2028-10-03 中秋节、国庆节", // named in the order of article 2
      "2028-10-04 补假",
    ]);
  });
});

describe("against the State Council's arrangements", () => {
  it("every statutory day of 2025 and 2026 is a day off in the official (bundled) data", () => {
    const official = WorkingDayCalendar.bundled();
    for (const year of [2025, 2026]) {
      const statutory = statutoryDaysOff(year).filter((d) => d.name !== "补假");
      expect(statutory.length).toBe(13);
      for (const day of statutory) expect(official.isWorkingDay(day.date), day.date).toBe(false);
    }
  });
  it("is computed for 2025–2099 only (the amended 办法; the lunar tables)", () => {
    expect(provisionalYearRange).toEqual({ from: 2025, to: 2099 });
    expect(statutoryDaysOff(2099).length).toBeGreaterThanOrEqual(13);
    expect(() => statutoryDaysOff(2100)).toThrow(RangeError);
    expect(() => statutoryDaysOff(2024)).toThrow(RangeError);
  });
});
