// CDK construct (infra/constructs): one Standard state machine of functions/catalog.ts, defined by its ASL file under
// workflows/ with `${Placeholder}` substitutions, logging ALL and traced; it may invoke only its own functions.
import path from "node:path";
import { ArnFormat, RemovalPolicy, type Stack } from "aws-cdk-lib";
import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import { LogGroup } from "aws-cdk-lib/aws-logs";
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from "aws-cdk-lib/aws-stepfunctions";
import { Construct } from "constructs";
import type { StateMachineDefinition } from "../../functions/catalog.ts";
import { acknowledge } from "../nag.ts";
import { logRetention, projectRoot, type WorkflowRef } from "./catalog-function.ts";

/**
 * Name and ARNs of a catalog state machine, computed from the stack name alone. Functions receive these instead of
 * a reference to the machine, so a task function may start or complete any machine (even the one that invokes it)
 * without a circular dependency.
 */
export function workflowRef(stack: Stack, name: string): WorkflowRef {
  const stateMachineName = `${stack.stackName}-${name}`;
  const arn = (resource: string, resourceName: string) =>
    stack.formatArn({ service: "states", resource, resourceName, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
  return {
    name,
    stateMachineName,
    stateMachineArn: arn("stateMachine", stateMachineName),
    executionsArn: arn("execution", `${stateMachineName}:*`),
  };
}

export interface WorkflowProps {
  readonly definition: StateMachineDefinition;
  readonly ref: WorkflowRef;
  /** Catalog function name -> deployed function. */
  readonly functions: ReadonlyMap<string, IFunction>;
}

export class Workflow extends Construct {
  readonly stateMachine: StateMachine;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: WorkflowProps) {
    super(scope, id);
    const def = props.definition;

    const substitutions: Record<string, string> = {};
    const invoked: IFunction[] = [];
    for (const [placeholder, functionName] of Object.entries(def.functionSubstitutions)) {
      const fn = props.functions.get(functionName);
      if (!fn)
        throw new Error(
          `state machine ${def.name}: \${${placeholder}} names unknown function ${functionName}`,
        );
      substitutions[placeholder] = fn.functionArn;
      if (!invoked.includes(fn)) invoked.push(fn);
    }

    this.logGroup = new LogGroup(this, "Logs", {
      // The /aws/vendedlogs/ prefix keeps CloudWatch Logs' resource policy small as machines are added.
      logGroupName: `/aws/vendedlogs/states/${props.ref.stateMachineName}`,
      retention: logRetention,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.stateMachine = new StateMachine(this, "StateMachine", {
      stateMachineName: props.ref.stateMachineName,
      stateMachineType: StateMachineType.STANDARD,
      comment: def.description,
      definitionBody: DefinitionBody.fromFile(path.join(projectRoot, def.file)),
      definitionSubstitutions: substitutions,
      logs: { destination: this.logGroup, level: LogLevel.ALL, includeExecutionData: false },
      tracingEnabled: true,
    });
    // Only the unqualified ARNs the definition names (no `:*` versions or aliases).
    this.stateMachine.addToRolePolicy(
      new PolicyStatement({
        sid: "InvokeOwnTaskFunctions",
        actions: ["lambda:InvokeFunction"],
        resources: invoked.map((fn) => fn.functionArn),
      }),
    );

    const policy = this.stateMachine.role.node.findChild("DefaultPolicy");
    acknowledge(
      policy,
      "AwsSolutions-IAM5[Resource::*]",
      "Added by CDK for execution logging and X-Ray tracing: the CloudWatch Logs vended-delivery actions " +
        "(logs:CreateLogDelivery, GetLogDelivery, UpdateLogDelivery, DeleteLogDelivery, ListLogDeliveries, " +
        "PutResourcePolicy, DescribeResourcePolicies, DescribeLogGroups) and the X-Ray write actions support no " +
        "resource-level permissions, so AWS requires Resource '*'. Lambda invocation is limited to this machine's functions.",
    );
  }
}
