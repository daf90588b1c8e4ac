// CDK construct (infra/constructs): the records table's stream wired to the catalog's stream functions (a `stream` in
// functions/catalog.ts; the notifications' delivery) — an event source mapping from the oldest record, reporting
// batch item failures, bisecting a failing batch and retrying it, then recording the batch's place on an encrypted
// SQS queue (on-failure destination) for operators; the function may read only this stream.
import { Duration } from "aws-cdk-lib";
import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import { EventSourceMapping, type IFunction, StartingPosition } from "aws-cdk-lib/aws-lambda";
import { SqsDlq } from "aws-cdk-lib/aws-lambda-event-sources";
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
  readonly mappings = new Map<string, { mapping: EventSourceMapping; failures: Queue }>();

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
        onFailure: new SqsDlq(failures),
      });
      fn.addToRolePolicy(
        new PolicyStatement({
          actions: [
            "dynamodb:DescribeStream",
            "dynamodb:GetRecords",
            "dynamodb:GetShardIterator",
            "dynamodb:ListStreams",
          ],
          resources: [props.streamArn],
        }),
      );
      failures.grantSendMessages(fn);
      this.mappings.set(definition.name, { mapping, failures });
    }
  }
}
