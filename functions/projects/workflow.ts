// Use cases behind the Task states of workflows/project-phase.asl.json (实施): the step (timers:
// reminders, escalations, rectification deadlines, anniversaries), token parking, evidence validation and the phase
// hand-over to the next execution.
import { addDays, addMonths, shanghaiInstant } from "../kernel/dates.ts";
import { conflictError } from "../kernel/errors.ts";
import { nowIso } from "../platform/ports/clock.ts";
import { bump, retryOnConflict } from "../platform/ports/record-helpers.ts";
import { created, type RecordWrite, updated, workflowAudit } from "../platform/ports/records.ts";
import { auditReportsThenTrack } from "./audit-reports.ts";
import {
  dayMs,
  loadTrack,
  type ProjectDeps,
  phaseMaxDays,
  reminderDaysBefore,
  saveTrack,
  startPhase,
} from "./common.ts";
import { sealEvidence } from "./evidence.ts";
import { extendedMonths } from "./extensions.ts";
import { loadChain } from "./inbox.ts";
import {
  type EvidenceFile,
  lifecycleKind,
  type MilestoneProgress,
  type MilestoneReport,
  type ProjectTrackRecord,
  phaseExecutionName,
  phaseId,
  phaseKind,
  requiredEvidenceKinds,
  trackKind,
  trancheId,
  trancheKind,
} from "./model.ts";

// ---- workflow tasks (workflows/project-phase.asl.json) -------------------------------------------------------
/** End of a Shanghai date (the next day's 00:00 +08:00), epoch ms. */
const endOfDay = (date: string) => shanghaiInstant(addDays(date, 1));
const reminderAt = (due: string) => shanghaiInstant(addDays(due, -reminderDaysBefore), 9);
const noReportYet = (m: MilestoneProgress) => m.status === "pending" || m.status === "returned";

/**
 * The track each step last saw, per project, in this process (bounded): the park that follows a step (same function,
 * often the same warm instance) starts from it when its version is the one the step reported, instead of reading
 * it again. Only a first attempt: the park's write is guarded by that version, so a track changed meanwhile makes it
 * conflict, read afresh and decide as before. Records are never mutated in place (bump copies).
 */
const seenTracksByStore = new WeakMap<object, Map<string, ProjectTrackRecord>>();
const seenTracksMax = 1000;
function seenTracks(deps: Pick<ProjectDeps, "records">): Map<string, ProjectTrackRecord> {
  const seen = seenTracksByStore.get(deps.records) ?? new Map<string, ProjectTrackRecord>();
  seenTracksByStore.set(deps.records, seen);
  return seen;
}
function rememberTrack(deps: Pick<ProjectDeps, "records">, track: ProjectTrackRecord): void {
  const seen = seenTracks(deps);
  seen.delete(track.projectId);
  seen.set(track.projectId, track);
  if (seen.size > seenTracksMax) seen.delete(seen.keys().next().value as string);
}
function seenTrack(deps: Pick<ProjectDeps, "records">, projectId: string, version: number) {
  const seen = seenTracks(deps);
  const track = seen.get(projectId);
  seen.delete(projectId);
  return track?.version === version ? track : undefined;
}

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
  // The track as the audit reports left it serves the first attempt; a retry after a conflict reads it afresh.
  let unused = (await auditReportsThenTrack(deps, input.projectId)).track;
  return retryOnConflict(async () => {
    const track = unused ?? (await loadTrack(deps, input.projectId));
    unused = undefined;
    rememberTrack(deps, track);
    // A stale or duplicate execution: the project has moved to another phase, or onto the chain of executions.
    if (track.phase !== input.phase || track.status === "closed" || (await loadChain(deps, input.projectId)))
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
      rememberTrack(deps, after);
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
  let unused = seenTrack(deps, input.projectId, input.seenVersion);
  // The token this park replaces, when an execution of an earlier phase left it (a hand-over from elsewhere whose
  // own wake came too late): woken below, it sees the new phase and ends instead of sleeping to its timeout.
  let replaced: string | undefined;
  const parked = await retryOnConflict(async () => {
    const track = unused ?? (await loadTrack(deps, input.projectId));
    unused = undefined;
    if (track.pendingTask?.token === input.token) return true;
    if (track.version !== input.seenVersion || track.phase !== input.phase) return false;
    const previous = track.pendingTask;
    replaced = previous && (previous.phase ?? 0) < input.phase ? previous.token : undefined;
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
  else if (replaced) await deps.workflows.completeTask(replaced, { woken: true });
  return { parked };
}

/**
 * The validation task: every required document is there and matches its declared size and SHA-256. Each file is
 * first sealed (a write-once server-side copy to `sealed/…`) and the sealed copy is what is hashed and recorded.
 */
export async function validateTask(
  deps: ProjectDeps,
  input: { projectId: string },
): Promise<{ validated: number }> {
  const track = await loadTrack(deps, input.projectId);
  const results = new Map<
    number,
    { issues: { path: string; message: string; messageZh: string }[]; verified: Map<string, string> }
  >();
  for (const m of track.milestones.filter((x) => x.status === "validating")) {
    const report = m.reports.at(-1) as MilestoneReport;
    const files = report.fileIds.map((id) => m.files.find((f) => f.fileId === id) as EvidenceFile);
    const issues: { path: string; message: string; messageZh: string }[] = [];
    const verified = new Map<string, string>();
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
      // Seal, then verify the sealed copy (project-evidence.ts): the presigned URL may still overwrite the upload's
      // staging key but never the sealed one, so what is verified here is what is served and audited from now on.
      const outcome = await sealEvidence(deps, input.projectId, m.index, f);
      if (outcome.ok) verified.set(f.fileId, outcome.sealedKey);
      else if (outcome.problem === "missing")
        issues.push({
          path: `fileIds.${i}`,
          message: `${f.fileName} was not uploaded`,
          messageZh: `${f.fileName} 尚未上传`,
        });
      else
        issues.push({
          path: `fileIds.${i}`,
          message: `${f.fileName} does not match its declared size and SHA-256`,
          messageZh: `${f.fileName} 的大小或 SHA-256 与申报不符`,
        });
    }
    results.set(m.index, { issues, verified });
  }
  // The first attempt records the results on the track read above (the write is guarded by its version); a retry
  // after a conflict reads it afresh.
  let unused: ProjectTrackRecord | undefined = track;
  await retryOnConflict(async () => {
    const current = unused ?? (await loadTrack(deps, input.projectId));
    unused = undefined;
    const at = nowIso(deps);
    const milestones = current.milestones.map((m): MilestoneProgress => {
      const r = results.get(m.index);
      if (!r || m.status !== "validating") return m;
      const report = m.reports.at(-1) as MilestoneReport;
      const ok = r.issues.length === 0;
      return {
        ...m,
        status: ok ? "under-review" : "returned",
        files: m.files.map((f) => {
          const sealedKey = r.verified.get(f.fileId);
          return sealedKey && !f.sealedKey ? { ...f, verifiedAt: f.verifiedAt ?? at, sealedKey } : f;
        }),
        reports: [...m.reports.slice(0, -1), { ...report, validation: { at, ok, issues: r.issues } }],
      };
    });
    const after = bump(current, at, { milestones });
    await saveTrack(
      deps,
      current,
      after,
      workflowAudit("milestone.validated", {
        results: [...results].map(([k, v]) => ({ milestone: k, issues: v.issues.length })),
      }),
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
    // Moved onto the chain of executions (the migration): no next phase; this execution ends at its next look.
    if (track.phase !== input.phase || (await loadChain(deps, input.projectId))) return track.phase;
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
      // Not put on the chain meanwhile (the migration creates its bookkeeping record and no longer writes the track).
      [
        {
          op: "record-absent",
          kind: lifecycleKind as never,
          id: input.projectId,
          failure: () =>
            conflictError("VERSION_CONFLICT", "Moved onto the chain meanwhile", "项目已迁移至新流程"),
        },
      ],
    );
    return next;
  });
  deps.faults?.crashPoint("project.handover.after-write");
  if (phase === next) await startPhase(deps, input.projectId, next);
  // An execution of an earlier phase still parked (a hand-over from elsewhere, or retried after a crash) wakes,
  // sees the new phase and ends. A token of the running phase is left alone.
  const parked = (await loadTrack(deps, input.projectId)).pendingTask;
  if (parked && (parked.phase ?? 0) < phase) await deps.workflows.completeTask(parked.token, { woken: true });
  return { phase, executionName: phaseExecutionName(input.projectId, phase) };
}
