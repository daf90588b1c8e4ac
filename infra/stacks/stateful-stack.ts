// CDK stack (infra/stacks): everything that holds data and outlives deployments — the records table, the evidence and
// audit-report buckets, their access-log bucket, the audit digests' signing key and the Cognito user pool (where used). Shapes come from infra/resources.ts.
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from "aws-cdk-lib";
import {
  AttributeType,
  BillingMode,
  ProjectionType,
  StreamViewType,
  Table,
  TableEncryption,
} from "aws-cdk-lib/aws-dynamodb";
import { EventBus } from "aws-cdk-lib/aws-events";
import { Key, KeySpec, KeyUsage } from "aws-cdk-lib/aws-kms";
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  HttpMethods,
  ObjectLockRetention,
  ObjectOwnership,
  StorageClass,
} from "aws-cdk-lib/aws-s3";
import type { Construct } from "constructs";
import { auditRetentionDays, identityConfig, webOrigins } from "../config.ts";
import { Users } from "../constructs/users.ts";
import { acknowledge } from "../nag.ts";
import { auditBucket, evidenceBucket, recordsTable } from "../resources.ts";
import { exportStatefulRefs, type StatefulRefs } from "./shared.ts";

export class StatefulStack extends Stack {
  readonly table: Table;
  readonly evidenceBucket: Bucket;
  readonly auditBucket: Bucket;
  readonly auditDigestKey: Key;
  /** The domain events' EventBridge custom bus (docs/events.md). */
  readonly eventBus: EventBus;
  readonly accessLogsBucket: Bucket;
  /** The Cognito user pool, where the profile's identity is `cognito` (none with `oidc`: always in aws-cn). */
  readonly users: Users | undefined;
  /** Imports of this stack's named exports, for the stateless stack. */
  readonly refs: StatefulRefs;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const retentionDays = auditRetentionDays(this);
    // S3 refuses an expiration that does not come after a transition: archive only when retention is long enough.
    const archive = (days: number) => ({
      storageClass: StorageClass.GLACIER_INSTANT_RETRIEVAL,
      transitionAfter: Duration.days(days),
    });

    this.table = new Table(this, recordsTable.id, {
      partitionKey: { name: recordsTable.partitionKey, type: AttributeType.STRING },
      sortKey: { name: recordsTable.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      encryption: TableEncryption.AWS_MANAGED,
      timeToLiveAttribute: recordsTable.timeToLiveAttribute,
      removalPolicy: RemovalPolicy.RETAIN,
      // The outbox: each change's to-do items and audit events, delivered by the notifications' stream function.
      stream: StreamViewType.NEW_IMAGE,
    });
    for (const index of recordsTable.globalIndexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
        projectionType: ProjectionType.ALL,
      });
    }

    // The sink of the other buckets' server access logs. S3 access logging only delivers to SSE-S3 buckets.
    this.accessLogsBucket = new Bucket(this, "AccessLogs", {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      encryption: BucketEncryption.S3_MANAGED,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        {
          id: "age-out-access-logs",
          abortIncompleteMultipartUploadAfter: Duration.days(7),
          transitions: retentionDays > 120 ? [archive(90)] : [],
          // Who read or wrote evidence is kept as long as the audit reports themselves.
          expiration: Duration.days(retentionDays),
          noncurrentVersionExpiration: Duration.days(30),
        },
      ],
    });
    acknowledge(
      this.accessLogsBucket,
      "AwsSolutions-S1",
      "This bucket is the server-access-log sink of the evidence and audit-report buckets; logging it into " +
        "itself would loop and logging it elsewhere needs yet another sink. Access to it is limited to the " +
        "S3 logging service principal (bucket policy) and account administrators.",
    );

    this.evidenceBucket = new Bucket(this, evidenceBucket.id, {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      encryption: BucketEncryption.S3_MANAGED,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.RETAIN,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: `${evidenceBucket.id.toLowerCase()}/`,
      // Browsers upload and download evidence directly with presigned URLs issued by the API.
      cors: [
        {
          allowedMethods: [HttpMethods.PUT, HttpMethods.GET, HttpMethods.HEAD],
          allowedOrigins: webOrigins(this),
          allowedHeaders: ["*"],
          exposedHeaders: ["ETag", "x-amz-version-id"],
          maxAge: 3000,
        },
      ],
      lifecycleRules: [
        {
          id: "evidence-tiering",
          abortIncompleteMultipartUploadAfter: Duration.days(7),
          transitions: [{ storageClass: StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(90) }],
          noncurrentVersionTransitions: retentionDays > 60 ? [archive(30)] : [],
          // Replaced or deleted evidence stays recoverable as long as audit reports are retained.
          noncurrentVersionExpiration: Duration.days(retentionDays),
        },
      ],
    });

    this.auditBucket = new Bucket(this, auditBucket.id, {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      encryption: BucketEncryption.S3_MANAGED,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.RETAIN,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: `${auditBucket.id.toLowerCase()}/`,
      objectLockEnabled: auditBucket.objectLock,
      objectLockDefaultRetention: auditBucket.objectLock
        ? ObjectLockRetention.compliance(Duration.days(retentionDays))
        : undefined,
      lifecycleRules: [
        {
          id: "audit-reports-archive",
          abortIncompleteMultipartUploadAfter: Duration.days(7),
          // Locked versions keep their retention across storage classes.
          transitions: [archive(365)],
        },
      ],
    });

    // The audit digests' signing key (functions/audit): asymmetric, so its private half never leaves KMS and anyone
    // holding the public key can check a digest. KMS does not rotate asymmetric keys; digests name the key they were
    // signed with, so a new key can replace it without invalidating earlier digests.
    this.auditDigestKey = new Key(this, "AuditDigestKey", {
      description: "jiebang: signs the audit trail's digests (ECDSA P-256); see docs/security.md",
      keySpec: KeySpec.ECC_NIST_P256,
      keyUsage: KeyUsage.SIGN_VERIFY,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // Identity seam (infra/config.ts: the profile's identity, aws-cn → oidc): Cognito where it exists; with `oidc` the
    // people sign in at an OpenID Connect issuer of the city's (its settings checked here) and this stack holds no users.
    this.users = identityConfig(this).mode === "cognito" ? new Users(this, "Users") : undefined;

    // The domain events' custom bus (docs/events.md): the city's systems attach their rules (and archives) to it, so it
    // lives here with the data and is retained; the stateless stack's publisher may only put events on it.
    this.eventBus = new EventBus(this, "DomainEventBus", {
      eventBusName: `${this.stackName}-domain-events`,
      description: "jiebang domain events (CloudEvents 1.0) for the city's other systems",
    });
    this.eventBus.applyRemovalPolicy(RemovalPolicy.RETAIN);

    this.refs = exportStatefulRefs(this, {
      tableName: this.table.tableName,
      tableArn: this.table.tableArn,
      tableStreamArn: this.table.tableStreamArn!,
      evidenceBucketName: this.evidenceBucket.bucketName,
      evidenceBucketArn: this.evidenceBucket.bucketArn,
      auditBucketName: this.auditBucket.bucketName,
      auditBucketArn: this.auditBucket.bucketArn,
      auditDigestKeyArn: this.auditDigestKey.keyArn,
      eventBusName: this.eventBus.eventBusName,
      eventBusArn: this.eventBus.eventBusArn,
      ...(this.users
        ? {
            userPoolId: this.users.userPool.userPoolId,
            userPoolArn: this.users.userPool.userPoolArn,
            userPoolClientId: this.users.webClient.userPoolClientId,
          }
        : {}),
    });
    new CfnOutput(this, "AccessLogsBucketName", { value: this.accessLogsBucket.bucketName });
  }
}
