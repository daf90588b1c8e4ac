// Adapter: the record store's page cursors — a query's LastEvaluatedKey sealed (functions/platform/cursors.ts) for the
// one listing it came from (the index, the partition — an organisation's own, where the listing is —, the sort key
// prefix and the direction) and, on an HTTP request, for its route, caller's organisation and query
// (functions/platform/http/cursor-scope.ts). Read back, it must open for that very listing and request and hold a key
// of that listing; else 400 INVALID_CURSOR.
import { currentCursorScope } from "../context.ts";
import { type CursorKey, invalidCursor, openCursor, sealCursor } from "../cursors.ts";

/** Where a page of a listing was read: what its cursor is bound to. */
export interface ListingPlace {
  readonly index: string;
  readonly partition: string;
  readonly sortKeyPrefix?: string | undefined;
  readonly newestFirst: boolean;
}

const scopeOf = (place: ListingPlace) =>
  JSON.stringify([
    "records",
    place.index,
    place.partition,
    place.sortKeyPrefix ?? "",
    place.newestFirst,
    currentCursorScope(),
  ]);

/** The cursor of the page after `lastKey` (pk, sk and the index's keys of the last item read). */
export function encodeCursor(key: CursorKey, lastKey: Record<string, unknown>, place: ListingPlace): string {
  return sealCursor(key, lastKey, scopeOf(place));
}

/** The ExclusiveStartKey a cursor issued for `place` holds; INVALID_CURSOR for any other cursor. */
export function decodeCursor(key: CursorKey, cursor: string, place: ListingPlace): Record<string, string> {
  const value = openCursor(key, cursor, scopeOf(place));
  const pk = `${place.index}pk`;
  const sk = `${place.index}sk`;
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw invalidCursor();
  const start = value as Record<string, unknown>;
  const names = Object.keys(start).sort();
  if (names.join(",") !== ["pk", "sk", pk, sk].sort().join(",")) throw invalidCursor();
  if (!names.every((name) => typeof start[name] === "string" && start[name] !== "")) throw invalidCursor();
  if (start[pk] !== place.partition) throw invalidCursor();
  if (place.sortKeyPrefix && !(start[sk] as string).startsWith(place.sortKeyPrefix)) throw invalidCursor();
  return start as Record<string, string>;
}
