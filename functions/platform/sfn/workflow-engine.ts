// Adapter: Step Functions as the WorkflowEngine. Execution names make starts idempotent; task tokens resume callbacks.
// Every input carries `correlationId` (the request's or task's, else a new one): the ASL passes
// $$.Execution.Input.correlationId to each task, so an execution started without one would fail at its first task.
import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  type SFNClient,
  StartExecutionCommand,
  TaskDoesNotExist,
  TaskTimedOut,
} from "@aws-sdk/client-sfn";
import { unqualifiedStateMachineArn } from "../../catalog.ts";
import { currentCorrelationId, newCorrelationId } from "../context.ts";
import type { WorkflowEngine } from "../ports/workflow-engine.ts";

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
        // Execution ARNs name the machine, never the alias or version it was started through.
        const executionArn = `${unqualifiedStateMachineArn(stateMachineArn).replace(":stateMachine:", ":execution:")}:${name}`;
        const existing = await client.send(new DescribeExecutionCommand({ executionArn }));
        return { executionArn, startedAt: existing.startDate!.toISOString() };
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
