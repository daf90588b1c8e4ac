// Read of a project's evidence (parties and staff): a download link for an evidence file. The project's page itself is
// project-view.ts.
import type { Actor } from "../kernel/actor.ts";
import { notFoundError } from "../kernel/errors.ts";
import {
  assertReader,
  loadProject,
  loadTrack,
  milestoneOf,
  type ProjectDeps,
  uploadUrlSeconds,
} from "./common.ts";
import { storedEvidenceKey } from "./model.ts";

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
  // The file is the resource the path names: absent, it is not found (a fileId in a body is a 400 UNKNOWN_FILE).
  if (!file) {
    throw notFoundError(
      "EVIDENCE_FILE_NOT_FOUND",
      `Milestone ${index} has no evidence file ${fileId}`,
      `第${index}个里程碑没有文件 ${fileId}`,
    );
  }
  // The sealed copy once validation sealed it (project-evidence.ts): later PUTs to the upload URL do not reach it.
  return { file, url: await deps.documents.presignDownload(storedEvidenceKey(file), uploadUrlSeconds) };
}
