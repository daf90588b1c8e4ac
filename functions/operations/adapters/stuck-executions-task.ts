// Adapter (scheduled task): the stuck-execution sweep (停滞流程巡检) run by an EventBridge rule every 15 minutes in AWS
// (infra/constructs/schedules.ts). Logs each stuck execution as one JSON line under that execution's correlation id and
// emits the StuckExecutions embedded metric (0 included), which the StuckExecutions alarm watches.

import { createLogger, type Logger } from "../../platform/logger.ts";
import { businessMetrics } from "../../platform/metrics.ts";
import type { BusinessMetrics } from "../../platform/ports/metrics.ts";
import { scheduledEventId, taskHandler } from "../../platform/task.ts";
import type { SweepResult } from "../stuck-executions.ts";
import { sweepCatalogExecutions } from "./execution-source.ts";

const logger = createLogger({ function: "stuck-execution-sweep" });

/** Reports a sweep: one warning per stuck execution, a summary line, and the metric. */
export function reportSweep(result: SweepResult, log: Logger, metrics: BusinessMetrics): void {
  for (const stuck of result.stuck) {
    log.warn("stuck execution", {
      ...(stuck.correlationId ? { correlationId: stuck.correlationId } : {}),
      stateMachine: stuck.stateMachine,
      executionArn: stuck.executionArn,
      reason: stuck.reason,
      ...(stuck.stateName ? { state: stuck.stateName } : {}),
      since: stuck.since,
      stuckForMinutes: Math.round(stuck.stuckForMs / 60_000),
      detail: stuck.message,
      detailZh: stuck.messageZh,
    });
  }
  log.info("stuck-execution sweep", {
    checkedAt: result.checkedAt,
    running: result.runningTotal,
    stuck: result.stuck.length,
    thresholdMinutes: Math.round(result.thresholdMs / 60_000),
  });
  metrics.record({
    kind: "stuck-executions-swept",
    stuck: result.stuck.length,
    running: result.runningTotal,
    stuckExecutionArns: result.stuck.map((s) => s.executionArn),
  });
}

export const handler = taskHandler(async (): Promise<{ running: number; stuck: number }> => {
  const result = await sweepCatalogExecutions();
  reportSweep(result, logger, businessMetrics);
  return { running: result.runningTotal, stuck: result.stuck.length };
}, scheduledEventId);
