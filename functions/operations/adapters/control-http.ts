// Adapter (HTTP): the operators' hand on executions (admin) — stop a running execution, redrive a failed one, each
// with a reason and audited (operations/execution-control.ts), and the interventions on an execution (admin, auditor).
// Step Functions comes in through the ExecutionControl port (platform/sfn/workflow-engine.ts stepFunctionsControl);
// the function is granted `controlsWorkflows` (StopExecution, RedriveExecution) besides `inspectsWorkflows`.
import { randomUUID } from "node:crypto";
import * as z from "zod/mini";
import { workflows } from "../../platform/clients.ts";
import { configuredCursorKey } from "../../platform/cursors.ts";
import { recordStore } from "../../platform/deps.ts";
import { type HttpRequest, httpHandler, route } from "../../platform/http/frame.ts";
import { actor } from "../../platform/http/request.ts";
import { stepFunctionsControl } from "../../platform/sfn/workflow-engine.ts";
import { executionInterventions, redriveExecution, stopExecution } from "../execution-control.ts";
import {
  getAdminExecutionsExecutionArnInterventions200Schema,
  postAdminExecutionsExecutionArnStop200Schema,
} from "../views.ts";
import { configuredMachineArn, stepFunctionsExecutionBrowser } from "./execution-source.ts";

const executionArn = z.lazy(() =>
  z
    .string()
    .check(
      z.maxLength(2048),
      z.regex(/^arn:aws[\w-]*:states:[\w-]+:\d{12}:execution:[\w-]+:[^\s:]{1,80}$/, "not an execution ARN"),
    ),
);
const reason = z.lazy(() => z.string().check(z.trim(), z.minLength(2), z.maxLength(500)));
const clientToken = z.lazy(() =>
  z.optional(
    z.string().check(z.minLength(8), z.maxLength(64), z.regex(/^[A-Za-z0-9._:-]+$/, "A-Z a-z 0-9 . _ : -")),
  ),
);

const deps = (request: { clock: HttpRequest<unknown, unknown, unknown>["clock"] }) => ({
  records: recordStore(),
  control: stepFunctionsControl(workflows()),
  browser: stepFunctionsExecutionBrowser(workflows(), configuredMachineArn, configuredCursorKey()),
  clock: request.clock,
});

export const handler = httpHandler("execution-control-api", {
  "POST /v1/admin/executions/{executionArn}/stop": route(
    () => ({
      params: z.strictObject({ executionArn }),
      body: z.strictObject({ reason }),
      response: { 200: postAdminExecutionsExecutionArnStop200Schema },
    }),
    async (request) => ({
      status: 200,
      body: await stopExecution(deps(request), actor(request.principal), {
        executionArn: request.params.executionArn,
        reason: request.body.reason,
      }),
    }),
  ),

  "POST /v1/admin/executions/{executionArn}/redrive": route(
    () => ({
      params: z.strictObject({ executionArn }),
      body: z.strictObject({ reason, idempotencyKey: clientToken }),
      response: { 200: postAdminExecutionsExecutionArnStop200Schema },
    }),
    async (request) => ({
      status: 200,
      body: await redriveExecution(deps(request), actor(request.principal), {
        executionArn: request.params.executionArn,
        reason: request.body.reason,
        idempotencyKey: request.body.idempotencyKey ?? randomUUID(),
      }),
    }),
  ),

  "GET /v1/admin/executions/{executionArn}/interventions": route(
    () => ({
      params: z.strictObject({ executionArn }),
      response: { 200: getAdminExecutionsExecutionArnInterventions200Schema },
    }),
    async (request) => ({
      status: 200,
      body: await executionInterventions({ records: recordStore() }, request.params.executionArn),
    }),
  ),
});
