// Infra tests (tests/infra): the stateful stack — records table, evidence/audit/access-log buckets, user pool.
import { Match, Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { roles } from "../../functions/kernel/roles.ts";
import { buildApp } from "../../infra/app.ts";
import {
  auditBucket,
  defaultAuditRetentionDays,
  evidenceBucket,
  recordsTable,
} from "../../infra/resources.ts";
import { logicalId, type Synthesized, synthesize } from "./support.ts";

let s: Synthesized;
let template: Template;
beforeAll(() => {
  s = synthesize();
  template = s.stateful;
});

function bucketId(id: string): string {
  const bucket = s.built.stateful.node.findChild(id).node.defaultChild;
  return logicalId(bucket as never);
}

describe("records table", () => {
  it("has the keys, indexes and TTL of infra/resources.ts", () => {
    template.resourceCountIs("AWS::DynamoDB::Table", 1);
    template.hasResourceProperties("AWS::DynamoDB::Table", {
      KeySchema: [
        { AttributeName: recordsTable.partitionKey, KeyType: "HASH" },
        { AttributeName: recordsTable.sortKey, KeyType: "RANGE" },
      ],
      GlobalSecondaryIndexes: recordsTable.globalIndexes.map((index) => ({
        IndexName: index.name,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: "HASH" },
          { AttributeName: index.sortKey, KeyType: "RANGE" },
        ],
        Projection: { ProjectionType: "ALL" },
      })),
      TimeToLiveSpecification: { AttributeName: recordsTable.timeToLiveAttribute, Enabled: true },
    });
  });

  it("is on-demand, point-in-time recoverable, encrypted, deletion-protected and retained", () => {
    template.hasResource("AWS::DynamoDB::Table", {
      DeletionPolicy: "Retain",
      UpdateReplacePolicy: "Retain",
      Properties: Match.objectLike({
        BillingMode: "PAY_PER_REQUEST",
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
        SSESpecification: { SSEEnabled: true },
      }),
    });
  });
});

describe("buckets", () => {
  const protectedBuckets = [evidenceBucket.id, auditBucket.id, "AccessLogs"];

  it.each(protectedBuckets)("%s blocks public access, is versioned, encrypted and retained", (id) => {
    const resource = template.toJSON()["Resources"][bucketId(id)];
    expect(resource.DeletionPolicy).toBe("Retain");
    expect(resource.UpdateReplacePolicy).toBe("Retain");
    expect(resource.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(resource.Properties.VersioningConfiguration).toEqual({ Status: "Enabled" });
    expect(
      resource.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault,
    ).toEqual({ SSEAlgorithm: "AES256" });
    expect(resource.Properties.LifecycleConfiguration.Rules.length).toBeGreaterThan(0);
  });

  it.each(protectedBuckets)("%s denies every request not made over TLS", (id) => {
    template.hasResourceProperties("AWS::S3::BucketPolicy", {
      Bucket: { Ref: bucketId(id) },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: "Deny",
            Action: "s3:*",
            Principal: { AWS: "*" },
            Condition: { Bool: { "aws:SecureTransport": "false" } },
          }),
        ]),
      },
    });
  });

  it("evidence and audit reports log their access to the access-log bucket", () => {
    for (const id of [evidenceBucket.id, auditBucket.id]) {
      const props = template.toJSON()["Resources"][bucketId(id)].Properties;
      expect(props.LoggingConfiguration.DestinationBucketName).toEqual({ Ref: bucketId("AccessLogs") });
    }
    const logs = template.toJSON()["Resources"][bucketId("AccessLogs")].Properties;
    expect(logs.LoggingConfiguration).toBeUndefined();
  });

  it("audit reports are under Object Lock in compliance mode, 3650 days by default", () => {
    expect(defaultAuditRetentionDays).toBe(3650);
    const props = template.toJSON()["Resources"][bucketId(auditBucket.id)].Properties;
    expect(props.ObjectLockEnabled).toBe(true);
    expect(props.ObjectLockConfiguration).toEqual({
      ObjectLockEnabled: "Enabled",
      Rule: { DefaultRetention: { Mode: "COMPLIANCE", Days: 3650 } },
    });
    const evidence = template.toJSON()["Resources"][bucketId(evidenceBucket.id)].Properties;
    expect(evidence.ObjectLockEnabled).toBeUndefined();
  });

  it("audit retention is overridable with the context jiebang:auditRetentionDays (a -c string too)", () => {
    const built = buildApp({ bundle: false, nag: false, context: { "jiebang:auditRetentionDays": "2555" } });
    Template.fromStack(built.stateful).hasResourceProperties("AWS::S3::Bucket", {
      ObjectLockConfiguration: { Rule: { DefaultRetention: { Mode: "COMPLIANCE", Days: 2555 } } },
    });
    expect(() =>
      buildApp({ bundle: false, nag: false, context: { "jiebang:auditRetentionDays": "ten" } }),
    ).toThrow(/jiebang:auditRetentionDays/);
  });

  it("evidence accepts presigned PUT/GET from browsers (CORS)", () => {
    const props = template.toJSON()["Resources"][bucketId(evidenceBucket.id)].Properties;
    expect(props.CorsConfiguration.CorsRules).toEqual([
      expect.objectContaining({ AllowedMethods: ["PUT", "GET", "HEAD"], AllowedOrigins: ["*"] }),
    ]);
  });
});

describe("user pool", () => {
  it("is admin-provisioned, email sign-in, strong passwords, MFA required, Plus threat protection, retained", () => {
    template.hasResource("AWS::Cognito::UserPool", {
      DeletionPolicy: "Retain",
      Properties: Match.objectLike({
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
        UsernameAttributes: ["email"],
        MfaConfiguration: "ON",
        EnabledMfas: ["SOFTWARE_TOKEN_MFA"],
        UserPoolTier: "PLUS",
        DeletionProtection: "ACTIVE",
        Policies: {
          PasswordPolicy: Match.objectLike({
            MinimumLength: 12,
            RequireLowercase: true,
            RequireUppercase: true,
            RequireNumbers: true,
            RequireSymbols: true,
          }),
        },
        UserPoolAddOns: Match.objectLike({ AdvancedSecurityMode: "ENFORCED" }),
        Schema: Match.arrayWith([
          Match.objectLike({ Name: "org", AttributeDataType: "String", Mutable: false }),
        ]),
      }),
    });
  });

  it("has one group per role", () => {
    template.resourceCountIs("AWS::Cognito::UserPoolGroup", roles.length);
    for (const role of roles)
      template.hasResourceProperties("AWS::Cognito::UserPoolGroup", { GroupName: role });
  });

  it("has one public SRP client", () => {
    template.resourceCountIs("AWS::Cognito::UserPoolClient", 1);
    template.hasResourceProperties("AWS::Cognito::UserPoolClient", {
      GenerateSecret: false,
      ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
      PreventUserExistenceErrors: "ENABLED",
    });
  });
});

describe("outputs", () => {
  it("the audit digests' key is an asymmetric P-256 signing key, retained", () => {
    template.hasResource("AWS::KMS::Key", {
      Properties: { KeySpec: "ECC_NIST_P256", KeyUsage: "SIGN_VERIFY" },
      DeletionPolicy: "Retain",
    });
  });

  it("exports the table (and its stream, the notifications' outbox), buckets, user pool and event bus under fixed names", () => {
    const outputs = template.toJSON()["Outputs"] as Record<string, { Export?: { Name: string } }>;
    const exported = Object.values(outputs).flatMap((o) => (o.Export ? [o.Export.Name] : []));
    expect(exported.sort()).toEqual(
      [
        "TableName",
        "TableArn",
        "TableStreamArn",
        "EvidenceBucketName",
        "EvidenceBucketArn",
        "AuditBucketName",
        "AuditBucketArn",
        "AuditDigestKeyArn",
        "EventBusName",
        "EventBusArn",
        "UserPoolId",
        "UserPoolArn",
        "UserPoolClientId",
      ]
        .map((k) => `Jiebang-Stateful-${k}`)
        .sort(),
    );
  });
});
