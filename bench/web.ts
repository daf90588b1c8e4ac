// Benchmark (bench/): the workbench web app (web/) built as for production into a temporary directory — how long the
// build takes, the JavaScript the first load fetches (the entry chunk and every chunk it imports statically, gzip; goal
// <= 250 KB), each route's own chunk (what it adds on top of the first load, gzip) and ECharts' chunk.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { webDir } from "../local/web-build.ts";
import { type Figure, round } from "./support.ts";

export const firstLoadGoalKb = 250;

interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}
type Manifest = Record<string, ManifestChunk>;

/** A chunk and every chunk it imports statically (their manifest keys). */
function closure(manifest: Manifest, key: string, seen = new Set<string>()): Set<string> {
  if (seen.has(key)) return seen;
  seen.add(key);
  for (const k of manifest[key]?.imports ?? []) closure(manifest, k, seen);
  return seen;
}

export async function webFigures(): Promise<Figure[]> {
  const out = mkdtempSync(join(tmpdir(), "jiebang-web-bench-"));
  try {
    const { build } = await import("vite");
    const started = performance.now();
    await build({
      root: webDir,
      configFile: join(webDir, "vite.config.ts"),
      logLevel: "warn",
      build: { outDir: out, emptyOutDir: true, manifest: true },
    });
    const seconds = (performance.now() - started) / 1000;
    const manifest = JSON.parse(readFileSync(join(out, ".vite", "manifest.json"), "utf8")) as Manifest;
    const kb = (keys: Iterable<string>) =>
      round(
        [...keys].reduce((sum, k) => sum + gzipSync(readFileSync(join(out, manifest[k]!.file))).length, 0) /
          1024,
        1,
      );
    const entry = Object.keys(manifest).find((k) => manifest[k]!.isEntry)!;
    const first = closure(manifest, entry);
    const figures: Figure[] = [
      { name: "web build (vite, production)", value: round(seconds, 1), unit: "s", runs: 1 },
      {
        name: "web first load JavaScript (gzip)",
        value: kb(first),
        unit: "KB",
        runs: 1,
        goal: `<= ${firstLoadGoalKb} KB`,
        met: kb(first) <= firstLoadGoalKb,
        detail: { chunks: [...first].map((k) => manifest[k]!.file) },
      },
    ];
    const routes = Object.keys(manifest)
      .filter((k) => manifest[k]!.isDynamicEntry && /src\/pages\//.test(k))
      .sort();
    for (const route of routes) {
      const own = [...closure(manifest, route)].filter((k) => !first.has(k));
      figures.push({
        name: `web route ${route.replace(/^src\/pages\//, "").replace(/\.tsx$/, "")} (own chunks, gzip)`,
        value: kb(own),
        unit: "KB",
        runs: 1,
        detail: { chunks: own.map((k) => manifest[k]!.file) },
      });
    }
    const echarts = Object.keys(manifest).filter((k) => /components\/echarts\.ts$/.test(k));
    figures.push({
      name: "web ECharts chunk, loaded with the first chart (gzip)",
      value: kb(echarts),
      unit: "KB",
      runs: 1,
    });
    return figures;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
