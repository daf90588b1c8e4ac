// Use case (projects): a project's page — the project, its track (without the workflow's pending task; with the
// chain's bookkeeping and the reminders' notices from their own records), its tranches, and the names the page shows
// (title, programme, policy, the experts its panels and acceptance plan name), read in a fixed number of round trips.
import type { Actor } from "../kernel/actor.ts";
import { listAll } from "../platform/ports/record-helpers.ts";
import { recordKey } from "../platform/ports/records.ts";
import { assertReader, loadProject, type ProjectDeps } from "./common.ts";
import { chainOf } from "./inbox.ts";
import {
  lifecycleKind,
  type ProjectLifecycleRecord,
  type ProjectRecord,
  type ProjectTrackRecord,
  projectKind,
  trackKind,
  tranchesOfProject,
} from "./model.ts";
import { projectPageNames, trackExpertNames, withRegisteredNames } from "./names.ts";
import { projectNotices } from "./notices.ts";

export async function readProject(deps: ProjectDeps, actor: Actor, projectId: string) {
  // The project, its track and the chain's bookkeeping in one round trip; a project not found is a 404 as ever.
  const [found, track, stored] = (await deps.records.getMany([
    recordKey(projectKind, projectId),
    recordKey(trackKind, projectId),
    recordKey(lifecycleKind, projectId),
  ])) as [ProjectRecord | undefined, ProjectTrackRecord | undefined, ProjectLifecycleRecord | undefined];
  const project = found ?? (await loadProject(deps, projectId));
  assertReader(actor, project, track);
  const [tranches, names, experts, notices] = await Promise.all([
    listAll(deps.records, tranchesOfProject(projectId)),
    projectPageNames(deps.records, project),
    trackExpertNames(deps.records, track),
    track ? projectNotices(deps.records, track) : undefined,
  ]);
  const {
    pendingTask: _hidden,
    lifecycle: _old,
    inbox: _copy,
    ...visible
  } = track ?? ({} as Partial<ProjectTrackRecord>);
  // The chain's execution in charge and its inbox, shown with the track (from their own record, inbox.ts chainOf).
  const chain = chainOf(track, stored);
  const { organisations, ...shown } = names;
  return {
    project: { ...withRegisteredNames(project, organisations), title: names.title },
    // The reminders' notices from their own records with the track's (notices.ts), in the order they were sent.
    ...(track
      ? {
          track: {
            ...visible,
            notices: notices ?? visible.notices,
            ...(chain ? { lifecycle: chain.lifecycle, inbox: chain.inbox } : {}),
          },
        }
      : {}),
    tranches,
    names: { ...shown, experts },
  };
}
