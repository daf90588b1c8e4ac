// The threat model (docs/security.md) stays true: every test it cites exists under that name in that file, every
// threat row cites at least one, and the source holds no committed secret (threat 21 of the table).
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../../local/runtime-paths.ts";

const doc = readFileSync(join(projectRoot, "docs", "security.md"), "utf8");

/** Table rows of the threats section: `| n | threat | control | proven by |`. */
function threatRows(): { number: string; proof: string }[] {
  const section = doc.slice(doc.indexOf("## Threats, controls"));
  return section
    .split("\n")
    .filter((line) => /^\|\s*\d+\s*\|/.test(line))
    .map((line) => {
      const cells = line.split("|").map((c) => c.trim());
      return { number: cells[1]!, proof: cells[4] ?? "" };
    });
}

/** Citations: `tests/…test.ts`: "test or describe name". */
function citations(text: string): { file: string; name: string }[] {
  return [...text.matchAll(/`(tests\/[^`]+?\.test\.ts)`:\s*"([^"]+)"/g)].map((m) => ({
    file: m[1]!,
    name: m[2]!,
  }));
}

describe("docs/security.md", () => {
  it("has a threat table whose every row cites at least one test", () => {
    const rows = threatRows();
    expect(rows.length).toBeGreaterThanOrEqual(15);
    const bare = rows.filter((r) => citations(r.proof).length === 0).map((r) => r.number);
    expect(bare).toEqual([]);
  });

  it("cites only test files that exist, and test names each file declares", () => {
    const cited = citations(doc);
    expect(cited.length).toBeGreaterThanOrEqual(20);
    const problems: string[] = [];
    for (const { file, name } of cited) {
      const path = join(projectRoot, file);
      if (!existsSync(path)) {
        problems.push(`no file ${file}`);
        continue;
      }
      const source = readFileSync(path, "utf8");
      const declared = ['"', "'", "`"].some((q) =>
        new RegExp(`\\b(it|test|describe)\\(\\s*${escapeRegExp(q + name + q)}`).test(source),
      );
      if (!declared) problems.push(`${file} has no test named "${name}"`);
    }
    expect(problems).toEqual([]);
  });

  it("would notice a citation of a test that does not exist (the check is not vacuous)", () => {
    const fake = citations('`tests/unit/platform/security-doc.test.ts`: "a test nobody wrote"');
    expect(fake).toHaveLength(1);
    const source = readFileSync(join(projectRoot, fake[0]!.file), "utf8");
    expect(new RegExp(`\\bit\\(\\s*${escapeRegExp(`"${fake[0]!.name}"`)}`).test(source)).toBe(false);
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

describe("secrets", () => {
  const roots = ["functions", "infra", "local", "web", "bench", "workflows", "tests"];
  const skip = new Set(["node_modules", ".data", "cdk.out", "test-artifacts", "dist"]);
  function files(dir: string): string[] {
    if (!existsSync(dir)) return [];
    return readdirSync(dir).flatMap((name) => {
      if (skip.has(name)) return [];
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return files(path);
      return /\.(ts|js|mjs|json|html|ya?ml|sh)$/.test(name) ? [path] : [];
    });
  }
  // Built from parts so this file does not match itself.
  const patterns = [
    new RegExp(["AKIA", "[0-9A-Z]{16}"].join("")), // AWS access key id
    new RegExp(["-----BEGIN ", "[A-Z ]*PRIVATE KEY-----"].join("")), // PEM private key
    new RegExp(
      ["(secretAccessKey|aws_secret_access_key)", "\\s*[:=]\\s*[\"'][A-Za-z0-9/+=]{40}[\"']"].join(""),
    ),
    new RegExp(["gh[pousr]_", "[A-Za-z0-9]{36}"].join("")), // GitHub token
  ];

  it("no secret is committed in the source", () => {
    const all = roots.flatMap((r) => files(join(projectRoot, r)));
    expect(all.length).toBeGreaterThan(100);
    const offenders = all
      .filter((f) => patterns.some((p) => p.test(readFileSync(f, "utf8"))))
      .map((f) => relative(projectRoot, f));
    expect(offenders).toEqual([]);
  });
});
