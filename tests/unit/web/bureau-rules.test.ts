// Unit: the bureau's pages' checks before sending — yuan typed as text read as integer fen (no floating point), the
// task book's due dates within the period as the server counts months, the tranche split against the grant, and
// what ending a project recovers (paid minus verified spending on termination, everything on fraud).
import { describe, expect, it } from "vitest";
import { addMonths as serverAddMonths } from "../../../functions/kernel/dates.ts";
import { fenToInput, isYuan, toFen } from "../../../web/src/pages/bureau/money.ts";
import { endingPreview } from "../../../web/src/pages/bureau/project-money.ts";
import { addMonths, dueDateProblem, splitAddsUp } from "../../../web/src/pages/bureau/task-book-rules.ts";

describe("yuan typed in a form", () => {
  it("reads to the fen exactly, with separators, and refuses what is not an amount", () => {
    expect(toFen("3,000,000")).toBe(300_000_000);
    expect(toFen("0.1")).toBe(10);
    expect(toFen("0.29")).toBe(29);
    expect(toFen("1234.5")).toBe(123_450);
    expect(toFen("19.99")).toBe(1999);
    expect(toFen(" 20 000 000.01 ")).toBe(2_000_000_001);
    for (const bad of ["", "1.234", "-5", "1e6", "abc", "1.2.3"]) expect(toFen(bad)).toBeUndefined();
    expect(isYuan("12.30")).toBe(true);
    expect(isYuan("12.301")).toBe(false);
    expect(fenToInput(300_000_001)).toBe("3,000,000.01");
    expect(fenToInput(99_999)).toBe("999.99");
    expect(fenToInput(100_000)).toBe("1,000.00");
    expect(toFen(fenToInput(123_456_789))).toBe(123_456_789);
  });
});

describe("the task book's checks", () => {
  it("counts months as the server does (the 31st in a shorter month is its last day)", () => {
    for (const [date, months] of [
      ["2025-01-31", 1],
      ["2024-02-29", 12],
      ["2025-08-31", 6],
      ["2025-09-01", 24],
      ["2025-12-15", 36],
    ] as const) {
      expect(addMonths(date, months)).toBe(serverAddMonths(date, months));
    }
  });

  it("refuses a due date outside [start, start + period] and accepts the last day", () => {
    expect(dueDateProblem("2027-09-01", "2025-09-01", 24)).toBeUndefined();
    expect(dueDateProblem("2027-09-02", "2025-09-01", 24)).toBe("outside");
    expect(dueDateProblem("2025-08-31", "2025-09-01", 24)).toBe("outside");
    expect(dueDateProblem("2025-13-01", "2025-09-01", 24)).toBe("not-a-date");
    expect(dueDateProblem(undefined, "2025-09-01", 24)).toBe("missing");
  });

  it("checks the tranches add up to the grant to the fen", () => {
    expect(
      splitAddsUp(
        [{ amountFen: 90_000_000 }, { amountFen: 120_000_000 }, { amountFen: 90_000_000 }],
        300_000_000,
      ),
    ).toBe(true);
    expect(splitAddsUp([{ amountFen: 90_000_000 }, { amountFen: 120_000_000 }], 300_000_000)).toBe(false);
  });
});

describe("what ending a project recovers", () => {
  const tranches = [
    { index: 1, amountFen: 90_000_000, status: "paid" },
    { index: 2, amountFen: 120_000_000, status: "planned" },
    { index: 3, amountFen: 90_000_000, status: "reserved" },
  ];
  it("termination: paid minus verified spending, never negative; unpaid tranches cancelled", () => {
    expect(endingPreview(tranches, "termination", 60_000_000)).toEqual({
      paidFen: 90_000_000,
      cancelled: [2, 3],
      cancelledFen: 210_000_000,
      recoverFen: 30_000_000,
    });
    expect(endingPreview(tranches, "termination", 95_000_000).recoverFen).toBe(0);
  });
  it("fraud: everything paid", () => {
    expect(endingPreview(tranches, "fraud", 60_000_000).recoverFen).toBe(90_000_000);
  });
});
