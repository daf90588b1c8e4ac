// Use cases of the operators' hand on executions (流程干预): stop a running execution (StopExecution → ABORTED) and
// redrive a failed, timed-out or aborted one (RedriveExecution: the same ARN, resumed at the state that failed, the
// succeeded steps not re-run). Each is an admin's deliberate act with a reason, and each is an audit event (who, why,
// when) on the execution's intervention record. The engine comes in as the ExecutionControl port.
import { type Actor, actorName } from "../kernel/actor.ts";
import { conflictError, notFoundError } from "../kernel/errors.ts";
import type { RecordKind, RecordStore, VersionedRecord } from "../platform/ports/records.ts";
import type { ExecutionControl } from "../platform/ports/workflow-engine.ts";
import type { ExecutionBrowser } from "./executions.ts";

export interface Intervention {
  readonly action: "stop" | "redrive";
  readonly actorId: string;
  /** The admin's name as their token carried it (kernel/actor.ts actorName); absent on interventions made before. */
  readonly actorName?: string;
  readonly reason: string;
  readonly at: string;
  /** the execution's status before the act */
  readonly statusBefore: string;
}

/** The interventions on one execution (id exi-<machine>:<name>), each write one audit event. */
export interface ExecutionInterventionRecord extends VersionedRecord {
  readonly executionArn: string;
  readonly interventions: readonly Intervention[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

export const executionInterventionKind: RecordKind<ExecutionInterventionRecord> = {
  name: "EXECUTION_INTERVENTION",
  indexKeys: () => ({}),
};

/** arn:…:execution:<machine>:<name> → exi-<machine>:<name> */
export const interventionId = (executionArn: string): string =>
  `exi-${executionArn.split(":").slice(6).join(":")}`;

export interface ExecutionControlDeps {
  readonly records: RecordStore;
  readonly control: ExecutionControl;
  readonly browser: ExecutionBrowser;
  readonly clock: { now(): Date };
}

const REDRIVABLE = ["FAILED", "TIMED_OUT", "ABORTED"];

const notFound = (arn: string) =>
  notFoundError("EXECUTION_NOT_FOUND", `No execution ${arn}`, `找不到流程执行 ${arn}`);

async function current(deps: ExecutionControlDeps, executionArn: string) {
  const execution = await deps.browser.execution(executionArn);
  if (!execution) throw notFound(executionArn);
  return execution;
}

/** Appends the intervention to the execution's record (created on the first), with its audit event. */
async function record(
  deps: ExecutionControlDeps,
  actor: Actor,
  executionArn: string,
  intervention: Intervention,
): Promise<void> {
  const id = interventionId(executionArn);
  const audit = {
    actor: actor.userId,
    role: "admin",
    action: intervention.action === "stop" ? "execution.stopped" : "execution.redriven",
    detail: { executionArn, reason: intervention.reason, statusBefore: intervention.statusBefore },
  };
  const before = await deps.records.get(executionInterventionKind, id);
  const kind = executionInterventionKind as unknown as RecordKind<VersionedRecord>;
  if (!before) {
    const created: ExecutionInterventionRecord = {
      id,
      version: 1,
      executionArn,
      interventions: [intervention],
      createdAt: intervention.at,
      updatedAt: intervention.at,
    };
    await deps.records.write([{ op: "create", kind, record: created, audit }], intervention.at);
    return;
  }
  const after: ExecutionInterventionRecord = {
    ...before,
    version: before.version + 1,
    interventions: [...before.interventions, intervention],
    updatedAt: intervention.at,
  };
  await deps.records.write([{ op: "update", kind, before, after, audit }], intervention.at);
}

export interface ControlResult {
  readonly executionArn: string;
  readonly status: string;
  readonly at: string;
  readonly intervention: Intervention;
}

/** Stops a RUNNING execution (ABORTED, error Admin.Stopped, the reason as its cause). */
export async function stopExecution(
  deps: ExecutionControlDeps,
  actor: Actor,
  input: { readonly executionArn: string; readonly reason: string },
): Promise<ControlResult> {
  const execution = await current(deps, input.executionArn);
  if (execution.status !== "RUNNING") {
    throw conflictError(
      "EXECUTION_NOT_RUNNING",
      `The execution is ${execution.status}: only a running execution can be stopped`,
      `该流程执行的状态为 ${execution.status}，只有运行中的流程执行可以终止`,
    );
  }
  const outcome = await deps.control.stop(
    input.executionArn,
    "Admin.Stopped",
    `Stopped by ${actor.userId}: ${input.reason}`,
  );
  if (!outcome.ok) throw notFound(input.executionArn);
  const intervention: Intervention = {
    action: "stop",
    actorId: actor.userId,
    actorName: actorName(actor),
    reason: input.reason,
    at: deps.clock.now().toISOString(),
    statusBefore: execution.status,
  };
  await record(deps, actor, input.executionArn, intervention);
  return { executionArn: input.executionArn, status: "ABORTED", at: outcome.at, intervention };
}

/** Redrives a FAILED, TIMED_OUT or ABORTED execution; the idempotency key makes a repeated click one redrive. */
export async function redriveExecution(
  deps: ExecutionControlDeps,
  actor: Actor,
  input: { readonly executionArn: string; readonly reason: string; readonly idempotencyKey: string },
): Promise<ControlResult> {
  const execution = await current(deps, input.executionArn);
  const notRedrivable = (why: string, whyZh: string) =>
    conflictError(
      "EXECUTION_NOT_REDRIVABLE",
      `The execution cannot be redriven: ${why}`,
      `该流程执行不能重新驱动：${whyZh}`,
    );
  if (!REDRIVABLE.includes(execution.status)) {
    throw notRedrivable(
      `it is ${execution.status} (only FAILED, TIMED_OUT or ABORTED executions can be redriven)`,
      `状态为 ${execution.status}（只有失败、超时或已终止的流程执行可以重新驱动）`,
    );
  }
  const outcome = await deps.control.redrive(input.executionArn, input.idempotencyKey);
  if (!outcome.ok) {
    if (outcome.reason === "not-found") throw notFound(input.executionArn);
    throw notRedrivable(outcome.message, `${outcome.message}（例如停止已超过 14 天）`);
  }
  const intervention: Intervention = {
    action: "redrive",
    actorId: actor.userId,
    actorName: actorName(actor),
    reason: input.reason,
    at: deps.clock.now().toISOString(),
    statusBefore: execution.status,
  };
  await record(deps, actor, input.executionArn, intervention);
  return { executionArn: input.executionArn, status: "RUNNING", at: outcome.at, intervention };
}

/** The interventions on an execution, oldest first (none: an empty list). */
export async function executionInterventions(
  deps: Pick<ExecutionControlDeps, "records">,
  executionArn: string,
): Promise<{ items: readonly Intervention[] }> {
  const found = await deps.records.get(executionInterventionKind, interventionId(executionArn));
  return { items: found?.interventions ?? [] };
}
