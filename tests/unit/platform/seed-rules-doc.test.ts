// The seed-rule map (docs/seed-rules.md) stays true: every test it cites exists under that name in that file, every
// route it names is in the route table with the roles it states, every machine state it names is in a workflow, and
// every clause's row cites a test or points at the Gaps section.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { routeRoles, routes } from "../../../functions/catalog.ts";
import { roles as allRoles } from "../../../functions/kernel/roles.ts";
import { projectRoot } from "../../../local/runtime-paths.ts";

const doc = readFileSync(join(projectRoot, "docs", "seed-rules.md"), "utf8");

/** The clause rows of sections 1–8 (before Gaps), as their cells. */
function clauseRows(): string[][] {
  const body = doc.slice(doc.indexOf("## 1."), doc.indexOf("## Gaps"));
  return body
    .split("\n")
    .filter((line) => line.startsWith("| ") && !line.startsWith("| Clause") && !line.startsWith("|---"))
    .map((line) => line.split(" | ").map((c) => c.replace(/^\|\s*|\s*\|$/g, "").trim()));
}

/** Citations: a test file followed (in the same cell) by its test names in “…”; “…” inside a name stands for any text. */
function citations(text: string): { file: string; name: string }[] {
  const found: { file: string; name: string }[] = [];
  for (const m of text.matchAll(
    /(tests\/[\w/.-]+?\.test\.ts)([^|\n]*?)(?=tests\/[\w/.-]+?\.test\.ts|\||\n|$)/g,
  )) {
    for (const n of m[2]!.matchAll(/“([^”]+)”/g)) found.push({ file: m[1]!, name: n[1]! });
  }
  return found;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The test and describe names a file declares. */
function declaredNames(source: string): string[] {
  return [...source.matchAll(/\b(?:it|test|describe)(?:\.\w+)?\(\s*(["'`])((?:(?!\1).)*)\1/g)].map(
    (m) => m[2]!,
  );
}

/** Whether a cited name (“…” for any text) is one of the declared names. */
const declares = (names: readonly string[], cited: string): boolean => {
  const pattern = new RegExp(`^${cited.split("…").map(escapeRegExp).join(".*")}$`);
  return names.some((n) => pattern.test(n));
};

function problemsOf(cited: readonly { file: string; name: string }[]): string[] {
  const problems: string[] = [];
  for (const { file, name } of cited) {
    const path = join(projectRoot, file);
    if (!existsSync(path)) {
      problems.push(`no file ${file}`);
      continue;
    }
    if (!declares(declaredNames(readFileSync(path, "utf8")), name))
      problems.push(`${file}: no test “${name}”`);
  }
  return problems;
}

describe("docs/seed-rules.md", () => {
  it("has a row for every clause of sections 1–8, each citing a test or pointing at the Gaps", () => {
    const rows = clauseRows();
    expect(rows.length).toBeGreaterThanOrEqual(35);
    const bare = rows.filter(
      (cells) => citations(cells.join(" | ")).length === 0 && !/see Gaps|see §\d/.test(cells.join(" ")),
    );
    expect(bare.map((cells) => cells[0])).toEqual([]);
  });

  it("cites only test files that exist, and test names each file declares", () => {
    const cited = citations(doc);
    expect(cited.length).toBeGreaterThanOrEqual(80);
    expect(problemsOf(cited)).toEqual([]);
  });

  it("would notice a test that does not exist, and a truncated name that matches none (the check is not vacuous)", () => {
    const fake = citations(
      "| x | tests/unit/platform/seed-rules-doc.test.ts “a test nobody wrote”, “has a row for every clause …”, “cites only … nobody” |",
    );
    expect(fake).toHaveLength(3);
    expect(problemsOf(fake)).toEqual([
      "tests/unit/platform/seed-rules-doc.test.ts: no test “a test nobody wrote”",
      "tests/unit/platform/seed-rules-doc.test.ts: no test “cites only … nobody”",
    ]);
  });

  it("names routes of the route table, with the roles the table gives them", () => {
    const problems: string[] = [];
    let checked = 0;
    for (const cells of clauseRows()) {
      const cell = cells[2] ?? "";
      for (const m of cell.matchAll(/`(GET|POST|PUT|PATCH|DELETE) (\/[^`?\s]*)[^`]*`(?: \(([^)]*)\))?/g)) {
        const [, method, path, roleText] = m;
        const full = path === "/v1/health" ? path : `/v1${path}`;
        const route = routes.find((r) => r.method === method && r.path === full);
        if (!route) {
          problems.push(`no route ${method} ${full}`);
          continue;
        }
        checked += 1;
        const stated = (roleText ?? "").split(/,\s*/).map((r) => r.trim());
        const known = stated.every((r) => (allRoles as readonly string[]).includes(r));
        if (roleText && known) {
          const actual = [...routeRoles(route.auth)].sort();
          if (JSON.stringify([...stated].sort()) !== JSON.stringify(actual)) {
            problems.push(
              `${method} ${full}: the doc says ${stated.join(", ")}, the table ${actual.join(", ")}`,
            );
          }
        } else if (roleText === "all" && routeRoles(route.auth).length !== allRoles.length) {
          problems.push(`${method} ${full}: not every role`);
        } else if (roleText === "public" && !("public" in route.auth)) {
          problems.push(`${method} ${full}: not public`);
        }
      }
    }
    expect(checked).toBeGreaterThanOrEqual(40);
    expect(problems).toEqual([]);
  });

  it("names machine states that are in the workflows", () => {
    const states = new Set<string>();
    const walk = (machine: {
      States: Record<string, { Iterator?: unknown; ItemProcessor?: unknown; Branches?: unknown[] }>;
    }) => {
      for (const [name, state] of Object.entries(machine.States)) {
        states.add(name);
        for (const inner of [state.Iterator, state.ItemProcessor, ...(state.Branches ?? [])]) {
          if (inner) walk(inner as Parameters<typeof walk>[0]);
        }
      }
    };
    const dir = join(projectRoot, "workflows");
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".asl.json"))) {
      walk(JSON.parse(readFileSync(join(dir, file), "utf8")));
    }
    const named = clauseRows().flatMap((cells) =>
      [...(cells[3] ?? "").matchAll(/`([A-Z][a-z]+(?:[A-Z][a-z]+)+)`/g)].map((m) => m[1]!),
    );
    expect(named.length).toBeGreaterThanOrEqual(8);
    expect(named.filter((s) => !states.has(s))).toEqual([]);
  });
});
