// Use case (projects): the names a list shows next to project ids — a project is known by its challenge's title (揭榜
// 项目名称 = 榜单名称), its parties by their registered names (机构名录), else the names the award recorded — read for a
// whole page at once: one batch read of the projects, one of their challenges and their parties' registrations.
import { challengeKind } from "../challenges/model.ts";
import { type OrganisationRecord, organisationKind } from "../organisations/model.ts";
import { recordsById } from "../platform/ports/record-helpers.ts";
import type { RecordStore, VersionedRecord } from "../platform/ports/records.ts";
import { recordKey } from "../platform/ports/records.ts";
import { type ProgrammeRecord, programmeKind } from "../programmes/model.ts";
import { type ExpertRecord, expertKind } from "../review/model.ts";
import { type ProjectRecord, type ProjectTrackRecord, projectKind } from "./model.ts";

export interface ProjectNames {
  /** The challenge's title, when the challenge is there. */
  readonly title?: string;
  /**
   * The names of the project's organisations (enterprise, lead solver, consortium members), by organisation id: the
   * registered name where registered (`registry` reads), else the name the award recorded.
   */
  readonly organisationNames: ReadonlyMap<string, string>;
}

const partiesOf = (project: ProjectRecord) => [
  project.enterprise,
  project.solverLead,
  ...(project.solverMembers ?? []),
];

/**
 * Each known project's names, by project id; ids without a project are left out. With `registry` (the default) the
 * parties' registrations are read in the same batch as the challenges: two batch reads per page in all.
 */
export async function projectNames(
  records: Pick<RecordStore, "getMany">,
  projectIds: Iterable<string | undefined>,
  registry = true,
): Promise<Map<string, ProjectNames>> {
  return namesOfProjects(
    records,
    [...(await recordsById(records, projectKind, projectIds)).values()],
    registry,
  );
}

/**
 * The names of projects already read (a list route's page), by project id: the challenges' titles for those awarded
 * before titles were stored, and with `registry` the parties' registrations — one batch read per 100 keys.
 */
export async function namesOfProjects(
  records: Pick<RecordStore, "getMany">,
  read: readonly ProjectRecord[],
  registry = true,
): Promise<Map<string, ProjectNames>> {
  const projects = new Map(read.map((p) => [p.id, p]));
  if (projects.size === 0) return new Map();
  const challengeIds = [
    ...new Set([...projects.values()].filter((p) => p.title === undefined).map((p) => p.challengeId)),
  ];
  const organisationIds = registry
    ? [...new Set([...projects.values()].flatMap((p) => partiesOf(p).map((o) => o.organisationId)))]
    : [];
  const keys = [
    ...challengeIds.map((id) => recordKey(challengeKind, id)),
    ...organisationIds.map((id) => recordKey(organisationKind, id)),
  ];
  const found: (VersionedRecord | undefined)[] = [];
  for (let i = 0; i < keys.length; i += 100) found.push(...(await records.getMany(keys.slice(i, i + 100))));
  const titles = new Map<string, string>();
  challengeIds.forEach((id, i) => {
    const title = (found[i] as { title?: string } | undefined)?.title;
    if (title !== undefined) titles.set(id, title);
  });
  const registered = new Map<string, string>();
  organisationIds.forEach((id, i) => {
    const o = found[challengeIds.length + i] as OrganisationRecord | undefined;
    if (o) registered.set(id, o.registeredName);
  });
  const names = new Map<string, ProjectNames>();
  for (const [id, project] of projects) {
    const title = project.title ?? titles.get(project.challengeId);
    names.set(id, {
      ...(title !== undefined ? { title } : {}),
      organisationNames: new Map(
        partiesOf(project).map((o) => [o.organisationId, registered.get(o.organisationId) ?? o.name]),
      ),
    });
  }
  return names;
}

/** Each known project's title (its challenge's), by project id. */
export async function projectTitles(
  records: Pick<RecordStore, "getMany">,
  projectIds: Iterable<string | undefined>,
): Promise<Map<string, string>> {
  const names = await projectNames(records, projectIds, false);
  return new Map([...names].flatMap(([id, n]) => (n.title !== undefined ? [[id, n.title] as const] : [])));
}

/**
 * The names a project's page shows, in one batch read: its title (stored at award; for a record written before, its
 * challenge's), its programme's and its policy's Chinese names, and its parties by their registered names (机构名录)
 * where registered. An id stands in only for a missing record.
 */
export async function projectPageNames(
  records: Pick<RecordStore, "getMany">,
  project: ProjectRecord,
): Promise<{ title: string; programme: string; policy: string; organisations: ReadonlyMap<string, string> }> {
  const parties = [
    ...new Set(
      [project.enterprise, project.solverLead, ...project.solverMembers].map((o) => o.organisationId),
    ),
  ];
  const [programme, ...rest] = await records.getMany([
    recordKey(programmeKind, project.programmeId),
    ...parties.map((id) => recordKey(organisationKind, id)),
    ...(project.title === undefined ? [recordKey(challengeKind, project.challengeId)] : []),
  ]);
  const p = programme as ProgrammeRecord | undefined;
  const challenge = project.title === undefined ? (rest.at(-1) as { title?: string } | undefined) : undefined;
  const organisations = new Map<string, string>();
  parties.forEach((id, i) => {
    const registered = rest[i] as OrganisationRecord | undefined;
    if (registered) organisations.set(id, registered.registeredName);
  });
  return {
    title: project.title ?? challenge?.title ?? project.id,
    programme: p?.nameZh ?? project.programmeId,
    policy: p?.policy.nameZh ?? p?.policyId ?? "",
    organisations,
  };
}

/** The project with its parties named by the registry where registered (else by the names the award recorded). */
export function withRegisteredNames(
  project: ProjectRecord,
  names: ReadonlyMap<string, string>,
): ProjectRecord {
  const named = (o: { organisationId: string; name: string }) => ({
    ...o,
    name: names.get(o.organisationId) ?? o.name,
  });
  return {
    ...project,
    enterprise: named(project.enterprise),
    solverLead: named(project.solverLead),
    solverMembers: project.solverMembers.map(named),
  };
}

/**
 * The experts a project's track names — its milestones' panels and votes, the acceptance plan and its votes — by their
 * names in the pool
 * (专家库), by expert id; an id not in the pool is left out. One batch read per 100 experts.
 */
export async function trackExpertNames(
  records: Pick<RecordStore, "getMany">,
  track: ProjectTrackRecord | undefined,
): Promise<Record<string, string>> {
  return expertNames(records, [
    ...(track?.milestones ?? []).flatMap((m) => [
      ...m.panel,
      ...(m.recusals ?? []).flatMap((r) => (r.replacedBy ? [r.replacedBy] : [])),
      ...m.reports.flatMap((r) => r.votes.map((v) => v.expertId)),
    ]),
    ...(track?.acceptance?.plan?.expertIds ?? []),
    ...(track?.acceptance?.votes ?? []).map((v) => v.expertId),
  ]);
}

/** Experts by their names in the pool (专家库), by expert id; an id not in the pool is left out. */
export async function expertNames(
  records: Pick<RecordStore, "getMany">,
  expertIds: Iterable<string>,
): Promise<Record<string, string>> {
  const ids = [...new Set(expertIds)];
  const names: Record<string, string> = {};
  for (let i = 0; i < ids.length; i += 100) {
    const chunk = ids.slice(i, i + 100);
    const found = await records.getMany(chunk.map((id) => recordKey(expertKind, id)));
    found.forEach((r, j) => {
      const expert = r as ExpertRecord | undefined;
      if (expert) names[chunk[j] as string] = expert.name;
    });
  }
  return names;
}
