// Use cases of demand intake (需求征集) and refinement decisions (榜单凝练): draft under a programme, edit, attach,
// submit, the bureau's decision (return, merge, draft challenge), and the workflow's tasks.
// Ports come in as parameters; nothing here knows about HTTP, DynamoDB, S3 or Step Functions.

import { randomUUID } from "node:crypto";
import { assertTermsWithinPolicy, type ChallengeRecord, challengeKind } from "../challenges/model.ts";
import type { Actor } from "../kernel/actor.ts";
import {
  businessRuleError,
  conflictError,
  DomainError,
  fromZodError,
  notFoundError,
} from "../kernel/errors.ts";
import { authorizeRecord, type RecordFacts } from "../kernel/record-access.ts";
import type { Role } from "../kernel/roles.ts";
import { assertUploadAllowed } from "../kernel/uploads.ts";
import type { Clock } from "../platform/ports/clock.ts";
import type { DocumentStore, UploadSlot } from "../platform/ports/document-store.ts";
import { isVersionConflict, retryOnConflict } from "../platform/ports/record-helpers.ts";
import { type AuditNote, created, type Page, type RecordStore, updated } from "../platform/ports/records.ts";
import { sealUpload } from "../platform/ports/sealing.ts";
import type { WorkflowEngine } from "../platform/ports/workflow-engine.ts";
import type { ProgrammeRecord } from "../programmes/model.ts";
import { loadProgramme } from "../programmes/programmes.ts";
import {
  type Attachment,
  type Decision,
  type DecisionInput,
  type Demand,
  type DemandContent,
  type DemandDraft,
  type DemandStatus,
  demandContent,
  demandKind,
  demandsOfOrganisation,
  demandsWithStatus,
  maxAttachmentsPerDemand,
} from "./model.ts";
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
const uploadUrlSeconds = 15 * 60;
const readAllRoles: readonly Role[] = ["bureau", "admin", "auditor"];

const newDemandId = () => `dmd-${randomUUID()}`;
const newChallengeId = () => `chl-${randomUUID()}`;

/** Who changed a demand, in which role, and what they did. */
function audit(actor: string, role: string, action: string, detail?: Record<string, unknown>): AuditNote {
  return { actor, role, action, ...(detail ? { detail } : {}) };
}

/** Writes the next version of a demand with its audit event, guarded by the version `before` was read at. */
const save = (
  deps: Pick<DemandDeps, "records">,
  before: Demand,
  after: Demand,
  note: AuditNote,
  at: string,
) => deps.records.write([updated(demandKind, before, after, note)], at);

/** A demand, if it exists. */
export const findDemand = (deps: Pick<DemandDeps, "records">, demandId: string) =>
  deps.records.get(demandKind, demandId);

async function load(deps: DemandDeps, demandId: string): Promise<Demand> {
  const demand = await findDemand(deps, demandId);
  if (!demand)
    throw notFoundError("DEMAND_NOT_FOUND", `Demand ${demandId} not found`, `需求 ${demandId} 不存在`);
  return demand;
}

/** The facts the demand's record rules read (functions/kernel/record-access.ts): its enterprise, its assigned experts. */
async function demandFacts(deps: DemandDeps, actor: Actor, demand: Demand): Promise<RecordFacts> {
  // An expert assigned to refine it (榜单凝练) may read it; the assignment is looked up only for an expert.
  const assigned = actor.roles.includes("expert") && (await assignmentOf(deps, demand.id, actor.userId));
  return {
    enterpriseOrganisationIds: [demand.organisationId],
    assignedUserIds: assigned ? [actor.userId] : [],
  };
}

/** The programme a demand is drafted under, as a rule on the request body (422 naming `body.programmeId`). */
async function programmeFor(
  deps: Pick<DemandDeps, "records">,
  programmeId: string,
): Promise<ProgrammeRecord> {
  try {
    const programme = await loadProgramme(deps, programmeId);
    if (programme.status !== "open") {
      throw businessRuleError(
        "PROGRAMME_CLOSED",
        `Programme ${programmeId} no longer takes demands`,
        `批次 ${programmeId} 已停止征集需求`,
        [{ path: "body.programmeId", message: "closed", messageZh: "已关闭" }],
      );
    }
    return programme;
  } catch (error) {
    if (error instanceof DomainError && error.code === "PROGRAMME_NOT_FOUND") {
      throw businessRuleError("PROGRAMME_NOT_FOUND", error.message, error.messageZh, [
        { path: "body.programmeId", message: "no such programme", messageZh: "批次不存在" },
      ]);
    }
    throw error;
  }
}

/** A demand's field (领域) must be one the programme lists. */
function assertFieldOf(programme: ProgrammeRecord, field: string | undefined, path: string): void {
  if (field !== undefined && !programme.fields.includes(field)) {
    throw businessRuleError(
      "FIELD_NOT_IN_PROGRAMME",
      `Field ${field} is not one of the programme's (${programme.fields.join(", ")})`,
      `领域“${field}”不在本批次的领域之列（${programme.fields.join("、")}）`,
      [{ path, message: "not one of the programme's fields", messageZh: "不是本批次的领域" }],
    );
  }
}

function assertOwner(actor: Actor, demand: Demand): void {
  authorizeRecord(actor, "demand", "write", { enterpriseOrganisationIds: [demand.organisationId] });
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

export async function draftDemand(
  deps: DemandDeps,
  actor: Actor,
  input: DemandDraft & { programmeId: string },
): Promise<Demand> {
  const { programmeId, ...content } = input;
  const programme = await programmeFor(deps, programmeId);
  assertFieldOf(programme, content.field, "body.field");
  const at = deps.clock.now().toISOString();
  const demand: Demand = {
    id: (deps.newId ?? newDemandId)(),
    programmeId: programme.id,
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
  await deps.records.write(
    [
      created(
        demandKind,
        demand,
        audit(actor.userId, "enterprise", "demand.drafted", { programmeId: programme.id }),
      ),
    ],
    at,
  );
  return demand;
}

export async function readDemand(deps: DemandDeps, actor: Actor, demandId: string): Promise<Demand> {
  const demand = await load(deps, demandId);
  authorizeRecord(actor, "demand", "read", await demandFacts(deps, actor, demand));
  return demand;
}

export async function listDemands(
  deps: DemandDeps,
  actor: Actor,
  filter: { status?: DemandStatus; programmeId?: string; limit: number; cursor?: string },
): Promise<Page<Demand>> {
  const inProgramme = (page: Page<Demand>): Page<Demand> =>
    filter.programmeId
      ? { ...page, items: page.items.filter((d) => d.programmeId === filter.programmeId) }
      : page;
  if (actor.roles.some((r) => readAllRoles.includes(r))) {
    return inProgramme(
      await deps.records.list(demandsWithStatus(filter.status ?? "submitted"), {
        limit: filter.limit,
        ...(filter.cursor ? { cursor: filter.cursor } : {}),
      }),
    );
  }
  const mine = await deps.records.list(demandsOfOrganisation(actor.organisationId), {
    limit: filter.limit,
    ...(filter.cursor ? { cursor: filter.cursor } : {}),
  });
  return inProgramme(
    filter.status ? { ...mine, items: mine.items.filter((d) => d.status === filter.status) } : mine,
  );
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
  if (patch.field !== undefined) {
    assertFieldOf(await loadProgramme(deps, demand.programmeId), patch.field, "body.field");
  }
  const at = deps.clock.now().toISOString();
  const updated = next(demand, at, { content: { ...demand.content, ...patch } });
  await save(
    deps,
    demand,
    updated,
    audit(actor.userId, "enterprise", "demand.edited", { fields: Object.keys(patch) }),
    at,
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
  assertUploadAllowed("attachment", request);
  // Retrying an upload (a lost response, an expired URL): the same file, still not verified, gets a fresh URL for
  // its existing slot instead of a second slot that would never be filled.
  const pending = demand.attachments.find(
    (a) =>
      a.status === "reserved" &&
      a.sha256 === request.sha256 &&
      a.fileName === request.fileName &&
      a.sizeBytes === request.sizeBytes &&
      a.contentType === request.contentType,
  );
  if (pending) {
    const upload = await deps.documents.presignUpload(
      pending.key,
      pending.contentType,
      pending.sizeBytes,
      uploadUrlSeconds,
    );
    return { demand, attachment: pending, upload };
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
  await save(
    deps,
    demand,
    updated,
    audit(actor.userId, "enterprise", "demand.attachment-reserved", {
      attachmentId: id,
      sha256: request.sha256,
      sizeBytes: request.sizeBytes,
    }),
    at,
  );
  return { demand: updated, attachment, upload };
}

/**
 * The owner takes an attachment off a draft or returned demand (a wrong file, or bytes that do not match what was
 * declared, which would block submission for ever). The stored objects stay: a sealed copy (`sealed/<key>`) is
 * immutable evidence and the upload is only detached; the audit event keeps its key, hash and sealed key. Once
 * submitted → 409 DEMAND_STATE_CONFLICT; an unknown attachment → 404 ATTACHMENT_NOT_FOUND.
 */
export async function removeAttachment(
  deps: DemandDeps,
  actor: Actor,
  demandId: string,
  attachmentId: string,
  expectedVersion?: number,
): Promise<Demand> {
  const demand = await load(deps, demandId);
  assertOwner(actor, demand);
  assertVersion(demand, expectedVersion);
  if (demand.status !== "draft" && demand.status !== "returned")
    throw stateConflict(demand, "remove attachments from", "删除附件");
  const attachment = demand.attachments.find((a) => a.id === attachmentId);
  if (!attachment) {
    throw notFoundError(
      "ATTACHMENT_NOT_FOUND",
      `Demand ${demandId} has no attachment ${attachmentId}`,
      `需求 ${demandId} 没有附件 ${attachmentId}`,
    );
  }
  const at = deps.clock.now().toISOString();
  const updated = next(demand, at, { attachments: demand.attachments.filter((a) => a.id !== attachmentId) });
  await save(
    deps,
    demand,
    updated,
    audit(actor.userId, "enterprise", "demand.attachment-removed", {
      attachmentId,
      fileName: attachment.fileName,
      sha256: attachment.sha256,
      key: attachment.key,
      status: attachment.status,
      ...(attachment.sealedKey ? { sealedKey: attachment.sealedKey } : {}),
    }),
    at,
  );
  return updated;
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

/**
 * Verifies every attachment not yet sealed against its declared size and SHA-256 and seals it (sealing.ts: a
 * write-once copy to `sealed/<key>`, hashed again), so nothing PUT to its upload URL afterwards changes what the demand
 * records. One that changed between the check and the copy is caught on the sealed copy (which is write-once).
 */
async function verifyAttachments(deps: DemandDeps, demand: Demand, at: string): Promise<Attachment[]> {
  const problems: { path: string; message: string; messageZh: string }[] = [];
  const verified: Attachment[] = [];
  for (const [index, attachment] of demand.attachments.entries()) {
    if (attachment.status === "verified" && attachment.sealedKey) {
      verified.push(attachment);
      continue;
    }
    const outcome = await sealUpload(deps.documents, attachment);
    if (outcome.ok) {
      verified.push({
        ...attachment,
        status: "verified",
        verifiedAt: attachment.verifiedAt ?? at,
        sealedKey: outcome.sealedKey,
      });
    } else if (outcome.problem === "missing") {
      problems.push({
        path: `attachments.${index}`,
        message: `${attachment.fileName} was not uploaded`,
        messageZh: `${attachment.fileName} 尚未上传`,
      });
    } else {
      problems.push({
        path: `attachments.${index}`,
        message: `${attachment.fileName} does not match its declared size and SHA-256`,
        messageZh: `${attachment.fileName} 的大小或 SHA-256 与申报不符`,
      });
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
    assertFieldOf(await loadProgramme(deps, demand.programmeId), demand.content.field, "content.field");
    const attachments = await verifyAttachments(deps, demand, at);
    const resubmission = demand.status === "returned" ? demand.pendingTask : undefined;
    if (demand.status === "returned" && resubmission?.kind !== "resubmission") {
      throw conflictError(
        "WORKFLOW_NOT_READY",
        "The workflow is not yet waiting for a resubmission; retry shortly",
        "流程尚未进入待重新提交状态，请稍后重试",
      );
    }
    const before = demand;
    demand = next(demand, at, {
      status: "submitted",
      attachments,
      submissions: demand.submissions + 1,
      submittedAt: at,
      workflow: demand.workflow ?? { executionName: demand.id },
    });
    await save(
      deps,
      before,
      demand,
      audit(actor.userId, "enterprise", "demand.submitted", { submission: demand.submissions }),
      at,
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

/** A decision equals a pending one when the bureau asked the same (who and when aside). */
function sameDecision(pending: Decision, input: DecisionInput): boolean {
  const { decidedBy: _by, decidedAt: _at, challengeId: _id, refused: _r, ...asked } = pending;
  return stableJson(asked) === stableJson(input);
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
}

function assertReturnComment(input: DecisionInput): void {
  if (input.decision === "return" && !input.comment) {
    throw businessRuleError(
      "COMMENT_REQUIRED",
      "Say what must change when returning a demand",
      "退回需求时须说明修改意见",
      [{ path: "body.comment", message: "required when returning", messageZh: "退回时必填" }],
    );
  }
}

/** Checks a decision against the demand, the merge target and the programme's policy; 422 naming the fields. */
async function checkedDecision(
  deps: DemandDeps,
  actor: Actor,
  demand: Demand,
  input: DecisionInput,
  now: Date,
): Promise<Decision> {
  const base = { decidedBy: actor.userId, decidedAt: now.toISOString() };
  switch (input.decision) {
    case "return":
      assertReturnComment(input);
      return { ...input, ...base };
    case "merge": {
      const refuse = (code: string, message: string, messageZh: string) =>
        businessRuleError(code, message, messageZh, [{ path: "body.mergeInto", message, messageZh }]);
      if (input.mergeInto === demand.id) {
        throw refuse("MERGE_INTO_ITSELF", "a demand cannot be merged into itself", "需求不能与自身合并");
      }
      const target = await findDemand(deps, input.mergeInto);
      if (!target) throw refuse("MERGE_TARGET_NOT_FOUND", "no such demand", "目标需求不存在");
      if (target.programmeId !== demand.programmeId) {
        throw refuse(
          "MERGE_ACROSS_PROGRAMMES",
          "only demands of the same programme can be merged",
          "只能合并同一批次的需求",
        );
      }
      if (target.status !== "submitted" || target.pendingDecision) {
        throw refuse(
          "MERGE_TARGET_NOT_AVAILABLE",
          "the target must be a submitted demand awaiting the bureau's decision",
          "目标需求须为已提交、待决定的需求",
        );
      }
      return { ...input, ...base };
    }
    case "draft-challenge": {
      const programme = await loadProgramme(deps, demand.programmeId);
      assertTermsWithinPolicy(input.challenge, programme, now, "body.challenge.");
      const window = {
        opensAt: new Date(input.challenge.window.opensAt).toISOString(),
        closesAt: new Date(input.challenge.window.closesAt).toISOString(),
      };
      return {
        ...input,
        challenge: { ...input.challenge, window },
        challengeId: newChallengeId(),
        ...base,
      };
    }
  }
}

/**
 * The bureau's refinement decision on a submitted demand: return it for changes, merge it into another submitted
 * demand of the programme, or turn it (with the demands merged into it) into a draft challenge. Recorded on the
 * demand and handed to the waiting execution; a repeat of the same decision re-sends it, a different one → 409.
 */
export async function decideDemand(
  deps: DemandDeps,
  actor: Actor,
  demandId: string,
  input: DecisionInput,
): Promise<Demand> {
  let demand = await load(deps, demandId);
  assertReturnComment(input);
  if (demand.status !== "submitted") throw stateConflict(demand, "decide on", "作出决定");
  if (demand.pendingDecision) {
    if (!sameDecision(demand.pendingDecision, input)) {
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
    const now = deps.clock.now();
    const decision = await checkedDecision(deps, actor, demand, input, now);
    const at = now.toISOString();
    const before = demand;
    demand = next(demand, at, { pendingDecision: decision });
    await save(
      deps,
      before,
      demand,
      audit(actor.userId, "bureau", "demand.decided", {
        decision: input.decision,
        ...(decision.mergeInto ? { mergeInto: decision.mergeInto } : {}),
        ...(decision.challengeId ? { challengeId: decision.challengeId } : {}),
      }),
      at,
    );
  }
  const token = demand.pendingTask?.token;
  if (token) await deps.workflows.completeTask(token, demand.pendingDecision);
  return demand;
}

// ---- tasks of the demand-intake workflow -------------------------------------------------------------
// Each task re-reads the demand and applies its change; when a person's request wrote the demand in between
// (VERSION_CONFLICT), it simply tries again on the fresh copy. The changes are idempotent.

export async function parkTaskToken(
  deps: Pick<DemandDeps, "records" | "clock">,
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
    await save(deps, demand, updated, audit("workflow", "workflow", `demand.awaiting-${kind}`), at);
  });
}

type TaskDeps = Pick<DemandDeps, "records" | "clock">;

/** The demand with its decision applied: `status`, the decision appended, the workflow's pending state cleared. */
function settled(
  demand: Demand,
  at: string,
  status: DemandStatus,
  decision: Decision,
  changes: Partial<Demand> = {},
) {
  const { pendingDecision: _applied, pendingTask: _done, overdueSince: _cleared, ...rest } = demand;
  return next(rest as Demand, at, { status, decisions: [...demand.decisions, decision], ...changes });
}

/**
 * Applies the decision the bureau recorded (the task of ApplyDecision). Idempotent: a retried task finds the demand
 * moved on and reports what it became. Returns the demand's new status: returned, merged, accepted (a draft
 * challenge exists), or submitted when the decision could not be applied (the workflow waits for another).
 */
export async function applyDecision(
  deps: TaskDeps,
  demandId: string,
): Promise<{ status: DemandStatus; challengeId?: string }> {
  const current = await load(deps as DemandDeps, demandId);
  const decision = current.pendingDecision;
  if (current.status !== "submitted" || !decision) {
    // Applied already (a retried task): report what it became.
    return { status: current.status, ...(current.challengeId ? { challengeId: current.challengeId } : {}) };
  }
  switch (decision.decision) {
    case "return":
      return retryOnConflict(async () => {
        const demand = await load(deps as DemandDeps, demandId);
        if (demand.status !== "submitted" || !demand.pendingDecision) return { status: demand.status };
        const at = deps.clock.now().toISOString();
        const updated = settled(demand, at, "returned", decision);
        await save(
          deps,
          demand,
          updated,
          audit("workflow", "workflow", "demand.returned", { decidedBy: decision.decidedBy }),
          at,
        );
        return { status: "returned" as const };
      });
    case "merge":
      return applyMerge(deps, demandId, decision);
    case "draft-challenge":
      return applyDraftChallenge(deps, demandId, decision);
  }
}

/** Merge (需求交叉融合): the target takes this demand (and those merged into it) on; this one ends as merged. */
async function applyMerge(deps: TaskDeps, demandId: string, decision: Decision) {
  const targetId = decision.mergeInto!;
  const refusal = await retryOnConflict(async (): Promise<string | undefined> => {
    const [demand, target] = [await load(deps as DemandDeps, demandId), await findDemand(deps, targetId)];
    if (target?.mergedDemandIds?.includes(demandId)) return undefined; // taken on already (a retry)
    if (!target) return "the target demand is gone";
    if (target.status !== "submitted" || target.pendingDecision || target.mergedInto) {
      return `the target demand is ${target.status}${target.pendingDecision ? " with a decision in flight" : ""}`;
    }
    const at = deps.clock.now().toISOString();
    const carried = [demandId, ...(demand.mergedDemandIds ?? [])];
    const updated = next(target, at, {
      mergedDemandIds: [...(target.mergedDemandIds ?? []), ...carried.filter((id) => id !== target.id)],
    });
    await save(
      deps,
      target,
      updated,
      audit("workflow", "workflow", "demand.merge-received", {
        from: demandId,
        decidedBy: decision.decidedBy,
      }),
      at,
    );
    return undefined;
  });
  return retryOnConflict(async () => {
    const demand = await load(deps as DemandDeps, demandId);
    if (demand.status !== "submitted" || !demand.pendingDecision) return { status: demand.status };
    const at = deps.clock.now().toISOString();
    if (refusal) {
      // The merge cannot happen now: the demand waits for another decision (the refusal is on record).
      const { pendingDecision: _p, pendingTask: _t, ...rest } = demand;
      const updated = next(rest as Demand, at, {
        decisions: [...demand.decisions, { ...decision, refused: refusal }],
      });
      await save(
        deps,
        demand,
        updated,
        audit("workflow", "workflow", "demand.merge-refused", { mergeInto: targetId, reason: refusal }),
        at,
      );
      return { status: "submitted" as const };
    }
    const updated = settled(demand, at, "merged", decision, { mergedInto: targetId });
    await save(
      deps,
      demand,
      updated,
      audit("workflow", "workflow", "demand.merged", { mergeInto: targetId, decidedBy: decision.decidedBy }),
      at,
    );
    return { status: "merged" as const };
  });
}

/** The challenge drafted from a demand and the demands merged into it (榜单凝练 → 榜单草案). */
function draftChallengeFrom(
  challengeId: string,
  programme: ProgrammeRecord,
  demands: readonly Demand[],
  decision: Decision,
  at: string,
): ChallengeRecord {
  const terms = decision.challenge!;
  const contents = demands.map((d) => d.content as DemandContent);
  const lead = contents[0]!;
  const description =
    contents.length === 1
      ? `${lead.background}\n\n${lead.content}`
      : contents.map((c) => `【${c.title}】\n${c.background}\n\n${c.content}`).join("\n\n");
  return {
    id: challengeId,
    version: 1,
    programmeId: programme.id,
    demandIds: demands.map((d) => d.id),
    enterpriseOrganisationIds: [...new Set(demands.map((d) => d.organisationId))],
    field: lead.field,
    title: terms.title ?? lead.title,
    description: terms.description ?? description,
    keyTechnologies: contents.flatMap((c) => c.keyTechnologies),
    fundingCapFen: terms.fundingCapFen,
    rdInvestmentFen: contents.reduce((sum, c) => sum + c.totalInvestmentFen, 0),
    periodMonths: terms.periodMonths,
    solverRequirements: [...new Set(contents.map((c) => c.solverRequirements))].join("\n"),
    horseRace: terms.horseRace,
    window: terms.window,
    status: "draft",
    round: 1,
    attempt: 0,
    ...(terms.fundingCapFen > programme.policy.capFen && terms.caseByCaseReason
      ? {
          caseByCase: {
            reason: terms.caseByCaseReason,
            requestedBy: decision.decidedBy,
            requestedAt: decision.decidedAt,
          },
        }
      : {}),
    createdBy: decision.decidedBy,
    createdAt: at,
    updatedAt: at,
  };
}

/** Draft challenge: created once under the id chosen at decision time, then the demand(s) point to it. */
async function applyDraftChallenge(deps: TaskDeps, demandId: string, decision: Decision) {
  const challengeId = decision.challengeId!;
  const demand = await load(deps as DemandDeps, demandId);
  const mergedIds = demand.mergedDemandIds ?? [];
  if (!(await deps.records.get(challengeKind, challengeId))) {
    const programme = await loadProgramme(deps, demand.programmeId);
    const merged = await Promise.all(mergedIds.map((id) => load(deps as DemandDeps, id)));
    const at = deps.clock.now().toISOString();
    const challenge = draftChallengeFrom(challengeId, programme, [demand, ...merged], decision, at);
    try {
      await deps.records.write(
        [
          created(challengeKind, challenge, {
            actor: "workflow",
            role: "workflow",
            action: "challenge.drafted",
            detail: { demandIds: challenge.demandIds, decidedBy: decision.decidedBy },
          }),
        ],
        at,
      );
    } catch (error) {
      // Created by an earlier attempt of this task meanwhile: fine.
      if (!isVersionConflict(error)) throw error;
    }
  }
  const result = await retryOnConflict(async () => {
    const fresh = await load(deps as DemandDeps, demandId);
    if (fresh.status !== "submitted" || !fresh.pendingDecision) return { status: fresh.status, challengeId };
    const at = deps.clock.now().toISOString();
    const updated = settled(fresh, at, "accepted", decision, { challengeId });
    await save(
      deps,
      fresh,
      updated,
      audit("workflow", "workflow", "demand.accepted", { challengeId, decidedBy: decision.decidedBy }),
      at,
    );
    return { status: "accepted" as const, challengeId };
  });
  for (const id of mergedIds) {
    await retryOnConflict(async () => {
      const merged = await load(deps as DemandDeps, id);
      if (merged.challengeId) return;
      const at = deps.clock.now().toISOString();
      const updated = next(merged, at, { challengeId });
      await save(
        deps,
        merged,
        updated,
        audit("workflow", "workflow", "demand.in-challenge", { challengeId }),
        at,
      );
    });
  }
  return result;
}

export async function escalateOverdueDecision(
  deps: Pick<DemandDeps, "records" | "clock">,
  demandId: string,
): Promise<void> {
  return retryOnConflict(async () => {
    const demand = await load(deps as DemandDeps, demandId);
    const at = deps.clock.now().toISOString();
    const updated = next(demand, at, { overdueSince: demand.overdueSince ?? at });
    await save(deps, demand, updated, audit("workflow", "workflow", "demand.decision-overdue"), at);
  });
}

export async function lapseDemand(
  deps: Pick<DemandDeps, "records" | "clock">,
  demandId: string,
): Promise<void> {
  return retryOnConflict(async () => {
    const demand = await load(deps as DemandDeps, demandId);
    if (demand.status === "lapsed") return;
    const at = deps.clock.now().toISOString();
    const { pendingTask: _gone, ...rest } = demand;
    const updated = next(rest as Demand, at, { status: "lapsed" });
    await save(deps, demand, updated, audit("workflow", "workflow", "demand.lapsed"), at);
  });
}
