// Pure rule: Chinese working days (Asia/Shanghai) with statutory holidays and make-up workdays (调休), and notice periods.
//
// Data: the `chinese-days` package (npm, MIT, github.com/vsme/chinese-days) ships the State Council's holiday
// arrangements (国务院办公厅关于部分节假日安排的通知) as dist/chinese-days.json, 2004 to the latest year it
// has; an operator loads a newer year with `withYears` / `withFile` (the CLI takes `--calendar FILE`). Until the
// State Council's arrangement for a year is loaded, the bundled calendar counts that year provisionally from the
// statutory holidays (rules/statutory-holidays.ts; no make-up workdays), and everything counted so says
// `provisional`. Outside the years the statute's lunar dates can be computed for, a year without data is an error.
import bundledData from "chinese-days/dist/chinese-days.json" with { type: "json" };
import * as z from "zod/mini";
import {
  addDays,
  assertIsoDate,
  type IsoDate,
  isIsoDate,
  shanghaiDate,
  shanghaiInstant,
  weekday,
} from "../../kernel/dates.ts";
import { businessRuleError, parseOrThrow, validationError } from "../../kernel/errors.ts";
import { provisionalSource, provisionalYearRange, statutoryDaysOff } from "./statutory-holidays.ts";

/** One year's arrangement: days off that would be working days, and weekend days that are worked (调休). */
export interface CalendarYear {
  year: number;
  /** Statutory holidays (法定节假日及调休放假日), including those falling on weekends. */
  holidays: IsoDate[];
  /** Weekend days that are working days (调休上班). */
  makeUpWorkdays: IsoDate[];
  /** Where the arrangement comes from. */
  source: string;
}

const isoDate = () =>
  z.string().check(
    z.refine(isIsoDate, {
      message: "not a date YYYY-MM-DD",
      params: { messageZh: "不是有效日期（YYYY-MM-DD）" },
    }),
  );

export const calendarYearSchema = z.lazy(() =>
  z
    .strictObject({
      year: z.number().check(z.int(), z.gte(2000), z.lte(2100)),
      holidays: z.array(isoDate()),
      makeUpWorkdays: z.array(isoDate()),
      source: z.string().check(z.minLength(1)),
    })
    .check(
      z.superRefine((data, ctx) => {
        const check = (list: "holidays" | "makeUpWorkdays") =>
          data[list].forEach((date, i) => {
            if (isIsoDate(date) && Number(date.slice(0, 4)) !== data.year) {
              ctx.addIssue({
                code: "custom",
                path: [list, i],
                message: `${date} is not in ${data.year}`,
                params: { messageZh: `${date} 不在 ${data.year} 年内` },
              });
            }
          });
        check("holidays");
        check("makeUpWorkdays");
        data.makeUpWorkdays.forEach((date, i) => {
          if (data.holidays.includes(date)) {
            ctx.addIssue({
              code: "custom",
              path: ["makeUpWorkdays", i],
              message: `${date} is both a holiday and a make-up workday`,
              params: { messageZh: `${date} 不能既是假日又是调休上班日` },
            });
          } else if (isIsoDate(date) && weekday(date) !== 0 && weekday(date) !== 6) {
            ctx.addIssue({
              code: "custom",
              path: ["makeUpWorkdays", i],
              message: `${date} is not a weekend day, so it cannot be a make-up workday`,
              params: { messageZh: `${date} 不是周末，不能作为调休上班日` },
            });
          }
        });
      }),
    ),
);

/** The `chinese-days` JSON shape (dist/chinese-days.json or dist/years/YYYY.json). */
export const chineseDaysJsonSchema = z.lazy(() =>
  z.object({
    holidays: z.record(isoDate(), z.string()),
    workdays: z.record(isoDate(), z.string()),
  }),
);

/** A calendar file an operator loads: our shape, or a `chinese-days` JSON file. */
export const calendarFileSchema = z.lazy(() =>
  z.union([
    z.strictObject({ years: z.array(calendarYearSchema).check(z.minLength(1)) }),
    chineseDaysJsonSchema,
  ]),
);

interface YearDays {
  holidays: ReadonlySet<IsoDate>;
  makeUpWorkdays: ReadonlySet<IsoDate>;
  source: string;
}

/** Turn `chinese-days` JSON into one CalendarYear per year it mentions. */
export function yearsFromChineseDays(
  json: z.infer<typeof chineseDaysJsonSchema>,
  source: string,
): CalendarYear[] {
  const byYear = new Map<number, CalendarYear>();
  const yearOf = (date: IsoDate) => {
    const year = Number(date.slice(0, 4));
    let entry = byYear.get(year);
    if (!entry) {
      entry = { year, holidays: [], makeUpWorkdays: [], source };
      byYear.set(year, entry);
    }
    return entry;
  };
  for (const date of Object.keys(json.holidays)) yearOf(date).holidays.push(date);
  for (const date of Object.keys(json.workdays)) yearOf(date).makeUpWorkdays.push(date);
  return [...byYear.values()].sort((a, b) => a.year - b.year);
}

export interface NoticePeriod {
  /** The first working day counted (the publication day when it is a working day). */
  firstDay: IsoDate;
  /** The N-th working day: the notice runs through 23:59:59 of this day, Asia/Shanghai. */
  lastDay: IsoDate;
  /** 23:59:59.999 of `lastDay` in Asia/Shanghai, as epoch ms and as ISO with +08:00. */
  endsAtMs: number;
  endsAt: string;
  /** Whether a year from the publication day to `lastDay` was counted provisionally (no official arrangement). */
  provisional: boolean;
  /** Those years, ascending (empty when `provisional` is false). */
  provisionalYears: number[];
}

/** An immutable working-day calendar over the years it has data for. */
export class WorkingDayCalendar {
  private constructor(
    private readonly data: ReadonlyMap<number, YearDays>,
    /** Whether a year without data is counted provisionally (when the statute's dates can be computed for it). */
    private readonly provisional: boolean,
  ) {}

  /** A calendar from year arrangements (validated), strict: a year without data is an error. */
  static of(years: readonly CalendarYear[]): WorkingDayCalendar {
    return WorkingDayCalendar.empty().withYears(years);
  }

  static empty(): WorkingDayCalendar {
    return new WorkingDayCalendar(new Map(), false);
  }

  /** The calendar that ships with the project (chinese-days' data), with provisional years after it. */
  static bundled(): WorkingDayCalendar {
    bundledCalendar ??= WorkingDayCalendar.of(
      yearsFromChineseDays(bundledData, "chinese-days npm package, dist/chinese-days.json"),
    ).withProvisionalYears();
    return bundledCalendar;
  }

  /** A copy that counts a year without data provisionally, from the statutory holidays (2025–2099). */
  withProvisionalYears(): WorkingDayCalendar {
    return new WorkingDayCalendar(this.data, true);
  }

  /** A copy with these years added or replaced (an operator loading a newer arrangement). */
  withYears(years: readonly CalendarYear[]): WorkingDayCalendar {
    const next = new Map(this.data);
    for (const input of years) {
      const year = parseOrThrow(calendarYearSchema, input, "INVALID_CALENDAR_YEAR");
      next.set(year.year, {
        holidays: new Set(year.holidays),
        makeUpWorkdays: new Set(year.makeUpWorkdays),
        source: year.source,
      });
    }
    return new WorkingDayCalendar(next, this.provisional);
  }

  /** A copy with the years of a calendar file (either shape of `calendarFileSchema`) added or replaced. */
  withFile(input: unknown, source: string): WorkingDayCalendar {
    const file = parseOrThrow(calendarFileSchema, input, "INVALID_CALENDAR_FILE");
    return this.withYears("years" in file ? file.years : yearsFromChineseDays(file, source));
  }

  /** The years this calendar has official data for, ascending. */
  years(): number[] {
    return [...this.data.keys()].sort((a, b) => a - b);
  }

  /** Whether the year has official data (bundled or loaded). */
  hasYear(year: number): boolean {
    return this.data.has(year);
  }

  /** Whether the year is counted provisionally: no official data, but the statute's days can be computed. */
  isProvisional(year: number): boolean {
    return (
      this.provisional &&
      !this.data.has(year) &&
      year >= provisionalYearRange.from &&
      year <= provisionalYearRange.to
    );
  }

  /** Whether working days can be counted in the year, officially or provisionally. */
  covers(year: number): boolean {
    return this.hasYear(year) || this.isProvisional(year);
  }

  /** Every year working days can be counted in, ascending. */
  coveredYears(): number[] {
    const years = new Set(this.years());
    if (this.provisional) {
      for (let y = provisionalYearRange.from; y <= provisionalYearRange.to; y++) years.add(y);
    }
    return [...years].sort((a, b) => a - b);
  }

  /** The source of a year's data (a provisional year's names the 办法), or undefined. */
  sourceOf(year: number): string | undefined {
    return this.data.get(year)?.source ?? (this.isProvisional(year) ? provisionalSource(year) : undefined);
  }

  private yearDays(date: IsoDate): YearDays {
    const year = Number(date.slice(0, 4));
    const days = this.data.get(year) ?? (this.isProvisional(year) ? provisionalYear(year) : undefined);
    if (!days) {
      const known = this.years();
      const range = known.length ? `${known[0]}–${known[known.length - 1]}` : "none";
      throw businessRuleError(
        "CALENDAR_YEAR_NOT_LOADED",
        `no holiday arrangement loaded for ${year} (loaded: ${range}); load the State Council's arrangement for ${year}`,
        `未载入 ${year} 年的节假日安排（已有：${range}），请载入国务院办公厅 ${year} 年节假日安排`,
        [{ path: "date", message: `no calendar data for ${year}`, messageZh: `缺少 ${year} 年日历数据` }],
      );
    }
    return days;
  }

  /** Whether `date` is a working day: a weekday that is not a holiday, or a make-up workday (调休上班). */
  isWorkingDay(date: IsoDate): boolean {
    assertIsoDate(date, "date");
    const days = this.yearDays(date);
    if (days.makeUpWorkdays.has(date)) return true;
    if (days.holidays.has(date)) return false;
    const day = weekday(date);
    return day !== 0 && day !== 6;
  }

  /** The `n`-th working day counting from `from` (included when it is a working day), n ≥ 1. */
  nthWorkingDay(from: IsoDate, n: number): IsoDate {
    assertIsoDate(from, "from");
    if (!Number.isInteger(n) || n < 1 || n > 1000) {
      throw validationError(
        "INVALID_WORKING_DAYS",
        `workingDays: must be a whole number from 1 to 1000, got ${String(n)}`,
        `workingDays：工作日数必须是 1 到 1000 的整数，实际为 ${String(n)}`,
        [{ path: "workingDays", message: "must be 1 to 1000", messageZh: "必须是 1 到 1000 的整数" }],
      );
    }
    let date = from;
    let counted = 0;
    for (;;) {
      if (this.isWorkingDay(date)) counted += 1;
      if (counted === n) return date;
      date = addDays(date, 1);
    }
  }

  /**
   * The public notice rule (公示 N 个工作日, 《太原市实施“双百攻关行动”工作方案》四（五）): a notice published on day D (Asia/Shanghai) runs
   * through 23:59:59 of its N-th working day, counting D when D is a working day, else from the next one.
   * `publishedAt`: epoch ms, an ISO instant with offset, or a date "YYYY-MM-DD".
   */
  noticePeriod(publishedAt: number | string, workingDays: number): NoticePeriod {
    const day = publicationDay(publishedAt);
    const firstDay = this.nthWorkingDay(day, 1);
    const lastDay = this.nthWorkingDay(day, workingDays);
    const endsAtMs = shanghaiInstant(lastDay, 23, 59, 59, 999);
    const provisionalYears: number[] = [];
    for (let y = Number(day.slice(0, 4)); y <= Number(lastDay.slice(0, 4)); y++) {
      if (this.isProvisional(y)) provisionalYears.push(y);
    }
    return {
      firstDay,
      lastDay,
      endsAtMs,
      endsAt: `${lastDay}T23:59:59.999+08:00`,
      provisional: provisionalYears.length > 0,
      provisionalYears,
    };
  }

  /** Whether a notice published at `publishedAt` for `workingDays` has ended at instant `nowMs`. */
  noticeHasEnded(publishedAt: number | string, workingDays: number, nowMs: number): boolean {
    return nowMs > this.noticePeriod(publishedAt, workingDays).endsAtMs;
  }
}

let bundledCalendar: WorkingDayCalendar | undefined;

const provisionalYears = new Map<number, YearDays>();

/** A provisional year's days (computed once per year): statutory holidays and 补假, no make-up workdays. */
function provisionalYear(year: number): YearDays {
  let days = provisionalYears.get(year);
  if (!days) {
    days = {
      holidays: new Set(statutoryDaysOff(year).map((d) => d.date)),
      makeUpWorkdays: new Set(),
      source: provisionalSource(year),
    };
    provisionalYears.set(year, days);
  }
  return days;
}

const instantSchema = z.iso.datetime({ offset: true });

/** The Asia/Shanghai date of a publication instant given as epoch ms, ISO instant or date. */
export function publicationDay(publishedAt: number | string): IsoDate {
  if (typeof publishedAt === "number") {
    if (!Number.isSafeInteger(publishedAt)) {
      throw validationError(
        "INVALID_INSTANT",
        "publishedAt: not an epoch-ms instant",
        "publishedAt：不是有效的时间戳（毫秒）",
        [{ path: "publishedAt", message: "not an epoch-ms instant", messageZh: "不是有效的时间戳" }],
      );
    }
    return shanghaiDate(publishedAt);
  }
  if (isIsoDate(publishedAt)) return publishedAt;
  if (!instantSchema.safeParse(publishedAt).success) {
    throw validationError(
      "INVALID_INSTANT",
      `publishedAt: "${publishedAt}" is neither a date YYYY-MM-DD nor an ISO instant with offset`,
      `publishedAt：“${publishedAt}”既不是日期（YYYY-MM-DD）也不是带时区的 ISO 时间`,
      [{ path: "publishedAt", message: "not a date or ISO instant", messageZh: "不是日期或 ISO 时间" }],
    );
  }
  return shanghaiDate(Date.parse(publishedAt));
}
