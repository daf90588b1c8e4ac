// Pure rule (open data): awards (each project) and their disbursements as 360Giving Data Standard 1.4 grants — only
// public fields (no people, scores, bank details or R&D budgets) — and the package and its CSV (docs/open-data.md).
import { shanghaiDate } from "../../kernel/dates.ts";
import { FEN_PER_YUAN } from "../../kernel/money.ts";

/** The 360Giving organisation-identifier prefix for a 统一社会信用代码 (org-id.guide list CN-USCI). */
export const usciPrefix = "CN-USCI-";

/** The publisher's settings: its registered 360Giving prefix and the funder (the city's science bureau). */
export interface OpenDataSettings {
  /** The city's registered 360Giving identifier prefix (360G-…); grant ids are `<prefix>-<project id>`. */
  readonly prefix: string;
  readonly funder: { readonly uscc: string; readonly name: string };
  /** The city's open-data licence URL. */
  readonly license: string;
}

export interface OpenOrganisation {
  /** The platform's organisation id (used only when no code is registered). */
  readonly id: string;
  readonly name: string;
  /** 统一社会信用代码 from the organisation registry, if registered. */
  readonly uscc?: string;
}

/** One award (a project) with what the open data may show of it. */
export interface OpenGrantInput {
  readonly projectId: string;
  /** projects/model.ts projectStatuses. */
  readonly status: string;
  readonly grantFen: number;
  readonly awardedAt: string;
  readonly updatedAt: string;
  readonly challenge: { readonly title: string; readonly field: string };
  readonly programme: {
    readonly id: string;
    readonly name: string;
    readonly nameZh: string;
    readonly year: number;
  };
  /** The payee (资金直拨企业: the enterprise) and the solver lead (揭榜方). */
  readonly recipient: OpenOrganisation;
  readonly solverLead: OpenOrganisation;
  /** The signed task book's period, once drafted. */
  readonly period?: { readonly startDate: string; readonly endDate: string; readonly months: number };
  /** Tranches (拨付批次) as the projects context records them. */
  readonly tranches: readonly {
    readonly index: number;
    readonly amountFen: number;
    readonly status: string;
    readonly paidAt?: string;
  }[];
  /** Money recovered (收回) on termination or fraud: each receipt. */
  readonly recovery?: {
    readonly reason: "termination" | "fraud";
    readonly decidedOn: string;
    readonly receipts: readonly {
      readonly seq: number;
      readonly amountFen: number;
      readonly receivedOn: string;
    }[];
  };
}

const yuan = (fen: number) => fen / FEN_PER_YUAN;

/** An organisation's identifier: CN-USCI-<code>, or `<prefix>-ORG-<id>` when it has no registered code. */
export const organisationIdentifier = (settings: OpenDataSettings, o: OpenOrganisation) =>
  o.uscc ? `${usciPrefix}${o.uscc}` : `${settings.prefix}-ORG-${o.id}`;

export const grantIdentifier = (settings: OpenDataSettings, projectId: string) =>
  `${settings.prefix}-${projectId}`;

/** One 360Giving grant. Recovered money is a negative disbursement transaction; amountDisbursed is net of it. */
export function openGrant(settings: OpenDataSettings, g: OpenGrantInput) {
  const id = grantIdentifier(settings, g.projectId);
  const funderId = `${usciPrefix}${settings.funder.uscc}`;
  const recipientId = organisationIdentifier(settings, g.recipient);
  const paid = g.tranches.filter((t) => t.status === "paid");
  const receipts = g.recovery?.receipts ?? [];
  const paidFen = paid.reduce((s, t) => s + t.amountFen, 0);
  const recoveredFen = receipts.reduce((s, r) => s + r.amountFen, 0);
  const ended = g.status === "terminated";
  const classifications = [
    { vocabulary: "jiebang-field", code: g.challenge.field, title: g.challenge.field },
    { vocabulary: "jiebang-project-status", code: g.status, title: g.status },
  ];
  return {
    id,
    title: g.challenge.title,
    description: [
      `揭榜挂帅项目：${g.challenge.title}（领域：${g.challenge.field}；揭榜方：${g.solverLead.name}）`,
      ended
        ? `项目已终止，未拨付资金已取消${recoveredFen > 0 ? `，已收回 ${yuan(recoveredFen)} 元` : ""}。`
        : undefined,
    ]
      .filter((x) => x !== undefined)
      .join(" "),
    currency: "CNY",
    amountAwarded: yuan(g.grantFen),
    amountDisbursed: yuan(paidFen - recoveredFen),
    awardDate: shanghaiDate(Date.parse(g.awardedAt)),
    ...(g.period
      ? {
          plannedDates: [
            { startDate: g.period.startDate, endDate: g.period.endDate, duration: g.period.months },
          ],
        }
      : {}),
    ...(ended && g.recovery
      ? {
          actualDates: [
            {
              startDate: g.period?.startDate ?? shanghaiDate(Date.parse(g.awardedAt)),
              endDate: g.recovery.decidedOn,
            },
          ],
        }
      : {}),
    recipientOrganization: [{ id: recipientId, name: g.recipient.name }],
    fundingOrganization: [{ id: funderId, name: settings.funder.name }],
    grantProgramme: [{ code: g.programme.id, title: `${g.programme.nameZh}（${g.programme.year}）` }],
    fromOpenCall: "Yes",
    classifications,
    ...(paid.length + receipts.length > 0
      ? {
          disbursementTransaction: [
            ...paid.map((t) => ({
              id: `${id}-T${t.index}`,
              ...(t.paidAt ? { transactionDate: shanghaiDate(Date.parse(t.paidAt)) } : {}),
              currency: "CNY",
              value: yuan(t.amountFen),
              description: `第 ${t.index} 批拨付`,
              provider: funderId,
              recipient: recipientId,
            })),
            ...receipts.map((r) => ({
              id: `${id}-R${r.seq}`,
              transactionDate: r.receivedOn,
              currency: "CNY",
              value: -yuan(r.amountFen),
              description: g.recovery?.reason === "fraud" ? "收回（弄虚作假）" : "收回（项目终止）",
              provider: recipientId,
              recipient: funderId,
            })),
          ],
        }
      : {}),
    dateModified: g.updatedAt,
  };
}
export type OpenGrant = ReturnType<typeof openGrant>;

/** The 360Giving package of every award, issued at `at`. */
export function openDataPackage(settings: OpenDataSettings, grants: readonly OpenGrantInput[], at: string) {
  return {
    version: "1.4",
    title: `揭榜挂帅 awards and disbursements of ${settings.funder.name}`,
    description:
      "Awards (揭榜挂帅 projects) and their disbursements; recovered money as negative disbursement transactions (docs/open-data.md).",
    issued: shanghaiDate(Date.parse(at)),
    modified: at,
    identifier: `${settings.prefix}-${shanghaiDate(Date.parse(at))}`,
    publisher: { identifier: `${usciPrefix}${settings.funder.uscc}`, name: settings.funder.name },
    license: settings.license,
    grants: grants.map((g) => openGrant(settings, g)),
  };
}

/** The columns of the CSV, in the standard's spreadsheet titles, and how each is read from a grant. */
const columns: readonly [string, (g: OpenGrant) => string | number | undefined][] = [
  ["Identifier", (g) => g.id],
  ["Title", (g) => g.title],
  ["Description", (g) => g.description],
  ["Currency", (g) => g.currency],
  ["Amount Awarded", (g) => g.amountAwarded],
  ["Amount Disbursed", (g) => g.amountDisbursed],
  ["Award Date", (g) => g.awardDate],
  ["Planned Dates:Start Date", (g) => g.plannedDates?.[0]?.startDate],
  ["Planned Dates:End Date", (g) => g.plannedDates?.[0]?.endDate],
  ["Planned Dates:Duration (months)", (g) => g.plannedDates?.[0]?.duration],
  ["Recipient Org:Identifier", (g) => g.recipientOrganization[0]?.id],
  ["Recipient Org:Name", (g) => g.recipientOrganization[0]?.name],
  ["Funding Org:Identifier", (g) => g.fundingOrganization[0]?.id],
  ["Funding Org:Name", (g) => g.fundingOrganization[0]?.name],
  ["Grant Programme:Code", (g) => g.grantProgramme[0]?.code],
  ["Grant Programme:Title", (g) => g.grantProgramme[0]?.title],
  ["Last Modified", (g) => g.dateModified],
];

const csvCell = (value: string | number | undefined) => {
  const text = value === undefined ? "" : String(value);
  // Quoted when needed; a leading =, +, - or @ of text is prefixed with ' so that a spreadsheet does not run it.
  const safe = typeof value === "string" && /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
};

/** The grants as 360Giving CSV (one row a grant; UTF-8 with a BOM for spreadsheets). */
export function grantsCsv(grants: readonly OpenGrant[]): string {
  const rows = [columns.map(([title]) => title), ...grants.map((g) => columns.map(([, read]) => read(g)))];
  return `\uFEFF${rows.map((r) => r.map(csvCell).join(",")).join("\r\n")}\r\n`;
}
