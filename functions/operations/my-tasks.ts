// Use cases of the workbench's to-do list (待办): what waits for the signed-in person now — one Query per key they hold
// (their user, each role in their organisation, each role platform-wide) of the to-do projection the record store
// keeps with the records (platform/ports/todos.ts), merged most urgent first; four eyes skips the maker's own.
import { noticeKind } from "../award/model.ts";
import { type ChallengeRecord, challengeKind } from "../challenges/model.ts";
import { type Demand, demandKind, refinementAssignmentKind } from "../demands/model.ts";
import type { Actor } from "../kernel/actor.ts";
import { todoActions } from "../kernel/todos.ts";
import { paymentKind } from "../payments/model.ts";
import { type Clock, nowIso } from "../platform/ports/clock.ts";
import {
  type Page,
  type RecordKey,
  type RecordKind,
  type RecordStore,
  recordKey,
  type VersionedRecord,
} from "../platform/ports/records.ts";
import {
  assigneePartitions,
  excludedFrom,
  type StoredTodo,
  type TodoCount,
} from "../platform/ports/todos.ts";
import { horseRaceKind } from "../projects/horse-race-model.ts";
import { type ProjectRecord, projectKind, trackKind } from "../projects/model.ts";
import { recoveryKind } from "../recoveries/model.ts";
import { assignmentKind, roundKind } from "../review/model.ts";

export interface WorkbenchDeps {
  readonly records: RecordStore;
  readonly clock: Clock;
}

/** The record kinds that declare to-dos (the backfill's: operations/adapters/backfill-todos.ts). */
export const projectedKinds = [
  demandKind,
  refinementAssignmentKind,
  challengeKind,
  assignmentKind,
  roundKind,
  noticeKind,
  trackKind,
  horseRaceKind,
  paymentKind,
  recoveryKind,
] as unknown as readonly RecordKind<VersionedRecord>[];

/** The badge counts exactly up to this many; above, "99+". */
export const todoCountCap = 99;

/** The record kinds a to-do is about, as the API names them (a track is its project's). */
const kindNames: Record<string, string> = {
  DEMAND: "demand",
  REFINEMENT: "refinement-assignment",
  CHALLENGE: "challenge",
  REVIEW_ASSIGNMENT: "review-assignment",
  REVIEW_ROUND: "review-round",
  NOTICE: "notice",
  PROJECT_TRACK: "project",
  PAYMENT: "payment",
  RECOVERY: "recovery",
  HORSE_RACE: "horse-race",
};

export interface TodoView {
  readonly id: string;
  readonly action: string;
  readonly label: { readonly en: string; readonly zh: string };
  readonly record: { readonly kind: string; readonly id: string; readonly title: string };
  readonly since: string;
  readonly deadline?: string;
  readonly overdue: boolean;
  readonly link: string;
}

const skipFor = (actor: Actor) => (todo: StoredTodo) => excludedFrom(todo, actor);

/** A page of the caller's to-dos, most urgent first (overdue, then nearest deadline, then oldest without one). */
export async function listMyTodos(
  deps: WorkbenchDeps,
  actor: Actor,
  options: { limit: number; cursor?: string },
): Promise<Page<TodoView>> {
  const page = await deps.records.todos(assigneePartitions(actor), {
    limit: options.limit,
    ...(options.cursor ? { cursor: options.cursor } : {}),
    skip: skipFor(actor),
  });
  const titles = await titlesOf(deps.records, page.items);
  const now = nowIso(deps);
  return {
    items: page.items.map((todo) => view(todo, titles, now)),
    ...(page.next ? { next: page.next } : {}),
  };
}

/** The caller's to-do count for a badge: exact up to 99, else capped ("99+"). */
export async function countMyTodos(deps: WorkbenchDeps, actor: Actor): Promise<TodoCount> {
  return deps.records.countTodos(assigneePartitions(actor), { cap: todoCountCap, skip: skipFor(actor) });
}

function view(todo: StoredTodo, titles: Map<string, string>, now: string): TodoView {
  const label = (todoActions as Record<string, { en: string; zh: string }>)[todo.action] ?? {
    en: todo.action,
    zh: todo.action,
  };
  const title =
    todo.title ??
    (todo.titleFrom ? titles.get(`${todo.titleFrom.kind}#${todo.titleFrom.id}`) : undefined) ??
    todo.recordId;
  return {
    id: todo.id,
    action: todo.action,
    label: { en: label.en, zh: label.zh },
    record: { kind: kindNames[todo.recordKind] ?? todo.recordKind.toLowerCase(), id: todo.recordId, title },
    since: todo.since,
    ...(todo.deadline ? { deadline: todo.deadline } : {}),
    overdue: todo.deadline !== undefined && todo.deadline < now,
    link: todo.link,
  };
}

/**
 * The titles of the records the page's to-dos name (a challenge's title, a demand's, a project's: its challenge's
 * and its lead solver): at most two reads of the page's records, whatever the table holds.
 */
async function titlesOf(records: RecordStore, todos: readonly StoredTodo[]): Promise<Map<string, string>> {
  const titles = new Map<string, string>();
  const wanted = (keys: RecordKey[]) => [...new Map(keys.map((k) => [`${k.kind.name}#${k.id}`, k])).values()];
  const kinds = { CHALLENGE: challengeKind, DEMAND: demandKind, PROJECT: projectKind } as const;
  const first = wanted(
    todos.flatMap((t) => {
      const kind = t.titleFrom ? kinds[t.titleFrom.kind as keyof typeof kinds] : undefined;
      return kind && t.titleFrom ? [recordKey(kind as never, t.titleFrom.id)] : [];
    }),
  );
  const read = first.length > 0 ? await records.getMany(first) : [];
  const projects: ProjectRecord[] = [];
  first.forEach((key, i) => {
    const record = read[i];
    if (!record) return;
    if (key.kind.name === "CHALLENGE") titles.set(`CHALLENGE#${key.id}`, (record as ChallengeRecord).title);
    else if (key.kind.name === "DEMAND")
      titles.set(`DEMAND#${key.id}`, (record as unknown as Demand).content.title);
    else projects.push(record as ProjectRecord);
  });
  // A project stores its title since the award does; an older one's is its challenge's.
  const challenges = wanted(
    projects.filter((p) => p.title === undefined).map((p) => recordKey(challengeKind, p.challengeId)),
  );
  const more = challenges.length > 0 ? await records.getMany(challenges) : [];
  const challengeTitles = new Map(
    challenges.map((key, i) => [key.id, (more[i] as ChallengeRecord | undefined)?.title]),
  );
  for (const p of projects) {
    const challenge = p.title ?? challengeTitles.get(p.challengeId) ?? p.challengeId;
    titles.set(`PROJECT#${p.id}`, `${challenge} — ${p.solverLead.name}`);
  }
  return titles;
}
