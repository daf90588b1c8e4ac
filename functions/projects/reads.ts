// Reads of a project (parties and staff): the project with its track and tranches, and a download link for an
// evidence file. The HTTP frame withholds the parked callbacks' task tokens (platform/http/task-tokens.ts).
import type { Actor } from "../kernel/actor.ts";
import { notFoundError } from "../kernel/errors.ts";
import { listAll } from "../platform/ports/record-helpers.ts";
import { recordKey } from "../platform/ports/records.ts";
import {
  assertReader,
  loadProject,
  loadTrack,
  milestoneOf,
  type ProjectDeps,
  uploadUrlSeconds,
} from "./common.ts";
import {
  type ProjectRecord,
  type ProjectTrackRecord,
  projectKind,
  storedEvidenceKey,
  trackKind,
  tranchesOfProject,
} from "./model.ts";

export async function readProject(deps: ProjectDeps, actor: Actor, projectId: string) {
  // The project and its track in one round trip; a project not found is a 404 as ever.
  const [found, track] = (await deps.records.getMany([
    recordKey(projectKind, projectId),
    recordKey(trackKind, projectId),
  ])) as [ProjectRecord | undefined, ProjectTrackRecord | undefined];
  const project = found ?? (await loadProject(deps, projectId));
  assertReader(actor, project, track);
  const tranches = await listAll(deps.records, tranchesOfProject(projectId));
  const { pendingTask: _hidden, ...visible } = track ?? ({} as Partial<ProjectTrackRecord>);
  return { project, ...(track ? { track: visible } : {}), tranches };
}

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
