// Adapter (HTTP): the operators' console's read routes (admin, auditor) over the Step Functions API — the state
// machines, their executions by status, and one execution with its definition's graph, history, path and pending
// human tasks (use-cases/execution-inspection), and the stuck-execution sweep on demand (use-cases/stuck-executions).
// Read-only: the function is granted `inspectsWorkflows`.
import {
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  ExecutionDoesNotExist,
  GetExecutionHistoryCommand,
  InvalidToken,
  ListExecutionsCommand,
} from "@aws-sdk/client-sfn";
import * as z from "zod";
import { stateMachineArnEnvVar, stateMachines } from "../../catalog.ts";
import { notFoundError, validationError } from "../../kernel/errors.ts";
import { workflows } from "../../platform/clients.ts";
import { httpHandler, route } from "../../platform/http/frame.ts";
import { analyseExecution, type InspectedEvent, workflowGraph } from "../execution-inspection.ts";
import { normaliseEvent as normalise, parseJson, sweepCatalogExecutions } from "./execution-source.ts";

const machineNames = stateMachines.map((m) => m.name) as [string, ...string[]];
const executionStatuses = [
  "RUNNING",
  "SUCCEEDED",
  "FAILED",
  "TIMED_OUT",
  "ABORTED",
  "PENDING_REDRIVE",
] as const;

/** Longest history read for one execution (AWS's own limit is 25,000 events). */
const maxHistoryEvents = 25_000;

function machineArn(name: string): string {
  const arn = process.env[stateMachineArnEnvVar(name)];
  if (!arn) throw new Error(`missing environment variable ${stateMachineArnEnvVar(name)}`);
  return arn;
}

/** The catalog's state machine an execution ARN belongs to (…:execution:<machine>:<name>), or undefined. */
function machineOfExecution(executionArn: string): string | undefined {
  return machineNames.find((name) => {
    const prefix = `${machineArn(name).replace(":stateMachine:", ":execution:")}:`;
    return executionArn.startsWith(prefix);
  });
}

const executionNotFound = (arn: string) =>
  notFoundError("EXECUTION_NOT_FOUND", `No execution ${arn}`, `找不到流程执行 ${arn}`);

const iso = (d: Date | undefined) => (d ? d.toISOString() : undefined);

export const handler = httpHandler("admin-api", {
  "GET /v1/admin/state-machines": route({}, async () => {
    const items = await Promise.all(
      stateMachines.map(async (m) => {
        const described = await workflows().send(
          new DescribeStateMachineCommand({ stateMachineArn: machineArn(m.name) }),
        );
        return {
          name: m.name,
          stateMachineArn: described.stateMachineArn,
          deployedName: described.name,
          status: described.status ?? "ACTIVE",
          type: described.type,
          description: m.description,
          graph: workflowGraph(described.definition ?? "{}"),
        };
      }),
    );
    return { status: 200, body: { items } };
  }),

  "GET /v1/admin/executions": route(
    {
      query: z
        .object({
          stateMachine: z.enum(machineNames),
          status: z.enum(executionStatuses).optional(),
          limit: z.coerce.number().int().min(1).max(100).default(50),
          cursor: z.string().min(1).max(4096).optional(),
        })
        .strict(),
    },
    async (request) => {
      const { stateMachine, status, limit, cursor } = request.query;
      const listed = await workflows()
        .send(
          new ListExecutionsCommand({
            stateMachineArn: machineArn(stateMachine),
            maxResults: limit,
            ...(status ? { statusFilter: status } : {}),
            ...(cursor ? { nextToken: cursor } : {}),
          }),
        )
        .catch((error: unknown) => {
          // A cursor Step Functions did not issue (or one for another filter) is the caller's mistake, not ours.
          if (error instanceof InvalidToken) {
            throw validationError(
              "INVALID_CURSOR",
              "The page cursor is not one this API issued",
              "分页游标无效",
              [
                {
                  path: "query.cursor",
                  message: "not a cursor issued by this API",
                  messageZh: "不是本接口签发的游标",
                },
              ],
            );
          }
          throw error;
        });
      const items = (listed.executions ?? []).map((e) => ({
        executionArn: e.executionArn,
        stateMachine,
        name: e.name,
        status: e.status,
        startDate: iso(e.startDate),
        ...(e.stopDate ? { stopDate: iso(e.stopDate) } : {}),
      }));
      return { status: 200, body: { items, ...(listed.nextToken ? { next: listed.nextToken } : {}) } };
    },
  ),

  "GET /v1/admin/stuck-executions": route(
    {
      query: z
        .object({
          // Default: JIEBANG_STUCK_THRESHOLD_MINUTES, else 15 minutes, as the scheduled sweep uses.
          thresholdMinutes: z.coerce.number().int().min(1).max(1440).optional(),
        })
        .strict(),
    },
    async (request) => {
      const { thresholdMinutes } = request.query;
      const result = await sweepCatalogExecutions(
        thresholdMinutes !== undefined ? { thresholdMs: thresholdMinutes * 60_000 } : {},
      );
      return { status: 200, body: result };
    },
  ),

  "GET /v1/admin/executions/{executionArn}": route(
    {
      params: z
        .object({
          executionArn: z
            .string()
            .max(2048)
            .regex(
              /^arn:aws[\w-]*:states:[\w-]+:\d{12}:execution:[\w-]+:[^\s:]{1,80}$/,
              "not an execution ARN",
            ),
        })
        .strict(),
    },
    async (request) => {
      const { executionArn } = request.params;
      const machine = machineOfExecution(executionArn);
      if (!machine) throw executionNotFound(executionArn);
      let execution: Awaited<ReturnType<typeof describe>>;
      const describe = (arn: string) => workflows().send(new DescribeExecutionCommand({ executionArn: arn }));
      try {
        execution = await describe(executionArn);
      } catch (error) {
        if (error instanceof ExecutionDoesNotExist || (error as Error).name === "ExecutionDoesNotExist")
          throw executionNotFound(executionArn);
        throw error;
      }
      const definition = await workflows().send(
        new DescribeStateMachineCommand({ stateMachineArn: machineArn(machine) }),
      );
      const events: InspectedEvent[] = [];
      let nextToken: string | undefined;
      do {
        const page = await workflows().send(
          new GetExecutionHistoryCommand({
            executionArn,
            maxResults: 1000,
            includeExecutionData: true,
            ...(nextToken ? { nextToken } : {}),
          }),
        );
        events.push(...(page.events ?? []).map(normalise));
        nextToken = page.nextToken;
      } while (nextToken && events.length < maxHistoryEvents);

      const graph = workflowGraph(definition.definition ?? "{}");
      const status = execution.status ?? "RUNNING";
      return {
        status: 200,
        body: {
          execution: {
            executionArn,
            stateMachine: machine,
            stateMachineArn: execution.stateMachineArn,
            name: execution.name,
            status,
            startDate: iso(execution.startDate),
            ...(execution.stopDate ? { stopDate: iso(execution.stopDate) } : {}),
            input: parseJson(execution.input),
            ...(execution.output !== undefined ? { output: parseJson(execution.output) } : {}),
            ...(execution.error ? { error: execution.error } : {}),
            ...(execution.cause ? { cause: execution.cause } : {}),
          },
          graph,
          ...analyseExecution(events, status, graph),
          events,
        },
      };
    },
  ),
});
