// Infra test: the pinned AWS SDK layer (infra/sdk-layer.ts) — every catalog function carries the one layer,
// the layer holds the installed SDK versions, and each of its modules exports every name the functions import.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Match } from "aws-cdk-lib/assertions";
import { build } from "esbuild";
import { afterAll, describe, expect, it } from "vitest";
import { functions as catalogFunctions, deployedFunctions } from "../../functions/catalog.ts";

import {
  buildSdkLayer,
  esmRequireBanner,
  importedSdkNames,
  onDemandSdkPackages,
  powertoolsPackages,
  sdkAlias,
  sdkLayerModule,
  sdkPackages,
} from "../../infra/sdk-layer.ts";
import { startMailServer } from "../../local/mail.ts";
import { projectRoot } from "../../local/runtime-paths.ts";
import { logicalId, synthesize } from "./support.ts";

/** The catalog's functions a deployment with the default identity (Cognito) has. */
const functions = deployedFunctions(catalogFunctions, "cognito");

const out = mkdtempSync(join(tmpdir(), "jiebang-sdk-layer-test-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe("the AWS SDK layer", () => {
  it("is attached to every catalog function, as its only layer", () => {
    const { built, stateless } = synthesize();
    const layers = stateless.findResources("AWS::Lambda::LayerVersion", {
      Properties: { Description: Match.stringLikeRegexp(sdkLayerModule) },
    });
    expect(Object.keys(layers)).toHaveLength(1);
    const layerId = Object.keys(layers)[0]!;
    for (const def of functions) {
      const fn = built.stateless.functions.get(def.name)!;
      const props =
        stateless.toJSON()["Resources"][logicalId(fn.function.node.defaultChild as never)]["Properties"];
      expect(props["Layers"], def.name).toEqual([{ Ref: layerId }]);
    }
    // A full synth: about 40 s alone, longer while the infra tier synthesizes its other apps in parallel.
  }, 180_000);

  it("holds the installed SDK versions and exports every name the functions import", async () => {
    const { versions } = buildSdkLayer(projectRoot, out);
    const dir = join(out, "nodejs", "node_modules", sdkLayerModule);
    const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as {
      exports: Record<string, string>;
      sdkVersions: Record<string, string>;
    };
    expect(manifest.sdkVersions).toEqual(versions);
    for (const p of sdkPackages) {
      const installed = JSON.parse(
        readFileSync(join(projectRoot, "node_modules", "@aws-sdk", p, "package.json"), "utf8"),
      ) as { version: string };
      expect(versions[`@aws-sdk/${p}`]).toBe(installed.version);
      expect(sdkAlias[`@aws-sdk/${p}`]).toBe(`${sdkLayerModule}/${p}`);
    }
    // Every import of the SDK in functions/ is a named import the layer can serve (no namespace or default import).
    const forms = execFileSync("grep", ["-rhoE", 'import [^;]*from "@aws-sdk/[a-z0-9-]+"', "functions"], {
      cwd: projectRoot,
      encoding: "utf8",
    });
    for (const line of forms.split("\n").filter(Boolean)) expect(line, line).toMatch(/^import (type )?\{/);
    const names = importedSdkNames(projectRoot);
    expect(names.get("client-dynamodb")).toContain("DynamoDBClient");
    for (const [p, list] of names) {
      const module = (await import(pathToFileURL(join(dir, manifest.exports[`./${p}`]!)).href)) as Record<
        string,
        unknown
      >;
      for (const name of list) expect(module[name], `${sdkLayerModule}/${p} exports ${name}`).toBeDefined();
    }
  }, 60_000);

  it("holds the installed Powertools too: Logger and Metrics loaded at init, Tracer a module of its own", async () => {
    const built = buildSdkLayer(projectRoot, join(out, "powertools"));
    const dir = join(out, "powertools", "nodejs", "node_modules", sdkLayerModule);
    const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as {
      exports: Record<string, string>;
      powertoolsVersions: Record<string, string>;
    };
    for (const p of powertoolsPackages) {
      const installed = JSON.parse(
        readFileSync(join(projectRoot, "node_modules", "@aws-lambda-powertools", p, "package.json"), "utf8"),
      ) as { version: string };
      expect(manifest.powertoolsVersions[`@aws-lambda-powertools/${p}`]).toBe(installed.version);
      expect(sdkAlias[`@aws-lambda-powertools/${p}`]).toBe(`${sdkLayerModule}/powertools-${p}`);
    }
    expect(built.modules).toEqual([
      ...sdkPackages.filter((p) => !onDemandSdkPackages.includes(p)),
      "powertools-logger",
      "powertools-metrics",
    ]);
    expect(onDemandSdkPackages).toEqual(["client-kms"]);
    expect(built.tracingModules).toEqual(["powertools-tracer", "powertools-tracer/middleware"]);
    const load = async (module: string) =>
      (await import(pathToFileURL(join(dir, manifest.exports[`./${module}`]!)).href)) as Record<
        string,
        unknown
      >;
    expect(Object.keys(await load("powertools-logger"))).toEqual(
      expect.arrayContaining(["Logger", "LogFormatter", "LogItem"]),
    );
    expect(Object.keys(await load("powertools-metrics"))).toEqual(
      expect.arrayContaining(["Metrics", "MetricUnit"]),
    );
    expect(typeof (await load("powertools-tracer"))["Tracer"]).toBe("function");
    expect(typeof (await load("powertools-tracer/middleware"))["captureLambdaHandler"]).toBe("function");
  }, 60_000);

  it("holds nodemailer, loaded at a function's first e-mail: a bundled mailer sends through it and carries none of it", async () => {
    const layerDir = join(out, "mail");
    buildSdkLayer(projectRoot, layerDir);
    const manifest = JSON.parse(
      readFileSync(join(layerDir, "nodejs", "node_modules", sdkLayerModule, "package.json"), "utf8"),
    ) as { otherVersions: Record<string, string> };
    const installed = JSON.parse(
      readFileSync(join(projectRoot, "node_modules", "nodemailer", "package.json"), "utf8"),
    ) as { version: string };
    expect(manifest.otherVersions["nodemailer"]).toBe(installed.version);
    expect(sdkAlias["nodemailer"]).toBe(`${sdkLayerModule}/nodemailer`);
    // The SMTP adapter bundled as the functions are, beside the layer's node_modules (as /opt/nodejs on Lambda).
    const taskDir = join(layerDir, "nodejs");
    const outfile = join(taskDir, "mailer", "index.mjs");
    await build({
      entryPoints: [join(projectRoot, "functions/notifications/adapters/smtp.ts")],
      outfile,
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      minify: true,
      banner: { js: esmRequireBanner },
      alias: { ...sdkAlias },
      external: [sdkLayerModule],
      logLevel: "silent",
    });
    const bundled = readFileSync(outfile, "utf8");
    expect(bundled).toContain(`${sdkLayerModule}/nodemailer`);
    expect(bundled.length).toBeLessThan(10_000);
    const server = await startMailServer(join(out, "mailbox.jsonl"));
    try {
      const { smtpMailer } = (await import(
        pathToFileURL(outfile).href
      )) as typeof import("../../functions/notifications/adapters/smtp.ts");
      await smtpMailer(() => server.url).send({
        to: "enterprise@example.cn",
        subject: "里程碑报告提醒",
        text: "请于到期日前提交里程碑报告。",
        messageId: "<layer-test@jiebang.local>",
      });
      expect(server.messages("enterprise@example.cn").map((m) => m.subject)).toEqual(["里程碑报告提醒"]);
    } finally {
      await server.stop();
    }
  }, 60_000);
});
