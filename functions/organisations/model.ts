// Model of the organisation registry (机构名录): each organisation the platform deals with — enterprises, universities,
// institutes, the bureau itself — by its identity-provider id, with its registered name and unified social credit code
// (统一社会信用代码), which one organisation holds at a time (a code marker guards it).
import { listing, type RecordKind, type VersionedRecord } from "../platform/ports/records.ts";

export const organisationTypes = [
  "enterprise",
  "university",
  "institute",
  "hospital",
  "government",
  "social-organisation",
  "other",
] as const;
export type OrganisationType = (typeof organisationTypes)[number];

/** Chinese names of the types, for the registry's pages and errors. */
export const organisationTypeNames: Readonly<Record<OrganisationType, string>> = {
  enterprise: "企业",
  university: "高等院校",
  institute: "科研院所",
  hospital: "医疗卫生机构",
  government: "机关事业单位",
  "social-organisation": "社会组织",
  other: "其他",
};

export interface OrganisationRecord extends VersionedRecord {
  /** The organisation id tokens carry (custom:org, or the city issuer's organisation claim). */
  readonly id: string;
  /** 登记名称: the name on its business licence or registration certificate. */
  readonly registeredName: string;
  /** 统一社会信用代码, normalised (rules/uscc.ts), unique across the registry. */
  readonly uscc: string;
  readonly type: OrganisationType;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export const organisationKind: RecordKind<OrganisationRecord> = {
  name: "ORGANISATION",
  indexKeys: (o) => ({ gsi1pk: allOrganisations().partition, gsi1sk: `${o.createdAt}#${o.id}` }),
};

/** Every registered organisation, newest registration first. */
export const allOrganisations = () => listing<OrganisationRecord>("gsi1", "ORGANISATIONS");

/** The marker that says which organisation holds a code (written with the registration, in its transaction). */
export const usccHolderKey = (uscc: string) => `ORGANISATION_CODE#${uscc}`;
