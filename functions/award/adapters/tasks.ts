// Adapter (Step Functions task): the Task states of workflows/challenge-award.asl.json, dispatched on `task`.
import * as z from "zod/mini";
import { isDomainError, parseOrThrow } from "../../kernel/errors.ts";
import { awardDeps } from "../../platform/deps.ts";
import { createLogger } from "../../platform/logger.ts";
import { taskHandler } from "../../platform/task.ts";
import {
  escalateTask,
  parkRoundTokenTask,
  rankApplicationsTask,
  remindReviewersTask,
  startReviewTask,
} from "../../review/panels.ts";
import { applyConfirmationTask, applyShortlistTask, awardTask, markUnsolvedTask } from "../award-tasks.ts";
import { endNoticeTask, parkRulingTokenTask, publishNoticeTask, replaceWinnersTask } from "../notices.ts";
import { checkReplacementOverlapTask } from "../replacement-overlap.ts";

/** The task payloads, by `task` (built on the first invocation). */
const taskInput = z.lazy(() => {
  const challengeId = z.string().check(z.minLength(1), z.maxLength(128));
  const round = z.number().check(z.int(), z.gte(1));
  const noticeId = z.string().check(z.minLength(1), z.maxLength(64));
  const token = z.string().check(z.minLength(1));
  return z.discriminatedUnion("task", [
    z.object({ task: z.literal("startReview"), challengeId, round, executionArn: z.string() }),
    z.object({
      task: z.literal("parkRoundToken"),
      challengeId,
      round,
      kind: z.enum(["scores", "shortlist", "bureau-confirmation", "approver-confirmation", "overlap"]),
      taskToken: token,
    }),
    z.object({ task: z.literal("remindReviewers"), challengeId, round }),
    z.object({ task: z.literal("rankApplications"), challengeId, round }),
    z.object({ task: z.literal("escalate"), challengeId, round, stage: z.string().check(z.maxLength(64)) }),
    z.object({ task: z.literal("applyShortlist"), challengeId, round }),
    z.object({
      task: z.literal("applyConfirmation"),
      challengeId,
      round,
      stage: z.enum(["bureau", "approver"]),
    }),
    z.object({ task: z.literal("publishNotice"), challengeId, round }),
    z.object({ task: z.literal("endNotice"), challengeId, round, noticeId }),
    z.object({ task: z.literal("parkRulingToken"), challengeId, round, noticeId, taskToken: token }),
    z.object({ task: z.literal("replaceWinners"), challengeId, round, noticeId }),
    z.object({ task: z.literal("award"), challengeId, round, noticeId }),
    z.object({ task: z.literal("markUnsolved"), challengeId, round }),
    z.object({ task: z.literal("checkReplacementOverlap"), challengeId, round }),
  ]);
});

const logger = createLogger({ function: "challenge-award-tasks" });

async function handle(event: unknown): Promise<unknown> {
  const input = parseOrThrow(taskInput, event, "TASK_INPUT_INVALID");
  const deps = awardDeps();
  logger.info("task", { task: input.task, challengeId: input.challengeId, round: input.round });
  switch (input.task) {
    case "startReview":
      return startReviewTask(deps, input);
    case "parkRoundToken":
      return parkRoundTokenTask(deps, { ...input, token: input.taskToken });
    case "remindReviewers":
      return remindReviewersTask(deps, input);
    case "rankApplications":
      return rankApplicationsTask(deps, input);
    case "escalate":
      return escalateTask(deps, input);
    case "applyShortlist":
      return applyShortlistTask(deps, input);
    case "applyConfirmation":
      return applyConfirmationTask(deps, input);
    case "publishNotice":
      return publishNoticeTask(deps, input).catch((error: unknown) => {
        // The ASL catches this name and waits for an administrator to load the year (EscalateCalendarYear).
        if (isDomainError(error) && error.code === "CALENDAR_YEAR_NOT_LOADED")
          throw Object.assign(new Error(error.message), { name: "CalendarYearNotLoaded" });
        throw error;
      });
    case "endNotice":
      return endNoticeTask(deps, input);
    case "parkRulingToken":
      return parkRulingTokenTask(deps, { noticeId: input.noticeId, token: input.taskToken });
    case "replaceWinners":
      return replaceWinnersTask(deps, input);
    case "award":
      return awardTask(deps, input);
    case "markUnsolved":
      return markUnsolvedTask(deps, input);
    case "checkReplacementOverlap":
      return checkReplacementOverlapTask(deps, input);
  }
}

/** Runs under the correlation id of the execution (the payload's `correlationId`). */
export const handler = taskHandler(handle);
