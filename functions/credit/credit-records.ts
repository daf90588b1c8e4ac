// Use cases of credit records (失信行为记录): add an entry that bars an organisation from applying, list them, and
// the credit standing that lets an application check them in its own transaction. Called by the bureau's route and
// by project recovery.

import { randomUUID } from "node:crypto";
import { addMonths, type IsoDate, shanghaiDate } from "../kernel/dates.ts";
import { businessRuleError, conflictError, validationError } from "../kernel/errors.ts";
import {
  normaliseUscc,
  organisationByCode,
  registeredOrganisations,
} from "../organisations/organisations.ts";
import type { Clock } from "../platform/ports/clock.ts";
import { created, type Page, type RecordStore, type WriteGuard } from "../platform/ports/records.ts";
import { type CreditRecord, creditRecordKind, creditRecordsOfOrganisation } from "./model.ts";
import { blockingCreditRecord, type CreditRecordFacts } from "./rules/standing.ts";

export interface CreditDeps {
  readonly records: RecordStore;
  readonly clock: Clock;
  readonly newId?: () => string;
}

/** Decision (policy.ts defaults): a credit record blocks for 36 months unless told otherwise. */
export const defaultCreditBlockMonths = 36;

export interface NewCreditRecord {
  /** The organisation, by its id or (for a body named by a credit platform) by its unified social credit code. */
  readonly organisationId?: string;
  readonly uscc?: string;
  readonly reason: string;
  readonly reasonZh?: string;
  /** Default: today (Asia/Shanghai, by the server clock). */
  readonly recordedOn?: IsoDate;
  /** Exclusive end; default recordedOn + blockMonths. */
  readonly blockedUntil?: IsoDate;
  readonly blockMonths?: number;
  readonly source?: CreditRecord["source"];
  readonly projectId?: string;
}

/**
 * Who a credit record bars: the organisation named by its code must be registered (the code is what a credit
 * platform names); one named by its id gets its code and registered name from the registry when it is there.
 */
async function registeredParty(
  deps: CreditDeps,
  input: NewCreditRecord,
): Promise<{ organisationId: string; uscc?: string; registeredName?: string }> {
  if (input.uscc !== undefined) {
    const holder = await organisationByCode(deps, input.uscc, "body.uscc");
    if (!holder) {
      throw businessRuleError(
        "CREDIT_ORGANISATION_UNKNOWN",
        `No registered organisation holds the code ${normaliseUscc(input.uscc)}: register it first`,
        `没有已登记机构持有统一社会信用代码 ${normaliseUscc(input.uscc)}：请先登记该机构`,
        [{ path: "body.uscc", message: "no registered organisation", messageZh: "无对应已登记机构" }],
      );
    }
    return { organisationId: holder.id, uscc: holder.uscc, registeredName: holder.registeredName };
  }
  const organisationId = input.organisationId as string;
  const known = (await registeredOrganisations(deps.records, [organisationId])).get(organisationId);
  return known
    ? { organisationId, uscc: known.uscc, registeredName: known.registeredName }
    : { organisationId };
}

/** Adds a credit record (audited as `credit-record.added` by the acting user and role). */
export async function addCreditRecord(
  deps: CreditDeps,
  actor: { userId: string; role: string },
  input: NewCreditRecord,
): Promise<CreditRecord> {
  const now = deps.clock.now();
  const at = now.toISOString();
  const recordedOn = input.recordedOn ?? shanghaiDate(now.getTime());
  const blockedUntil =
    input.blockedUntil ?? addMonths(recordedOn, input.blockMonths ?? defaultCreditBlockMonths);
  if (blockedUntil <= recordedOn) {
    throw validationError(
      "CREDIT_RECORD_PERIOD_INVALID",
      `blockedUntil ${blockedUntil} must be after recordedOn ${recordedOn}`,
      `失信记录截止日期 ${blockedUntil} 须晚于记录日期 ${recordedOn}`,
      [{ path: "body.blockedUntil", message: "not after recordedOn", messageZh: "须晚于记录日期" }],
    );
  }
  const registered = await registeredParty(deps, input);
  const id = (deps.newId ?? (() => `crd-${randomUUID()}`))();
  const record: CreditRecord = {
    id,
    version: 1,
    organisationId: registered.organisationId,
    ...(registered.uscc ? { uscc: registered.uscc, registeredName: registered.registeredName } : {}),
    recordedOn,
    blockedUntil,
    reason: input.reason,
    ...(input.reasonZh ? { reasonZh: input.reasonZh } : {}),
    source: input.source ?? "bureau",
    ...(input.projectId ? { projectId: input.projectId } : {}),
    createdBy: actor.userId,
    createdAt: at,
    updatedAt: at,
  };
  // The record and the organisation's credit standing change together; a concurrent entry makes the standing's
  // condition fail, and the standing is read again.
  for (let attempt = 1; ; attempt++) {
    const standing = await readStanding(deps.records, record.organisationId);
    const intervals = [...standing.intervals, { id, recordedOn, blockedUntil }];
    try {
      await deps.records.write(
        [
          created(creditRecordKind, record, {
            actor: actor.userId,
            role: actor.role,
            action: "credit-record.added",
            detail: {
              organisationId: record.organisationId,
              ...(record.uscc ? { uscc: record.uscc } : {}),
              blockedUntil,
              source: record.source,
            },
          }),
        ],
        at,
        [
          {
            op: "put-marker",
            key: creditStandingKey(record.organisationId),
            fields: {
              count: intervals.length,
              latestEnd: intervals.reduce((m, i) => (i.blockedUntil > m ? i.blockedUntil : m), ""),
              intervals: JSON.stringify(intervals),
            },
            ...(standing.count > 0 ? { absentOr: { field: "count", op: "=", value: standing.count } } : {}),
            failure: () => new StandingChanged(),
          },
        ],
      );
      return record;
    } catch (error) {
      if (!(error instanceof StandingChanged) || attempt >= 5) throw error;
    }
  }
}

// ---- credit standing ------------------------------------------------------------------------------------------
/**
 * An organisation's credit standing: a marker item (pk "CREDIT_STANDING#<org>") written in the same transaction as
 * each credit record, holding every record's period and the latest end. An application's transaction checks, per
 * party, that no record can block today (no standing, or its latest end is not after today) — so a credit record
 * written after anything was read or cached is always seen, without a read on the way. When that check fails, the
 * standing is read (strongly consistent) and judged exactly (a record may start in the future).
 */
export const creditStandingKey = (organisation: string) => `CREDIT_STANDING#${organisation}`;

interface CreditInterval {
  readonly id: string;
  readonly recordedOn: string;
  readonly blockedUntil: string;
}

class StandingChanged extends Error {}

async function readStanding(
  records: RecordStore,
  organisation: string,
): Promise<{ count: number; intervals: CreditInterval[] }> {
  const marker = await records.getMarker(creditStandingKey(organisation));
  if (!marker) return { count: 0, intervals: [] };
  return {
    count: Number(marker["count"]),
    intervals: JSON.parse(String(marker["intervals"])) as CreditInterval[],
  };
}

const standingChanged = (organisation: string) => () =>
  conflictError(
    "VERSION_CONFLICT",
    `The credit standing of ${organisation} changed meanwhile; retry`,
    `单位 ${organisation} 的信用记录已变化，请重试`,
  );

/** Guards that no credit record of `organisations` can block on `on`, without reading anything. */
export function creditClearGuards(organisations: readonly string[], on: IsoDate): WriteGuard[] {
  return organisations.map((organisation) => ({
    op: "check-marker",
    key: creditStandingKey(organisation),
    absentOr: { field: "latestEnd", op: "<=", value: on },
    failure: standingChanged(organisation),
  }));
}

/**
 * The credit standing of `organisations` on `on`, read: the record that blocks one of them, if any, else guards that
 * their standings are still the ones read when the application is written.
 */
export async function creditStanding(
  records: RecordStore,
  organisations: readonly string[],
  on: IsoDate,
): Promise<{ blocking?: CreditRecord & CreditRecordFacts; guards: WriteGuard[] }> {
  const standings = await Promise.all(organisations.map((o) => readStanding(records, o)));
  const guards: WriteGuard[] = [];
  for (const [i, organisation] of organisations.entries()) {
    const standing = standings[i]!;
    const interval = blockingCreditRecord(
      [organisation],
      standing.intervals.map((x) => ({ ...x, organisationId: organisation })),
      on,
    );
    if (interval) {
      const blocking = await records.get(creditRecordKind, interval.id);
      if (blocking) return { blocking, guards: [] };
    }
    guards.push({
      op: "check-marker",
      key: creditStandingKey(organisation),
      ...(standing.count > 0 ? { absentOr: { field: "count", op: "=", value: standing.count } } : {}),
      failure: standingChanged(organisation),
    });
  }
  return { guards };
}

export async function listCreditRecords(
  deps: CreditDeps,
  organisation: string,
  page: { limit: number; cursor?: string },
): Promise<Page<CreditRecord>> {
  return deps.records.list(creditRecordsOfOrganisation(organisation), {
    limit: page.limit,
    ...(page.cursor ? { cursor: page.cursor } : {}),
  });
}

/** The credit record that blocks any of `organisations` on `on`, if there is one (judged on their standings). */
export async function findBlockingCreditRecord(
  records: RecordStore,
  organisations: readonly string[],
  on: IsoDate,
): Promise<(CreditRecord & CreditRecordFacts) | undefined> {
  return (await creditStanding(records, organisations, on)).blocking;
}
