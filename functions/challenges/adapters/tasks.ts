// Adapter (Step Functions task): the Task states of workflows/challenge-publication.asl.json, dispatched on `task`.
// On close it starts the challenge-award execution once the catalog lets this function start it.
import * as z from "zod/mini";
import { awardTerms } from "../../award/rules/terms.ts";
import { functionByName } from "../../catalog.ts";
import { parseOrThrow } from "../../kernel/errors.ts";
import { currentClock } from "../../platform/clock.ts";
import { recordStore } from "../../platform/deps.ts";
import { createLogger } from "../../platform/logger.ts";
import { taskHandler } from "../../platform/task.ts";
import { awardExecutionName, awardStateMachine } from "../../review/common.ts";
import {
  applySignOff,
  closeWindow,
  escalateSignOff,
  lapseSubmission,
  openWindow,
  parkPublicationToken,
} from "../workflow.ts";
import { selectionWorkflows } from "./deps.ts";

/** The task payloads, by `task` (built on the first invocation). */
const taskInput = z.lazy(() => {
  const challengeId = z.string().check(z.minLength(1), z.maxLength(100));
  const round = z.number().check(z.int(), z.gte(1));
  return z.discriminatedUnion("task", [
    z.object({
      task: z.literal("parkToken"),
      kind: z.enum(["bureau-sign-off", "approver-sign-off", "sign-off-resubmission"]),
      challengeId,
      round,
      taskToken: z.string().check(z.minLength(1)),
      executionArn: z.string(),
    }),
    z.object({ task: z.literal("applySignOff"), challengeId, round }),
    z.object({ task: z.literal("escalateSignOff"), challengeId, stage: z.enum(["bureau", "approver"]) }),
    z.object({ task: z.literal("lapseSubmission"), challengeId, round }),
    z.object({ task: z.literal("openWindow"), challengeId, round }),
    z.object({ task: z.literal("closeWindow"), challengeId, round }),
  ]);
});

const functionName = "challenge-publication-tasks";
const logger = createLogger({ function: functionName });

/**
 * The switch to review: true once the catalog grants this function StartExecution on challenge-award (its entry lists
 * "challenge-award" in `startsWorkflows` when that state machine exists). Until then the window just closes.
 */
export function awardEnabled(): boolean {
  return (functionByName(functionName).access.startsWorkflows ?? []).includes(awardStateMachine);
}

async function handle(event: unknown): Promise<unknown> {
  const input = parseOrThrow(taskInput, event, "TASK_INPUT_INVALID");
  const deps = { records: recordStore(), clock: currentClock() };
  logger.info("task", { task: input.task, challengeId: input.challengeId });
  switch (input.task) {
    case "parkToken":
      await parkPublicationToken(
        deps,
        input.challengeId,
        input.round,
        input.kind,
        input.taskToken,
        input.executionArn,
      );
      return { parked: true };
    case "applySignOff":
      return applySignOff(deps, input.challengeId, input.round);
    case "escalateSignOff":
      await escalateSignOff(deps, input.challengeId, input.stage);
      return { escalated: true };
    case "lapseSubmission":
      await lapseSubmission(deps, input.challengeId, input.round);
      return { lapsed: true };
    case "openWindow":
      return openWindow(deps, input.challengeId, input.round);
    case "closeWindow":
      return closeWindow(
        deps,
        input.challengeId,
        input.round,
        awardEnabled()
          ? (c) =>
              selectionWorkflows().start(awardStateMachine, awardExecutionName(c.id, c.round), {
                challengeId: c.id,
                round: c.round,
                terms: awardTerms(),
              })
          : undefined,
      );
  }
}

/** Runs under the correlation id of the execution (the payload's `correlationId`). */
export const handler = taskHandler(handle);
