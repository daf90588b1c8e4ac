// Unit: the console's execution inspection (operations/execution-inspection.ts) — the ASL graph with its layers and edges,
// and from a history the path, current or failed state, steps with inputs/outputs and the pending human task.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  analyseExecution,
  type InspectedEvent,
  waitedOnFor,
  workflowGraph,
} from "../../../functions/operations/execution-inspection.ts";
import { projectRoot } from "../../../local/runtime-paths.ts";

const intake = readFileSync(join(projectRoot, "workflows/demand-intake.asl.json"), "utf8");

let id = 0;
const at = (minute: number) => new Date(Date.UTC(2025, 8, 1, 1, minute)).toISOString();
const ev = (type: string, minute: number, details?: Record<string, unknown>): InspectedEvent => ({
  id: ++id,
  type,
  timestamp: at(minute),
  ...(details ? { details } : {}),
});

describe("workflowGraph", () => {
  it("lays the demand-intake states out by distance from StartAt, with every kind of transition", () => {
    const graph = workflowGraph(intake);
    const node = (name: string) => graph.nodes.find((n) => n.name === name)!;
    expect(graph.startAt).toBe("AwaitBureauDecision");
    expect(node("AwaitBureauDecision")).toMatchObject({ layer: 0, order: 0, waitsForPerson: true });
    expect(node("ApplyDecision").layer).toBe(1);
    expect(node("Accepted")).toMatchObject({ end: true, waitsForPerson: false });
    expect(graph.edges).toContainEqual({
      from: "AwaitBureauDecision",
      to: "EscalateOverdueDecision",
      kind: "catch",
      label: "States.Timeout",
    });
    expect(graph.edges.some((e) => e.from === "RouteByDecision" && e.kind === "choice")).toBe(true);
    // No two states share a slot.
    const slots = graph.nodes.map((n) => `${n.layer}:${n.order}`);
    expect(new Set(slots).size).toBe(slots.length);
  });

  it("puts unreachable states below the rest", () => {
    const graph = workflowGraph({
      StartAt: "A",
      States: { A: { Type: "Succeed" }, Orphan: { Type: "Pass", End: true } },
    });
    expect(graph.nodes.find((n) => n.name === "Orphan")!.layer).toBe(1);
  });
});

describe("analyseExecution", () => {
  const scheduled = (minute: number) =>
    ev("TaskScheduled", minute, {
      resource: "invoke.waitForTaskToken",
      resourceType: "lambda",
      timeoutInSeconds: 2_592_000,
      parameters: JSON.stringify({
        FunctionName: "f",
        Payload: { task: "parkDecisionToken", demandId: "dem-1" },
      }),
    });

  it("a running execution waits on the bureau: current state, deadline, path and steps", () => {
    const events = [
      ev("ExecutionStarted", 0, { input: '{"demandId":"dem-1"}' }),
      ev("TaskStateEntered", 0, { name: "AwaitBureauDecision", input: '{"demandId":"dem-1"}' }),
      scheduled(1),
      ev("TaskStarted", 1),
    ];
    const result = analyseExecution(events, "RUNNING", workflowGraph(intake));
    expect(result.currentState).toBe("AwaitBureauDecision");
    expect(result.marks).toEqual({ AwaitBureauDecision: "current" });
    expect(result.steps[0]).toMatchObject({ type: "Task", status: "running", input: { demandId: "dem-1" } });
    expect(result.pendingTasks).toEqual([
      {
        state: "AwaitBureauDecision",
        waitedOn: waitedOnFor({ task: "parkDecisionToken" }),
        since: at(1),
        timeoutSeconds: 2_592_000,
        deadline: new Date(Date.parse(at(1)) + 30 * 86_400_000).toISOString(),
        subject: { demandId: "dem-1" },
      },
    ]);
    expect(result.pendingTasks[0]!.waitedOn.role).toBe("bureau");
  });

  it("a completed callback is no longer pending; a failed execution marks where it stopped", () => {
    const events = [
      ev("TaskStateEntered", 0, { name: "AwaitBureauDecision", input: "{}" }),
      scheduled(1),
      ev("TaskSucceeded", 2, { output: "{}" }),
      ev("TaskStateExited", 2, { name: "AwaitBureauDecision", output: '{"decision":"accept"}' }),
      ev("TaskStateEntered", 2, { name: "ApplyDecision", input: "{}" }),
      ev("TaskFailed", 3, { error: "VERSION_CONFLICT", cause: "stale" }),
      ev("ExecutionFailed", 3, { error: "VERSION_CONFLICT", cause: "stale" }),
    ];
    const result = analyseExecution(events, "FAILED");
    expect(result.path).toEqual(["AwaitBureauDecision", "ApplyDecision"]);
    expect(result.pendingTasks).toEqual([]);
    expect(result.currentState).toBe("ApplyDecision");
    expect(result.marks).toEqual({ AwaitBureauDecision: "visited", ApplyDecision: "failed" });
    expect(result.steps[0]).toMatchObject({ status: "succeeded", output: { decision: "accept" } });
    expect(result.steps[1]).toMatchObject({ status: "failed", error: "VERSION_CONFLICT", cause: "stale" });
  });

  it("a redriven execution: the stopped attempt failed, the state entered again is current", () => {
    const events = [
      ev("TaskStateEntered", 0, { name: "AwaitBureauDecision", input: '{"demandId":"dem-1"}' }),
      scheduled(1),
      ev("ExecutionAborted", 2, { error: "Admin.Stopped", cause: "Stopped by a1: duplicate" }),
      ev("ExecutionRedriven", 3, { redriveCount: 1 }),
      ev("TaskStateEntered", 3, { name: "AwaitBureauDecision", input: '{"demandId":"dem-1"}' }),
      scheduled(3),
    ];
    const result = analyseExecution(events, "RUNNING");
    expect(result.steps.map((s) => s.status)).toEqual(["failed", "running"]);
    expect(result.steps[0]).toMatchObject({ error: "Admin.Stopped", cause: "Stopped by a1: duplicate" });
    expect(result.currentState).toBe("AwaitBureauDecision");
    expect(result.marks).toEqual({ AwaitBureauDecision: "current" });
    expect(result.pendingTasks.map((p) => p.state)).toEqual(["AwaitBureauDecision"]);
  });

  it("a succeeded execution has no current state", () => {
    const events = [
      ev("SucceedStateEntered", 0, { name: "Accepted", input: "{}" }),
      ev("SucceedStateExited", 0, { name: "Accepted", output: "{}" }),
      ev("ExecutionSucceeded", 0, { output: "{}" }),
    ];
    const result = analyseExecution(events, "SUCCEEDED");
    expect(result.currentState).toBeUndefined();
    expect(result.marks).toEqual({ Accepted: "visited" });
  });
});
