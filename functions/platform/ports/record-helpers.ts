// Port helpers: what every context's use cases do with the record store — the one conflict-retry policy, the next
// version of a record, reading a listing to its end, writes in batches, and a record that must exist (404 otherwise).
import { DomainError, notFoundError } from "../../kernel/errors.ts";
import {
  type Listing,
  type RecordKind,
  type RecordStore,
  type RecordWrite,
  recordKey,
  type VersionedRecord,
} from "./records.ts";

/**
 * The one conflict-retry policy: how many times a use case re-reads and re-applies its change when a concurrent
 * writer changed a record meanwhile. Twenty lets 200 simultaneous payment runs on one tranche settle (each round one
 * writer wins and the others then see its result: tests/e2e/payments.test.ts) while a record that never settles still
 * ends in a 409 rather than a loop.
 */
export const conflictRetryAttempts = 20;

/** Whether an error is the store's optimistic-concurrency refusal (409 VERSION_CONFLICT). */
export const isVersionConflict = (error: unknown): boolean =>
  error instanceof DomainError && error.code === "VERSION_CONFLICT";

/** Re-reads and re-applies when a concurrent writer changed a record meanwhile (VERSION_CONFLICT). */
export async function retryOnConflict<T>(attempt: () => Promise<T>): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (error) {
      if (!isVersionConflict(error) || i >= conflictRetryAttempts) throw error;
    }
  }
}

/** The next version of a record with changes applied (undefined values remove fields). */
export function bump<T extends VersionedRecord & { readonly updatedAt: string }>(
  record: T,
  at: string,
  changes: { [K in keyof T]?: T[K] | undefined },
): T {
  const next: Record<string, unknown> = { ...record, ...changes, version: record.version + 1, updatedAt: at };
  for (const key of Object.keys(next)) if (next[key] === undefined) delete next[key];
  return next as T;
}

/** Every record of an access pattern, oldest first, page by page. */
export async function listAll<T extends VersionedRecord>(
  records: RecordStore,
  listing: Listing<T>,
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await records.list(listing, {
      limit: 100,
      newestFirst: false,
      ...(cursor ? { cursor } : {}),
    });
    items.push(...page.items);
    cursor = page.next;
  } while (cursor);
  return items;
}

/** Writes in transactions of at most `size` records (the store takes 50); each batch is all or nothing. */
export async function writeInBatches(
  records: RecordStore,
  writes: readonly RecordWrite[],
  at: string,
  size = 40,
): Promise<void> {
  for (let i = 0; i < writes.length; i += size) await records.write(writes.slice(i, i + size), at);
}

export async function mustGet<T extends VersionedRecord>(
  records: RecordStore,
  kind: RecordKind<T>,
  id: string,
  what: string,
  whatZh: string,
): Promise<T> {
  const record = await records.get(kind, id);
  if (!record) throw recordNotFound(kind, id, what, whatZh);
  return record;
}

/** 404 `<KIND>_NOT_FOUND`: "<what> <id> not found" / "<whatZh> <id> 不存在". */
export const recordNotFound = <T extends VersionedRecord>(
  kind: RecordKind<T>,
  id: string,
  what: string,
  whatZh: string,
) => notFoundError(`${kind.name}_NOT_FOUND`, `${what} ${id} not found`, `${whatZh} ${id} 不存在`);

/**
 * The records a page refers to, by id — to show their names next to the ids: the distinct ids read with one
 * BatchGetItem per 100, never a read per row. Ids without a record are left out.
 */
export async function recordsById<T extends VersionedRecord>(
  store: Pick<RecordStore, "getMany">,
  kind: RecordKind<T>,
  ids: Iterable<string | undefined>,
): Promise<Map<string, T>> {
  const distinct = [...new Set([...ids].filter((id): id is string => id !== undefined))];
  const found = new Map<string, T>();
  for (let i = 0; i < distinct.length; i += 100) {
    const chunk = distinct.slice(i, i + 100);
    const records = await store.getMany(chunk.map((id) => recordKey(kind, id)));
    records.forEach((r, j) => {
      if (r) found.set(chunk[j]!, r as T);
    });
  }
  return found;
}
