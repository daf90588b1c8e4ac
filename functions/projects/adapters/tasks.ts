// Adapter (Step Functions task): the Task states of workflows/project-phase.asl.json (立项 → 结题验收), of
// workflows/project-start.asl.json (任务书签订), workflows/project-milestone.asl.json (里程碑节点考核) and
// workflows/project-acceptance.asl.json (结题验收) and workflows/project-anniversary.asl.json (周年拨付), dispatched on `task`.
import * as z from "zod/mini";
import { parseOrThrow } from "../../kernel/errors.ts";
import { createLogger } from "../../platform/logger.ts";
import { taskHandler } from "../../platform/task.ts";
import {
  anniversaryTrancheEligibleTask,
  escalateReportTask,
  handOverAcceptanceTask,
  handOverAnniversaryTask,
  handOverMilestoneTask,
  handOverStartTask,
  handOverTask,
  locateAcceptanceTask,
  locateMilestoneTask,
  locateStartTask,
  parkAcceptanceTask,
  parkAnniversaryTask,
  parkStageTask,
  parkStartTask,
  parkTask,
  planAnniversaryTask,
  planRectificationTask,
  planReportTimersTask,
  rectificationLapsedTask,
  referForTerminationTask,
  remindAcceptanceTask,
  remindReportTask,
  remindSignatoriesTask,
  remindTask,
  returnReportTask,
  startAnniversariesTask,
  startFirstMilestoneTask,
  startNextMilestoneTask,
  stepTask,
  validateEvidenceTask,
  validateTask,
  writeAuditReports,
} from "../projects.ts";
import { projectTaskDeps } from "./deps.ts";

/** The task payloads, by `task` (built on the first invocation). */
const taskInput = z.lazy(() => {
  const projectId = z.string().check(z.minLength(1), z.maxLength(64));
  const phase = z.number().check(z.int(), z.gte(1));
  const milestone = z.number().check(z.int(), z.gte(1));
  const days = z.number().check(z.int(), z.gte(1));
  const seconds = z.number().check(z.int(), z.gte(1));
  const stage = z.string().check(z.minLength(1), z.maxLength(32));
  const horizon = { executionStartedAt: z.string().check(z.minLength(1)), handOverAfterSeconds: seconds };
  // $$.Execution.Name of the execution asking, and its correlation id (handed to the next execution).
  const execution = z.string().check(z.minLength(1), z.maxLength(80));
  const correlationId = z.optional(z.string().check(z.maxLength(128)));
  const round = z.number().check(z.int(), z.gte(1));
  const taskToken = z.string().check(z.minLength(1));
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
    // the new machines' ends after a decision (Terminated, ClosedForFraud, Closure, …): its audit report
    z.object({ task: z.literal("writeAuditReports"), projectId }),
    z.object({ task: z.literal("handOver"), projectId, phase }),
    // project-start
    z.object({ task: z.literal("locateStart"), projectId }),
    z.object({ task: z.literal("parkStart"), projectId, stage, execution, taskToken }),
    z.object({ task: z.literal("remindSignatories"), projectId, waitSeconds: seconds, ...horizon }),
    z.object({ task: z.literal("startFirstMilestone"), projectId, execution, correlationId }),
    z.object({ task: z.literal("handOverStart"), projectId, round, execution, correlationId }),
    z.object({ task: z.literal("startAnniversaries"), projectId, execution, correlationId }),
    // project-anniversary
    z.object({ task: z.literal("planAnniversary"), projectId, years: milestone, ...horizon }),
    z.object({ task: z.literal("parkAnniversary"), projectId, years: milestone, execution, taskToken }),
    z.object({ task: z.literal("anniversaryTrancheEligible"), projectId, years: milestone }),
    z.object({
      task: z.literal("handOverAnniversary"),
      projectId,
      years: milestone,
      round,
      execution,
      correlationId,
    }),
    // project-acceptance
    z.object({ task: z.literal("locateAcceptance"), projectId }),
    z.object({ task: z.literal("parkAcceptance"), projectId, stage, execution, taskToken }),
    z.object({ task: z.literal("remindAcceptance"), projectId, stage, waitSeconds: seconds, ...horizon }),
    z.object({ task: z.literal("handOverAcceptance"), projectId, round, execution, correlationId }),
    // project-milestone
    z.object({ task: z.literal("locateMilestone"), projectId, milestone, keyMilestone: z.boolean() }),
    z.object({
      task: z.literal("planReportTimers"),
      projectId,
      milestone,
      reminderDaysBefore: days,
      ...horizon,
    }),
    z.object({ task: z.literal("remindReport"), projectId, milestone, reminderDaysBefore: days }),
    z.object({ task: z.literal("escalateReport"), projectId, milestone }),
    z.object({ task: z.literal("validateEvidence"), projectId, milestone }),
    z.object({ task: z.literal("returnReport"), projectId, milestone }),
    z.object({ task: z.literal("remind"), projectId, milestone, stage, waitSeconds: seconds, ...horizon }),
    z.object({
      task: z.literal("planRectification"),
      projectId,
      milestone,
      defaultRectifyDays: days,
      ...horizon,
    }),
    z.object({ task: z.literal("rectificationLapsed"), projectId, milestone }),
    z.object({ task: z.literal("referForTermination"), projectId, milestone }),
    z.object({
      task: z.literal("parkStage"),
      projectId,
      milestone,
      keyMilestone: z.boolean(),
      stage,
      execution,
      taskToken: z.string().check(z.minLength(1)),
    }),
    z.object({ task: z.literal("startNextMilestone"), projectId, milestone, execution, correlationId }),
    z.object({
      task: z.literal("handOverMilestone"),
      projectId,
      milestone,
      round: z.number().check(z.int(), z.gte(1)),
      execution,
      correlationId,
    }),
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
    case "writeAuditReports":
      return { written: await writeAuditReports(deps, input.projectId) };
    case "locateStart":
      return locateStartTask(deps, input);
    case "parkStart":
      return parkStartTask(deps, { ...input, token: input.taskToken });
    case "remindSignatories":
      return remindSignatoriesTask(deps, input);
    case "startFirstMilestone":
      return startFirstMilestoneTask(deps, input);
    case "handOverStart":
      return handOverStartTask(deps, input);
    case "startAnniversaries":
      return startAnniversariesTask(deps, input);
    case "planAnniversary":
      return planAnniversaryTask(deps, input);
    case "parkAnniversary":
      return parkAnniversaryTask(deps, { ...input, token: input.taskToken });
    case "anniversaryTrancheEligible":
      return anniversaryTrancheEligibleTask(deps, input);
    case "handOverAnniversary":
      return handOverAnniversaryTask(deps, input);
    case "locateAcceptance":
      return locateAcceptanceTask(deps, input);
    case "parkAcceptance":
      return parkAcceptanceTask(deps, { ...input, token: input.taskToken });
    case "remindAcceptance":
      return remindAcceptanceTask(deps, input);
    case "handOverAcceptance":
      return handOverAcceptanceTask(deps, input);
    case "locateMilestone":
      return locateMilestoneTask(deps, input);
    case "planReportTimers":
      return planReportTimersTask(deps, input);
    case "remindReport":
      return remindReportTask(deps, input);
    case "escalateReport":
      return escalateReportTask(deps, input);
    case "validateEvidence":
      return validateEvidenceTask(deps, input);
    case "returnReport":
      return returnReportTask(deps, input);
    case "remind":
      return remindTask(deps, input);
    case "planRectification":
      return planRectificationTask(deps, input);
    case "rectificationLapsed":
      return rectificationLapsedTask(deps, input);
    case "referForTermination":
      return referForTerminationTask(deps, input);
    case "parkStage":
      return parkStageTask(deps, { ...input, token: input.taskToken });
    case "startNextMilestone":
      return startNextMilestoneTask(deps, input);
    case "handOverMilestone":
      return handOverMilestoneTask(deps, input);
  }
}

/** Runs under the correlation id of the execution (the payload's `correlationId`). */
export const handler = taskHandler(handle);
