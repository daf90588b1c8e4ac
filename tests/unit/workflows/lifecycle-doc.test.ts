// Unit test over docs/project-lifecycle.md: the drawn graphs of project-milestone, -start, -anniversary and -acceptance are their ASL —
// every transition (Next, each Choice rule and Default, each Catch) drawn with its label, and nothing drawn that is not there.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..", "..");

interface State {
  Type: string;
  Next?: string;
  Default?: string;
  Choices?: { Next: string; StringEquals?: string; BooleanEquals?: boolean }[];
  Catch?: { Next: string; ErrorEquals: string[] }[];
}

/**
 * The ASL's transitions as "From -label-> To" (label: the rule's value, "otherwise", "timeout" for a callback's
 * timeout, "failed" for any other Catch, or none).
 */
function aslTransitions(file: string): string[] {
  const asl = JSON.parse(readFileSync(join(ROOT, file), "utf8")) as { States: Record<string, State> };
  const out: string[] = [];
  for (const [name, s] of Object.entries(asl.States)) {
    for (const rule of s.Choices ?? [])
      out.push(`${name} -${String(rule.StringEquals ?? rule.BooleanEquals)}-> ${rule.Next}`);
    if (s.Default) out.push(`${name} -otherwise-> ${s.Default}`);
    for (const c of s.Catch ?? [])
      out.push(`${name} -${c.ErrorEquals.join() === "States.Timeout" ? "timeout" : "failed"}-> ${c.Next}`);
    if (s.Next) out.push(`${name} --> ${s.Next}`);
  }
  return out.sort();
}

/** The edges of the mermaid block under the heading that names `machine`, in the same notation. */
function drawnTransitions(machine: string): string[] {
  const doc = readFileSync(join(ROOT, "docs", "project-lifecycle.md"), "utf8");
  const section = doc.split(/^### /m).find((s) => s.startsWith(`\`${machine}\``));
  const block = section?.match(/```mermaid\n([\s\S]*?)```/)?.[1];
  if (!block) throw new Error(`no mermaid graph under ### \`${machine}\``);
  const out: string[] = [];
  for (const line of block.split("\n")) {
    const edge = line.trim().match(/^(\w+) (?:-->|-\.->)(?:\|([^|]+)\|)? (\w+)$/);
    if (edge) out.push(edge[2] ? `${edge[1]} -${edge[2]}-> ${edge[3]}` : `${edge[1]} --> ${edge[3]}`);
  }
  return out.sort();
}

it("docs/project-lifecycle.md draws every transition of project-milestone and no other", () => {
  const drawn = drawnTransitions("project-milestone");
  expect(drawn.length).toBeGreaterThan(50);
  expect(drawn).toEqual(aslTransitions("workflows/project-milestone.asl.json"));
});

it("docs/project-lifecycle.md draws every transition of project-start and no other", () => {
  const drawn = drawnTransitions("project-start");
  expect(drawn.length).toBeGreaterThan(20);
  expect(drawn).toEqual(aslTransitions("workflows/project-start.asl.json"));
});

it("docs/project-lifecycle.md draws every transition of project-acceptance and no other", () => {
  const drawn = drawnTransitions("project-acceptance");
  expect(drawn.length).toBeGreaterThan(40);
  expect(drawn).toEqual(aslTransitions("workflows/project-acceptance.asl.json"));
});

it("docs/project-lifecycle.md draws every transition of project-anniversary and no other", () => {
  const drawn = drawnTransitions("project-anniversary");
  expect(drawn.length).toBeGreaterThan(15);
  expect(drawn).toEqual(aslTransitions("workflows/project-anniversary.asl.json"));
});
