// Model of the horse race (赛马制) at the key milestone: the record of the enterprise's and the bureau's choices of the
// projects that continue, one per challenge.

import type { RecordKind, VersionedRecord } from "../platform/ports/records.ts";
import { horseRaceTodos } from "./rules/horse-race-todos.ts";

export type HorseRaceParty = "bureau" | "enterprise";

export interface HorseRaceDecision {
  readonly party: HorseRaceParty;
  readonly by: string;
  /** The decider's name (kernel/actor.ts actorName); none on decisions made before names were kept. */
  readonly byName?: string;
  readonly organisationId: string;
  readonly at: string;
  /** The projects that continue, sorted. */
  readonly continuing: readonly string[];
  /** The bureau's settlement of each project that closes: R&D spending verified by the latest special audit. */
  readonly settlements?: readonly { readonly projectId: string; readonly verifiedSpendingFen: number }[];
}

/** One record per challenge run as a horse race (`hrc-<challengeId>`). */
export interface HorseRaceRecord extends VersionedRecord {
  readonly challengeId: string;
  readonly programmeId: string;
  /** Each project's key milestone, from its signed task book (1 unless the book says otherwise). */
  readonly keyMilestones: readonly { readonly projectId: string; readonly keyMilestone: number }[];
  /** The projects in the race when the first decision was made. */
  readonly projectIds: readonly string[];
  /** The challenge's enterprise(s), whose to-do the race's decision is (absent on races recorded before 2026-12). */
  readonly enterpriseOrganisationIds?: readonly string[];
  /** The latest decision of each party (a party may change its mind until both agree). */
  readonly decisions: readonly HorseRaceDecision[];
  readonly status: "deciding" | "decided";
  readonly outcome?: {
    readonly continuing: readonly string[];
    readonly closed: readonly string[];
    readonly decidedAt: string;
  };
  readonly createdAt: string;
  readonly updatedAt: string;
}

export const horseRaceId = (challengeId: string) => `hrc-${challengeId}`;

export const horseRaceKind: RecordKind<HorseRaceRecord> = {
  name: "HORSE_RACE",
  indexKeys: (r) => ({ gsi1pk: `PROGRAMME#${r.programmeId}#HORSE_RACE`, gsi1sk: `${r.createdAt}#${r.id}` }),
  todos: horseRaceTodos,
};
