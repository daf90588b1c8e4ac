// CDK stack (infra/stacks): everything that can be redeployed without losing data — one Lambda function per catalog
// entry, one Standard state machine per ASL file and the REST API (in its own nested stack, "ApiStack", to keep both
// templates under CloudFormation's 500 resources), wired to the stateful stack's table, buckets and users; the alarms
// (infra/constructs/monitoring.ts) and the operators' console on CloudFront (infra/constructs/console-site.ts).
import { Annotations, CfnOutput, NestedStack, Stack, type StackProps } from "aws-cdk-lib";
import { UserPool } from "aws-cdk-lib/aws-cognito";
import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import type { Construct } from "constructs";
import {
  deployedFunctions,
  type FunctionDefinition,
  functions,
  identityAuthorizerFunction,
  type RouteDefinition,
  routes,
  type StateMachineDefinition,
  stateMachines,
} from "../../functions/catalog.ts";
import { openDataPath } from "../../functions/opendata/model.ts";
import { oidcSettingsEnvVar } from "../../functions/platform/identity/settings.ts";
import { identityConfig, openDataPublisher, profileOf } from "../config.ts";
import { Api } from "../constructs/api.ts";
import { CatalogFunction, type WorkflowRef } from "../constructs/catalog-function.ts";
import { ConsoleSite } from "../constructs/console-site.ts";
import { DomainEvents } from "../constructs/domain-events.ts";
import { EdgeFirewall } from "../constructs/edge-firewall.ts";
import { Monitoring } from "../constructs/monitoring.ts";
import { OutboxStream } from "../constructs/outbox-stream.ts";
import { Schedules } from "../constructs/schedules.ts";
import { SdkLayer } from "../constructs/sdk-layer.ts";
import { Workflow, workflowRef } from "../constructs/workflow.ts";
import { acknowledgeWildcardResource } from "../nag.ts";
import { auditBucket, evidenceBucket, publicFilesEnvVar } from "../resources.ts";
import type { StatefulRefs } from "./shared.ts";

export interface StatelessStackProps extends StackProps {
  /** The stateful stack's table, buckets and user pool (imports of its named exports). */
  readonly stateful: StatefulRefs;
  /** Defaults to the catalog (functions/catalog.ts); tests may pass variants. */
  readonly catalog?: {
    readonly functions: readonly FunctionDefinition[];
    readonly routes: readonly RouteDefinition[];
    readonly stateMachines: readonly StateMachineDefinition[];
  };
}

export class StatelessStack extends Stack {
  readonly functions = new Map<string, CatalogFunction>();
  readonly workflows = new Map<string, Workflow>();
  /** The REST API's nested stack (its routes' resources and methods would take the parent over 500 resources). */
  readonly apiStack: NestedStack;
  readonly api: Api;
  readonly monitoring: Monitoring;
  readonly schedules: Schedules;
  readonly outbox: OutboxStream;
  readonly domainEvents: DomainEvents;
  readonly consoleSite: ConsoleSite;
  /** The console distribution's CloudFront-scope web ACL (partition aws, us-east-1). */
  readonly edgeFirewall?: EdgeFirewall;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const identity = identityConfig(this);
    const given = props.catalog ?? { functions, routes, stateMachines };
    // The OpenID Connect authorizer exists only with identity=oidc (functions/catalog.ts `identity`).
    const catalog = { ...given, functions: deployedFunctions(given.functions, identity.mode) };
    const shared = props.stateful;

    const refs = new Map<string, WorkflowRef>(
      catalog.stateMachines.map((sm) => [sm.name, workflowRef(this, sm.name)]),
    );

    const sdk = new SdkLayer(this, "AwsSdk");
    for (const definition of catalog.functions) {
      const fn = new CatalogFunction(this, `Fn-${definition.name}`, {
        definition,
        sdkLayer: sdk.layer,
        table: { tableName: shared.tableName, tableArn: shared.tableArn },
        buckets: {
          evidence: {
            definition: evidenceBucket,
            bucketName: shared.evidenceBucketName,
            bucketArn: shared.evidenceBucketArn,
          },
          audit: {
            definition: auditBucket,
            bucketName: shared.auditBucketName,
            bucketArn: shared.auditBucketArn,
          },
        },
        workflows: refs,
        auditDigestKeyArn: shared.auditDigestKeyArn,
        // HTTP handlers may check a token's audience (`aud`, the web client) on top of the gateway's signature check.
        environment:
          definition.name === identityAuthorizerFunction && identity.mode === "oidc"
            ? { [oidcSettingsEnvVar]: JSON.stringify(identity.settings) }
            : definition.kind === "http" && shared.userPoolId && shared.userPoolClientId
              ? { USER_POOL_ID: shared.userPoolId, USER_POOL_CLIENT_ID: shared.userPoolClientId }
              : {},
      });
      this.functions.set(definition.name, fn);
    }
    const deployed = new Map<string, IFunction>([...this.functions].map(([name, fn]) => [name, fn.function]));

    for (const definition of catalog.stateMachines) {
      const ref = refs.get(definition.name) as WorkflowRef;
      const workflow = new Workflow(this, `Sm-${definition.name}`, { definition, ref, functions: deployed });
      this.workflows.set(definition.name, workflow);
      new CfnOutput(this, `StateMachineArn${pascal(definition.name)}`, {
        value: workflow.stateMachine.stateMachineArn,
      });
    }

    // Identity seam (infra/config.ts): the stateful stack's user pool where identity is `cognito`, else none.
    const userPool =
      identity.mode === "cognito" && shared.userPoolArn
        ? UserPool.fromUserPoolArn(this, "UserPool", shared.userPoolArn)
        : undefined;
    if (identity.mode === "cognito" && !userPool)
      throw new Error("identity=cognito needs the stateful user pool");
    // The functions stay here: the nested stack gets their ARNs as parameters; its outputs give back the API's ids.
    this.apiStack = new NestedStack(this, "ApiStack", {
      description: "jiebang REST API (nested stack of Jiebang-Stateless, deployed with it)",
    });
    this.api = new Api(this.apiStack, "Api", {
      routes: catalog.routes,
      functions: deployed,
      identity: userPool ? { userPool } : { authorizer: deployed.get(identityAuthorizerFunction)! },
    });

    // Scheduled task functions (the stuck-execution sweep every 15 minutes) on EventBridge rules.
    this.schedules = new Schedules(this, "Schedules", { functions: catalog.functions, deployed });
    // The table's stream to the notifications' delivery (docs/notifications.md).
    // …in a nested stack: the stateless stack is near CloudFormation's 500 resources (its mappings and queues count
    // there as one).
    this.outbox = new OutboxStream(new NestedStack(this, "OutboxStreams"), "Outbox", {
      functions: catalog.functions,
      deployed,
      streamArn: shared.tableStreamArn,
    });
    // Domain events for integrators on an EventBridge custom bus (docs/events.md).
    this.domainEvents = new DomainEvents(this, "DomainEvents", {
      functions: catalog.functions,
      deployed: new Map([...this.functions].map(([name, fn]) => [name, fn.function])),
      eventBusName: shared.eventBusName,
      eventBusArn: shared.eventBusArn,
    });

    // Alarms (stuck or failed executions, failed payments) to an encrypted SNS topic; the console on CloudFront.
    this.monitoring = new Monitoring(this, "Monitoring", {
      stateMachines: new Map([...this.workflows].map(([name, w]) => [name, w.stateMachine])),
      alarmGroups: new Map(
        catalog.stateMachines.flatMap((sm) => (sm.alarmGroup ? [[sm.name, sm.alarmGroup] as const] : [])),
      ),
      taskFunctions: new Map(
        catalog.functions
          // The authorizer's refusals are errors by design (API Gateway's 401): no alarm on them.
          .filter(
            (f) => f.kind === "task" && f.name !== identityAuthorizerFunction && !f.schedule?.dailyAtUtc,
          )
          .map((f) => [f.name, deployed.get(f.name) as IFunction]),
      ),
      dailyFunctions: new Map(
        catalog.functions
          .filter((f) => f.schedule?.dailyAtUtc)
          .map((f) => [f.name, deployed.get(f.name) as IFunction]),
      ),
      paymentStateMachine: "payment",
    });
    const profile = profileOf(this);
    if (profile.partition === "aws" && profile.region === "us-east-1")
      this.edgeFirewall = new EdgeFirewall(this, "Edge");
    this.consoleSite = new ConsoleSite(this, "Console", {
      api: this.api.restApi,
      identity: identity.mode === "oidc" ? identity : { userPool: userPool! },
      ...(this.edgeFirewall ? { webAclArn: this.edgeFirewall.webAcl.attrArn } : {}),
    });
    this.wireOpenData(catalog.functions);
  }

  /**
   * Open data's daily file (docs/open-data.md "Daily file"): its writer reads and writes `open-data/360giving/*` in the
   * console's site bucket, which the distribution serves to anyone (OAC in aws, OAI in aws-cn) on the console's own
   * name — no public bucket, and in AWS China the console's ICP-recorded domain. ListBucket (no object access) makes
   * S3 answer a missing day's file with 404 rather than 403.
   */
  private wireOpenData(definitions: readonly FunctionDefinition[]): void {
    // The publisher (its 360Giving prefix, the bureau's code and name) for the API and the daily file alike.
    const publisher = openDataPublisher(this);
    if (!publisher)
      Annotations.of(this).addWarningV2(
        "jiebang:open-data-publisher",
        "open data is published under the local demo's 360Giving prefix and funder: set -c jiebang:openDataPrefix, " +
          "-c jiebang:funderUscc and -c jiebang:funderName (docs/deploy.md, docs/open-data.md)",
      );
    for (const definition of definitions) {
      if (!definition.entry.startsWith("functions/opendata/")) continue;
      const fn = (this.functions.get(definition.name) as CatalogFunction).function;
      for (const [name, value] of Object.entries(publisher ?? {})) fn.addEnvironment(name, value);
    }
    const bucket = this.consoleSite.bucket;
    const files = bucket.arnForObjects(`${openDataPath}*`);
    for (const definition of definitions) {
      if (!definition.access.writesOpenDataFiles) continue;
      const fn = this.functions.get(definition.name) as CatalogFunction;
      fn.function.addEnvironment(publicFilesEnvVar, bucket.bucketName);
      fn.role.addToPolicy(
        new PolicyStatement({
          sid: "OpenDataFiles",
          actions: ["s3:GetObject", "s3:PutObject"],
          resources: [files],
        }),
      );
      fn.role.addToPolicy(
        new PolicyStatement({
          sid: "SiteBucketList",
          actions: ["s3:ListBucket"],
          resources: [bucket.bucketArn],
        }),
      );
      acknowledgeWildcardResource(
        fn.role.node.findChild("DefaultPolicy"),
        files,
        "Open data's daily files: one object per day (open-data/360giving/<date>.json and .csv, named at run time) and " +
          "latest.*; the wildcard covers this prefix of the console's bucket only, with GetObject and PutObject.",
      );
    }
  }
}

function pascal(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join("");
}
