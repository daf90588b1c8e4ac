// Use case (projects): the names a list shows next to project ids — a project is known by its challenge's title (揭榜
// 项目名称 = 榜单名称) — read for a whole page at once: one batch read of the projects, one of their challenges.
import { challengeKind } from "../challenges/model.ts";
import { recordsById } from "../platform/ports/record-helpers.ts";
import type { RecordStore } from "../platform/ports/records.ts";
import { projectKind } from "./model.ts";

/** Each known project's title (its challenge's), by project id; ids without a project are left out. */
export async function projectTitles(
  records: Pick<RecordStore, "getMany">,
  projectIds: Iterable<string | undefined>,
): Promise<Map<string, string>> {
  const projects = await recordsById(records, projectKind, projectIds);
  if (projects.size === 0) return new Map();
  const challenges = await recordsById(
    records,
    challengeKind,
    [...projects.values()].map((p) => p.challengeId),
  );
  const titles = new Map<string, string>();
  for (const [id, project] of projects) {
    const title = challenges.get(project.challengeId)?.title;
    if (title !== undefined) titles.set(id, title);
  }
  return titles;
}
