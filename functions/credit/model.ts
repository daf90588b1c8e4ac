// Model of credit records (失信行为记录): the record that bars an organisation from applying, its kind and listing.
import { listing, type RecordKind, type VersionedRecord } from "../platform/ports/records.ts";

// ---- credit records (失信行为记录) -----------------------------------------------------------------------------
/** A fraud or misconduct entry that bars an organisation from applying, as lead or member, until blockedUntil. */
export interface CreditRecord extends VersionedRecord {
  readonly organisationId: string;
  /** Its unified social credit code and registered name when it is in the organisation registry (机构名录). */
  readonly uscc?: string;
  readonly registeredName?: string;
  /** First day it applies and the day it stops applying (exclusive), Asia/Shanghai dates. */
  readonly recordedOn: string;
  readonly blockedUntil: string;
  readonly reason: string;
  readonly reasonZh?: string;
  /** Where it came from: a bureau entry, or a project's recovery (失信行为记录, 《太原市实施“双百攻关行动”工作方案》四（七）4). */
  readonly source: "bureau" | "project-recovery";
  readonly projectId?: string;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export const creditRecordKind: RecordKind<CreditRecord> = {
  name: "CREDIT",
  indexKeys: (c) => ({
    gsi1pk: creditRecordsOfOrganisation(c.organisationId).partition,
    gsi1sk: `${c.recordedOn}#${c.id}`,
  }),
};

/** An organisation's credit records (失信行为记录). */
export const creditRecordsOfOrganisation = (organisationId: string) =>
  listing<CreditRecord>("gsi1", `CREDIT#${organisationId}`);
