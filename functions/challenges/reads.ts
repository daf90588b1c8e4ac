// Use cases of reading challenges (榜单): staff and the posting enterprise read and list them; the public reads
// published ones only (张榜公布).

import type { Actor } from "../kernel/actor.ts";
import { notFoundError } from "../kernel/errors.ts";
import { authorizeRecord, mayAccessRecord } from "../kernel/record-access.ts";
import type { Page } from "../platform/ports/records.ts";
import { type ChallengeDeps, load } from "./common.ts";
import {
  type ChallengeRecord,
  type ChallengeRecordStatus,
  challengesOfProgramme,
  publishedChallenges,
} from "./model.ts";

// ---- reads ----------------------------------------------------------------------------------------------------

export async function readChallenge(deps: ChallengeDeps, actor: Actor, challengeId: string) {
  const c = await load(deps, challengeId);
  authorizeRecord(actor, "challenge", "read", { enterpriseOrganisationIds: c.enterpriseOrganisationIds });
  return c;
}

/** A programme's challenges: all of them for staff, the enterprise's own for an enterprise. */
export async function listChallenges(
  deps: ChallengeDeps,
  actor: Actor,
  filter: { programmeId: string; status?: ChallengeRecordStatus; limit: number; cursor?: string },
): Promise<Page<ChallengeRecord>> {
  const page = await deps.records.list(challengesOfProgramme(filter.programmeId), {
    limit: filter.limit,
    ...(filter.cursor ? { cursor: filter.cursor } : {}),
    newestFirst: true,
  });
  return {
    ...page,
    items: page.items.filter(
      (c) =>
        mayAccessRecord(actor, "challenge", "read", {
          enterpriseOrganisationIds: c.enterpriseOrganisationIds,
        }) &&
        (!filter.status || c.status === filter.status),
    ),
  };
}

/** Published rounds only (scheduled onwards, never withdrawn), newest publication first. */
export async function listPublicChallenges(
  deps: Pick<ChallengeDeps, "records">,
  filter: { programmeId?: string; limit: number; cursor?: string },
): Promise<Page<ChallengeRecord>> {
  const page = await deps.records.list(publishedChallenges(), {
    limit: filter.limit,
    ...(filter.cursor ? { cursor: filter.cursor } : {}),
    newestFirst: true,
  });
  return {
    ...page,
    items: page.items.filter(
      (c) => isPublished(c) && (!filter.programmeId || c.programmeId === filter.programmeId),
    ),
  };
}

export function isPublished(c: ChallengeRecord): boolean {
  return c.publishedAt !== undefined && c.status !== "withdrawn" && !unpublishedStatuses.includes(c.status);
}

const unpublishedStatuses: readonly ChallengeRecordStatus[] = [
  "draft",
  "awaiting-bureau",
  "awaiting-approver",
];

/** A published challenge for anyone; a draft or unknown one is simply not found (nothing leaks). */
export async function readPublicChallenge(
  deps: Pick<ChallengeDeps, "records">,
  challengeId: string,
): Promise<ChallengeRecord> {
  const c = await load(deps, challengeId).catch(() => undefined);
  if (!c || !isPublished(c)) {
    throw notFoundError(
      "CHALLENGE_NOT_FOUND",
      `No published challenge ${challengeId}`,
      `没有已发布的榜单 ${challengeId}`,
    );
  }
  return c;
}
