// Port: the store of versioned records (programmes, challenges, applications, reviews, notices, projects…) and their
// audit events. Every change is a transaction of the record(s) and one audit event each, guarded by versions.

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

/** A kind of record: its key prefix ("CHALLENGE") and where it is listed. */
export interface RecordKind<T extends VersionedRecord> {
  readonly name: string;
  indexKeys(record: T): IndexKeys;
}

/** Who did what; the store adds when, the record's version and the before/after hashes. */
export interface AuditNote {
  readonly actor: string;
  /** The role the actor acted in ("workflow" for state machine tasks, "public" for anonymous objections). */
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
  /** Hash chain (functions/domain/audit-chain.ts): the previous event's hash, and this event's. */
  readonly prevHash?: string;
  readonly hash?: string;
}

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
    };

export interface RecordStore {
  get<T extends VersionedRecord>(kind: RecordKind<T>, id: string): Promise<T | undefined>;
  /** All or nothing, up to 50 writes. A version conflict or an existing id throws a 409 (VERSION_CONFLICT). */
  write(writes: readonly RecordWrite[], at: string): Promise<void>;
  list<T extends VersionedRecord>(
    kind: RecordKind<T>,
    index: "gsi1" | "gsi2",
    partition: string,
    options: { limit: number; cursor?: string; newestFirst?: boolean; sortKeyPrefix?: string },
  ): Promise<Page<T>>;
  auditTrail(kind: RecordKind<VersionedRecord>, id: string): Promise<StoredAuditEvent[]>;
}

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
