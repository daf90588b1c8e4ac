// Port: the store of versioned records (programmes, challenges, applications, reviews, notices, projects…) and their
// audit events. Every change is a transaction of the record(s) and one audit event each, guarded by versions, and of
// the to-do items (ports/todos.ts) the change creates or ends.
import type { StoredTodo, Todo, TodoCount, TodoPageOptions } from "./todos.ts";

export interface Page<T> {
  readonly items: T[];
  /** Opaque cursor for the next page; absent on the last page. */
  readonly next?: string;
}

/** Every stored aggregate carries its id and a version that grows by one on each change. */
export interface VersionedRecord {
  readonly id: string;
  readonly version: number;
}

/** Secondary keys a record is listed under (the table's two GSIs). */
export interface IndexKeys {
  readonly gsi1pk?: string;
  readonly gsi1sk?: string;
  readonly gsi2pk?: string;
  readonly gsi2sk?: string;
}

/**
 * An access pattern — "applications of a challenge", "tranches of a project": where records are listed together.
 * Each is declared beside its record kind, whose index keys put the records there, so use cases name what they list
 * and never an index.
 */
export interface Listing<T extends VersionedRecord> {
  readonly index: "gsi1" | "gsi2";
  readonly partition: string;
  /** Type only: the records the listing yields. */
  readonly yields?: (record: T) => void;
}

/** Declares an access pattern (in a context's model, next to the record kind). */
export const listing = <T extends VersionedRecord>(
  index: "gsi1" | "gsi2",
  partition: string,
): Listing<T> => ({
  index,
  partition,
});

/** A kind of record: its key prefix ("CHALLENGE") and where it is listed. */
export interface RecordKind<T extends VersionedRecord> {
  readonly name: string;
  indexKeys(record: T): IndexKeys;
  /**
   * What the record's state waits for, of whom (待办; a pure rule in the context's rules/todos.ts). The store writes
   * the difference of before and after with the record, so the to-do list is never out of step with the records.
   */
  todos?(record: T): readonly Todo[];
  /**
   * Execution plumbing, not a business record (docs/security.md, "Execution plumbing without an audit trail"): written
   * under its version condition like any record, but with no audit event (`unaudited()` writes it) and no to-dos. Only
   * the kinds named in `unauditedKinds` may say so; the stores refuse any other.
   */
  readonly unaudited?: true;
  /**
   * A large record that grows and is changed a little at a time, stored as several items (RecordParts): each change
   * rewrites its core and only the parts it changed. Such a kind is read by id only: it declares no index keys.
   */
  readonly parts?: RecordParts<T>;
}

/**
 * How a record kind is stored in parts (docs/project-lifecycle.md, "Write units"). The record's item holds the core —
 * the record without its parts — under `data`, with the version, the audit hash and the names of its parts (`parts`);
 * each part is an item beside it (the same partition, sort key "<KIND>#<part>", `value`). A part's name is its path in
 * the record — field names and array positions joined by "." ("taskBook", "milestones.0", "milestones.0.files") — so
 * any reader joins the parts back without knowing the kind (joinStored), whatever kind it read the record with. A
 * change is one record change as ever — the core under the version condition, one audit event hashing the whole
 * record before and after, the to-dos of the whole record — but it writes only the parts whose value changed, so a
 * small change of a large record is billed for the core and that part, not for the whole record. A record stored
 * before its kind had parts (every field under `data`, no `parts`) reads as it was stored; its next write stores it
 * in parts.
 */
export interface RecordParts<T> {
  /** The core (the record without its parts) and the parts by path; joining them must give the record back exactly. */
  split(record: T): { readonly core: Record<string, unknown>; readonly parts: ReadonlyMap<string, unknown> };
}

/** The sort key of a record's part item (RecordParts). */
export const partSortKey = (kindName: string, part: string) => `${kindName}#${part}`;

/**
 * The record a stored core and its part items hold: the core as it is when it lists no parts (stored before its kind
 * had parts), else with each part it lists set at its path (parents before children; an unlisted part item — left by
 * an earlier write — is not part of the record). Copies what it sets into: the values given stay as they were.
 */
export function joinStored<T extends VersionedRecord>(
  data: Record<string, unknown>,
  listed: readonly string[] | undefined,
  stored: ReadonlyMap<string, unknown>,
): T {
  if (!listed) return data as unknown as T;
  const record: Record<string, unknown> = { ...data };
  const paths = listed.filter((p) => stored.has(p)).map((p) => p.split("."));
  paths.sort((a, b) => a.length - b.length);
  for (const path of paths) {
    let node: Record<string, unknown> = record;
    for (const [i, key] of path.slice(0, -1).entries()) {
      const child = node[key];
      const copy = Array.isArray(child)
        ? [...child]
        : child && typeof child === "object"
          ? { ...child }
          : /^\d+$/.test(path[i + 1]!)
            ? []
            : {};
      node[key] = copy;
      node = copy as Record<string, unknown>;
    }
    node[path.at(-1)!] = stored.get(path.join("."));
  }
  return record as unknown as T;
}

/**
 * The only kinds written without an audit event (docs/security.md): PROJECT_LIFECYCLE, the project's chain of
 * executions' bookkeeping (the execution in charge, its parked callback token, the inbox's delivery claims), whose
 * history Step Functions keeps. The audit verifier skips these and no other: a record of another kind without its
 * trail is a break.
 */
export const unauditedKinds: ReadonlySet<string> = new Set(["PROJECT_LIFECYCLE"]);

/** Whether `kind` is one of the unaudited kinds (it says so, and is named in unauditedKinds); throws if it half says so. */
export function isUnaudited(kind: { readonly name: string; readonly unaudited?: true }): boolean {
  if (kind.unaudited && !unauditedKinds.has(kind.name))
    throw new Error(`${kind.name}: a kind written without audit events must be named in unauditedKinds`);
  return kind.unaudited === true;
}

/** Who did what; the store adds when, the record's version and the before/after hashes. */
export interface AuditNote {
  readonly actor: string;
  /**
   * The role the actor acted in ("workflow" for state machine tasks, "public" for anonymous objections, "treasury" for
   * the treasury's machine caller).
   */
  readonly role: string;
  readonly action: string;
  readonly detail?: Record<string, unknown>;
}

export interface StoredAuditEvent extends AuditNote {
  readonly recordKind: string;
  readonly recordId: string;
  readonly version: number;
  readonly at: string;
  /** SHA-256 of the record before the change (absent on creation) and after it. */
  readonly beforeHash?: string;
  readonly afterHash: string;
  /** Hash chain (functions/kernel/audit-chain.ts): the previous event's hash, and this event's. */
  readonly prevHash?: string;
  readonly hash?: string;
}

/** One record to read with getMany. */
export interface RecordKey {
  readonly kind: RecordKind<VersionedRecord>;
  readonly id: string;
}

/** A key for getMany. */
export const recordKey = <T extends VersionedRecord>(kind: RecordKind<T>, id: string): RecordKey => ({
  kind: kind as unknown as RecordKind<VersionedRecord>,
  id,
});

export type RecordWrite =
  | {
      readonly op: "create";
      readonly kind: RecordKind<VersionedRecord>;
      readonly record: VersionedRecord;
      readonly audit: AuditNote;
    }
  | {
      readonly op: "update";
      readonly kind: RecordKind<VersionedRecord>;
      /** The record as read; the write succeeds only if its version is still stored. */
      readonly before: VersionedRecord;
      /** The new record: version must be before.version + 1. */
      readonly after: VersionedRecord;
      readonly audit: AuditNote;
    }
  /**
   * A record of an unaudited kind (execution plumbing): created when `before` is absent (none stored), else updated
   * from `before`'s version; no audit event. Alone in a write() it is a single conditional put, not a transaction.
   */
  | {
      readonly op: "put-unaudited";
      readonly kind: RecordKind<VersionedRecord>;
      readonly before?: VersionedRecord;
      readonly after: VersionedRecord;
    };

/** The record a write stores. */
export const writtenRecord = (w: RecordWrite): VersionedRecord => (w.op === "create" ? w.record : w.after);

/** A condition on a marker item's attribute: `field op value` (strings compare as ISO dates do). */
export interface MarkerCondition {
  readonly field: string;
  readonly op: "=" | "<=";
  readonly value: string | number;
}

/**
 * Conditions and small marker items (not versioned records, no audit event: pk "<key>", sk "MARKER") checked or written
 * in the same transaction as a write, so a fact read earlier — or cached — can never be acted on once it has changed.
 * When one fails, write() throws that guard's `failure()` instead of VERSION_CONFLICT.
 */
export type WriteGuard =
  /** The record is still stored at this version. */
  | {
      readonly op: "record-version";
      readonly kind: RecordKind<VersionedRecord>;
      readonly id: string;
      readonly version: number;
      readonly failure: () => Error;
    }
  /** No record of this kind and id is stored (a fact read earlier as absent, e.g. an unregistered organisation). */
  | {
      readonly op: "record-absent";
      readonly kind: RecordKind<VersionedRecord>;
      readonly id: string;
      readonly failure: () => Error;
    }
  /** The marker is absent, or (given `absentOr`) meets the condition. */
  | {
      readonly op: "check-marker";
      readonly key: string;
      readonly absentOr?: MarkerCondition;
      readonly failure: () => Error;
    }
  /** Writes the marker if it is absent, or (given `absentOr`) if it meets the condition. */
  | {
      readonly op: "put-marker";
      readonly key: string;
      readonly fields: Readonly<Record<string, string | number | boolean>>;
      readonly absentOr?: MarkerCondition;
      readonly failure: () => Error;
    }
  /** Deletes the marker if it meets the condition (an absent marker stays absent). */
  | {
      readonly op: "delete-marker";
      readonly key: string;
      readonly condition: MarkerCondition;
      readonly failure: () => Error;
    };

export interface RecordStore {
  get<T extends VersionedRecord>(kind: RecordKind<T>, id: string): Promise<T | undefined>;
  /**
   * Several records, of any kinds, in one round trip (strongly consistent, like get); each undefined where absent,
   * in the order asked. At most 100 keys.
   */
  getMany(keys: readonly RecordKey[]): Promise<(VersionedRecord | undefined)[]>;
  /**
   * A record as this container read it at most `maxAgeMs` ago, else read afresh (strongly consistent; simultaneous
   * callers share one read). Never older than this container's own last write of it. For hot, read-mostly records
   * whose use tolerates that age and is not otherwise guarded (a challenge read by every submission to it).
   */
  getRecent<T extends VersionedRecord>(
    kind: RecordKind<T>,
    id: string,
    maxAgeMs: number,
  ): Promise<T | undefined>;
  /**
   * All or nothing, up to 50 writes (and guards, 100 items in all). A version conflict or an existing id throws a 409
   * (VERSION_CONFLICT); a failed guard throws its own failure().
   */
  write(writes: readonly RecordWrite[], at: string, guards?: readonly WriteGuard[]): Promise<void>;
  /** A marker item's fields (strongly consistent), if it exists. */
  getMarker(key: string): Promise<Record<string, unknown> | undefined>;
  /** One page of an access pattern, newest first unless told otherwise. */
  list<T extends VersionedRecord>(
    listing: Listing<T>,
    options: { limit: number; cursor?: string; newestFirst?: boolean; sortKeyPrefix?: string },
  ): Promise<Page<T>>;
  auditTrail(kind: RecordKind<VersionedRecord>, id: string): Promise<StoredAuditEvent[]>;
  /**
   * One page of the to-dos listed under any of `partitions` (ports/todos.ts assigneePartitions), most urgent first,
   * each once: one Query per partition of at most limit + 1 items (more only where `skip` dropped some).
   */
  todos(partitions: readonly string[], options: TodoPageOptions): Promise<Page<StoredTodo>>;
  /** How many to-dos are listed under `partitions` (those `skip` drops aside): exact up to `cap`, else capped. */
  countTodos(
    partitions: readonly string[],
    options: { readonly cap: number; readonly skip?: (todo: StoredTodo) => boolean },
  ): Promise<TodoCount>;
}

/** The audit note of a workflow task's change (the state machine acts, not a person). */
export const workflowAudit = (action: string, detail?: Record<string, unknown>): AuditNote => ({
  actor: "workflow",
  role: "workflow",
  action,
  ...(detail ? { detail } : {}),
});

/** Helpers for use cases: a create or an update of one record. */
export function created<T extends VersionedRecord>(
  kind: RecordKind<T>,
  record: T,
  audit: AuditNote,
): RecordWrite {
  return { op: "create", kind: kind as unknown as RecordKind<VersionedRecord>, record, audit };
}

export function updated<T extends VersionedRecord>(
  kind: RecordKind<T>,
  before: T,
  after: T,
  audit: AuditNote,
): RecordWrite {
  return { op: "update", kind: kind as unknown as RecordKind<VersionedRecord>, before, after, audit };
}

/** A write of a record of an unaudited kind: `before` as read, or undefined to create it (version 1). */
export function unaudited<T extends VersionedRecord>(
  kind: RecordKind<T>,
  before: T | undefined,
  after: T,
): RecordWrite {
  return {
    op: "put-unaudited",
    kind: kind as unknown as RecordKind<VersionedRecord>,
    ...(before ? { before } : {}),
    after,
  };
}
