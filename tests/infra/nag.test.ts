// Infra tests (tests/infra): cdk-nag AwsSolutions over the whole app — zero unacknowledged findings, and every
// acknowledgement is specific (one rule, one construct, one IAM5 wildcard) with a reason.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Annotations as CdkAnnotations, type CfnResource, Stack, Validations } from "aws-cdk-lib";
import { Annotations, Match } from "aws-cdk-lib/assertions";
import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { routes, stateMachines } from "../../functions/catalog.ts";
import { type BuiltApp, buildApp } from "../../infra/app.ts";
import { deploymentHandlerPrefix } from "../../infra/constructs/console-site.ts";
import { evidenceBucket } from "../../infra/resources.ts";

interface Violation {
  readonly ruleName: string;
  readonly severity: string;
  readonly violatingConstructs?: { constructPath: string }[];
}
interface Report {
  readonly pluginReports?: { pluginName: string; violations: Violation[] }[];
}

const dirs: string[] = [];
function synthWithNag(change?: (built: BuiltApp) => void): {
  built: BuiltApp;
  error?: unknown;
  report: Report;
} {
  const outdir = mkdtempSync(path.join(tmpdir(), "jiebang-nag-"));
  dirs.push(outdir);
  const built = buildApp({ bundle: false, outdir, processEnv: {} });
  change?.(built);
  let error: unknown;
  try {
    built.app.synth();
  } catch (e) {
    error = e;
  }
  const file = path.join(outdir, "validation-report.json");
  const report = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Report) : {};
  return { built, error, report };
}
function violations(report: Report): Violation[] {
  return (report.pluginReports ?? []).flatMap((p) => p.violations);
}

let result: ReturnType<typeof synthWithNag>;
beforeAll(() => {
  result = synthWithNag();
});
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe("cdk-nag AwsSolutions", () => {
  it("the app synthesizes with the checks registered and no finding left unacknowledged", () => {
    expect(result.built.nag).toBeDefined();
    expect(result.error).toBeUndefined();
    expect(
      violations(result.report).map((v) => `${v.ruleName} ${v.violatingConstructs?.[0]?.constructPath}`),
    ).toEqual([]);
  });

  it("a direct run of the pack over the construct tree finds nothing either", () => {
    const report = result.built.nag!.validateScope(result.built.app);
    expect(report.violations.map((v) => v.ruleName)).toEqual([]);
  });

  it("no AwsSolutions error or warning annotation on either stack (nor the API's nested stack)", () => {
    // A nested stack has no artifact of its own: the stateless stack's annotations include its constructs'.
    const planted = buildApp({ bundle: false, nag: false, processEnv: {} });
    CdkAnnotations.of(planted.stateless.api.restApi).addWarningV2(
      "AwsSolutions-Planted",
      "planted in the nested stack",
    );
    expect(
      Annotations.fromStack(planted.stateless).findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*")),
    ).toHaveLength(1);
    for (const stack of [result.built.stateful, result.built.stateless]) {
      const annotations = Annotations.fromStack(stack);
      expect(annotations.findError("*", Match.stringLikeRegexp("AwsSolutions-.*"))).toEqual([]);
      expect(annotations.findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"))).toEqual([]);
    }
  });

  it("catches a violation when there is one (the check is not vacuous)", () => {
    const bad = synthWithNag((built) => {
      built.stateless.functions
        .get("openapi")!
        .role.addToPolicy(
          new PolicyStatement({ actions: ["s3:*"], resources: ["arn:aws:s3:::some-bucket"] }),
        );
    });
    expect(bad.error).toBeDefined();
    expect(violations(bad.report).map((v) => v.ruleName)).toContain("AwsSolutions-IAM5[Action::s3:*]");
  });
});

describe("acknowledgements", () => {
  const wildcardResources = new Set([
    "*",
    `Jiebang-Stateful-${evidenceBucket.id}BucketArn/*`,
    // The audit bucket is exported as "AuditBucketArn" (infra/stacks/shared.ts), not after its id "AuditReports".
    "Jiebang-Stateful-AuditBucketArn/*",
    ...stateMachines.map(
      (m) =>
        `arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:Jiebang-Stateless-${m.name}:*`,
    ),
    // The console's deploy role (CDK's BucketDeployment): this app's assets (and console/ in the console bucket).
    "arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*",
  ]);
  const allowedRules = new Set([
    "AwsSolutions-S1", // the access-log bucket itself
    "AwsSolutions-L1", // runtime pinned to nodejs22.x; CDK's BucketDeployment function (Python, pinned by aws-cdk-lib)
    "AwsSolutions-APIG4", // public routes
    "AwsSolutions-COG4", // public routes
    "AwsSolutions-APIG6", // execution logging needs the account-level role
    "AwsSolutions-CFR1", // console distribution: no geo restriction
    "AwsSolutions-CFR2", // console distribution: a CloudFront WAF lives in us-east-1; the API keeps its regional WAF
    "AwsSolutions-CFR4", // console distribution: default certificate
    "AwsSolutions-SQS3", // the stream's on-failure queue is itself the dead-letter destination
  ]);
  function consoleBucketLogicalId(): string {
    const bucket = result.built.stateless.consoleSite.bucket.node.defaultChild as CfnResource;
    return Stack.of(bucket).resolve(bucket.logicalId) as string;
  }

  function acknowledgements(built: BuiltApp) {
    const out: { path: string; id: string; reason: string; onStack: boolean }[] = [];
    for (const construct of built.app.node.findAll()) {
      for (const entry of construct.node.metadata) {
        if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
        for (const [key, reason] of Object.entries(entry.data as Record<string, string>)) {
          out.push({
            path: construct.node.path,
            id: key.replace(/^annotation::/i, ""),
            reason,
            onStack: Stack.isStack(construct) || construct === built.app,
          });
        }
      }
    }
    return out;
  }

  it("each names one known rule on one resource, never a whole stack, with a reason", () => {
    const acks = acknowledgements(result.built);
    expect(acks.length).toBeGreaterThan(0);
    for (const ack of acks) {
      expect(ack.onStack, ack.path).toBe(false);
      expect(ack.reason.length, `${ack.path} ${ack.id}`).toBeGreaterThan(60);
      const iam5 = /^AwsSolutions-IAM5\[Resource::(.+)\]$/.exec(ack.id);
      // The console bucket's own files (CDK's copy) and open data's daily files (open-data-daily), nothing else of it.
      const resources = new Set([
        ...wildcardResources,
        `<${consoleBucketLogicalId()}.Arn>/console/*`,
        `<${consoleBucketLogicalId()}.Arn>/open-data/360giving/*`,
      ]);
      if (iam5) expect(resources, `${ack.path} ${ack.id}`).toContain(iam5[1]);
      else expect(allowedRules, `${ack.path} ${ack.id}`).toContain(ack.id);
    }
  });

  it("the console's acknowledgements sit on its own constructs: distribution, deploy policy, CDK's copy function", () => {
    const acks = acknowledgements(result.built);
    const site = result.built.stateless.consoleSite;
    const cfr = acks.filter((a) => /CFR[124]$/.test(a.id));
    expect(cfr).toHaveLength(3);
    for (const ack of cfr) expect(ack.path).toBe(site.distribution.node.path);
    const objects = acks.filter((a) => a.id.includes("cdk-hnb659fds-assets") || a.id.includes("/console/*"));
    expect(objects).toHaveLength(2);
    for (const ack of objects) expect(ack.path).toBe(`${site.node.path}/DeployPolicy`);
    const l1 = acks.filter((a) => a.id === "AwsSolutions-L1" && a.path.includes(deploymentHandlerPrefix));
    expect(l1).toHaveLength(1);
  });

  it("public-route acknowledgements sit only on public methods (COG4 also on machine callers' IAM methods)", () => {
    const acks = acknowledgements(result.built).filter((a) => /APIG4|COG4/.test(a.id));
    const pathsOf = (filter: (r: (typeof routes)[number]) => boolean) =>
      routes
        .filter(filter)
        .map((r) => result.built.stateless.api.methods.get(`${r.method} ${r.path}`)!.node.path);
    const publicPaths = pathsOf((r) => "public" in r.auth);
    const iamPaths = pathsOf((r) => "iam" in r.auth);
    expect(publicPaths.length).toBeGreaterThan(0);
    expect(iamPaths.length).toBeGreaterThan(0);
    for (const ack of acks) {
      if (/APIG4/.test(ack.id)) expect(publicPaths).toContain(ack.path);
      else expect([...publicPaths, ...iamPaths]).toContain(ack.path);
    }
  });
});
