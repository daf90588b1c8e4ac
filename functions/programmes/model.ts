// Model of programmes (批次): the programme record — its policy, fields (领域), budget and year — and its listing.

import { listing, type RecordKind, type VersionedRecord } from "../platform/ports/records.ts";
import type { FundingPolicy } from "./rules/policy.ts";

// ---- programme (批次) ----------------------------------------------------------------------------------------
export interface ProgrammeRecord extends VersionedRecord {
  readonly name: string;
  readonly nameZh: string;
  readonly year: number;
  /** 领域 of this programme (e.g. 《太原市实施“双百攻关行动”工作方案》三: 7 fields). */
  readonly fields: readonly string[];
  /** Funding policy id (preset or custom) and the policy itself, frozen when the programme was created. */
  readonly policyId: string;
  readonly policy: FundingPolicy;
  readonly budgetFen: number;
  readonly status: "open" | "closed";
  readonly createdBy: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export const programmeKind: RecordKind<ProgrammeRecord> = {
  name: "PROGRAMME",
  // By year, then by creation (the id only breaks a tie): newest first is the newest year's latest programme first.
  // Tables written before this order need `migrate backfill` (functions/operations/adapters/backfill.ts).
  indexKeys: (p) => ({ gsi1pk: allProgrammes().partition, gsi1sk: `${p.year}#${p.createdAt}#${p.id}` }),
};

/** Every programme (批次), by year, then by creation. */
export const allProgrammes = () => listing<ProgrammeRecord>("gsi1", "PROGRAMMES");
