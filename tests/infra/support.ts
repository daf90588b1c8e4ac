// Test support for tests/infra: builds the CDK app without bundling or cdk-nag and reads templates and IAM policies.

import type { CfnResource } from "aws-cdk-lib";
import { Stack } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { type BuiltApp, buildApp } from "../../infra/app.ts";

export interface Synthesized {
  readonly built: BuiltApp;
  readonly stateful: Template;
  readonly stateless: Template;
  /** The REST API's nested stack (infra/stacks/stateless-stack.ts `apiStack`): API Gateway, its WAF ACL and roles. */
  readonly api: Template;
}

/** One synth of both stacks, no asset bundling, no cdk-nag (the nag test registers it itself). */
export function synthesize(context: Record<string, unknown> = {}): Synthesized {
  // The default profile whatever JIEBANG_PARTITION / JIEBANG_REGION say in the shell (profiles.test.ts covers those).
  const built = buildApp({ bundle: false, nag: false, context, processEnv: {} });
  return {
    built,
    stateful: Template.fromStack(built.stateful),
    stateless: Template.fromStack(built.stateless),
    api: Template.fromStack(built.stateless.apiStack),
  };
}

export interface Statement {
  readonly Sid?: string;
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Condition?: unknown;
}

export function logicalId(resource: CfnResource): string {
  return Stack.of(resource).resolve(resource.logicalId) as string;
}

/** The statements of the default policy of a role construct (a function's or a state machine's). */
export function policyStatements(template: Template, roleDefaultPolicy: CfnResource): Statement[] {
  const resources = template.toJSON()["Resources"] as Record<string, { Properties: Record<string, unknown> }>;
  const policy = resources[logicalId(roleDefaultPolicy)];
  if (!policy) throw new Error(`no policy ${logicalId(roleDefaultPolicy)} in the template`);
  const document = policy.Properties["PolicyDocument"] as { Statement: Statement[] };
  return document.Statement;
}

export function actionsOf(statements: readonly Statement[]): string[] {
  return statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
}

export function resourcesOf(statement: Statement): unknown[] {
  return Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
}

/** Every Allow statement of every IAM policy and role in a template. */
export function allStatements(template: Template): Statement[] {
  const out: Statement[] = [];
  const resources = template.toJSON()["Resources"] as Record<
    string,
    { Type: string; Properties?: Record<string, unknown> }
  >;
  for (const resource of Object.values(resources)) {
    if (resource.Type === "AWS::IAM::Policy" || resource.Type === "AWS::IAM::ManagedPolicy") {
      const document = resource.Properties?.["PolicyDocument"] as { Statement?: Statement[] } | undefined;
      out.push(...(document?.Statement ?? []));
    }
    if (resource.Type === "AWS::IAM::Role") {
      const inline = (resource.Properties?.["Policies"] ?? []) as {
        PolicyDocument: { Statement: Statement[] };
      }[];
      for (const p of inline) out.push(...p.PolicyDocument.Statement);
    }
  }
  return out;
}

/** The stateless stack's resource that deploys the API's nested stack (AWS::CloudFormation::Stack). */
function apiStackResource(s: Synthesized): { id: string; parameters: Record<string, unknown> } {
  const resource = s.built.stateless.apiStack.nestedStackResource;
  if (!resource) throw new Error("the API's nested stack has no resource in the stateless stack");
  const id = logicalId(resource);
  const resources = s.stateless.toJSON()["Resources"] as Record<
    string,
    { Properties?: Record<string, unknown> }
  >;
  const parameters = (resources[id]?.Properties?.["Parameters"] ?? {}) as Record<string, unknown>;
  return { id, parameters };
}

/** The API nested stack's parameter that the stateless stack fills with `value` (e.g. a function's ARN). */
export function apiParameterFor(s: Synthesized, value: unknown): string {
  const { parameters } = apiStackResource(s);
  const names = Object.keys(parameters).filter(
    (name) => JSON.stringify(parameters[name]) === JSON.stringify(value),
  );
  if (names.length !== 1)
    throw new Error(`${names.length} parameters of the API's nested stack for ${JSON.stringify(value)}`);
  const declared = (s.api.toJSON()["Parameters"] ?? {}) as Record<string, unknown>;
  if (!declared[names[0]!]) throw new Error(`the API's nested template does not declare ${names[0]}`);
  return names[0]!;
}

/** How the stateless stack reads `value` of the API nested stack (e.g. {Ref: stage}): GetAtt of that stack's output. */
export function apiOutputOf(s: Synthesized, value: unknown): unknown {
  const outputs = (s.api.toJSON()["Outputs"] ?? {}) as Record<string, { Value: unknown }>;
  const names = Object.keys(outputs).filter(
    (name) => JSON.stringify(outputs[name]!.Value) === JSON.stringify(value),
  );
  if (names.length !== 1)
    throw new Error(`${names.length} outputs of the API's nested stack for ${JSON.stringify(value)}`);
  return { "Fn::GetAtt": [apiStackResource(s).id, `Outputs.${names[0]}`] };
}
