// Workbench (bureau): the task book's checks made before sending, the same as the server makes them — the end date
// (start + period months, clamped to the month's last day), every milestone due within the period, the horse race's
// key milestone one of the plan's, and the tranche split adding up to the grant.

/** yyyy-MM-dd plus whole months; the 31st in a shorter month becomes its last day (as the API counts). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const monthIndex = y * 12 + (m - 1) + months;
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month, Math.min(d, lastDay))).toISOString().slice(0, 10);
}

export const isDate = (s: unknown): s is string =>
  typeof s === "string" && /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`));

/** Why a milestone's due date is refused, or undefined when it is within [start, start + period]. */
export function dueDateProblem(
  due: string | undefined,
  startDate: string | undefined,
  periodMonths: number,
): "missing" | "not-a-date" | "outside" | undefined {
  if (!due) return "missing";
  if (!isDate(due)) return "not-a-date";
  if (!isDate(startDate)) return undefined;
  const end = addMonths(startDate, periodMonths);
  return due < startDate || due > end ? "outside" : undefined;
}

/** Whether the tranches add up to the grant exactly (integer fen). */
export const splitAddsUp = (tranches: readonly { amountFen: number }[], grantFen: number): boolean =>
  tranches.reduce((s, t) => s + t.amountFen, 0) === grantFen;
