// Workbench: money as a person types it — yuan with at most two decimals ("12,345.67") to integer fen, exactly (the
// digits are read as text, never through floating point).

/** "12,345.67" → 1234567; "" or anything else → undefined. Commas and spaces between digits are allowed. */
export function fenFromYuan(text: string): number | undefined {
  const plain = text.trim().replace(/[,，\s]/g, "");
  const match = /^(\d{1,13})(?:\.(\d{1,2}))?$/.exec(plain);
  if (!match) return undefined;
  const fen = Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
  return Number.isSafeInteger(fen) ? fen : undefined;
}

/** Integer fen as a plain decimal for a spreadsheet: 1234567 → "12345.67", -5 → "-0.05" (no separators, no ¥). */
export function plainYuan(fen: number): string {
  const abs = Math.abs(fen);
  return `${fen < 0 ? "-" : ""}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}
