// Embedded runtime: the workbench web app's build (web/ → web/dist) when it is missing or older than its sources, so
// that `npm start` and the browser tests serve the current app at /console/. Vite's JavaScript API, about 3 s.
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "./runtime-paths.ts";

export const webDir = join(projectRoot, "web");
export const webDist = join(webDir, "dist");

function newest(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))));
}

/**
 * The files outside web/ the workbench imports (pure rules it checks a form with, as the server does); each imports
 * nothing, so the bundle takes no server code with it (tests/unit/web/shared-rules.test.ts).
 */
export const webSharedSources = ["functions/organisations/rules/uscc-code.ts"] as const;

/** Whether web/dist is missing or older than web/src, web/public, index.html, the Vite config or a shared rule. */
export function webBuildStale(): boolean {
  const built = join(webDist, "index.html");
  if (!existsSync(built)) return true;
  const sources = [
    ...["src", "public", "index.html", "vite.config.ts"].map((p) => join(webDir, p)),
    ...webSharedSources.map((p) => join(projectRoot, p)),
  ];
  return Math.max(...sources.filter(existsSync).map(newest)) > statSync(built).mtimeMs;
}

/** Builds the app if it is stale; resolves to whether it built. */
export async function ensureWebBuilt(log: (line: string) => void = () => undefined): Promise<boolean> {
  if (!webBuildStale()) return false;
  const started = Date.now();
  const { build } = await import("vite");
  // The production build whoever starts it: under vitest NODE_ENV is "test", which Vite would otherwise keep, and
  // React and Ant Design would be bundled as their development builds (extra warnings, other timings).
  const nodeEnv = process.env["NODE_ENV"];
  process.env["NODE_ENV"] = "production";
  try {
    await build({
      root: webDir,
      logLevel: "warn",
      configFile: join(webDir, "vite.config.ts"),
      mode: "production",
    });
  } finally {
    if (nodeEnv === undefined) delete process.env["NODE_ENV"];
    else process.env["NODE_ENV"] = nodeEnv;
  }
  log(`built the web app into web/dist in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return true;
}
