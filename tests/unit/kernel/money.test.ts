// Unit tests: exact fen arithmetic, yuan parsing and formatting, ratios.
import { describe, expect, it } from "vitest";
import { DomainError } from "../../../functions/kernel/errors.ts";
import {
  applyRateFloor,
  assertFen,
  formatBp,
  formatRatio,
  formatYuan,
  parseFen,
  parseYuan,
  ratio,
  sumFen,
  toSafeFen,
} from "../../../functions/kernel/money.ts";

describe("parseYuan", () => {
  it.each([
    ["10000000.00", 1_000_000_000],
    ["450000", 45_000_000],
    ["0.5", 50],
    ["0.05", 5],
    ["0", 0],
    ["90071992547409.91", 9_007_199_254_740_991],
  ])("%s yuan = %d fen", (text, fen) => expect(parseYuan(text)).toBe(fen));

  it.each(["10000000.001", "-1", "1e6", "1,000", " 1", "", "01", "1.", ".5", "abc", "90071992547409.92"])(
    "rejects %j",
    (text) => {
      const error = (() => {
        try {
          parseYuan(text, "--rd-investment");
        } catch (e) {
          return e as DomainError;
        }
      })();
      expect(error).toBeInstanceOf(DomainError);
      expect(error?.kind).toBe("validation");
      expect(error?.fields?.[0]?.path).toBe("--rd-investment");
    },
  );
});

describe("parseFen", () => {
  it("parses whole fen", () => expect(parseFen("90000000")).toBe(90_000_000));
  it.each(["1.5", "-3", "", "007"])("rejects %j", (text) =>
    expect(() => parseFen(text)).toThrow(DomainError),
  );
  it("rejects amounts past 2^53", () =>
    expect(() => parseFen("9007199254740992")).toThrow(/outside the supported range/));
});

describe("arithmetic", () => {
  it("applies a rate exactly, floored, beyond 2^53 intermediate products", () => {
    expect(applyRateFloor(1_000_000_000, 3000)).toBe(300_000_000);
    expect(applyRateFloor(333, 3333)).toBe(110); // 110.9889 floored
    expect(applyRateFloor(Number.MAX_SAFE_INTEGER, 9999)).toBe(
      Number((BigInt(Number.MAX_SAFE_INTEGER) * 9999n) / 10000n),
    );
  });
  it("sums exactly and refuses overflow", () => {
    expect(sumFen([1, 2, 3])).toBe(6);
    expect(sumFen([])).toBe(0);
    expect(() => sumFen([Number.MAX_SAFE_INTEGER, 1])).toThrow(DomainError);
  });
  it("checks fen values", () => {
    expect(assertFen(5, "x")).toBe(5);
    expect(() => assertFen(-1, "x")).toThrow(/x: must be a non-negative whole number/);
    expect(() => assertFen(1.5, "x")).toThrow(DomainError);
    expect(() => toSafeFen(-1n, "x")).toThrow(DomainError);
  });
});

describe("formatting", () => {
  it("formats yuan", () => {
    expect(formatYuan(123_456_789)).toBe("1,234,567.89");
    expect(formatYuan(5)).toBe("0.05");
    expect(formatYuan(0)).toBe("0.00");
  });
  it("formats basis points", () => {
    expect(formatBp(3000)).toBe("30%");
    expect(formatBp(1250)).toBe("12.5%");
    expect(formatBp(1)).toBe("0.01%");
  });
});

describe("ratio", () => {
  it("reduces and formats (Jinan 2023: 1.39亿 / 2000万 = 6.95)", () => {
    const r = ratio(13_900_000_000n, 2_000_000_000n);
    expect(r).toEqual({ numerator: 139n, denominator: 20n });
    expect(formatRatio(r)).toBe("6.95");
    expect(formatRatio(r, 0)).toBe("6");
    expect(formatRatio(ratio(1n, 3n), 4)).toBe("0.3333");
  });
  it("0/0 is undefined, 0/n is 0", () => {
    expect(ratio(0n, 0n)).toEqual({ numerator: 0n, denominator: 0n });
    expect(formatRatio(ratio(0n, 0n))).toBeNull();
    expect(ratio(0n, 5n)).toEqual({ numerator: 0n, denominator: 1n });
    expect(() => ratio(-1n, 2n)).toThrow(RangeError);
  });
});
