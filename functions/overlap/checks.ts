// Use cases of 就高不重复 (《太原市…行动方案》六（一）): the overlap check of an application — at the bureau's confirmation of a
// shortlist and before its task book is drafted — finds the other supported items (applications in selection, projects,
// external grants the bureau declared) of the same organisations, by unified social credit code, whose content is
// the same (rules/similarity.ts); decisions already taken are kept when the check runs again.
import { randomUUID } from "node:crypto";
import {
  type ApplicationPartyRecord,
  type ApplicationRecord,
  applicationKind,
  applicationsOfOrganisation,
} from "../applications/model.ts";
import { type ChallengeRecord, challengeKind } from "../challenges/model.ts";
import type { Actor } from "../kernel/actor.ts";
import { addMonths, shanghaiDate } from "../kernel/dates.ts";
import { conflictError, validationError } from "../kernel/errors.ts";
import { registeredNames, registeredOrganisations } from "../organisations/organisations.ts";
import { checkedUscc } from "../organisations/rules/uscc.ts";
import type { Clock } from "../platform/ports/clock.ts";
import type { DocumentStore } from "../platform/ports/document-store.ts";
import { bump, listAll, mustGet, retryOnConflict } from "../platform/ports/record-helpers.ts";
import { created, type RecordStore, updated } from "../platform/ports/records.ts";
import type { ReportStore } from "../platform/ports/report-store.ts";
import type { WorkflowEngine } from "../platform/ports/workflow-engine.ts";
import { type ProjectRecord, projectsOfChallenge, trackKind } from "../projects/model.ts";
import {
  allExternalGrants,
  allOverlapChecks,
  type ExternalGrantRecord,
  externalGrantKind,
  externalGrantsOfCode,
  type OverlapCheckRecord,
  type OverlapFinding,
  type OverlapStage,
  overlapCheckId,
  overlapCheckKind,
  type Period,
} from "./model.ts";
import { type ContentSummary, contentSimilarity } from "./rules/similarity.ts";

export interface OverlapDeps {
  readonly records: RecordStore;
  readonly clock: Clock;
  readonly workflows: WorkflowEngine;
  readonly documents: DocumentStore;
  /** The audit bucket: each decision in the reports of the projects it concerns (reports.ts). */
  readonly reports?: ReportStore;
}

/** Applications still in selection or funded; the others support nothing. */
const liveStatuses = new Set(["submitted", "under-review", "ranked", "shortlisted", "on-notice", "awarded"]);

const roleOf = (actor: Actor) => (actor.roles.includes("bureau") ? "bureau" : "admin");

// ---- external grants (其他政策的支持) -----------------------------------------------------------------------------
export interface NewExternalGrant {
  readonly uscc: string;
  readonly organisationName: string;
  readonly title: string;
  readonly keywords: readonly string[];
  readonly amountFen: number;
  readonly policy: string;
  readonly startDate: string;
  readonly endDate: string;
}

/** The bureau declares a grant of another policy (organisation code, title, amount, policy, period). */
export async function declareExternalGrant(
  deps: Pick<OverlapDeps, "records" | "clock">,
  actor: Actor,
  input: NewExternalGrant,
): Promise<ExternalGrantRecord> {
  const uscc = checkedUscc(input.uscc, "body.uscc");
  if (input.endDate < input.startDate) {
    throw validationError("PERIOD_REVERSED", "The period ends before it starts", "起止日期颠倒", [
      { path: "body.endDate", message: "before startDate", messageZh: "早于开始日期" },
    ]);
  }
  const at = deps.clock.now().toISOString();
  const record: ExternalGrantRecord = {
    id: `ext-${randomUUID()}`,
    version: 1,
    ...input,
    uscc,
    declaredBy: actor.userId,
    createdAt: at,
    updatedAt: at,
  };
  await deps.records.write(
    [
      created(externalGrantKind, record, {
        actor: actor.userId,
        role: roleOf(actor),
        action: "overlap.external-declared",
        detail: { uscc, title: record.title, amountFen: record.amountFen, policy: record.policy },
      }),
    ],
    at,
  );
  return record;
}

export const listExternalGrants = (deps: Pick<OverlapDeps, "records">) =>
  listAll(deps.records, allExternalGrants());

export const listOverlapChecks = (deps: Pick<OverlapDeps, "records">) =>
  listAll(deps.records, allOverlapChecks());

export async function loadOverlapCheck(deps: Pick<OverlapDeps, "records">, applicationId: string) {
  return mustGet<OverlapCheckRecord>(
    deps.records,
    overlapCheckKind,
    overlapCheckId(applicationId),
    "Overlap check of application",
    "重复支持核查",
  );
}

// ---- the check -------------------------------------------------------------------------------------------------
interface Item {
  readonly application: ApplicationRecord;
  readonly challenge?: ChallengeRecord;
  readonly project?: ProjectRecord;
  readonly content: ContentSummary;
  readonly amountFen: number;
  readonly codes: readonly string[];
}

const parties = (a: ApplicationRecord) => [a.leadOrganisationId, ...a.memberOrganisationIds];

/** The application's project, if awarded (one per winning application). */
async function projectOf(records: RecordStore, a: ApplicationRecord) {
  if (a.status !== "awarded") return undefined;
  const projects = await listAll(records, projectsOfChallenge(a.challengeId));
  return projects.find((p) => p.applicationId === a.id);
}

/**
 * The period: the signed or drafted task book's; else estimated from submission (Shanghai date) and the months
 * the application asks for.
 */
async function periodOf(records: RecordStore, a: ApplicationRecord, project?: ProjectRecord) {
  if (project) {
    const track = await records.get(trackKind, project.id);
    if (track) return { startDate: track.taskBook.startDate, endDate: track.taskBook.endDate };
  }
  if (!a.submittedAt) return undefined;
  const startDate = shanghaiDate(Date.parse(a.submittedAt));
  return { startDate, endDate: addMonths(startDate, a.periodMonths) };
}

async function itemOf(
  records: RecordStore,
  a: ApplicationRecord,
  codeOf: (id: string) => string,
): Promise<Item> {
  const challenge = await records.get(challengeKind, a.challengeId);
  const project = await projectOf(records, a);
  const period = await periodOf(records, a, project);
  return {
    application: a,
    ...(challenge ? { challenge } : {}),
    ...(project ? { project } : {}),
    content: {
      title: challenge?.title ?? "",
      keywords: (challenge?.keyTechnologies ?? []).map((k) => k.name),
      period,
    },
    amountFen: project ? project.grantFen : a.requestedFen,
    codes: parties(a).map(codeOf),
  };
}

/** An organisation's code: the application's own record of it, else the registry's, else its id (unregistered). */
async function codeLookup(records: RecordStore, applications: readonly ApplicationRecord[]) {
  const ids = applications.flatMap(parties);
  const registry = await registeredOrganisations(records, ids);
  const known = new Map<string, string>();
  for (const a of applications) {
    for (const [id, code] of Object.entries(a.organisationCodes ?? {})) known.set(id, code);
  }
  return (id: string) => registry.get(id)?.uscc ?? known.get(id) ?? id;
}

/** Other live applications of the organisations (each code is held by one organisation id: its holder's listing). */
async function applicationsOfParties(records: RecordStore, subject: ApplicationRecord) {
  const found = new Map<string, ApplicationRecord>();
  for (const organisationId of parties(subject)) {
    const rows = await listAll(
      records,
      applicationsOfOrganisation(organisationId) as ReturnType<typeof applicationsOfOrganisation>,
    );
    for (const row of rows as readonly (ApplicationRecord | ApplicationPartyRecord)[]) {
      const id = "applicationId" in row ? row.applicationId : row.id;
      if (id === subject.id || found.has(id)) continue;
      const a = "applicationId" in row ? await records.get(applicationKind, id) : row;
      if (a && liveStatuses.has(a.status)) found.set(id, a);
    }
  }
  return [...found.values()];
}

function finding(subject: Item, other: Item): OverlapFinding | undefined {
  const similarity = contentSimilarity(subject.content, other.content);
  if (!similarity.overlaps) return undefined;
  const sharedCodes = subject.codes.filter((c) => other.codes.includes(c));
  return {
    key: `application:${other.application.id}`,
    source: other.project ? "project" : "application",
    applicationId: other.application.id,
    ...(other.project ? { projectId: other.project.id } : {}),
    title: other.content.title,
    sharedCodes: [...new Set(sharedCodes)],
    amountFen: other.amountFen,
    status: other.project?.status ?? other.application.status,
    ...(other.content.period ? { period: other.content.period } : {}),
    similarity,
  };
}

function externalFinding(subject: Item, grant: ExternalGrantRecord): OverlapFinding | undefined {
  const period: Period = { startDate: grant.startDate, endDate: grant.endDate };
  const similarity = contentSimilarity(subject.content, {
    title: grant.title,
    keywords: grant.keywords,
    period,
  });
  if (!similarity.overlaps) return undefined;
  return {
    key: `external:${grant.id}`,
    source: "external",
    externalId: grant.id,
    title: grant.title,
    sharedCodes: [grant.uscc],
    amountFen: grant.amountFen,
    status: "external",
    policy: grant.policy,
    period,
    similarity,
  };
}

/**
 * Runs the check of an application at a stage and stores it (`ovl-<applicationId>`), keeping the decisions of
 * findings found again; audited as overlap.checked with what was found and how similar.
 */
export async function checkOverlap(
  deps: Pick<OverlapDeps, "records" | "clock">,
  actor: Pick<Actor, "userId" | "roles">,
  applicationId: string,
  stage: OverlapStage,
): Promise<OverlapCheckRecord> {
  const records = deps.records;
  const application = await mustGet<ApplicationRecord>(
    records,
    applicationKind,
    applicationId,
    "Application",
    "揭榜申请",
  );
  const others = await applicationsOfParties(records, application);
  const codeOf = await codeLookup(records, [application, ...others]);
  const subject = await itemOf(records, application, codeOf);
  const findings: OverlapFinding[] = [];
  for (const other of others) {
    const f = finding(subject, await itemOf(records, other, codeOf));
    if (f) findings.push(f);
  }
  for (const code of new Set(subject.codes)) {
    for (const grant of await listAll(records, externalGrantsOfCode(code))) {
      const f = externalFinding(subject, grant);
      if (f) findings.push(f);
    }
  }
  const lead = application.leadOrganisationId;
  const applicantName =
    (await registeredNames(records, [lead])).get(lead) ?? application.organisationNames?.[lead] ?? lead;
  return retryOnConflict(async () => {
    const before = await records.get(overlapCheckKind, overlapCheckId(applicationId));
    const at = deps.clock.now().toISOString();
    const kept = findings.map((f) => {
      const decision = before?.findings.find((b) => b.key === f.key)?.decision;
      return decision ? { ...f, decision } : f;
    });
    const fields = {
      applicationId,
      applicantName,
      challengeId: application.challengeId,
      programmeId: application.programmeId,
      ...(subject.project ? { projectId: subject.project.id } : {}),
      title: subject.content.title,
      keywords: subject.content.keywords,
      ...(subject.content.period ? { period: subject.content.period } : {}),
      codes: [...new Set(subject.codes)],
      amountFen: subject.amountFen,
      stage,
      checkedAt: at,
      checkedBy: actor.userId,
      findings: kept,
      ...(before?.grantCapFen !== undefined ? { grantCapFen: before.grantCapFen } : {}),
      status: kept.every((f) => f.decision) ? ("settled" as const) : ("open" as const),
    };
    const note = {
      actor: actor.userId,
      role: actor.userId === "workflow" ? "workflow" : actor.roles.includes("bureau") ? "bureau" : "admin",
      action: "overlap.checked",
      detail: {
        stage,
        codes: fields.codes,
        findings: kept.map((f) => ({ key: f.key, score: f.similarity.score, decided: Boolean(f.decision) })),
      },
    };
    const record: OverlapCheckRecord = before
      ? bump(before, at, fields)
      : { id: overlapCheckId(applicationId), version: 1, createdAt: at, updatedAt: at, ...fields };
    await records.write(
      [before ? updated(overlapCheckKind, before, record, note) : created(overlapCheckKind, record, note)],
      at,
    );
    return record;
  });
}

/**
 * The gate of a stage: every application checked; a finding not decided yet is 409 OVERLAP_UNDECIDED, a withdrawn
 * application 409 OVERLAP_WITHDRAWN — the bureau decides on its overlap page first.
 */
export async function assertOverlapSettled(
  deps: Pick<OverlapDeps, "records" | "clock">,
  actor: Pick<Actor, "userId" | "roles">,
  applicationIds: readonly string[],
  stage: OverlapStage,
): Promise<readonly OverlapCheckRecord[]> {
  const checks: OverlapCheckRecord[] = [];
  for (const id of applicationIds) checks.push(await checkOverlap(deps, actor, id, stage));
  const open = checks.filter((c) => c.status === "open");
  if (open.length > 0) {
    const ids = open.map((c) => c.applicationId).join(", ");
    throw conflictError(
      "OVERLAP_UNDECIDED",
      `The same content may already be supported (就高不重复): decide the overlap of ${ids} first`,
      `申请 ${ids} 可能与其他已支持项目内容重复（就高不重复）：请先作出认定`,
    );
  }
  const withdrawn = checks.filter((c) => c.grantCapFen === 0);
  if (withdrawn.length > 0) {
    const ids = withdrawn.map((c) => c.applicationId).join(", ");
    throw conflictError(
      "OVERLAP_WITHDRAWN",
      `Support for ${ids} was withdrawn as the same content is supported at a higher amount: send the shortlist back`,
      `申请 ${ids} 因同一内容已按就高原则支持而撤销支持：请退回入围名单`,
    );
  }
  return checks;
}

/** The decided caps of applications' grants (就高不重复 reductions), by application id. */
export async function overlapGrantCaps(
  records: RecordStore,
  applicationIds: readonly string[],
): Promise<ReadonlyMap<string, number>> {
  const caps = new Map<string, number>();
  for (const id of applicationIds) {
    const check = await records.get(overlapCheckKind, overlapCheckId(id));
    if (check?.grantCapFen !== undefined) caps.set(id, check.grantCapFen);
  }
  return caps;
}
