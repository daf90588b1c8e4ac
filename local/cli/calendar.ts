// CLI group `calendar` (local/cli/): Chinese working days (Asia/Shanghai) and notice end dates, from the shipped data.
import { readFileSync } from "node:fs";
import { WorkingDayCalendar } from "../../functions/calendar/rules/working-days.ts";
import { isDomainError } from "../../functions/kernel/errors.ts";
import { type CommandGroup, flags, noPositionals, subcommands, UsageError } from "./args.ts";

const usage = `usage:
  calendar notice-end --from DATE|ISO-INSTANT --working-days N [--calendar FILE] [--json]
  calendar is-workday --date YYYY-MM-DD [--calendar FILE]
  calendar years [--calendar FILE]
--calendar loads extra years: {"years":[{"year":2027,"holidays":[...],"makeUpWorkdays":[...],"source":"..."}]}
or a chinese-days JSON file (dist/years/2027.json).`;

function asUsage<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (isDomainError(error) && error.kind !== "conflict") {
      throw new UsageError(`${error.message} (${error.messageZh})`);
    }
    throw error;
  }
}

function calendarFrom(file: string | undefined): WorkingDayCalendar {
  const bundled = WorkingDayCalendar.bundled();
  if (file === undefined) return bundled;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new UsageError(`--calendar ${file}: ${(error as Error).message}`);
  }
  return asUsage(() => bundled.withFile(json, file));
}

async function noticeEnd(argv: string[]): Promise<number> {
  const { values, positionals } = flags(argv, {
    from: { type: "string" },
    "working-days": { type: "string" },
    calendar: { type: "string" },
    json: { type: "boolean" },
  });
  noPositionals(positionals);
  if (values.from === undefined) throw new UsageError(`--from is required\n${usage}`);
  const daysText = values["working-days"];
  if (daysText === undefined) throw new UsageError(`--working-days is required\n${usage}`);
  if (!/^[1-9][0-9]{0,2}$/.test(daysText)) {
    throw new UsageError(`--working-days must be a whole number from 1 to 999, got "${daysText}"`);
  }
  const calendar = calendarFrom(values.calendar);
  const from = values.from;
  const period = asUsage(() => calendar.noticePeriod(from, Number(daysText)));
  if (values.json) console.log(JSON.stringify(period));
  else console.log(period.lastDay);
  return 0;
}

async function isWorkday(argv: string[]): Promise<number> {
  const { values, positionals } = flags(argv, { date: { type: "string" }, calendar: { type: "string" } });
  noPositionals(positionals);
  if (values.date === undefined) throw new UsageError(`--date is required\n${usage}`);
  const date = values.date;
  const calendar = calendarFrom(values.calendar);
  console.log(asUsage(() => calendar.isWorkingDay(date)) ? "workday" : "day off");
  return 0;
}

async function years(argv: string[]): Promise<number> {
  const { values, positionals } = flags(argv, { calendar: { type: "string" } });
  noPositionals(positionals);
  const calendar = calendarFrom(values.calendar);
  for (const year of calendar.years()) console.log(`${year}  ${calendar.sourceOf(year)}`);
  return 0;
}

export const calendarCommands: CommandGroup = subcommands(
  "calendar",
  "Chinese working days and notice end dates (calendar notice-end|is-workday|years)",
  usage,
  { "notice-end": noticeEnd, "is-workday": isWorkday, years: years },
);
