// Infra tests (tests/infra): the stateless stack — functions and their least-privilege policies, state machines, REST API.
import { readFileSync } from "node:fs";
import path from "node:path";
import type { CfnResource } from "aws-cdk-lib";
import { Match, type Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import {
  functions as catalogFunctions,
  deployedFunctions,
  routes,
  stateMachineArnEnvVar,
  stateMachines,
} from "../../functions/catalog.ts";
import { connectionLimitFactor } from "../../infra/constructs/api.ts";
import { projectRoot } from "../../infra/constructs/catalog-function.ts";
import { auditBucket, cursorKeyEnvVar, evidenceBucket, tableEnvVar } from "../../infra/resources.ts";
import {
  actionsOf,
  allStatements,
  apiParameterFor,
  logicalId,
  policyStatements,
  resourcesOf,
  type Statement,
  type Synthesized,
  synthesize,
} from "./support.ts";

/** The catalog's functions a deployment with the default identity (Cognito) has. */
const functions = deployedFunctions(catalogFunctions, "cognito");

let s: Synthesized;
let template: Template;
/** The REST API's nested stack. */
let api: Template;
// biome-ignore lint/suspicious/noExplicitAny: synthesized CloudFormation JSON is untyped; the assertions narrow it.
type Resources = Record<string, { Type: string; Properties: Record<string, any> }>;
let resources: Resources;
let apiResources: Resources;
beforeAll(() => {
  s = synthesize();
  template = s.stateless;
  resources = template.toJSON()["Resources"];
  api = s.api;
  apiResources = api.toJSON()["Resources"];
});

function fn(name: string) {
  const found = s.built.stateless.functions.get(name);
  if (!found) throw new Error(`no function ${name}`);
  return found;
}
function fnProps(name: string) {
  return resources[logicalId(fn(name).function.node.defaultChild as CfnResource)]!.Properties;
}
function fnStatements(name: string): Statement[] {
  return policyStatements(
    template,
    fn(name).role.node.findChild("DefaultPolicy").node.defaultChild as CfnResource,
  );
}
const parameterFor = (value: unknown) => apiParameterFor(s, value);
const importOf = (key: string) => ({ "Fn::ImportValue": `Jiebang-Stateful-${key}` });
const json = (value: unknown) => JSON.stringify(value);

const tableWrites = [
  "dynamodb:PutItem",
  "dynamodb:UpdateItem",
  "dynamodb:DeleteItem",
  "dynamodb:BatchWriteItem",
];
const sendTask = ["states:SendTaskSuccess", "states:SendTaskFailure", "states:SendTaskHeartbeat"];

describe("functions", () => {
  it("one per catalog entry", () => {
    // ... and CDK's BucketDeployment function, which copies the console's files (infra/constructs/console-site.ts).
    template.resourceCountIs("AWS::Lambda::Function", functions.length + 1);
  });

  it.each(functions.map((f) => f.name))(
    "%s: nodejs22.x on arm64, X-Ray, JSON logs to its own retained log group",
    (name) => {
      const props = fnProps(name);
      expect(props["Runtime"]).toBe("nodejs22.x");
      expect(props["Architectures"]).toEqual(["arm64"]);
      expect(props["TracingConfig"]).toEqual({ Mode: "Active" });
      expect(props["FunctionName"]).toBe(`Jiebang-Stateless-${name}`);
      expect(props["LoggingConfig"]).toEqual({
        LogFormat: "JSON",
        ApplicationLogLevel: "INFO",
        SystemLogLevel: "WARN",
        LogGroup: { Ref: logicalId(fn(name).logGroup.node.defaultChild as CfnResource) },
      });
      const logGroup = resources[logicalId(fn(name).logGroup.node.defaultChild as CfnResource)]!;
      expect(logGroup.Properties["RetentionInDays"]).toBeGreaterThan(0);
      expect(props["Environment"].Variables).toMatchObject({
        AWS_NODEJS_CONNECTION_REUSE_ENABLED: "1",
        NODE_OPTIONS: "--enable-source-maps",
        // A deployment requires registered organisations (机构名录) of every application's parties.
        JIEBANG_ORGANISATION_REGISTRY: "required",
      });
      // No managed policies (AWSLambdaBasicExecutionRole would allow logging to every group).
      const role = resources[logicalId(fn(name).role.node.defaultChild as CfnResource)]!;
      expect(role.Properties["ManagedPolicyArns"]).toBeUndefined();
    },
  );

  it.each(functions.map((f) => f.name))("%s: environment names exactly what its access grants", (name) => {
    const def = functions.find((f) => f.name === name)!;
    const env = fnProps(name)["Environment"].Variables as Record<string, unknown>;
    expect(env[tableEnvVar] !== undefined).toBe(Boolean(def.access.table));
    // The page cursors' key: derived from the stack's id at deploy time, never a literal in the template.
    const cursorKey = env[cursorKeyEnvVar];
    expect(cursorKey !== undefined).toBe(Boolean(def.access.table || def.access.inspectsWorkflows));
    if (cursorKey !== undefined) {
      expect(typeof cursorKey).not.toBe("string");
      expect(json(cursorKey)).toContain("AWS::StackId");
      expect(json(cursorKey)).toContain("deployment:");
    }
    expect(env[evidenceBucket.envVar] !== undefined).toBe(Boolean(def.access.evidence));
    expect(env[auditBucket.envVar] !== undefined).toBe(Boolean(def.access.audit));
    if (def.access.table) expect(env[tableEnvVar]).toEqual(importOf("TableName"));
    const machines = new Set([
      ...(def.access.startsWorkflows ?? []),
      ...(def.access.completesWorkflows ?? []),
      ...(def.access.inspectsWorkflows ? stateMachines.map((m) => m.name) : []),
    ]);
    for (const sm of stateMachines) {
      const value = env[stateMachineArnEnvVar(sm.name)];
      // The alias `live`: executions start on the version it points to.
      if (machines.has(sm.name))
        expect(json(value)).toContain(`:stateMachine:Jiebang-Stateless-${sm.name}:live"`);
      else expect(value).toBeUndefined();
    }
  });

  it.each(functions.map((f) => f.name))("%s: policy follows its catalog access", (name) => {
    const def = functions.find((f) => f.name === name)!;
    const statements = fnStatements(name);
    const actions = actionsOf(statements);
    const dynamo = actions.filter((a) => a.startsWith("dynamodb:"));
    if (!def.access.table) expect(dynamo).toEqual([]);
    else expect(dynamo).toContain("dynamodb:Query");
    if (def.access.table !== "readwrite") for (const w of tableWrites) expect(actions).not.toContain(w);
    else for (const w of tableWrites) expect(actions).toContain(w);

    // Export names of the bucket ARNs (infra/stacks/shared.ts): the audit bucket's is not after its id.
    for (const [key, bucket, arnExport] of [
      ["evidence", evidenceBucket, "EvidenceBucketArn"],
      ["audit", auditBucket, "AuditBucketArn"],
    ] as const) {
      const mentions = statements.filter((st) => json(st.Resource).includes(arnExport));
      const level = def.access[key];
      if (!level) expect(mentions).toEqual([]);
      else {
        const bucketActions = actionsOf(mentions);
        expect(bucketActions).toContain("s3:GetObject");
        expect(bucketActions.includes("s3:PutObject")).toBe(level === "readwrite");
        // Object Lock buckets are append-only for the platform.
        if (bucket.objectLock) expect(bucketActions).not.toContain("s3:DeleteObject");
      }
    }

    // Only the audit digest writers sign, with the digest key alone.
    const kms = statements.filter((st) => actionsOf([st]).some((a) => a.startsWith("kms:")));
    if (!def.access.signsAuditDigests) expect(kms).toEqual([]);
    else {
      expect(kms).toHaveLength(1);
      expect(actionsOf(kms).sort()).toEqual(["kms:GetPublicKey", "kms:Sign"]);
      expect(json(kms[0]!.Resource)).toBe(json(importOf("AuditDigestKeyArn")));
    }

    const starts = def.access.startsWorkflows ?? [];
    const startStatements = statements.filter((st) => actionsOf([st]).includes("states:StartExecution"));
    if (starts.length === 0) expect(startStatements).toEqual([]);
    else {
      // Only through the alias: the machine's ARN and the alias's, with the qualifier required to be the alias.
      const targets = startStatements.flatMap(resourcesOf).map(json);
      expect(targets).toHaveLength(starts.length * 2);
      for (const m of starts) {
        expect(targets.some((t) => t.includes(`:stateMachine:Jiebang-Stateless-${m}"`))).toBe(true);
        expect(targets.some((t) => t.includes(`:stateMachine:Jiebang-Stateless-${m}:live"`))).toBe(true);
      }
      for (const st of startStatements)
        expect(st.Condition).toEqual({ StringEquals: { "states:StateMachineQualifier": "live" } });
    }
    const completes = def.access.completesWorkflows ?? [];
    if (completes.length === 0) for (const a of sendTask) expect(actions).not.toContain(a);
    else for (const a of sendTask) expect(actions).toContain(a);
    if (!def.access.inspectsWorkflows) expect(actions).not.toContain("states:DescribeStateMachine");
    // Only the console's control function redrives, and it may stop and redrive every machine's executions.
    const redrives = statements.filter((st) => actionsOf([st]).includes("states:RedriveExecution"));
    if (!def.access.controlsWorkflows) expect(redrives).toEqual([]);
    else {
      expect(redrives).toHaveLength(1);
      expect(actionsOf(redrives).sort()).toEqual(["states:RedriveExecution", "states:StopExecution"]);
      expect(resourcesOf(redrives[0]!)).toHaveLength(stateMachines.length);
      for (const r of resourcesOf(redrives[0]!)) expect(json(r)).toContain(":execution:");
    }
  });

  it("sealed evidence (sealed/…) is written by the sealing functions only, and by them only as a server-side copy", () => {
    const sealedDenies = (name: string) =>
      fnStatements(name).filter((st) => st.Effect === "Deny" && json(st.Resource).includes("/sealed/*"));
    for (const def of functions.filter((f) => f.access.evidence === "readwrite")) {
      const denies = sealedDenies(def.name);
      for (const d of denies) expect(json(d.Resource)).toContain("EvidenceBucketArn");
      const unconditional = denies.filter((d) => d.Condition === undefined);
      const unlessCopy = denies.filter((d) => d.Condition !== undefined);
      if (def.access.sealsEvidence) {
        // Deletes denied; a PutObject only when it is a copy (a presigned upload carries no x-amz-copy-source).
        expect(actionsOf(unconditional), def.name).toEqual(["s3:DeleteObject"]);
        expect(actionsOf(unlessCopy), def.name).toEqual(["s3:PutObject"]);
        expect(unlessCopy[0]?.Condition).toEqual({ Null: { "s3:x-amz-copy-source": "true" } });
      } else {
        expect([...actionsOf(unconditional)].sort(), def.name).toEqual(["s3:DeleteObject", "s3:PutObject"]);
        expect(unlessCopy, def.name).toEqual([]);
      }
    }
    // The projects API signs evidence uploads and is denied; the project tasks function seals milestone evidence and
    // the demands API seals demand attachments at submission (it signs upload URLs too, hence copy-only).
    expect(sealedDenies("projects-api")).toHaveLength(1);
    expect(functions.find((f) => f.name === "project-tasks")?.access.sealsEvidence).toBe(true);
    expect(functions.find((f) => f.name === "demands-api")?.access.sealsEvidence).toBe(true);
  });

  it("the demand-intake task function cannot start executions or touch buckets", () => {
    const actions = actionsOf(fnStatements("demand-intake-tasks"));
    expect(actions).not.toContain("states:StartExecution");
    expect(actions.filter((a) => a.startsWith("s3:"))).toEqual([]);
  });

  it("health cannot write the table or any bucket, and starts nothing", () => {
    const actions = actionsOf(fnStatements("health"));
    for (const w of [...tableWrites, "s3:PutObject", "s3:DeleteObject", "states:StartExecution"]) {
      expect(actions).not.toContain(w);
    }
    expect(actions).toContain("states:DescribeStateMachine");
  });

  it("no IAM statement anywhere has a wildcard action; Resource '*' only for X-Ray and log delivery", () => {
    expect(allStatements(s.api).length).toBeGreaterThan(0);
    for (const t of [s.stateful, s.stateless, s.api]) {
      for (const st of allStatements(t)) {
        for (const action of actionsOf([st])) expect(action).not.toContain("*");
        if (st.Effect === "Allow" && resourcesOf(st).includes("*")) {
          for (const action of actionsOf([st])) expect(action).toMatch(/^(xray|logs):/);
        }
      }
    }
  });
});

describe("state machines", () => {
  it.each(stateMachines.map((m) => m.name))(
    "%s: Standard, traced, logging ALL, from its ASL file",
    (name) => {
      const def = stateMachines.find((m) => m.name === name)!;
      const workflow = s.built.stateless.workflows.get(name)!;
      const props = resources[logicalId(workflow.stateMachine.node.defaultChild as CfnResource)]!.Properties;
      expect(props["StateMachineName"]).toBe(`Jiebang-Stateless-${name}`);
      expect(props["StateMachineType"]).toBe("STANDARD");
      expect(props["TracingConfiguration"]).toEqual({ Enabled: true });
      expect(props["LoggingConfiguration"]).toMatchObject({
        Level: "ALL",
        Destinations: [
          {
            CloudWatchLogsLogGroup: {
              LogGroupArn: {
                "Fn::GetAtt": [logicalId(workflow.logGroup.node.defaultChild as CfnResource), "Arn"],
              },
            },
          },
        ],
      });
      expect(props["DefinitionS3Location"]).toBeDefined();

      // Every ${Placeholder} of the file is substituted by its function's ARN, and nothing else is.
      const asl = readFileSync(path.join(projectRoot, def.file), "utf8");
      const placeholders = new Set([...asl.matchAll(/\$\{([A-Za-z0-9_]+)\}/g)].map((m) => m[1]));
      const substitutions = props["DefinitionSubstitutions"] as Record<string, unknown>;
      expect(new Set(Object.keys(substitutions))).toEqual(placeholders);
      let substituted = asl;
      for (const [placeholder, functionName] of Object.entries(def.functionSubstitutions)) {
        const target = fn(functionName).function.node.defaultChild as CfnResource;
        expect(substitutions[placeholder]).toEqual({ "Fn::GetAtt": [logicalId(target), "Arn"] });
        substituted = substituted
          .split(`\${${placeholder}}`)
          .join(`arn:aws:lambda:region:account:function:${functionName}`);
      }
      expect(substituted).not.toContain("${");
      expect(() => JSON.parse(substituted)).not.toThrow();

      // The machine may invoke its own functions and nothing else.
      const statements = policyStatements(
        template,
        workflow.stateMachine.role.node.findChild("DefaultPolicy").node.defaultChild as CfnResource,
      );
      const invoke = statements.filter((st) => actionsOf([st]).includes("lambda:InvokeFunction"));
      const expected = [...new Set(Object.values(def.functionSubstitutions))].map((f) => ({
        "Fn::GetAtt": [logicalId(fn(f).function.node.defaultChild as CfnResource), "Arn"],
      }));
      expect(invoke.flatMap(resourcesOf)).toEqual(expected);
    },
  );
});

describe("CloudFormation's 500-resource limit per stack", () => {
  it("the stateless stack stays under 450 resources and the API's nested stack (its own template) under 500", () => {
    const count = (t: Template) => Object.keys(t.toJSON()["Resources"]).length;
    const parent = count(template);
    const nested = count(api);
    console.log(
      `resources: Jiebang-Stateless ${parent} (headroom ${500 - parent}), its API nested stack ${nested} (headroom ${500 - nested})`,
    );
    // The API is a nested stack of the stateless stack, deployed with it; the table stream's mappings are the other.
    template.resourceCountIs("AWS::CloudFormation::Stack", 2);
    template.resourceCountIs("AWS::ApiGateway::Method", 0);
    template.resourceCountIs("AWS::ApiGateway::Resource", 0);
    expect(parent).toBeLessThan(450);
    expect(nested).toBeLessThan(500);
  });
});

describe("REST API", () => {
  it("has exactly one method per catalog route", () => {
    api.resourceCountIs("AWS::ApiGateway::RestApi", 1);
    api.resourceCountIs("AWS::ApiGateway::Method", routes.length);
    expect(s.built.stateless.api.methods.size).toBe(routes.length);
  });

  it.each(routes.map((r) => [`${r.method} ${r.path}`, r] as const))("%s", (key, route) => {
    const method = s.built.stateless.api.methods.get(key)!;
    expect(method.resource.path).toBe(route.path);
    const props = apiResources[logicalId(method.node.defaultChild as CfnResource)]!.Properties;
    expect(props["HttpMethod"]).toBe(route.method);
    expect(props["Integration"].Type).toBe("AWS_PROXY");
    // The function stays in the parent stack: its ARN comes in as a parameter of the API's nested stack.
    const fnArn = {
      "Fn::GetAtt": [logicalId(fn(route.function).function.node.defaultChild as CfnResource), "Arn"],
    };
    expect(json(props["Integration"].Uri)).toContain(json({ Ref: parameterFor(fnArn) }));
    if ("public" in route.auth) {
      expect(props["AuthorizationType"]).toBe("NONE");
      expect(props["AuthorizerId"]).toBeUndefined();
    } else if ("iam" in route.auth) {
      expect(props["AuthorizationType"]).toBe("AWS_IAM");
      expect(props["AuthorizerId"]).toBeUndefined();
    } else {
      expect(props["AuthorizationType"]).toBe("COGNITO_USER_POOLS");
      const [authorizer] = Object.keys(api.findResources("AWS::ApiGateway::Authorizer"));
      expect(props["AuthorizerId"]).toEqual({ Ref: authorizer });
    }
  });

  it("each machine caller's role may invoke exactly its IAM routes, and is assumed from the configured account", () => {
    const iamRoutes = routes.filter((r) => "iam" in r.auth);
    expect(iamRoutes.map((r) => `${r.method} ${r.path}`)).toEqual(["POST /v1/treasury/confirmations"]);
    const role = s.built.stateless.api.machineCallerRoles.get("treasury")!;
    const props = apiResources[logicalId(role.node.defaultChild as CfnResource)]!.Properties;
    const statements = props["Policies"].flatMap(
      (p: { PolicyDocument: { Statement: unknown[] } }) => p.PolicyDocument.Statement,
    );
    expect(statements).toHaveLength(1);
    expect(statements[0].Action).toBe("execute-api:Invoke");
    const resource = json(statements[0].Resource);
    expect(resource).toContain("/prod/POST/v1/treasury/confirmations");
    expect(resource).not.toContain("*");
    expect(json(props["AssumeRolePolicyDocument"])).toContain(":root");
  });

  it("the authorizer trusts the stateful user pool", () => {
    api.resourceCountIs("AWS::ApiGateway::Authorizer", 1);
    api.hasResourceProperties("AWS::ApiGateway::Authorizer", {
      Type: "COGNITO_USER_POOLS",
      IdentitySource: "method.request.header.Authorization",
      ProviderARNs: [importOf("UserPoolArn")],
    });
  });

  it("the stage is throttled, traced and writes JSON access logs", () => {
    api.hasResourceProperties("AWS::ApiGateway::Stage", {
      TracingEnabled: true,
      MethodSettings: Match.arrayWith([
        Match.objectLike({
          HttpMethod: "*",
          ResourcePath: "/*",
          ThrottlingRateLimit: 50,
          ThrottlingBurstLimit: 100,
        }),
      ]),
      AccessLogSetting: { DestinationArn: Match.anyValue(), Format: Match.anyValue() },
    });
    const stage = Object.values(apiResources).find((r) => r.Type === "AWS::ApiGateway::Stage")!;
    const format = JSON.parse(stage.Properties["AccessLogSetting"].Format);
    expect(format).toMatchObject({ requestId: "$context.requestId", status: "$context.status" });
  });

  it("a WAF web ACL guards the stage, its rate rule keyed on the client's address behind CloudFront (X-Forwarded-For) with a per-connection backstop", () => {
    api.hasResourceProperties("AWS::WAFv2::WebACL", {
      Scope: "REGIONAL",
      Rules: Match.arrayWith([
        Match.objectLike({
          Name: "RateLimitPerIp",
          Statement: {
            RateBasedStatement: {
              AggregateKeyType: "FORWARDED_IP",
              ForwardedIPConfig: { HeaderName: "X-Forwarded-For", FallbackBehavior: "MATCH" },
              Limit: 1000,
            },
          },
        }),
        Match.objectLike({
          Name: "RateLimitPerConnection",
          Statement: { RateBasedStatement: { AggregateKeyType: "IP", Limit: 1000 * connectionLimitFactor } },
        }),
      ]),
    });
    api.resourceCountIs("AWS::WAFv2::WebACLAssociation", 1);
  });

  it("does not create the account-level API Gateway CloudWatch role", () => {
    template.resourceCountIs("AWS::ApiGateway::Account", 0);
    api.resourceCountIs("AWS::ApiGateway::Account", 0);
  });
});
