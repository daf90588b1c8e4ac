// Infra tests (tests/infra): observability in AWS — the alarms (executions that end badly per state machine, stuck
// executions, failed payments) notifying an encrypted, TLS-only SNS topic, and the operators' console on S3 +
// CloudFront (API on the same origin) with Cognito's Hosted UI (domain + console client with its callback URL).
import type { CfnResource } from "aws-cdk-lib";
import { Match, type Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { functions as catalogFunctions, deployedFunctions, stateMachines } from "../../functions/catalog.ts";

import { metricNames, metricsNamespace } from "../../functions/platform/metrics.ts";
import { consoleConfig, indexRewriteCode } from "../../infra/constructs/console-site.ts";
import { apiOutputOf, logicalId, policyStatements, type Synthesized, synthesize } from "./support.ts";

/** The catalog's functions a deployment with the default identity (Cognito) has. */
const functions = deployedFunctions(catalogFunctions, "cognito");

let s: Synthesized;
let template: Template;
// biome-ignore lint/suspicious/noExplicitAny: synthesized CloudFormation JSON is untyped; the assertions narrow it.
let resources: Record<string, { Type: string; Properties: Record<string, any> }>;
beforeAll(() => {
  s = synthesize();
  template = s.stateless;
  resources = template.toJSON()["Resources"];
});

const idOf = (construct: { node: { defaultChild?: unknown } }) =>
  logicalId(construct.node.defaultChild as CfnResource);
type MetricQuery = {
  Id: string;
  Expression?: string;
  MetricStat?: { Metric: Record<string, unknown>; Stat: string; Period: number };
};

function alarm(id: string) {
  const construct = s.built.stateless.monitoring.alarms.get(id);
  if (!construct) throw new Error(`no alarm ${id}`);
  return resources[idOf(construct)]!.Properties;
}
function queries(id: string): MetricQuery[] {
  return alarm(id)["Metrics"] as MetricQuery[];
}
const metricOf = (q: MetricQuery) => q.MetricStat?.Metric;

describe("alarms", () => {
  it("every alarm notifies the topic, which is KMS-encrypted (key rotated, usable by CloudWatch) and TLS-only", () => {
    const monitoring = s.built.stateless.monitoring;
    const topicId = idOf(monitoring.topic);
    const keyId = idOf(monitoring.key);
    expect(resources[topicId]!.Properties["KmsMasterKeyId"]).toEqual({ "Fn::GetAtt": [keyId, "Arn"] });
    expect(resources[keyId]!.Properties["EnableKeyRotation"]).toBe(true);
    const keyStatements = resources[keyId]!.Properties["KeyPolicy"].Statement as {
      Principal: { Service?: string };
      Action: string[];
    }[];
    const forCloudWatch = keyStatements.find((st) => st.Principal.Service === "cloudwatch.amazonaws.com");
    expect(forCloudWatch?.Action).toEqual(expect.arrayContaining(["kms:Decrypt", "kms:GenerateDataKey*"]));
    template.hasResourceProperties("AWS::SNS::TopicPolicy", {
      Topics: [{ Ref: topicId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
        ]),
      },
    });
    const alarms = Object.values(resources).filter((r) => r.Type === "AWS::CloudWatch::Alarm");
    expect(alarms.length).toBe(monitoring.alarms.size);
    // One per state machine, except the machines of an alarm group, which share one (catalog `alarmGroup`).
    const alarmed = new Set(stateMachines.map((m) => m.alarmGroup ?? m.name));
    // …plus four platform-wide ones and one per daily run (open data's daily file).
    const daily = functions.filter((f) => f.schedule?.dailyAtUtc).length;
    expect(daily).toBe(1);
    expect(alarms.length).toBe(alarmed.size + 4 + daily);
    for (const a of alarms) {
      expect(a.Properties["AlarmActions"]).toEqual([{ Ref: topicId }]);
      expect(a.Properties["TreatMissingData"]).toBe("notBreaching");
      expect(a.Properties["ComparisonOperator"]).toBe("GreaterThanOrEqualToThreshold");
      expect(a.Properties["Threshold"]).toBe(1);
    }
  });

  it("each state machine: an execution failed, timed out or aborted (its own alarm, or its group's)", () => {
    for (const machine of stateMachines) {
      const sm = s.built.stateless.workflows.get(machine.name)!.stateMachine;
      const group = stateMachines.filter((m) => machine.alarmGroup && m.alarmGroup === machine.alarmGroup);
      const q = queries(`ExecutionsEndedBadly-${machine.alarmGroup ?? machine.name}`);
      const names = q.map(metricOf).filter((m): m is Record<string, unknown> => m !== undefined);
      const mine = names.filter(
        (m) =>
          JSON.stringify(m["Dimensions"]) ===
          JSON.stringify([{ Name: "StateMachineArn", Value: { Ref: idOf(sm) } }]),
      );
      expect(mine.map((m) => String(m["MetricName"])).sort()).toEqual([
        "ExecutionsAborted",
        "ExecutionsFailed",
        "ExecutionsTimedOut",
      ]);
      for (const m of names) expect(m["Namespace"]).toBe("AWS/States");
      // An alarm's metric math takes at most ten metrics.
      expect(names.length).toBe(3 * Math.max(1, group.length));
      expect(names.length).toBeLessThanOrEqual(10);
      const expression = q.find((x) => x.Expression)?.Expression;
      if (group.length === 0)
        expect(expression).toBe("FILL(failed, 0) + FILL(timedOut, 0) + FILL(aborted, 0)");
      else expect(expression).toContain(`FILL(failed${group.indexOf(machine)}, 0)`);
    }
  });

  it("a failed payment: the EMF metric and the payment machine's failed executions", () => {
    const q = queries("PaymentFailed");
    const business = q.map(metricOf).find((m) => m?.Namespace === metricsNamespace);
    expect(business).toEqual({
      Namespace: "Jiebang",
      MetricName: metricNames.paymentFailures,
      Dimensions: [{ Name: "Service", Value: "jiebang" }],
    });
    const payment = s.built.stateless.workflows.get("payment")!.stateMachine;
    const executions = q.map(metricOf).find((m) => m?.Namespace === "AWS/States");
    expect(executions).toMatchObject({
      MetricName: "ExecutionsFailed",
      Dimensions: [{ Name: "StateMachineArn", Value: { Ref: idOf(payment) } }],
    });
  });

  it("stuck: a payment approval overdue (EMF) and task functions failing while Step Functions retries them", () => {
    expect(alarm("PaymentApprovalOverdue")).toMatchObject({
      Namespace: "Jiebang",
      MetricName: metricNames.paymentApprovalsOverdue,
      Dimensions: [{ Name: "Service", Value: "jiebang" }],
      Statistic: "Sum",
      Period: 3600,
    });
    const failing = alarm("TaskFunctionsFailing");
    expect(failing).toMatchObject({ EvaluationPeriods: 3, DatapointsToAlarm: 2 });
    const lambdaErrors = (failing["Metrics"] as MetricQuery[]).map(metricOf).filter(Boolean);
    // A daily run (open data's daily file) has its own alarm, below.
    const taskFunctions = functions.filter((f) => f.kind === "task" && !f.schedule?.dailyAtUtc);
    expect(lambdaErrors).toHaveLength(taskFunctions.length);
    for (const f of taskFunctions) {
      const ref = { Ref: idOf(s.built.stateless.functions.get(f.name)!.function) };
      expect(lambdaErrors).toContainEqual({
        Namespace: "AWS/Lambda",
        MetricName: "Errors",
        Dimensions: [{ Name: "FunctionName", Value: ref }],
      });
    }
  });
});

describe("Powertools settings of the functions", () => {
  it("each function names itself as the service, and turns Powertools Tracer on with its X-Ray tracing", () => {
    for (const def of functions) {
      const props = resources[idOf(s.built.stateless.functions.get(def.name)!.function)]!.Properties;
      expect(props["TracingConfig"], def.name).toEqual({ Mode: "Active" });
      expect(props["Environment"].Variables, def.name).toMatchObject({
        POWERTOOLS_SERVICE_NAME: def.name,
        POWERTOOLS_TRACE_ENABLED: "true",
      });
    }
  });
});

describe("stuck-execution sweep", () => {
  it("an alarm on StuckExecutions ≥ 1 (the sweep's EMF metric, platform-wide, per 15 minutes)", () => {
    expect(alarm("StuckExecutions")).toMatchObject({
      Namespace: "Jiebang",
      MetricName: metricNames.stuckExecutions,
      Dimensions: [{ Name: "Service", Value: "jiebang" }],
      Statistic: "Maximum",
      Period: 900,
      Threshold: 1,
      ComparisonOperator: "GreaterThanOrEqualToThreshold",
      EvaluationPeriods: 1,
    });
  });

  it("an EventBridge rule runs the sweep function every 15 minutes, the only caller its resource policy allows", () => {
    const scheduled = functions.filter((f) => f.schedule);
    expect(scheduled.map((f) => [f.name, f.kind, f.schedule?.everyMinutes])).toEqual([
      ["open-data-daily", "task", undefined],
      ["notification-sweep", "task", 1],
      ["audit-digest", "task", 60],
      ["stuck-execution-sweep", "task", 15],
    ]);
    const fn = s.built.stateless.functions.get("stuck-execution-sweep")!;
    const rule = s.built.stateless.schedules.rules.get("stuck-execution-sweep")!;
    const ruleId = logicalId(rule.node.defaultChild as CfnResource);
    const rules = Object.values(resources).filter((r) => r.Type === "AWS::Events::Rule");
    expect(rules).toHaveLength(scheduled.length);
    expect(resources[ruleId]!.Properties).toMatchObject({
      ScheduleExpression: "rate(15 minutes)",
      State: "ENABLED",
      Targets: [
        {
          Arn: { "Fn::GetAtt": [idOf(fn.function), "Arn"] },
          RetryPolicy: { MaximumEventAgeInSeconds: 840, MaximumRetryAttempts: 2 },
        },
      ],
    });
    expect(resources[ruleId]!.Properties["Targets"][0]).not.toHaveProperty("Input");
    const permissions = Object.values(resources).filter(
      (r) =>
        r.Type === "AWS::Lambda::Permission" &&
        JSON.stringify(r.Properties["FunctionName"]).includes(idOf(fn.function)),
    );
    expect(permissions.map((p) => p.Properties)).toEqual([
      {
        Action: "lambda:InvokeFunction",
        FunctionName: { "Fn::GetAtt": [idOf(fn.function), "Arn"] },
        Principal: "events.amazonaws.com",
        SourceArn: { "Fn::GetAtt": [ruleId, "Arn"] },
      },
    ]);
  });

  it("open data's daily file: a rule at 16:00 UTC (00:00 Asia/Shanghai) daily; the function reads the table and writes open-data/360giving/* of the console bucket only", () => {
    const fn = s.built.stateless.functions.get("open-data-daily")!;
    const rule = s.built.stateless.schedules.rules.get("open-data-daily")!;
    expect(resources[logicalId(rule.node.defaultChild as CfnResource)]!.Properties).toMatchObject({
      ScheduleExpression: "cron(0 16 * * ? *)",
      State: "ENABLED",
      Targets: [
        {
          Arn: { "Fn::GetAtt": [idOf(fn.function), "Arn"] },
          RetryPolicy: { MaximumEventAgeInSeconds: 86_340, MaximumRetryAttempts: 2 },
        },
      ],
    });
    const siteBucket = idOf(s.built.stateless.consoleSite.bucket);
    expect(resources[idOf(fn.function)]!.Properties["Environment"]["Variables"]).toMatchObject({
      PUBLIC_FILES_BUCKET: { Ref: siteBucket },
    });
    const statements = policyStatements(
      template,
      fn.role.node.findChild("DefaultPolicy").node.defaultChild as CfnResource,
    );
    const s3 = statements.filter((st) =>
      (Array.isArray(st.Action) ? st.Action : [st.Action]).some((a: string) => a.startsWith("s3:")),
    );
    expect(s3).toEqual([
      {
        Sid: "OpenDataFiles",
        Effect: "Allow",
        Action: ["s3:GetObject", "s3:PutObject"],
        Resource: { "Fn::Join": ["", [{ "Fn::GetAtt": [siteBucket, "Arn"] }, "/open-data/360giving/*"]] },
      },
      {
        Sid: "SiteBucketList",
        Effect: "Allow",
        Action: "s3:ListBucket",
        Resource: { "Fn::GetAtt": [siteBucket, "Arn"] },
      },
    ]);
    const actions = statements.flatMap((st) => (Array.isArray(st.Action) ? st.Action : [st.Action]));
    expect(actions.filter((a) => a.startsWith("dynamodb:") && /Put|Update|Delete|Write/.test(a))).toEqual([]);
    // A failed day alarms on its own (any error in an hour).
    expect(alarm("DailyRunFailed-open-data-daily")).toMatchObject({
      MetricName: "Errors",
      Namespace: "AWS/Lambda",
      Dimensions: [{ Name: "FunctionName", Value: { Ref: idOf(fn.function) } }],
      Statistic: "Sum",
      Period: 3600,
      Threshold: 1,
    });
  });

  it("the sweep function reads executions only: no table, no buckets, no start, no callbacks", () => {
    const fn = s.built.stateless.functions.get("stuck-execution-sweep")!;
    const statements = policyStatements(
      template,
      fn.role.node.findChild("DefaultPolicy").node.defaultChild as CfnResource,
    );
    const actions = statements.flatMap((st) => (Array.isArray(st.Action) ? st.Action : [st.Action]));
    const states = actions.filter((a) => a.startsWith("states:")).sort();
    expect(states).toEqual([
      "states:DescribeExecution",
      "states:DescribeStateMachine",
      "states:GetExecutionHistory",
      "states:ListExecutions",
    ]);
    expect(actions.filter((a) => /^(dynamodb|s3|kms):/.test(a))).toEqual([]);
    expect(resources[idOf(fn.function)]!.Properties["Timeout"]).toBe(300);
  });
});

describe("console on S3 + CloudFront with the Hosted UI", () => {
  it("a private, TLS-only bucket read by CloudFront through origin access control", () => {
    const site = s.built.stateless.consoleSite;
    const bucket = resources[idOf(site.bucket)]!.Properties;
    expect(bucket["PublicAccessBlockConfiguration"]).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket["LoggingConfiguration"]).toMatchObject({ LogFilePrefix: "site/" });
    template.resourceCountIs("AWS::CloudFront::OriginAccessControl", 1);
    template.hasResourceProperties("AWS::S3::BucketPolicy", {
      Bucket: { Ref: idOf(site.bucket) },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
          Match.objectLike({
            Effect: "Allow",
            Principal: { Service: "cloudfront.amazonaws.com" },
            Action: "s3:GetObject",
          }),
        ]),
      },
    });
  });

  it("routes /v1/* to the REST API uncached, with every viewer header but Host; the rest to the bucket over HTTPS", () => {
    const site = s.built.stateless.consoleSite;
    const config = resources[idOf(site.distribution)]!.Properties["DistributionConfig"];
    expect(config.DefaultCacheBehavior.ViewerProtocolPolicy).toBe("redirect-to-https");
    expect(config.DefaultCacheBehavior.FunctionAssociations).toHaveLength(1);
    expect(config.Logging).toMatchObject({ Prefix: "cloudfront/" });
    const api = config.CacheBehaviors.find((b: { PathPattern: string }) => b.PathPattern === "/v1/*");
    expect(api).toMatchObject({
      ViewerProtocolPolicy: "https-only",
      CachePolicyId: "4135ea2d-6df8-44a3-9df3-4b5a84be39ad", // CachingDisabled
      OriginRequestPolicyId: "b689b0a8-53d0-40ab-baf2-68738e2966ac", // AllViewerExceptHostHeader
      AllowedMethods: expect.arrayContaining(["GET", "POST", "PATCH", "PUT", "DELETE", "OPTIONS"]),
    });
    const origin = config.Origins.find((o: { Id: string }) => o.Id === api.TargetOriginId);
    // The stage path (/prod), as API Gateway's deployment stage names it (an output of the API's nested stack).
    const stage = s.built.stateless.api.restApi.deploymentStage;
    expect(JSON.stringify(origin.OriginPath)).toContain(JSON.stringify(apiOutputOf(s, { Ref: idOf(stage) })));
    expect(origin.CustomOriginConfig.OriginProtocolPolicy).toBe("https-only");
  });

  it("a Hosted UI domain and a public console client (code flow) whose callback is the console's URL", () => {
    const site = s.built.stateless.consoleSite;
    template.hasResourceProperties("AWS::Cognito::UserPoolDomain", {
      Domain: { "Fn::Join": ["", ["jiebang-", { Ref: "AWS::AccountId" }]] },
    });
    const client = resources[idOf(site.client!)]!.Properties;
    const url = {
      "Fn::Join": ["", ["https://", { "Fn::GetAtt": [idOf(site.distribution), "DomainName"] }, "/console/"]],
    };
    expect(client).toMatchObject({
      AllowedOAuthFlows: ["code"],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: expect.arrayContaining(["openid", "email", "profile"]),
      CallbackURLs: [url],
      LogoutURLs: [url],
      GenerateSecret: false,
      SupportedIdentityProviders: ["COGNITO"],
    });
    // The same user pool as the API's authorizer: the console's ID tokens carry the same groups and organisation.
    const apiResources = s.api.toJSON()["Resources"] as typeof resources;
    const authorizer = Object.values(apiResources).find((r) => r.Type === "AWS::ApiGateway::Authorizer")!;
    expect(JSON.stringify(authorizer.Properties["ProviderARNs"])).toContain("UserPoolArn");
    expect(JSON.stringify(client["UserPoolId"])).toContain("UserPoolArn");
  });

  it("CloudFront's viewer-request function: directory index, the app's deep links to index.html, assets unchanged", () => {
    const handler = new Function(`${indexRewriteCode}; return handler;`)() as (event: {
      request: { uri: string };
    }) => { uri?: string; statusCode?: number };
    const uri = (u: string) => handler({ request: { uri: u } });
    expect(uri("/")).toMatchObject({ statusCode: 302 });
    expect(uri("/console")).toMatchObject({ statusCode: 302 });
    expect(uri("/console/").uri).toBe("/console/index.html");
    expect(uri("/console/finance/ledger").uri).toBe("/console/index.html");
    expect(uri("/console/executions/view").uri).toBe("/console/index.html");
    expect(uri("/console/assets/index-abc.js").uri).toBe("/console/assets/index-abc.js");
    expect(uri("/console/config.js").uri).toBe("/console/config.js");
  });

  it("deploys the built web app (web/dist) under console/ with a config.js for AWS (same-origin API, Hosted UI)", () => {
    const deployment = Object.values(resources).find((r) => r.Type === "Custom::CDKBucketDeployment")!;
    expect(deployment.Properties["DestinationBucketKeyPrefix"]).toBe("console/");
    // The console's files, config.js (the operators' console) and config.json (the web app's sign-in, docs/identity.md).
    expect(deployment.Properties["SourceObjectKeys"]).toHaveLength(3);
    const text = consoleConfig({
      domain: "https://d.auth",
      clientId: "abc",
      redirectUri: "https://x/console/",
    });
    const settings = { window: {} as { jiebangConfig?: unknown } };
    new Function("window", text)(settings.window);
    expect(settings.window.jiebangConfig).toEqual({
      apiBase: "",
      signIn: "cognito",
      cognito: { domain: "https://d.auth", clientId: "abc", redirectUri: "https://x/console/" },
    });
  });

  it("CDK's copy function runs with a role it cannot widen: read this app's assets, write under console/ only", () => {
    const site = s.built.stateless.consoleSite;
    const policy = Object.values(resources).find(
      (r) =>
        r.Type === "AWS::IAM::Policy" &&
        JSON.stringify(r.Properties["PolicyDocument"]).includes("ReadAssets"),
    )!;
    const statements = policy.Properties["PolicyDocument"].Statement as {
      Sid: string;
      Action: unknown;
      Resource: unknown;
    }[];
    expect(statements.map((st) => [st.Sid, st.Action])).toEqual([
      ["ReadAssets", "s3:GetObject"],
      ["SyncConsoleFiles", ["s3:DeleteObject", "s3:PutObject"]],
      ["ListConsoleBucket", "s3:ListBucket"],
    ]);
    expect(JSON.stringify(statements[1]!.Resource)).toContain("/console/*");
    const deployment = Object.values(resources).find((r) => r.Type === "Custom::CDKBucketDeployment")!;
    expect(deployment.Properties["DestinationBucketName"]).toEqual({ Ref: idOf(site.bucket) });
    const roles = Object.values(resources).filter((r) => r.Type === "AWS::IAM::Role");
    for (const role of roles)
      expect(JSON.stringify(role.Properties["ManagedPolicyArns"] ?? [])).not.toContain(
        "AWSLambdaBasicExecutionRole",
      );
  });

  it("refuses a Hosted UI domain prefix Cognito would refuse", () => {
    expect(() => synthesize({ "jiebang:authDomainPrefix": "My_Domain" })).toThrow(/jiebang:authDomainPrefix/);
    expect(() => synthesize({ "jiebang:authDomainPrefix": "jiebang-aws" })).toThrow(/may not contain/);
    const custom = synthesize({ "jiebang:authDomainPrefix": "taiyuan-stb-console" });
    custom.stateless.hasResourceProperties("AWS::Cognito::UserPoolDomain", { Domain: "taiyuan-stb-console" });
  });
});
