// Path tests (tests/workflows/paths): every ASL file in workflows/ is a state machine of the catalog, and each has a
// path test file here whose suite checks that every Choice branch, Catch and callback timeout has a test.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { stateMachines } from "../../../functions/catalog.ts";

const ROOT = join(import.meta.dirname, "..", "..", "..");

it("every workflows/*.asl.json is a state machine of the catalog", () => {
  const files = readdirSync(join(ROOT, "workflows"))
    .filter((f) => f.endsWith(".asl.json"))
    .map((f) => `workflows/${f}`);
  expect(files.sort()).toEqual(stateMachines.map((m) => m.file).sort());
});

it("every state machine has a path test file that checks its branch coverage", () => {
  const missing = stateMachines
    .map((m) => m.name)
    .filter((name) => {
      const file = join(import.meta.dirname, `${name}.test.ts`);
      if (!existsSync(file)) return true;
      const source = readFileSync(file, "utf8");
      return !source.includes(`pathSuite("${name}"`) || !source.includes(".coverage();");
    });
  expect(missing).toEqual([]);
});
