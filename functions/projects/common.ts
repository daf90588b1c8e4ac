// Use-case support of the project lifecycle (立项 → 结题验收): the dependencies, the actor, the decisions (constants) and
// the loading, access and audit helpers shared by the task book, milestone, workflow, ending and acceptance modules.

import { type Actor, actorName } from "../kernel/actor.ts";
import { businessRuleError, conflictError, type DomainError, validationError } from "../kernel/errors.ts";
import { authorizeRecord, type RecordFacts } from "../kernel/record-access.ts";
import type { Role } from "../kernel/roles.ts";
import type { Clock } from "../platform/ports/clock.ts";
import type { DocumentStore } from "../platform/ports/document-store.ts";
import type { Faults } from "../platform/ports/faults.ts";
import { bump, mustGet, recordNotFound } from "../platform/ports/record-helpers.ts";
import {
  type AuditNote,
  type RecordStore,
  type RecordWrite,
  recordKey,
  updated,
} from "../platform/ports/records.ts";
import type { ReportStore } from "../platform/ports/report-store.ts";
import type { WorkflowEngine } from "../platform/ports/workflow-engine.ts";
import { type ExpertRecord, expertKind } from "../review/model.ts";
import { isConflicted } from "../review/rules/conflicts.ts";
import { chainOf, deliverEvents, loadChain, wakeAnniversaries } from "./inbox.ts";
import {
  lifecycleKind,
  type MilestoneProgress,
  type PanelRecusal,
  type ProjectLifecycleRecord,
  type ProjectRecord,
  type ProjectTrackRecord,
  phaseExecutionName,
  phaseStateMachine,
  projectKind,
  type SignatoryParty,
  type TrancheRecord,
  trackKind,
  trancheId,
  trancheKind,
} from "./model.ts";

import { panelQuorum } from "./rules/review-verdict.ts";

export interface ProjectDeps {
  readonly records: RecordStore;
  readonly workflows: WorkflowEngine;
  readonly documents: DocumentStore;
  readonly clock: Clock;
  /** The audit bucket; only the workflow's task function has it (it writes the audit reports). */
  readonly reports?: ReportStore;
  /** Crash points for the crash tests (platform/ports/faults.ts); none unless the composition gives them. */
  readonly faults?: Faults;
}

// ---- decisions (constants) -----------------------------------------------------------------------------------
/** The terms (reminder, rectification, phase length) are pure rules: rules/terms.ts. */
export { defaultRectifyDays, phaseMaxDays, reminderDaysBefore } from "./rules/terms.ts";
export const maxFilesPerMilestone = 30;
export const uploadUrlSeconds = 15 * 60;
export const dayMs = 86_400_000;

export const staff: readonly Role[] = ["bureau", "approver", "finance", "admin", "auditor"];

// ---- loading and access -------------------------------------------------------------------------------------

export const loadProject = (deps: Pick<ProjectDeps, "records">, id: string) =>
  mustGet<ProjectRecord>(deps.records, projectKind, id, "Project", "项目");
export const loadTrack = (deps: Pick<ProjectDeps, "records">, projectId: string) =>
  mustGet<ProjectTrackRecord>(deps.records, trackKind, projectId, "Task book of project", "项目任务书");
/**
 * The track and the chain's bookkeeping (PROJECT_LIFECYCLE; inbox.ts chainOf) in one round trip, for a change that
 * appends an event (withEvent) in the same transaction as its change of the track. 404 when the track is missing.
 */
export async function loadTrackAndChain(
  deps: Pick<ProjectDeps, "records">,
  projectId: string,
): Promise<{ track: ProjectTrackRecord; chain: ProjectLifecycleRecord | undefined }> {
  const [track, stored] = (await deps.records.getMany([
    recordKey(trackKind, projectId),
    recordKey(lifecycleKind, projectId),
  ])) as [ProjectTrackRecord | undefined, ProjectLifecycleRecord | undefined];
  if (!track) throw trackNotFound(projectId);
  return { track, chain: chainOf(track, stored) };
}
const projectNotFound = (id: string) => recordNotFound(projectKind, id, "Project", "项目");
const trackNotFound = (projectId: string) =>
  recordNotFound(trackKind, projectId, "Task book of project", "项目任务书");

/** The project and its track in one round trip (404 for whichever is missing, the project first, as loaded apart). */
export async function loadProjectAndTrack(
  deps: Pick<ProjectDeps, "records">,
  projectId: string,
): Promise<[ProjectRecord, ProjectTrackRecord]> {
  const [project, track] = await deps.records.getMany([
    recordKey(projectKind, projectId),
    recordKey(trackKind, projectId),
  ]);
  if (!project) throw projectNotFound(projectId);
  if (!track) throw trackNotFound(projectId);
  return [project as ProjectRecord, track as ProjectTrackRecord];
}

/**
 * For a change retried on conflict: the project and its track read in one round trip, then handed out once — `both()`
 * and `track()` give that first read on the first attempt and read afresh on a retry. A missing track is reported
 * where it was before (404 from the first `track()`/`both()`, after the caller's checks on the project).
 */
export async function projectWithTrack(
  deps: Pick<ProjectDeps, "records">,
  projectId: string,
): Promise<{
  project: ProjectRecord;
  track: () => Promise<ProjectTrackRecord>;
  both: () => Promise<[ProjectRecord, ProjectTrackRecord]>;
  /** The track and the chain's bookkeeping (loadTrackAndChain), for a change that appends an event. */
  withChain: () => Promise<{ track: ProjectTrackRecord; chain: ProjectLifecycleRecord | undefined }>;
}> {
  const [project, first, stored] = await deps.records.getMany([
    recordKey(projectKind, projectId),
    recordKey(trackKind, projectId),
    recordKey(lifecycleKind, projectId),
  ]);
  if (!project) throw projectNotFound(projectId);
  let unused = first as ProjectTrackRecord | undefined;
  const take = () => {
    const track = unused;
    unused = undefined;
    return track;
  };
  return {
    project: project as ProjectRecord,
    track: async () => take() ?? loadTrack(deps, projectId),
    both: async () => {
      const track = take();
      return track ? [project as ProjectRecord, track] : loadProjectAndTrack(deps, projectId);
    },
    withChain: async () => {
      const track = take();
      return track
        ? { track, chain: chainOf(track, stored as ProjectLifecycleRecord | undefined) }
        : loadTrackAndChain(deps, projectId);
    },
  };
}

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

/** The facts the project's record rules read (functions/kernel/record-access.ts): parties and panel experts. */
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
  offset = 0,
): Promise<void> {
  // One round trip for the panel; checked in order, so the first bad expert is the one reported.
  const experts = await expertsById(deps, expertIds);
  for (const [j, id] of expertIds.entries()) {
    const i = j + offset;
    const expert = experts.get(id);
    if (!expert?.active) {
      throw businessRuleError(
        "EXPERT_NOT_IN_POOL",
        `Expert ${id} is not an active member of the expert pool`,
        `专家 ${id} 不在专家库中`,
        [{ path: `${path}.${i}`, message: "not in the expert pool", messageZh: "不在专家库中" }],
      );
    }
    if (isConflicted(expert, projectParties(project))) {
      throw conflictOfInterest(id, [
        { path: `${path}.${i}`, message: "conflict of interest", messageZh: "须回避" },
      ]);
    }
  }
}

/** Experts by id, read together (getMany takes 100 at a time); absent ids are missing from the map. */
async function expertsById(
  deps: Pick<ProjectDeps, "records">,
  ids: readonly string[],
): Promise<Map<string, ExpertRecord>> {
  const unique = [...new Set(ids)];
  const found = new Map<string, ExpertRecord>();
  for (let i = 0; i < unique.length; i += 100) {
    const chunk = unique.slice(i, i + 100);
    const records = await deps.records.getMany(chunk.map((id) => recordKey(expertKind, id)));
    records.forEach((r, j) => {
      if (r) found.set(chunk[j] as string, r as ExpertRecord);
    });
  }
  return found;
}

const projectParties = (project: ProjectRecord) => ({
  enterpriseIds: enterpriseOrgs(project),
  solverOrganisationIds: solverOrgs(project),
});

const conflictOfInterest = (id: string, fields?: Parameters<typeof businessRuleError>[3]) =>
  businessRuleError(
    "EXPERT_CONFLICT_OF_INTEREST",
    `Expert ${id} is from, or declared a conflict with, the project's enterprise or solver`,
    `专家 ${id} 与项目出题企业或揭榜方存在利益关系，须回避`,
    fields,
  );

/**
 * A panel expert's vote (milestone review or acceptance), after the caller checked the panel's state: once only
 * (409 ALREADY_VOTED), and only while still free of conflicts with the project's parties. A conflict declared (回避)
 * after being named is caught here with the rule checked at naming (assertPanelExperts): 422
 * EXPERT_CONFLICT_OF_INTEREST, nothing written; the recusal is recorded by the next vote of another member or the
 * bureau's next naming (reviewPanel), and the bureau may replace the member (replaceRecused). Whether the actor is on the panel at all is record access (403,
 * checked first by the caller with authorizeRecord). The panel's experts are read with the voter's, in one round
 * trip, and returned for the panel's settlement (reviewPanel's `experts`).
 */
export async function assertFreeToVote(
  deps: Pick<ProjectDeps, "records">,
  actor: Actor,
  project: ProjectRecord,
  votes: readonly { readonly expertId: string }[],
  panel: readonly string[] = [],
): Promise<Map<string, ExpertRecord>> {
  if (votes.some((v) => v.expertId === actor.userId))
    throw conflictError("ALREADY_VOTED", "You have already given your verdict", "您已评审");
  const experts = await expertsById(deps, [actor.userId, ...panel]);
  const expert = experts.get(actor.userId);
  if (expert && isConflicted(expert, projectParties(project))) throw conflictOfInterest(actor.userId);
  return experts;
}

// ---- panels: recusal (回避) and quorum, shared by milestone reviews and final acceptance --------------------------
/** A panel: its seats (recused members keep theirs until replaced) and the recusals so far. */
export interface PanelState {
  readonly panel: readonly string[];
  readonly recusals: readonly PanelRecusal[];
}

const recusedSeats = (s: PanelState) =>
  new Set(s.recusals.filter((r) => s.panel.includes(r.expertId)).map((r) => r.expertId));

/** Why an expert is conflicted with the project's parties now, or undefined. */
function conflictOf(
  expert: ExpertRecord,
  project: ProjectRecord,
): { organisationId: string; reason: string } | undefined {
  const parties = projectParties(project);
  if (!isConflicted(expert, parties)) return undefined;
  const all = [...parties.enterpriseIds, ...parties.solverOrganisationIds];
  const declared = expert.conflicts.find((c) => all.includes(c.organisationId));
  return declared
    ? { organisationId: declared.organisationId, reason: declared.reason }
    : { organisationId: expert.organisationId, reason: "same organisation as a party of the project" };
}

/**
 * The panel looked at again before a vote or a replacement is recorded: every seated member now conflicted is
 * recused (their votes, if any, no longer count), and the review is complete once every seated member voted,
 * provided at least the quorum is seated. `recused` lists the recusals found now (for the audit event).
 */
export async function reviewPanel<V extends { readonly expertId: string }>(
  deps: Pick<ProjectDeps, "records">,
  project: ProjectRecord,
  state: PanelState,
  votes: readonly V[],
  at: string,
  /** The panel's experts when the caller has just read them (assertFreeToVote); else read here. */
  known?: ReadonlyMap<string, ExpertRecord>,
): Promise<{ state: PanelState; recused: PanelRecusal[]; counted: V[]; complete: boolean }> {
  const already = recusedSeats(state);
  const recused: PanelRecusal[] = [];
  const unread = state.panel.filter((e) => !already.has(e) && !known?.has(e));
  const experts = new Map([...(known ?? []), ...(unread.length > 0 ? await expertsById(deps, unread) : [])]);
  for (const expertId of state.panel) {
    if (already.has(expertId)) continue;
    const expert = experts.get(expertId);
    const conflict = expert && conflictOf(expert, project);
    if (conflict) recused.push({ expertId, at, ...conflict });
  }
  const next = { panel: state.panel, recusals: [...state.recusals, ...recused] };
  const out = recusedSeats(next);
  const seated = next.panel.filter((e) => !out.has(e));
  const counted = votes.filter((v) => seated.includes(v.expertId));
  const complete =
    seated.length >= panelQuorum(next.panel.length) &&
    seated.every((e) => counted.some((v) => v.expertId === e));
  return { state: next, recused, counted, complete };
}

/**
 * The bureau names experts once the review started: the panel is looked at again (reviewPanel: conflicted members
 * recused), then only recused members' seats may change. `requested` is the panel wanted: every seated (not
 * recused) member, plus at most one new expert per recused seat, which each take a recused member's seat in order;
 * else, or when nothing would change, 409 REVIEW_STARTED. The new experts pass the naming rule (assertPanelExperts,
 * 422 with the field).
 */
export async function replaceRecused(
  deps: Pick<ProjectDeps, "records">,
  project: ProjectRecord,
  panel: PanelState,
  votes: readonly { readonly expertId: string }[],
  requested: readonly string[],
  path: string,
  at: string,
): Promise<{
  state: PanelState;
  recused: PanelRecusal[];
  replaced: { expertId: string; replacedBy: string }[];
}> {
  const { state, recused: found } = await reviewPanel(deps, project, panel, votes, at);
  const recused = recusedSeats(state);
  const missing = state.panel.filter((e) => !recused.has(e) && !requested.includes(e));
  const added = [...new Set(requested)].filter((e) => !state.panel.includes(e));
  const open = state.panel.filter((e) => recused.has(e) && !requested.includes(e));
  if (missing.length > 0 || added.length > open.length || (added.length === 0 && found.length === 0)) {
    throw conflictError(
      "REVIEW_STARTED",
      "The review has started: only recused (回避) members may be replaced, one for one",
      "评审已开始，只能一对一替换已回避的专家",
    );
  }
  for (const [i, id] of requested.entries()) {
    if (added.includes(id)) await assertPanelExperts(deps, project, [id], path, i);
  }
  const replaced = added.map((replacedBy, i) => ({ expertId: open[i] as string, replacedBy }));
  const seatOf = new Map(replaced.map((r) => [r.expertId, r.replacedBy]));
  return {
    recused: found,
    replaced,
    state: {
      panel: state.panel.map((e) => seatOf.get(e) ?? e),
      recusals: state.recusals.map((r) => {
        const by = state.panel.includes(r.expertId) ? seatOf.get(r.expertId) : undefined;
        return by ? { ...r, replacedBy: by, replacedAt: at } : r;
      }),
    },
  };
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
/**
 * Writes the project's track, `before` becoming `after`, with its audit event: the one-record change most steps make;
 * `event` is the inbox's write of the change's event (withEvent), in the same transaction.
 */
export const saveTrack = (
  deps: Pick<ProjectDeps, "records">,
  before: ProjectTrackRecord,
  after: ProjectTrackRecord,
  note: AuditNote,
  at: string,
  event: readonly RecordWrite[] = [],
) => deps.records.write([updated(trackKind, before, after, note), ...event], at);

/**
 * Tells the execution in charge: on the chain of executions, hands it the use case's event from the inbox (inbox.ts);
 * on project-phase, completes the callback its execution is parked on, so it looks at the project again.
 */
export async function wake(deps: ProjectDeps, track: ProjectTrackRecord): Promise<void> {
  const chain = await loadChain(deps, track.projectId);
  if (chain) {
    await deliverEvents(deps, track.projectId, chain);
    await wakeAnniversaries(deps, chain, track.updatedAt);
  } else if (track.pendingTask) await deps.workflows.completeTask(track.pendingTask.token, { woken: true });
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
      bump(tranche, at, {
        status: "eligible",
        eligible: { at, by: actor.userId, byName: actorName(actor), ...eligible },
      }),
      audit(actor, "approver", "tranche.eligible", {
        index,
        amountFen: tranche.amountFen,
        ...(eligible.milestone !== undefined ? { milestone: eligible.milestone } : {}),
      }),
    ),
  ];
}
