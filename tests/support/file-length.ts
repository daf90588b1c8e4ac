// The file-length rule (one model per context: no source file over 500 lines), stated as a checker: which files of the
// repository are source it applies to, and which are over. Used by tests/unit/platform/imports.test.ts on the tree and
// on planted violations.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { SourceFile } from "./import-rules.ts";

export const maxLines = 500;

/** Source files: TypeScript and JavaScript (the workflows are JSON, the docs Markdown: not source here). */
const sourceExtension = /\.(?:ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;

/**
 * Directories never walked: installed packages, build and test output, local data, VCS and tool directories (any
 * name starting with a dot), and tests/ at the root (test files are exempt).
 */
const skippedDirectory = (name: string, atRoot: boolean): boolean =>
  name === "node_modules" ||
  name.startsWith(".") ||
  ["cdk.out", "test-artifacts", "coverage", "dist"].includes(name) ||
  (atRoot && name === "tests");

/** Exempt however long: the route table with its roles, one list by design. */
const exempt = new Set(["functions/catalog.ts"]);

/**
 * A generated file: its first line is `// generated …` (the project's own generators' mark), or its opening comment
 * (first five lines) says "This file was auto-generated" (openapi-typescript's web/src/api/schema.d.ts) or carries the
 * usual `@generated` mark of other generators.
 */
export function isGenerated(text: string): boolean {
  const head = text.split("\n", 5);
  return (
    /^\/\/\s*generated\b/i.test(head[0] ?? "") ||
    head.some((l) => /This file was auto-generated|@generated\b/.test(l))
  );
}

/** A test file: anything under tests/, or named *.test.* / *.spec.* wherever it is. */
export function isTest(path: string): boolean {
  return path.startsWith("tests/") || /\.(?:test|spec)\.[cm]?[jt]sx?$/.test(path);
}

/** Lines of a text (a final newline ends the last line; it does not start another). */
export function lineCount(text: string): number {
  if (text === "") return 0;
  let n = 0;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) n++;
  return text.endsWith("\n") ? n : n + 1;
}

/** The source files under `root` the rule looks at (paths from `root`, forward slashes), test files left out. */
export function repositorySources(root: string): SourceFile[] {
  const out: SourceFile[] = [];
  const walk = (dir: string, rel: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!skippedDirectory(entry.name, rel === "")) walk(join(dir, entry.name), path);
      } else if (entry.isFile() && sourceExtension.test(entry.name) && !isTest(path)) {
        out.push({ path, text: readFileSync(join(dir, entry.name), "utf8") });
      }
    }
  };
  walk(root, "");
  return out;
}

/** The files over the limit, with their length: "local/x.ts (781 lines)". */
export function overlongFiles(files: readonly SourceFile[]): string[] {
  return files
    .filter((f) => !exempt.has(f.path) && !isTest(f.path) && !isGenerated(f.text))
    .map((f) => ({ path: f.path, lines: lineCount(f.text) }))
    .filter((f) => f.lines > maxLines)
    .map((f) => `${f.path} (${f.lines} lines)`);
}
