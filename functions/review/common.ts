// Use-case support of expert review and the award (专家评审 → 遴选): their ports, the award workflow's name, who
// oversees, loading the records they read, and the audit note of workflow tasks. The use cases are in pool.ts,
// panels.ts, scoring.ts and the award context.

import { randomUUID } from "node:crypto";
import { type ApplicationRecord, applicationKind } from "../applications/model.ts";
import { type ChallengeRecord, challengeKind } from "../challenges/model.ts";
import type { Actor } from "../kernel/actor.ts";
import { conflictError, type DomainError } from "../kernel/errors.ts";
import type { Role } from "../kernel/roles.ts";
import type { Clock } from "../platform/ports/clock.ts";
import { mustGet } from "../platform/ports/record-helpers.ts";
import type { RecordStore } from "../platform/ports/records.ts";
import type { WorkflowEngine } from "../platform/ports/workflow-engine.ts";
import { type ProgrammeRecord, programmeKind } from "../programmes/model.ts";
import {
  assignmentKind,
  type ReviewAssignmentRecord,
  type ReviewRoundRecord,
  roundId,
  roundKind,
} from "./model.ts";

export interface AwardDeps {
  readonly records: RecordStore;
  readonly workflows: WorkflowEngine;
  readonly clock: Clock;
}

/** What challenge-publication starts when a challenge's window closes: name `award-<challengeId>-r<round>`. */
export const awardStateMachine = "challenge-award";
export const awardExecutionName = (challengeId: string, round: number) => `award-${challengeId}-r${round}`;

const overseers: readonly Role[] = ["bureau", "admin", "auditor"];
export const isOverseer = (actor: Actor) => actor.roles.some((r) => overseers.includes(r));

// ---- helpers shared by the award and notice use cases --------------------------------------------------------

export const loadChallenge = (deps: Pick<AwardDeps, "records">, id: string) =>
  mustGet<ChallengeRecord>(deps.records, challengeKind, id, "Challenge", "榜单");
export const loadProgramme = (deps: Pick<AwardDeps, "records">, id: string) =>
  mustGet<ProgrammeRecord>(deps.records, programmeKind, id, "Programme", "批次");
export const loadApplication = (deps: Pick<AwardDeps, "records">, id: string) =>
  mustGet<ApplicationRecord>(deps.records, applicationKind, id, "Application", "揭榜申请");
export const loadRound = (deps: Pick<AwardDeps, "records">, challengeId: string, round: number) =>
  mustGet<ReviewRoundRecord>(
    deps.records,
    roundKind,
    roundId(challengeId, round),
    "Review round",
    "评审轮次",
  );
export const loadAssignment = (deps: Pick<AwardDeps, "records">, id: string) =>
  mustGet<ReviewAssignmentRecord>(deps.records, assignmentKind, id, "Review assignment", "评审任务");

export function workflowNotReady(): DomainError {
  return conflictError(
    "WORKFLOW_NOT_READY",
    "The workflow is not waiting for this decision now",
    "流程当前未在等待该决定",
  );
}

/** Every organisation of an application: the lead and the consortium members. */
export const applicationOrganisations = (a: ApplicationRecord) => [
  a.leadOrganisationId,
  ...a.memberOrganisationIds,
];

export const newObjectionId = () => `obj-${randomUUID()}`;
