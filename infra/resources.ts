// The platform's stateful resources as plain data: the one DynamoDB table and the two S3 buckets.
// Used by the CDK stateful stack (infra/stacks) and by the embedded runtime (local/) so both create the same shapes.

/** An index of the single table. Keys are strings; projections are ALL. */
export interface IndexDefinition {
  readonly name: string;
  readonly partitionKey: string;
  readonly sortKey: string;
}

export interface TableDefinition {
  /** Logical id in CDK and the table name in the embedded runtime. */
  readonly id: string;
  readonly partitionKey: string;
  readonly sortKey: string;
  readonly globalIndexes: readonly IndexDefinition[];
  /** Attribute holding an epoch-seconds expiry (idempotency records, short-lived upload slots). */
  readonly timeToLiveAttribute: string;
}

/**
 * Single-table design. Item keys:
 *   pk = "<KIND>#<id>", sk = "<KIND>" for the record itself, "<KIND>#<child>" for its children
 *   gsi1: lists of records by owner or stage, e.g. gsi1pk = "ORG#<org>#DEMAND", gsi1sk = "<createdAt>#<id>"
 *   gsi2: lists by status across owners, e.g. gsi2pk = "DEMAND#STATUS#<status>", gsi2sk = "<updatedAt>#<id>"
 */
export const recordsTable: TableDefinition = {
  id: "Records",
  partitionKey: "pk",
  sortKey: "sk",
  globalIndexes: [
    { name: "gsi1", partitionKey: "gsi1pk", sortKey: "gsi1sk" },
    { name: "gsi2", partitionKey: "gsi2pk", sortKey: "gsi2sk" },
  ],
  timeToLiveAttribute: "expiresAt",
};

export interface BucketDefinition {
  readonly id: string;
  /** Environment variable through which functions learn the bucket's name. */
  readonly envVar: string;
  /** Object Lock in compliance mode (audit reports only). */
  readonly objectLock: boolean;
}

/** Evidence files: demand attachments, milestone reports, audit reports filed by accounting firms. */
export const evidenceBucket: BucketDefinition = {
  id: "Evidence",
  envVar: "EVIDENCE_BUCKET",
  objectLock: false,
};

/** Audit reports the platform writes (payment audit reports etc.); immutable for the retention period. */
export const auditBucket: BucketDefinition = { id: "AuditReports", envVar: "AUDIT_BUCKET", objectLock: true };

/**
 * The public files path (docs/open-data.md "Daily file"): the bucket that holds `open-data/…` — the console's site
 * bucket in AWS (served by its CloudFront distribution), the embedded runtime's public bucket locally.
 */
export const publicFilesEnvVar = "PUBLIC_FILES_BUCKET";

/** Environment variable through which functions learn the table's name. */
export const tableEnvVar = "TABLE_NAME";

/** Environment variable naming the key that signs audit digests: a KMS key ARN in AWS, `file:<path>` locally. */
export const auditDigestKeyEnvVar = "AUDIT_DIGEST_KEY";

/**
 * Environment variable holding the page cursors' key (functions/platform/cursors.ts): `deployment:<secret>` in AWS,
 * derived per deployment from the stack's id; `file:<path>` locally, a key in the data directory.
 */
export const cursorKeyEnvVar = "JIEBANG_CURSOR_KEY";

/** Default retention of audit reports under Object Lock: 10 years (CDK context `jiebang:auditRetentionDays`). */
export const defaultAuditRetentionDays = 3650;

/** Names used by the embedded runtime (there is one account and one region on loopback). */
export const localNames = {
  table: "jiebang-records",
  evidenceBucket: "jiebang-evidence",
  auditBucket: "jiebang-audit-reports",
  publicBucket: "jiebang-public",
} as const;

/** The EventBridge custom bus domain events go to (AWS; infra/constructs/domain-events.ts sets it). */
export const eventBusEnvVar = "JIEBANG_EVENT_BUS";
/** The embedded runtime's event log file, instead of a bus (local/runtime.ts sets it). */
export const eventLogEnvVar = "JIEBANG_EVENT_LOG";
