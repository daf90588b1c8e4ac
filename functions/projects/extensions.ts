// Use cases of a project's extension (延期, force majeure): a signatory requests it, the bureau decides; the months
// granted so far.

import type { Actor } from "../kernel/actor.ts";
import { addMonths } from "../kernel/dates.ts";
import { conflictError, validationError } from "../kernel/errors.ts";
import { nowIso } from "../platform/ports/clock.ts";
import { bump, retryOnConflict } from "../platform/ports/record-helpers.ts";
import { updated } from "../platform/ports/records.ts";
import {
  audit,
  loadProject,
  loadTrack,
  loadTrackAndChain,
  type ProjectDeps,
  partyOf,
  saveTrack,
  stateConflict,
  wake,
} from "./common.ts";
import { withEvent } from "./inbox.ts";
import {
  type Extension,
  type MilestoneProgress,
  type ProjectTrackRecord,
  projectKind,
  trackKind,
} from "./model.ts";

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
  const party = partyOf(actor, project, "request-extension");
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
    await saveTrack(
      deps,
      track,
      after,
      audit(actor, party, "extension.requested", { seq: extension.seq, months: input.months }),
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
    const { track, chain } = await loadTrackAndChain(deps, projectId);
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
      await saveTrack(
        deps,
        track,
        after,
        audit(actor, "bureau", "extension.rejected", { seq: pending.seq }),
        at,
        withEvent(chain, at, "extension-rejected"),
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
        ...withEvent(chain, at, "extension-approved"),
      ],
      at,
    );
    return after;
  });
  await wake(deps, next);
  return next;
}
