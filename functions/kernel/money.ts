// Kernel: exact money in integer fen (分) and rates in basis points; no floating point anywhere.
import { validationError } from "./errors.ts";

/** An amount of CNY in fen (0.01 CNY): a non-negative safe integer. */
export type Fen = number;
/** A rate in basis points: 10000 bp = 100%. */
export type BasisPoints = number;

export const FEN_PER_YUAN = 100;
export const FULL_SHARE_BP = 10_000;

/** Throws unless `value` is a non-negative safe integer amount of fen. */
export function assertFen(value: number, field: string): Fen {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw validationError(
      "INVALID_AMOUNT",
      `${field}: must be a non-negative whole number of fen, got ${String(value)}`,
      `${field}：金额必须是非负整数（单位：分），实际为 ${String(value)}`,
      [
        {
          path: field,
          message: "must be a non-negative whole number of fen",
          messageZh: "金额必须是非负整数（单位：分）",
        },
      ],
    );
  }
  return value;
}

/** A bigint amount back to a safe-integer fen, or a validation error naming the field. */
export function toSafeFen(value: bigint, field: string): Fen {
  if (value < 0n || value > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw validationError(
      "AMOUNT_OUT_OF_RANGE",
      `${field}: ${value} fen is outside the supported range`,
      `${field}：${value} 分超出支持的金额范围`,
      [{ path: field, message: "amount out of range", messageZh: "金额超出范围" }],
    );
  }
  return Number(value);
}

/** floor(amount × rate / 10000), computed exactly with bigint (amount × rate can exceed 2^53). */
export function applyRateFloor(amountFen: Fen, rateBp: BasisPoints): Fen {
  return Number((BigInt(amountFen) * BigInt(rateBp)) / BigInt(FULL_SHARE_BP));
}

/** Sum of fen amounts, exactly; throws if the total leaves the safe-integer range. */
export function sumFen(amounts: readonly Fen[], field = "total"): Fen {
  return toSafeFen(
    amounts.reduce((total, amount) => total + BigInt(amount), 0n),
    field,
  );
}

const yuanPattern = /^(0|[1-9][0-9]*)(?:\.([0-9]{1,2}))?$/;

/**
 * Parse a yuan amount written as a string ("10000000.00", "450000", "0.5") into fen, exactly.
 * At most two decimals; no sign, exponent, separators or spaces.
 */
export function parseYuan(text: string, field = "amount"): Fen {
  const match = yuanPattern.exec(text);
  if (!match) {
    throw validationError(
      "INVALID_YUAN_AMOUNT",
      `${field}: "${text}" is not an amount in yuan (digits, at most 2 decimals, not negative)`,
      `${field}：“${text}”不是有效的元金额（数字，最多两位小数，不能为负）`,
      [
        {
          path: field,
          message: "not an amount in yuan with at most 2 decimals",
          messageZh: "不是最多两位小数的元金额",
        },
      ],
    );
  }
  const whole = BigInt(match[1] as string);
  const cents = BigInt((match[2] ?? "").padEnd(2, "0"));
  return toSafeFen(whole * BigInt(FEN_PER_YUAN) + cents, field);
}

/** Parse a whole number of fen written as a string ("90000000"). */
export function parseFen(text: string, field = "amount"): Fen {
  if (!/^(0|[1-9][0-9]*)$/.test(text)) {
    throw validationError(
      "INVALID_FEN_AMOUNT",
      `${field}: "${text}" is not a whole, non-negative number of fen`,
      `${field}：“${text}”不是非负整数分`,
      [{ path: field, message: "not a whole number of fen", messageZh: "不是整数分" }],
    );
  }
  return toSafeFen(BigInt(text), field);
}

/** 123456789 fen → "1,234,567.89" (yuan with thousands separators). */
export function formatYuan(fen: Fen): string {
  const value = BigInt(fen);
  const whole = (value / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const cents = (value % 100n).toString().padStart(2, "0");
  return `${whole}.${cents}`;
}

/** A rate in basis points as a percentage: 3000 → "30%", 1250 → "12.5%". */
export function formatBp(bp: BasisPoints): string {
  const whole = Math.trunc(bp / 100);
  const rest = bp % 100;
  if (rest === 0) return `${whole}%`;
  return `${whole}.${String(rest).padStart(2, "0").replace(/0$/, "")}%`;
}

/** An exact non-negative ratio of two integers, reduced; `denominator` is 0 when undefined (nothing to divide by). */
export interface Ratio {
  numerator: bigint;
  denominator: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a;
  let y = b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

/** numerator / denominator reduced to lowest terms; 0/0 stays 0/0 (undefined). */
export function ratio(numerator: bigint, denominator: bigint): Ratio {
  if (numerator < 0n || denominator < 0n) throw new RangeError("ratio of negative amounts");
  const divisor = gcd(numerator, denominator);
  if (divisor === 0n) return { numerator: 0n, denominator: 0n };
  return { numerator: numerator / divisor, denominator: denominator / divisor };
}

/** A ratio as a decimal string floored to `decimals` places ("6.95"); null when the denominator is 0. */
export function formatRatio(value: Ratio, decimals = 2): string | null {
  if (value.denominator === 0n) return null;
  const scale = 10n ** BigInt(decimals);
  const scaled = (value.numerator * scale) / value.denominator;
  if (decimals === 0) return scaled.toString();
  const whole = scaled / scale;
  const frac = (scaled % scale).toString().padStart(decimals, "0");
  return `${whole}.${frac}`;
}
