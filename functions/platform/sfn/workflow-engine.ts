// Adapter: Step Functions as the WorkflowEngine. Execution names make starts idempotent; task tokens resume callbacks.
// Every input carries `correlationId` (the request's or task's, else a new one): the ASL passes
// $$.Execution.Input.correlationId to each task, so an execution started without one would fail at its first task.
import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  ExecutionNotRedrivable,
  RedriveExecutionCommand,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  type SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
  TaskDoesNotExist,
  TaskTimedOut,
} from "@aws-sdk/client-sfn";
import { executionArnOf } from "../../catalog.ts";
import { currentCorrelationId, newCorrelationId } from "../context.ts";
import type {
  ExecutionControl,
  ExecutionControlOutcome,
  ExecutionStatus,
  WorkflowEngine,
} from "../ports/workflow-engine.ts";

/** The input as started: an object input gets the current correlation id unless it carries one already. */
export function withCorrelation(input: unknown): unknown {
  if (typeof input !== "object" || input === null || Array.isArray(input)) return input;
  const given = (input as { correlationId?: unknown }).correlationId;
  if (typeof given === "string" && given.length > 0) return input;
  return { ...input, correlationId: currentCorrelationId() ?? newCorrelationId() };
}

/** `arnOf(name)` gives the ARN of a state machine by its catalog name (from the environment). */
export function stepFunctionsEngine(
  client: SFNClient,
  arnOf: (stateMachine: string) => string,
): WorkflowEngine {
  const gone = (error: unknown) => error instanceof TaskDoesNotExist || error instanceof TaskTimedOut;
  return {
    async start(stateMachine, name, input) {
      const stateMachineArn = arnOf(stateMachine);
      try {
        const result = await client.send(
          new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(withCorrelation(input)) }),
        );
        return { executionArn: result.executionArn!, startedAt: result.startDate!.toISOString() };
      } catch (error) {
        // Same name, different input, or already finished: it was started before; report that execution.
        if (!(error instanceof ExecutionAlreadyExists)) throw error;
        const executionArn = executionArnOf(stateMachineArn, name);
        const existing = await client.send(new DescribeExecutionCommand({ executionArn }));
        return { executionArn, startedAt: existing.startDate!.toISOString() };
      }
    },
    async status(stateMachine, name) {
      try {
        const found = await client.send(
          new DescribeExecutionCommand({ executionArn: executionArnOf(arnOf(stateMachine), name) }),
        );
        return found.status as ExecutionStatus;
      } catch (error) {
        if (error instanceof ExecutionDoesNotExist) return undefined;
        throw error;
      }
    },
    async completeTask(taskToken, output) {
      try {
        await client.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output ?? {}) }));
        return true;
      } catch (error) {
        if (gone(error)) return false;
        throw error;
      }
    },
    async failTask(taskToken, error, cause) {
      try {
        await client.send(new SendTaskFailureCommand({ taskToken, error, cause }));
        return true;
      } catch (failure) {
        if (gone(failure)) return false;
        throw failure;
      }
    },
  };
}

/** Step Functions as the ExecutionControl: StopExecution and RedriveExecution, their refusals as outcomes. */
export function stepFunctionsControl(client: SFNClient): ExecutionControl {
  const refused = (error: unknown): ExecutionControlOutcome => {
    if (error instanceof ExecutionDoesNotExist || (error as Error).name === "InvalidArn")
      return { ok: false, reason: "not-found", message: (error as Error).message };
    if (error instanceof ExecutionNotRedrivable)
      return { ok: false, reason: "not-redrivable", message: error.message };
    throw error;
  };
  return {
    async stop(executionArn, error, cause) {
      try {
        const r = await client.send(new StopExecutionCommand({ executionArn, error, cause }));
        return { ok: true, at: r.stopDate!.toISOString() };
      } catch (e) {
        return refused(e);
      }
    },
    async redrive(executionArn, clientToken) {
      try {
        const r = await client.send(new RedriveExecutionCommand({ executionArn, clientToken }));
        return { ok: true, at: r.redriveDate!.toISOString() };
      } catch (e) {
        return refused(e);
      }
    },
  };
}
