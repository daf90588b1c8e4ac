// Unit: the workbench's money input — yuan typed by a person to integer fen, exactly; fen to a spreadsheet's decimal.
import { describe, expect, it } from "vitest";
import { fenFromYuan, plainYuan } from "../../../web/src/pages/finance/money.ts";

describe("fenFromYuan", () => {
  it("reads yuan with up to two decimals as integer fen, with no floating-point error", () => {
    expect(fenFromYuan("12345.67")).toBe(1_234_567);
    expect(fenFromYuan("0.1")).toBe(10);
    expect(fenFromYuan("0.29")).toBe(29); // 0.29 * 100 is 28.999999999999996 in floating point
    expect(fenFromYuan("1,000,000")).toBe(100_000_000);
    expect(fenFromYuan(" 200000.00 ")).toBe(20_000_000);
  });
  it("refuses what is not an amount in yuan to the fen", () => {
    for (const bad of ["", "abc", "1.234", "-5", "1e3", ".5", "12.", "99999999999999"]) {
      expect(fenFromYuan(bad), bad).toBeUndefined();
    }
  });
});

describe("plainYuan", () => {
  it("writes fen as a plain decimal with two places", () => {
    expect(plainYuan(1_234_567)).toBe("12345.67");
    expect(plainYuan(5)).toBe("0.05");
    expect(plainYuan(-105)).toBe("-1.05");
    expect(plainYuan(0)).toBe("0.00");
  });
});
