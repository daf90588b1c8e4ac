// Infra tests (tests/infra): the domain events' EventBridge custom bus — the domain-events-stream function fed by its
// own event source mapping of the table's stream (bisecting a failing batch, reporting batch item failures, its place
// sent to an encrypted on-failure queue), given the bus's name and events:PutEvents on that bus only, and no access to
// the table's items; in both partitions (the bus's ARN comes from the bus itself, so arn:aws-cn in China). The bus is
// the stateful stack's (retained: integrators' rules attach to it).
import { Stack } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { exampleOidcSettings } from "../../infra/bin/synth-profiles.ts";
import { contextKeys } from "../../infra/config.ts";
import { eventBusEnvVar } from "../../infra/resources.ts";
import { exportName } from "../../infra/stacks/shared.ts";
import { actionsOf, logicalId, policyStatements, resourcesOf, synthesize } from "./support.ts";

const profiles = {
  aws: {},
  "aws-cn": {
    [contextKeys.partition]: "aws-cn",
    [contextKeys.region]: "cn-northwest-1",
    [contextKeys.oidc]: exampleOidcSettings,
  },
};

describe.each(Object.entries(profiles))("domain events in %s", (_name, context) => {
  const s = synthesize(context);
  const stack = s.built.stateless;
  const template = s.stateless;

  it("the bus is the stateful stack's, retained, and the publisher is given its name", () => {
    s.stateful.resourceCountIs("AWS::Events::EventBus", 1);
    template.resourceCountIs("AWS::Events::EventBus", 0);
    s.stateful.hasResource("AWS::Events::EventBus", {
      DeletionPolicy: "Retain",
      Properties: { Name: "Jiebang-Stateful-domain-events" },
    });
    expect(stack.domainEvents.publishers).toEqual(["domain-events-stream"]);
    const fn = stack.functions.get("domain-events-stream")!;
    const resources = template.toJSON()["Resources"] as Record<
      string,
      { Properties: Record<string, unknown> }
    >;
    const variables = (
      resources[logicalId(fn.function.node.defaultChild as never)]!.Properties["Environment"] as {
        Variables: Record<string, unknown>;
      }
    ).Variables;
    expect(variables[eventBusEnvVar]).toEqual({
      "Fn::ImportValue": exportName("Jiebang-Stateful", "eventBusName"),
    });
  });

  it("its own event source mapping: from the oldest record, bisecting, item failures reported, an on-failure queue", () => {
    const { mapping, failures, policy } = stack.outbox.mappings.get("domain-events-stream")!;
    // The stream's mappings are in a nested stack (the stateless stack is near CloudFormation's 500 resources).
    expect(Stack.of(mapping)).not.toBe(stack);
    const nested = Template.fromStack(Stack.of(mapping));
    const resources = nested.toJSON()["Resources"] as Record<
      string,
      { Properties: Record<string, unknown>; DependsOn?: string[] }
    >;
    const props = resources[logicalId(mapping.node.defaultChild as never)]!.Properties;
    expect(props).toMatchObject({
      StartingPosition: "TRIM_HORIZON",
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ["ReportBatchItemFailures"],
      MaximumRetryAttempts: 10,
      DestinationConfig: {
        OnFailure: { Destination: { "Fn::GetAtt": [logicalId(failures.node.defaultChild as never), "Arn"] } },
      },
    });
    // It reads the stream and may send to its queue only, granted before the mapping starts.
    expect(resources[logicalId(mapping.node.defaultChild as never)]!.DependsOn).toContain(
      logicalId(policy.node.defaultChild as never),
    );
    const statements = (
      resources[logicalId(policy.node.defaultChild as never)]!.Properties["PolicyDocument"] as {
        Statement: { Action: string[]; Resource: unknown }[];
      }
    ).Statement;
    expect(statements.map((st) => st.Action)).toEqual([
      ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams"],
      ["sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:SendMessage"],
    ]);
    // Not the notifications' mapping: two consumers, each with its own place.
    expect(stack.outbox.mappings.get("notifications-stream")!.mapping).not.toBe(mapping);
  });

  it("least privilege: events:PutEvents on this bus only, no table item access", () => {
    const fn = stack.functions.get("domain-events-stream")!;
    const statements = policyStatements(
      template,
      fn.role.node.findChild("DefaultPolicy").node.defaultChild as never,
    );
    const put = statements.filter((st) => actionsOf([st]).includes("events:PutEvents"));
    expect(put).toHaveLength(1);
    expect(actionsOf(put)).toEqual(["events:PutEvents"]);
    expect(resourcesOf(put[0]!)).toEqual([
      { "Fn::ImportValue": exportName("Jiebang-Stateful", "eventBusArn") },
    ]);
    // …which the stateful stack exports as the bus's own ARN (its partition's: arn:aws-cn in China).
    const outputs = s.stateful.toJSON()["Outputs"] as Record<
      string,
      { Value: unknown; Export?: { Name: string } }
    >;
    const arn = Object.values(outputs).find(
      (o) => o.Export?.Name === exportName("Jiebang-Stateful", "eventBusArn"),
    );
    expect(arn?.Value).toEqual({
      "Fn::GetAtt": [logicalId(s.built.stateful.eventBus.node.defaultChild as never), "Arn"],
    });
    const actions = actionsOf(statements);
    expect(
      actions.some((a) =>
        /^dynamodb:(Get|Put|Update|Delete|Query|Scan|BatchWrite|BatchGet|TransactWrite)/.test(a),
      ),
    ).toBe(false);
    // No other function may put events.
    for (const [name, other] of stack.functions) {
      if (name === "domain-events-stream") continue;
      const policy = other.role.node.tryFindChild("DefaultPolicy");
      if (!policy) continue;
      expect(actionsOf(policyStatements(template, policy.node.defaultChild as never)), name).not.toContain(
        "events:PutEvents",
      );
    }
  });
});
