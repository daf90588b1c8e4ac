// Model of the tranches (一期拨款) a project releases: their records, statuses and listings, read by the payments
// context (re-exported by model.ts).
import { listing, type RecordKind, type VersionedRecord } from "../platform/ports/records.ts";
import type { ReleaseCondition } from "../programmes/rules/policy.ts";

// ---- tranches (一期拨款), read by payments/ -----------------------------------------------------------------------
/**
 * planned → eligible (its condition met: on signing, after a milestone's payment opinion was confirmed by the
 * approver, or on an anniversary) → paid by finance (payments/) — or cancelled on termination.
 * The payments context lists them by gsi1 `PROJECT#<projectId>#TRANCHE` or reads `trn-<projectId>-<index>`, and pays
 * only `eligible` ones.
 */
export const trancheRecordStatuses = ["planned", "eligible", "reserved", "paid", "cancelled"] as const;
export type TrancheRecordStatus = (typeof trancheRecordStatuses)[number];

export interface TrancheRecord extends VersionedRecord {
  readonly projectId: string;
  readonly programmeId: string;
  readonly index: number;
  readonly condition: ReleaseCondition;
  readonly conditionToken: string;
  readonly amountFen: number;
  /** The enterprise receives the money (资金直拨企业). */
  readonly payeeOrganisationId: string;
  readonly status: TrancheRecordStatus;
  /** Why it became eligible: the milestone and payment opinion, or the anniversary date. */
  readonly eligible?: {
    readonly at: string;
    /** The user who made it eligible, or `workflow` (an anniversary, a workflow's step). */
    readonly by: string;
    /** Their name (kernel/actor.ts actorName); none for the workflow and on tranches made eligible before names were kept. */
    readonly byName?: string;
    readonly milestone?: number;
    readonly reason: string;
  };
  /**
   * Payment side (payments/common.ts): `reserved` while a payment attempt is under way (eligible →
   * reserved → paid, or back to eligible on rejection); the attempt count, the payment in charge, the last rejection.
   */
  readonly payment?: {
    readonly attempts: number;
    readonly paymentId: string;
    readonly paidAt?: string;
    readonly treasuryReference?: string;
    readonly lastRejection?: { readonly by: string; readonly at: string; readonly reason: string };
  };
  readonly createdAt: string;
  readonly updatedAt: string;
}

export const trancheId = (projectId: string, index: number) => `trn-${projectId}-${index}`;

export const trancheKind: RecordKind<TrancheRecord> = {
  name: "TRANCHE",
  indexKeys: (t) => ({
    gsi1pk: tranchesOfProject(t.projectId).partition,
    gsi1sk: String(t.index).padStart(3, "0"),
    gsi2pk: tranchesWithStatus(t.status).partition,
    gsi2sk: `${t.updatedAt}#${t.id}`,
  }),
};

/** A project's tranches, in order. */
export const tranchesOfProject = (projectId: string) =>
  listing<TrancheRecord>("gsi1", `PROJECT#${projectId}#TRANCHE`);

/** Tranches in one status (the payment queue reads the eligible ones). */
export const tranchesWithStatus = (status: TrancheRecordStatus) =>
  listing<TrancheRecord>("gsi2", `TRANCHE#${status}`);
