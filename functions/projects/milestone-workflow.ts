// Use cases behind the Task states of workflows/project-milestone.asl.json (里程碑节点考核) that look at or move the records:
// where the milestone stands, the report's timers with the reminder and the escalation, evidence validation's answer,
// the return for missing documents, the reminders of each wait, the rectification (整改) deadline and its lapse.
// Not started by the live flow yet (docs/project-lifecycle.md); the park and the hand-overs come with the inbox.
import { nowIso } from "../platform/ports/clock.ts";
import { bump, retryOnConflict } from "../platform/ports/record-helpers.ts";
import { workflowAudit } from "../platform/ports/records.ts";
import { loadTrack, milestoneOf, type ProjectDeps, replaceMilestone, saveTrack } from "./common.ts";
import type { ProjectTrackRecord } from "./model.ts";
import { recordNotices } from "./notices.ts";
import {
  type Horizon,
  type MilestoneStage,
  milestoneStage,
  type ReportStage,
  rectificationLapsed,
  rectificationTimer,
  reminderAt,
  reminderHandsOver,
  reportTimers,
} from "./rules/milestone-timers.ts";
import { validateTask } from "./workflow.ts";

/** What every task of the machine is given: the project, its milestone, and (for timers) the execution's horizon. */
export interface MilestoneTaskInput {
  readonly projectId: string;
  readonly milestone: number;
}
export interface HorizonInput {
  /** $$.Execution.StartTime */
  readonly executionStartedAt: string;
  readonly handOverAfterSeconds: number;
}
const horizonOf = (input: HorizonInput): Horizon => ({
  startedAtMs: Date.parse(input.executionStartedAt),
  handOverAfterSeconds: input.handOverAfterSeconds,
});

/** A notice with its audit event on the track (one transaction guarded by the version), unless `skip` says not. */
async function notify(
  deps: ProjectDeps,
  projectId: string,
  change: (track: ProjectTrackRecord, at: string) => Partial<ProjectTrackRecord> | undefined,
  action: string,
  detail: Record<string, unknown> | ((track: ProjectTrackRecord) => Record<string, unknown>),
): Promise<boolean> {
  return retryOnConflict(async () => {
    const track = await loadTrack(deps, projectId);
    const at = nowIso(deps);
    const changes = change(track, at);
    if (!changes) return false;
    const said = typeof detail === "function" ? detail(track) : detail;
    await saveTrack(deps, track, bump(track, at, changes), workflowAudit(action, said), at);
    return true;
  });
}

/** LocateMilestone: the stage the records say the milestone is at. */
export async function locateMilestoneTask(
  deps: ProjectDeps,
  input: MilestoneTaskInput & { keyMilestone: boolean },
): Promise<{ stage: MilestoneStage }> {
  const track = await loadTrack(deps, input.projectId);
  return { stage: milestoneStage(track, input.milestone, input.keyMilestone) };
}

/** PlanReportTimers: the report's next wait from its due date (moved by extensions) and the terms. */
export async function planReportTimersTask(
  deps: ProjectDeps,
  input: MilestoneTaskInput & HorizonInput & { reminderDaysBefore: number },
): Promise<{ stage: ReportStage; seconds: number }> {
  const track = await loadTrack(deps, input.projectId);
  const m = milestoneOf(track, input.milestone);
  return reportTimers(m, deps.clock.now().getTime(), input.reminderDaysBefore, horizonOf(input));
}

/** RemindEnterprise: the reminder before the due date, once, when it is due (a notice to the enterprise). */
export async function remindReportTask(
  deps: ProjectDeps,
  input: MilestoneTaskInput & { reminderDaysBefore: number },
): Promise<{ reminded: boolean }> {
  const nowMs = deps.clock.now().getTime();
  const reminded = await notify(
    deps,
    input.projectId,
    (track, at) => {
      const m = milestoneOf(track, input.milestone);
      if (m.remindedAt || nowMs < reminderAt(m.dueDate, input.reminderDaysBefore)) return undefined;
      return {
        milestones: replaceMilestone(track, { ...m, remindedAt: at }),
        notices: [...track.notices, { kind: "milestone-reminder", milestone: m.index, at, to: "enterprise" }],
      };
    },
    "milestone.reminded",
    // Its due date (moved by extensions) for the reminder's text and the domain event.
    (track) => ({ milestone: input.milestone, dueDate: milestoneOf(track, input.milestone).dueDate }),
  );
  return { reminded };
}

/** EscalateOverdueReport: the due date passed without a report; the bureau is told, once. */
export async function escalateReportTask(
  deps: ProjectDeps,
  input: MilestoneTaskInput,
): Promise<{ escalated: boolean }> {
  const escalated = await notify(
    deps,
    input.projectId,
    (track, at) => {
      const m = milestoneOf(track, input.milestone);
      const filed = !["pending", "returned"].includes(m.status);
      if (m.escalatedAt || filed) return undefined;
      return {
        milestones: replaceMilestone(track, { ...m, escalatedAt: at }),
        notices: [...track.notices, { kind: "milestone-overdue", milestone: m.index, at, to: "bureau" }],
      };
    },
    "milestone.escalated",
    (track) => ({ milestone: input.milestone, dueDate: milestoneOf(track, input.milestone).dueDate }),
  );
  return { escalated };
}

/** ValidateEvidence: today's validation (seal, hash), answering whether the evidence is complete. */
export async function validateEvidenceTask(
  deps: ProjectDeps,
  input: MilestoneTaskInput,
): Promise<{ complete: boolean }> {
  await validateTask(deps, { projectId: input.projectId });
  const m = milestoneOf(await loadTrack(deps, input.projectId), input.milestone);
  return { complete: m.status === "under-review" };
}

/** ReturnedForMissingDocuments: the enterprise is told its report came back (once per report). */
export async function returnReportTask(
  deps: ProjectDeps,
  input: MilestoneTaskInput,
): Promise<{ returned: boolean }> {
  const returned = await notify(
    deps,
    input.projectId,
    (track, at) => {
      const m = milestoneOf(track, input.milestone);
      const seq = m.reports.at(-1)?.seq;
      const told = track.notices.some(
        (n) => n.kind === `milestone-returned-${seq}` && n.milestone === m.index,
      );
      if (m.status !== "returned" || told) return undefined;
      return {
        notices: [
          ...track.notices,
          { kind: `milestone-returned-${seq}`, milestone: m.index, at, to: "enterprise" },
        ],
      };
    },
    "milestone.returned",
    { milestone: input.milestone },
  );
  return { returned };
}

/** Who a wait's reminder goes to, by stage. */
const remindedParty: Readonly<Record<string, string>> = {
  panel: "bureau",
  review: "expert",
  opinion: "approver",
  termination: "bureau",
  "horse-race": "bureau",
};

/** A wait's reminder (RemindBureauOfPanel, RemindPanel, RemindApprover, …): a notice; hand over near the horizon. */
export async function remindTask(
  deps: ProjectDeps,
  input: MilestoneTaskInput & HorizonInput & { stage: string; waitSeconds: number },
): Promise<{ handOver: boolean }> {
  const to = remindedParty[input.stage] ?? "bureau";
  // The reminder changes nothing else: a record of its own, not an entry rewriting the track (notices.ts).
  const at = nowIso(deps);
  await recordNotices(
    deps,
    input.projectId,
    [{ kind: `${input.stage}-overdue`, milestone: input.milestone, at, to }],
    workflowAudit("milestone.wait-overdue", { milestone: input.milestone, stage: input.stage }),
    at,
  );
  return { handOver: reminderHandsOver(deps.clock.now().getTime(), input.waitSeconds, horizonOf(input)) };
}

/** PlanRectification: the wait until the rectification deadline (set by the verdict, moved by extensions). */
export async function planRectificationTask(
  deps: ProjectDeps,
  input: MilestoneTaskInput & HorizonInput,
): Promise<{ seconds: number; handOver: boolean }> {
  const m = milestoneOf(await loadTrack(deps, input.projectId), input.milestone);
  if (!m.rectifyBy)
    throw new Error(`milestone ${input.milestone} of ${input.projectId} has no rectification`);
  return rectificationTimer(m.rectifyBy, deps.clock.now().getTime(), horizonOf(input));
}

/**
 * RectificationLapsed: when the deadline has passed without a rectified report, the milestone fails and the project
 * is referred to the bureau for termination (四（七）4), once; `lapsed` says whether the deadline has passed.
 */
export async function rectificationLapsedTask(
  deps: ProjectDeps,
  input: MilestoneTaskInput,
): Promise<{ lapsed: boolean }> {
  const nowMs = deps.clock.now().getTime();
  let lapsed = false;
  await notify(
    deps,
    input.projectId,
    (track, at) => {
      const m = milestoneOf(track, input.milestone);
      if (m.status !== "rectifying" || !m.rectifyBy) {
        lapsed = m.status === "failed";
        return undefined;
      }
      lapsed = rectificationLapsed(m.rectifyBy, nowMs);
      if (!lapsed) return undefined;
      return {
        milestones: replaceMilestone(track, { ...m, status: "failed", failedAt: at }),
        status: "termination-referred",
        terminationReferral: {
          milestone: m.index,
          at,
          reason: "rectification deadline passed without a report",
        },
        notices: [...track.notices, { kind: "termination-referral", milestone: m.index, at, to: "bureau" }],
      };
    },
    "milestone.rectification-lapsed",
    { milestone: input.milestone },
  );
  return { lapsed };
}

/** ReferForTermination: the failed review referred the project in its own transaction; this confirms it. */
export async function referForTerminationTask(
  deps: ProjectDeps,
  input: MilestoneTaskInput,
): Promise<{ referred: boolean }> {
  const track = await loadTrack(deps, input.projectId);
  return { referred: track.terminationReferral?.milestone === input.milestone };
}
