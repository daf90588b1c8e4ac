// Benchmark (bench/): each Lambda function's minified bundle, built as the CDK stack builds it (esbuild, ESM, node20,
// minified, source map file, the AWS SDK taken from the pinned SDK layer of infra/sdk-layer.ts), the layer's own size, and the time a
// fresh Node process takes to import each bundle with the layer resolvable as on Lambda (/opt/nodejs/node_modules).
// Goals: <= 300 KB and <= 80 ms each.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { functions } from "../functions/catalog.ts";
import { buildSdkLayer, esmRequireBanner, sdkAlias, sdkLayerModule } from "../infra/sdk-layer.ts";
import { projectRoot } from "../local/runtime-paths.ts";
import { type Figure, median, round } from "./support.ts";

export async function bundleFigures(runs: number): Promise<Figure[]> {
  const out = mkdtempSync(join(tmpdir(), "jiebang-bundles-"));
  const figures: Figure[] = [];
  try {
    // The layer, as CDK deploys it: <layer>/nodejs/node_modules/jiebang-aws-sdk.
    const layerDir = join(out, "layer");
    const layer = buildSdkLayer(projectRoot, layerDir);
    figures.push({
      name: "shared AWS SDK layer (pinned, pre-bundled)",
      value: round(layer.bytes / 1024, 1),
      unit: "KB",
      runs: 1,
      detail: layer.versions,
    });
    // Functions sit in <out>/task/<name>; <out>/task/node_modules stands for the layer's path on Lambda.
    const taskDir = join(out, "task");
    mkdirSync(taskDir, { recursive: true });
    symlinkSync(join(layerDir, "nodejs", "node_modules"), join(taskDir, "node_modules"), "dir");
    for (const fn of functions) {
      const outfile = join(taskDir, fn.name, "index.mjs");
      const result = await build({
        entryPoints: [join(projectRoot, fn.entry)],
        outfile,
        bundle: true,
        platform: "node",
        format: "esm",
        target: "node20",
        minify: true,
        sourcemap: true,
        sourcesContent: false,
        mainFields: ["module", "main"],
        banner: { js: esmRequireBanner },
        alias: { ...sdkAlias },
        external: [sdkLayerModule],
        metafile: true,
        logLevel: "silent",
      });
      const sizeKb = statSync(outfile).size / 1024;
      const byPackage = new Map<string, number>();
      for (const [path, input] of Object.entries(
        result.metafile.outputs[Object.keys(result.metafile.outputs)[0]!]!.inputs,
      )) {
        const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
        const key = match ? match[1]! : "(project)";
        byPackage.set(key, (byPackage.get(key) ?? 0) + input.bytesInOutput);
      }
      const largest = [...byPackage.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5);
      writeFileSync(join(taskDir, fn.name, "package.json"), '{"type":"module"}');
      const importMs: number[] = [];
      // One untimed import first, so that every timed one finds the files in the OS cache, as a warm host does.
      for (let i = -1; i < runs; i++) {
        // As Lambda's init: import the handler module, which links the layer's SDK modules too.
        const script = `const t=performance.now();const m=await import(${JSON.stringify(outfile)});if(typeof m.handler!=="function")throw new Error("no handler");console.log(performance.now()-t)`;
        const ms = Number(
          execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" }),
        );
        if (i >= 0) importMs.push(ms);
      }
      figures.push({
        name: `bundle ${fn.name}`,
        value: round(sizeKb, 1),
        unit: "KB",
        runs: 1,
        goal: "<= 300 KB",
        met: sizeKb <= 300,
        detail: { largestInputsKb: Object.fromEntries(largest.map(([k, v]) => [k, round(v / 1024, 1)])) },
      });
      const ms = median(importMs);
      figures.push({
        name: `import ${fn.name} (with the SDK layer)`,
        value: round(ms, 1),
        unit: "ms",
        runs,
        goal: "<= 80 ms",
        met: ms <= 80,
      });
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  return figures;
}
