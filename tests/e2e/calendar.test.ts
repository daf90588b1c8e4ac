// End-to-end: an administrator loads a year's holiday arrangement that the bundled data lacks, and public notices
// count working days in it; until then a notice reaching into that year is counted provisionally from the statutory
// holidays and says so (tests/e2e/calendar-provisional.test.ts follows a notice through the correction).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { workingDayCalendar } from "../../functions/calendar/calendar.ts";
import { recordStore } from "../../functions/platform/deps.ts";
import { type Runtime, startRuntime } from "../../local/runtime.ts";
import { apiClient } from "../support/api.ts";

let runtime: Runtime;
let dataDir: string;
const api = apiClient(() => runtime.info.apiUrl);

/** A test fixture shaped like a State Council notice; not the official 2027 arrangement. */
const fixture2027 = {
  holidays: ["2027-01-01", "2027-01-02", "2027-01-03"],
  makeUpWorkdays: [],
  source: "test fixture (not the official 2027 arrangement)",
};

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "jiebang-calendar-"));
  // Monday 28 December 2026, 09:00 in Shanghai: a 5-working-day notice runs into 2027.
  runtime = await startRuntime({ dataDir, clockStart: "2026-12-28T01:00:00.000Z" });
});

afterAll(async () => {
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("operator-loaded calendar years", () => {
  it("counts a notice into a year without data provisionally, accepts the year from an administrator, then counts in it", async () => {
    const now = runtime.clock.now();
    const before = await workingDayCalendar(recordStore());
    expect(before.noticePeriod(now, 5)).toMatchObject({
      firstDay: "2026-12-28",
      lastDay: "2027-01-04",
      provisional: true,
      provisionalYears: [2027],
    });

    const bureau = await runtime.identity.issue({ user: "b1", org: "stb", roles: ["bureau"] });
    const admin = await runtime.identity.issue({ user: "ops", org: "it", roles: ["admin"] });
    type Year = { year: number; loaded: boolean; provisional: boolean; source: string };
    const years = await api.get<{ items: Year[] }>("/v1/calendar/years", bureau);
    expect(years.body.items.find((y) => y.year === 2026)).toMatchObject({
      loaded: false,
      provisional: false,
    });
    expect(years.body.items.find((y) => y.year === 2027)).toEqual({
      year: 2027,
      loaded: false,
      provisional: true,
      source: expect.stringContaining("《全国年节及纪念日放假办法》"),
    });
    expect(years.body.items.map((y) => y.year)).not.toContain(2028);

    expect(
      (await api.call("PUT", "/v1/calendar/years/2027", { token: bureau, body: fixture2027 })).status,
    ).toBe(403);
    const bad = await api.call<{ fields: { path: string }[] }>("PUT", "/v1/calendar/years/2027", {
      token: admin,
      body: { ...fixture2027, holidays: ["2026-01-01"] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((f) => f.path)).toEqual(["holidays.0"]);
    type Health = { parts: { clock: { detail: { warning?: string; calendarYears: number[] } } } };
    const warned = await api.get<Health>("/v1/health");
    expect(warned.body.parts.clock.detail.warning).toMatch(/2027.*provisional/);
    const loaded = await api.call("PUT", "/v1/calendar/years/2027", { token: admin, body: fixture2027 });
    expect(loaded.status).toBe(200);

    const after = await workingDayCalendar(recordStore());
    // 28, 29, 30, 31 December, then 1-3 January off: the fifth working day is Monday 4 January 2027.
    expect(after.noticePeriod(now, 5)).toMatchObject({
      firstDay: "2026-12-28",
      lastDay: "2027-01-04",
      provisional: false,
    });
    const listed = await api.get<{ items: Year[] }>("/v1/calendar/years", bureau);
    expect(listed.body.items.find((y) => y.year === 2027)).toEqual({
      year: 2027,
      loaded: true,
      provisional: false,
      source: fixture2027.source,
    });
    const healthy = await api.get<Health>("/v1/health");
    expect(healthy.body.parts.clock.detail.warning).toBeUndefined();
    expect(healthy.body.parts.clock.detail.calendarYears).toContain(2027);
  });
});
