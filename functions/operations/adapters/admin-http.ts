// Adapter (HTTP): the operators' console's read routes (admin, auditor) over the executions inspector
// (operations/executions.ts, with Step Functions as its ExecutionBrowser) — the state machines, their executions by
// status, and one execution with its graph, history, path and pending human tasks — and the stuck-execution sweep on
// demand (operations/stuck-executions.ts); and an admin's stop or redrive of an execution (control-http.ts), the only
// writes: the function is granted `inspectsWorkflows` and `controlsWorkflows`.
import * as z from "zod/mini";
import { stateMachines } from "../../catalog.ts";
import { workflows } from "../../platform/clients.ts";
import { configuredCursorKey } from "../../platform/cursors.ts";
import { httpHandler, route } from "../../platform/http/frame.ts";
import { inspectExecution, listExecutions, listStateMachines } from "../executions.ts";
import {
  getAdminExecutions200Schema,
  getAdminExecutionsExecutionArn200Schema,
  getAdminStateMachines200Schema,
  sweepResultSchema,
} from "../views.ts";
import { controlRoutes } from "./control-http.ts";
import {
  configuredMachineArn,
  stepFunctionsExecutionBrowser,
  sweepCatalogExecutions,
} from "./execution-source.ts";

const machineNames = stateMachines.map((m) => m.name) as [string, ...string[]];
const executionStatuses = [
  "RUNNING",
  "SUCCEEDED",
  "FAILED",
  "TIMED_OUT",
  "ABORTED",
  "PENDING_REDRIVE",
] as const;

const browser = () => stepFunctionsExecutionBrowser(workflows(), configuredMachineArn, configuredCursorKey());

export const handler = httpHandler("admin-api", {
  "GET /v1/admin/state-machines": route({ response: { 200: getAdminStateMachines200Schema } }, async () => ({
    status: 200,
    body: { items: await listStateMachines(browser(), stateMachines) },
  })),

  "GET /v1/admin/executions": route(
    () => ({
      query: z.strictObject({
        stateMachine: z.enum(machineNames),
        status: z.optional(z.enum(executionStatuses)),
        limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 50),
        cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(4096))),
      }),
      response: { 200: getAdminExecutions200Schema },
    }),
    async (request) => ({ status: 200, body: await listExecutions(browser(), request.query) }),
  ),

  "GET /v1/admin/stuck-executions": route(
    () => ({
      query: z.strictObject({
        // Default: JIEBANG_STUCK_THRESHOLD_MINUTES, else 15 minutes, as the scheduled sweep uses.
        thresholdMinutes: z.optional(z.coerce.number().check(z.int(), z.gte(1), z.lte(1440))),
      }),
      response: { 200: sweepResultSchema },
    }),
    async (request) => {
      const { thresholdMinutes } = request.query;
      const result = await sweepCatalogExecutions(
        thresholdMinutes !== undefined ? { thresholdMs: thresholdMinutes * 60_000 } : {},
      );
      return { status: 200, body: result };
    },
  ),

  "GET /v1/admin/executions/{executionArn}": route(
    () => ({
      params: z.strictObject({
        executionArn: z
          .string()
          .check(
            z.maxLength(2048),
            z.regex(
              /^arn:aws[\w-]*:states:[\w-]+:\d{12}:execution:[\w-]+:[^\s:]{1,80}$/,
              "not an execution ARN",
            ),
          ),
      }),
      response: { 200: getAdminExecutionsExecutionArn200Schema },
    }),
    async (request) => ({
      status: 200,
      body: await inspectExecution(browser(), request.params.executionArn),
    }),
  ),
  ...controlRoutes,
});
