// CDK construct (infra/constructs): the records table's stream wired to the catalog's stream functions (a `stream` in
// functions/catalog.ts; the notifications' delivery, the domain events' publishing) — an event source mapping each,
// from the oldest record, reporting batch item failures, bisecting a failing batch and retrying it, then recording the
// batch's place on its encrypted SQS queue (on-failure destination) for operators; each may read only this stream.
import { Duration } from "aws-cdk-lib";
import { Policy, PolicyStatement } from "aws-cdk-lib/aws-iam";
import { EventSourceMapping, type IFunction, StartingPosition } from "aws-cdk-lib/aws-lambda";
import { Queue, QueueEncryption } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import type { FunctionDefinition } from "../../functions/catalog.ts";
import { acknowledge } from "../nag.ts";

export interface OutboxStreamProps {
  readonly functions: readonly FunctionDefinition[];
  readonly deployed: ReadonlyMap<string, IFunction>;
  readonly streamArn: string;
}

export class OutboxStream extends Construct {
  /** Catalog function name -> its mapping and on-failure queue (tests assert them). */
  readonly mappings = new Map<string, { mapping: EventSourceMapping; failures: Queue; policy: Policy }>();

  constructor(scope: Construct, id: string, props: OutboxStreamProps) {
    super(scope, id);
    for (const definition of props.functions) {
      if (!definition.stream) continue;
      const fn = props.deployed.get(definition.name);
      if (!fn) throw new Error(`${definition.name}: a stream function not deployed`);
      const failures = new Queue(this, `Failures-${definition.name}`, {
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
      });
      acknowledge(
        failures.node.defaultChild!,
        "AwsSolutions-SQS3",
        "This queue is itself the on-failure destination of the stream's event source mapping (a batch's place, kept 14 days for operators); a queue behind it would only move the same record",
      );
      const mapping = new EventSourceMapping(this, `Mapping-${definition.name}`, {
        target: fn,
        eventSourceArn: props.streamArn,
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: definition.stream.batchSize,
        bisectBatchOnError: true,
        retryAttempts: definition.stream.maxAttempts,
        maxRecordAge: Duration.days(1),
        reportBatchItemFailures: true,
        // The queue as the destination; its send permission is in this construct's policy below (SqsDlq would put it on
        // the function's default policy, in the function's stack).
        onFailure: { bind: () => ({ destination: failures.queueArn }) },
      });
      // A policy of this construct's own (the construct may sit in a nested stack: a statement on the function's default
      // policy would make the function's stack wait for this one, which waits for the function), in place before the
      // mapping reads the stream.
      const policy = new Policy(this, `Stream-${definition.name}`, {
        roles: [fn.role!],
        statements: [
          new PolicyStatement({
            actions: [
              "dynamodb:DescribeStream",
              "dynamodb:GetRecords",
              "dynamodb:GetShardIterator",
              "dynamodb:ListStreams",
            ],
            resources: [props.streamArn],
          }),
          new PolicyStatement({
            actions: ["sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:SendMessage"],
            resources: [failures.queueArn],
          }),
        ],
      });
      mapping.node.addDependency(policy);
      this.mappings.set(definition.name, { mapping, failures, policy });
    }
  }
}
