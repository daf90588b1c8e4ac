// CDK construct (infra/constructs): the domain events' publishers — the catalog's functions that `publishesEvents`
// given the custom bus's name (the bus is the stateful stack's, docs/events.md) and events:PutEvents on that bus only
// (its ARN as the stateful stack exports it, so arn:aws-cn:events:… in China). Adds no resource of its own.
import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import type { Function as LambdaFunction } from "aws-cdk-lib/aws-lambda";
import { Construct } from "constructs";
import type { FunctionDefinition } from "../../functions/catalog.ts";
import { eventBusEnvVar } from "../resources.ts";

export interface DomainEventsProps {
  readonly functions: readonly FunctionDefinition[];
  readonly deployed: ReadonlyMap<string, LambdaFunction>;
  readonly eventBusName: string;
  readonly eventBusArn: string;
}

export class DomainEvents extends Construct {
  /** The publishing functions' names. */
  readonly publishers: string[] = [];

  constructor(scope: Construct, id: string, props: DomainEventsProps) {
    super(scope, id);
    for (const definition of props.functions) {
      if (!definition.access.publishesEvents) continue;
      const fn = props.deployed.get(definition.name);
      if (!fn) throw new Error(`${definition.name}: an event publisher not deployed`);
      fn.addEnvironment(eventBusEnvVar, props.eventBusName);
      fn.addToRolePolicy(
        new PolicyStatement({ actions: ["events:PutEvents"], resources: [props.eventBusArn] }),
      );
      this.publishers.push(definition.name);
    }
  }
}
