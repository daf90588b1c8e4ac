// Adapter: Step Functions as the WorkflowEngine. Execution names make starts idempotent; task tokens resume callbacks.
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
import type { WorkflowEngine } from "../../ports/workflow-engine.ts";

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
          new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(input) }),
        );
        return { executionArn: result.executionArn!, startedAt: result.startDate!.toISOString() };
      } catch (error) {
        // Same name, different input, or already finished: it was started before; report that execution.
        if (!(error instanceof ExecutionAlreadyExists)) throw error;
        const executionArn = `${stateMachineArn.replace(":stateMachine:", ":execution:")}:${name}`;
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
