// Use-case support of demands (需求): their ports, loading and saving a demand with its audit note, who may read or
// write it, and the version and state checks the intake, decision and workflow use cases share.

import { randomUUID } from "node:crypto";
import type { Actor } from "../kernel/actor.ts";
import { conflictError, type DomainError, notFoundError } from "../kernel/errors.ts";
import { authorizeRecord, type RecordFacts } from "../kernel/record-access.ts";
import type { Role } from "../kernel/roles.ts";
import type { Clock } from "../platform/ports/clock.ts";
import type { DocumentStore } from "../platform/ports/document-store.ts";
import { type AuditNote, type RecordStore, updated } from "../platform/ports/records.ts";
import type { WorkflowEngine } from "../platform/ports/workflow-engine.ts";
import { type Demand, demandKind } from "./model.ts";
import { assignmentOf } from "./refinement.ts";

export interface DemandDeps {
  /** Demands, programmes, refinement assignments and the challenges a demand becomes. */
  readonly records: RecordStore;
  readonly documents: DocumentStore;
  readonly workflows: WorkflowEngine;
  readonly clock: Clock;
  readonly newId?: () => string;
}

export const intakeStateMachine = "demand-intake";
export const uploadUrlSeconds = 15 * 60;
export const readAllRoles: readonly Role[] = ["bureau", "admin", "auditor"];

export const newDemandId = () => `dmd-${randomUUID()}`;
export const newChallengeId = () => `chl-${randomUUID()}`;

/** Who changed a demand, in which role, and what they did. */
export function audit(
  actor: string,
  role: string,
  action: string,
  detail?: Record<string, unknown>,
): AuditNote {
  return { actor, role, action, ...(detail ? { detail } : {}) };
}

/** Writes the next version of a demand with its audit event, guarded by the version `before` was read at. */
export const save = (
  deps: Pick<DemandDeps, "records">,
  before: Demand,
  after: Demand,
  note: AuditNote,
  at: string,
) => deps.records.write([updated(demandKind, before, after, note)], at);

/** A demand, if it exists. */
export const findDemand = (deps: Pick<DemandDeps, "records">, demandId: string) =>
  deps.records.get(demandKind, demandId);

export async function load(deps: DemandDeps, demandId: string): Promise<Demand> {
  const demand = await findDemand(deps, demandId);
  if (!demand)
    throw notFoundError("DEMAND_NOT_FOUND", `Demand ${demandId} not found`, `需求 ${demandId} 不存在`);
  return demand;
}

/** The facts the demand's record rules read (functions/kernel/record-access.ts): its enterprise, its assigned experts. */
export async function demandFacts(deps: DemandDeps, actor: Actor, demand: Demand): Promise<RecordFacts> {
  // An expert assigned to refine it (榜单凝练) may read it; the assignment is looked up only for an expert.
  const assigned = actor.roles.includes("expert") && (await assignmentOf(deps, demand.id, actor.userId));
  return {
    enterpriseOrganisationIds: [demand.organisationId],
    assignedUserIds: assigned ? [actor.userId] : [],
  };
}

export function assertOwner(actor: Actor, demand: Demand): void {
  authorizeRecord(actor, "demand", "write", { enterpriseOrganisationIds: [demand.organisationId] });
}

export function assertVersion(demand: Demand, expected: number | undefined): void {
  if (expected !== undefined && expected !== demand.version) {
    throw conflictError(
      "VERSION_CONFLICT",
      `The demand changed meanwhile (current version ${demand.version}); reload and retry`,
      `需求已被修改（当前版本 ${demand.version}），请刷新后重试`,
    );
  }
}

export function stateConflict(demand: Demand, action: string, actionZh: string): DomainError {
  return conflictError(
    "DEMAND_STATE_CONFLICT",
    `Cannot ${action} a demand that is ${demand.status}`,
    `需求当前状态为 ${demand.status}，不能${actionZh}`,
  );
}

export function next(demand: Demand, at: string, changes: Partial<Demand>): Demand {
  return { ...demand, ...changes, version: demand.version + 1, updatedAt: at };
}
