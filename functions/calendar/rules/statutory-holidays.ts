// Pure rule: a provisional year's days off, from 《全国年节及纪念日放假办法》 (as amended in 2024, in force from 2025) alone.
//
// Article 2 fixes the holidays of all citizens: 元旦 1 day (1 Jan), 春节 4 days (农历除夕 to 正月初三), 清明节 1 day (the
// 清明 solar term), 劳动节 2 days (1–2 May), 端午节 1 day (农历五月初五), 中秋节 1 day (农历八月十五), 国庆节 3 days
// (1–3 Oct). Its article on 补假: a holiday of all citizens falling on a Saturday or Sunday is made up on a working day;
// here, one working day after the holiday's run for each such day. Make-up workdays (调休上班) are not in the 办法:
// only the State Council's yearly notice sets them, so a provisional year has none.
//
// Lunar dates and the solar term come from `chinese-days` (getSolarDateFromLunar, getSolarTermDate) through a table
// generated from it (rules/festival-dates.ts, `npm run -s cli -- calendar festival-dates`; a unit test checks every
// year against the package): the package builds its whole holiday table when imported, which a Lambda would pay on
// every cold start of a function that counts working days.
import { addDays, type IsoDate, weekday } from "../../kernel/dates.ts";
import { festivalDates } from "./festival-dates.ts";

/** The first year of the amended 办法, and the last the lunar tables of `chinese-days` cover. */
export const provisionalYearRange = { from: 2025, to: 2099 } as const;

export const provisionalSource = (year: number) =>
  `provisional ${year}: statutory holidays of 《全国年节及纪念日放假办法》 (2024 amendment, art. 2, with 补假) and ` +
  `weekends; no make-up workdays until the State Council's arrangement for ${year} is loaded`;

export interface StatutoryDay {
  readonly date: IsoDate;
  /** The festival (元旦, 春节, …), or "补假" for a working day given back for a holiday on a weekend. */
  readonly name: string;
}

const isWeekend = (date: IsoDate) => weekday(date) === 0 || weekday(date) === 6;

/** The festivals of article 2 in `year`, each as its run of consecutive days. */
function festivals(year: number): { name: string; days: IsoDate[] }[] {
  const run = (first: IsoDate, n: number) => Array.from({ length: n }, (_, i) => addDays(first, i));
  const dates = festivalDates[year - provisionalYearRange.from];
  if (!dates) throw new Error(`no festival dates for ${year}`);
  const [springFestival, qingming, dragonBoat, midAutumn] = dates;
  return [
    { name: "元旦", days: [`${year}-01-01`] },
    { name: "春节", days: run(addDays(springFestival, -1), 4) },
    { name: "清明节", days: [qingming] },
    { name: "劳动节", days: run(`${year}-05-01`, 2) },
    { name: "端午节", days: [dragonBoat] },
    { name: "中秋节", days: [midAutumn] },
    { name: "国庆节", days: run(`${year}-10-01`, 3) },
  ];
}

/**
 * The statutory days off of `year` with their 补假, sorted. Festivals that meet (中秋 on a 国庆 day) are merged into one
 * run; each weekend day of a run is made up on the next working day after the run. Throws outside
 * `provisionalYearRange`.
 */
export function statutoryDaysOff(year: number): StatutoryDay[] {
  if (!Number.isInteger(year) || year < provisionalYearRange.from || year > provisionalYearRange.to) {
    throw new RangeError(`no provisional calendar for ${year}`);
  }
  const named = new Map<IsoDate, string>();
  for (const festival of festivals(year)) {
    for (const day of festival.days) {
      const other = named.get(day);
      named.set(day, other ? `${other}、${festival.name}` : festival.name);
    }
  }
  const days = [...named.keys()].sort();
  const off = new Set(days);
  const madeUp: IsoDate[] = [];
  let i = 0;
  while (i < days.length) {
    let end = i;
    while (end + 1 < days.length && days[end + 1] === addDays(days[end]!, 1)) end++;
    const weekendDays = days.slice(i, end + 1).filter(isWeekend).length;
    let next = days[end]!;
    for (let k = 0; k < weekendDays; k++) {
      do next = addDays(next, 1);
      while (isWeekend(next) || off.has(next));
      off.add(next);
      madeUp.push(next);
    }
    i = end + 1;
  }
  return [
    ...days.map((date) => ({ date, name: named.get(date)! })),
    ...madeUp.map((date) => ({ date, name: "补假" })),
  ].sort((a, b) => a.date.localeCompare(b.date));
}
