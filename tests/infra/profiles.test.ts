// Infra tests (tests/infra): the deployment profiles — aws us-east-1, aws-cn cn-north-1 and cn-northwest-1 — synthesize
// with cdk-nag clean, pass cfn-lint 1.51 for their regions with 0 errors and 0 warnings (.cfnlintrc.yaml lists what is
// ignored and why), use only what the partition offers, and publish a state-machine version behind the alias `live`.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stateMachines } from "../../functions/catalog.ts";
import { buildApp } from "../../infra/app.ts";
import { exampleOidcSettings } from "../../infra/bin/synth-profiles.ts";
import { contextKeys, type Partition, profiles, resolveProfile } from "../../infra/config.ts";
import { projectRoot } from "../../infra/constructs/catalog-function.ts";
import { oidcConsoleConfig } from "../../infra/constructs/console-site.ts";

interface Resource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
}
interface Synth {
  readonly partition: Partition;
  readonly region: string;
  readonly outdir: string;
  readonly templates: string[];
  readonly resources: Resource[];
  readonly text: string;
  readonly nagError?: unknown;
  readonly nagViolations: number;
}

/** The console's custom domain given to cn-north-1 (cn-northwest-1 is synthesized without one). */
const chinaDomain = { domain: "console.example.cn", certificate: "ASCAEXAMPLECERTID1234" };

const root = mkdtempSync(path.join(tmpdir(), "jiebang-profiles-"));
const synths: Synth[] = [];

function synthesize(partition: Partition, region: string): Synth {
  const outdir = path.join(root, `${partition}-${region}`);
  const context: Record<string, unknown> = {
    [contextKeys.partition]: partition,
    [contextKeys.region]: region,
  };
  // aws-cn: identity is oidc, which needs its issuer's settings.
  if (partition === "aws-cn") context[contextKeys.oidc] = exampleOidcSettings;
  if (region === "cn-north-1") {
    context[contextKeys.consoleDomain] = chinaDomain.domain;
    context[contextKeys.consoleCertificate] = chinaDomain.certificate;
  }
  const { app } = buildApp({ bundle: false, outdir, context, processEnv: {} });
  let nagError: unknown;
  try {
    app.synth();
  } catch (e) {
    nagError = e;
  }
  const report = path.join(outdir, "validation-report.json");
  const nagViolations = existsSync(report)
    ? ((
        JSON.parse(readFileSync(report, "utf8")) as { pluginReports?: { violations: unknown[] }[] }
      ).pluginReports?.flatMap((p) => p.violations).length ?? 0)
    : 0;
  const templates = readdirSync(outdir)
    .filter((f) => f.endsWith(".template.json"))
    .map((f) => path.join(outdir, f));
  const parsed = templates.map(
    (f) => JSON.parse(readFileSync(f, "utf8")) as { Resources: Record<string, Resource> },
  );
  return {
    partition,
    region,
    outdir,
    templates,
    resources: parsed.flatMap((t) => Object.values(t.Resources)),
    text: templates.map((f) => readFileSync(f, "utf8")).join("\n"),
    nagError,
    nagViolations,
  };
}

function ofType(s: Synth, type: string): Resource[] {
  return s.resources.filter((r) => r.Type === type);
}

function synthOf(partition: Partition, region?: string): Synth {
  const found = synths.find((s) => s.partition === partition && (!region || s.region === region));
  if (!found) throw new Error(`no synth of ${partition} ${region ?? ""}`);
  return found;
}

beforeAll(() => {
  for (const p of profiles) synths.push(synthesize(p.partition, p.region));
}, 600_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("deployment profiles: resolution", () => {
  it("reads partition and region from context, else from JIEBANG_PARTITION / JIEBANG_REGION; context wins", () => {
    expect(
      resolveProfile({ [contextKeys.partition]: "aws-cn", [contextKeys.region]: "cn-north-1" }, {}),
    ).toEqual({
      partition: "aws-cn",
      region: "cn-north-1",
      identity: "oidc",
    });
    expect(resolveProfile({}, { JIEBANG_PARTITION: "aws", JIEBANG_REGION: "eu-central-1" })).toEqual({
      partition: "aws",
      region: "eu-central-1",
      identity: "cognito",
    });
    expect(
      resolveProfile(
        { [contextKeys.partition]: "aws-cn", [contextKeys.region]: "cn-northwest-1" },
        { JIEBANG_PARTITION: "aws", JIEBANG_REGION: "us-east-1" },
      ).region,
    ).toBe("cn-northwest-1");
    expect(resolveProfile({}, {})).toEqual({ partition: "aws", identity: "cognito" });
  });

  it.each([
    [{ p: "aws", r: "cn-north-1" }, /not a commercial region of partition aws/],
    [{ p: "aws-cn", r: "us-east-1" }, /aws-cn has the regions cn-north-1 and cn-northwest-1/],
    [{ p: "aws-us-gov", r: "us-gov-west-1" }, /partition must be aws or aws-cn/],
    [{ p: "aws-cn" }, /without a region/],
    [{ r: "cn-north-1" }, /without a partition/],
    [{ p: "aws-cn", r: "cn-north-1", i: "cognito" }, /Cognito user pools do not exist in the China regions/],
  ])("refuses %j at synth with the reason", (given, message) => {
    const context: Record<string, unknown> = {};
    if ("p" in given) context[contextKeys.partition] = given.p;
    if ("r" in given) context[contextKeys.region] = given.r;
    if ("i" in given) context[contextKeys.identity] = given.i;
    expect(() => resolveProfile(context, {})).toThrow(message);
    expect(() => buildApp({ bundle: false, nag: false, context, processEnv: {} })).toThrow(message);
  });

  it("aws-cn without the OIDC issuer's settings (jiebang:oidc) is refused at synth", () => {
    const context = { [contextKeys.partition]: "aws-cn", [contextKeys.region]: "cn-north-1" };
    expect(() => buildApp({ bundle: false, nag: false, context, processEnv: {} })).toThrow(
      /needs jiebang:oidc/,
    );
  });
});

describe("deployment profiles: synthesized", () => {
  it.each(profiles.map((p) => [p.partition, p.region]))(
    "%s %s: cdk-nag AwsSolutions has no finding left",
    (p, r) => {
      const s = synthOf(p as Partition, r);
      expect(s.nagError).toBeUndefined();
      expect(s.nagViolations).toBe(0);
      // Jiebang-Stateful, Jiebang-Stateless and its two nested stacks (*.nested.template.json): the REST API's and
      // the table stream's mappings.
      expect(s.templates).toHaveLength(4);
      expect(s.templates.filter((f) => f.endsWith(".nested.template.json"))).toHaveLength(2);
    },
  );

  it.each(profiles.map((p) => [p.partition, p.region]))(
    "%s %s: every template (the API's nested one included) stays under CloudFormation's 500 resources",
    (p, r) => {
      const s = synthOf(p as Partition, r);
      const counts = s.templates.map((f) => ({
        template: path.basename(f),
        resources: Object.keys(
          (JSON.parse(readFileSync(f, "utf8")) as { Resources: Record<string, unknown> }).Resources,
        ).length,
      }));
      console.log(`${p} ${r}: ${counts.map((c) => `${c.template} ${c.resources}`).join(", ")}`);
      for (const c of counts) expect(c.resources, c.template).toBeLessThan(500);
    },
  );

  it.each(profiles.map((p) => [p.partition, p.region]))(
    "%s %s: cfn-lint 1.51 for the partition's regions finds 0 errors and 0 warnings",
    (p, r) => {
      const s = synthOf(p as Partition, r);
      const version = spawnSync("cfn-lint", ["--version"], { encoding: "utf8" });
      if (version.error || version.status !== 0) {
        throw new Error(
          'cfn-lint is not installed: install it with `pip install cfn-lint==1.51.0` (.ci/run does; docs/deploy.md, "Checks")',
        );
      }
      expect(version.stdout).toMatch(/cfn-lint 1\.51\./);
      const regions = p === "aws-cn" ? ["cn-north-1", "cn-northwest-1"] : [r as string];
      const run = spawnSync("cfn-lint", ["--format", "json", "--regions", ...regions, "--", ...s.templates], {
        encoding: "utf8",
        cwd: projectRoot, // .cfnlintrc.yaml
        maxBuffer: 64 * 1024 * 1024,
      });
      expect(run.error).toBeUndefined();
      const findings = JSON.parse(run.stdout || "[]") as {
        Level: string;
        Rule: { Id: string };
        Message: string;
      }[];
      expect(findings.map((f) => `${f.Level} ${f.Rule.Id} ${f.Message}`)).toEqual([]);
      expect(run.status).toBe(0);
    },
    300_000,
  );

  it("cfn-lint with the China regions catches a resource type China lacks (the check is not vacuous)", () => {
    const file = path.join(root, "planted.template.json");
    writeFileSync(
      file,
      JSON.stringify({
        AWSTemplateFormatVersion: "2010-09-09",
        Resources: { Pool: { Type: "AWS::Cognito::UserPool", Properties: {} } },
      }),
    );
    const lint = (regions: string[]) =>
      spawnSync("cfn-lint", ["--format", "json", "--regions", ...regions, "--", file], {
        encoding: "utf8",
        cwd: projectRoot,
      });
    const china = JSON.parse(lint(["cn-north-1", "cn-northwest-1"]).stdout || "[]") as {
      Rule: { Id: string };
    }[];
    expect(china.map((f) => f.Rule.Id)).toContain("E3006");
    const global = JSON.parse(lint(["us-east-1"]).stdout || "[]") as { Rule: { Id: string } }[];
    expect(global.map((f) => f.Rule.Id)).not.toContain("E3006");
  }, 120_000);

  it("aws-cn: no Cognito, no CloudFront Function or origin access control, no X-Ray on Lambda, REGIONAL endpoints", () => {
    for (const region of ["cn-north-1", "cn-northwest-1"]) {
      const s = synthOf("aws-cn", region);
      expect(s.resources.filter((r) => r.Type.startsWith("AWS::Cognito::"))).toEqual([]);
      expect(ofType(s, "AWS::CloudFront::Function")).toEqual([]);
      expect(ofType(s, "AWS::CloudFront::OriginAccessControl")).toEqual([]);
      expect(ofType(s, "AWS::CloudFront::CloudFrontOriginAccessIdentity")).toHaveLength(1);
      const lambdas = ofType(s, "AWS::Lambda::Function");
      expect(lambdas.length).toBeGreaterThan(10);
      for (const fn of lambdas)
        expect(JSON.stringify(fn.Properties?.["TracingConfig"] ?? {})).not.toContain("Active");
      for (const api of ofType(s, "AWS::ApiGateway::RestApi"))
        expect(api.Properties?.["EndpointConfiguration"]).toEqual({ Types: ["REGIONAL"] });
      // People's routes: the OIDC Lambda token authorizer, the catalog function with the issuer's settings (no Cognito
      // authorizers there); WAF regional only.
      const authorizers = ofType(s, "AWS::ApiGateway::Authorizer");
      expect(authorizers.map((a) => a.Properties?.["Type"])).toEqual(["TOKEN"]);
      const verifier = lambdas.filter((fn) =>
        JSON.stringify(fn.Properties?.["Environment"] ?? {}).includes(exampleOidcSettings.issuer),
      );
      expect(verifier).toHaveLength(1);
      expect(JSON.stringify(verifier[0]!.Properties?.["Code"] ?? {})).not.toContain("Unauthorized");
      expect(verifier[0]!.Properties?.["Code"]).not.toHaveProperty("ZipFile");
      expect(ofType(s, "AWS::WAFv2::WebACL").map((a) => a.Properties?.["Scope"])).toEqual(["REGIONAL"]);
      expect(s.text).not.toContain('"arn:aws:');
      expect(s.text).not.toMatch(/:aws:[a-z0-9-]+:/);
    }
  });

  it("aws-cn: the console is served on its ICP-recorded alternate domain with its IAM certificate", () => {
    const withDomain = ofType(synthOf("aws-cn", "cn-north-1"), "AWS::CloudFront::Distribution")[0]!;
    const config = withDomain.Properties?.["DistributionConfig"] as Record<string, unknown>;
    expect(config["Aliases"]).toEqual([chinaDomain.domain]);
    expect(config["ViewerCertificate"]).toEqual({
      IamCertificateId: chinaDomain.certificate,
      SslSupportMethod: "sni-only",
      MinimumProtocolVersion: "TLSv1.2_2021",
    });
    expect(config["DefaultRootObject"]).toBe("console/index.html");
    // The app at / (the default root object) with its routes in the fragment: the sign-in returns to /.
    const text = synthOf("aws-cn", "cn-north-1").text;
    expect(text).toContain(`https://${chinaDomain.domain}/"`);
    expect(text).not.toContain(`${chinaDomain.domain}/console/`);
    const settings = { window: {} as { jiebangConfig?: { routing?: string; oidc?: unknown } } };
    const signIn = {
      issuer: exampleOidcSettings.issuer,
      discoveryUrl: `${exampleOidcSettings.issuer}/.well-known/openid-configuration`,
      clientId: exampleOidcSettings.audience,
      redirectUri: `https://${chinaDomain.domain}/`,
      scope: "openid",
    };
    new Function("window", oidcConsoleConfig(signIn, "hash"))(settings.window);
    expect(settings.window.jiebangConfig?.routing).toBe("hash");
    new Function("window", oidcConsoleConfig(signIn))(settings.window);
    expect(settings.window.jiebangConfig?.routing).toBeUndefined();
  });

  it("aws us-east-1 keeps today's protections: Cognito, OAC and the index function, X-Ray, WAF on CloudFront and on the API", () => {
    const s = synthOf("aws", "us-east-1");
    expect(ofType(s, "AWS::Cognito::UserPool")).toHaveLength(1);
    expect(ofType(s, "AWS::CloudFront::OriginAccessControl")).toHaveLength(1);
    expect(ofType(s, "AWS::CloudFront::Function")).toHaveLength(1);
    for (const fn of ofType(s, "AWS::Lambda::Function").filter(
      (f) => f.Properties?.["TracingConfig"] !== undefined,
    ))
      expect(fn.Properties?.["TracingConfig"]).toEqual({ Mode: "Active" });
    expect(
      ofType(s, "AWS::Lambda::Function").filter((f) => f.Properties?.["TracingConfig"]).length,
    ).toBeGreaterThan(10);
    expect(
      ofType(s, "AWS::WAFv2::WebACL")
        .map((a) => a.Properties?.["Scope"])
        .sort(),
    ).toEqual(["CLOUDFRONT", "REGIONAL"]);
    const distribution = ofType(s, "AWS::CloudFront::Distribution")[0]!;
    expect(JSON.stringify(distribution.Properties)).toContain("WebACLId");
    expect(ofType(s, "AWS::ApiGateway::Authorizer").map((a) => a.Properties?.["Type"])).toEqual([
      "COGNITO_USER_POOLS",
    ]);
    expect(s.text).not.toContain("arn:aws-cn:");
  });

  it.each(profiles.map((p) => [p.partition, p.region]))(
    "%s %s: every ARN carries the partition and every service principal is <service>.amazonaws.com",
    (p, r) => {
      const s = synthOf(p as Partition, r);
      const arns = [...s.text.matchAll(/"arn:([a-z-]+):/g)].map((m) => m[1]);
      expect(arns.length).toBeGreaterThan(0);
      expect(new Set(arns)).toEqual(new Set([p]));
      const principals = [...s.text.matchAll(/"Service": "([^"]+)"/g)].map((m) => m[1] as string);
      expect(principals.length).toBeGreaterThan(0);
      for (const principal of principals)
        expect(principal).toMatch(/^[a-z0-9-]+(\.[a-z0-9-]+)?\.amazonaws\.com$/);
    },
  );

  it("every profile: each state machine publishes a retained version and the alias live points at it", () => {
    for (const s of synths) {
      const versions = ofType(s, "AWS::StepFunctions::StateMachineVersion");
      const aliases = ofType(s, "AWS::StepFunctions::StateMachineAlias");
      expect(versions).toHaveLength(stateMachines.length);
      expect(aliases).toHaveLength(stateMachines.length);
      for (const v of versions) {
        expect(v.DeletionPolicy).toBe("Retain");
        expect(v.UpdateReplacePolicy).toBe("Retain");
        expect(JSON.stringify(v.Properties?.["StateMachineRevisionId"])).toContain("StateMachineRevisionId");
      }
      for (const a of aliases) {
        expect(a.Properties?.["Name"]).toBe("live");
        const routing = a.Properties?.["RoutingConfiguration"] as { Weight: number }[];
        expect(routing).toHaveLength(1);
        expect(routing[0]!.Weight).toBe(100);
      }
    }
  });
});
