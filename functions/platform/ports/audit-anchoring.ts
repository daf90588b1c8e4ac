// Port: what anchoring and verifying the audit trail needs — the trail as stored (every record's head and every audit
// event), the digests in the audit bucket, and the key that signs them (KMS in AWS, a local key pair otherwise).

/** A record item: its key (`<KIND>#<id>`), version and the hash of its latest audit event. */
export interface StoredRecordHead {
  readonly record: string;
  readonly version: number;
  readonly auditHash?: string;
}

/** One audit event as stored: its record, its position (the version in its key) and its content. */
export interface StoredAuditItem {
  readonly record: string;
  readonly position: number;
  readonly event: Record<string, unknown>;
}

export interface AuditTrailSource {
  /** The table's name, which digests name. */
  readonly table: string;
  /** Every record head and every audit event (a full read: for the digest writer and the verifier only). */
  readAll(): Promise<{ records: StoredRecordHead[]; events: StoredAuditItem[] }>;
}

export interface DigestStore {
  /** Every digest key, in key order (= sequence order). */
  list(): Promise<string[]>;
  read(key: string): Promise<string | undefined>;
  /** Writes a digest; the bucket's Object Lock keeps it from then on. */
  put(key: string, text: string): Promise<void>;
}

export interface DigestSigner {
  /** The key's id as digests name it (a KMS key ARN, or `local:<fingerprint>`). */
  readonly keyId: string;
  /** A signature (base64, DER) of `bytes` with ECDSA P-256 / SHA-256. */
  sign(bytes: Uint8Array): Promise<string>;
  /** The public key (PEM, SPKI) that verifies the signatures of `keyId`. */
  publicKeyPem(keyId: string): Promise<string>;
}

/** Where digests live in the audit bucket: `digests/<sequence, 10 digits>-<first 16 hex of its SHA-256>.json`. */
export const digestPrefix = "digests/";
