// Use cases of the project lifecycle (issue 5): the task book (任务书/军令状) drafted from the winning application and
// signed by bureau, enterprise and solver; milestone reports with audited evidence, validation, expert review,
// rectification (整改) and the approver's payment opinion making a tranche eligible; the timers (reminders,
// escalations, rectification deadlines, anniversaries) and the phase hand-over of the project-phase workflow.
import { randomUUID } from "node:crypto";
import { addDays, addMonths, shanghaiDate, shanghaiInstant } from "../domain/dates.ts";
import {
  businessRuleError,
  conflictError,
  type DomainError,
  forbiddenError,
  validationError,
} from "../domain/errors.ts";
import { planGrant, splitByShares } from "../domain/grant.ts";
import { assertPeriodWithinMax, assertSolverUnchanged, assertTaskBookPeriod } from "../domain/guards.ts";
import { conditionToken } from "../domain/policy.ts";
import { computeRecovery } from "../domain/recovery.ts";
import type { Role } from "../domain/roles.ts";
import type { Clock } from "../ports/clock.ts";
import type { DocumentStore, UploadSlot } from "../ports/document-store.ts";
import { created, type RecordStore, type RecordWrite, updated } from "../ports/records.ts";
import type { ReportStore } from "../ports/report-store.ts";
import type { WorkflowEngine } from "../ports/workflow-engine.ts";
import { addCreditRecord } from "./credit-records.ts";
import { attachmentTypes, maxAttachmentBytes } from "./demand-model.ts";
import {
  type Acceptance,
  type AuditReportRef,
  type EvidenceFile,
  type EvidenceKind,
  type Extension,
  type MilestoneProgress,
  type MilestoneReport,
  type ProjectTrackRecord,
  phaseExecutionName,
  phaseId,
  phaseKind,
  phaseStateMachine,
  type RecoveryRecord,
  recoveryId,
  recoveryKind,
  requiredEvidenceKinds,
  type SignatoryParty,
  signatoryParties,
  type TaskBook,
  type TaskBookMilestone,
  type TaskBookTranche,
  type Termination,
  type TrancheRecord,
  trackKind,
  trancheId,
  trancheKind,
  type Verdict,
} from "./project-model.ts";
import { bump, listAll, mustGet, retryOnConflict } from "./review.ts";
import { type ProjectRecord, projectKind } from "./review-model.ts";
import {
  type ApplicationRecord,
  applicationKind,
  type ProgrammeRecord,
  programmeKind,
} from "./selection-model.ts";

export interface ProjectDeps {
  readonly records: RecordStore;
  readonly workflows: WorkflowEngine;
  readonly documents: DocumentStore;
  readonly clock: Clock;
  /** The audit bucket; only the workflow's task function has it (it writes the audit reports). */
  readonly reports?: ReportStore;
}

export interface Actor {
  readonly userId: string;
  readonly organisationId: string;
  readonly roles: readonly Role[];
}

// ---- decisions (constants) -----------------------------------------------------------------------------------
/** Decision: the enterprise is reminded 14 days before a milestone is due. */
export const reminderDaysBefore = 14;
/** Decision: a rectification (整改) deadline when the experts give none: 30 days. */
export const defaultRectifyDays = 30;
/** Decision: a phase execution hands over after 300 days, well inside the 1-year limit of a Standard execution. */
export const phaseMaxDays = 300;
export const maxFilesPerMilestone = 30;
const uploadUrlSeconds = 15 * 60;
const dayMs = 86_400_000;

const staff: readonly Role[] = ["bureau", "approver", "finance", "admin", "auditor"];

// ---- loading and access -------------------------------------------------------------------------------------
const nowIso = (deps: Pick<ProjectDeps, "clock">) => deps.clock.now().toISOString();

export const loadProject = (deps: Pick<ProjectDeps, "records">, id: string) =>
  mustGet<ProjectRecord>(deps.records, projectKind, id, "Project", "项目");
export const loadTrack = (deps: Pick<ProjectDeps, "records">, projectId: string) =>
  mustGet<ProjectTrackRecord>(deps.records, trackKind, projectId, "Task book of project", "项目任务书");

const solverOrgs = (p: ProjectRecord) => [
  p.solverLead.organisationId,
  ...p.solverMembers.map((m) => m.organisationId),
];
const enterpriseOrgs = (p: ProjectRecord) =>
  p.enterpriseOrganisationIds.length > 0 ? p.enterpriseOrganisationIds : [p.enterprise.organisationId];

/** Readers: staff, the enterprise, the solver lead and members, experts on one of its review panels. */
function assertReader(actor: Actor, project: ProjectRecord, track?: ProjectTrackRecord): void {
  if (actor.roles.some((r) => staff.includes(r))) return;
  if (actor.roles.includes("enterprise") && enterpriseOrgs(project).includes(actor.organisationId)) return;
  if (actor.roles.includes("solver") && solverOrgs(project).includes(actor.organisationId)) return;
  if (actor.roles.includes("expert") && track?.milestones.some((m) => m.panel.includes(actor.userId))) return;
  if (actor.roles.includes("expert") && track?.acceptance?.plan?.expertIds.includes(actor.userId)) return;
  throw forbiddenError(
    "NOT_A_PARTY",
    "Only the project's parties and staff may see it",
    "仅项目相关方可查看",
  );
}

function assertEnterprise(actor: Actor, project: ProjectRecord): void {
  if (!actor.roles.includes("enterprise") || !enterpriseOrgs(project).includes(actor.organisationId)) {
    throw forbiddenError(
      "NOT_THE_ENTERPRISE",
      "Only the project's enterprise may do this",
      "仅项目出题企业可操作",
    );
  }
}

const audit = (actor: Actor, role: string, action: string, detail?: Record<string, unknown>) => ({
  actor: actor.userId,
  role,
  action,
  ...(detail ? { detail } : {}),
});
const workflowAudit = (action: string, detail?: Record<string, unknown>) => ({
  actor: "workflow",
  role: "workflow",
  action,
  ...(detail ? { detail } : {}),
});

/** Completes the callback the phase execution is parked on, so it looks at the project again. */
async function wake(deps: ProjectDeps, track: ProjectTrackRecord): Promise<void> {
  if (track.pendingTask) await deps.workflows.completeTask(track.pendingTask.token, { woken: true });
}

function milestoneOf(track: ProjectTrackRecord, index: number): MilestoneProgress {
  const m = track.milestones.find((x) => x.index === index);
  if (!m) {
    throw validationError(
      "NO_SUCH_MILESTONE",
      `The task book has no milestone ${index}`,
      `任务书没有第${index}个里程碑`,
      [{ path: "params.milestone", message: "no such milestone", messageZh: "里程碑不存在" }],
    );
  }
  return m;
}

const replaceMilestone = (track: ProjectTrackRecord, m: MilestoneProgress) =>
  track.milestones.map((x) => (x.index === m.index ? m : x));

function stateConflict(what: string, whatZh: string, status: string): DomainError {
  return conflictError(
    "INVALID_STATE",
    `Cannot ${what} while ${status}`,
    `当前状态（${status}）不能${whatZh}`,
  );
}

// ---- task book -----------------------------------------------------------------------------------------------
export interface TaskBookTerms {
  readonly startDate: string;
  readonly ipTerms: string;
  readonly rewardPenaltyTerms: string;
}

/** Milestones from the application (due = start + months), tranches from the programme's policy. */
function composeTaskBook(
  programme: ProgrammeRecord,
  project: ProjectRecord,
  application: ApplicationRecord,
  terms: TaskBookTerms,
  overrides: readonly {
    index: number;
    dueDate?: string | undefined;
    indicators?: TaskBookMilestone["indicators"] | undefined;
  }[],
  previous: { revision: number; draftedBy: string; draftedAt: string },
): TaskBook {
  const policy = programme.policy;
  assertPeriodWithinMax(application.periodMonths, policy);
  const endDate = addMonths(terms.startDate, application.periodMonths);
  assertTaskBookPeriod({ startDate: terms.startDate, endDate }, policy);
  const plan = planGrant(policy, {
    rdInvestmentFen: application.rdInvestmentFen,
    requestedFen: application.requestedFen,
  });
  // The award fixed the grant; the schedule is the policy's (one tranche on signing under the lump-sum threshold).
  const planned =
    plan.grantFen === project.grantFen
      ? plan.tranches
      : project.grantFen <= policy.lumpSumThresholdFen
        ? [
            {
              index: 1,
              condition: { kind: "task-book-signed" as const },
              conditionToken: "task-book-signed",
              amountFen: project.grantFen,
            },
          ]
        : splitByShares(project.grantFen, policy.tranches);
  const tranches: TaskBookTranche[] = planned.map((t) => ({
    index: t.index,
    condition: t.condition,
    conditionToken: conditionToken(t.condition),
    amountFen: t.amountFen,
  }));
  const milestones: TaskBookMilestone[] = application.milestones.map((m, i) => {
    const index = i + 1;
    const override = overrides.find((o) => o.index === index);
    const releases = tranches.find(
      (t) => t.condition.kind === "milestone-passed" && t.condition.milestone === index,
    );
    return {
      index,
      title: m.name,
      dueDate: override?.dueDate ?? addMonths(terms.startDate, m.monthsAfterStart),
      indicators: (override?.indicators ?? m.indicators).map((x) => ({ ...x })),
      ...(releases ? { releasesTranche: releases.index } : {}),
    };
  });
  for (const t of tranches) {
    if (t.condition.kind === "milestone-passed" && t.condition.milestone > milestones.length) {
      throw businessRuleError(
        "MILESTONE_FOR_TRANCHE_MISSING",
        `tranche ${t.index} is released by milestone ${t.condition.milestone}, but the plan has ${milestones.length}`,
        `第${t.index}期拨款以第${t.condition.milestone}个里程碑为条件，但计划只有 ${milestones.length} 个里程碑`,
        [{ path: "milestones", message: "too few milestones for the policy", messageZh: "里程碑数量不足" }],
      );
    }
  }
  milestones.forEach((m, i) => {
    if (m.dueDate < terms.startDate || m.dueDate > endDate) {
      throw validationError(
        "MILESTONE_OUTSIDE_PERIOD",
        "milestone due outside the project period",
        "里程碑时间超出项目实施期",
        [{ path: `body.milestones.${i}.dueDate`, message: "outside the period", messageZh: "超出实施期" }],
      );
    }
  });
  return {
    revision: previous.revision,
    startDate: terms.startDate,
    endDate,
    periodMonths: application.periodMonths,
    milestones,
    grantFen: project.grantFen,
    tranches,
    ipTerms: terms.ipTerms,
    rewardPenaltyTerms: terms.rewardPenaltyTerms,
    solverLeadId: application.leadOrganisationId,
    solverMemberIds: [...application.memberOrganisationIds],
    chiefEngineerId: application.chiefEngineerId,
    signatures: [],
    draftedBy: previous.draftedBy,
    draftedAt: previous.draftedAt,
  };
}

async function sources(deps: ProjectDeps, project: ProjectRecord) {
  const programme = await mustGet<ProgrammeRecord>(
    deps.records,
    programmeKind,
    project.programmeId,
    "Programme",
    "批次",
  );
  const application = await mustGet<ApplicationRecord>(
    deps.records,
    applicationKind,
    project.applicationId,
    "Application",
    "揭榜申请",
  );
  return { programme, application };
}

/** The bureau drafts the task book from the winning application; the project's first phase execution starts. */
export async function draftTaskBook(
  deps: ProjectDeps,
  actor: Actor,
  projectId: string,
  terms: TaskBookTerms,
): Promise<ProjectTrackRecord> {
  const project = await loadProject(deps, projectId);
  const existing = await deps.records.get(trackKind, projectId);
  if (existing) {
    // Already drafted: make sure its phase execution runs (idempotent by name), then refuse a second draft.
    await startPhase(deps, projectId, existing.phase);
    throw conflictError(
      "TASK_BOOK_EXISTS",
      "The task book is already drafted; amend it instead",
      "任务书已起草，请修改",
    );
  }
  if (project.status !== "awaiting-task-book")
    throw stateConflict("draft a task book", "起草任务书", project.status);
  const { programme, application } = await sources(deps, project);
  const at = nowIso(deps);
  const taskBook = composeTaskBook(programme, project, application, terms, [], {
    revision: 1,
    draftedBy: actor.userId,
    draftedAt: at,
  });
  const track: ProjectTrackRecord = {
    id: projectId,
    version: 1,
    projectId,
    programmeId: project.programmeId,
    status: "drafting",
    taskBook,
    milestones: taskBook.milestones.map((m) => ({
      index: m.index,
      status: "pending",
      dueDate: m.dueDate,
      files: [],
      reports: [],
      panel: [],
      rectificationUsed: false,
    })),
    phase: 1,
    phaseStartedAt: at,
    notices: [],
    createdAt: at,
    updatedAt: at,
  };
  await deps.records.write(
    [
      created(
        trackKind,
        track,
        audit(actor, "bureau", "task-book.drafted", { revision: 1, grantFen: taskBook.grantFen }),
      ),
      created(
        phaseKind,
        {
          id: phaseId(projectId, 1),
          version: 1,
          projectId,
          phase: 1,
          executionName: phaseExecutionName(projectId, 1),
          startedAt: at,
          createdAt: at,
          updatedAt: at,
        },
        audit(actor, "bureau", "project.phase-created", { phase: 1 }),
      ),
    ],
    at,
  );
  await startPhase(deps, projectId, 1);
  return track;
}

async function startPhase(deps: ProjectDeps, projectId: string, phase: number) {
  return deps.workflows.start(phaseStateMachine, phaseExecutionName(projectId, phase), { projectId, phase });
}

export interface TaskBookAmendment {
  readonly revision: number;
  readonly startDate?: string | undefined;
  readonly ipTerms?: string | undefined;
  readonly rewardPenaltyTerms?: string | undefined;
  readonly milestones?:
    | readonly {
        index: number;
        dueDate?: string | undefined;
        indicators?: TaskBookMilestone["indicators"] | undefined;
      }[]
    | undefined;
}

/** The bureau changes the draft: a new revision, and every signature so far is void. */
export async function amendTaskBook(
  deps: ProjectDeps,
  actor: Actor,
  projectId: string,
  change: TaskBookAmendment,
): Promise<ProjectTrackRecord> {
  const project = await loadProject(deps, projectId);
  const { programme, application } = await sources(deps, project);
  const next = await retryOnConflict(async () => {
    const track = await loadTrack(deps, projectId);
    if (track.status !== "drafting")
      throw conflictError("TASK_BOOK_SIGNED", "A signed task book cannot change", "任务书已签订，不能修改");
    const book = track.taskBook;
    if (change.revision !== book.revision) {
      throw conflictError(
        "STALE_REVISION",
        `The task book is at revision ${book.revision}`,
        `任务书已是第${book.revision}版`,
      );
    }
    const overrides =
      change.milestones ??
      book.milestones.map((m) => ({ index: m.index, dueDate: m.dueDate, indicators: m.indicators }));
    const at = nowIso(deps);
    const composed = composeTaskBook(
      programme,
      project,
      application,
      {
        startDate: change.startDate ?? book.startDate,
        ipTerms: change.ipTerms ?? book.ipTerms,
        rewardPenaltyTerms: change.rewardPenaltyTerms ?? book.rewardPenaltyTerms,
      },
      change.milestones ? overrides : change.startDate ? [] : overrides,
      { revision: book.revision + 1, draftedBy: book.draftedBy, draftedAt: book.draftedAt },
    );
    const voidedParties = book.signatures.map((s) => s.party);
    const taskBook: TaskBook = {
      ...composed,
      voided: [
        ...(book.voided ?? []),
        ...(voidedParties.length > 0 ? [{ revision: book.revision, parties: voidedParties, at }] : []),
      ],
    };
    const after = bump(track, at, {
      taskBook,
      milestones: taskBook.milestones.map((m) => ({ ...milestoneOf(track, m.index), dueDate: m.dueDate })),
    });
    await deps.records.write(
      [
        updated(
          trackKind,
          track,
          after,
          audit(actor, "bureau", "task-book.amended", {
            revision: taskBook.revision,
            signaturesVoided: voidedParties,
          }),
        ),
      ],
      at,
    );
    return after;
  });
  await wake(deps, next);
  return next;
}

function partyOf(actor: Actor, project: ProjectRecord): SignatoryParty {
  if (actor.roles.includes("bureau")) return "bureau";
  if (actor.roles.includes("enterprise") && enterpriseOrgs(project).includes(actor.organisationId))
    return "enterprise";
  if (actor.roles.includes("solver") && actor.organisationId === project.solverLead.organisationId)
    return "solver";
  throw forbiddenError(
    "NOT_A_SIGNATORY",
    "Only the bureau, the enterprise and the lead solver sign the task book",
    "仅主管部门、出题企业和揭榜牵头单位签署任务书",
  );
}

/** One of the three signatures (any order). The last one signs the book: the project starts and its tranches exist. */
export async function signTaskBook(
  deps: ProjectDeps,
  actor: Actor,
  projectId: string,
  input: { revision: number },
): Promise<ProjectTrackRecord> {
  const project0 = await loadProject(deps, projectId);
  const party = partyOf(actor, project0);
  const next = await retryOnConflict(async () => {
    const project = await loadProject(deps, projectId);
    const track = await loadTrack(deps, projectId);
    if (track.status !== "drafting")
      throw conflictError("TASK_BOOK_SIGNED", "The task book is already signed", "任务书已签订");
    const book = track.taskBook;
    if (input.revision !== book.revision) {
      throw conflictError(
        "STALE_REVISION",
        `The task book is at revision ${book.revision}; read it again before signing`,
        `任务书已是第${book.revision}版，请重新阅读后签署`,
      );
    }
    if (book.signatures.some((s) => s.party === party)) {
      throw conflictError("ALREADY_SIGNED", `The ${party} has signed this revision`, "已签署本版任务书");
    }
    const at = nowIso(deps);
    const signatures = [
      ...book.signatures,
      { party, by: actor.userId, organisationId: actor.organisationId, at, revision: book.revision },
    ];
    const complete = signatoryParties.every((p) => signatures.some((s) => s.party === p));
    const writes: RecordWrite[] = [];
    let after: ProjectTrackRecord;
    if (!complete) {
      after = bump(track, at, { taskBook: { ...book, signatures } });
      writes.push(
        updated(
          trackKind,
          track,
          after,
          audit(actor, party, "task-book.signed", { party, revision: book.revision }),
        ),
      );
    } else {
      // After signing, neither the solver nor the chief engineer may change (002 四.(七).2).
      assertSolverUnchanged(
        {
          solverLeadId: project.solverLead.organisationId,
          solverMemberIds: project.solverMembers.map((m) => m.organisationId),
          chiefEngineerId: project.chiefEngineerId,
        },
        {
          solverLeadId: book.solverLeadId,
          solverMemberIds: book.solverMemberIds,
          chiefEngineerId: book.chiefEngineerId,
        },
      );
      const signedOn = shanghaiDate(Date.parse(at));
      after = bump(track, at, {
        status: "in-progress",
        taskBook: { ...book, signatures, signedOn, signedAt: at },
      });
      writes.push(
        updated(
          trackKind,
          track,
          after,
          audit(actor, party, "task-book.signed", {
            party,
            revision: book.revision,
            complete: true,
            signedOn,
          }),
        ),
        updated(
          projectKind,
          project,
          bump(project, at, { status: "in-progress" }),
          audit(actor, party, "project.started", { signedOn }),
        ),
      );
      for (const t of book.tranches) {
        const onSigning = t.condition.kind === "task-book-signed";
        const tranche: TrancheRecord = {
          id: trancheId(projectId, t.index),
          version: 1,
          projectId,
          programmeId: project.programmeId,
          index: t.index,
          condition: t.condition,
          conditionToken: t.conditionToken,
          amountFen: t.amountFen,
          payeeOrganisationId: project.enterprise.organisationId,
          status: onSigning ? "eligible" : "planned",
          ...(onSigning ? { eligible: { at, by: actor.userId, reason: "task-book-signed" } } : {}),
          createdAt: at,
          updatedAt: at,
        };
        writes.push(
          created(
            trancheKind,
            tranche,
            audit(actor, party, onSigning ? "tranche.eligible" : "tranche.planned", {
              index: t.index,
              amountFen: t.amountFen,
            }),
          ),
        );
      }
    }
    await deps.records.write(writes, at);
    return after;
  });
  await wake(deps, next);
  return next;
}

// ---- milestone reports -----------------------------------------------------------------------------------------
const fileable = ["pending", "returned", "rectifying"];

/** The milestone a report may be filed for: the first one not yet passed, in a state that takes a report. */
function assertFileable(track: ProjectTrackRecord, m: MilestoneProgress): void {
  if (track.status !== "in-progress")
    throw stateConflict("report on a milestone", "报告里程碑", track.status);
  const first = track.milestones.find((x) => x.status !== "passed");
  if (first?.index !== m.index) {
    throw conflictError(
      "MILESTONE_OUT_OF_ORDER",
      `Milestone ${first?.index} comes first`,
      `应先完成第${first?.index}个里程碑`,
    );
  }
  if (!fileable.includes(m.status))
    throw stateConflict("file for this milestone", "提交该里程碑材料", m.status);
}

export interface EvidenceRequest {
  readonly kind: EvidenceKind;
  readonly fileName: string;
  readonly contentType: string;
  readonly sizeBytes: number;
  readonly sha256: string;
}

/** The enterprise reserves an evidence file and gets a presigned PUT URL (a new key each time: never overwritten). */
export async function reserveEvidence(
  deps: ProjectDeps,
  actor: Actor,
  projectId: string,
  index: number,
  request: EvidenceRequest,
): Promise<{ file: EvidenceFile; upload: UploadSlot }> {
  const project = await loadProject(deps, projectId);
  assertEnterprise(actor, project);
  if (!(request.contentType in attachmentTypes)) {
    throw businessRuleError(
      "EVIDENCE_TYPE_NOT_ALLOWED",
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
      "EVIDENCE_TOO_LARGE",
      `Files are limited to ${maxAttachmentBytes} bytes`,
      `文件不能超过 ${maxAttachmentBytes} 字节`,
      [
        {
          path: "body.sizeBytes",
          message: `at most ${maxAttachmentBytes}`,
          messageZh: `最大 ${maxAttachmentBytes}`,
        },
      ],
    );
  }
  const fileId = `evd-${randomUUID()}`;
  const file = await retryOnConflict(async () => {
    const track = await loadTrack(deps, projectId);
    const m = milestoneOf(track, index);
    assertFileable(track, m);
    if (m.files.length >= maxFilesPerMilestone) {
      throw businessRuleError(
        "TOO_MANY_FILES",
        `A milestone has at most ${maxFilesPerMilestone} files`,
        `每个里程碑最多 ${maxFilesPerMilestone} 个文件`,
      );
    }
    const at = nowIso(deps);
    const file: EvidenceFile = {
      fileId,
      ...request,
      key: `projects/${projectId}/milestones/${index}/${fileId}`,
      reservedAt: at,
    };
    const after = bump(track, at, {
      milestones: replaceMilestone(track, { ...m, files: [...m.files, file] }),
    });
    await deps.records.write(
      [
        updated(
          trackKind,
          track,
          after,
          audit(actor, "enterprise", "milestone.evidence-reserved", {
            milestone: index,
            fileId,
            kind: request.kind,
            sha256: request.sha256,
          }),
        ),
      ],
      at,
    );
    return file;
  });
  const upload = await deps.documents.presignUpload(
    file.key,
    file.contentType,
    file.sizeBytes,
    uploadUrlSeconds,
  );
  return { file, upload };
}

/** The enterprise files the milestone report with the files it uploaded; the workflow validates them. */
export async function fileReport(
  deps: ProjectDeps,
  actor: Actor,
  projectId: string,
  index: number,
  input: {
    summary: string;
    indicators: readonly { name: string; actual: string }[];
    fileIds: readonly string[];
  },
): Promise<ProjectTrackRecord> {
  const project = await loadProject(deps, projectId);
  assertEnterprise(actor, project);
  const next = await retryOnConflict(async () => {
    const track = await loadTrack(deps, projectId);
    const m = milestoneOf(track, index);
    assertFileable(track, m);
    input.fileIds.forEach((id, i) => {
      if (!m.files.some((f) => f.fileId === id)) {
        throw validationError(
          "UNKNOWN_FILE",
          `File ${id} was not reserved for this milestone`,
          `文件 ${id} 不属于该里程碑`,
          [{ path: `body.fileIds.${i}`, message: "unknown file", messageZh: "未知文件" }],
        );
      }
    });
    const at = nowIso(deps);
    const report: MilestoneReport = {
      seq: m.reports.length + 1,
      summary: input.summary,
      indicators: input.indicators.map((x) => ({ ...x })),
      fileIds: [...input.fileIds],
      filedBy: actor.userId,
      filedAt: at,
      votes: [],
    };
    const after = bump(track, at, {
      milestones: replaceMilestone(track, { ...m, status: "validating", reports: [...m.reports, report] }),
    });
    await deps.records.write(
      [
        updated(
          trackKind,
          track,
          after,
          audit(actor, "enterprise", "milestone.report-filed", {
            milestone: index,
            seq: report.seq,
            fileIds: report.fileIds,
          }),
        ),
      ],
      at,
    );
    return after;
  });
  await wake(deps, next);
  return next;
}

/** The bureau names the experts who review a milestone (at least one). */
export async function nameReviewPanel(
  deps: ProjectDeps,
  actor: Actor,
  projectId: string,
  index: number,
  expertIds: readonly string[],
): Promise<ProjectTrackRecord> {
  return retryOnConflict(async () => {
    const track = await loadTrack(deps, projectId);
    const m = milestoneOf(track, index);
    if (m.status === "passed" || m.status === "failed" || m.status === "awaiting-payment-opinion") {
      throw stateConflict("name reviewers", "指定评审专家", m.status);
    }
    if (m.reports.at(-1)?.votes.length)
      throw conflictError("REVIEW_STARTED", "Experts have started voting", "专家已开始评审");
    const at = nowIso(deps);
    const after = bump(track, at, {
      milestones: replaceMilestone(track, { ...m, panel: [...new Set(expertIds)] }),
    });
    await deps.records.write(
      [
        updated(
          trackKind,
          track,
          after,
          audit(actor, "bureau", "milestone.panel-named", { milestone: index, expertIds }),
        ),
      ],
      at,
    );
    return after;
  });
}

/** One expert's verdict; the last verdict of the panel decides: majority pass, else rectify (once), else fail. */
export async function voteOnReport(
  deps: ProjectDeps,
  actor: Actor,
  projectId: string,
  index: number,
  input: { verdict: Verdict; comment: string; rectifyDays?: number | undefined },
): Promise<ProjectTrackRecord> {
  const next = await retryOnConflict(async () => {
    const track = await loadTrack(deps, projectId);
    const m = milestoneOf(track, index);
    if (!m.panel.includes(actor.userId))
      throw forbiddenError(
        "NOT_ON_PANEL",
        "You are not on this milestone's panel",
        "您不是该里程碑的评审专家",
      );
    if (m.status !== "under-review") throw stateConflict("review", "评审", m.status);
    const report = m.reports.at(-1) as MilestoneReport;
    if (report.votes.some((v) => v.expertId === actor.userId))
      throw conflictError("ALREADY_VOTED", "You have reviewed this report", "您已评审该报告");
    if (input.verdict === "rectify" && m.rectificationUsed) {
      throw businessRuleError("RECTIFICATION_USED", "The one rectification has been used", "整改机会已用过", [
        { path: "body.verdict", message: "no rectification left", messageZh: "无整改机会" },
      ]);
    }
    const at = nowIso(deps);
    const votes = [
      ...report.votes,
      {
        expertId: actor.userId,
        verdict: input.verdict,
        comment: input.comment,
        ...(input.rectifyDays ? { rectifyDays: input.rectifyDays } : {}),
        at,
      },
    ];
    let milestone: MilestoneProgress = { ...m, reports: [...m.reports.slice(0, -1), { ...report, votes }] };
    const writes: RecordWrite[] = [];
    let changes: Partial<ProjectTrackRecord> = {};
    if (m.panel.every((e) => votes.some((v) => v.expertId === e))) {
      const passes = votes.filter((v) => v.verdict === "pass").length;
      const verdict: Verdict =
        passes * 2 > votes.length
          ? "pass"
          : !m.rectificationUsed && votes.some((v) => v.verdict === "rectify")
            ? "rectify"
            : "fail";
      const decided = { ...report, votes, decision: { verdict, at } };
      milestone = { ...milestone, reports: [...m.reports.slice(0, -1), decided] };
      const today = shanghaiDate(Date.parse(at));
      if (verdict === "pass") {
        const trancheIndex = track.taskBook.milestones.find((x) => x.index === index)?.releasesTranche;
        const amountFen = track.taskBook.tranches.find((t) => t.index === trancheIndex)?.amountFen ?? 0;
        milestone = {
          ...milestone,
          status: "awaiting-payment-opinion",
          paymentOpinion: { ...(trancheIndex ? { trancheIndex } : {}), amountFen, draftedAt: at },
        };
      } else if (verdict === "rectify") {
        const days = Math.max(defaultRectifyDays, ...votes.map((v) => v.rectifyDays ?? 0));
        milestone = {
          ...milestone,
          status: "rectifying",
          rectificationUsed: true,
          rectifyBy: addDays(today, days),
        };
      } else {
        milestone = { ...milestone, status: "failed", failedAt: at };
        changes = {
          status: "termination-referred",
          terminationReferral: {
            milestone: index,
            at,
            reason: "milestone failed review with no rectification left",
          },
        };
      }
    }
    const after = bump(track, at, { ...changes, milestones: replaceMilestone(track, milestone) });
    writes.push(
      updated(
        trackKind,
        track,
        after,
        audit(actor, "expert", "milestone.review-vote", {
          milestone: index,
          verdict: input.verdict,
          decision: milestone.reports.at(-1)?.decision?.verdict,
        }),
      ),
    );
    await deps.records.write(writes, at);
    return after;
  });
  await wake(deps, next);
  return next;
}

/** The approver confirms the payment opinion (资金拨付意见) of a passed milestone: its tranche becomes eligible. */
export async function confirmPaymentOpinion(
  deps: ProjectDeps,
  actor: Actor,
  projectId: string,
  index: number,
): Promise<ProjectTrackRecord> {
  const next = await retryOnConflict(async () => {
    const track = await loadTrack(deps, projectId);
    const m = milestoneOf(track, index);
    if (m.status !== "awaiting-payment-opinion" || !m.paymentOpinion)
      throw stateConflict("confirm a payment opinion", "审定拨付意见", m.status);
    const at = nowIso(deps);
    const writes: RecordWrite[] = [];
    const trancheIndex = m.paymentOpinion.trancheIndex;
    if (trancheIndex !== undefined) {
      const tranche = await mustGet<TrancheRecord>(
        deps.records,
        trancheKind,
        trancheId(projectId, trancheIndex),
        "Tranche",
        "拨款",
      );
      if (tranche.status === "planned") {
        writes.push(
          updated(
            trancheKind,
            tranche,
            bump(tranche, at, {
              status: "eligible",
              eligible: { at, by: actor.userId, milestone: index, reason: `milestone-passed:${index}` },
            }),
            audit(actor, "approver", "tranche.eligible", {
              index: trancheIndex,
              amountFen: tranche.amountFen,
              milestone: index,
            }),
          ),
        );
      }
    }
    const after = bump(track, at, {
      milestones: replaceMilestone(track, {
        ...m,
        status: "passed",
        passedAt: at,
        paymentOpinion: { ...m.paymentOpinion, confirmedBy: actor.userId, confirmedAt: at },
      }),
    });
    writes.unshift(
      updated(
        trackKind,
        track,
        after,
        audit(actor, "approver", "milestone.payment-opinion-confirmed", { milestone: index, trancheIndex }),
      ),
    );
    await deps.records.write(writes, at);
    return after;
  });
  await wake(deps, next);
  return next;
}

export async function readProject(deps: ProjectDeps, actor: Actor, projectId: string) {
  const project = await loadProject(deps, projectId);
  const track = await deps.records.get(trackKind, projectId);
  assertReader(actor, project, track);
  const tranches = await listAll(deps.records, trancheKind, "gsi1", `PROJECT#${projectId}#TRANCHE`);
  const { pendingTask: _hidden, ...visible } = track ?? ({} as Partial<ProjectTrackRecord>);
  return { project, ...(track ? { track: visible } : {}), tranches };
}

/** A download link for an evidence file (parties and staff). */
export async function evidenceLink(
  deps: ProjectDeps,
  actor: Actor,
  projectId: string,
  index: number,
  fileId: string,
) {
  const project = await loadProject(deps, projectId);
  const track = await loadTrack(deps, projectId);
  assertReader(actor, project, track);
  const file = milestoneOf(track, index).files.find((f) => f.fileId === fileId);
  if (!file) throw validationError("UNKNOWN_FILE", `No file ${fileId}`, `文件 ${fileId} 不存在`);
  return { file, url: await deps.documents.presignDownload(file.key, uploadUrlSeconds) };
}

// ---- workflow tasks (workflows/project-phase.asl.json) -------------------------------------------------------
/** End of a Shanghai date (the next day's 00:00 +08:00), epoch ms. */
const endOfDay = (date: string) => shanghaiInstant(addDays(date, 1));
const reminderAt = (due: string) => shanghaiInstant(addDays(due, -reminderDaysBefore), 9);
const noReportYet = (m: MilestoneProgress) => m.status === "pending" || m.status === "returned";

/**
 * One look at the project: apply the timers that are due (reminder before a due date, escalation after it,
 * a lapsed rectification deadline, an anniversary tranche), then say what the execution does next.
 */
export async function stepTask(
  deps: ProjectDeps,
  input: { projectId: string; phase: number },
): Promise<{
  next: "await" | "validate" | "handover" | "done";
  timeoutSeconds: number;
  seenVersion: number;
}> {
  await writeAuditReports(deps, input.projectId);
  return retryOnConflict(async () => {
    const track = await loadTrack(deps, input.projectId);
    // A stale or duplicate execution: the project has moved to another phase.
    if (track.phase !== input.phase || track.status === "closed")
      return { next: "done", timeoutSeconds: 1, seenVersion: track.version };
    const nowMs = deps.clock.now().getTime();
    const at = new Date(nowMs).toISOString();
    const timers: number[] = [];
    const notices = [...track.notices];
    const events: { action: string; detail: Record<string, unknown> }[] = [];
    let status = track.status;
    let referral = track.terminationReferral;
    const milestones = track.milestones.map((m): MilestoneProgress => {
      if (track.status !== "in-progress") return m;
      let next = m;
      if (noReportYet(m)) {
        const remind = reminderAt(m.dueDate);
        if (!m.remindedAt) {
          if (nowMs >= remind) {
            next = { ...next, remindedAt: at };
            notices.push({ kind: "milestone-reminder", milestone: m.index, at, to: "enterprise" });
            events.push({ action: "milestone.reminded", detail: { milestone: m.index, dueDate: m.dueDate } });
          } else timers.push(remind);
        }
        const due = endOfDay(m.dueDate);
        if (!m.escalatedAt) {
          if (nowMs >= due) {
            next = { ...next, escalatedAt: at };
            notices.push({ kind: "milestone-overdue", milestone: m.index, at, to: "bureau" });
            events.push({
              action: "milestone.escalated",
              detail: { milestone: m.index, dueDate: m.dueDate },
            });
          } else timers.push(due);
        }
      }
      if (m.status === "rectifying" && m.rectifyBy) {
        const deadline = endOfDay(m.rectifyBy);
        if (nowMs >= deadline) {
          next = { ...next, status: "failed", failedAt: at };
          status = "termination-referred";
          referral = { milestone: m.index, at, reason: "rectification deadline passed without a report" };
          notices.push({ kind: "termination-referral", milestone: m.index, at, to: "bureau" });
          events.push({
            action: "milestone.rectification-lapsed",
            detail: { milestone: m.index, rectifyBy: m.rectifyBy },
          });
        } else timers.push(deadline);
      }
      return next;
    });
    // Anniversary tranches (安山: 合同签订满一年后拨付) become eligible on the day.
    const trancheWrites: RecordWrite[] = [];
    const signedOn = track.taskBook.signedOn;
    if (signedOn && track.status === "in-progress") {
      for (const t of track.taskBook.tranches) {
        if (t.condition.kind !== "anniversary") continue;
        // Approved extensions shift the anniversary too (every later timer moves).
        const when = shanghaiInstant(addMonths(signedOn, t.condition.years * 12 + extendedMonths(track)));
        const tranche = await deps.records.get(trancheKind, trancheId(input.projectId, t.index));
        if (tranche?.status !== "planned") continue;
        if (nowMs >= when) {
          trancheWrites.push(
            updated(
              trancheKind,
              tranche,
              bump(tranche, at, {
                status: "eligible",
                eligible: { at, by: "workflow", reason: t.conditionToken },
              }),
              workflowAudit("tranche.eligible", {
                index: t.index,
                amountFen: t.amountFen,
                anniversary: t.condition.years,
              }),
            ),
          );
          notices.push({ kind: "tranche-eligible", at, to: "finance" });
        } else timers.push(when);
      }
    }
    let current = track;
    if (events.length > 0 || trancheWrites.length > 0) {
      const after = bump(track, at, { milestones, notices, status, terminationReferral: referral });
      await deps.records.write(
        [updated(trackKind, track, after, workflowAudit("project.timers", { events })), ...trancheWrites],
        at,
      );
      current = after;
    }
    if (current.milestones.some((m) => m.status === "validating")) {
      return { next: "validate", timeoutSeconds: 1, seenVersion: current.version };
    }
    const handOverAt = Date.parse(current.phaseStartedAt) + phaseMaxDays * dayMs;
    if (nowMs >= handOverAt) return { next: "handover", timeoutSeconds: 1, seenVersion: current.version };
    const wakeAt = Math.min(handOverAt, ...timers);
    return {
      next: "await",
      timeoutSeconds: Math.max(1, Math.ceil((wakeAt - nowMs) / 1000)),
      seenVersion: current.version,
    };
  });
}

/** Parks the execution's callback token; if anything changed since the step looked, completes it at once. */
export async function parkTask(
  deps: ProjectDeps,
  input: { projectId: string; phase: number; token: string; seenVersion: number },
): Promise<{ parked: boolean }> {
  const parked = await retryOnConflict(async () => {
    const track = await loadTrack(deps, input.projectId);
    if (track.pendingTask?.token === input.token) return true;
    if (track.version !== input.seenVersion || track.phase !== input.phase) return false;
    const at = nowIso(deps);
    await deps.records.write(
      [
        updated(
          trackKind,
          track,
          bump(track, at, { pendingTask: { token: input.token, since: at, phase: input.phase } }),
          workflowAudit("project.waiting"),
        ),
      ],
      at,
    );
    return true;
  });
  if (!parked) await deps.workflows.completeTask(input.token, { woken: true });
  return { parked };
}

/** The validation task: every required document is there and matches its declared size and SHA-256. */
export async function validateTask(
  deps: ProjectDeps,
  input: { projectId: string },
): Promise<{ validated: number }> {
  const track = await loadTrack(deps, input.projectId);
  const results = new Map<
    number,
    { issues: { path: string; message: string; messageZh: string }[]; verified: Set<string> }
  >();
  for (const m of track.milestones.filter((x) => x.status === "validating")) {
    const report = m.reports.at(-1) as MilestoneReport;
    const files = report.fileIds.map((id) => m.files.find((f) => f.fileId === id) as EvidenceFile);
    const issues: { path: string; message: string; messageZh: string }[] = [];
    const verified = new Set<string>();
    for (const kind of requiredEvidenceKinds) {
      if (!files.some((f) => f.kind === kind)) {
        issues.push({
          path: "fileIds",
          message: `a ${kind} is required`,
          messageZh: kind === "audit-report" ? "缺少会计师事务所专项审计报告" : "缺少进展报告",
        });
      }
    }
    for (const [i, f] of files.entries()) {
      const stored = await deps.documents.inspect(f.key);
      if (!stored)
        issues.push({
          path: `fileIds.${i}`,
          message: `${f.fileName} was not uploaded`,
          messageZh: `${f.fileName} 尚未上传`,
        });
      else if (stored.sizeBytes !== f.sizeBytes || stored.sha256 !== f.sha256) {
        issues.push({
          path: `fileIds.${i}`,
          message: `${f.fileName} does not match its declared size and SHA-256`,
          messageZh: `${f.fileName} 的大小或 SHA-256 与申报不符`,
        });
      } else verified.add(f.fileId);
    }
    results.set(m.index, { issues, verified });
  }
  await retryOnConflict(async () => {
    const current = await loadTrack(deps, input.projectId);
    const at = nowIso(deps);
    const milestones = current.milestones.map((m): MilestoneProgress => {
      const r = results.get(m.index);
      if (!r || m.status !== "validating") return m;
      const report = m.reports.at(-1) as MilestoneReport;
      const ok = r.issues.length === 0;
      return {
        ...m,
        status: ok ? "under-review" : "returned",
        files: m.files.map((f) => (r.verified.has(f.fileId) && !f.verifiedAt ? { ...f, verifiedAt: at } : f)),
        reports: [...m.reports.slice(0, -1), { ...report, validation: { at, ok, issues: r.issues } }],
      };
    });
    const after = bump(current, at, { milestones });
    await deps.records.write(
      [
        updated(
          trackKind,
          current,
          after,
          workflowAudit("milestone.validated", {
            results: [...results].map(([k, v]) => ({ milestone: k, issues: v.issues.length })),
          }),
        ),
      ],
      at,
    );
  });
  return { validated: results.size };
}

/**
 * Hands the project over to its next phase execution: a conditional write moves `phase` on (a duplicate
 * hand-over finds it moved and writes nothing), then StartExecution with the deterministic name (idempotent).
 */
export async function handOverTask(
  deps: ProjectDeps,
  input: { projectId: string; phase: number },
): Promise<{ phase: number; executionName: string }> {
  const next = input.phase + 1;
  const phase = await retryOnConflict(async () => {
    const track = await loadTrack(deps, input.projectId);
    if (track.phase !== input.phase) return track.phase;
    const at = nowIso(deps);
    await deps.records.write(
      [
        updated(
          trackKind,
          track,
          bump(track, at, { phase: next, phaseStartedAt: at }),
          workflowAudit("project.handed-over", { from: input.phase, to: next }),
        ),
        created(
          phaseKind,
          {
            id: phaseId(input.projectId, next),
            version: 1,
            projectId: input.projectId,
            phase: next,
            executionName: phaseExecutionName(input.projectId, next),
            startedAt: at,
            createdAt: at,
            updatedAt: at,
          },
          workflowAudit("project.phase-created", { phase: next }),
        ),
      ],
      at,
    );
    return next;
  });
  if (phase === next) await startPhase(deps, input.projectId, next);
  // An execution of an earlier phase still parked (a hand-over from elsewhere, or retried after a crash) wakes,
  // sees the new phase and ends. A token of the running phase is left alone.
  const parked = (await loadTrack(deps, input.projectId)).pendingTask;
  if (parked && (parked.phase ?? 0) < phase) await deps.workflows.completeTask(parked.token, { woken: true });
  return { phase, executionName: phaseExecutionName(input.projectId, phase) };
}

// ---- audit reports (审计报告) ---------------------------------------------------------------------------------
const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string,
  );
const verdictZh: Record<string, string> = { pass: "通过", fail: "不通过", rectify: "整改" };
const yuan = (fen: number) => `${Math.trunc(fen / 100)}.${String(fen % 100).padStart(2, "0")}`;

/** The audit report of one milestone decision: the decision, reviewers, indicators against targets, money, hashes. */
export function milestoneAuditReport(
  track: ProjectTrackRecord,
  m: MilestoneProgress,
  event: string,
  tranches: readonly TrancheRecord[],
  at: string,
) {
  const planned = track.taskBook.milestones.find((x) => x.index === m.index) as TaskBookMilestone;
  const seq = event.startsWith("review-") ? Number(event.slice("review-".length)) : m.reports.length;
  const report = m.reports.find((r) => r.seq === seq) ?? m.reports.at(-1);
  const released = tranches.filter((t) => t.status === "eligible" || t.status === "paid");
  return {
    kind: "milestone-decision",
    event,
    projectId: track.projectId,
    programmeId: track.programmeId,
    milestone: { index: m.index, title: planned.title, dueDate: m.dueDate, status: m.status },
    decision:
      event === "payment-opinion"
        ? {
            kind: "payment-opinion",
            confirmedBy: m.paymentOpinion?.confirmedBy,
            confirmedAt: m.paymentOpinion?.confirmedAt,
            trancheIndex: m.paymentOpinion?.trancheIndex,
            amountFen: m.paymentOpinion?.amountFen,
          }
        : {
            kind: "review",
            verdict: report?.decision?.verdict,
            at: report?.decision?.at,
            rectifyBy: m.rectifyBy,
          },
    reviewers: (report?.votes ?? []).map((v) => ({
      expertId: v.expertId,
      verdict: v.verdict,
      comment: v.comment,
      at: v.at,
    })),
    indicators: planned.indicators.map((i) => ({
      name: i.name,
      target: i.target,
      ...(i.unit ? { unit: i.unit } : {}),
      actual: report?.indicators.find((x) => x.name === i.name)?.actual ?? null,
    })),
    money: {
      grantFen: track.taskBook.grantFen,
      releasedFen: released.reduce((sum, t) => sum + t.amountFen, 0),
      tranches: tranches.map((t) => ({
        index: t.index,
        conditionToken: t.conditionToken,
        amountFen: t.amountFen,
        status: t.status,
      })),
    },
    evidence: (report?.fileIds ?? []).map((id) => {
      const f = m.files.find((x) => x.fileId === id) as EvidenceFile;
      return {
        fileId: f.fileId,
        kind: f.kind,
        fileName: f.fileName,
        sizeBytes: f.sizeBytes,
        sha256: f.sha256,
        key: f.key,
        verifiedAt: f.verifiedAt ?? null,
      };
    }),
    generatedAt: at,
  };
}

function auditReportHtml(r: ReturnType<typeof milestoneAuditReport>): string {
  const row = (cells: readonly (string | number | null | undefined)[]) =>
    `<tr>${cells.map((c) => `<td>${escapeHtml(String(c ?? "—"))}</td>`).join("")}</tr>`;
  const d = r.decision;
  const decision =
    d.kind === "payment-opinion"
      ? `资金拨付意见已审定（${d.confirmedBy ?? ""}，${d.confirmedAt ?? ""}）：第${d.trancheIndex ?? "—"}期 ${yuan(d.amountFen ?? 0)} 元`
      : `专家评审结论：${verdictZh[d.verdict ?? ""] ?? "—"}${d.rectifyBy && d.verdict === "rectify" ? `（整改期限 ${d.rectifyBy}）` : ""}`;
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>项目里程碑审计报告 ${escapeHtml(r.projectId)}</title></head>
<body>
<h1>项目里程碑审计报告</h1>
<p>项目：${escapeHtml(r.projectId)}　批次：${escapeHtml(r.programmeId)}　生成时间：${escapeHtml(r.generatedAt)}</p>
<h2>第${r.milestone.index}个里程碑：${escapeHtml(r.milestone.title)}（应完成日期 ${escapeHtml(r.milestone.dueDate)}）</h2>
<p>${escapeHtml(decision)}</p>
<h2>评审专家</h2>
<table border="1"><tr><th>专家</th><th>意见</th><th>说明</th><th>时间</th></tr>
${r.reviewers.map((v) => row([v.expertId, verdictZh[v.verdict], v.comment, v.at])).join("\n")}
</table>
<h2>考核指标</h2>
<table border="1"><tr><th>指标</th><th>目标值</th><th>完成值</th></tr>
${r.indicators.map((i) => row([i.name, `${i.target}${i.unit ? ` ${i.unit}` : ""}`, i.actual])).join("\n")}
</table>
<h2>资金</h2>
<p>资助总额 ${yuan(r.money.grantFen)} 元，已达拨付条件 ${yuan(r.money.releasedFen)} 元。</p>
<table border="1"><tr><th>期次</th><th>拨付条件</th><th>金额（元）</th><th>状态</th></tr>
${r.money.tranches.map((t) => row([t.index, t.conditionToken, yuan(t.amountFen), t.status])).join("\n")}
</table>
<h2>证明材料（SHA-256）</h2>
<table border="1"><tr><th>文件</th><th>类别</th><th>大小（字节）</th><th>SHA-256</th></tr>
${r.evidence.map((e) => row([e.fileName, e.kind, e.sizeBytes, e.sha256])).join("\n")}
</table>
</body></html>
`;
}

/** Writes the audit report of every milestone decision not yet reported (write-once keys), then records them. */
export async function writeAuditReports(deps: ProjectDeps, projectId: string): Promise<number> {
  const reports = deps.reports;
  if (!reports) return 0;
  const track = await loadTrack(deps, projectId);
  const due: { m: MilestoneProgress; event: string }[] = [];
  for (const m of track.milestones) {
    const done = new Set((m.auditReports ?? []).map((r) => r.event));
    for (const r of m.reports) {
      if (r.decision && !done.has(`review-${r.seq}`)) due.push({ m, event: `review-${r.seq}` });
    }
    if (m.paymentOpinion?.confirmedAt && !done.has("payment-opinion"))
      due.push({ m, event: "payment-opinion" });
  }
  const acceptanceDue =
    (track.acceptance?.status === "passed" || track.acceptance?.status === "failed") &&
    !track.acceptance.auditReport;
  if (due.length === 0 && !acceptanceDue) return 0;
  const tranches = await listAll(deps.records, trancheKind, "gsi1", `PROJECT#${projectId}#TRANCHE`);
  if (acceptanceDue) await writeAcceptanceReport(deps, reports, track, tranches);
  if (due.length === 0) return 1;
  const at = nowIso(deps);
  const refs: { index: number; ref: AuditReportRef }[] = [];
  for (const { m, event } of due) {
    const report = milestoneAuditReport(track, m, event, tranches, at);
    const base = `projects/${projectId}/milestones/${m.index}/${event}`;
    const json = await reports.putOnce(
      `${base}.json`,
      `${JSON.stringify(report, null, 2)}\n`,
      "application/json",
    );
    await reports.putOnce(`${base}.html`, auditReportHtml(report), "text/html; charset=utf-8");
    refs.push({
      index: m.index,
      ref: { event, jsonKey: `${base}.json`, htmlKey: `${base}.html`, sha256: json.sha256, at },
    });
  }
  await retryOnConflict(async () => {
    const current = await loadTrack(deps, projectId);
    const milestones = current.milestones.map((m) => {
      const known = m.auditReports ?? [];
      const mine = refs.filter((r) => r.index === m.index && !known.some((x) => x.event === r.ref.event));
      return mine.length ? { ...m, auditReports: [...known, ...mine.map((r) => r.ref)] } : m;
    });
    await deps.records.write(
      [
        updated(
          trackKind,
          current,
          bump(current, at, { milestones }),
          workflowAudit("project.audit-reports-written", { reports: refs.map((r) => r.ref.jsonKey) }),
        ),
      ],
      at,
    );
  });
  return refs.length;
}

// ---- termination (终止) and fraud (弄虚作假) ---------------------------------------------------------------------
export interface TerminationDecision {
  readonly reason: string;
  readonly fault: boolean;
  readonly proposedBy: SignatoryParty;
  readonly thirdPartyReview?: { reviewer: string; conclusion: string; reviewedOn: string } | undefined;
  /** R&D spending of the paid money verified by the latest special audit (专项审计). */
  readonly verifiedSpendingFen: number;
}

/**
 * Ends the project early: unpaid tranches cancelled, a RECOVERY record for finance (paid-but-unspent money on
 * termination, all paid money on fraud), the project terminated and its phase execution ended — one transaction.
 */
async function endProject(
  deps: ProjectDeps,
  actor: Actor,
  projectId: string,
  kind: "termination" | "fraud",
  decision: TerminationDecision,
): Promise<{ recovery: RecoveryRecord; track: ProjectTrackRecord }> {
  const result = await retryOnConflict(async () => {
    const project = await loadProject(deps, projectId);
    const track = await loadTrack(deps, projectId);
    if (track.termination || project.status === "terminated") {
      throw conflictError("ALREADY_TERMINATED", "The project has already been terminated", "项目已终止");
    }
    if (track.status === "drafting" || track.status === "closed") {
      throw stateConflict("terminate", "终止项目", track.status);
    }
    if (kind === "termination" && decision.fault && !decision.thirdPartyReview) {
      throw businessRuleError(
        "THIRD_PARTY_REVIEW_REQUIRED",
        "A termination for fault needs a recorded third-party review",
        "因过错终止须有第三方评估意见",
        [{ path: "body.thirdPartyReview", message: "required for a fault", messageZh: "因过错终止时必填" }],
      );
    }
    const programme = await mustGet<ProgrammeRecord>(
      deps.records,
      programmeKind,
      project.programmeId,
      "Programme",
      "批次",
    );
    const tranches = await listAll(deps.records, trancheKind, "gsi1", `PROJECT#${projectId}#TRANCHE`);
    const paidFen = tranches.filter((t) => t.status === "paid").reduce((sum, t) => sum + t.amountFen, 0);
    const unpaid = tranches.filter((t) => t.status === "planned" || t.status === "eligible");
    const at = nowIso(deps);
    const decidedOn = shanghaiDate(Date.parse(at));
    const computed = computeRecovery(programme.policy, {
      reason: kind,
      paidFen,
      verifiedSpendingFen: kind === "termination" ? decision.verifiedSpendingFen : 0,
      unpaidTranches: unpaid.map((t) => ({ index: t.index, amountFen: t.amountFen })),
      organisationIds: solverOrgs(project),
      decidedOn,
    });
    const recovery: RecoveryRecord = {
      id: recoveryId(projectId),
      version: 1,
      projectId,
      programmeId: project.programmeId,
      reason: kind,
      amountFen: computed.recoverFen,
      paidFen,
      verifiedSpendingFen: kind === "termination" ? decision.verifiedSpendingFen : 0,
      cancelledTranches: computed.cancelledTranches,
      cancelledFen: computed.cancelledFen,
      payerOrganisationId: project.enterprise.organisationId,
      decidedOn,
      decidedBy: actor.userId,
      status: "assessed",
      explanation: computed.explanation,
      createdAt: at,
      updatedAt: at,
    };
    const termination: Termination = {
      kind,
      fault: kind === "fraud" ? true : decision.fault,
      reason: decision.reason,
      proposedBy: decision.proposedBy,
      ...(decision.thirdPartyReview ? { thirdPartyReview: decision.thirdPartyReview } : {}),
      decidedBy: actor.userId,
      decidedAt: at,
      recoveryId: recovery.id,
    };
    const after = bump(track, at, { status: "closed", termination });
    const writes: RecordWrite[] = [
      updated(
        trackKind,
        track,
        after,
        audit(actor, "bureau", `project.${kind === "fraud" ? "fraud" : "terminated"}`, {
          fault: termination.fault,
          recoverFen: recovery.amountFen,
        }),
      ),
      updated(
        projectKind,
        project,
        bump(project, at, { status: "terminated" }),
        audit(actor, "bureau", "project.terminated", { kind }),
      ),
      created(
        recoveryKind,
        recovery,
        audit(actor, "bureau", "recovery.assessed", { reason: kind, amountFen: recovery.amountFen, paidFen }),
      ),
      ...unpaid.map((t) =>
        updated(
          trancheKind,
          t,
          bump(t, at, { status: "cancelled" }),
          audit(actor, "bureau", "tranche.cancelled", { index: t.index, amountFen: t.amountFen }),
        ),
      ),
    ];
    await deps.records.write(writes, at);
    return { recovery, track: after, credit: computed.creditRecord };
  });
  if (result.credit) await recordFraudCredit(deps, actor, projectId, result.credit);
  await wake(deps, result.track);
  return { recovery: result.recovery, track: result.track };
}

/** 失信行为记录 for every responsible organisation; ids derive from the project, so a repeat writes nothing new. */
async function recordFraudCredit(
  deps: ProjectDeps,
  actor: Actor,
  projectId: string,
  credit: NonNullable<ReturnType<typeof computeRecovery>["creditRecord"]>,
): Promise<void> {
  for (const organisationId of credit.organisationIds) {
    try {
      await addCreditRecord(
        { records: deps.records, clock: deps.clock, newId: () => `crd-fraud-${projectId}-${organisationId}` },
        { userId: actor.userId, role: "bureau" },
        {
          organisationId,
          reason: `fraud found in project ${projectId}`,
          reasonZh: `项目 ${projectId} 弄虚作假`,
          ...(credit.recordedOn ? { recordedOn: credit.recordedOn } : {}),
          ...(credit.blockedUntil ? { blockedUntil: credit.blockedUntil } : {}),
          blockMonths: credit.blockMonths,
          source: "project-recovery",
          projectId,
        },
      );
    } catch (error) {
      if (
        !(
          error instanceof Error &&
          "code" in error &&
          (error as { code: string }).code === "VERSION_CONFLICT"
        )
      )
        throw error;
    }
  }
}

/** The bureau terminates the project (proposed by any signatory); with fault only after a third-party review. */
export async function terminateProject(
  deps: ProjectDeps,
  actor: Actor,
  projectId: string,
  decision: TerminationDecision,
) {
  return endProject(deps, actor, projectId, "termination", decision);
}

/** The bureau finds fraud: all paid money is recovered and the solvers get a credit record for the policy's period. */
export async function declareFraud(
  deps: ProjectDeps,
  actor: Actor,
  projectId: string,
  input: { reason: string; proposedBy: SignatoryParty },
) {
  const existing = await deps.records.get(recoveryKind, recoveryId(projectId));
  if (existing?.reason === "fraud") {
    // A repeat after a crash between the transaction and the credit records: complete them, report 409.
    const project = await loadProject(deps, projectId);
    const programme = await mustGet<ProgrammeRecord>(
      deps.records,
      programmeKind,
      project.programmeId,
      "Programme",
      "批次",
    );
    const credit = computeRecovery(programme.policy, {
      reason: "fraud",
      paidFen: existing.paidFen,
      organisationIds: solverOrgs(project),
      decidedOn: existing.decidedOn,
    }).creditRecord;
    if (credit) await recordFraudCredit(deps, actor, projectId, credit);
  }
  return endProject(deps, actor, projectId, "fraud", { ...input, fault: true, verifiedSpendingFen: 0 });
}

// ---- extension (延期, force majeure) ----------------------------------------------------------------------------
/** Months added by approved extensions. */
export const extendedMonths = (track: Pick<ProjectTrackRecord, "extensions">) =>
  (track.extensions ?? []).filter((e) => e.status === "approved").reduce((sum, e) => sum + e.months, 0);

/** The enterprise or the lead solver asks for more time, with reasons and evidence; one request at a time. */
export async function requestExtension(
  deps: ProjectDeps,
  actor: Actor,
  projectId: string,
  input: { months: number; reason: string; evidenceFileIds: readonly string[] },
): Promise<ProjectTrackRecord> {
  const project = await loadProject(deps, projectId);
  const party = partyOf(actor, project);
  if (party === "bureau") {
    throw forbiddenError(
      "NOT_A_REQUESTER",
      "The enterprise or the solver asks for an extension",
      "延期由出题企业或揭榜方申请",
    );
  }
  return retryOnConflict(async () => {
    const track = await loadTrack(deps, projectId);
    if (track.status !== "in-progress") throw stateConflict("ask for an extension", "申请延期", track.status);
    const extensions = track.extensions ?? [];
    if (extensions.some((e) => e.status === "requested")) {
      throw conflictError(
        "EXTENSION_PENDING",
        "An extension request is waiting for the bureau",
        "已有延期申请待审核",
      );
    }
    const files = new Set(track.milestones.flatMap((m) => m.files.map((f) => f.fileId)));
    input.evidenceFileIds.forEach((id, i) => {
      if (!files.has(id)) {
        throw validationError(
          "UNKNOWN_FILE",
          `File ${id} is not one of the project's`,
          `文件 ${id} 不属于本项目`,
          [{ path: `body.evidenceFileIds.${i}`, message: "unknown file", messageZh: "未知文件" }],
        );
      }
    });
    const at = nowIso(deps);
    const extension: Extension = {
      seq: extensions.length + 1,
      months: input.months,
      reason: input.reason,
      evidenceFileIds: [...input.evidenceFileIds],
      requestedBy: actor.userId,
      requestedParty: party,
      requestedAt: at,
      status: "requested",
    };
    const after = bump(track, at, { extensions: [...extensions, extension] });
    await deps.records.write(
      [
        updated(
          trackKind,
          track,
          after,
          audit(actor, party, "extension.requested", { seq: extension.seq, months: input.months }),
        ),
      ],
      at,
    );
    return after;
  });
}

/**
 * The bureau decides. Approved: every milestone not yet passed, the end date and the anniversary timers move by the
 * months asked; reminders and escalations of moved milestones are due again; each shift is in the audit event.
 */
export async function decideExtension(
  deps: ProjectDeps,
  actor: Actor,
  projectId: string,
  input: { decision: "approve" | "reject"; comment?: string | undefined },
): Promise<ProjectTrackRecord> {
  const next = await retryOnConflict(async () => {
    const project = await loadProject(deps, projectId);
    const track = await loadTrack(deps, projectId);
    const extensions = track.extensions ?? [];
    const pending = extensions.find((e) => e.status === "requested");
    if (!pending || track.status !== "in-progress") {
      throw conflictError("NO_EXTENSION_PENDING", "No extension request is waiting", "没有待审核的延期申请");
    }
    const at = nowIso(deps);
    const decided = {
      decidedBy: actor.userId,
      decidedAt: at,
      ...(input.comment ? { comment: input.comment } : {}),
    };
    if (input.decision === "reject") {
      const after = bump(track, at, {
        extensions: extensions.map((e) =>
          e === pending ? { ...e, ...decided, status: "rejected" as const } : e,
        ),
      });
      await deps.records.write(
        [
          updated(
            trackKind,
            track,
            after,
            audit(actor, "bureau", "extension.rejected", { seq: pending.seq }),
          ),
        ],
        at,
      );
      return after;
    }
    const shifts: { what: string; from: string; to: string }[] = [];
    const milestones = track.milestones.map((m): MilestoneProgress => {
      if (m.status === "passed" || m.status === "failed") return m;
      const to = addMonths(m.dueDate, pending.months);
      shifts.push({ what: `milestone ${m.index}`, from: m.dueDate, to });
      const { remindedAt: _r, escalatedAt: _e, ...rest } = m;
      return { ...rest, dueDate: to };
    });
    const endDate = addMonths(track.taskBook.endDate, pending.months);
    shifts.push({ what: "end date", from: track.taskBook.endDate, to: endDate });
    const after = bump(track, at, {
      milestones,
      taskBook: { ...track.taskBook, endDate },
      extensions: extensions.map((e) =>
        e === pending ? { ...e, ...decided, status: "approved" as const, shifts } : e,
      ),
    });
    await deps.records.write(
      [
        updated(
          trackKind,
          track,
          after,
          audit(actor, "bureau", "extension.approved", { seq: pending.seq, months: pending.months, shifts }),
        ),
        ...(project.status === "in-progress"
          ? [
              updated(
                projectKind,
                project,
                bump(project, at, { status: "extended" }),
                audit(actor, "bureau", "project.extended", { months: pending.months }),
              ),
            ]
          : []),
      ],
      at,
    );
    return after;
  });
  await wake(deps, next);
  return next;
}

// ---- final acceptance (结题验收) --------------------------------------------------------------------------------
function acceptanceOf(track: ProjectTrackRecord): Acceptance {
  if (!track.acceptance)
    throw conflictError("NO_ACCEPTANCE", "Acceptance has not been asked for", "尚未申请验收");
  return track.acceptance;
}

/** The enterprise asks for final acceptance once every milestone has passed. */
export async function requestAcceptance(
  deps: ProjectDeps,
  actor: Actor,
  projectId: string,
  input: { summary: string },
) {
  const project0 = await loadProject(deps, projectId);
  assertEnterprise(actor, project0);
  const next = await retryOnConflict(async () => {
    const project = await loadProject(deps, projectId);
    const track = await loadTrack(deps, projectId);
    if (track.status !== "in-progress" || track.acceptance)
      throw stateConflict("ask for acceptance", "申请验收", track.acceptance?.status ?? track.status);
    const open = track.milestones.filter((m) => m.status !== "passed").map((m) => m.index);
    if (open.length > 0) {
      throw businessRuleError(
        "MILESTONES_OPEN",
        `Milestones ${open.join(", ")} have not passed`,
        `第${open.join("、")}个里程碑尚未通过`,
      );
    }
    const at = nowIso(deps);
    const acceptance: Acceptance = {
      status: "planning",
      summary: input.summary,
      requestedBy: actor.userId,
      requestedAt: at,
      fixedBy: [],
      votes: [],
    };
    const after = bump(track, at, { acceptance });
    await deps.records.write(
      [
        updated(trackKind, track, after, audit(actor, "enterprise", "acceptance.requested")),
        updated(
          projectKind,
          project,
          bump(project, at, { status: "under-acceptance" }),
          audit(actor, "enterprise", "project.under-acceptance"),
        ),
      ],
      at,
    );
    return after;
  });
  await wake(deps, next);
  return next;
}

/** The bureau and the enterprise each fix the plan and the experts; when both fixed the same plan, review starts. */
export async function fixAcceptancePlan(
  deps: ProjectDeps,
  actor: Actor,
  projectId: string,
  input: { plan: string; expertIds: readonly string[] },
) {
  const project = await loadProject(deps, projectId);
  const party = partyOf(actor, project);
  if (party === "solver")
    throw forbiddenError(
      "NOT_A_PLANNER",
      "The bureau and the enterprise fix the plan",
      "验收方案由主管部门和出题企业确定",
    );
  return retryOnConflict(async () => {
    const track = await loadTrack(deps, projectId);
    const acceptance = acceptanceOf(track);
    if (acceptance.status !== "planning")
      throw stateConflict("change the plan", "修改验收方案", acceptance.status);
    const plan = { text: input.plan, expertIds: [...new Set(input.expertIds)] };
    // Field by field: the store does not keep the order of an object's keys.
    const same =
      acceptance.plan?.text === plan.text &&
      acceptance.plan.expertIds.length === plan.expertIds.length &&
      acceptance.plan.expertIds.every((e, i) => e === plan.expertIds[i]);
    const at = nowIso(deps);
    const fixedBy = [
      ...(same ? acceptance.fixedBy.filter((f) => f.party !== party) : []),
      { party, by: actor.userId, at },
    ];
    const both = fixedBy.some((f) => f.party === "bureau") && fixedBy.some((f) => f.party === "enterprise");
    const after = bump(track, at, {
      acceptance: { ...acceptance, plan, fixedBy, status: both ? "under-review" : "planning" },
    });
    await deps.records.write(
      [
        updated(
          trackKind,
          track,
          after,
          audit(actor, party, "acceptance.plan-fixed", { party, expertIds: plan.expertIds, agreed: both }),
        ),
      ],
      at,
    );
    return after;
  });
}

/** An acceptance expert's verdict and performance score; the last one decides (majority pass). */
export async function voteOnAcceptance(
  deps: ProjectDeps,
  actor: Actor,
  projectId: string,
  input: { verdict: "pass" | "fail"; performanceScore: number; comment: string },
) {
  const next = await retryOnConflict(async () => {
    const project = await loadProject(deps, projectId);
    const track = await loadTrack(deps, projectId);
    const acceptance = acceptanceOf(track);
    const panel = acceptance.plan?.expertIds ?? [];
    if (!panel.includes(actor.userId))
      throw forbiddenError("NOT_ON_PANEL", "You are not on the acceptance panel", "您不是验收专家");
    if (acceptance.status !== "under-review") throw stateConflict("review", "验收评审", acceptance.status);
    if (acceptance.votes.some((v) => v.expertId === actor.userId))
      throw conflictError("ALREADY_VOTED", "You have given your verdict", "您已评审");
    const at = nowIso(deps);
    const votes = [...acceptance.votes, { expertId: actor.userId, ...input, at }];
    let next: Acceptance = { ...acceptance, votes };
    const writes: RecordWrite[] = [];
    let changes: Partial<ProjectTrackRecord> = {};
    if (panel.every((e) => votes.some((v) => v.expertId === e))) {
      const verdict = votes.filter((v) => v.verdict === "pass").length * 2 > votes.length ? "pass" : "fail";
      const performanceScore = Math.floor(
        votes.reduce((sum, v) => sum + v.performanceScore, 0) / votes.length,
      );
      const final = track.taskBook.tranches.find((t) => t.condition.kind === "final-acceptance");
      next = { ...next, result: { verdict, performanceScore, at } };
      if (verdict === "fail") {
        next = { ...next, status: "failed" };
        changes = { status: "closed" };
        writes.push(
          updated(
            projectKind,
            project,
            bump(project, at, { status: "not-accepted" }),
            audit(actor, "expert", "project.not-accepted", { performanceScore }),
          ),
        );
      } else if (final) {
        next = {
          ...next,
          status: "awaiting-payment-opinion",
          paymentOpinion: { trancheIndex: final.index, amountFen: final.amountFen },
        };
      } else {
        next = { ...next, status: "passed" };
        changes = { status: "closed" };
        writes.push(
          updated(
            projectKind,
            project,
            bump(project, at, { status: "accepted" }),
            audit(actor, "expert", "project.accepted", { performanceScore }),
          ),
        );
      }
    }
    const after = bump(track, at, { ...changes, acceptance: next });
    writes.unshift(
      updated(
        trackKind,
        track,
        after,
        audit(actor, "expert", "acceptance.vote", { verdict: input.verdict, result: next.result?.verdict }),
      ),
    );
    await deps.records.write(writes, at);
    return after;
  });
  await wake(deps, next);
  return next;
}

/** The approver confirms the final payment opinion: the final tranche is eligible and the project closes, accepted. */
export async function confirmAcceptancePayment(deps: ProjectDeps, actor: Actor, projectId: string) {
  const next = await retryOnConflict(async () => {
    const project = await loadProject(deps, projectId);
    const track = await loadTrack(deps, projectId);
    const acceptance = acceptanceOf(track);
    if (acceptance.status !== "awaiting-payment-opinion" || !acceptance.paymentOpinion) {
      throw stateConflict("confirm the final payment opinion", "审定结题拨付意见", acceptance.status);
    }
    const at = nowIso(deps);
    const writes: RecordWrite[] = [];
    const index = acceptance.paymentOpinion.trancheIndex;
    if (index !== undefined) {
      const tranche = await mustGet<TrancheRecord>(
        deps.records,
        trancheKind,
        trancheId(projectId, index),
        "Tranche",
        "拨款",
      );
      if (tranche.status === "planned") {
        writes.push(
          updated(
            trancheKind,
            tranche,
            bump(tranche, at, {
              status: "eligible",
              eligible: { at, by: actor.userId, reason: "final-acceptance" },
            }),
            audit(actor, "approver", "tranche.eligible", { index, amountFen: tranche.amountFen }),
          ),
        );
      }
    }
    const after = bump(track, at, {
      status: "closed",
      acceptance: {
        ...acceptance,
        status: "passed",
        paymentOpinion: { ...acceptance.paymentOpinion, confirmedBy: actor.userId, confirmedAt: at },
      },
    });
    writes.unshift(
      updated(
        trackKind,
        track,
        after,
        audit(actor, "approver", "acceptance.payment-opinion-confirmed", { trancheIndex: index }),
      ),
      updated(
        projectKind,
        project,
        bump(project, at, { status: "accepted" }),
        audit(actor, "approver", "project.accepted"),
      ),
    );
    await deps.records.write(writes, at);
    return after;
  });
  await wake(deps, next);
  return next;
}

/** The acceptance audit report (JSON + Chinese HTML): result, experts, indicators, money, every evidence hash. */
async function writeAcceptanceReport(
  deps: ProjectDeps,
  reports: ReportStore,
  track: ProjectTrackRecord,
  tranches: readonly TrancheRecord[],
): Promise<void> {
  const acceptance = track.acceptance as Acceptance;
  const at = nowIso(deps);
  const released = tranches.filter((t) => t.status === "eligible" || t.status === "paid");
  const report = {
    kind: "final-acceptance",
    projectId: track.projectId,
    programmeId: track.programmeId,
    result: acceptance.result,
    plan: acceptance.plan,
    reviewers: acceptance.votes,
    indicators: track.taskBook.milestones.flatMap((m) => {
      const last = track.milestones.find((x) => x.index === m.index)?.reports.at(-1);
      return m.indicators.map((i) => ({
        milestone: m.index,
        name: i.name,
        target: i.target,
        ...(i.unit ? { unit: i.unit } : {}),
        actual: last?.indicators.find((x) => x.name === i.name)?.actual ?? null,
      }));
    }),
    money: {
      grantFen: track.taskBook.grantFen,
      releasedFen: released.reduce((sum, t) => sum + t.amountFen, 0),
      tranches: tranches.map((t) => ({
        index: t.index,
        conditionToken: t.conditionToken,
        amountFen: t.amountFen,
        status: t.status,
      })),
    },
    evidence: track.milestones.flatMap((m) =>
      m.files
        .filter((f) => f.verifiedAt)
        .map((f) => ({
          milestone: m.index,
          fileName: f.fileName,
          kind: f.kind,
          sha256: f.sha256,
          key: f.key,
        })),
    ),
    generatedAt: at,
  };
  const row = (cells: readonly (string | number | null | undefined)[]) =>
    `<tr>${cells.map((c) => `<td>${escapeHtml(String(c ?? "—"))}</td>`).join("")}</tr>`;
  const html = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>项目结题验收审计报告 ${escapeHtml(track.projectId)}</title></head>
<body>
<h1>项目结题验收审计报告</h1>
<p>项目：${escapeHtml(track.projectId)}　验收结论：${report.result?.verdict === "pass" ? "通过" : "不通过"}　绩效评价得分：${report.result?.performanceScore ?? "—"}</p>
<h2>验收专家</h2>
<table border="1"><tr><th>专家</th><th>意见</th><th>绩效得分</th><th>说明</th></tr>
${acceptance.votes.map((v) => row([v.expertId, v.verdict === "pass" ? "通过" : "不通过", v.performanceScore, v.comment])).join("\n")}
</table>
<h2>考核指标</h2>
<table border="1"><tr><th>里程碑</th><th>指标</th><th>目标值</th><th>完成值</th></tr>
${report.indicators.map((i) => row([i.milestone, i.name, i.target, i.actual])).join("\n")}
</table>
<h2>资金</h2>
<p>资助总额 ${yuan(report.money.grantFen)} 元，已达拨付条件 ${yuan(report.money.releasedFen)} 元。</p>
<h2>证明材料（SHA-256）</h2>
<table border="1"><tr><th>里程碑</th><th>文件</th><th>SHA-256</th></tr>
${report.evidence.map((e) => row([e.milestone, e.fileName, e.sha256])).join("\n")}
</table>
</body></html>
`;
  const base = `projects/${track.projectId}/acceptance`;
  const json = await reports.putOnce(
    `${base}.json`,
    `${JSON.stringify(report, null, 2)}\n`,
    "application/json",
  );
  await reports.putOnce(`${base}.html`, html, "text/html; charset=utf-8");
  const ref: AuditReportRef = {
    event: "acceptance",
    jsonKey: `${base}.json`,
    htmlKey: `${base}.html`,
    sha256: json.sha256,
    at,
  };
  await retryOnConflict(async () => {
    const current = await loadTrack(deps, track.projectId);
    if (!current.acceptance || current.acceptance.auditReport) return;
    await deps.records.write(
      [
        updated(
          trackKind,
          current,
          bump(current, at, { acceptance: { ...current.acceptance, auditReport: ref } }),
          workflowAudit("project.audit-reports-written", { reports: [ref.jsonKey] }),
        ),
      ],
      at,
    );
  });
}
