// Benchmark (bench/): each Lambda function's minified bundle, built as the CDK stack builds it (esbuild, ESM, node20,
// minified, source map file, the AWS SDK and Powertools taken from the pinned layer of infra/sdk-layer.ts), the
// layer's own size, and the time a fresh Node process takes to import each bundle with the layer resolvable as on
// Lambda (/opt/nodejs/node_modules). Goals: <= 300 KB each, and each bundle's import time at most 1.2 × the import of
// the layer alone (every module of it a function loads at init). Both are timed in the same process, one after the
// other: the layer's modules first, then the bundle, which finds them loaded — so the bundle's import time is the
// sum, its own part the difference, and the load of a shared machine weighs on both alike. Beside them, what
// Powertools Tracer adds to the layer's import where tracing is on.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { functions } from "../functions/catalog.ts";
import { bundledRoutesDefine } from "../infra/route-table.ts";
import { buildSdkLayer, esmRequireBanner, sdkAlias, sdkLayerModule } from "../infra/sdk-layer.ts";
import { projectRoot } from "../local/runtime-paths.ts";
import { type Figure, median, round } from "./support.ts";

/** Each bundle's import time over the layer's alone. */
export const importRatioGoal = 1.2;

interface Timing {
  /** Milliseconds to import the layer's modules. */
  readonly layer: number;
  /** Milliseconds to import the layer's modules and then `file`: the whole import of `file`. */
  readonly total: number;
  /** The same in CPU time. */
  readonly layerCpu: number;
  readonly totalCpu: number;
}

/** In a fresh Node process: the import of `layer` (a module importing layer modules), then of `file`. */
function timeImport(layer: string, file: string, isHandler: boolean): Timing {
  const check = isHandler ? `if(typeof m.handler!=="function")throw new Error("no handler");` : "";
  const script = [
    "const c=process.cpuUsage();const t=performance.now();",
    `await import(${JSON.stringify(layer)});`,
    "const t1=performance.now();const c1=process.cpuUsage(c);",
    `const m=await import(${JSON.stringify(file)});${check}`,
    "const t2=performance.now();const c2=process.cpuUsage(c);const ms=(u)=>(u.user+u.system)/1000;",
    "console.log(JSON.stringify({layer:t1-t,total:t2-t,layerCpu:ms(c1),totalCpu:ms(c2)}))",
  ].join("");
  return JSON.parse(
    execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" }),
  ) as Timing;
}

/** `runs` timings, after one untimed so that every timed import finds the files in the OS cache, as a warm host. */
function timings(runs: number, layer: string, file: string, isHandler: boolean): Timing[] {
  const timed: Timing[] = [];
  for (let i = -1; i < runs; i++) {
    const t = timeImport(layer, file, isHandler);
    if (i >= 0) timed.push(t);
  }
  return timed;
}

export async function bundleFigures(runs: number): Promise<Figure[]> {
  const out = mkdtempSync(join(tmpdir(), "jiebang-bundles-"));
  const figures: Figure[] = [];
  try {
    // The layer, as CDK deploys it: <layer>/nodejs/node_modules/jiebang-aws-sdk.
    const layerDir = join(out, "layer");
    const layer = buildSdkLayer(projectRoot, layerDir);
    figures.push({
      name: "shared AWS SDK and Powertools layer (pinned, pre-bundled)",
      value: round(layer.bytes / 1024, 1),
      unit: "KB",
      runs: 1,
      detail: { ...layer.versions, ...layer.powertoolsVersions },
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
    // Powertools Tracer (the X-Ray SDK), which a function with tracing on loads besides.
    const layerTracer = join(taskDir, "layer-tracer.mjs");
    writeFileSync(
      layerTracer,
      layer.tracingModules.map((m) => `import ${JSON.stringify(`${sdkLayerModule}/${m}`)};\n`).join(""),
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
        define: bundledRoutesDefine(fn.name),
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
      // As Lambda's init: the handler module, which links the layer's modules too.
      const timed = timings(runs, layerAlone, outfile, true);
      allLayerMs.push(...timed.map((t) => t.layer));
      figures.push({
        name: `bundle ${fn.name}`,
        value: round(sizeKb, 1),
        unit: "KB",
        runs: 1,
        goal: "<= 300 KB",
        met: sizeKb <= 300,
        detail: { largestInputsKb: Object.fromEntries(largest.map(([k, v]) => [k, round(v / 1024, 1)])) },
      });
      const ratio = median(timed.map((t) => t.total / t.layer));
      figures.push({
        name: `import ${fn.name} ÷ import of the layer alone`,
        value: round(ratio, 2),
        unit: "×",
        runs,
        goal: `<= ${importRatioGoal}`,
        met: ratio <= importRatioGoal,
        detail: {
          importMs: round(median(timed.map((t) => t.total)), 1),
          layerAloneMs: round(median(timed.map((t) => t.layer)), 1),
          cpuRatio: round(median(timed.map((t) => t.totalCpu / t.layerCpu)), 2),
        },
      });
    }
    const tracing = timings(runs, layerAlone, layerTracer, false);
    figures.splice(
      1,
      0,
      {
        name: "import of the layer alone",
        value: round(median(allLayerMs), 1),
        unit: "ms",
        runs: allLayerMs.length,
        detail: { modules: layer.modules },
      },
      {
        name: "import of the layer with Powertools Tracer (where tracing is on) ÷ without",
        value: round(median(tracing.map((t) => t.total / t.layer)), 2),
        unit: "×",
        runs,
        detail: {
          withTracerMs: round(median(tracing.map((t) => t.total)), 1),
          withoutMs: round(median(tracing.map((t) => t.layer)), 1),
          cpuRatio: round(median(tracing.map((t) => t.totalCpu / t.layerCpu)), 2),
          modules: layer.tracingModules,
        },
      },
    );
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  return figures;
}
