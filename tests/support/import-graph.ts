// Test support: the static import graph of test files (esbuild's metafile, dynamic imports of literal paths included),
// to hold each test tier to what it may load — with the chain of imports that reaches a module, for the message.
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { build } from "esbuild";
import { projectRoot } from "../../local/runtime-paths.ts";

/** Test files under a folder of tests/ (the tier's folder, as vitest.config.ts includes them), relative to the root. */
export function tierTestFiles(tier: string): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir)
      .sort()
      .flatMap((name) => {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) return walk(path);
        return name.endsWith(".test.ts") ? [relative(projectRoot, path)] : [];
      });
  return walk(join(projectRoot, "tests", tier));
}

/**
 * For each entry (a path relative to the root), every module it reaches — project files as root-relative paths,
 * packages and Node built-ins by their specifier ("playwright-core", "node:child_process") — each with the chain of
 * imports from the entry to it.
 */
export async function reachableModules(
  entries: readonly string[],
): Promise<Map<string, Map<string, string[]>>> {
  const result = await build({
    absWorkingDir: projectRoot,
    entryPoints: [...entries],
    bundle: true,
    write: false,
    metafile: true,
    platform: "node",
    format: "esm",
    packages: "external",
    outdir: "import-graph.out",
    logLevel: "silent",
  });
  const inputs = result.metafile.inputs;
  const reach = new Map<string, Map<string, string[]>>();
  for (const entry of entries) {
    const chains = new Map<string, string[]>([[entry, [entry]]]);
    const queue = [entry];
    for (let module = queue.shift(); module !== undefined; module = queue.shift()) {
      for (const imported of inputs[module]?.imports ?? []) {
        const name = imported.external ? packageName(imported.path) : imported.path;
        if (chains.has(name)) continue;
        chains.set(name, [...chains.get(module)!, name]);
        if (!imported.external) queue.push(name);
      }
    }
    reach.set(entry, chains);
  }
  return reach;
}

/** "@aws-sdk/lib-dynamodb/x" → "@aws-sdk/lib-dynamodb", "playwright-core/lib" → "playwright-core", "node:fs" as is. */
function packageName(specifier: string): string {
  const parts = specifier.split("/");
  return parts.slice(0, specifier.startsWith("@") ? 2 : 1).join("/");
}
