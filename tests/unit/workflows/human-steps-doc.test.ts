// Unit test over docs/human-steps.md: every state of every machine in workflows/ that waits for a callback
// (.waitForTaskToken) is a row of its machine's table, no row names a state the machine does not have, every to-do
// action the doc names exists, and every page file it names is in web/src/pages.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { todoActions } from "../../../functions/kernel/todos.ts";

const ROOT = join(import.meta.dirname, "..", "..", "..");
const doc = readFileSync(join(ROOT, "docs/human-steps.md"), "utf8");

interface State {
  Type: string;
  Resource?: string;
  Branches?: { States: Record<string, State> }[];
  Iterator?: { States: Record<string, State> };
  ItemProcessor?: { States: Record<string, State> };
}

/** The callback states of a machine, nested ones (Parallel branches, Map processors) included. */
function callbackStates(states: Record<string, State>): string[] {
  return Object.entries(states).flatMap(([name, s]) => [
    ...(s.Type === "Task" && s.Resource?.endsWith(".waitForTaskToken") ? [name] : []),
    ...(s.Branches ?? []).flatMap((b) => callbackStates(b.States)),
    ...(s.Iterator ? callbackStates(s.Iterator.States) : []),
    ...(s.ItemProcessor ? callbackStates(s.ItemProcessor.States) : []),
  ]);
}

/** The doc's section of a machine: from its "## <machine> " heading to the next heading of that level. */
function section(machine: string): string {
  const start = doc.indexOf(`\n## ${machine} `);
  if (start < 0) return "";
  const end = doc.indexOf("\n## ", start + 1);
  return doc.slice(start, end < 0 ? undefined : end);
}

/** The first cell of each table row of a section (the header and the rule row left out). */
const rowStates = (text: string) =>
  text
    .split("\n")
    .filter((l) => l.startsWith("| ") && !l.startsWith("| state ") && !l.startsWith("| ---"))
    .map((l) => l.split("|")[1]!.trim());

const machines = readdirSync(join(ROOT, "workflows"))
  .filter((f) => f.endsWith(".asl.json"))
  .map((f) => ({
    name: f.replace(".asl.json", ""),
    states: JSON.parse(readFileSync(join(ROOT, "workflows", f), "utf8")).States as Record<string, State>,
  }));

describe("docs/human-steps.md", () => {
  it("has a section for every machine", () => {
    expect(machines.length).toBeGreaterThanOrEqual(10);
    for (const m of machines) expect(section(m.name), m.name).not.toBe("");
  });

  for (const m of machines) {
    it(`lists exactly the callback states of ${m.name}`, () => {
      expect(rowStates(section(m.name)).sort()).toEqual(callbackStates(m.states).sort());
    });
  }

  it("names only to-do actions that exist", () => {
    const named = [...doc.matchAll(/`([a-z-]+\.[a-z-]+)`/g)].map((x) => x[1]!);
    expect(named.length).toBeGreaterThan(20);
    for (const action of named.filter((a) => !a.endsWith(".md") && !a.endsWith(".ts")))
      expect(Object.keys(todoActions), action).toContain(action);
  });

  it("names only page files that exist", () => {
    const files = [...doc.matchAll(/([a-z]+\/[A-Za-z-]+\.tsx)/g)].map((x) => x[1]!);
    expect(files.length).toBeGreaterThan(15);
    for (const file of files) expect(existsSync(join(ROOT, "web/src/pages", file)), file).toBe(true);
  });
});
