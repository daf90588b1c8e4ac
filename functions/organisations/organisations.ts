// Use cases of the organisation registry (机构名录): the bureau registers an organisation under its identity-provider
// id with its registered name, unified social credit code and type; renames it (更名 keeps the code); anyone signed in
// reads one, finds one by code, lists them; other contexts ask for registered names and codes of many ids at once.
import * as z from "zod/mini";
import type { Actor } from "../kernel/actor.ts";
import { conflictError, notFoundError } from "../kernel/errors.ts";
import type { Clock } from "../platform/ports/clock.ts";
import {
  created,
  type Page,
  type RecordKind,
  type RecordStore,
  recordKey,
  updated,
  type VersionedRecord,
  type WriteGuard,
} from "../platform/ports/records.ts";
import {
  allOrganisations,
  type OrganisationRecord,
  organisationKind,
  organisationTypes,
  usccHolderKey,
} from "./model.ts";
import { checkedUscc, normaliseUscc } from "./rules/uscc.ts";

export interface OrganisationDeps {
  readonly records: RecordStore;
  readonly clock: Clock;
}

/** An organisation id as tokens carry it (custom:org, or the city issuer's organisation claim). */
export const organisationIdSchema = z.string().check(z.regex(/^[\w.-]{1,64}$/));

export const newOrganisation = z.strictObject({
  /** The id its users' tokens carry as their organisation. */
  organisationId: organisationIdSchema,
  registeredName: z.string().check(z.trim(), z.minLength(2), z.maxLength(200)),
  uscc: z.string().check(z.minLength(1), z.maxLength(40)),
  type: z.enum(organisationTypes),
});
export type NewOrganisation = z.output<typeof newOrganisation>;

export const organisationChange = z.strictObject({
  registeredName: z.optional(z.string().check(z.trim(), z.minLength(2), z.maxLength(200))),
  type: z.optional(z.enum(organisationTypes)),
  /** Why (更名 after a registration change, a correction): kept in the audit trail. */
  reason: z.string().check(z.trim(), z.minLength(2), z.maxLength(500)),
});
export type OrganisationChange = z.output<typeof organisationChange>;

class CodeHeld extends Error {}

/** Registers an organisation; its code must be valid (GB 32100-2015) and not held by another organisation. */
export async function registerOrganisation(
  deps: OrganisationDeps,
  actor: Actor,
  input: NewOrganisation,
  role = "bureau",
): Promise<OrganisationRecord> {
  const uscc = checkedUscc(input.uscc);
  const at = deps.clock.now().toISOString();
  const existing = await deps.records.get(organisationKind, input.organisationId);
  if (existing) {
    throw conflictError(
      "ORGANISATION_EXISTS",
      `Organisation ${input.organisationId} is registered already (${existing.registeredName}, ${existing.uscc})`,
      `机构 ${input.organisationId} 已登记（${existing.registeredName}，${existing.uscc}）`,
    );
  }
  const record: OrganisationRecord = {
    id: input.organisationId,
    version: 1,
    registeredName: input.registeredName,
    uscc,
    type: input.type,
    createdBy: actor.userId,
    createdAt: at,
    updatedAt: at,
  };
  try {
    await deps.records.write(
      [
        created(organisationKind, record, {
          actor: actor.userId,
          role,
          action: "organisation.registered",
          detail: { uscc, registeredName: record.registeredName, type: record.type },
        }),
      ],
      at,
      [
        {
          op: "put-marker",
          key: usccHolderKey(uscc),
          fields: { organisationId: record.id },
          failure: () => new CodeHeld(),
        },
      ],
    );
  } catch (error) {
    if (!(error instanceof CodeHeld)) throw error;
    const holder = String((await deps.records.getMarker(usccHolderKey(uscc)))?.["organisationId"] ?? "");
    throw conflictError(
      "USCC_HELD",
      `The unified social credit code ${uscc} belongs to organisation ${holder} already: one body, one registration`,
      `统一社会信用代码 ${uscc} 已由机构 ${holder} 登记：同一主体只能登记一次`,
    );
  }
  return record;
}

/** Renames an organisation or corrects its type (its code stays: a new code is a new registration). */
export async function changeOrganisation(
  deps: OrganisationDeps,
  actor: Actor,
  id: string,
  expectedVersion: number,
  change: OrganisationChange,
  role = "bureau",
): Promise<OrganisationRecord> {
  const before = await loadOrganisation(deps, id);
  if (before.version !== expectedVersion) {
    throw conflictError(
      "VERSION_CONFLICT",
      `Organisation ${id} is at version ${before.version}, not ${expectedVersion}`,
      `机构 ${id} 当前版本为 ${before.version}，不是 ${expectedVersion}`,
    );
  }
  const at = deps.clock.now().toISOString();
  const after: OrganisationRecord = {
    ...before,
    version: before.version + 1,
    ...(change.registeredName ? { registeredName: change.registeredName } : {}),
    ...(change.type ? { type: change.type } : {}),
    updatedAt: at,
  };
  await deps.records.write(
    [
      updated(organisationKind, before, after, {
        actor: actor.userId,
        role,
        action: "organisation.changed",
        detail: {
          reason: change.reason,
          ...(change.registeredName ? { from: before.registeredName, to: after.registeredName } : {}),
          ...(change.type ? { type: after.type } : {}),
        },
      }),
    ],
    at,
  );
  return after;
}

export async function loadOrganisation(deps: Pick<OrganisationDeps, "records">, id: string) {
  const record = await deps.records.get(organisationKind, id);
  if (!record) {
    throw notFoundError("ORGANISATION_NOT_FOUND", `No organisation ${id} is registered`, `机构 ${id} 未登记`);
  }
  return record;
}

/** The organisation holding a code, if any (the code is normalised and checked first). */
export async function organisationByCode(
  deps: Pick<OrganisationDeps, "records">,
  code: string,
  path = "query.uscc",
): Promise<OrganisationRecord | undefined> {
  const uscc = checkedUscc(code, path);
  const holder = await deps.records.getMarker(usccHolderKey(uscc));
  const id = holder?.["organisationId"];
  return typeof id === "string" ? deps.records.get(organisationKind, id) : undefined;
}

export function listOrganisations(
  deps: Pick<OrganisationDeps, "records">,
  filter: { limit: number; cursor?: string },
): Promise<Page<OrganisationRecord>> {
  return deps.records.list(allOrganisations(), {
    limit: filter.limit,
    ...(filter.cursor ? { cursor: filter.cursor } : {}),
  });
}

/**
 * The registry's entries of many organisation ids at once (one read per 100 ids, no read per row): what a list or
 * a notice shows as the registered name and code. Unregistered ids are absent from the map.
 */
export async function registeredOrganisations(
  records: RecordStore,
  ids: readonly string[],
): Promise<ReadonlyMap<string, OrganisationRecord>> {
  const unique = [...new Set(ids)];
  const found = new Map<string, OrganisationRecord>();
  for (let i = 0; i < unique.length; i += 100) {
    const batch = unique.slice(i, i + 100);
    const got = await records.getMany(batch.map((id) => recordKey(organisationKind, id)));
    got.forEach((record, j) => {
      if (record) found.set(batch[j] as string, record as OrganisationRecord);
    });
  }
  return found;
}

/** The registered names (登记名称) of many organisation ids in one batch read per 100 ids; unregistered ids absent. */
export async function registeredNames(
  records: RecordStore,
  ids: Iterable<string | undefined>,
): Promise<ReadonlyMap<string, string>> {
  const found = await registeredOrganisations(
    records,
    [...ids].filter((id): id is string => id !== undefined && id !== ""),
  );
  return new Map([...found].map(([id, o]) => [id, o.registeredName]));
}

/**
 * Registrations seen by this container. A registration is never removed, so a hit stays true; the name it carries
 * may be up to `namesMaxAgeMs` old (a rename shows within minutes).
 */
const seen = new Map<string, { record: OrganisationRecord; atMs: number }>();
const namesMaxAgeMs = 5 * 60_000;
/**
 * Absences this container's reads found (an id not registered), for as long. An absence can end at any moment (the
 * bureau registers the organisation), so it is never taken as a fact: a write that relies on one guards it in its own
 * transaction (the organisation's record still absent, `guards` below), and one registered meanwhile fails that write,
 * which then runs again on a fresh read — the answer is the one a read just before the write would have given.
 */
const unregistered = new Map<string, number>();

/** The organisation's record is still absent when the write commits; else the write reruns on fresh reads. */
const stillUnregistered = (id: string): WriteGuard => ({
  op: "record-absent",
  kind: organisationKind as unknown as RecordKind<VersionedRecord>,
  id,
  failure: () =>
    conflictError(
      "ORGANISATION_REGISTERED_MEANWHILE",
      `Organisation ${id} was registered meanwhile; reload and retry`,
      `单位 ${id} 刚刚完成登记，请刷新后重试`,
    ),
});

/**
 * registeredOrganisations() from this container's recent reads where it can: the hot path of every application write.
 * Given `absences: "guarded"`, an id this container recently found unregistered is not read again but answered
 * absent with a guard for the write's transaction; with `"read"` (the default) absences are always read afresh.
 */
export async function registeredOrganisationsRecent(
  records: RecordStore,
  ids: readonly string[],
  nowMs: number,
  absences: "read" | "guarded" = "read",
): Promise<{ readonly found: ReadonlyMap<string, OrganisationRecord>; readonly guards: WriteGuard[] }> {
  const found = new Map<string, OrganisationRecord>();
  const guards: WriteGuard[] = [];
  const missing: string[] = [];
  for (const id of new Set(ids)) {
    const hit = seen.get(id);
    const absentAt = unregistered.get(id);
    if (hit && nowMs - hit.atMs < namesMaxAgeMs) found.set(id, hit.record);
    else if (absences === "guarded" && absentAt !== undefined && nowMs - absentAt < namesMaxAgeMs)
      guards.push(stillUnregistered(id));
    else missing.push(id);
  }
  if (missing.length > 0) {
    const read = await registeredOrganisations(records, missing);
    if (unregistered.size >= 10_000) unregistered.clear();
    for (const id of missing) {
      const record = read.get(id);
      if (record) {
        seen.set(id, { record, atMs: nowMs });
        unregistered.delete(id);
        found.set(id, record);
      } else unregistered.set(id, nowMs);
    }
  }
  return { found, guards };
}

export { normaliseUscc };
