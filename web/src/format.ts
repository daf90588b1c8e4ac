// Workbench: how numbers and times read — money (integer fen) in yuan to the fen with thousands separators, dates as
// yyyy-MM-dd and times as yyyy-MM-dd HH:mm in Beijing time, whatever the browser's locale.
const beijingMs = 8 * 3_600_000;

/** 300000000 → "¥3,000,000.00" (exact: integer arithmetic on fen, no floating point). */
export function yuan(fen: number | null | undefined): string {
  if (fen === null || fen === undefined || !Number.isFinite(fen)) return "—";
  const negative = fen < 0;
  const abs = Math.abs(Math.round(fen));
  const whole = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const cents = (abs % 100).toString().padStart(2, "0");
  return `${negative ? "-" : ""}¥${whole}.${cents}`;
}

function beijing(iso: string | null | undefined): string | undefined {
  if (!iso) return undefined;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return undefined;
  return new Date(ms + beijingMs).toISOString();
}

/** An instant or a calendar date as yyyy-MM-dd (Beijing); a bare date (2025-07-01) as it is. */
export function day(iso: string | null | undefined): string {
  if (!iso) return "";
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  return beijing(iso)?.slice(0, 10) ?? iso;
}

/** An instant as yyyy-MM-dd HH:mm:ss (Beijing). */
export function when(iso: string | null | undefined): string {
  const text = beijing(iso);
  return text ? `${text.slice(0, 10)} ${text.slice(11, 19)}` : "";
}

/** Whole days from a date (yyyy-MM-dd) to an instant, in Beijing; negative when the date is still ahead. */
export function daysSince(date: string, nowIso: string): number {
  const now = Date.parse(`${day(nowIso)}T00:00:00Z`);
  return Math.round((now - Date.parse(`${date}T00:00:00Z`)) / 86_400_000);
}
