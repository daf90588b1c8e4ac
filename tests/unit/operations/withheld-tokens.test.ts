// Unit: the executions inspector withholds task tokens — in objects and in the JSON strings of history events (a Task
// state's rendered parameters) — so an operator sees that a token was passed, never the token.
import { describe, expect, it } from "vitest";
import { withheldToken, withholdTaskTokens } from "../../../functions/operations/executions.ts";

describe("the executions inspector's task tokens", () => {
  it("are withheld under any taskToken key, at any depth, in objects and in JSON strings", () => {
    const token = "eyJhIjoiYXJuOmF3czpzdGF0ZXM6dXMtZWFzdC0xOjA6ZXhlY3V0aW9uOngifQ";
    const parameters = JSON.stringify({
      FunctionName: "f",
      Payload: { taskToken: token, challengeId: "chl-1" },
    });
    const shown = withholdTaskTokens({
      events: [{ type: "TaskScheduled", details: { parameters, resource: "invoke.waitForTaskToken" } }],
      steps: [{ input: { TaskToken: token, kept: 1 } }],
      note: "no JSON here",
    });
    expect(JSON.stringify(shown)).not.toContain(token);
    expect(JSON.parse(shown.events[0]!.details.parameters)).toEqual({
      FunctionName: "f",
      Payload: { taskToken: withheldToken, challengeId: "chl-1" },
    });
    expect(shown.steps[0]!.input).toEqual({ TaskToken: withheldToken, kept: 1 });
    expect(shown.note).toBe("no JSON here");
  });
});
