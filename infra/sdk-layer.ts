// Infra (infra/): the pinned AWS SDK and Powertools for AWS Lambda as one shared Lambda layer, and the esbuild options
// that make each function's bundle import them from it. Used by the CDK stack (infra/constructs/catalog-function.ts)
// and bench/bundles.ts.
//
// Decision: the SDK is neither bundled into every function (≈ 450 KB of each 600 KB bundle) nor taken from
// the runtime (nodejs22.x ships an SDK v3 whose version Lambda changes under us, not the one the tests ran). AWS's
// operator guide recommends locking the SDK version in a layer; the SDK team measured that a runtime-resolved SDK
// (many files, module resolution) cold-starts slower than a bundled one (aws/aws-cdk#25492). So the layer holds the
// exact versions of package-lock.json, pre-bundled with esbuild into a few ESM files (code splitting: one shared
// chunk set, one module per SDK package, only the names our code imports), and each function bundle maps
// `@aws-sdk/<package>` to `jiebang-aws-sdk/<package>`, an external that only the layer provides: a missing layer
// fails loudly at import instead of silently falling back to the runtime's SDK.
//
// Powertools (Logger, Metrics, Tracer) goes into the same layer, as AWS ships it as a layer too: one pinned copy for
// every function, out of the bundles, and Tracer with the X-Ray SDK (≈ 125 KB) a separate module that only a
// function with tracing on loads (functions/platform/tracer.ts imports it dynamically); bundled, esbuild would inline
// it into every bundle.
//
// nodemailer (the SMTP client, ≈ 236 KB minified) is a layer module too, loaded on demand at a function's first
// e-mail (functions/notifications/adapters/smtp.ts): in the notification functions' bundles it made them ≈ 270 KB and
// their import 1.27 × the layer's (measured by bench/bundles.ts), though most deliveries are in-app only.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { buildSync } from "esbuild";

/** The SDK packages the functions import, each re-exported by the layer module `jiebang-aws-sdk/<package>`. */
export const sdkPackages = [
  "client-dynamodb",
  "lib-dynamodb",
  "client-s3",
  "client-sfn",
  "s3-request-presigner",
  "client-kms",
] as const;

/**
 * SDK packages a function loads only when it first needs them (`const { … } = await import("@aws-sdk/…")`), not at
 * init: KMS, which only the audit digest writer calls.
 */
export const onDemandSdkPackages: readonly string[] = ["client-kms"];

/**
 * The Powertools packages the functions import, each re-exported whole by the layer module
 * `jiebang-aws-sdk/powertools-<package>` (subpaths alike: `…/tracer/middleware` is `…/powertools-tracer/middleware`).
 */
export const powertoolsPackages = ["logger", "metrics", "tracer"] as const;

/** The layer's modules and what each re-exports; `atInit` ones a function loads when it starts, the others on demand. */
const powertoolsModules = [
  { module: "powertools-logger", from: "@aws-lambda-powertools/logger", atInit: true },
  { module: "powertools-metrics", from: "@aws-lambda-powertools/metrics", atInit: true },
  { module: "powertools-tracer", from: "@aws-lambda-powertools/tracer", atInit: false },
  { module: "powertools-tracer/middleware", from: "@aws-lambda-powertools/tracer/middleware", atInit: false },
] as const;

/** Other pinned packages in the layer, each loaded on demand: the module and the names it re-exports. */
const onDemandPackages = [{ module: "nodemailer", from: "nodemailer", names: ["createTransport"] }] as const;

/** The layer's package: `/opt/nodejs/node_modules/jiebang-aws-sdk` on Lambda. */
export const sdkLayerModule = "jiebang-aws-sdk";

/** esbuild `alias`: each SDK and Powertools package to its module in the layer. */
export const sdkAlias: Readonly<Record<string, string>> = Object.fromEntries([
  ...sdkPackages.map((p) => [`@aws-sdk/${p}`, `${sdkLayerModule}/${p}`]),
  ...powertoolsPackages.map((p) => [`@aws-lambda-powertools/${p}`, `${sdkLayerModule}/powertools-${p}`]),
  ...onDemandPackages.map((m) => [m.from, `${sdkLayerModule}/${m.module}`]),
]);

/** The same as NodejsFunction `esbuildArgs` (CDK turns each item into `--alias:<from>=<to>`). */
export const sdkAliasArgs: { readonly "--alias": string[] } = {
  "--alias": Object.entries(sdkAlias).map(([from, to]) => `${from}=${to}`),
};

/** The same banner as the functions: ESM bundles of CommonJS code need `require`. */
export const esmRequireBanner =
  "import { createRequire as __jiebangCreateRequire } from 'node:module'; const require = __jiebangCreateRequire(import.meta.url);";

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith(".ts") ? [path] : [];
  });
}

/** The value names (not types) that functions/ imports from each SDK package. */
export function importedSdkNames(projectRoot: string): Map<string, string[]> {
  const names = new Map<string, Set<string>>(sdkPackages.map((p) => [p, new Set<string>()]));
  const pattern = /import\s+(type\s+)?\{([^}]*)\}\s+from\s+"@aws-sdk\/([a-z0-9-]+)"/g;
  // On-demand loads: `const { A, B } = await import("@aws-sdk/<package>")`.
  const dynamicPattern = /const\s+()\{([^}]*)\}\s*=\s*await\s+import\("@aws-sdk\/([a-z0-9-]+)"\)/g;
  for (const file of sourceFiles(join(projectRoot, "functions"))) {
    const text = readFileSync(file, "utf8");
    for (const match of [...text.matchAll(pattern), ...text.matchAll(dynamicPattern)]) {
      if (match[1]) continue;
      const set = names.get(match[3]!);
      if (!set)
        throw new Error(`${relative(projectRoot, file)} imports @aws-sdk/${match[3]}: add it to sdkPackages`);
      for (const part of match[2]!.split(",")) {
        const name = part.trim();
        if (name && !name.startsWith("type ")) set.add(name.split(/\s+as\s+/)[0]!);
      }
    }
  }
  return new Map([...names].map(([p, set]) => [p, [...set].sort()]));
}

export interface BuiltLayer {
  readonly bytes: number;
  /** The SDK packages' versions. */
  readonly versions: Record<string, string>;
  readonly powertoolsVersions: Record<string, string>;
  /** The modules a function may load when it starts (the SDK, Powertools Logger and Metrics). */
  readonly modules: string[];
  /** The modules loaded only where tracing is on (Powertools Tracer and its middleware). */
  readonly tracingModules: string[];
}

/**
 * Writes the layer's content into `outDir` (`nodejs/node_modules/jiebang-aws-sdk/…`), from the SDK and Powertools
 * installed in the project's node_modules (the pinned versions). Synchronous, so CDK's local bundling can call it.
 */
export function buildSdkLayer(projectRoot: string, outDir: string): BuiltLayer {
  const moduleDir = join(outDir, "nodejs", "node_modules", sdkLayerModule);
  mkdirSync(moduleDir, { recursive: true });
  const names = importedSdkNames(projectRoot);
  const versions: Record<string, string> = {};
  const entries: { p: string; contents: string }[] = sdkPackages.map((p) => {
    const pkg = JSON.parse(
      readFileSync(join(projectRoot, "node_modules", "@aws-sdk", p, "package.json"), "utf8"),
    );
    versions[`@aws-sdk/${p}`] = pkg.version;
    const list = names.get(p) ?? [];
    const contents =
      list.length > 0 ? `export { ${list.join(", ")} } from "@aws-sdk/${p}";\n` : "export {};\n";
    return { p, contents };
  });
  const powertoolsVersions: Record<string, string> = {};
  for (const p of powertoolsPackages) {
    const pkg = JSON.parse(
      readFileSync(join(projectRoot, "node_modules", "@aws-lambda-powertools", p, "package.json"), "utf8"),
    );
    powertoolsVersions[`@aws-lambda-powertools/${p}`] = pkg.version;
  }
  for (const m of powertoolsModules) entries.push({ p: m.module, contents: `export * from "${m.from}";\n` });
  const otherVersions: Record<string, string> = {};
  for (const m of onDemandPackages) {
    const pkg = JSON.parse(readFileSync(join(projectRoot, "node_modules", m.from, "package.json"), "utf8"));
    otherVersions[m.from] = pkg.version;
    entries.push({ p: m.module, contents: `export { ${m.names.join(", ")} } from "${m.from}";\n` });
  }
  const scratchName = (p: string) => `${p.replace(/\//g, "__")}.mjs`;
  // buildSync takes no plugins: the re-export modules are written to a scratch directory and resolved against the
  // project's node_modules.
  const scratch = mkdtempSync(join(tmpdir(), "jiebang-sdk-layer-"));
  try {
    for (const e of entries) writeFileSync(join(scratch, scratchName(e.p)), e.contents);
    buildSync({
      entryPoints: entries.map((e) => ({ in: join(scratch, scratchName(e.p)), out: e.p })),
      outdir: moduleDir,
      bundle: true,
      splitting: true,
      platform: "node",
      format: "esm",
      target: "node20",
      minify: true,
      mainFields: ["module", "main"],
      outExtension: { ".js": ".mjs" },
      chunkNames: "chunks/[hash]",
      banner: { js: esmRequireBanner },
      nodePaths: [join(projectRoot, "node_modules")],
      logLevel: "warning",
    });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  writeFileSync(
    join(moduleDir, "package.json"),
    `${JSON.stringify(
      {
        name: sdkLayerModule,
        private: true,
        type: "module",
        description:
          "The AWS SDK and Powertools for AWS Lambda versions jiebang is tested with, pre-bundled (infra/sdk-layer.ts)",
        sdkVersions: versions,
        powertoolsVersions,
        otherVersions,
        exports: Object.fromEntries(entries.map((e) => [`./${e.p}`, `./${e.p}.mjs`])),
      },
      null,
      2,
    )}\n`,
  );
  return {
    bytes: directoryBytes(moduleDir),
    versions,
    powertoolsVersions,
    modules: [
      ...sdkPackages.filter((p) => !onDemandSdkPackages.includes(p)),
      ...powertoolsModules.filter((m) => m.atInit).map((m) => m.module),
    ],
    tracingModules: powertoolsModules.filter((m) => !m.atInit).map((m) => m.module),
  };
}

export function directoryBytes(dir: string): number {
  return readdirSync(dir).reduce((sum, name) => {
    const path = join(dir, name);
    const s = statSync(path);
    return sum + (s.isDirectory() ? directoryBytes(path) : s.size);
  }, 0);
}
