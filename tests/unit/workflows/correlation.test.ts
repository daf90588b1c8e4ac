// Unit test over workflows/*.asl.json: every Lambda task passes the execution's correlation id to its handler
// ($$.Execution.Input.correlationId, which the workflow engine adapter puts into every StartExecution input), so a
// Task state added without it fails here rather than logging under a made-up id.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { stateMachines } from "../../../functions/catalog.ts";

interface State {
  Type: string;
  Resource?: string;
  Parameters?: { Payload?: Record<string, unknown> };
  States?: Record<string, State>;
  Branches?: { States: Record<string, State> }[];
  Iterator?: { States: Record<string, State> };
  ItemProcessor?: { States: Record<string, State> };
}

/** Every state, nested ones (Map, Parallel) included, with its path. */
function allStates(states: Record<string, State>, prefix = ""): [string, State][] {
  return Object.entries(states).flatMap(([name, state]) => {
    const path = `${prefix}${name}`;
    const nested = [
      ...(state.Branches ?? []).map((b) => b.States),
      ...(state.Iterator ? [state.Iterator.States] : []),
      ...(state.ItemProcessor ? [state.ItemProcessor.States] : []),
    ];
    return [[path, state] as [string, State], ...nested.flatMap((s) => allStates(s, `${path}/`))];
  });
}

describe("correlation id in every task payload", () => {
  for (const machine of stateMachines) {
    it(machine.name, () => {
      const definition = JSON.parse(readFileSync(machine.file, "utf8")) as { States: Record<string, State> };
      const tasks = allStates(definition.States).filter(
        ([, s]) => s.Type === "Task" && s.Resource?.startsWith("arn:aws:states:::lambda:invoke"),
      );
      expect(tasks.length).toBeGreaterThan(0);
      for (const [path, state] of tasks) {
        expect(state.Parameters?.Payload?.["correlationId.$"], `${machine.name} ${path}`).toBe(
          "$$.Execution.Input.correlationId",
        );
      }
    });
  }
});
