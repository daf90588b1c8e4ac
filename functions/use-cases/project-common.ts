// Use-case support of the project lifecycle (issue 5): the dependencies, the actor, the decisions (constants) and
// the loading, access and audit helpers shared by the task book, milestone, workflow, ending and acceptance modules.
import { businessRuleError, conflictError, type DomainError, validationError } from "../domain/errors.ts";
import { authorizeRecord, type RecordFacts } from "../domain/record-access.ts";
import type { Role } from "../domain/roles.ts";
import type { Clock } from "../ports/clock.ts";
import type { DocumentStore } from "../ports/document-store.ts";
import { type RecordStore, type RecordWrite, updated } from "../ports/records.ts";
import type { ReportStore } from "../ports/report-store.ts";
import type { WorkflowEngine } from "../ports/workflow-engine.ts";
import {
  type MilestoneProgress,
  type ProjectTrackRecord,
  phaseExecutionName,
  phaseStateMachine,
  type SignatoryParty,
  type TrancheRecord,
  trackKind,
  trancheId,
  trancheKind,
} from "./project-model.ts";
import { bump, isConflicted, mustGet } from "./review.ts";
import { expertKind, type ProjectRecord, projectKind } from "./review-model.ts";

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
export const uploadUrlSeconds = 15 * 60;
export const dayMs = 86_400_000;

export const staff: readonly Role[] = ["bureau", "approver", "finance", "admin", "auditor"];

// ---- loading and access -------------------------------------------------------------------------------------
export const nowIso = (deps: Pick<ProjectDeps, "clock">) => deps.clock.now().toISOString();

export const loadProject = (deps: Pick<ProjectDeps, "records">, id: string) =>
  mustGet<ProjectRecord>(deps.records, projectKind, id, "Project", "项目");
export const loadTrack = (deps: Pick<ProjectDeps, "records">, projectId: string) =>
  mustGet<ProjectTrackRecord>(deps.records, trackKind, projectId, "Task book of project", "项目任务书");

export const solverOrgs = (p: ProjectRecord) => [
  p.solverLead.organisationId,
  ...p.solverMembers.map((m) => m.organisationId),
];
export const enterpriseOrgs = (p: ProjectRecord) =>
  p.enterpriseOrganisationIds.length > 0 ? p.enterpriseOrganisationIds : [p.enterprise.organisationId];

/** Readers: staff, the enterprise, the solver lead and members, experts on one of its review panels. */
export function assertReader(actor: Actor, project: ProjectRecord, track?: ProjectTrackRecord): void {
  authorizeRecord(actor, "project", "read", projectFacts(project, track));
}

/** The facts the project's record rules read (functions/domain/record-access.ts): parties and panel experts. */
export function projectFacts(project: ProjectRecord, track?: ProjectTrackRecord): RecordFacts {
  return {
    enterpriseOrganisationIds: enterpriseOrgs(project),
    leadSolverOrganisationId: project.solverLead.organisationId,
    solverOrganisationIds: solverOrgs(project),
    assignedUserIds: [
      ...(track?.milestones.flatMap((m) => m.panel) ?? []),
      ...(track?.acceptance?.plan?.expertIds ?? []),
    ],
  };
}

/**
 * Experts named on a milestone review panel or the acceptance panel: each registered and active in the expert pool
 * (专家库), and not conflicted with the project's enterprise or solver organisations — the same rule (review.ts
 * isConflicted: same organisation or a declared conflict, 回避) as the selection's review panels. `path` names the
 * request field (e.g. `body.expertIds`); the first bad expert is reported with its index.
 */
export async function assertPanelExperts(
  deps: Pick<ProjectDeps, "records">,
  project: ProjectRecord,
  expertIds: readonly string[],
  path: string,
): Promise<void> {
  const parties = { enterpriseIds: enterpriseOrgs(project), solverOrganisationIds: solverOrgs(project) };
  for (const [i, id] of expertIds.entries()) {
    const expert = await deps.records.get(expertKind, id);
    if (!expert?.active) {
      throw businessRuleError(
        "EXPERT_NOT_IN_POOL",
        `Expert ${id} is not an active member of the expert pool`,
        `专家 ${id} 不在专家库中`,
        [{ path: `${path}.${i}`, message: "not in the expert pool", messageZh: "不在专家库中" }],
      );
    }
    if (isConflicted(expert, parties)) {
      throw businessRuleError(
        "EXPERT_CONFLICT_OF_INTEREST",
        `Expert ${id} is from, or declared a conflict with, the project's enterprise or solver`,
        `专家 ${id} 与项目出题企业或揭榜方存在利益关系，须回避`,
        [{ path: `${path}.${i}`, message: "conflict of interest", messageZh: "须回避" }],
      );
    }
  }
}

export function assertEnterprise(actor: Actor, project: ProjectRecord): void {
  authorizeRecord(actor, "project", "report", projectFacts(project));
}

export const audit = (actor: Actor, role: string, action: string, detail?: Record<string, unknown>) => ({
  actor: actor.userId,
  role,
  action,
  ...(detail ? { detail } : {}),
});
export const workflowAudit = (action: string, detail?: Record<string, unknown>) => ({
  actor: "workflow",
  role: "workflow",
  action,
  ...(detail ? { detail } : {}),
});

/** Completes the callback the phase execution is parked on, so it looks at the project again. */
export async function wake(deps: ProjectDeps, track: ProjectTrackRecord): Promise<void> {
  if (track.pendingTask) await deps.workflows.completeTask(track.pendingTask.token, { woken: true });
}

export function milestoneOf(track: ProjectTrackRecord, index: number): MilestoneProgress {
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

export const replaceMilestone = (track: ProjectTrackRecord, m: MilestoneProgress) =>
  track.milestones.map((x) => (x.index === m.index ? m : x));

export function stateConflict(what: string, whatZh: string, status: string): DomainError {
  return conflictError(
    "INVALID_STATE",
    `Cannot ${what} while ${status}`,
    `当前状态（${status}）不能${whatZh}`,
  );
}

export async function startPhase(deps: ProjectDeps, projectId: string, phase: number) {
  return deps.workflows.start(phaseStateMachine, phaseExecutionName(projectId, phase), { projectId, phase });
}

export function partyOf(
  actor: Actor,
  project: ProjectRecord,
  action: "sign" | "plan" | "request-extension" = "sign",
): SignatoryParty {
  const grant = authorizeRecord(actor, "project", action, projectFacts(project));
  return grant?.roles.includes("bureau")
    ? "bureau"
    : grant?.roles.includes("enterprise")
      ? "enterprise"
      : "solver";
}

/**
 * The approver's confirmed payment opinion makes a planned tranche eligible for finance: the write (with its audit
 * event) to add to the confirming transaction, or none when the tranche is already past `planned`.
 */
export async function trancheEligibleOnOpinion(
  deps: Pick<ProjectDeps, "records">,
  actor: Actor,
  projectId: string,
  index: number,
  at: string,
  eligible: { reason: string; milestone?: number },
): Promise<RecordWrite[]> {
  const tranche = await mustGet<TrancheRecord>(
    deps.records,
    trancheKind,
    trancheId(projectId, index),
    "Tranche",
    "拨款",
  );
  if (tranche.status !== "planned") return [];
  return [
    updated(
      trancheKind,
      tranche,
      bump(tranche, at, { status: "eligible", eligible: { at, by: actor.userId, ...eligible } }),
      audit(actor, "approver", "tranche.eligible", {
        index,
        amountFen: tranche.amountFen,
        ...(eligible.milestone !== undefined ? { milestone: eligible.milestone } : {}),
      }),
    ),
  ];
}
