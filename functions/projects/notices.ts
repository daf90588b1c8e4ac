// Use-case support (projects): the notices of a wait's reminder (签署、验收、评审…催办), written as a small record of
// their own (PROJECT_NOTICE) rather than appended to the track, and the project's notices as its page shows them.
import { randomUUID } from "node:crypto";
import { listAll } from "../platform/ports/record-helpers.ts";
import { type AuditNote, created, type RecordStore } from "../platform/ports/records.ts";
import {
  noticeKind,
  noticesOfProject,
  type ProjectNoticeRecord,
  type ProjectTrackRecord,
  type TrackNotice,
} from "./model.ts";

/**
 * Records a reminder's notices with its audit event (the action the track's write had). A reminder changes nothing
 * else, so it no longer rewrites the whole track (8–10 KB late in a project's life) for one entry: its record is a
 * few hundred bytes, created once. Not guarded by the track's version: a party acting as the reminder is written gets
 * a notice it no longer needed, as a reminder crossing a reply would (the timers decide nothing from notices).
 */
export async function recordNotices(
  deps: { readonly records: RecordStore },
  projectId: string,
  notices: readonly TrackNotice[],
  note: AuditNote,
  at: string,
): Promise<void> {
  const record: ProjectNoticeRecord = {
    // Several tasks of one project may run at the same instant (a clock advance): the suffix keeps the ids apart.
    id: `${projectId}#${at}#${randomUUID().slice(0, 8)}`,
    version: 1,
    projectId,
    notices,
    createdAt: at,
    updatedAt: at,
  };
  await deps.records.write([created(noticeKind, record, note)], at);
}

/**
 * The project's notices, oldest first, as the track showed them before reminders had records of their own: the
 * track's (older tracks hold every notice there) and the reminders' records, merged by time (stable: the track's
 * first at the same instant).
 */
export async function projectNotices(
  records: RecordStore,
  track: Pick<ProjectTrackRecord, "projectId" | "notices">,
): Promise<TrackNotice[]> {
  const sent = await listAll(records, noticesOfProject(track.projectId));
  return [...track.notices, ...sent.flatMap((r) => r.notices)].sort((a, b) =>
    a.at < b.at ? -1 : a.at > b.at ? 1 : 0,
  );
}
