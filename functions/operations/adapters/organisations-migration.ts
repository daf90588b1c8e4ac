// Adapter (one-off migration): bringing existing data into the organisation registry (机构名录) before a deployment
// requires it — which organisation ids the records name that nobody registered (applications' leads and members,
// credit records, projects' enterprises and solvers), and registering a list of them (id, registered name, unified
// social credit code, type) through the registry's own use case, idempotently: a row already registered as given is
// left alone, a row that contradicts the registry is reported, never overwritten.
import { type DynamoDBDocumentClient, ScanCommand } from "@aws-sdk/lib-dynamodb";
import { isDomainError } from "../../kernel/errors.ts";
import { type OrganisationType, organisationTypes } from "../../organisations/model.ts";
import { registeredOrganisations, registerOrganisation } from "../../organisations/organisations.ts";
import { normaliseUscc } from "../../organisations/rules/uscc.ts";
import { randomCursorKey } from "../../platform/cursors.ts";
import { dynamoRecordStore } from "../../platform/dynamodb/record-store.ts";

export interface OrganisationRow {
  readonly organisationId: string;
  readonly registeredName: string;
  readonly uscc: string;
  readonly type: string;
}

export interface ImportReport {
  readonly dryRun: boolean;
  readonly registered: string[];
  readonly present: string[];
  /** Rows refused, with the reason (an invalid code, a code another organisation holds, a different code on file). */
  readonly refused: { organisationId: string; line: number; reason: string }[];
}

/** The rows of a CSV with the header organisationId,registeredName,uscc,type (UTF-8, a BOM allowed, quotes allowed). */
export function parseOrganisationCsv(text: string): { rows: (OrganisationRow & { line: number })[] } {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  const header = splitCsvLine(lines[0] ?? "").map((h) => h.trim());
  const columns = ["organisationId", "registeredName", "uscc", "type"];
  if (columns.some((c) => !header.includes(c)))
    throw new Error(`the CSV's first line must name the columns ${columns.join(",")}`);
  const rows: (OrganisationRow & { line: number })[] = [];
  lines.slice(1).forEach((line, i) => {
    if (line.trim() === "") return;
    const cells = splitCsvLine(line);
    const cell = (name: string) => (cells[header.indexOf(name)] ?? "").trim();
    rows.push({
      line: i + 2,
      organisationId: cell("organisationId"),
      registeredName: cell("registeredName"),
      uscc: cell("uscc"),
      type: cell("type"),
    });
  });
  return { rows };
}

function splitCsvLine(line: string): string[] {
  const cells: string[] = [];
  let current = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        current += '"';
        i++;
      } else if (c === '"') quoted = false;
      else current += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      cells.push(current);
      current = "";
    } else current += c;
  }
  cells.push(current);
  return cells;
}

/** Registers each row unless the registry has it as given already; reports what it did and what it refused. */
export async function importOrganisations(
  client: DynamoDBDocumentClient,
  tableName: string,
  rows: readonly (OrganisationRow & { line: number })[],
  options: { dryRun: boolean; now?: () => Date },
): Promise<ImportReport> {
  const records = dynamoRecordStore(client, tableName, randomCursorKey());
  const report: ImportReport = { dryRun: options.dryRun, registered: [], present: [], refused: [] };
  const existing = await registeredOrganisations(
    records,
    rows.map((r) => r.organisationId),
  );
  const migration = { userId: "migration", organisationId: "platform", roles: ["admin" as const] };
  for (const row of rows) {
    const onFile = existing.get(row.organisationId);
    if (onFile) {
      if (onFile.uscc === normaliseUscc(row.uscc)) report.present.push(row.organisationId);
      else
        report.refused.push({
          organisationId: row.organisationId,
          line: row.line,
          reason: `registered already with the code ${onFile.uscc}, not ${row.uscc}`,
        });
      continue;
    }
    if (!(organisationTypes as readonly string[]).includes(row.type)) {
      report.refused.push({
        organisationId: row.organisationId,
        line: row.line,
        reason: `type must be one of ${organisationTypes.join(", ")}`,
      });
      continue;
    }
    if (options.dryRun) {
      report.registered.push(row.organisationId);
      continue;
    }
    try {
      await registerOrganisation(
        { records, clock: { now: options.now ?? (() => new Date()) } },
        migration,
        {
          organisationId: row.organisationId,
          registeredName: row.registeredName,
          uscc: row.uscc,
          type: row.type as OrganisationType,
        },
        "admin",
      );
      report.registered.push(row.organisationId);
    } catch (error) {
      if (!isDomainError(error)) throw error;
      report.refused.push({ organisationId: row.organisationId, line: row.line, reason: error.message });
    }
  }
  return report;
}

/** Where an unregistered organisation id is named: which kinds of record, and how many. */
export interface Unregistered {
  readonly organisationId: string;
  readonly namedBy: Record<string, number>;
}

/** Every organisation id the records name that the registry does not hold, most named first. */
export async function unregisteredOrganisations(
  client: DynamoDBDocumentClient,
  tableName: string,
): Promise<Unregistered[]> {
  const named = new Map<string, Record<string, number>>();
  const note = (id: unknown, by: string) => {
    if (typeof id !== "string" || id === "") return;
    const entry = named.get(id) ?? {};
    entry[by] = (entry[by] ?? 0) + 1;
    named.set(id, entry);
  };
  let start: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: "sk IN (:a, :c, :p)",
        ExpressionAttributeValues: { ":a": "APPLICATION", ":c": "CREDIT", ":p": "PROJECT" },
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    for (const item of page.Items ?? []) {
      const data = (item["data"] ?? {}) as Record<string, unknown>;
      if (item["sk"] === "APPLICATION") {
        note(data["leadOrganisationId"], "application lead");
        for (const m of (data["memberOrganisationIds"] as unknown[] | undefined) ?? [])
          note(m, "application member");
      } else if (item["sk"] === "CREDIT") note(data["organisationId"], "credit record");
      else {
        for (const e of (data["enterpriseOrganisationIds"] as unknown[] | undefined) ?? [])
          note(e, "project enterprise");
        note(
          (data["solverLead"] as { organisationId?: unknown } | undefined)?.organisationId,
          "project solver",
        );
        for (const m of (data["solverMembers"] as { organisationId?: unknown }[] | undefined) ?? [])
          note(m.organisationId, "project solver");
      }
    }
    start = page.LastEvaluatedKey;
  } while (start);
  const registered = await registeredOrganisations(dynamoRecordStore(client, tableName, randomCursorKey()), [
    ...named.keys(),
  ]);
  return [...named.entries()]
    .filter(([id]) => !registered.has(id))
    .map(([organisationId, namedBy]) => ({ organisationId, namedBy }))
    .sort(
      (a, b) =>
        Object.values(b.namedBy).reduce((x, y) => x + y, 0) -
          Object.values(a.namedBy).reduce((x, y) => x + y, 0) ||
        a.organisationId.localeCompare(b.organisationId),
    );
}
