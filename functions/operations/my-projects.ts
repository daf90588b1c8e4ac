// Use case (workbench): a solver's projects (揭榜方的项目) — the projects its organisation leads or is a consortium
// member of, newest first, paged by its party records (projects/model.ts projectsOfOrganisation): one Query for the
// page, then one BatchGetItem each for the page's projects, their programmes' names, and (older records) their challenges'
// titles with the parties' registrations: O(page), never the table.
import type { Actor } from "../kernel/actor.ts";
import type { Clock } from "../platform/ports/clock.ts";
import { recordsById } from "../platform/ports/record-helpers.ts";
import type { RecordStore } from "../platform/ports/records.ts";
import { programmeKind } from "../programmes/model.ts";
import { projectKind, projectsOfOrganisation } from "../projects/model.ts";
import { namesOfProjects } from "../projects/names.ts";

export interface MyProjectsDeps {
  readonly records: RecordStore;
  readonly clock: Clock;
}

export interface MyProjectView {
  readonly id: string;
  readonly title: string;
  readonly role: "lead" | "member";
  readonly programmeId: string;
  readonly programmeName?: string;
  readonly programmeNameZh?: string;
  readonly challengeId: string;
  /** The winning application the project was made from (the solver's "my applications" links to its project). */
  readonly applicationId: string;
  readonly enterprise: { readonly organisationId: string; readonly name: string };
  readonly solverLead: { readonly organisationId: string; readonly name: string };
  readonly grantFen: number;
  readonly status: string;
  readonly awardedAt: string;
}

/** The caller's organisation's projects as a solver (lead or member), newest first. */
export async function listMyProjects(
  deps: MyProjectsDeps,
  actor: Actor,
  options: { limit: number; cursor?: string },
): Promise<{ items: MyProjectView[]; next?: string }> {
  const page = await deps.records.list(projectsOfOrganisation(actor.organisationId), {
    limit: options.limit,
    newestFirst: true,
    ...(options.cursor ? { cursor: options.cursor } : {}),
  });
  const projects = await recordsById(
    deps.records,
    projectKind,
    page.items.map((p) => p.projectId),
  );
  const programmes = await recordsById(
    deps.records,
    programmeKind,
    [...projects.values()].map((p) => p.programmeId),
  );
  // Projects awarded before titles were stored: their challenges' titles (only for those); the parties by their
  // registered names (机构名录) where registered — an older record's stored name is often only the id. One batch.
  const names = await namesOfProjects(deps.records, [...projects.values()]);
  const named = (id: string, o: { organisationId: string; name: string }) => ({
    organisationId: o.organisationId,
    name: names.get(id)?.organisationNames.get(o.organisationId) ?? o.name,
  });
  const items = page.items.flatMap((party): MyProjectView[] => {
    const p = projects.get(party.projectId);
    if (!p) return [];
    const programme = programmes.get(p.programmeId);
    return [
      {
        id: p.id,
        title: names.get(p.id)?.title ?? p.challengeId,
        role: party.role,
        programmeId: p.programmeId,
        ...(programme ? { programmeName: programme.name, programmeNameZh: programme.nameZh } : {}),
        challengeId: p.challengeId,
        applicationId: p.applicationId,
        enterprise: named(p.id, p.enterprise),
        solverLead: named(p.id, p.solverLead),
        grantFen: p.grantFen,
        status: p.status,
        awardedAt: p.awardedAt,
      },
    ];
  });
  return { items, ...(page.next ? { next: page.next } : {}) };
}
