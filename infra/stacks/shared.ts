// CDK stack contract (infra/stacks): what the stateful stack shares with the stateless one, as named CloudFormation
// exports. Named exports keep every reference (and every cdk-nag finding id) stable across synths and environments.
import { CfnOutput, Fn, type Stack } from "aws-cdk-lib";

/** The stateful resources as the stateless stack sees them: plain strings (imports). */
export interface StatefulRefs {
  readonly tableName: string;
  readonly tableArn: string;
  /** The table's stream (NEW_IMAGE): the notifications' outbox (docs/notifications.md). */
  readonly tableStreamArn: string;
  readonly evidenceBucketName: string;
  readonly evidenceBucketArn: string;
  readonly auditBucketName: string;
  readonly auditBucketArn: string;
  /** The asymmetric KMS key that signs audit digests. */
  readonly auditDigestKeyArn: string;
  /** The domain events' EventBridge custom bus (docs/events.md): integrators' rules attach to it, so it is kept. */
  readonly eventBusName: string;
  readonly eventBusArn: string;
  /** The Cognito user pool and web client, where identity is `cognito` (infra/config.ts); absent with `oidc`. */
  readonly userPoolId?: string;
  readonly userPoolArn?: string;
  readonly userPoolClientId?: string;
}

export type StatefulRefKey = keyof StatefulRefs;

const outputIds: Record<StatefulRefKey, string> = {
  tableName: "TableName",
  tableArn: "TableArn",
  tableStreamArn: "TableStreamArn",
  evidenceBucketName: "EvidenceBucketName",
  evidenceBucketArn: "EvidenceBucketArn",
  auditBucketName: "AuditBucketName",
  auditBucketArn: "AuditBucketArn",
  auditDigestKeyArn: "AuditDigestKeyArn",
  eventBusName: "EventBusName",
  eventBusArn: "EventBusArn",
  userPoolId: "UserPoolId",
  userPoolArn: "UserPoolArn",
  userPoolClientId: "UserPoolClientId",
};

export function exportName(statefulStackName: string, key: StatefulRefKey): string {
  return `${statefulStackName}-${outputIds[key]}`;
}

/** Declares each value given as a stack output exported under its fixed name; returns the matching imports. */
export function exportStatefulRefs(stack: Stack, values: StatefulRefs): StatefulRefs {
  const refs = {} as Record<StatefulRefKey, string>;
  for (const key of Object.keys(outputIds) as StatefulRefKey[]) {
    if (values[key] === undefined) continue;
    const name = exportName(stack.stackName, key);
    new CfnOutput(stack, outputIds[key], { value: values[key] as string, exportName: name });
    refs[key] = Fn.importValue(name);
  }
  return refs;
}
