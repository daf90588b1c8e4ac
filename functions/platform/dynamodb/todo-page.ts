// Adapter: a page of a person's to-dos (ports/todos.ts) merged from one Query per assignee partition — each read in
// sort-key order (the order of urgency) after the cursor's sort key — and its sealed cursor (platform/cursors.ts),
// bound to the partitions and the request (route, caller's organisation and query). Shared by the DynamoDB store and
// the in-memory one of the tests.
import { currentCursorScope } from "../context.ts";
import { type CursorKey, invalidCursor, openCursor, sealCursor } from "../cursors.ts";
import type { Page } from "../ports/records.ts";
import type { StoredTodo, TodoCount, TodoPageOptions } from "../ports/todos.ts";

/** One Query of a partition: up to `limit` items whose sort key is above `after`, ascending; `last` if more may follow. */
export type TodoQuery = (
  partition: string,
  after: string | undefined,
  limit: number,
) => Promise<{ items: { sk: string; todo: StoredTodo }[]; last?: string }>;

const scopeOf = (partitions: readonly string[]) =>
  JSON.stringify(["todos", [...partitions].sort(), currentCursorScope()]);

/** Up to `wanted` items of a partition after `after` that `skip` keeps (querying on past skipped ones). */
async function kept(
  query: TodoQuery,
  partition: string,
  after: string | undefined,
  wanted: number,
  skip: ((todo: StoredTodo) => boolean) | undefined,
): Promise<{ sk: string; todo: StoredTodo }[]> {
  const found: { sk: string; todo: StoredTodo }[] = [];
  let from = after;
  for (;;) {
    const page = await query(partition, from, wanted - found.length);
    found.push(...page.items.filter((i) => !skip?.(i.todo)));
    if (found.length >= wanted || page.last === undefined) return found;
    from = page.last;
  }
}

/** The page: the most urgent `limit` to-dos of all partitions, each once. */
export async function todoPage(
  query: TodoQuery,
  cursorKey: CursorKey,
  partitions: readonly string[],
  options: TodoPageOptions,
): Promise<Page<StoredTodo>> {
  const scope = scopeOf(partitions);
  let after: string | undefined;
  if (options.cursor !== undefined) {
    const place = openCursor(cursorKey, options.cursor, scope) as { after?: unknown } | null;
    if (typeof place?.after !== "string" || place.after === "") throw invalidCursor();
    after = place.after;
  }
  const limit = options.limit;
  // limit + 1 of each: if the merge holds more than limit distinct to-dos a next page exists; if it does not, every
  // partition was read to its end.
  const read = await Promise.all(
    [...new Set(partitions)].map((p) => kept(query, p, after, limit + 1, options.skip)),
  );
  const merged = [...new Map(read.flat().map((i) => [i.todo.id, i])).values()].sort((a, b) =>
    a.sk < b.sk ? -1 : a.sk > b.sk ? 1 : 0,
  );
  const page = merged.slice(0, limit);
  return merged.length > limit
    ? { items: page.map((i) => i.todo), next: sealCursor(cursorKey, { after: page.at(-1)!.sk }, scope) }
    : { items: page.map((i) => i.todo) };
}

/** The count: every partition read up to cap + 1 kept to-dos, each counted once. */
export async function todoCount(
  query: TodoQuery,
  partitions: readonly string[],
  options: { readonly cap: number; readonly skip?: (todo: StoredTodo) => boolean },
): Promise<TodoCount> {
  const read = await Promise.all(
    [...new Set(partitions)].map((p) => kept(query, p, undefined, options.cap + 1, options.skip)),
  );
  const count = new Set(read.flat().map((i) => i.todo.id)).size;
  return count > options.cap ? { count: options.cap, capped: true } : { count, capped: false };
}
