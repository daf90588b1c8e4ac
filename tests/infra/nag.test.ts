// Infra tests (tests/infra): cdk-nag AwsSolutions over the whole app — zero unacknowledged findings, and every
// acknowledgement is specific (one rule, one construct, one IAM5 wildcard) with a reason.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Stack, Validations } from "aws-cdk-lib";
import { Annotations, Match } from "aws-cdk-lib/assertions";
import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { routes, stateMachines } from "../../functions/catalog.ts";
import { type BuiltApp, buildApp } from "../../infra/app.ts";
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
  const built = buildApp({ bundle: false, outdir });
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

  it("no AwsSolutions error or warning annotation on either stack", () => {
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
  ]);
  const allowedRules = new Set([
    "AwsSolutions-S1", // the access-log bucket itself
    "AwsSolutions-L1", // runtime pinned to nodejs22.x
    "AwsSolutions-APIG4", // public routes
    "AwsSolutions-COG4", // public routes
    "AwsSolutions-APIG6", // execution logging needs the account-level role
  ]);

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
      if (iam5) expect(wildcardResources, `${ack.path} ${ack.id}`).toContain(iam5[1]);
      else expect(allowedRules, `${ack.path} ${ack.id}`).toContain(ack.id);
    }
  });

  it("public-route acknowledgements sit only on public methods", () => {
    const acks = acknowledgements(result.built).filter((a) => /APIG4|COG4/.test(a.id));
    const publicPaths = routes
      .filter((r) => "public" in r.auth)
      .map((r) => result.built.stateless.api.methods.get(`${r.method} ${r.path}`)!.node.path);
    expect(publicPaths.length).toBeGreaterThan(0);
    for (const ack of acks) expect(publicPaths).toContain(ack.path);
  });
});
