// Unit tests: ISO dates in Asia/Shanghai, month arithmetic and ages.
import { describe, expect, it } from "vitest";
import {
  addDays,
  addMonths,
  ageOn,
  assertIsoDate,
  DAY_SECONDS,
  daysToSeconds,
  isIsoDate,
  shanghaiDate,
  shanghaiInstant,
  weekday,
} from "../../../functions/kernel/dates.ts";

describe("dates", () => {
  it("recognises real dates only", () => {
    expect(isIsoDate("2024-02-29")).toBe(true);
    expect(isIsoDate("2025-02-29")).toBe(false);
    expect(isIsoDate("2025-13-01")).toBe(false);
    expect(isIsoDate("2025-1-01")).toBe(false);
    expect(() => assertIsoDate("x", "from")).toThrow(expect.objectContaining({ code: "INVALID_DATE" }));
    expect(assertIsoDate("2025-01-01", "from")).toBe("2025-01-01");
  });
  it("maps instants to the Shanghai date whatever the machine's zone", () => {
    expect(shanghaiDate(Date.parse("2025-09-30T15:59:59.999Z"))).toBe("2025-09-30");
    expect(shanghaiDate(Date.parse("2025-09-30T16:00:00Z"))).toBe("2025-10-01");
    expect(shanghaiInstant("2025-10-13", 23, 59, 59, 999)).toBe(Date.parse("2025-10-13T23:59:59.999+08:00"));
    expect(shanghaiInstant("2025-10-13")).toBe(Date.parse("2025-10-13T00:00:00+08:00"));
  });
  it("adds days and months (clamped)", () => {
    expect(addDays("2025-12-31", 1)).toBe("2026-01-01");
    expect(addMonths("2025-01-31", 1)).toBe("2025-02-28");
    expect(addMonths("2024-02-29", 12)).toBe("2025-02-28");
    expect(addMonths("2025-11-15", 3)).toBe("2026-02-15");
    expect(addMonths("2025-03-15", -3)).toBe("2024-12-15");
  });
  it("computes full years of age", () => {
    expect(ageOn("1986-03-10", "2026-03-09")).toBe(39);
    expect(ageOn("1986-03-10", "2026-03-10")).toBe(40);
    expect(ageOn("1986-03-10", "2026-04-01")).toBe(40);
    expect(ageOn("1986-03-10", "2026-02-28")).toBe(39);
    expect(weekday("2025-10-11")).toBe(6);
  });
});

describe("terms in days as workflow seconds", () => {
  it("turns whole days into the seconds a timer takes", () => {
    expect(DAY_SECONDS).toBe(86_400);
    expect(daysToSeconds(1)).toBe(86_400);
    expect(daysToSeconds(60)).toBe(5_184_000);
  });
  it("refuses what is not a positive whole number of days", () => {
    for (const days of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => daysToSeconds(days)).toThrow(RangeError);
    }
  });
});
