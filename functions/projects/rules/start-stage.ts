// Pure rules of the project-start workflow (任务书签订 → 首笔拨付): the stage its execution enters.
import type { ProjectTrackRecord } from "../model.ts";

/** Where a project stands before its first milestone: the stage LocateStart answers and ResumeStage enters. */
export type StartStage = "signatures" | "signed" | "ended";

/** The stage from the records: drafting waits for the signatures; closed has ended; anything else is signed. */
export function startStage(track: Pick<ProjectTrackRecord, "status">): StartStage {
  if (track.status === "drafting") return "signatures";
  return track.status === "closed" ? "ended" : "signed";
}
