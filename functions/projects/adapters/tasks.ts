// Adapter (Step Functions task): the Task states of workflows/project-phase.asl.json (立项 → 结题验收), dispatched on `task`.
import * as z from "zod/mini";
import { parseOrThrow } from "../../kernel/errors.ts";
import { createLogger } from "../../platform/logger.ts";
import { taskHandler } from "../../platform/task.ts";
import { handOverTask, parkTask, stepTask, validateTask } from "../projects.ts";
import { projectTaskDeps } from "./deps.ts";

/** The task payloads, by `task` (built on the first invocation). */
const taskInput = z.lazy(() => {
  const projectId = z.string().check(z.minLength(1), z.maxLength(64));
  const phase = z.number().check(z.int(), z.gte(1));
  return z.discriminatedUnion("task", [
    z.object({ task: z.literal("step"), projectId, phase }),
    z.object({
      task: z.literal("park"),
      projectId,
      phase,
      seenVersion: z.number().check(z.int(), z.gte(1)),
      taskToken: z.string().check(z.minLength(1)),
    }),
    z.object({ task: z.literal("validate"), projectId }),
    z.object({ task: z.literal("handOver"), projectId, phase }),
  ]);
});

const logger = createLogger({ function: "project-tasks" });

async function handle(event: unknown): Promise<unknown> {
  const input = parseOrThrow(taskInput, event, "TASK_INPUT_INVALID");
  const deps = projectTaskDeps();
  logger.info("task", { task: input.task, projectId: input.projectId });
  switch (input.task) {
    case "step":
      return stepTask(deps, input);
    case "park":
      return parkTask(deps, { ...input, token: input.taskToken });
    case "validate":
      return validateTask(deps, input);
    case "handOver":
      return handOverTask(deps, input);
  }
}

/** Runs under the correlation id of the execution (the payload's `correlationId`). */
export const handler = taskHandler(handle);
