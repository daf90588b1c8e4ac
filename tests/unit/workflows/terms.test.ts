// Unit test over workflows/*.asl.json: no business term is a number in the ASL. Every callback timeout and Wait reads
// a path, and the `$.terms.*` fields a machine reads are exactly those its starter puts into the execution input.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { awardTerms } from "../../../functions/award/rules/terms.ts";
import { stateMachines } from "../../../functions/catalog.ts";
import { publicationTerms } from "../../../functions/challenges/rules/terms.ts";
import { intakeTerms } from "../../../functions/demands/rules/terms.ts";
import { paymentTerms } from "../../../functions/payments/rules/terms.ts";
import {
  acceptanceTerms,
  anniversaryTerms,
  milestoneTerms,
  startTerms,
} from "../../../functions/projects/rules/terms.ts";

interface State {
  Type: string;
  Resource?: string;
  TimeoutSeconds?: number;
  Seconds?: number;
  Choices?: Record<string, unknown>[];
}

const definitionOf = (name: string) => {
  const machine = stateMachines.find((m) => m.name === name);
  if (!machine) throw new Error(`no state machine ${name} in the catalog`);
  return JSON.parse(readFileSync(machine.file, "utf8")) as { States: Record<string, State> };
};

/** The `$.terms.<field>` names a definition reads anywhere (timeouts, waits, Choice comparisons). */
const termsRead = (name: string): string[] => {
  const text = JSON.stringify(definitionOf(name).States);
  return [...new Set([...text.matchAll(/"\$\.terms\.([A-Za-z0-9]+)"/g)].map((m) => m[1] as string))].sort();
};

/** The terms each starter puts into its machine's input (from the context's rules/terms.ts). */
const startedWith: Readonly<Record<string, Record<string, number>>> = {
  "demand-intake": { ...intakeTerms() },
  "challenge-publication": { ...publicationTerms() },
  "challenge-award": { ...awardTerms() },
  payment: { ...paymentTerms() },
  "project-start": { ...startTerms() },
  "project-milestone": { ...milestoneTerms() },
  "project-acceptance": { ...acceptanceTerms() },
  "project-anniversary": { ...anniversaryTerms() },
};

describe("business terms come from the execution input", () => {
  for (const machine of stateMachines) {
    it(`${machine.name}: no callback timeout and no Wait is a number in the ASL`, () => {
      const fixed = Object.entries(definitionOf(machine.name).States)
        .filter(
          ([, s]) =>
            (s.Type === "Task" &&
              s.Resource?.endsWith(".waitForTaskToken") &&
              s.TimeoutSeconds !== undefined) ||
            (s.Type === "Wait" && s.Seconds !== undefined),
        )
        .map(([state]) => state);
      expect(fixed).toEqual([]);
    });
  }

  for (const [name, terms] of Object.entries(startedWith)) {
    it(`${name}: reads exactly the terms its starter gives, each a positive whole number`, () => {
      expect(termsRead(name)).toEqual(Object.keys(terms).sort());
      for (const value of Object.values(terms)) expect(Number.isInteger(value) && value > 0).toBe(true);
    });
  }

  it("the other machines take no terms (their timers come from their tasks' answers or the records)", () => {
    const others = stateMachines.map((m) => m.name).filter((n) => !(n in startedWith));
    expect(others.length).toBeGreaterThan(0);
    for (const name of others) expect(termsRead(name), name).toEqual([]);
  });
});
