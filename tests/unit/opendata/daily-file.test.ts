// Unit tests: open data's daily file (functions/opendata/daily-file.ts) — the day's package and CSV under the day's
// date, then `latest`; idempotent per day; a run that stopped before `latest` heals; `latest` never goes back a day;
// nothing awarded, no file (the standard's package needs a grant).
import { describe, expect, it } from "vitest";
import { writeDailyFile } from "../../../functions/opendata/daily-file.ts";
import { openDataNow } from "../../../functions/opendata/open-data.ts";
import type { PublicFileStore } from "../../../functions/platform/ports/public-files.ts";
import { ControllableClock } from "../../../local/clock.ts";
import { memoryRecordStore } from "../../support/memory-records.ts";
import { awardedProject } from "../../support/projects.ts";
import { packageValidator } from "../../support/three-sixty-giving.ts";

/** The public files as a map, with every put recorded in order; `failOn` makes puts of one key fail. */
function memoryFiles() {
  const objects = new Map<string, { body: string; contentType: string; cacheControl: string }>();
  const puts: string[] = [];
  let failOn: string | undefined;
  const store: PublicFileStore = {
    async read(key) {
      return objects.get(key)?.body;
    },
    async put(key, body, meta) {
      if (key === failOn) throw new Error(`injected failure writing ${key}`);
      puts.push(key);
      objects.set(key, { body, ...meta });
    },
  };
  return { store, objects, puts, failOn: (key: string | undefined) => (failOn = key) };
}

const dir = "open-data/360giving/";
/** 2025-07-01 00:00 Asia/Shanghai, the daily rule's time. */
const day1 = "2025-06-30T16:00:00.000Z";
const day2 = "2025-07-01T16:00:00.000Z";

async function seeded() {
  const records = memoryRecordStore();
  const clock = new ControllableClock(undefined, Date.parse("2025-06-20T02:00:00.000Z"));
  const project = await awardedProject({ clock }, { records });
  return { records, project };
}

describe("open data's daily file", () => {
  it("writes the day's JSON and CSV under its date, then latest.* as copies; the JSON is the API's package", async () => {
    const { records, project } = await seeded();
    const files = memoryFiles();
    const result = await writeDailyFile({ records, files: files.store }, day1);
    expect(result).toEqual({ date: "2025-07-01", outcome: "written", grants: 1 });
    // The day's files first (the JSON last of them), latest only after.
    expect(files.puts).toEqual([
      `${dir}2025-07-01.csv`,
      `${dir}2025-07-01.json`,
      `${dir}latest.csv`,
      `${dir}latest.json`,
    ]);
    const day = JSON.parse(files.objects.get(`${dir}2025-07-01.json`)!.body);
    const validate = packageValidator();
    expect(validate(day), JSON.stringify(validate.errors)).toBe(true);
    expect(day.issued).toBe("2025-07-01");
    expect(day.grants[0].id).toMatch(new RegExp(`-${project.projectId}$`));
    expect(day).toEqual(await openDataNow({ records, now: () => new Date(day1) }));
    expect(files.objects.get(`${dir}latest.json`)!.body).toBe(
      files.objects.get(`${dir}2025-07-01.json`)!.body,
    );
    expect(files.objects.get(`${dir}latest.csv`)!.body).toBe(files.objects.get(`${dir}2025-07-01.csv`)!.body);
    expect(files.objects.get(`${dir}2025-07-01.csv`)!.body).toMatch(/^\uFEFFIdentifier,Title,/);
    expect(files.objects.get(`${dir}2025-07-01.json`)).toMatchObject({
      contentType: "application/json; charset=utf-8",
      cacheControl: "public, max-age=86400",
    });
    expect(files.objects.get(`${dir}latest.csv`)).toMatchObject({
      contentType: "text/csv; charset=utf-8",
      cacheControl: "public, max-age=300",
    });
  });

  it("is idempotent per day: a second run of the day, after another award, leaves the day's file as it was", async () => {
    const { records } = await seeded();
    const files = memoryFiles();
    await writeDailyFile({ records, files: files.store }, day1);
    const first = files.objects.get(`${dir}2025-07-01.json`)!.body;
    const clock = new ControllableClock(undefined, Date.parse("2025-07-01T03:00:00.000Z"));
    await awardedProject({ clock }, { records });
    const again = await writeDailyFile({ records, files: files.store }, "2025-07-01T05:00:00.000Z");
    expect(again).toEqual({ date: "2025-07-01", outcome: "already-written", grants: 1 });
    expect(files.objects.get(`${dir}2025-07-01.json`)!.body).toBe(first);
    expect(files.objects.get(`${dir}latest.json`)!.body).toBe(first);
    // The next day has both awards.
    const next = await writeDailyFile({ records, files: files.store }, day2);
    expect(next).toEqual({ date: "2025-07-02", outcome: "written", grants: 2 });
    expect(JSON.parse(files.objects.get(`${dir}latest.json`)!.body).grants).toHaveLength(2);
  });

  it("never a half-published day at latest: a run that stops before latest leaves the previous day there, and its rerun heals", async () => {
    const { records } = await seeded();
    const files = memoryFiles();
    await writeDailyFile({ records, files: files.store }, day1);
    files.failOn(`${dir}latest.csv`);
    await expect(writeDailyFile({ records, files: files.store }, day2)).rejects.toThrow(/injected/);
    expect(JSON.parse(files.objects.get(`${dir}latest.json`)!.body).issued).toBe("2025-07-01");
    files.failOn(undefined);
    const rerun = await writeDailyFile({ records, files: files.store }, day2);
    expect(rerun.outcome).toBe("already-written");
    expect(files.objects.get(`${dir}latest.json`)!.body).toBe(
      files.objects.get(`${dir}2025-07-02.json`)!.body,
    );
    expect(files.objects.get(`${dir}latest.csv`)!.body).toBe(files.objects.get(`${dir}2025-07-02.csv`)!.body);
  });

  it("a late rerun of an earlier day does not take latest back to it", async () => {
    const { records } = await seeded();
    const files = memoryFiles();
    await writeDailyFile({ records, files: files.store }, day2);
    const late = await writeDailyFile({ records, files: files.store }, day1);
    expect(late.outcome).toBe("written");
    expect(files.objects.has(`${dir}2025-07-01.json`)).toBe(true);
    expect(JSON.parse(files.objects.get(`${dir}latest.json`)!.body).issued).toBe("2025-07-02");
  });

  it("nothing awarded yet: no file at all (a 360Giving package needs at least one grant)", async () => {
    const files = memoryFiles();
    const result = await writeDailyFile({ records: memoryRecordStore(), files: files.store }, day1);
    expect(result).toEqual({ date: "2025-07-01", outcome: "nothing-awarded", grants: 0 });
    expect(files.puts).toEqual([]);
    // Why: the standard's package schema refuses an empty grants array.
    const empty = await openDataNow({ records: memoryRecordStore(), now: () => new Date(day1) });
    expect(packageValidator()(empty)).toBe(false);
  });
});
