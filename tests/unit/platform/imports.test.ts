// Architecture checks over the source (functions/): what must hold for every Lambda bundle whatever the module.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../../local/runtime-paths.ts";

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith(".ts") ? [path] : [];
  });
}

const files = sources(join(projectRoot, "functions"));

describe("function sources", () => {
  it("import zod as a namespace, so esbuild can leave out what is unused (`import { z }` bundles all ~440 KB)", () => {
    const offenders = files.filter((f) =>
      /^import\s+\{\s*z\s*\}\s+from\s+"zod"/m.test(readFileSync(f, "utf8")),
    );
    expect(offenders.map((f) => relative(projectRoot, f))).toEqual([]);
  });

  it("keep the domain free of AWS and of the adapters", () => {
    const domain = files.filter((f) => f.includes(`${join("functions", "kernel")}`));
    const offenders = domain.filter((f) =>
      /from\s+"(@aws-sdk\/|@middy\/|\.\.\/adapters|\.\.\/shared)/.test(readFileSync(f, "utf8")),
    );
    expect(offenders.map((f) => relative(projectRoot, f))).toEqual([]);
  });
});
