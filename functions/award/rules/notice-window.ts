// Pure rule: a public notice (公示) whose window was counted in a provisional year, once the State Council's arrangement
// for that year is loaded. The policy requires N working days (《太原市实施“双百攻关行动”工作方案》四（五））: when the
// official days give a later end, the notice is extended to it; when they give an earlier end (or the same), the
// announced end is kept — the public was told that date and may object until then, and running longer than N
// working days harms no one — and only the provisional mark is cleared.
import type { NoticePeriod, WorkingDayCalendar } from "../../calendar/rules/working-days.ts";
import type { IsoDate } from "../../kernel/dates.ts";

export interface CountedWindow {
  readonly publishedAt: string;
  readonly workingDays: number;
  readonly lastDay: IsoDate;
  /** The years the window was counted in provisionally. */
  readonly provisionalYears?: readonly number[] | undefined;
}

export type WindowCorrection =
  /** None of the provisional years has an official arrangement yet: nothing to do. */
  | { readonly kind: "unchanged" }
  /** The official days end the window later: it runs to `period.lastDay`. */
  | {
      readonly kind: "extended";
      readonly year: number;
      readonly previousLastDay: IsoDate;
      readonly period: NoticePeriod;
    }
  /** The official days end it on or before the announced end, which is kept. */
  | {
      readonly kind: "confirmed";
      readonly year: number;
      readonly lastDay: IsoDate;
      readonly officialLastDay: IsoDate;
      /** Years still provisional (another year the window touches that has no arrangement yet). */
      readonly provisionalYears: number[];
    };

/** What loading official years into `calendar` does to a window counted provisionally. */
export function correctWindow(window: CountedWindow, calendar: WorkingDayCalendar): WindowCorrection {
  const nowOfficial = (window.provisionalYears ?? []).filter((y) => !calendar.isProvisional(y));
  const year = nowOfficial[0];
  if (year === undefined) return { kind: "unchanged" };
  const period = calendar.noticePeriod(window.publishedAt, window.workingDays);
  if (period.lastDay > window.lastDay) {
    return { kind: "extended", year, previousLastDay: window.lastDay, period };
  }
  return {
    kind: "confirmed",
    year,
    lastDay: window.lastDay,
    officialLastDay: period.lastDay,
    provisionalYears: period.provisionalYears,
  };
}
