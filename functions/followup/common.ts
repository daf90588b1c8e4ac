// Use-case support of a project's follow-up records: the ports they need, the project with its track and access checks
// by the follow-up record rules (functions/kernel/record-access-followup.ts).
import type { Actor } from "../kernel/actor.ts";
import { shanghaiDate } from "../kernel/dates.ts";
import { conflictError } from "../kernel/errors.ts";
import { authorizeRecord } from "../kernel/record-access.ts";
import type { Clock } from "../platform/ports/clock.ts";
import { nowIso } from "../platform/ports/clock.ts";
import type { RecordStore } from "../platform/ports/records.ts";
import type { ReportStore } from "../platform/ports/report-store.ts";
import { loadProjectAndTrack, projectFacts } from "../projects/common.ts";
import type { ProjectRecord, ProjectTrackRecord } from "../projects/model.ts";

export interface FollowupDeps {
  readonly records: RecordStore;
  readonly clock: Clock;
  /** The audit bucket: the fraud decision's report with its judicial referral (referral-reports.ts). */
  readonly reports?: ReportStore;
}

export type FollowupAction =
  | "read"
  | "referral-read"
  | "decide"
  | "request"
  | "reallocate"
  | "score"
  | "performance-read"
  | "sign-adjustment";

/** The project and its track, after the record rule `action` admitted the actor (403 otherwise, 404 if missing). */
export async function projectFor(
  deps: FollowupDeps,
  actor: Actor,
  projectId: string,
  action: FollowupAction,
): Promise<{ project: ProjectRecord; track: ProjectTrackRecord; at: string; today: string }> {
  const [project, track] = await loadProjectAndTrack(deps, projectId);
  authorizeRecord(actor, "followup", action, projectFacts(project, track));
  const at = nowIso(deps);
  return { project, track, at, today: shanghaiDate(Date.parse(at)) };
}

/** A project that has ended (terminated, closed for fraud, completed) takes no new follow-up step but a referral. */
export function assertRunning(track: ProjectTrackRecord, what: string, whatZh: string): void {
  if (track.status === "closed" || track.termination) {
    throw conflictError(
      "PROJECT_CLOSED",
      `The project has ended: cannot ${what}`,
      `项目已结束，不能${whatZh}`,
    );
  }
}
