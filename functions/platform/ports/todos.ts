// Port: the to-do projection (待办) — what a record's state asks of whom, declared by its kind (`RecordKind.todos`,
// each context's rules/todos.ts) and kept by the record store as items written in the same transaction as the record
// change that creates or ends them: pk `TODO#<assignee>`, sk `<urgency>#<todo id>` (docs/todos.md).
import type { Todo, TodoAssignee } from "../../kernel/todos.ts";

export type { Todo, TodoAssignee };

/** A to-do as stored and read back: the rule's to-do, its record and its id. */
export interface StoredTodo extends Omit<Todo, "assignees"> {
  /** `<record kind>#<record id>#<action>[#<key>]`: the same for every assignee it is listed under. */
  readonly id: string;
  readonly recordKind: string;
  readonly recordId: string;
}

/** The partition key of an assignee's to-dos. */
export function todoPartition(assignee: TodoAssignee): string {
  if ("user" in assignee) return `TODO#USER#${assignee.user}`;
  if ("organisationId" in assignee) return `TODO#ROLE#${assignee.role}@${assignee.organisationId}`;
  return `TODO#ROLE#${assignee.role}`;
}

/** Every partition a person's to-dos may be under: their user, each role in their organisation, each role. */
export function assigneePartitions(person: {
  readonly userId: string;
  readonly organisationId: string;
  readonly roles: readonly string[];
}): string[] {
  const roles = [...new Set(person.roles)].sort();
  return [
    todoPartition({ user: person.userId }),
    ...roles.map((role) => todoPartition({ role, organisationId: person.organisationId })),
    ...roles.map((role) => todoPartition({ role })),
  ];
}

/**
 * The sort key: ascending order is the order of urgency — with a deadline before without ("0" < "1"), the earliest
 * deadline first (so every overdue one before any not yet due, whatever the clock says), then the oldest; ties by id.
 */
export function todoSortKey(todo: StoredTodo): string {
  return todo.deadline ? `0#${todo.deadline}#${todo.since}#${todo.id}` : `1#${todo.since}#${todo.id}`;
}

/** A to-do item of the table. */
export interface TodoItem {
  readonly pk: string;
  readonly sk: string;
  readonly kind: "todo";
  readonly todo: StoredTodo;
}

/** The items a record's to-dos are stored as: one per to-do and assignee. */
export function todoItems(
  kind: { readonly name: string; todos?(record: never): readonly Todo[] },
  record: { readonly id: string } | undefined,
): TodoItem[] {
  if (!record || !kind.todos) return [];
  return kind.todos(record as never).flatMap(({ assignees, ...todo }) => {
    const stored: StoredTodo = {
      ...todo,
      id: [kind.name, record.id, todo.action, ...(todo.key ? [todo.key] : [])].join("#"),
      recordKind: kind.name,
      recordId: record.id,
    };
    const sk = todoSortKey(stored);
    return [...new Set(assignees.map(todoPartition))].map((pk) => ({
      pk,
      sk,
      kind: "todo" as const,
      todo: stored,
    }));
  });
}

/**
 * What a change of a record does to its to-do items: the ones to put (new or changed) and the keys to delete (ended,
 * or moved to another sort key). Unchanged ones are left alone.
 */
export function todoChanges(
  kind: { readonly name: string; todos?(record: never): readonly Todo[] },
  before: { readonly id: string } | undefined,
  after: { readonly id: string },
): { put: TodoItem[]; delete: { pk: string; sk: string }[] } {
  if (!kind.todos) return { put: [], delete: [] };
  const key = (i: { pk: string; sk: string }) => `${i.pk}\u0000${i.sk}`;
  const old = new Map(todoItems(kind, before).map((i) => [key(i), i]));
  const next = new Map(todoItems(kind, after).map((i) => [key(i), i]));
  return {
    put: [...next]
      .filter(([k, i]) => JSON.stringify(old.get(k)?.todo) !== JSON.stringify(i.todo))
      .map(([, i]) => i),
    delete: [...old].filter(([k]) => !next.has(k)).map(([, i]) => ({ pk: i.pk, sk: i.sk })),
  };
}

/** Whether a person may not do a to-do they see under one of their keys (four eyes). */
export function excludedFrom(
  todo: Pick<StoredTodo, "exceptUsers" | "exceptOrganisations">,
  person: { readonly userId: string; readonly organisationId: string },
): boolean {
  return (
    (todo.exceptUsers ?? []).includes(person.userId) ||
    (todo.exceptOrganisations ?? []).includes(person.organisationId)
  );
}

/** The options of a to-do page: at most `limit`, after the cursor, skipping those `skip` says (four eyes). */
export interface TodoPageOptions {
  readonly limit: number;
  readonly cursor?: string;
  readonly skip?: (todo: StoredTodo) => boolean;
}

/** The to-do count of a badge: exact up to `cap`, else `capped`. */
export interface TodoCount {
  readonly count: number;
  readonly capped: boolean;
}
