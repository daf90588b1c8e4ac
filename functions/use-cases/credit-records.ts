// Use cases of credit records (失信行为记录): add an entry that bars an organisation from applying, list them, and
// find the one blocking a set of organisations today. Called by the bureau's route and, later, by project recovery.
import { randomUUID } from "node:crypto";
import { addMonths, type IsoDate, shanghaiDate } from "../domain/dates.ts";
import { validationError } from "../domain/errors.ts";
import { blockingCreditRecord, type CreditRecordFacts } from "../domain/guards.ts";
import type { Clock } from "../ports/clock.ts";
import { created, type Page, type RecordStore } from "../ports/records.ts";
import { type CreditRecord, creditRecordKind } from "./application-model.ts";

export interface CreditDeps {
  readonly records: RecordStore;
  readonly clock: Clock;
  readonly newId?: () => string;
}

/** Decision (policy.ts defaults): a credit record blocks for 36 months unless told otherwise. */
export const defaultCreditBlockMonths = 36;

export interface NewCreditRecord {
  readonly organisationId: string;
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
  const record: CreditRecord = {
    id: (deps.newId ?? (() => `crd-${randomUUID()}`))(),
    version: 1,
    organisationId: input.organisationId,
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
  await deps.records.write(
    [
      created(creditRecordKind, record, {
        actor: actor.userId,
        role: actor.role,
        action: "credit-record.added",
        detail: { organisationId: record.organisationId, blockedUntil, source: record.source },
      }),
    ],
    at,
  );
  return record;
}

export async function listCreditRecords(
  deps: CreditDeps,
  organisation: string,
  page: { limit: number; cursor?: string },
): Promise<Page<CreditRecord>> {
  return deps.records.list(creditRecordKind, "gsi1", `CREDIT#${organisation}`, {
    limit: page.limit,
    ...(page.cursor ? { cursor: page.cursor } : {}),
  });
}

/** The credit record that blocks any of `organisations` on `on`, if there is one. */
export async function findBlockingCreditRecord(
  records: RecordStore,
  organisations: readonly string[],
  on: IsoDate,
): Promise<(CreditRecord & CreditRecordFacts) | undefined> {
  for (const organisation of organisations) {
    let cursor: string | undefined;
    do {
      const page = await records.list(creditRecordKind, "gsi1", `CREDIT#${organisation}`, {
        limit: 100,
        ...(cursor ? { cursor } : {}),
      });
      const blocking = blockingCreditRecord([organisation], page.items, on);
      if (blocking) return blocking;
      cursor = page.next;
    } while (cursor);
  }
  return undefined;
}
