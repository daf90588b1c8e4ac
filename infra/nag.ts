// cdk-nag acknowledgements (infra/): the helpers every stack uses to record why a finding is accepted.
import { Stack, Validations } from "aws-cdk-lib";
import { flattenCfnReference } from "cdk-nag/lib/utils/flatten-cfn-reference.js";
import type { IConstruct } from "constructs";

/**
 * Acknowledges one cdk-nag finding on one construct (and only its own subtree).
 * `rule` is the exact finding id, e.g. "AwsSolutions-S1" or "AwsSolutions-IAM5[Resource::*]":
 * cdk-nag 3 reports each IAM5 wildcard as its own finding, so each one is acknowledged on its own.
 */
export function acknowledge(construct: IConstruct, rule: string, reason: string): void {
  Validations.of(construct).acknowledge({ id: rule, reason });
}

/** The IAM5 finding id of one wildcard resource (an ARN string or token), as cdk-nag spells it. */
export function wildcardResourceFinding(scope: IConstruct, resource: string): string {
  const flat = flattenCfnReference(Stack.of(scope).resolve(resource));
  if (!flat.includes("*")) throw new Error(`${flat} has no wildcard: nothing to acknowledge`);
  return `AwsSolutions-IAM5[Resource::${flat}]`;
}

/** Acknowledges the IAM5 finding of exactly one wildcard resource on one policy. */
export function acknowledgeWildcardResource(policy: IConstruct, resource: string, reason: string): void {
  acknowledge(policy, wildcardResourceFinding(policy, resource), reason);
}
