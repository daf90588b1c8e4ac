// Model of open data (公开数据): it keeps no records of its own — it reads the awards, tranches and recoveries — and
// is configured by these environment variables (docs/open-data.md).

/** The city's settings: its registered 360Giving prefix, its science bureau's code and name, the data licence. */
export const openDataEnv = {
  prefix: "JIEBANG_OPEN_DATA_PREFIX",
  funderUscc: "JIEBANG_FUNDER_USCC",
  funderName: "JIEBANG_FUNDER_NAME",
  license: "JIEBANG_OPEN_DATA_LICENSE",
} as const;

/**
 * The daily file's public path (docs/open-data.md "Daily file"): `open-data/360giving/<date>.json` and `.csv` for each
 * day (Asia/Shanghai), and `latest.json` / `latest.csv`, copies of the newest day's. Under the console's distribution
 * in AWS (https://<console host>/open-data/360giving/latest.json), under the gateway locally.
 */
export const openDataPath = "open-data/360giving/";

export const dailyFileKeys = (date: string) => ({
  json: `${openDataPath}${date}.json`,
  csv: `${openDataPath}${date}.csv`,
});
export const latestFileKeys = {
  json: `${openDataPath}latest.json`,
  csv: `${openDataPath}latest.csv`,
} as const;

/** A day's file never changes once written; `latest` changes daily (CloudFront and readers revalidate after 5 min). */
export const dailyFileCache = "public, max-age=86400";
export const latestFileCache = "public, max-age=300";
