// cdk-nag acknowledgements (infra/): the one helper every stack uses to record why a finding is accepted.
import { Validations } from "aws-cdk-lib";
import type { IConstruct } from "constructs";

/**
 * Acknowledges one cdk-nag finding on one construct (and only its own subtree).
 * `rule` is the exact finding id, e.g. "AwsSolutions-S1" or "AwsSolutions-IAM5[Resource::*]":
 * cdk-nag 3 reports each IAM5 wildcard as its own finding, so each one is acknowledged on its own.
 */
export function acknowledge(construct: IConstruct, rule: string, reason: string): void {
  Validations.of(construct).acknowledge({ id: rule, reason });
}
