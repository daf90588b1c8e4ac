// Use cases of demand intake (需求征集): an enterprise drafts a demand under a programme, edits it, attaches files
// through presigned uploads, and submits it (attachments verified and sealed; the intake workflow started).

import { randomUUID } from "node:crypto";
import type { Actor } from "../kernel/actor.ts";
import {
  businessRuleError,
  conflictError,
  DomainError,
  fromZodError,
  notFoundError,
} from "../kernel/errors.ts";
import { authorizeRecord } from "../kernel/record-access.ts";
import { assertUploadAllowed } from "../kernel/uploads.ts";
import type { UploadSlot } from "../platform/ports/document-store.ts";
import { created, type Page } from "../platform/ports/records.ts";
import { sealUpload } from "../platform/ports/sealing.ts";
import type { ProgrammeRecord } from "../programmes/model.ts";
import { loadProgramme } from "../programmes/programmes.ts";
import {
  assertOwner,
  assertVersion,
  audit,
  type DemandDeps,
  demandFacts,
  intakeStateMachine,
  load,
  newDemandId,
  next,
  readAllRoles,
  save,
  stateConflict,
  uploadUrlSeconds,
} from "./common.ts";
import {
  type Attachment,
  type Demand,
  type DemandDraft,
  type DemandStatus,
  demandContent,
  demandKind,
  demandsOfOrganisation,
  demandsWithStatus,
  maxAttachmentsPerDemand,
} from "./model.ts";
import { intakeTerms } from "./rules/terms.ts";

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
    const upload = await deps.documents.presignUpload(pending, uploadUrlSeconds);
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
  const upload = await deps.documents.presignUpload({ ...request, key }, uploadUrlSeconds);
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

/** Every element 《太原市实施“双百攻关行动”工作方案》四（一） asks for must be there before a demand goes to the bureau. */
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
      terms: intakeTerms(),
    });
  } else if (demand.pendingTask?.kind === "resubmission") {
    await deps.workflows.completeTask(demand.pendingTask.token, {
      resubmittedAt: at,
      submission: demand.submissions,
    });
  }
  return demand;
}
