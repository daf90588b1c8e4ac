// Use cases of challenge approval and publication (张榜发布, section P): edit a draft, submit it for sign-off, the
// bureau's then the approver's sign-off (either may send it back), publication with the application window opened and
// closed on the workflow clock, reads (staff, posting enterprise, public) and republication of an unsolved challenge.
// The workflow is workflows/challenge-publication.asl.json; its tasks are at the bottom.

import * as z from "zod";
import { keyTechnology } from "../demands/model.ts";
import type { Actor } from "../kernel/actor.ts";
import { businessRuleError, conflictError, type DomainError, notFoundError } from "../kernel/errors.ts";
import { authorizeRecord, mayAccessRecord } from "../kernel/record-access.ts";
import type { Clock } from "../platform/ports/clock.ts";
import { retryOnConflict } from "../platform/ports/record-helpers.ts";
import { type Page, type RecordStore, updated } from "../platform/ports/records.ts";
import type { WorkflowEngine } from "../platform/ports/workflow-engine.ts";
import { loadProgramme } from "../programmes/programmes.ts";
import {
  assertTermsWithinPolicy,
  type ChallengeRecord,
  type ChallengeRecordStatus,
  type ChallengeSignOff,
  challengeKind,
  challengesOfProgramme,
  challengeTerms,
  challengeWindow,
  publishedChallenges,
} from "./model.ts";

export const publicationStateMachine = "challenge-publication";
/** Section R's state machine; started when the window closes, once the catalog lets the task function start it. */
export const awardStateMachine = "challenge-award";

export interface ChallengeDeps {
  readonly records: RecordStore;
  readonly workflows: WorkflowEngine;
  readonly clock: Clock;
}

/** The callbacks the publication workflow parks on the challenge. */
export type PublicationTask = "bureau-sign-off" | "approver-sign-off" | "sign-off-resubmission";

/** What the bureau may change on a draft (PATCH, with If-Match). */
export const challengeEdit = z
  .object({
    title: z.string().trim().min(1).max(200),
    description: z.string().trim().min(1).max(20000),
    keyTechnologies: z.array(keyTechnology).min(1).max(40),
    solverRequirements: z.string().trim().min(1).max(10000),
    fundingCapFen: challengeTerms.shape.fundingCapFen,
    window: challengeWindow,
    horseRace: challengeTerms.shape.horseRace,
    periodMonths: challengeTerms.shape.periodMonths,
    caseByCaseReason: z.string().trim().min(1).max(2000),
  })
  .partial()
  .strict();
export type ChallengeEdit = z.infer<typeof challengeEdit>;

export const signOffInput = z
  .object({
    decision: z.enum(["approve", "send-back"]),
    comment: z.string().trim().min(1).max(5000).optional(),
    /** Approver only: the 一事一议 decision on a cap above the policy's. */
    caseByCaseApproved: z.boolean().optional(),
  })
  .strict();
export type SignOffInput = z.infer<typeof signOffInput>;

export const republishInput = z.object({ window: challengeWindow }).strict();

/** Execution name of a round's publication: deterministic, so a retried start finds the same execution. */
export function publicationExecutionName(c: Pick<ChallengeRecord, "id" | "round">, attempt: number): string {
  return attempt <= 1 ? `publish-${c.id}-r${c.round}` : `publish-${c.id}-r${c.round}-a${attempt}`;
}

export function awardExecutionName(c: Pick<ChallengeRecord, "id" | "round">): string {
  return `award-${c.id}-r${c.round}`;
}

const utc = (w: { opensAt: string; closesAt: string }) => ({
  opensAt: new Date(w.opensAt).toISOString(),
  closesAt: new Date(w.closesAt).toISOString(),
});

async function load(deps: Pick<ChallengeDeps, "records">, challengeId: string): Promise<ChallengeRecord> {
  const challenge = /^chl-[0-9a-f-]{36}$/.test(challengeId)
    ? await deps.records.get(challengeKind, challengeId)
    : undefined;
  if (!challenge) {
    throw notFoundError(
      "CHALLENGE_NOT_FOUND",
      `Challenge ${challengeId} not found`,
      `榜单 ${challengeId} 不存在`,
    );
  }
  return challenge;
}

function stateConflict(c: ChallengeRecord, action: string, actionZh: string): DomainError {
  return conflictError(
    "CHALLENGE_STATE_CONFLICT",
    `Cannot ${action} a challenge that is ${c.status}`,
    `榜单当前状态为 ${c.status}，不能${actionZh}`,
  );
}

const notReady = () =>
  conflictError(
    "WORKFLOW_NOT_READY",
    "The workflow is not yet waiting for this step; retry shortly",
    "流程尚未进入该环节，请稍后重试",
  );

function next(c: ChallengeRecord, at: string, changes: Partial<ChallengeRecord>): ChallengeRecord {
  return { ...c, ...changes, version: c.version + 1, updatedAt: at };
}

/** Drops optional keys (exactOptionalPropertyTypes: a record never holds an explicit undefined). */
function without<K extends keyof ChallengeRecord>(c: ChallengeRecord, ...keys: K[]): ChallengeRecord {
  const copy: Record<string, unknown> = { ...c };
  for (const k of keys) delete copy[k];
  return copy as unknown as ChallengeRecord;
}

async function save(
  deps: Pick<ChallengeDeps, "records">,
  before: ChallengeRecord,
  after: ChallengeRecord,
  at: string,
  who: { actor: string; role: string },
  action: string,
  detail?: Record<string, unknown>,
): Promise<ChallengeRecord> {
  await deps.records.write(
    [updated(challengeKind, before, after, { ...who, action, ...(detail ? { detail } : {}) })],
    at,
  );
  return after;
}

function assertVersion(c: ChallengeRecord, expected: number | undefined): void {
  if (expected !== undefined && expected !== c.version) {
    throw conflictError(
      "VERSION_CONFLICT",
      `The challenge changed meanwhile (current version ${c.version}); reload and retry`,
      `榜单已被修改（当前版本 ${c.version}），请刷新后重试`,
    );
  }
}

// ---- reads ----------------------------------------------------------------------------------------------------

export async function readChallenge(deps: ChallengeDeps, actor: Actor, challengeId: string) {
  const c = await load(deps, challengeId);
  authorizeRecord(actor, "challenge", "read", { enterpriseOrganisationIds: c.enterpriseOrganisationIds });
  return c;
}

/** A programme's challenges: all of them for staff, the enterprise's own for an enterprise. */
export async function listChallenges(
  deps: ChallengeDeps,
  actor: Actor,
  filter: { programmeId: string; status?: ChallengeRecordStatus; limit: number; cursor?: string },
): Promise<Page<ChallengeRecord>> {
  const page = await deps.records.list(challengesOfProgramme(filter.programmeId), {
    limit: filter.limit,
    ...(filter.cursor ? { cursor: filter.cursor } : {}),
    newestFirst: true,
  });
  return {
    ...page,
    items: page.items.filter(
      (c) =>
        mayAccessRecord(actor, "challenge", "read", {
          enterpriseOrganisationIds: c.enterpriseOrganisationIds,
        }) &&
        (!filter.status || c.status === filter.status),
    ),
  };
}

/** Published rounds only (scheduled onwards, never withdrawn), newest publication first. */
export async function listPublicChallenges(
  deps: Pick<ChallengeDeps, "records">,
  filter: { programmeId?: string; limit: number; cursor?: string },
): Promise<Page<ChallengeRecord>> {
  const page = await deps.records.list(publishedChallenges(), {
    limit: filter.limit,
    ...(filter.cursor ? { cursor: filter.cursor } : {}),
    newestFirst: true,
  });
  return {
    ...page,
    items: page.items.filter(
      (c) => isPublished(c) && (!filter.programmeId || c.programmeId === filter.programmeId),
    ),
  };
}

export function isPublished(c: ChallengeRecord): boolean {
  return c.publishedAt !== undefined && c.status !== "withdrawn" && !unpublishedStatuses.includes(c.status);
}
const unpublishedStatuses: readonly ChallengeRecordStatus[] = [
  "draft",
  "awaiting-bureau",
  "awaiting-approver",
];

/** A published challenge for anyone; a draft or unknown one is simply not found (nothing leaks). */
export async function readPublicChallenge(
  deps: Pick<ChallengeDeps, "records">,
  challengeId: string,
): Promise<ChallengeRecord> {
  const c = await load(deps, challengeId).catch(() => undefined);
  if (!c || !isPublished(c)) {
    throw notFoundError(
      "CHALLENGE_NOT_FOUND",
      `No published challenge ${challengeId}`,
      `没有已发布的榜单 ${challengeId}`,
    );
  }
  return c;
}

// ---- the bureau edits a draft -------------------------------------------------------------------------------

export async function editChallenge(
  deps: ChallengeDeps,
  actor: Actor,
  challengeId: string,
  expectedVersion: number,
  patch: ChallengeEdit,
): Promise<ChallengeRecord> {
  const c = await load(deps, challengeId);
  assertVersion(c, expectedVersion);
  if (c.status !== "draft") throw stateConflict(c, "edit", "修改");
  const programme = await loadProgramme(deps, c.programmeId);
  const now = deps.clock.now();
  const { caseByCaseReason, ...fields } = patch;
  const merged = {
    ...c,
    ...fields,
    ...(fields.window ? { window: utc(fields.window) } : {}),
  } as ChallengeRecord;
  if (!merged.window) {
    throw businessRuleError("WINDOW_REQUIRED", "Set the application window", "请设置揭榜时间", [
      { path: "body.window", message: "required", messageZh: "必填" },
    ]);
  }
  assertTermsWithinPolicy(
    {
      fundingCapFen: merged.fundingCapFen,
      window: merged.window,
      horseRace: merged.horseRace,
      periodMonths: merged.periodMonths,
      ...(caseByCaseReason ? { caseByCaseReason } : {}),
    },
    programme,
    now,
    "body.",
    { caseByCaseAlreadyAsked: c.caseByCase !== undefined },
  );
  const at = now.toISOString();
  const aboveCap = merged.fundingCapFen > programme.policy.capFen;
  const caseByCase = !aboveCap
    ? undefined
    : caseByCaseReason
      ? { reason: caseByCaseReason, requestedBy: actor.userId, requestedAt: at }
      : c.caseByCase;
  const after = next(without(merged, "caseByCase"), at, caseByCase ? { caseByCase } : {});
  return save(deps, c, after, at, { actor: actor.userId, role: "bureau" }, "challenge.edited", {
    fields: Object.keys(patch),
  });
}

// ---- submission for sign-off and the sign-offs --------------------------------------------------------------

/**
 * The bureau submits a draft for sign-off: the round's publication execution starts, or — after a send-back — the
 * same execution, waiting for the resubmission, resumes. Safe to repeat after a crash.
 */
export async function submitChallenge(
  deps: ChallengeDeps,
  actor: Actor,
  challengeId: string,
  expectedVersion?: number,
): Promise<ChallengeRecord> {
  let c = await load(deps, challengeId);
  const now = deps.clock.now();
  const at = now.toISOString();
  if (c.status === "draft") {
    assertVersion(c, expectedVersion);
    const programme = await loadProgramme(deps, c.programmeId);
    if (!c.window) {
      throw businessRuleError("WINDOW_REQUIRED", "Set the application window", "请设置揭榜时间", [
        { path: "window", message: "required", messageZh: "必填" },
      ]);
    }
    assertTermsWithinPolicy({ ...c, window: c.window }, programme, now, "", {
      caseByCaseAlreadyAsked: c.caseByCase !== undefined,
    });
    const resuming = c.pendingTask?.kind === "sign-off-resubmission";
    if (!resuming && c.workflow?.executionName) throw notReady(); // sent back; the execution is not parked yet
    const attempt = resuming ? (c.attempt ?? 1) : (c.attempt ?? 0) + 1;
    const before = c;
    c = next(without(c, "overdueSince"), at, {
      status: "awaiting-bureau",
      attempt,
      workflow: {
        ...c.workflow,
        executionName: c.workflow?.executionName ?? publicationExecutionName(c, attempt),
      },
    });
    await save(deps, before, c, at, { actor: actor.userId, role: "bureau" }, "challenge.submitted", {
      round: c.round,
      attempt,
    });
  } else if (c.status !== "awaiting-bureau") {
    throw stateConflict(c, "submit", "提交审核");
  }
  // Hand over to the workflow; both calls are idempotent. The first task records the execution's ARN.
  if (c.pendingTask?.kind === "sign-off-resubmission") {
    await deps.workflows.completeTask(c.pendingTask.token, { resubmittedAt: at, by: actor.userId });
  } else if (!c.workflow?.executionArn) {
    await deps.workflows.start(publicationStateMachine, c.workflow!.executionName!, {
      challengeId: c.id,
      round: c.round,
      republication: false,
    });
  }
  return c;
}

const stageOf = {
  bureau: { status: "awaiting-bureau", task: "bureau-sign-off", role: "bureau" },
  approver: { status: "awaiting-approver", task: "approver-sign-off", role: "approver" },
} as const;

/**
 * A sign-off: the bureau's (审核) or the approver's (审定). Recorded on the challenge and handed to the waiting
 * execution. The same sign-off again before it is applied re-sends it; a different or a late one → 409.
 */
export async function signOffChallenge(
  deps: ChallengeDeps,
  actor: Actor,
  challengeId: string,
  stage: "bureau" | "approver",
  input: SignOffInput,
): Promise<ChallengeRecord> {
  if (input.decision === "send-back" && !input.comment) {
    throw businessRuleError(
      "COMMENT_REQUIRED",
      "Say what must change when sending a challenge back",
      "退回榜单时须说明修改意见",
      [{ path: "body.comment", message: "required when sending back", messageZh: "退回时必填" }],
    );
  }
  if (stage === "bureau" && input.caseByCaseApproved !== undefined) {
    throw businessRuleError(
      "CASE_BY_CASE_BY_APPROVER",
      "Only the approver decides on a case-by-case (一事一议) cap",
      "一事一议由审定领导决定",
      [{ path: "body.caseByCaseApproved", message: "approver only", messageZh: "仅审定环节可填" }],
    );
  }
  let c = await load(deps, challengeId);
  const expected = stageOf[stage];
  if (c.status !== expected.status) throw stateConflict(c, "sign off", "审核");
  const now = deps.clock.now();
  const at = now.toISOString();
  const signOff: ChallengeSignOff = {
    stage,
    decision: input.decision,
    ...(input.comment ? { comment: input.comment } : {}),
    ...(input.caseByCaseApproved !== undefined ? { caseByCaseApproved: input.caseByCaseApproved } : {}),
    round: c.round,
    by: actor.userId,
    at,
  };
  if (c.pendingSignOff) {
    const p = c.pendingSignOff;
    const same =
      p.stage === stage &&
      p.decision === input.decision &&
      p.comment === input.comment &&
      p.caseByCaseApproved === input.caseByCaseApproved;
    if (!same) {
      throw conflictError(
        "DECISION_ALREADY_MADE",
        "A different sign-off on this challenge is already being applied",
        "该榜单已有不同的审核意见正在处理",
      );
    }
  } else {
    if (c.pendingTask?.kind !== expected.task) throw notReady();
    if (stage === "approver" && input.decision === "approve") {
      const programme = await loadProgramme(deps, c.programmeId);
      if (c.fundingCapFen > programme.policy.capFen && input.caseByCaseApproved !== true) {
        throw businessRuleError(
          "CASE_BY_CASE_DECISION_REQUIRED",
          `The cap of ${c.fundingCapFen} fen is above the policy's ${programme.policy.capFen}: approve it case by case (一事一议) or send it back`,
          `榜单支持额度 ${c.fundingCapFen} 分超过政策上限 ${programme.policy.capFen} 分：须作出一事一议决定或退回`,
          [{ path: "body.caseByCaseApproved", message: "must be true", messageZh: "须为 true" }],
        );
      }
      if (!c.window || Date.parse(c.window.closesAt) <= now.getTime()) {
        throw businessRuleError(
          "WINDOW_PASSED",
          "The application window has already closed: send the challenge back for a new window",
          "揭榜时间已过，请退回修改揭榜时间",
          [{ path: "window.closesAt", message: "in the past", messageZh: "已过" }],
        );
      }
    }
    const before = c;
    c = next(c, at, { pendingSignOff: signOff });
    await save(
      deps,
      before,
      c,
      at,
      { actor: actor.userId, role: expected.role },
      `challenge.${stage}-signed`,
      {
        decision: input.decision,
        round: c.round,
      },
    );
  }
  const token = c.pendingTask?.token;
  if (token) await deps.workflows.completeTask(token, c.pendingSignOff);
  return c;
}

// ---- republication of an unsolved challenge (流榜 → 重新发榜) ---------------------------------------------------

/**
 * The bureau republishes a challenge nobody took (unsolved) with a new window: round + 1 and a new publication
 * execution that goes straight to the window. A retry after a crash starts the same execution.
 */
export async function republishChallenge(
  deps: ChallengeDeps,
  actor: Actor,
  challengeId: string,
  input: z.infer<typeof republishInput>,
): Promise<ChallengeRecord> {
  let c = await load(deps, challengeId);
  const window = utc(input.window);
  const now = deps.clock.now();
  const retry =
    c.status === "scheduled" &&
    c.round > 1 &&
    !c.workflow?.executionArn &&
    c.window?.opensAt === window.opensAt &&
    c.window?.closesAt === window.closesAt;
  if (!retry) {
    if (c.status !== "unsolved") throw stateConflict(c, "republish", "重新发榜");
    const programme = await loadProgramme(deps, c.programmeId);
    assertTermsWithinPolicy({ ...c, window }, programme, now, "body.", {
      caseByCaseAlreadyAsked: c.caseByCase !== undefined,
    });
    const at = now.toISOString();
    const before = c;
    c = next(without(c, "pendingTask", "pendingSignOff", "overdueSince", "openedAt", "closedAt"), at, {
      previousRounds: [
        ...(c.previousRounds ?? []),
        {
          round: c.round,
          status: c.status,
          ...(c.window ? { window: c.window } : {}),
          ...(c.publishedAt ? { publishedAt: c.publishedAt } : {}),
        },
      ],
      round: c.round + 1,
      attempt: 1,
      status: "scheduled",
      window,
      publishedAt: at,
      workflow: { executionName: publicationExecutionName({ id: c.id, round: c.round + 1 }, 1) },
    });
    await save(deps, before, c, at, { actor: actor.userId, role: "bureau" }, "challenge.republished", {
      round: c.round,
      window,
    });
  }
  const started = await deps.workflows.start(publicationStateMachine, c.workflow!.executionName!, {
    challengeId: c.id,
    round: c.round,
    republication: true,
    schedule: window,
  });
  return retryOnConflict(async () => {
    const fresh = await load(deps, challengeId);
    if (fresh.workflow?.executionArn || fresh.round !== c.round) return fresh;
    const at = deps.clock.now().toISOString();
    const after = next(fresh, at, { workflow: { ...fresh.workflow, executionArn: started.executionArn } });
    return save(
      deps,
      fresh,
      after,
      at,
      { actor: "workflow", role: "workflow" },
      "challenge.execution-started",
      {
        executionArn: started.executionArn,
      },
    );
  });
}

// ---- tasks of the challenge-publication workflow ----------------------------------------------------------------
// Each re-reads the challenge and applies its change once; a request that wrote in between makes it try again.

type TaskDeps = Pick<ChallengeDeps, "records" | "clock">;
const workflowActor = { actor: "workflow", role: "workflow" };

const expectedStatusOf: Record<PublicationTask, ChallengeRecordStatus> = {
  "bureau-sign-off": "awaiting-bureau",
  "approver-sign-off": "awaiting-approver",
  "sign-off-resubmission": "draft",
};

export async function parkPublicationToken(
  deps: TaskDeps,
  challengeId: string,
  round: number,
  kind: PublicationTask,
  token: string,
  executionArn: string,
): Promise<void> {
  return retryOnConflict(async () => {
    const c = await load(deps, challengeId);
    if (c.round !== round || c.status !== expectedStatusOf[kind]) {
      throw stateConflict(c, `wait for ${kind} on`, "进入等待");
    }
    if (c.pendingTask?.token === token) return;
    const at = deps.clock.now().toISOString();
    const after = next(c, at, {
      pendingTask: { kind, token, since: at },
      workflow: { ...c.workflow, executionArn },
    });
    await save(deps, c, after, at, workflowActor, `challenge.awaiting-${kind}`, { round });
  });
}

/** Applies the recorded sign-off: bureau approve → awaiting-approver; approver approve → scheduled (published); send-back → draft. */
export async function applySignOff(
  deps: TaskDeps,
  challengeId: string,
  round: number,
): Promise<{ status: ChallengeRecordStatus; window?: { opensAt: string; closesAt: string } }> {
  return retryOnConflict(async () => {
    const c = await load(deps, challengeId);
    const signOff = c.pendingSignOff;
    const report = (r: ChallengeRecord) => ({ status: r.status, ...(r.window ? { window: r.window } : {}) });
    if (!signOff || c.round !== round) return report(c); // applied already (a retried task)
    const at = deps.clock.now().toISOString();
    const base = without(c, "pendingSignOff", "pendingTask", "overdueSince");
    const signOffs = [...(c.signOffs ?? []), signOff];
    let after: ChallengeRecord;
    if (signOff.decision === "send-back") after = next(base, at, { status: "draft", signOffs });
    else if (signOff.stage === "bureau") after = next(base, at, { status: "awaiting-approver", signOffs });
    else {
      after = next(base, at, {
        status: "scheduled",
        publishedAt: at,
        signOffs,
        ...(c.caseByCase && signOff.caseByCaseApproved
          ? { caseByCase: { ...c.caseByCase, approvedBy: signOff.by, approvedAt: signOff.at } }
          : {}),
      });
    }
    const action =
      after.status === "scheduled"
        ? "challenge.published"
        : after.status === "draft"
          ? `challenge.sent-back-by-${signOff.stage}`
          : "challenge.bureau-approved";
    await save(deps, c, after, at, workflowActor, action, { by: signOff.by, round });
    return report(after);
  });
}

export async function escalateSignOff(deps: TaskDeps, challengeId: string, stage: string): Promise<void> {
  return retryOnConflict(async () => {
    const c = await load(deps, challengeId);
    const at = deps.clock.now().toISOString();
    const after = next(c, at, { overdueSince: c.overdueSince ?? at });
    await save(deps, c, after, at, workflowActor, "challenge.sign-off-overdue", { stage });
  });
}

/** Nobody resubmitted a sent-back draft in time: the execution ends; a later submission starts a fresh one. */
export async function lapseSubmission(deps: TaskDeps, challengeId: string, round: number): Promise<void> {
  return retryOnConflict(async () => {
    const c = await load(deps, challengeId);
    if (c.round !== round || c.status !== "draft" || !c.workflow?.executionName) return;
    const at = deps.clock.now().toISOString();
    const after = next(without(c, "pendingTask", "workflow"), at, {});
    await save(deps, c, after, at, workflowActor, "challenge.submission-lapsed", { round });
  });
}

/** The window opens (the workflow's clock reached opensAt). */
export async function openWindow(
  deps: TaskDeps,
  challengeId: string,
  round: number,
): Promise<{ status: ChallengeRecordStatus }> {
  return retryOnConflict(async () => {
    const c = await load(deps, challengeId);
    if (c.round !== round || c.status !== "scheduled") return { status: c.status };
    const at = deps.clock.now().toISOString();
    const after = next(c, at, { status: "open", openedAt: at });
    await save(deps, c, after, at, workflowActor, "challenge.window-opened", { round });
    return { status: after.status };
  });
}

/**
 * The window closes (the workflow's clock reached closesAt); then review starts: the challenge-award execution
 * `award-<id>-r<round>`, when `startAward` is given (section R's state machine is in the catalog).
 */
export async function closeWindow(
  deps: TaskDeps,
  challengeId: string,
  round: number,
  startAward?: (c: ChallengeRecord) => Promise<{ executionArn: string }>,
): Promise<{ status: ChallengeRecordStatus; awardStarted: boolean }> {
  const closed = await retryOnConflict(async () => {
    const c = await load(deps, challengeId);
    if (c.round !== round || c.status !== "open") return c;
    const at = deps.clock.now().toISOString();
    const after = next(c, at, { status: "closed", closedAt: at });
    return save(deps, c, after, at, workflowActor, "challenge.window-closed", { round });
  });
  if (!startAward || closed.round !== round || closed.status === "open" || closed.status === "scheduled") {
    return { status: closed.status, awardStarted: false };
  }
  const { executionArn } = await startAward(closed); // idempotent by name
  await retryOnConflict(async () => {
    const c = await load(deps, challengeId);
    if (c.workflow?.awardExecutionArn === executionArn) return;
    const at = deps.clock.now().toISOString();
    const after = next(c, at, { workflow: { ...c.workflow, awardExecutionArn: executionArn } });
    await save(deps, c, after, at, workflowActor, "challenge.award-started", { executionArn, round });
  });
  return { status: closed.status, awardStarted: true };
}
