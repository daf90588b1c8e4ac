// Unit: the stuck-execution sweep (operations/stuck-executions.ts) on synthetic histories of the real workflows — a person
// waited on before and after the callback's deadline, a Wait timer ahead and overdue, a task in flight too long, a retry
// backing off, no progress between states — and the sweep's paging and report (log lines, the EMF metric).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { reportSweep } from "../../../functions/operations/adapters/stuck-executions-task.ts";
import type { InspectedEvent } from "../../../functions/operations/execution-inspection.ts";
import {
  classifyExecution,
  type ExecutionSource,
  type RunningExecution,
  sweepStuckExecutions,
} from "../../../functions/operations/stuck-executions.ts";
import type { Logger } from "../../../functions/platform/logger.ts";
import { emfMetrics, metricNames } from "../../../functions/platform/metrics.ts";
import { projectRoot } from "../../../local/runtime-paths.ts";

const asl = (name: string) => readFileSync(join(projectRoot, `workflows/${name}.asl.json`), "utf8");
const intake = asl("demand-intake");
const publication = asl("challenge-publication");
const payment = asl("payment");

const t0 = Date.UTC(2026, 2, 2, 1, 0);
const at = (minutes: number) => new Date(t0 + minutes * 60_000);
let id = 0;
const ev = (type: string, minute: number, details?: Record<string, unknown>): InspectedEvent => ({
  id: ++id,
  type,
  timestamp: at(minute).toISOString(),
  ...(details ? { details } : {}),
});
const entered = (name: string, minute: number, input: unknown = {}, type = "Task") =>
  ev(`${type}StateEntered`, minute, { name, input: JSON.stringify(input) });
const exited = (name: string, minute: number, type = "Task") =>
  ev(`${type}StateExited`, minute, { name, output: "{}" });
const callback = (minute: number, timeoutInSeconds: number, task = "parkDecisionToken") =>
  ev("TaskScheduled", minute, {
    resource: "invoke.waitForTaskToken",
    resourceType: "lambda",
    timeoutInSeconds,
    parameters: JSON.stringify({ FunctionName: "f", Payload: { task, demandId: "dem-1" } }),
  });
const lambda = (minute: number) =>
  ev("TaskScheduled", minute, { resource: "invoke", resourceType: "lambda", parameters: "{}" });

const thirtyDays = 30 * 24 * 60;

describe("classifyExecution", () => {
  const waitingOnBureau = [
    ev("ExecutionStarted", 0, { input: '{"demandId":"dem-1","correlationId":"c-1"}' }),
    entered("AwaitBureauDecision", 0, { demandId: "dem-1" }),
    callback(0, thirtyDays * 60),
    ev("TaskStarted", 0),
    ev("TaskSubmitted", 0, { output: '{"parked":true}' }),
  ];

  it("a callback waited on before its deadline is fine however long it has waited", () => {
    const verdict = classifyExecution(waitingOnBureau, intake, at(thirtyDays - 1));
    expect(verdict).toMatchObject({
      state: "waiting-person",
      stateName: "AwaitBureauDecision",
      waitedOn: { role: "bureau" },
      deadline: at(thirtyDays).toISOString(),
    });
  });

  it("a callback still waited on past its deadline (and the grace) is stuck", () => {
    expect(classifyExecution(waitingOnBureau, intake, at(thirtyDays + 4)).state).toBe("waiting-person");
    const verdict = classifyExecution(waitingOnBureau, intake, at(thirtyDays + 10));
    expect(verdict).toMatchObject({
      state: "stuck",
      reason: "callback-overdue",
      stateName: "AwaitBureauDecision",
      since: at(thirtyDays).toISOString(),
      stuckForMs: 10 * 60_000,
    });
  });

  const waitingForOpening = (opensAt: Date) => [
    exited("Published", 5, "Pass"),
    entered(
      "WaitForOpening",
      5,
      { challengeId: "ch-1", schedule: { opensAt: opensAt.toISOString() } },
      "Wait",
    ),
  ];

  it("a Wait timer still ahead is fine, even weeks away; one long overdue is stuck", () => {
    const opensAt = at(20 * 24 * 60);
    const ahead = classifyExecution(waitingForOpening(opensAt), publication, at(60));
    expect(ahead).toEqual({
      state: "waiting-timer",
      stateName: "WaitForOpening",
      due: opensAt.toISOString(),
    });
    const overdue = classifyExecution(waitingForOpening(at(10)), publication, at(30));
    expect(overdue).toMatchObject({
      state: "stuck",
      reason: "timer-overdue",
      stateName: "WaitForOpening",
      since: at(10).toISOString(),
    });
  });

  const applying = [
    ...waitingOnBureau,
    ev("TaskSucceeded", 2, { output: '{"decision":"draft-challenge"}' }),
    exited("AwaitBureauDecision", 2),
    entered("ApplyDecision", 2, { demandId: "dem-1" }),
    lambda(2),
    ev("TaskStarted", 2),
  ];

  it("a task in flight within the threshold is progressing; beyond it, stuck", () => {
    expect(classifyExecution(applying, intake, at(16))).toMatchObject({
      state: "progressing",
      stateName: "ApplyDecision",
    });
    const verdict = classifyExecution(applying, intake, at(20));
    expect(verdict).toMatchObject({
      state: "stuck",
      reason: "task-in-flight",
      stateName: "ApplyDecision",
      since: at(2).toISOString(),
      stuckForMs: 18 * 60_000,
    });
    // The threshold is configurable.
    expect(classifyExecution(applying, intake, at(20), { thresholdMs: 30 * 60_000 }).state).toBe(
      "progressing",
    );
    expect(classifyExecution(applying, intake, at(8), { thresholdMs: 5 * 60_000 }).state).toBe("stuck");
  });

  it("no event between two states (a transition that never happened) is stuck as no progress", () => {
    const between = [...waitingOnBureau, ev("TaskSucceeded", 2), exited("AwaitBureauDecision", 2)];
    expect(classifyExecution(between, intake, at(30))).toMatchObject({
      state: "stuck",
      reason: "no-progress",
      stateName: "AwaitBureauDecision",
      since: at(2).toISOString(),
    });
  });

  it("a treasury callback that timed out waits for its retry's backoff (300 s × 2ⁿ); a retry that never comes is stuck", () => {
    const timedOut = (minute: number) => ev("TaskTimedOut", minute, { error: "States.Timeout", cause: "" });
    // Third timeout: the retry comes 300 × 2² = 1,200 s later.
    const events = [
      entered("Disburse", 0, { paymentId: "pay-1" }),
      callback(0, 86_400, "requestDisbursement"),
      timedOut(10),
      callback(15, 86_400, "requestDisbursement"),
      timedOut(30),
      callback(40, 86_400, "requestDisbursement"),
      timedOut(60),
    ];
    expect(classifyExecution(events, payment, at(90))).toEqual({
      state: "waiting-retry",
      stateName: "Disburse",
      due: at(80).toISOString(),
    });
    expect(classifyExecution(events, payment, at(100))).toMatchObject({
      state: "stuck",
      reason: "retry-overdue",
      since: at(80).toISOString(),
    });
  });
});

describe("sweepStuckExecutions", () => {
  it("pages through every machine's RUNNING executions and returns only the stuck ones, with correlation ids", async () => {
    const histories: Record<string, { input: unknown; events: InspectedEvent[] }> = {
      "arn:x:dem-ok": {
        input: { correlationId: "c-ok" },
        events: [entered("AwaitBureauDecision", 0), callback(0, 86_400)],
      },
      "arn:x:dem-stuck": {
        input: { demandId: "dem-2", correlationId: "c-stuck" },
        events: [entered("ApplyDecision", 0), lambda(0), ev("TaskStarted", 0)],
      },
    };
    const pages: Record<string, RunningExecution[][]> = {
      "demand-intake": [
        [{ executionArn: "arn:x:dem-ok", name: "dem-ok", startDate: at(0).toISOString() }],
        [{ executionArn: "arn:x:dem-stuck", name: "dem-stuck", startDate: at(0).toISOString() }],
      ],
      payment: [[]],
    };
    const listed: string[] = [];
    const source: ExecutionSource = {
      definition: async (machine) => (machine === "payment" ? payment : intake),
      listRunning: async (machine, cursor) => {
        listed.push(`${machine}:${cursor ?? "-"}`);
        const all = pages[machine]!;
        const index = cursor ? Number(cursor) : 0;
        return { executions: all[index]!, ...(index + 1 < all.length ? { next: String(index + 1) } : {}) };
      },
      recentHistory: async (arn) => histories[arn]!,
    };
    const result = await sweepStuckExecutions({ source, clock: { now: () => at(60) } }, [
      "demand-intake",
      "payment",
    ]);
    expect(listed).toEqual(["demand-intake:-", "demand-intake:1", "payment:-"]);
    expect(result.running).toEqual({ "demand-intake": 2, payment: 0 });
    expect(result.runningTotal).toBe(2);
    expect(result.stuck).toEqual([
      expect.objectContaining({
        stateMachine: "demand-intake",
        executionArn: "arn:x:dem-stuck",
        correlationId: "c-stuck",
        reason: "task-in-flight",
        stateName: "ApplyDecision",
        stuckForMs: 60 * 60_000,
      }),
    ]);

    // The report: one warning per stuck execution under its own correlation id, and the metric (Service only).
    const lines: { level: string; message: string; data?: Record<string, unknown> }[] = [];
    const logger: Logger = {
      debug: (message, data) => lines.push({ level: "debug", message, ...(data ? { data } : {}) }),
      info: (message, data) => lines.push({ level: "info", message, ...(data ? { data } : {}) }),
      warn: (message, data) => lines.push({ level: "warn", message, ...(data ? { data } : {}) }),
      error: (message, data) => lines.push({ level: "error", message, ...(data ? { data } : {}) }),
      child: () => logger,
    };
    const emitted: Record<string, unknown>[] = [];
    const previous = process.env["LOG_LEVEL"];
    process.env["LOG_LEVEL"] = "info";
    try {
      reportSweep(
        result,
        logger,
        emfMetrics(
          (line) => emitted.push(JSON.parse(line)),
          () => t0,
        ),
      );
    } finally {
      if (previous === undefined) delete process.env["LOG_LEVEL"];
      else process.env["LOG_LEVEL"] = previous;
    }
    expect(lines.filter((l) => l.level === "warn")).toEqual([
      {
        level: "warn",
        message: "stuck execution",
        data: expect.objectContaining({
          correlationId: "c-stuck",
          executionArn: "arn:x:dem-stuck",
          reason: "task-in-flight",
          stuckForMinutes: 60,
        }),
      },
    ]);
    expect(emitted).toHaveLength(1);
    expect(emitted[0]).toMatchObject({
      [metricNames.stuckExecutions]: 1,
      Service: "jiebang",
      running: 2,
      stuckExecutionArns: ["arn:x:dem-stuck"],
      _aws: {
        CloudWatchMetrics: [
          {
            Namespace: "Jiebang",
            Dimensions: [["Service"]],
            Metrics: [{ Name: "StuckExecutions", Unit: "Count" }],
          },
        ],
      },
    });
    expect(emitted[0]).not.toHaveProperty("ProgrammeId");
  });
});
