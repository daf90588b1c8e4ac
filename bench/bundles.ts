// Benchmark (bench/): each Lambda function's minified bundle, built as the CDK stack builds it (esbuild, ESM, node20,
// minified, source map file, the AWS SDK taken from the pinned SDK layer of infra/sdk-layer.ts), the layer's own size, and the time a
// fresh Node process takes to import each bundle with the layer resolvable as on Lambda (/opt/nodejs/node_modules).
// Goals: <= 300 KB each, and each bundle's import time at most 1.2 × the import of the layer alone (every module of it
// a function loads at init), measured in the same run: each timed import of a bundle follows a timed import of the
// layer alone, and the ratio is of their medians, so that the load of a shared machine weighs on both alike.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { functions } from "../functions/catalog.ts";
import { buildSdkLayer, esmRequireBanner, sdkAlias, sdkLayerModule } from "../infra/sdk-layer.ts";
import { projectRoot } from "../local/runtime-paths.ts";
import { type Figure, median, round } from "./support.ts";

/** Each bundle's import time over the layer's alone. */
export const importRatioGoal = 1.2;

/** Wall-clock and CPU milliseconds a fresh Node process takes to import `file` (for a bundle: and find its handler). */
function timeImport(file: string, isHandler: boolean): { wall: number; cpu: number } {
  const check = isHandler ? `if(typeof m.handler!=="function")throw new Error("no handler");` : "";
  const script =
    `const c=process.cpuUsage();const t=performance.now();const m=await import(${JSON.stringify(file)});${check}` +
    "const u=process.cpuUsage(c);console.log(JSON.stringify({wall:performance.now()-t,cpu:(u.user+u.system)/1000}))";
  return JSON.parse(
    execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" }),
  ) as { wall: number; cpu: number };
}

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
    // The layer alone: a module that imports every layer module a function may load at init.
    const layerAlone = join(taskDir, "layer-alone.mjs");
    writeFileSync(
      layerAlone,
      layer.modules.map((m) => `import ${JSON.stringify(`${sdkLayerModule}/${m}`)};\n`).join(""),
    );
    const allLayerMs: number[] = [];
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
        // The bundle's own entry (the other output is its source map, which has no inputs).
        Object.entries(result.metafile.outputs).find(([path]) => path.endsWith(".mjs"))![1].inputs,
      )) {
        const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
        const key = match ? match[1]! : "(project)";
        byPackage.set(key, (byPackage.get(key) ?? 0) + input.bytesInOutput);
      }
      const largest = [...byPackage.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5);
      writeFileSync(join(taskDir, fn.name, "package.json"), '{"type":"module"}');
      const importMs: number[] = [];
      const layerMs: number[] = [];
      const importCpuMs: number[] = [];
      const layerCpuMs: number[] = [];
      // One untimed pair first, so that every timed import finds the files in the OS cache, as a warm host does.
      for (let i = -1; i < runs; i++) {
        const alone = timeImport(layerAlone, false);
        // As Lambda's init: import the handler module, which links the layer's modules too.
        const ms = timeImport(outfile, true);
        if (i >= 0) {
          layerMs.push(alone.wall);
          allLayerMs.push(alone.wall);
          importMs.push(ms.wall);
          layerCpuMs.push(alone.cpu);
          importCpuMs.push(ms.cpu);
        }
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
      const ratio = ms / median(layerMs);
      figures.push({
        name: `import ${fn.name} ÷ import of the layer alone`,
        value: round(ratio, 2),
        unit: "×",
        runs,
        goal: `<= ${importRatioGoal}`,
        met: ratio <= importRatioGoal,
        detail: {
          importMs: round(ms, 1),
          layerAloneMs: round(median(layerMs), 1),
          // CPU time varies less than wall-clock time on a machine shared with other work.
          cpuRatio: round(median(importCpuMs) / median(layerCpuMs), 2),
        },
      });
    }
    figures.splice(1, 0, {
      name: "import of the layer alone",
      value: round(median(allLayerMs), 1),
      unit: "ms",
      runs: allLayerMs.length,
      detail: { modules: layer.modules },
    });
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  return figures;
}
