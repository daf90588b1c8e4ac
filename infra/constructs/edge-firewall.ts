// CDK construct (infra/constructs): the CloudFront-scope WAF web ACL of the console's distribution (partition aws,
// us-east-1 only: CloudFront web ACLs live there, and AWS China has regional WAF only). Its rate rule sees the viewer's
// own address, which the API's regional web ACL behind CloudFront cannot.
import { Stack } from "aws-cdk-lib";
import { CfnWebACL } from "aws-cdk-lib/aws-wafv2";
import { Construct } from "constructs";
import { wafRateLimit } from "../config.ts";

export class EdgeFirewall extends Construct {
  readonly webAcl: CfnWebACL;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const stack = Stack.of(this);
    const metric = (name: string) => ({
      cloudWatchMetricsEnabled: true,
      sampledRequestsEnabled: true,
      metricName: `${stack.stackName}-edge-${name}`.replace(/[^A-Za-z0-9_-]/g, "-"),
    });
    this.webAcl = new CfnWebACL(this, "WebAcl", {
      scope: "CLOUDFRONT",
      defaultAction: { allow: {} },
      visibilityConfig: metric("console"),
      rules: [
        {
          name: "RateLimitPerViewerIp",
          priority: 0,
          action: { block: {} },
          statement: { rateBasedStatement: { aggregateKeyType: "IP", limit: wafRateLimit(this) } },
          visibilityConfig: metric("rate-limit-per-viewer-ip"),
        },
        {
          name: "AWSManagedRulesCommonRuleSet",
          priority: 1,
          overrideAction: { none: {} },
          statement: {
            managedRuleGroupStatement: {
              vendorName: "AWS",
              name: "AWSManagedRulesCommonRuleSet",
              ruleActionOverrides: [{ name: "SizeRestrictions_BODY", actionToUse: { count: {} } }],
            },
          },
          visibilityConfig: metric("common-rule-set"),
        },
        {
          name: "AWSManagedRulesKnownBadInputsRuleSet",
          priority: 2,
          overrideAction: { none: {} },
          statement: {
            managedRuleGroupStatement: { vendorName: "AWS", name: "AWSManagedRulesKnownBadInputsRuleSet" },
          },
          visibilityConfig: metric("known-bad-inputs"),
        },
      ],
    });
  }
}
