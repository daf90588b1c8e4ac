// Workbench: the finance report (资金报告) as a CSV file for a spreadsheet — built in the browser from the typed report,
// money in yuan to the fen (plain decimals, no separators), headings in the reader's language, a UTF-8 byte-order mark
// so that Excel reads the Chinese. (The API's ?format=csv is for machines: integer fen under field codes, no BOM.)
import { plainYuan } from "./money.ts";

/** The report's money figures, in the order they are shown, with their word keys. */
export const reportFigures = [
  ["budgetFen", "programmeBudget"],
  ["committedFen", "committed"],
  ["disbursedFen", "disbursed"],
  ["outstandingFen", "outstanding"],
  ["recoveredFen", "recovered"],
  ["recoverableFen", "recoverable"],
  ["netPublicFen", "netPublic"],
  ["budgetLeftFen", "budgetLeft"],
  ["enterpriseInvestmentFen", "enterpriseInvestment"],
] as const;

export const checkWords = {
  disbursedFen: "disbursed",
  recoveredFen: "recovered",
  recoverableFen: "recoverable",
  reservedOrPaidFen: "reservedOrPaid",
  budgetAfterPaymentsFen: "budgetAfterPayments",
} as const;

type FigureWord = (typeof reportFigures)[number][1] | (typeof checkWords)[keyof typeof checkWords];
export type CsvWords = Record<
  | FigureWord
  | "programme"
  | "reportScopeAll"
  | "finFigure"
  | "amountYuan"
  | "fromRecords"
  | "fromLedger"
  | "agrees"
  | "disagrees"
  | "leverage"
  | "recordsAndLedgerAgree"
  | "programmeCode"
  | "perProgramme",
  string
>;

/** What the CSV reads of a report (GET …/finance-report's typed answers, a programme's or the whole one, fit it). */
type Figures = Record<(typeof reportFigures)[number][0], number | null> & {
  readonly leverage: string | null;
  readonly agree: boolean;
};
export type CsvReport = Figures & {
  readonly programmeId?: string;
  readonly checks: readonly {
    readonly figure: keyof typeof checkWords;
    readonly records: number;
    readonly ledger: number;
    readonly agree: boolean;
  }[];
  readonly programmes?: readonly (Figures & { readonly programmeId: string })[];
};

const cell = (value: string): string => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
const money = (fen: number | null | undefined) => (fen === null || fen === undefined ? "" : plainYuan(fen));

/**
 * The report as CSV text starting with a BOM: the scope, each figure in yuan, leverage, the ledger checks; for the
 * whole report, a table of the programmes after it. `name` gives a programme's name by id.
 */
export function financeReportCsv(
  report: CsvReport,
  words: CsvWords,
  name: (programmeId: string) => string,
): string {
  const yes = (b: boolean) => (b ? words.agrees : words.disagrees);
  const rows: string[][] = [
    [words.programme, report.programmeId !== undefined ? name(report.programmeId) : words.reportScopeAll],
    [],
    [words.finFigure, words.amountYuan],
    ...reportFigures.map(([key, word]) => [words[word], money(report[key])]),
    [words.leverage, report.leverage ?? ""],
    [words.recordsAndLedgerAgree, yes(report.agree)],
    [],
    [words.finFigure, words.fromRecords, words.fromLedger, words.agrees],
    ...report.checks.map((c) => [
      words[checkWords[c.figure]],
      money(c.records),
      money(c.ledger),
      yes(c.agree),
    ]),
  ];
  if (report.programmes) {
    rows.push(
      [],
      [words.perProgramme],
      [
        words.programmeCode,
        words.programme,
        ...reportFigures.map(([, word]) => words[word]),
        words.leverage,
        words.recordsAndLedgerAgree,
      ],
      ...report.programmes.map((p) => [
        p.programmeId,
        name(p.programmeId),
        ...reportFigures.map(([key]) => money(p[key])),
        p.leverage ?? "",
        yes(p.agree),
      ]),
    );
  }
  return `\uFEFF${rows.map((r) => r.map(cell).join(",")).join("\r\n")}\r\n`;
}

/** The finance report routes answer JSON, or CSV text with ?format=csv: the JSON one (the workbench never asks for CSV). */
export function jsonReport<T extends object>(answer: T | string): T {
  if (typeof answer === "string") throw new Error("the finance report came as text, not JSON");
  return answer;
}
