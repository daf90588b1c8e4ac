// Workbench (bureau): money typed as yuan ("3,000,000.50") read as integer fen without floating point, and back.

const pattern = /^(\d{1,13})(?:\.(\d{1,2}))?$/;

/** "1,234.5" → 123450; undefined when it is not an amount of yuan to the fen. */
export function toFen(text: string | number | null | undefined): number | undefined {
  if (text === null || text === undefined) return undefined;
  const clean = String(text).replace(/[,\s，¥]/g, "");
  const m = pattern.exec(clean);
  if (!m) return undefined;
  const whole = Number(m[1]);
  const cents = Number((m[2] ?? "").padEnd(2, "0"));
  return whole * 100 + cents;
}

/** 300000000 → "3,000,000.00" (the form's starting value; toFen reads the separators back exactly). */
export function fenToInput(fen: number | null | undefined): string {
  if (fen === null || fen === undefined || !Number.isSafeInteger(fen) || fen < 0) return "";
  const whole = String(Math.floor(fen / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${whole}.${String(fen % 100).padStart(2, "0")}`;
}

/** Whether a form's yuan field holds an amount (the required rule is separate). */
export const isYuan = (text: unknown): boolean =>
  text === undefined || text === "" || toFen(text as string) !== undefined;
