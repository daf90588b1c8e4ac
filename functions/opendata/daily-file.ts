// Use case (open data): the daily file — the day's 360Giving package and CSV written to the public path under the
// day's date, then copied to `latest`; idempotent per day (the first complete run of a day fixes that day's files).
import { shanghaiDate } from "../kernel/dates.ts";
import type { PublicFileStore } from "../platform/ports/public-files.ts";
import type { RecordStore } from "../platform/ports/records.ts";
import { dailyFileCache, dailyFileKeys, latestFileCache, latestFileKeys } from "./model.ts";
import { openDataSettings, openGrantInputs } from "./open-data.ts";
import { grantsCsv, openDataPackage } from "./rules/grants.ts";

export interface DailyFileDeps {
  readonly records: RecordStore;
  readonly files: PublicFileStore;
}

export type DailyFileResult =
  | { readonly date: string; readonly outcome: "written" | "already-written"; readonly grants: number }
  /** Nothing awarded yet: the standard's package needs at least one grant, so no file (docs/open-data.md). */
  | { readonly date: string; readonly outcome: "nothing-awarded"; readonly grants: 0 };

const json = { contentType: "application/json; charset=utf-8" };
const csv = { contentType: "text/csv; charset=utf-8" };

/**
 * Writes the package as of `at` (the scheduled run's time) for its Asia/Shanghai date. The day's CSV, then its JSON
 * (the day's marker) are written first, each whole; `latest` is written from them only afterwards, so `latest` never
 * names a day whose files are not all there, and it never goes back to an earlier day. A rerun of a day finds its JSON and only rewrites `latest` from the day's
 * files (a run that stopped between the two heals; a second run changes nothing).
 */
export async function writeDailyFile(deps: DailyFileDeps, at: string): Promise<DailyFileResult> {
  const date = shanghaiDate(Date.parse(at));
  const day = dailyFileKeys(date);
  let dayJson = await deps.files.read(day.json);
  let dayCsv = dayJson === undefined ? undefined : await deps.files.read(day.csv);
  const already = dayJson !== undefined && dayCsv !== undefined;
  let grants: number;
  if (dayJson === undefined || dayCsv === undefined) {
    const pkg = openDataPackage(openDataSettings(), await openGrantInputs(deps.records), at);
    if (pkg.grants.length === 0) return { date, outcome: "nothing-awarded", grants: 0 };
    dayCsv = grantsCsv(pkg.grants);
    dayJson = `${JSON.stringify(pkg, null, 2)}\n`;
    await deps.files.put(day.csv, dayCsv, { ...csv, cacheControl: dailyFileCache });
    await deps.files.put(day.json, dayJson, { ...json, cacheControl: dailyFileCache });
    grants = pkg.grants.length;
  } else {
    grants = (JSON.parse(dayJson) as { grants: unknown[] }).grants.length;
  }
  // A late rerun of an earlier day leaves a newer day's `latest` alone.
  const latest = await deps.files.read(latestFileKeys.json);
  const latestDate = latest === undefined ? undefined : (JSON.parse(latest) as { issued?: string }).issued;
  if (latestDate === undefined || latestDate <= date) {
    await deps.files.put(latestFileKeys.csv, dayCsv, { ...csv, cacheControl: latestFileCache });
    await deps.files.put(latestFileKeys.json, dayJson, { ...json, cacheControl: latestFileCache });
  }
  return { date, outcome: already ? "already-written" : "written", grants };
}
