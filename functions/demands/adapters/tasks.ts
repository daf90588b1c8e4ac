// Adapter (Step Functions task): the Task states of workflows/demand-intake.asl.json, dispatched on `task`. Applying a
// decision may merge demands or draft a challenge (records in the record store).
import * as z from "zod/mini";
import { parseOrThrow } from "../../kernel/errors.ts";
import { currentClock } from "../../platform/clock.ts";
import { recordStore } from "../../platform/deps.ts";
import { createLogger } from "../../platform/logger.ts";
import { taskHandler } from "../../platform/task.ts";
import { applyDecision, escalateOverdueDecision, lapseDemand, parkTaskToken } from "../workflow.ts";

/** The task payloads, by `task` (built on the first invocation). */
const taskInput = z.lazy(() => {
  const demandId = z.string().check(z.minLength(1), z.maxLength(100));
  // The decision travels through the execution for the history's sake; the task applies the one recorded on the demand.
  const decision = z.looseObject({
    decision: z.enum(["return", "merge", "draft-challenge"]),
    decidedBy: z.string(),
  });
  return z.discriminatedUnion("task", [
    z.object({
      task: z.literal("parkDecisionToken"),
      demandId,
      taskToken: z.string().check(z.minLength(1)),
      executionArn: z.string(),
    }),
    z.object({
      task: z.literal("parkResubmissionToken"),
      demandId,
      taskToken: z.string().check(z.minLength(1)),
      executionArn: z.string(),
    }),
    z.object({ task: z.literal("applyDecision"), demandId, decision }),
    z.object({ task: z.literal("escalateOverdueDecision"), demandId }),
    z.object({ task: z.literal("lapseDemand"), demandId }),
  ]);
});

const logger = createLogger({ function: "demand-intake-tasks" });

async function handle(event: unknown): Promise<unknown> {
  const input = parseOrThrow(taskInput, event, "TASK_INPUT_INVALID");
  const deps = { records: recordStore(), clock: currentClock() };
  logger.info("task", { task: input.task, demandId: input.demandId });
  switch (input.task) {
    case "parkDecisionToken":
      await parkTaskToken(deps, input.demandId, "decision", input.taskToken, input.executionArn);
      return { parked: true };
    case "parkResubmissionToken":
      await parkTaskToken(deps, input.demandId, "resubmission", input.taskToken, input.executionArn);
      return { parked: true };
    case "applyDecision":
      return applyDecision(deps, input.demandId);
    case "escalateOverdueDecision":
      await escalateOverdueDecision(deps, input.demandId);
      return { escalated: true };
    case "lapseDemand":
      await lapseDemand(deps, input.demandId);
      return { lapsed: true };
  }
}

/** Runs under the correlation id of the execution (the payload's `correlationId`). */
export const handler = taskHandler(handle);
