// Pure rule of credit records (失信行为记录): which record, if any, bars an organisation on a given day.
import type { IsoDate } from "../../kernel/dates.ts";
import { forbiddenError } from "../../kernel/errors.ts";

export interface CreditRecordFacts {
  organisationId: string;
  recordedOn: IsoDate;
  blockedUntil: IsoDate;
}

/** The credit record that blocks one of `organisationIds` on `on`, if any (recordedOn ≤ on < blockedUntil). */
export function blockingCreditRecord<R extends CreditRecordFacts>(
  organisationIds: readonly string[],
  records: readonly R[],
  on: IsoDate,
): R | undefined {
  return records.find(
    (r) => organisationIds.includes(r.organisationId) && r.recordedOn <= on && on < r.blockedUntil,
  );
}

/** A blacklisted organisation (失信) cannot apply, as lead or member. */
export function assertNotBlacklisted(
  organisationIds: readonly string[],
  records: readonly CreditRecordFacts[],
  on: IsoDate,
): void {
  const record = blockingCreditRecord(organisationIds, records, on);
  if (record) {
    throw forbiddenError(
      "ORGANISATION_BLACKLISTED",
      `organisation ${record.organisationId} is on the credit record until ${record.blockedUntil} and cannot apply`,
      `单位 ${record.organisationId} 已列入失信行为记录（至 ${record.blockedUntil}），不得揭榜`,
    );
  }
}
