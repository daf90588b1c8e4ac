// CDK construct (infra/constructs): one Standard state machine of functions/catalog.ts, defined by its ASL file under
// workflows/ with `${Placeholder}` substitutions, logging ALL and traced; it may invoke only its own functions.
import path from "node:path";
import { ArnFormat, RemovalPolicy, type Stack } from "aws-cdk-lib";
import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import { LogGroup } from "aws-cdk-lib/aws-logs";
import {
  CfnStateMachineAlias,
  CfnStateMachineVersion,
  DefinitionBody,
  LogLevel,
  StateMachine,
  StateMachineType,
} from "aws-cdk-lib/aws-stepfunctions";
import { Construct } from "constructs";
import { type StateMachineDefinition, stateMachineAliasName } from "../../functions/catalog.ts";
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
    aliasArn: arn("stateMachine", `${stateMachineName}:${stateMachineAliasName}`),
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
  /** The version this deployment published (a new one whenever the definition or role changes). */
  readonly version: CfnStateMachineVersion;
  /** `live`: executions start through it, on the version it points to. */
  readonly alias: CfnStateMachineAlias;

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

    // Safe deploys: each deployment that changes the machine publishes a version (the revision id changes, so the
    // version resource is replaced) and moves the alias to it. Old versions are retained, not deleted: executions that
    // started on them run to their end on their own definition, and a roll-back points the alias at one of them
    // (docs/deploy.md, "Upgrade and roll-back").
    this.version = new CfnStateMachineVersion(this, "Version", {
      stateMachineArn: this.stateMachine.stateMachineArn,
      stateMachineRevisionId: this.stateMachine.stateMachineRevisionId,
      description: `${def.name}: published by the deployment of this revision`,
    });
    this.version.applyRemovalPolicy(RemovalPolicy.RETAIN);
    this.alias = new CfnStateMachineAlias(this, "Alias", {
      name: stateMachineAliasName,
      description: `${def.name}: the version new executions start on`,
      routingConfiguration: [{ stateMachineVersionArn: this.version.attrArn, weight: 100 }],
    });

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
