// Adapter (HTTP): the admin-api's routes of the operators' hand on executions — an admin stops a running execution or
// redrives a failed one (one route, `action`), with a reason, audited (operations/execution-control.ts); admins and
// auditors read the interventions on an execution. Step Functions comes in through the ExecutionControl port
// (platform/sfn/workflow-engine.ts stepFunctionsControl); admin-api is granted `controlsWorkflows`.
import { randomUUID } from "node:crypto";
import * as z from "zod/mini";
import { workflows } from "../../platform/clients.ts";
import { configuredCursorKey } from "../../platform/cursors.ts";
import { recordStore } from "../../platform/deps.ts";
import { type HttpRequest, route } from "../../platform/http/frame.ts";
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

/** The admin-api's routes of the operators' hand on executions (spread into admin-http.ts's route table). */
export const controlRoutes = {
  "POST /v1/admin/executions/{executionArn}/interventions": route(
    () => ({
      params: z.strictObject({ executionArn }),
      body: z.strictObject({ action: z.enum(["stop", "redrive"]), reason, idempotencyKey: clientToken }),
      response: { 200: postAdminExecutionsExecutionArnStop200Schema },
    }),
    async (request) => {
      const input = { executionArn: request.params.executionArn, reason: request.body.reason };
      const body =
        request.body.action === "stop"
          ? await stopExecution(deps(request), actor(request.principal), input)
          : await redriveExecution(deps(request), actor(request.principal), {
              ...input,
              idempotencyKey: request.body.idempotencyKey ?? randomUUID(),
            });
      return { status: 200, body };
    },
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
};
