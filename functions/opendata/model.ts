// Model of open data (公开数据): it keeps no records of its own — it reads the awards, tranches and recoveries — and
// is configured by these environment variables (docs/open-data.md).

/** The city's settings: its registered 360Giving prefix, its science bureau's code and name, the data licence. */
export const openDataEnv = {
  prefix: "JIEBANG_OPEN_DATA_PREFIX",
  funderUscc: "JIEBANG_FUNDER_USCC",
  funderName: "JIEBANG_FUNDER_NAME",
  license: "JIEBANG_OPEN_DATA_LICENSE",
} as const;
