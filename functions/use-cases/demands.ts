// Use cases of demand intake (需求征集): draft, edit, attach, submit, the bureau's decision, and the workflow's tasks.
// Ports come in as parameters; nothing here knows about HTTP, DynamoDB, S3 or Step Functions.
import { randomUUID } from "node:crypto";
import {
  businessRuleError,
  conflictError,
  DomainError,
  forbiddenError,
  fromZodError,
  notFoundError,
} from "../domain/errors.ts";
import type { Role } from "../domain/roles.ts";
import type { Clock } from "../ports/clock.ts";
import type { AuditEntry, DemandRepository, Page } from "../ports/demands.ts";
import type { DocumentStore, UploadSlot } from "../ports/document-store.ts";
import type { WorkflowEngine } from "../ports/workflow-engine.ts";
import {
  type Attachment,
  attachmentTypes,
  type Decision,
  type Demand,
  type DemandDraft,
  type DemandStatus,
  demandContent,
  maxAttachmentBytes,
  maxAttachmentsPerDemand,
} from "./demand-model.ts";

export interface DemandDeps {
  readonly demands: DemandRepository;
  readonly documents: DocumentStore;
  readonly workflows: WorkflowEngine;
  readonly clock: Clock;
  readonly newId?: () => string;
}

export interface Actor {
  readonly userId: string;
  readonly organisationId: string;
  readonly roles: readonly Role[];
}

export const intakeStateMachine = "demand-intake";
const uploadUrlSeconds = 15 * 60;
const readAllRoles: readonly Role[] = ["bureau", "admin", "auditor"];

const newDemandId = () => `dmd-${randomUUID()}`;

function audit(
  demand: Demand,
  actor: string,
  action: string,
  at: string,
  detail?: Record<string, unknown>,
): AuditEntry {
  return { recordId: demand.id, at, actor, action, ...(detail ? { detail } : {}) };
}

async function load(deps: DemandDeps, demandId: string): Promise<Demand> {
  const demand = await deps.demands.get(demandId);
  if (!demand)
    throw notFoundError("DEMAND_NOT_FOUND", `Demand ${demandId} not found`, `需求 ${demandId} 不存在`);
  return demand;
}

function canRead(actor: Actor, demand: Demand): boolean {
  if (actor.roles.some((r) => readAllRoles.includes(r))) return true;
  return actor.roles.includes("enterprise") && actor.organisationId === demand.organisationId;
}

function assertOwner(actor: Actor, demand: Demand): void {
  if (!(actor.roles.includes("enterprise") && actor.organisationId === demand.organisationId)) {
    throw forbiddenError(
      "FORBIDDEN_RECORD",
      "Only the enterprise that owns this demand may change it",
      "只有提出该需求的企业可以修改",
    );
  }
}

function assertVersion(demand: Demand, expected: number | undefined): void {
  if (expected !== undefined && expected !== demand.version) {
    throw conflictError(
      "VERSION_CONFLICT",
      `The demand changed meanwhile (current version ${demand.version}); reload and retry`,
      `需求已被修改（当前版本 ${demand.version}），请刷新后重试`,
    );
  }
}

function stateConflict(demand: Demand, action: string, actionZh: string): DomainError {
  return conflictError(
    "DEMAND_STATE_CONFLICT",
    `Cannot ${action} a demand that is ${demand.status}`,
    `需求当前状态为 ${demand.status}，不能${actionZh}`,
  );
}

function next(demand: Demand, at: string, changes: Partial<Demand>): Demand {
  return { ...demand, ...changes, version: demand.version + 1, updatedAt: at };
}

export async function draftDemand(deps: DemandDeps, actor: Actor, content: DemandDraft): Promise<Demand> {
  const at = deps.clock.now().toISOString();
  const demand: Demand = {
    id: (deps.newId ?? newDemandId)(),
    organisationId: actor.organisationId,
    createdBy: actor.userId,
    status: "draft",
    version: 1,
    createdAt: at,
    updatedAt: at,
    content,
    attachments: [],
    submissions: 0,
    decisions: [],
  };
  await deps.demands.create(demand, audit(demand, actor.userId, "demand.drafted", at));
  return demand;
}

export async function readDemand(deps: DemandDeps, actor: Actor, demandId: string): Promise<Demand> {
  const demand = await load(deps, demandId);
  if (!canRead(actor, demand)) {
    throw forbiddenError(
      "FORBIDDEN_RECORD",
      "This demand belongs to another organisation",
      "无权查看其他单位的需求",
    );
  }
  return demand;
}

export async function listDemands(
  deps: DemandDeps,
  actor: Actor,
  filter: { status?: DemandStatus; limit: number; cursor?: string },
): Promise<Page<Demand>> {
  if (actor.roles.some((r) => readAllRoles.includes(r))) {
    return deps.demands.listByStatus(filter.status ?? "submitted", filter.limit, filter.cursor);
  }
  const page = await deps.demands.listByOrganisation(actor.organisationId, filter.limit, filter.cursor);
  return filter.status ? { ...page, items: page.items.filter((d) => d.status === filter.status) } : page;
}

/** Drafts and demands returned for changes can be edited by their enterprise. */
export async function editDemand(
  deps: DemandDeps,
  actor: Actor,
  demandId: string,
  expectedVersion: number,
  patch: Partial<DemandDraft>,
): Promise<Demand> {
  const demand = await load(deps, demandId);
  assertOwner(actor, demand);
  assertVersion(demand, expectedVersion);
  if (demand.status !== "draft" && demand.status !== "returned") throw stateConflict(demand, "edit", "修改");
  const at = deps.clock.now().toISOString();
  const updated = next(demand, at, { content: { ...demand.content, ...patch } });
  await deps.demands.update(
    updated,
    audit(updated, actor.userId, "demand.edited", at, { fields: Object.keys(patch) }),
  );
  return updated;
}

export interface AttachmentRequest {
  readonly fileName: string;
  readonly contentType: string;
  readonly sizeBytes: number;
  readonly sha256: string;
}

export async function reserveAttachment(
  deps: DemandDeps,
  actor: Actor,
  demandId: string,
  request: AttachmentRequest,
): Promise<{ demand: Demand; attachment: Attachment; upload: UploadSlot }> {
  const demand = await load(deps, demandId);
  assertOwner(actor, demand);
  if (demand.status !== "draft" && demand.status !== "returned")
    throw stateConflict(demand, "attach files to", "添加附件");
  if (!(request.contentType in attachmentTypes)) {
    throw businessRuleError(
      "ATTACHMENT_TYPE_NOT_ALLOWED",
      `File type ${request.contentType} is not accepted`,
      `不接受 ${request.contentType} 类型的文件`,
      [
        {
          path: "body.contentType",
          message: `allowed: ${Object.keys(attachmentTypes).join(", ")}`,
          messageZh: `允许的类型：${Object.values(attachmentTypes).join("、")}`,
        },
      ],
    );
  }
  if (request.sizeBytes > maxAttachmentBytes) {
    throw businessRuleError(
      "ATTACHMENT_TOO_LARGE",
      `Files are limited to ${maxAttachmentBytes} bytes`,
      `附件不能超过 ${maxAttachmentBytes} 字节`,
      [
        {
          path: "body.sizeBytes",
          message: `at most ${maxAttachmentBytes}`,
          messageZh: `最大 ${maxAttachmentBytes}`,
        },
      ],
    );
  }
  if (demand.attachments.length >= maxAttachmentsPerDemand) {
    throw businessRuleError(
      "TOO_MANY_ATTACHMENTS",
      `A demand has at most ${maxAttachmentsPerDemand} attachments`,
      `每项需求最多 ${maxAttachmentsPerDemand} 个附件`,
    );
  }
  const at = deps.clock.now().toISOString();
  const id = `att-${randomUUID()}`;
  // The key is new for every attachment, so an upload never overwrites an earlier one.
  const key = `demands/${demand.id}/attachments/${id}`;
  const attachment: Attachment = { id, ...request, key, status: "reserved", reservedAt: at };
  const upload = await deps.documents.presignUpload(
    key,
    request.contentType,
    request.sizeBytes,
    uploadUrlSeconds,
  );
  const updated = next(demand, at, { attachments: [...demand.attachments, attachment] });
  await deps.demands.update(
    updated,
    audit(updated, actor.userId, "demand.attachment-reserved", at, {
      attachmentId: id,
      sha256: request.sha256,
      sizeBytes: request.sizeBytes,
    }),
  );
  return { demand: updated, attachment, upload };
}

/** Every element 002 四.一 asks for must be there before a demand goes to the bureau. */
function assertComplete(demand: Demand): void {
  const result = demandContent.safeParse(demand.content);
  if (!result.success) {
    const detail = fromZodError(result.error);
    throw businessRuleError(
      "DEMAND_INCOMPLETE",
      "The demand lacks required elements (background, content, key technologies with metrics, time limit, investment, solver requirements)",
      "需求要素不全（背景、内容、关键技术及指标、时限、总投资、揭榜方要求）",
      (detail.fields ?? []).map((f) => ({ ...f, path: `content.${f.path}` })),
    );
  }
}

async function verifyAttachments(deps: DemandDeps, demand: Demand, at: string): Promise<Attachment[]> {
  const problems: { path: string; message: string; messageZh: string }[] = [];
  const verified: Attachment[] = [];
  for (const [index, attachment] of demand.attachments.entries()) {
    if (attachment.status === "verified") {
      verified.push(attachment);
      continue;
    }
    const stored = await deps.documents.inspect(attachment.key);
    if (!stored) {
      problems.push({
        path: `attachments.${index}`,
        message: `${attachment.fileName} was not uploaded`,
        messageZh: `${attachment.fileName} 尚未上传`,
      });
    } else if (stored.sizeBytes !== attachment.sizeBytes || stored.sha256 !== attachment.sha256) {
      problems.push({
        path: `attachments.${index}`,
        message: `${attachment.fileName} does not match its declared size and SHA-256`,
        messageZh: `${attachment.fileName} 的大小或 SHA-256 与申报不符`,
      });
    } else {
      verified.push({ ...attachment, status: "verified", verifiedAt: at });
    }
  }
  if (problems.length > 0) {
    throw businessRuleError(
      "ATTACHMENTS_NOT_VERIFIED",
      "Some attachments are missing or do not match their hash",
      "部分附件缺失或与哈希不符",
      problems,
    );
  }
  return verified;
}

/**
 * Submits a draft (starting its intake execution) or resubmits a demand returned for changes (completing the
 * workflow's resubmission task). Safe to repeat: a retry after a crash finishes what the first call began.
 */
export async function submitDemand(
  deps: DemandDeps,
  actor: Actor,
  demandId: string,
  expectedVersion?: number,
): Promise<Demand> {
  let demand = await load(deps, demandId);
  assertOwner(actor, demand);
  const at = deps.clock.now().toISOString();

  if (demand.status === "draft" || demand.status === "returned") {
    assertVersion(demand, expectedVersion);
    assertComplete(demand);
    const attachments = await verifyAttachments(deps, demand, at);
    const resubmission = demand.status === "returned" ? demand.pendingTask : undefined;
    if (demand.status === "returned" && resubmission?.kind !== "resubmission") {
      throw conflictError(
        "WORKFLOW_NOT_READY",
        "The workflow is not yet waiting for a resubmission; retry shortly",
        "流程尚未进入待重新提交状态，请稍后重试",
      );
    }
    demand = next(demand, at, {
      status: "submitted",
      attachments,
      submissions: demand.submissions + 1,
      submittedAt: at,
      workflow: demand.workflow ?? { executionName: demand.id },
    });
    await deps.demands.update(
      demand,
      audit(demand, actor.userId, "demand.submitted", at, { submission: demand.submissions }),
    );
  } else if (demand.status !== "submitted") {
    throw stateConflict(demand, "submit", "提交");
  }

  // Hand over to the workflow. Both calls are idempotent, so a repeat after a crash is harmless. The execution's
  // first task records its ARN on the demand (one writer, so no race with this request).
  if (demand.submissions === 1 && !demand.workflow?.executionArn) {
    await deps.workflows.start(intakeStateMachine, demand.workflow?.executionName ?? demand.id, {
      demandId: demand.id,
      organisationId: demand.organisationId,
    });
  } else if (demand.pendingTask?.kind === "resubmission") {
    await deps.workflows.completeTask(demand.pendingTask.token, {
      resubmittedAt: at,
      submission: demand.submissions,
    });
  }
  return demand;
}

export async function decideDemand(
  deps: DemandDeps,
  actor: Actor,
  demandId: string,
  input: { decision: "accept" | "return"; comment?: string },
): Promise<Demand> {
  let demand = await load(deps, demandId);
  if (input.decision === "return" && !input.comment) {
    throw businessRuleError(
      "COMMENT_REQUIRED",
      "Say what must change when returning a demand",
      "退回需求时须说明修改意见",
      [{ path: "body.comment", message: "required when returning", messageZh: "退回时必填" }],
    );
  }
  if (demand.status !== "submitted") throw stateConflict(demand, "decide on", "作出决定");
  if (demand.pendingDecision) {
    const same =
      demand.pendingDecision.decision === input.decision && demand.pendingDecision.comment === input.comment;
    if (!same) {
      throw conflictError(
        "DECISION_ALREADY_MADE",
        "A different decision on this demand is already being applied",
        "该需求已有不同的决定正在处理",
      );
    }
  } else {
    if (demand.pendingTask?.kind !== "decision") {
      throw conflictError(
        "WORKFLOW_NOT_READY",
        "The workflow is not yet waiting for a decision; retry shortly",
        "流程尚未进入待决定状态，请稍后重试",
      );
    }
    const at = deps.clock.now().toISOString();
    const decision: Decision = { ...input, decidedBy: actor.userId, decidedAt: at };
    demand = next(demand, at, { pendingDecision: decision });
    await deps.demands.update(
      demand,
      audit(demand, actor.userId, "demand.decided", at, { decision: input.decision }),
    );
  }
  const token = demand.pendingTask?.token;
  if (token) await deps.workflows.completeTask(token, demand.pendingDecision);
  return demand;
}

// ---- tasks of the demand-intake workflow -------------------------------------------------------------
// Each task re-reads the demand and applies its change; when a person's request wrote the demand in between
// (VERSION_CONFLICT), it simply tries again on the fresh copy. The changes are idempotent.

async function retryOnConflict<T>(attempt: () => Promise<T>, attempts = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof DomainError && error.code === "VERSION_CONFLICT") || i >= attempts) throw error;
    }
  }
}

export async function parkTaskToken(
  deps: Pick<DemandDeps, "demands" | "clock">,
  demandId: string,
  kind: "decision" | "resubmission",
  token: string,
  executionArn: string,
): Promise<void> {
  return retryOnConflict(async () => {
    const demand = await load(deps as DemandDeps, demandId);
    const expected: DemandStatus = kind === "decision" ? "submitted" : "returned";
    if (demand.status !== expected) throw stateConflict(demand, `wait for a ${kind} on`, "进入等待");
    if (demand.pendingTask?.token === token) return;
    const at = deps.clock.now().toISOString();
    const updated = next(demand, at, {
      pendingTask: { kind, token, since: at },
      workflow: { executionName: demand.workflow?.executionName ?? demand.id, executionArn },
    });
    await deps.demands.update(updated, audit(updated, "workflow", `demand.awaiting-${kind}`, at));
  });
}

export async function applyDecision(
  deps: Pick<DemandDeps, "demands" | "clock">,
  demandId: string,
  decision: Decision,
): Promise<{ status: DemandStatus }> {
  return retryOnConflict(async () => {
    const demand = await load(deps as DemandDeps, demandId);
    if (demand.status !== "submitted") {
      // Applied already (a retried task): report what it became.
      return { status: demand.status };
    }
    const at = deps.clock.now().toISOString();
    const status: DemandStatus = decision.decision === "accept" ? "accepted" : "returned";
    const { pendingDecision: _applied, pendingTask: _done, overdueSince: _cleared, ...rest } = demand;
    const updated = next(rest as Demand, at, { status, decisions: [...demand.decisions, decision] });
    await deps.demands.update(
      updated,
      audit(updated, "workflow", `demand.${status}`, at, { decidedBy: decision.decidedBy }),
    );
    return { status };
  });
}

export async function escalateOverdueDecision(
  deps: Pick<DemandDeps, "demands" | "clock">,
  demandId: string,
): Promise<void> {
  return retryOnConflict(async () => {
    const demand = await load(deps as DemandDeps, demandId);
    const at = deps.clock.now().toISOString();
    const updated = next(demand, at, { overdueSince: demand.overdueSince ?? at });
    await deps.demands.update(updated, audit(updated, "workflow", "demand.decision-overdue", at));
  });
}

export async function lapseDemand(
  deps: Pick<DemandDeps, "demands" | "clock">,
  demandId: string,
): Promise<void> {
  return retryOnConflict(async () => {
    const demand = await load(deps as DemandDeps, demandId);
    if (demand.status === "lapsed") return;
    const at = deps.clock.now().toISOString();
    const { pendingTask: _gone, ...rest } = demand;
    const updated = next(rest as Demand, at, { status: "lapsed" });
    await deps.demands.update(updated, audit(updated, "workflow", "demand.lapsed", at));
  });
}
