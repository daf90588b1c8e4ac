// Model (projects): the notices of a wait's reminder as a record of their own (PROJECT_NOTICE; notices.ts writes and
// reads them), re-exported by model.ts.
import { listing, type RecordKind, type VersionedRecord } from "../platform/ports/records.ts";
import type { TrackNotice } from "./model.ts";

/**
 * The notices of one reminder that changed nothing else (a wait's reminder: 签署、验收、评审…催办), a small create-only
 * record beside the track (id `<projectId>#<at>#<suffix>`) instead of an entry rewriting the whole track
 * (docs/project-lifecycle.md, "Write units"); audited with the reminder's action, as the track's write was.
 */
export interface ProjectNoticeRecord extends VersionedRecord {
  readonly projectId: string;
  readonly notices: readonly TrackNotice[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

export const noticeKind: RecordKind<ProjectNoticeRecord> = {
  name: "PROJECT_NOTICE",
  indexKeys: (n) => ({
    gsi1pk: noticesOfProject(n.projectId).partition,
    gsi1sk: `${n.createdAt}#${n.id}`,
  }),
};
/** A project's reminder records, in the order they were sent. */
export const noticesOfProject = (projectId: string) =>
  listing<ProjectNoticeRecord>("gsi1", `PROJECT#${projectId}#NOTICE`);
