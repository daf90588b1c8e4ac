// Use-case support of applications (揭榜, 《太原市实施“双百攻关行动”工作方案》四（四）): their ports, loading the challenge, policy and
// application they act on (briefly cached where safe), the checks every filing passes, and the record rules' facts.

import { randomUUID } from "node:crypto";
import { type ChallengeRecord, challengeKind } from "../challenges/model.ts";
import { creditClearGuards, creditStanding } from "../credit/credit-records.ts";
import type { Actor } from "../kernel/actor.ts";
import {
  businessRuleError,
  conflictError,
  DomainError,
  type FieldIssue,
  forbiddenError,
  notFoundError,
  validationError,
} from "../kernel/errors.ts";
import { formatYuan } from "../kernel/money.ts";
import { authorizeRecord, type RecordFacts } from "../kernel/record-access.ts";
import { registeredOrganisationsRecent } from "../organisations/organisations.ts";
import type { Clock } from "../platform/ports/clock.ts";
import type { BusinessMetrics } from "../platform/ports/metrics.ts";
import type { RecordStore, WriteGuard } from "../platform/ports/records.ts";
import { type ProgrammeRecord, programmeKind } from "../programmes/model.ts";
import type { FundingPolicy } from "../programmes/rules/policy.ts";
import {
  type ApplicationContent,
  type ApplicationPartyRecord,
  type ApplicationRecord,
  applicationKind,
  applicationPartyId,
  contentIssues,
} from "./model.ts";
import { assertPeriodWithinMax, assertYoungResearcherShare } from "./rules/team.ts";

export interface ApplicationDeps {
  readonly records: RecordStore;
  readonly clock: Clock;
  readonly newId?: () => string;
  /** Business metrics (applications submitted); optional in tests. */
  readonly metrics?: BusinessMetrics;
  /**
   * "required": every party (lead and members) must be in the organisation registry (机构名录), so a body on a credit
   * record cannot apply under a second id (deployments set it: platform/config.ts); "optional" (the default, and the
   * embedded runtime's unless JIEBANG_ORGANISATION_REGISTRY says otherwise): registered parties are named by the
   * registry, others by what the application declares.
   */
  readonly organisationRegistry?: "required" | "optional";
}

/**
 * What the registry says of an application's parties: registered names and codes by organisation id, and the guards
 * of the absences it relied on (platform/ports/records.ts WriteGuard), for the write's transaction.
 */
export interface RegisteredParties {
  readonly names: Readonly<Record<string, string>>;
  readonly codes: Readonly<Record<string, string>>;
  readonly guards: readonly WriteGuard[];
}

export const newApplicationId = () => `app-${randomUUID()}`;

// ---- loading ----------------------------------------------------------------------------------------------------
/** The challenge, read afresh or (given `maxAgeMs`) as this container read it at most that long ago. */
export async function loadChallenge(
  records: RecordStore,
  challengeId: string,
  maxAgeMs?: number,
): Promise<ChallengeRecord> {
  const challenge =
    maxAgeMs === undefined
      ? await records.get(challengeKind, challengeId)
      : await records.getRecent(challengeKind, challengeId, maxAgeMs);
  if (!challenge) {
    throw notFoundError(
      "CHALLENGE_NOT_FOUND",
      `Challenge ${challengeId} not found`,
      `榜单 ${challengeId} 不存在`,
    );
  }
  return challenge;
}

const factCacheMs = 5_000;

/** Records this record store last read or wrote, for a few seconds (a bounded, per-container cache). */
class RecentRecords<T> {
  private readonly byStore = new WeakMap<RecordStore, Map<string, { record: T; until: number }>>();

  get(records: RecordStore, id: string): T | undefined {
    const entry = this.byStore.get(records)?.get(id);
    return entry && entry.until > performance.now() ? entry.record : undefined;
  }

  remember(records: RecordStore, id: string, record: T): void {
    let known = this.byStore.get(records);
    if (!known) {
      known = new Map();
      this.byStore.set(records, known);
    }
    if (known.size >= 1000) known.clear();
    known.set(id, { record, until: performance.now() + factCacheMs });
  }
}

/**
 * Submissions read the challenge as this container read it within the last second (a fresh read on the optimistic
 * path's second run). The challenge is not checked in the write's transaction: a condition on its item in every
 * submission's transaction would make concurrent submissions to one challenge conflict with each other in DynamoDB
 * (TransactionConflict), worst in the deadline rush. So even a fresh read only shows that the challenge was open
 * shortly before the write; the second's age widens that by no more than a second. The deadline is judged on the
 * server clock against `closesAt` (assertWindowOpen), so no submission is accepted after close either way. And in the
 * rush, a second's reuse spares the challenge's one partition a strongly consistent read per submission.
 */
const challengeFactMs = 1_000;

export function loadChallengeForWrite(
  records: RecordStore,
  challengeId: string,
  fresh: boolean,
): Promise<ChallengeRecord> {
  return loadChallenge(records, challengeId, fresh ? 0 : challengeFactMs);
}

/**
 * An amendment starts from the application as this container last wrote or read it: the update's own version
 * condition guarantees it is still the stored one (else nothing is written and it runs again on a fresh read).
 */
export const recentApplications = new RecentRecords<ApplicationRecord>();

export async function loadApplicationForWrite(
  records: RecordStore,
  applicationId: string,
  fresh: boolean,
): Promise<ApplicationRecord> {
  const cached = fresh ? undefined : recentApplications.get(records, applicationId);
  if (cached) return cached;
  const application = await loadApplication(records, applicationId);
  recentApplications.remember(records, applicationId, application);
  return application;
}

/**
 * Runs a submission first on optimistic facts (the application as this container last knew it, every party's credit
 * standing assumed clear), each checked in the write's transaction (the application's version, the parties' standing
 * markers); if anything is refused or a check fails, nothing was written and it runs once more on fresh reads, which
 * decide the answer (and the order of refusals) exactly as before.
 */
export async function optimistically<T>(run: (fresh: boolean) => Promise<T>): Promise<T> {
  try {
    return await run(false);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return run(true);
  }
}

/** The marker (pk) that makes an organisation's live lead application to a challenge unique. */
export const leadClaimKey = (challengeId: string, organisation: string) =>
  `APPLICATION_LEAD#${challengeId}#${organisation}`;

export class LeadClaimTaken extends Error {}

/**
 * A programme's policy is frozen when the programme is created (nothing ever updates a programme record), so each
 * record store remembers the policies it has read: a submission does not read the programme again.
 */
const frozenPolicies = new WeakMap<RecordStore, Map<string, FundingPolicy>>();

export async function loadPolicy(records: RecordStore, challenge: ChallengeRecord): Promise<FundingPolicy> {
  let known = frozenPolicies.get(records);
  if (!known) {
    known = new Map();
    frozenPolicies.set(records, known);
  }
  const cached = known.get(challenge.programmeId);
  if (cached) return cached;
  const policy = await readPolicy(records, challenge);
  if (known.size >= 1000) known.clear();
  known.set(challenge.programmeId, policy);
  return policy;
}

async function readPolicy(records: RecordStore, challenge: ChallengeRecord): Promise<FundingPolicy> {
  const programme = await records.get<ProgrammeRecord>(programmeKind, challenge.programmeId);
  if (!programme) {
    throw notFoundError(
      "PROGRAMME_NOT_FOUND",
      `Programme ${challenge.programmeId} of challenge ${challenge.id} not found`,
      `榜单 ${challenge.id} 所属批次 ${challenge.programmeId} 不存在`,
    );
  }
  return programme.policy;
}

export async function loadApplication(
  records: RecordStore,
  applicationId: string,
): Promise<ApplicationRecord> {
  const application = await records.get(applicationKind, applicationId);
  if (!application) {
    throw notFoundError(
      "APPLICATION_NOT_FOUND",
      `Application ${applicationId} not found`,
      `揭榜申请 ${applicationId} 不存在`,
    );
  }
  return application;
}

const inBody = (fields: readonly FieldIssue[]) => fields.map((f) => ({ ...f, path: `body.${f.path}` }));

/** Rethrows a domain error with its field paths under `body.` (the client's view of where the problem is). */
function underBody<T>(check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof DomainError && error.fields) {
      throw new DomainError({
        code: error.code,
        kind: error.kind,
        message: error.message,
        messageZh: error.messageZh,
        fields: inBody(error.fields),
      });
    }
    throw error;
  }
}

/**
 * The parties as the organisation registry (机构名录) knows them; with the registry required, a party it does not
 * know is refused (422 ORGANISATION_NOT_REGISTERED, the member's field named). Read from this container's recent
 * reads where it can (a registration is never removed), so a write pays no read once its parties were seen. With the
 * registry optional, a write on optimistic facts (not `fresh`) also takes a party this container recently found
 * unregistered as still unregistered, guarded in its transaction (a registration meanwhile reruns it on fresh reads).
 */
export async function registeredParties(
  deps: Pick<ApplicationDeps, "records" | "organisationRegistry">,
  leadOrganisationId: string,
  memberOrganisationIds: readonly string[],
  nowMs: number,
  fresh = true,
): Promise<RegisteredParties> {
  const parties = [leadOrganisationId, ...memberOrganisationIds];
  const absences = !fresh && deps.organisationRegistry !== "required" ? "guarded" : "read";
  const { found: known, guards } = await registeredOrganisationsRecent(
    deps.records,
    parties,
    nowMs,
    absences,
  );
  if (deps.organisationRegistry === "required") {
    const unknown = parties.filter((org) => !known.has(org));
    if (unknown.length > 0) {
      throw businessRuleError(
        "ORGANISATION_NOT_REGISTERED",
        `organisation ${unknown.join(", ")} is not in the organisation registry: the bureau registers it with its unified social credit code first`,
        `单位 ${unknown.join("、")} 未在机构名录中登记：须先由科技局按统一社会信用代码登记`,
        memberOrganisationIds.flatMap((org, i) =>
          unknown.includes(org)
            ? [{ path: `body.memberOrganisationIds.${i}`, message: "not registered", messageZh: "未登记" }]
            : [],
        ),
      );
    }
  }
  const names: Record<string, string> = {};
  const codes: Record<string, string> = {};
  for (const [id, record] of known) {
    names[id] = record.registeredName;
    codes[id] = record.uscc;
  }
  return { names, codes, guards };
}

/**
 * Every rule an application must meet, in this order: the content's own consistency and the consortium's shape
 * (400), a credit record of any party (403, with its reason), then the challenge's and the policy's limits (422).
 * `today` is the Asia/Shanghai date of the server clock: young researchers' ages are judged on it.
 */
export async function assertApplicationAcceptable(
  records: RecordStore,
  challenge: ChallengeRecord,
  policy: FundingPolicy,
  leadOrganisationId: string,
  content: ApplicationContent,
  today: string,
  fresh = true,
): Promise<WriteGuard[]> {
  const issues: FieldIssue[] = contentIssues(content);
  content.memberOrganisationIds.forEach((org, i) => {
    if (org === leadOrganisationId) {
      issues.push({
        path: `memberOrganisationIds.${i}`,
        message: "the lead organisation is not also a member",
        messageZh: "牵头单位不能同时作为成员单位",
      });
    }
  });
  const parties = new Set([leadOrganisationId, ...content.memberOrganisationIds]);
  for (const org of Object.keys(content.organisationNames ?? {})) {
    if (!parties.has(org)) {
      issues.push({
        path: `organisationNames.${org}`,
        message: `organisation ${org} is neither the lead nor a consortium member`,
        messageZh: `单位 ${org} 既非牵头单位也非联合体成员`,
      });
    }
  }
  content.team.forEach((m, i) => {
    if (!parties.has(m.organisationId)) {
      issues.push({
        path: `team.${i}.organisationId`,
        message: `organisation ${m.organisationId} is neither the lead nor a consortium member`,
        messageZh: `单位 ${m.organisationId} 既非牵头单位也非联合体成员`,
      });
    }
  });
  if (issues.length > 0) {
    throw validationError(
      "APPLICATION_INVALID",
      `invalid application: ${issues.map((f) => `${f.path}: ${f.message}`).join("; ")}`,
      `揭榜申请有误：${issues.map((f) => `${f.path}：${f.messageZh}`).join("；")}`,
      inBody(issues),
    );
  }

  // On cached facts the parties' standings are only guarded in the write (a refusal below reruns on fresh reads,
  // where a credit record comes first, as here).
  const { blocking, guards } = fresh
    ? await creditStanding(records, [...parties], today)
    : { blocking: undefined, guards: creditClearGuards([...parties], today) };
  if (blocking) {
    throw forbiddenError(
      "ORGANISATION_BLACKLISTED",
      `organisation ${blocking.organisationId} is on the credit record (失信) until ${blocking.blockedUntil} and cannot apply: ${blocking.reason}`,
      `单位 ${blocking.organisationId} 已列入失信行为记录（至 ${blocking.blockedUntil}），不得揭榜：${blocking.reasonZh ?? blocking.reason}`,
    );
  }

  const enterprises = [...parties].filter((org) => challenge.enterpriseOrganisationIds.includes(org));
  if (enterprises.length > 0) {
    throw businessRuleError(
      "ENTERPRISE_CANNOT_SOLVE_OWN_CHALLENGE",
      `organisation ${enterprises.join(", ")} posted this challenge and cannot apply to it`,
      `单位 ${enterprises.join("、")} 为该榜单的发榜方，不能揭榜`,
      [{ path: "body.memberOrganisationIds", message: "the enterprise", messageZh: "发榜方" }],
    );
  }
  if (content.requestedFen > challenge.fundingCapFen) {
    throw businessRuleError(
      "REQUEST_EXCEEDS_CAP",
      `${formatYuan(content.requestedFen)} yuan asked; the challenge funds at most ${formatYuan(challenge.fundingCapFen)} yuan`,
      `申请财政资金 ${formatYuan(content.requestedFen)} 元，超过榜单支持上限 ${formatYuan(challenge.fundingCapFen)} 元`,
      [{ path: "body.requestedFen", message: "above the challenge's cap", messageZh: "超过榜单支持上限" }],
    );
  }
  underBody(() => assertPeriodWithinMax(content.periodMonths, policy));
  if (content.periodMonths > challenge.periodMonths) {
    throw businessRuleError(
      "PERIOD_EXCEEDS_CHALLENGE",
      `period of ${content.periodMonths} months exceeds the challenge's ${challenge.periodMonths}`,
      `实施期 ${content.periodMonths} 个月超过榜单要求的 ${challenge.periodMonths} 个月`,
      [
        {
          path: "body.periodMonths",
          message: "longer than the challenge's period",
          messageZh: "超过榜单实施期",
        },
      ],
    );
  }
  underBody(() => assertYoungResearcherShare(content.team, policy, today));
  return guards;
}

export function contentOf(a: ApplicationRecord): ApplicationContent {
  return {
    memberOrganisationIds: a.memberOrganisationIds,
    team: a.team,
    chiefEngineerId: a.chiefEngineerId,
    technicalPlan: a.technicalPlan,
    budget: a.budget,
    rdInvestmentFen: a.rdInvestmentFen,
    requestedFen: a.requestedFen,
    periodMonths: a.periodMonths,
    milestones: a.milestones,
  } as ApplicationContent;
}

/** The facts the application's record rules read (functions/kernel/record-access.ts). */
export function applicationFacts(a: ApplicationRecord, challenge?: ChallengeRecord): RecordFacts {
  return {
    leadSolverOrganisationId: a.leadOrganisationId,
    solverOrganisationIds: a.memberOrganisationIds,
    ...(challenge ? { enterpriseOrganisationIds: challenge.enterpriseOrganisationIds } : {}),
  };
}

export function assertLeadSolver(actor: Actor, a: ApplicationRecord): void {
  authorizeRecord(actor, "application", "write", applicationFacts(a));
}

export function assertVersion(a: ApplicationRecord, expected: number | undefined): void {
  if (expected !== undefined && expected !== a.version) {
    throw conflictError(
      "VERSION_CONFLICT",
      `The application changed meanwhile (current version ${a.version}); reload and retry`,
      `揭榜申请已被修改（当前版本 ${a.version}），请刷新后重试`,
    );
  }
}

export function stateConflict(a: ApplicationRecord, action: string, actionZh: string): DomainError {
  return conflictError(
    "APPLICATION_STATE_CONFLICT",
    `Cannot ${action} an application that is ${a.status}`,
    `揭榜申请当前状态为 ${a.status}，不能${actionZh}`,
  );
}

export function next(
  a: ApplicationRecord,
  at: string,
  changes: Partial<ApplicationRecord>,
): ApplicationRecord {
  return { ...a, ...changes, version: a.version + 1, updatedAt: at };
}

export function party(
  application: ApplicationRecord,
  organisation: string,
  role: ApplicationPartyRecord["role"],
  at: string,
): ApplicationPartyRecord {
  return {
    id: applicationPartyId(application.id, organisation),
    version: 1,
    applicationId: application.id,
    challengeId: application.challengeId,
    organisationId: organisation,
    role,
    active: true,
    createdAt: at,
    updatedAt: at,
  };
}
