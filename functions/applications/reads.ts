// Use cases of reading applications: one application, a challenge's applications for staff and its enterprise, and an
// organisation's own ("my applications": those it leads and those it is a member of).
import type { Actor } from "../kernel/actor.ts";
import { authorizeRecord } from "../kernel/record-access.ts";
import type { Page } from "../platform/ports/records.ts";
import { type ApplicationDeps, applicationFacts, loadApplication, loadChallenge } from "./common.ts";
import {
  type ApplicationPartyRecord,
  type ApplicationRecord,
  type ApplicationRecordStatus,
  applicationKind,
  applicationsOfChallenge,
  applicationsOfOrganisation,
} from "./model.ts";

// ---- reads ------------------------------------------------------------------------------------------------------
/**
 * Who may read an application: the lead's and members' solvers, the challenge's enterprise, the bureau, admins and
 * auditors. Experts read applications only through their review assignments (专家评审).
 */
export async function readApplication(
  deps: ApplicationDeps,
  actor: Actor,
  applicationId: string,
): Promise<ApplicationRecord> {
  const application = await loadApplication(deps.records, applicationId);
  // The challenge (for its enterprise) is read only when the caller is an enterprise.
  const challenge = actor.roles.includes("enterprise")
    ? await loadChallenge(deps.records, application.challengeId)
    : undefined;
  authorizeRecord(actor, "application", "read", applicationFacts(application, challenge));
  return application;
}

/** Applications to a challenge: the bureau, admins, auditors and the challenge's own enterprise. */
export async function listChallengeApplications(
  deps: ApplicationDeps,
  actor: Actor,
  challengeId: string,
  filter: { status?: ApplicationRecordStatus; limit: number; cursor?: string },
): Promise<Page<ApplicationRecord>> {
  const challenge = await loadChallenge(deps.records, challengeId);
  authorizeRecord(actor, "challenge", "list-applications", {
    enterpriseOrganisationIds: challenge.enterpriseOrganisationIds,
  });
  const page = await deps.records.list(applicationsOfChallenge(challengeId), {
    limit: filter.limit,
    ...(filter.cursor ? { cursor: filter.cursor } : {}),
  });
  return filter.status ? { ...page, items: page.items.filter((a) => a.status === filter.status) } : page;
}

/** The caller's organisation's applications, as lead or consortium member, newest first. */
export async function listMyApplications(
  deps: ApplicationDeps,
  actor: Actor,
  filter: { role?: "lead" | "member"; challengeId?: string; limit: number; cursor?: string },
): Promise<Page<ApplicationRecord & { myRole: "lead" | "member" }>> {
  // One listing per organisation holds the applications it leads and its member party records.
  const page = await deps.records.list(applicationsOfOrganisation(actor.organisationId), {
    limit: filter.limit,
    ...(filter.cursor ? { cursor: filter.cursor } : {}),
  });
  const entries = page.items
    .map((item) =>
      isPartyRecord(item)
        ? { applicationId: item.applicationId, challengeId: item.challengeId, role: item.role }
        : { applicationId: item.id, challengeId: item.challengeId, role: "lead" as const, application: item },
    )
    .filter(
      (e) =>
        (!filter.role || e.role === filter.role) &&
        (!filter.challengeId || e.challengeId === filter.challengeId),
    );
  const members = entries.filter((e) => !("application" in e));
  const read = await deps.records.getMany(
    members.map((e) => ({ kind: applicationKind, id: e.applicationId })),
  );
  const byId = new Map(
    read.filter((a): a is ApplicationRecord => a !== undefined).map((a) => [a.id, a] as const),
  );
  const items: (ApplicationRecord & { myRole: "lead" | "member" })[] = [];
  for (const e of entries) {
    const application = "application" in e ? e.application : byId.get(e.applicationId);
    if (application) items.push({ ...application, myRole: e.role });
  }
  return page.next ? { items, next: page.next } : { items };
}

/** A party record (a consortium member's entry) rather than an application, in the organisation's partition. */
function isPartyRecord(item: ApplicationRecord | ApplicationPartyRecord): item is ApplicationPartyRecord {
  return "applicationId" in item && "organisationId" in item;
}
