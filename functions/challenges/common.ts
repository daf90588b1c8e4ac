// Use-case support of challenges (榜单): their ports and workflows' names, what the bureau may edit on a draft and send
// with a sign-off, loading and saving a challenge, and the version and state checks the use cases share.
import * as z from "zod/mini";
import { keyTechnology } from "../demands/model.ts";
import { conflictError, type DomainError, notFoundError } from "../kernel/errors.ts";
import type { Clock } from "../platform/ports/clock.ts";
import { type RecordStore, updated } from "../platform/ports/records.ts";
import type { WorkflowEngine } from "../platform/ports/workflow-engine.ts";
import { type ChallengeRecord, challengeKind, challengeWindow, termsShape } from "./model.ts";

export const publicationStateMachine = "challenge-publication";

export interface ChallengeDeps {
  readonly records: RecordStore;
  readonly workflows: WorkflowEngine;
  readonly clock: Clock;
}

/** The callbacks the publication workflow parks on the challenge. */
export type PublicationTask = "bureau-sign-off" | "approver-sign-off" | "sign-off-resubmission";

// The schemas are built on first use (z.lazy).
/** What the bureau may change on a draft (PATCH, with If-Match). */
export const challengeEdit = z.lazy(() =>
  z.partial(
    z.strictObject({
      title: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
      description: z.string().check(z.trim(), z.minLength(1), z.maxLength(20000)),
      keyTechnologies: z.array(keyTechnology).check(z.minLength(1), z.maxLength(40)),
      solverRequirements: z.string().check(z.trim(), z.minLength(1), z.maxLength(10000)),
      ...termsShape(),
      caseByCaseReason: z.string().check(z.trim(), z.minLength(1), z.maxLength(2000)),
    }),
  ),
);
export type ChallengeEdit = z.infer<typeof challengeEdit>;

export const signOffInput = z.lazy(() =>
  z.strictObject({
    decision: z.enum(["approve", "send-back"]),
    comment: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(5000))),
    /** Approver only: the 一事一议 decision on a cap above the policy's. */
    caseByCaseApproved: z.optional(z.boolean()),
  }),
);
export type SignOffInput = z.infer<typeof signOffInput>;

export const republishInput = z.lazy(() => z.strictObject({ window: challengeWindow }));

/** Execution name of a round's publication: deterministic, so a retried start finds the same execution. */
export function publicationExecutionName(c: Pick<ChallengeRecord, "id" | "round">, attempt: number): string {
  return attempt <= 1 ? `publish-${c.id}-r${c.round}` : `publish-${c.id}-r${c.round}-a${attempt}`;
}

export const utc = (w: { opensAt: string; closesAt: string }) => ({
  opensAt: new Date(w.opensAt).toISOString(),
  closesAt: new Date(w.closesAt).toISOString(),
});

export async function load(
  deps: Pick<ChallengeDeps, "records">,
  challengeId: string,
): Promise<ChallengeRecord> {
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

export function stateConflict(c: ChallengeRecord, action: string, actionZh: string): DomainError {
  return conflictError(
    "CHALLENGE_STATE_CONFLICT",
    `Cannot ${action} a challenge that is ${c.status}`,
    `榜单当前状态为 ${c.status}，不能${actionZh}`,
  );
}

export const notReady = () =>
  conflictError(
    "WORKFLOW_NOT_READY",
    "The workflow is not yet waiting for this step; retry shortly",
    "流程尚未进入该环节，请稍后重试",
  );

export function next(c: ChallengeRecord, at: string, changes: Partial<ChallengeRecord>): ChallengeRecord {
  return { ...c, ...changes, version: c.version + 1, updatedAt: at };
}

/** Drops optional keys (exactOptionalPropertyTypes: a record never holds an explicit undefined). */
export function without<K extends keyof ChallengeRecord>(c: ChallengeRecord, ...keys: K[]): ChallengeRecord {
  const copy: Record<string, unknown> = { ...c };
  for (const k of keys) delete copy[k];
  return copy as unknown as ChallengeRecord;
}

export async function save(
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

export function assertVersion(c: ChallengeRecord, expected: number | undefined): void {
  if (expected !== undefined && expected !== c.version) {
    throw conflictError(
      "VERSION_CONFLICT",
      `The challenge changed meanwhile (current version ${c.version}); reload and retry`,
      `榜单已被修改（当前版本 ${c.version}），请刷新后重试`,
    );
  }
}
