// Workbench: the application form's values and the API's body (揭榜申请) — money held as yuan text under the server's
// field names, turned into integer fen; the server's field paths renamed onto this form's fields; ages as the server
// counts them.
import { type Answer, ApiError } from "../../api/client.ts";
import { fenToYuanText, yuanToFen } from "./money.ts";

export type ApplicationView = Answer<"/v1/applications/{applicationId}">;

/** What the form holds: money as yuan text under the server's field names (so its errors land on them). */
export interface ApplicationFields {
  leadName?: string;
  members: { organisationId: string; name?: string }[];
  team: {
    personId: string;
    name: string;
    organisationId: string;
    role: string;
    birthDate: string;
    isLead: boolean;
    isKey: boolean;
  }[];
  chiefEngineerId: string;
  technicalPlan: string;
  budget: { item: string; amountFen: string }[];
  requestedFen: string;
  periodMonths: number;
  milestones: {
    name: string;
    monthsAfterStart: number;
    indicators: { name: string; target: string; unit?: string }[];
  }[];
}

export const orgPattern = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export function emptyFields(leadOrg: string): Partial<ApplicationFields> {
  return {
    members: [],
    team: [
      {
        personId: "",
        name: "",
        organisationId: leadOrg,
        role: "",
        birthDate: "",
        isLead: true,
        isKey: false,
      },
    ],
    budget: [{ item: "", amountFen: "" }],
    milestones: [{ name: "", monthsAfterStart: 12, indicators: [{ name: "", target: "" }] }],
  };
}

export function fieldsOf(a: ApplicationView): ApplicationFields {
  const names = a.organisationNames ?? {};
  return {
    ...(names[a.leadOrganisationId] ? { leadName: names[a.leadOrganisationId] } : {}),
    members: a.memberOrganisationIds.map((id) => ({
      organisationId: id,
      ...(names[id] ? { name: names[id] } : {}),
    })),
    team: a.team.map((m) => ({ ...m })),
    chiefEngineerId: a.chiefEngineerId,
    technicalPlan: a.technicalPlan,
    budget: a.budget.map((b) => ({ item: b.item, amountFen: fenToYuanText(b.amountFen) })),
    requestedFen: fenToYuanText(a.requestedFen),
    periodMonths: a.periodMonths,
    milestones: a.milestones.map((m) => ({
      name: m.name,
      monthsAfterStart: m.monthsAfterStart,
      indicators: m.indicators.map((i) => ({ ...i })),
    })),
  };
}

export const budgetTotal = (budget: ApplicationFields["budget"] | undefined): number =>
  (budget ?? []).reduce((sum, b) => sum + (yuanToFen(b?.amountFen) ?? 0), 0);

/** The body the API takes: trimmed text, money in integer fen, the R&D investment as the budget's sum. */
export function contentOf(v: ApplicationFields, leadOrg: string) {
  const trim = (s: string | undefined) => (s ?? "").trim();
  const names: Record<string, string> = {};
  if (trim(v.leadName)) names[leadOrg] = trim(v.leadName);
  for (const m of v.members ?? []) if (trim(m.name)) names[trim(m.organisationId)] = trim(m.name);
  return {
    memberOrganisationIds: (v.members ?? []).map((m) => trim(m.organisationId)),
    ...(Object.keys(names).length > 0 ? { organisationNames: names } : {}),
    team: v.team.map((m) => ({
      personId: trim(m.personId),
      name: trim(m.name),
      organisationId: m.organisationId,
      role: trim(m.role),
      birthDate: trim(m.birthDate),
      isLead: Boolean(m.isLead),
      isKey: Boolean(m.isKey),
    })),
    chiefEngineerId: v.chiefEngineerId,
    technicalPlan: trim(v.technicalPlan),
    budget: v.budget.map((b) => ({ item: trim(b.item), amountFen: yuanToFen(b.amountFen) ?? 0 })),
    rdInvestmentFen: budgetTotal(v.budget),
    requestedFen: yuanToFen(v.requestedFen) ?? 0,
    periodMonths: v.periodMonths,
    milestones: v.milestones.map((m) => ({
      name: trim(m.name),
      monthsAfterStart: m.monthsAfterStart,
      indicators: m.indicators.map((i) => ({
        name: trim(i.name),
        target: trim(i.target),
        ...(trim(i.unit) ? { unit: trim(i.unit) } : {}),
      })),
    })),
  };
}

/**
 * The server names members by `memberOrganisationIds.N` and names by `organisationNames`, and the R&D investment
 * (the budget's sum here) by `rdInvestmentFen`: the same error, on the fields this form has.
 */
export function onFormFields(error: unknown): unknown {
  if (!(error instanceof ApiError) || error.fields.length === 0) return error;
  const rename = (path: string) =>
    path
      .replace(/^(body\.)?memberOrganisationIds\.(\d+)$/, "members.$2.organisationId")
      .replace(/^(body\.)?memberOrganisationIds$/, "members")
      .replace(/^(body\.)?organisationNames(\..*)?$/, "members")
      .replace(/^(body\.)?rdInvestmentFen$/, "budget");
  return new ApiError(
    error.status,
    error.code,
    error.messageEn,
    error.messageZh,
    error.fields.map((f) => ({ ...f, path: rename(f.path) })),
  );
}

/** Whole years from a birth date to `on` (both yyyy-MM-dd), as the server counts them; undefined if not a date. */
export function ageOn(birthDate: string, on: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(birthDate) || Number.isNaN(Date.parse(`${birthDate}T00:00:00Z`)))
    return undefined;
  const years = Number(on.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return on.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

export const isDate = (s: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
};
