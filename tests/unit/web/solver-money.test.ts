// Unit: the solver's money fields — yuan text parsed to integer fen exactly, and fen written back as yuan text.
import { describe, expect, it } from "vitest";
import { fenToYuanText, yuanToFen } from "../../../web/src/pages/solver/money.ts";

describe("yuan typed into a form", () => {
  it("parses to integer fen without floating point", () => {
    expect(yuanToFen("0.29")).toBe(29);
    expect(yuanToFen("1,234.5")).toBe(123_450);
    expect(yuanToFen("3000000")).toBe(300_000_000);
    expect(yuanToFen(" 6,000,000.07 ")).toBe(600_000_007);
    expect(yuanToFen("¥12")).toBe(1200);
    // 0.1 + 0.2 style rounding: 4.35 × 100 is 434.99999… in floating point.
    expect(yuanToFen("4.35")).toBe(435);
  });

  it("refuses what is not an amount", () => {
    for (const bad of ["", "-1", "1.234", "1e5", "abc", "1.", ".5", "90071992547409.92"]) {
      expect(yuanToFen(bad), bad).toBeUndefined();
    }
  });

  it("writes fen back as yuan text", () => {
    expect(fenToYuanText(300_000_000)).toBe("3000000");
    expect(fenToYuanText(123_405)).toBe("1234.05");
    expect(yuanToFen(fenToYuanText(987_654_321))).toBe(987_654_321);
  });
});
