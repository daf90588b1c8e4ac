// Use cases of applications (揭榜, stage 4 of domain.md): apply alone or as a consortium, amend, withdraw, the 揭榜
// agreement signed by the enterprise and the lead solver, submission, reads and listings. The server's clock decides
// whether the window is open; ports come in as parameters (no HTTP, DynamoDB or Step Functions here).

import { randomUUID } from "node:crypto";
import { type ChallengeRecord, challengeKind } from "../challenges/model.ts";
import { creditClearGuards, creditStanding } from "../credit/credit-records.ts";
import type { Actor } from "../kernel/actor.ts";
import { shanghaiDate } from "../kernel/dates.ts";
import {
  businessRuleError,
  conflictError,
  DomainError,
  type FieldIssue,
  forbiddenError,
  notFoundError,
  parseOrThrow,
  validationError,
} from "../kernel/errors.ts";
import { formatYuan } from "../kernel/money.ts";
import { authorizeRecord, type RecordFacts } from "../kernel/record-access.ts";
import type { Clock } from "../platform/ports/clock.ts";
import type { BusinessMetrics } from "../platform/ports/metrics.ts";
import {
  created,
  type Page,
  type RecordStore,
  type RecordWrite,
  updated,
  type WriteGuard,
} from "../platform/ports/records.ts";
import { type ProgrammeRecord, programmeKind } from "../programmes/model.ts";
import type { FundingPolicy } from "../programmes/rules/policy.ts";
import {
  type ApplicationContent,
  type ApplicationPartyRecord,
  type ApplicationRecord,
  type ApplicationRecordStatus,
  applicationContentFields,
  applicationKind,
  applicationPartyId,
  applicationPartyKind,
  applicationsOfChallenge,
  applicationsOfOrganisation,
  contentIssues,
} from "./model.ts";
import { assertPeriodWithinMax, assertYoungResearcherShare } from "./rules/team.ts";

export interface ApplicationDeps {
  readonly records: RecordStore;
  readonly clock: Clock;
  readonly newId?: () => string;
  /** Business metrics (applications submitted); optional in tests. */
  readonly metrics?: BusinessMetrics;
}

const newApplicationId = () => `app-${randomUUID()}`;

// ---- loading ----------------------------------------------------------------------------------------------------
/** The challenge, read afresh or (given `maxAgeMs`) as this container read it at most that long ago. */
async function loadChallenge(
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

function loadChallengeForWrite(
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
const recentApplications = new RecentRecords<ApplicationRecord>();

async function loadApplicationForWrite(
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
async function optimistically<T>(run: (fresh: boolean) => Promise<T>): Promise<T> {
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

class LeadClaimTaken extends Error {}

/**
 * A programme's policy is frozen when the programme is created (nothing ever updates a programme record), so each
 * record store remembers the policies it has read: a submission does not read the programme again.
 */
const frozenPolicies = new WeakMap<RecordStore, Map<string, FundingPolicy>>();

async function loadPolicy(records: RecordStore, challenge: ChallengeRecord): Promise<FundingPolicy> {
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

async function loadApplication(records: RecordStore, applicationId: string): Promise<ApplicationRecord> {
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

// ---- rules ------------------------------------------------------------------------------------------------------
/**
 * The server's clock decides (never the client's): a challenge takes applications, amendments, signatures and
 * submissions only while it is `open` and opensAt ≤ now < closesAt — even if the publication workflow has not yet
 * flipped the status at close.
 */
export function assertWindowOpen(challenge: ChallengeRecord, now: Date): void {
  const window = challenge.window;
  if (challenge.status !== "open" || !window) {
    throw businessRuleError(
      "CHALLENGE_NOT_OPEN",
      `Challenge ${challenge.id} is ${challenge.status}, not open for applications`,
      `榜单 ${challenge.id} 当前状态为 ${challenge.status}，不在揭榜期内`,
    );
  }
  const nowMs = now.getTime();
  if (nowMs < Date.parse(window.opensAt)) {
    throw businessRuleError(
      "APPLICATION_WINDOW_NOT_OPEN",
      `The application window opens at ${window.opensAt}; server time is ${now.toISOString()}`,
      `揭榜期自 ${window.opensAt} 开始，服务器时间为 ${now.toISOString()}`,
    );
  }
  if (nowMs >= Date.parse(window.closesAt)) {
    throw businessRuleError(
      "APPLICATION_WINDOW_CLOSED",
      `The application window closed at ${window.closesAt}; server time is ${now.toISOString()}`,
      `揭榜期已于 ${window.closesAt} 截止，服务器时间为 ${now.toISOString()}`,
    );
  }
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
 * Every rule an application must meet, in this order: the content's own consistency and the consortium's shape
 * (400), a credit record of any party (403, with its reason), then the challenge's and the policy's limits (422).
 * `today` is the Asia/Shanghai date of the server clock: young researchers' ages are judged on it.
 */
async function assertApplicationAcceptable(
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

function contentOf(a: ApplicationRecord): ApplicationContent {
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
function applicationFacts(a: ApplicationRecord, challenge?: ChallengeRecord): RecordFacts {
  return {
    leadSolverOrganisationId: a.leadOrganisationId,
    solverOrganisationIds: a.memberOrganisationIds,
    ...(challenge ? { enterpriseOrganisationIds: challenge.enterpriseOrganisationIds } : {}),
  };
}

function assertLeadSolver(actor: Actor, a: ApplicationRecord): void {
  authorizeRecord(actor, "application", "write", applicationFacts(a));
}

function assertVersion(a: ApplicationRecord, expected: number | undefined): void {
  if (expected !== undefined && expected !== a.version) {
    throw conflictError(
      "VERSION_CONFLICT",
      `The application changed meanwhile (current version ${a.version}); reload and retry`,
      `揭榜申请已被修改（当前版本 ${a.version}），请刷新后重试`,
    );
  }
}

function stateConflict(a: ApplicationRecord, action: string, actionZh: string): DomainError {
  return conflictError(
    "APPLICATION_STATE_CONFLICT",
    `Cannot ${action} an application that is ${a.status}`,
    `揭榜申请当前状态为 ${a.status}，不能${actionZh}`,
  );
}

function next(a: ApplicationRecord, at: string, changes: Partial<ApplicationRecord>): ApplicationRecord {
  return { ...a, ...changes, version: a.version + 1, updatedAt: at };
}

function party(
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

// ---- apply ------------------------------------------------------------------------------------------------------
/**
 * A solver organisation applies (揭榜) to an open challenge as lead, alone or with consortium members: a draft. One
 * live application per lead and challenge: the write claims a marker (challenge, lead) that only a withdrawal frees, so
 * two racing requests cannot both succeed.
 */
export function applyToChallenge(
  deps: ApplicationDeps,
  actor: Actor,
  challengeId: string,
  content: ApplicationContent,
): Promise<ApplicationRecord> {
  return optimistically(async (fresh) => {
    const now = deps.clock.now();
    const at = now.toISOString();
    const challenge = await loadChallengeForWrite(deps.records, challengeId, fresh);
    assertWindowOpen(challenge, now);
    const policy = await loadPolicy(deps.records, challenge);
    const guards = await assertApplicationAcceptable(
      deps.records,
      challenge,
      policy,
      actor.organisationId,
      content,
      shanghaiDate(now.getTime()),
      fresh,
    );
    const application: ApplicationRecord = {
      id: (deps.newId ?? newApplicationId)(),
      version: 1,
      challengeId: challenge.id,
      programmeId: challenge.programmeId,
      leadOrganisationId: actor.organisationId,
      ...content,
      agreement: {},
      status: "draft",
      createdBy: actor.userId,
      createdAt: at,
      updatedAt: at,
    };
    const audit = { actor: actor.userId, role: "solver" };
    const claim = leadClaimKey(challenge.id, actor.organisationId);
    try {
      await deps.records.write(
        [
          created(applicationKind, application, {
            ...audit,
            action: "application.drafted",
            detail: {
              challengeId: challenge.id,
              leadOrganisationId: application.leadOrganisationId,
              memberOrganisationIds: application.memberOrganisationIds,
              requestedFen: application.requestedFen,
            },
          }),
          ...application.memberOrganisationIds.map((org) =>
            created(applicationPartyKind, party(application, org, "member", at), {
              ...audit,
              action: "application-party.added",
            }),
          ),
        ],
        at,
        [
          {
            op: "put-marker",
            key: claim,
            fields: { applicationId: application.id },
            failure: () => new LeadClaimTaken(),
          },
          ...guards,
        ],
      );
    } catch (error) {
      if (!(error instanceof LeadClaimTaken)) throw error;
      const existing = (await deps.records.getMarker(claim))?.["applicationId"] ?? "";
      throw conflictError(
        "APPLICATION_EXISTS",
        `Organisation ${actor.organisationId} already leads application ${existing} to this challenge; amend it instead`,
        `单位 ${actor.organisationId} 已牵头提交该榜单的揭榜申请 ${existing}，请修改原申请`,
      );
    }
    recentApplications.remember(deps.records, application.id, application);
    return application;
  });
}

// ---- amend, withdraw ----------------------------------------------------------------------------------------------
/**
 * The lead amends its application until the window closes (If-Match version). Any amendment of a signed application
 * voids both signatures, and a submitted one goes back to draft: it must be signed and submitted again.
 */
export function amendApplication(
  deps: ApplicationDeps,
  actor: Actor,
  applicationId: string,
  expectedVersion: number,
  patch: Partial<ApplicationContent>,
): Promise<ApplicationRecord> {
  return optimistically(async (fresh) => {
    const application = await loadApplicationForWrite(deps.records, applicationId, fresh);
    assertLeadSolver(actor, application);
    assertVersion(application, expectedVersion);
    if (application.status !== "draft" && application.status !== "submitted") {
      throw stateConflict(application, "amend", "修改");
    }
    const now = deps.clock.now();
    const at = now.toISOString();
    const challenge = await loadChallengeForWrite(deps.records, application.challengeId, fresh);
    assertWindowOpen(challenge, now);
    const policy = await loadPolicy(deps.records, challenge);
    const content = parseOrThrow(applicationContentFields, { ...contentOf(application), ...patch });
    const guards = await assertApplicationAcceptable(
      deps.records,
      challenge,
      policy,
      application.leadOrganisationId,
      content,
      shanghaiDate(now.getTime()),
      fresh,
    );
    const voided = [
      ...(application.agreement.enterpriseSignedAt ? ["enterprise"] : []),
      ...(application.agreement.solverSignedAt ? ["solver"] : []),
    ];
    const { submittedAt: _submitted, ...rest } = application;
    const after: ApplicationRecord = {
      ...next(rest as ApplicationRecord, at, content),
      agreement: {},
      status: "draft",
    };
    const partyWrites = await partyChanges(deps.records, application, after, actor.userId, at);
    await deps.records.write(
      [
        updated(applicationKind, application, after, {
          actor: actor.userId,
          role: "solver",
          action: "application.amended",
          detail: {
            fields: Object.keys(patch),
            ...(voided.length > 0
              ? { voidedSignatures: voided, voidedAgreement: application.agreement }
              : {}),
            ...(application.status !== "draft" ? { previousStatus: application.status } : {}),
          },
        }),
        ...partyWrites,
      ],
      at,
      guards,
    );
    recentApplications.remember(deps.records, after.id, after);
    return after;
  });
}

/** Members added by an amendment become parties (or active again); removed ones stop listing it. */
async function partyChanges(
  records: RecordStore,
  before: ApplicationRecord,
  after: ApplicationRecord,
  userId: string,
  at: string,
): Promise<RecordWrite[]> {
  const audit = { actor: userId, role: "solver" };
  const added = after.memberOrganisationIds.filter((o) => !before.memberOrganisationIds.includes(o));
  const removed = before.memberOrganisationIds.filter((o) => !after.memberOrganisationIds.includes(o));
  const writes: RecordWrite[] = [];
  for (const org of [...added, ...removed]) {
    const active = added.includes(org);
    const stored = await records.get(applicationPartyKind, applicationPartyId(before.id, org));
    if (!stored) {
      if (active) {
        writes.push(
          created(applicationPartyKind, party(after, org, "member", at), {
            ...audit,
            action: "application-party.added",
          }),
        );
      }
    } else if (stored.active !== active) {
      writes.push(
        updated(
          applicationPartyKind,
          stored,
          { ...stored, active, version: stored.version + 1, updatedAt: at },
          { ...audit, action: active ? "application-party.added" : "application-party.removed" },
        ),
      );
    }
  }
  return writes;
}

/** The lead withdraws its application while the window is open; it stays readable as withdrawn. */
export async function withdrawApplication(
  deps: ApplicationDeps,
  actor: Actor,
  applicationId: string,
  expectedVersion: number | undefined,
  reason: string | undefined,
): Promise<ApplicationRecord> {
  const application = await loadApplication(deps.records, applicationId);
  assertLeadSolver(actor, application);
  assertVersion(application, expectedVersion);
  if (application.status !== "draft" && application.status !== "submitted") {
    throw stateConflict(application, "withdraw", "撤回");
  }
  const now = deps.clock.now();
  const at = now.toISOString();
  assertWindowOpen(await loadChallenge(deps.records, application.challengeId), now);
  const after = next(application, at, { status: "withdrawn", withdrawnAt: at });
  await deps.records.write(
    [
      updated(applicationKind, application, after, {
        actor: actor.userId,
        role: "solver",
        action: "application.withdrawn",
        detail: { previousStatus: application.status, ...(reason ? { reason } : {}) },
      }),
    ],
    at,
    [
      // Frees the lead's place for a new application (only this application's claim).
      {
        op: "delete-marker",
        key: leadClaimKey(application.challengeId, application.leadOrganisationId),
        condition: { field: "applicationId", op: "=", value: application.id },
        failure: () =>
          conflictError(
            "VERSION_CONFLICT",
            `The lead's place on challenge ${application.challengeId} is held by another application`,
            `该单位在榜单 ${application.challengeId} 的牵头名额由另一份申请占用`,
          ),
      },
    ],
  );
  recentApplications.remember(deps.records, after.id, after);
  return after;
}

// ---- 揭榜 agreement and submission ---------------------------------------------------------------------------------
/**
 * The challenge's enterprise or the lead solver signs the 揭榜 agreement on the version it read (If-Match). A side
 * signs once; signing again is a repeated decision (409). Only a draft can be signed, before close.
 */
export async function signAgreement(
  deps: ApplicationDeps,
  actor: Actor,
  applicationId: string,
  expectedVersion: number,
): Promise<ApplicationRecord> {
  const application = await loadApplication(deps.records, applicationId);
  const challenge = await loadChallenge(deps.records, application.challengeId);
  const grant = authorizeRecord(actor, "application", "sign", applicationFacts(application, challenge));
  const side = grant?.roles.includes("enterprise") ? "enterprise" : "solver";
  const signed =
    side === "enterprise" ? application.agreement.enterpriseSignedAt : application.agreement.solverSignedAt;
  if (signed) {
    throw conflictError(
      "AGREEMENT_ALREADY_SIGNED",
      `The ${side} already signed this application's agreement at ${signed}`,
      `${side === "enterprise" ? "发榜企业" : "揭榜方"}已于 ${signed} 签署揭榜协议`,
    );
  }
  assertVersion(application, expectedVersion);
  if (application.status !== "draft") throw stateConflict(application, "sign", "签署");
  const now = deps.clock.now();
  const at = now.toISOString();
  assertWindowOpen(challenge, now);
  const agreement =
    side === "enterprise"
      ? {
          ...application.agreement,
          enterpriseSignedAt: at,
          enterpriseSignedBy: actor.userId,
          enterpriseOrganisationId: actor.organisationId,
        }
      : { ...application.agreement, solverSignedAt: at, solverSignedBy: actor.userId };
  const after = next(application, at, { agreement });
  await deps.records.write(
    [
      updated(applicationKind, application, after, {
        actor: actor.userId,
        role: side,
        action: "application.agreement-signed",
        detail: { side, organisationId: actor.organisationId, signedVersion: application.version },
      }),
    ],
    at,
  );
  recentApplications.remember(deps.records, after.id, after);
  return after;
}

/**
 * The lead submits a draft that both sides have signed, before close; every rule is checked again on the server's
 * date (a credit record may have arrived, a member may have turned 40). Submitted is what review picks up.
 */
export async function submitApplication(
  deps: ApplicationDeps,
  actor: Actor,
  applicationId: string,
  expectedVersion: number | undefined,
): Promise<ApplicationRecord> {
  const application = await loadApplication(deps.records, applicationId);
  assertLeadSolver(actor, application);
  assertVersion(application, expectedVersion);
  if (application.status !== "draft") throw stateConflict(application, "submit", "提交");
  const now = deps.clock.now();
  const at = now.toISOString();
  const challenge = await loadChallenge(deps.records, application.challengeId);
  assertWindowOpen(challenge, now);
  const missing: FieldIssue[] = [
    ...(application.agreement.enterpriseSignedAt
      ? []
      : [{ path: "agreement.enterpriseSignedAt", message: "not signed", messageZh: "发榜企业未签署" }]),
    ...(application.agreement.solverSignedAt
      ? []
      : [{ path: "agreement.solverSignedAt", message: "not signed", messageZh: "揭榜方未签署" }]),
  ];
  if (missing.length > 0) {
    throw businessRuleError(
      "AGREEMENT_NOT_SIGNED",
      `The 揭榜 agreement must be signed by the enterprise and the solver first (missing: ${missing.map((m) => m.path).join(", ")})`,
      `须先由发榜企业和揭榜方签署揭榜协议（${missing.map((m) => m.messageZh).join("，")}）`,
      missing,
    );
  }
  const policy = await loadPolicy(deps.records, challenge);
  const guards = await assertApplicationAcceptable(
    deps.records,
    challenge,
    policy,
    application.leadOrganisationId,
    contentOf(application),
    shanghaiDate(now.getTime()),
  );
  const after = next(application, at, { status: "submitted", submittedAt: at });
  await deps.records.write(
    [
      updated(applicationKind, application, after, {
        actor: actor.userId,
        role: "solver",
        action: "application.submitted",
      }),
    ],
    at,
    guards,
  );
  recentApplications.remember(deps.records, after.id, after);
  deps.metrics?.record({
    kind: "application-submitted",
    programmeId: challenge.programmeId,
    challengeId: challenge.id,
  });
  return after;
}

// ---- reads ------------------------------------------------------------------------------------------------------
/**
 * Who may read an application: the lead's and members' solvers, the challenge's enterprise, the bureau, admins and
 * auditors. Experts read applications only through their review assignments (section R).
 */
export async function readApplication(
  deps: ApplicationDeps,
  actor: Actor,
  applicationId: string,
): Promise<ApplicationRecord> {
  const application = await loadApplication(deps.records, applicationId);
  // The challenge (for its enterprise) is read only when the caller is an enterprise.
  const challenge = actor.roles.includes("enterprise")
    ? await loadChallenge(deps.records, application.challengeId)
    : undefined;
  authorizeRecord(actor, "application", "read", applicationFacts(application, challenge));
  return application;
}

/** Applications to a challenge: the bureau, admins, auditors and the challenge's own enterprise. */
export async function listChallengeApplications(
  deps: ApplicationDeps,
  actor: Actor,
  challengeId: string,
  filter: { status?: ApplicationRecordStatus; limit: number; cursor?: string },
): Promise<Page<ApplicationRecord>> {
  const challenge = await loadChallenge(deps.records, challengeId);
  authorizeRecord(actor, "challenge", "list-applications", {
    enterpriseOrganisationIds: challenge.enterpriseOrganisationIds,
  });
  const page = await deps.records.list(applicationsOfChallenge(challengeId), {
    limit: filter.limit,
    ...(filter.cursor ? { cursor: filter.cursor } : {}),
  });
  return filter.status ? { ...page, items: page.items.filter((a) => a.status === filter.status) } : page;
}

/** The caller's organisation's applications, as lead or consortium member, newest first. */
export async function listMyApplications(
  deps: ApplicationDeps,
  actor: Actor,
  filter: { role?: "lead" | "member"; challengeId?: string; limit: number; cursor?: string },
): Promise<Page<ApplicationRecord & { myRole: "lead" | "member" }>> {
  // One listing per organisation holds the applications it leads and its member party records.
  const page = await deps.records.list(applicationsOfOrganisation(actor.organisationId), {
    limit: filter.limit,
    ...(filter.cursor ? { cursor: filter.cursor } : {}),
  });
  const entries = page.items
    .map((item) =>
      isPartyRecord(item)
        ? { applicationId: item.applicationId, challengeId: item.challengeId, role: item.role }
        : { applicationId: item.id, challengeId: item.challengeId, role: "lead" as const, application: item },
    )
    .filter(
      (e) =>
        (!filter.role || e.role === filter.role) &&
        (!filter.challengeId || e.challengeId === filter.challengeId),
    );
  const members = entries.filter((e) => !("application" in e));
  const read = await deps.records.getMany(
    members.map((e) => ({ kind: applicationKind, id: e.applicationId })),
  );
  const byId = new Map(
    read.filter((a): a is ApplicationRecord => a !== undefined).map((a) => [a.id, a] as const),
  );
  const items: (ApplicationRecord & { myRole: "lead" | "member" })[] = [];
  for (const e of entries) {
    const application = "application" in e ? e.application : byId.get(e.applicationId);
    if (application) items.push({ ...application, myRole: e.role });
  }
  return page.next ? { items, next: page.next } : { items };
}

/** A party record (a consortium member's entry) rather than an application, in the organisation's partition. */
function isPartyRecord(item: ApplicationRecord | ApplicationPartyRecord): item is ApplicationPartyRecord {
  return "applicationId" in item && "organisationId" in item;
}
