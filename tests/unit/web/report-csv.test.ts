// Unit: the finance report as a CSV for a spreadsheet (web/src/pages/finance/report-csv.ts) — BOM, yuan to the fen,
// the programme's name, quoted cells, each programme of the whole report.
import { describe, expect, it } from "vitest";
import {
  type CsvReport,
  type CsvWords,
  financeReportCsv,
} from "../../../web/src/pages/finance/report-csv.ts";

const words = new Proxy({} as CsvWords, { get: (_, key) => String(key) });
const figures = {
  budgetFen: 100_000_000_00,
  committedFen: 6_900_000_00,
  disbursedFen: 900_000_00,
  recoveredFen: 1_234_567,
  recoverableFen: 78_765_433,
  outstandingFen: 6_000_000_00,
  netPublicFen: 88_765_433,
  budgetLeftFen: 93_100_000_00,
  enterpriseInvestmentFen: 30_000_000_00,
  leverage: "4.34",
  checks: [{ figure: "disbursedFen" as const, records: 900_000_00, ledger: 900_000_05, agree: false }],
  ledgerRebuildAgrees: true,
  agree: false,
};

describe("financeReportCsv", () => {
  it("starts with a BOM and writes money in yuan to the fen, the checks and each programme", () => {
    const report: CsvReport = {
      ...figures,
      programmes: [{ ...figures, programmeId: "prg-1", budgetLeftFen: null }],
    };
    const csv = financeReportCsv(report, words, (id) => (id === "prg-1" ? '太原市,"第一批"' : id));
    expect(csv.startsWith("\uFEFF")).toBe(true);
    const rows = csv.slice(1).split("\r\n");
    expect(rows).toContain("recovered,12345.67");
    expect(rows).toContain("budgetLeft,93100000.00");
    expect(rows).toContain("disbursed,900000.00,900000.05,disagrees");
    expect(rows).toContain("recordsAndLedgerAgree,disagrees");
    // A name with a comma and quotes stays one cell; a programme without a budget left has an empty cell.
    const programme = rows.find((r) => r.startsWith("prg-1,"));
    expect(programme).toBe(
      'prg-1,"太原市,""第一批""",100000000.00,6900000.00,900000.00,6000000.00,12345.67,787654.33,887654.33,,30000000.00,4.34,disagrees',
    );
  });
});
