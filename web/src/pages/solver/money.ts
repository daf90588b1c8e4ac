// Workbench: money as a solver types it — yuan with up to two decimals ("1,234.5") parsed to integer fen by string
// arithmetic (no floating point), and fen written back as yuan text for a form.

/** "1,234.56" → 123456; undefined when it is not a non-negative amount of yuan with at most two decimals. */
export function yuanToFen(text: string | undefined | null): number | undefined {
  const clean = String(text ?? "")
    .replace(/[,，\s]/g, "")
    .replace(/^¥/, "");
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(clean);
  if (!match) return undefined;
  const whole = match[1] ?? "0";
  const cents = (match[2] ?? "").padEnd(2, "0");
  const fen = BigInt(whole) * 100n + BigInt(cents);
  return fen <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(fen) : undefined;
}

/** 123456 → "1234.56" (what a form field holds for an amount already saved). */
export function fenToYuanText(fen: number): string {
  const whole = Math.floor(fen / 100);
  const cents = fen % 100;
  return cents === 0 ? String(whole) : `${whole}.${String(cents).padStart(2, "0")}`;
}
