// Benchmark (bench/): each Lambda function's minified bundle, built as the CDK stack builds it (esbuild, ESM, node20,
// minified, AWS SDK bundled), and the time a fresh Node process takes to import it. Goals: <= 300 KB, <= 80 ms.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { functions } from "../functions/catalog.ts";
import { projectRoot } from "../local/runtime-paths.ts";
import { type Figure, median, round } from "./support.ts";

const banner =
  "import { createRequire as __jiebangCreateRequire } from 'node:module'; const require = __jiebangCreateRequire(import.meta.url);";

export async function bundleFigures(runs: number): Promise<Figure[]> {
  const out = mkdtempSync(join(tmpdir(), "jiebang-bundles-"));
  const figures: Figure[] = [];
  try {
    for (const fn of functions) {
      const outfile = join(out, fn.name, "index.mjs");
      const result = await build({
        entryPoints: [join(projectRoot, fn.entry)],
        outfile,
        bundle: true,
        platform: "node",
        format: "esm",
        target: "node20",
        minify: true,
        mainFields: ["module", "main"],
        banner: { js: banner },
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
      writeFileSync(join(out, fn.name, "package.json"), '{"type":"module"}');
      const importMs: number[] = [];
      for (let i = 0; i < runs; i++) {
        const script = `const t=performance.now();await import(${JSON.stringify(outfile)});console.log(performance.now()-t)`;
        importMs.push(
          Number(execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" })),
        );
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
        name: `import ${fn.name}`,
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
