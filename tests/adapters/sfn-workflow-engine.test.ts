// Adapter unit tests (aws-sdk-client-mock): the Step Functions WorkflowEngine's idempotent start and callbacks.
import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  TaskDoesNotExist,
  TaskTimedOut,
} from "@aws-sdk/client-sfn";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { withCorrelationId } from "../../functions/platform/context.ts";
import { stepFunctionsEngine } from "../../functions/platform/sfn/workflow-engine.ts";

const sfn = mockClient(SFNClient);
const arn = "arn:aws:states:us-east-1:123456789012:stateMachine:jiebang-demand-intake";
const engine = stepFunctionsEngine(new SFNClient({ region: "us-east-1" }), () => arn);

beforeEach(() => sfn.reset());

describe("stepFunctionsEngine", () => {
  it("starts under the given name with JSON input", async () => {
    sfn
      .on(StartExecutionCommand)
      .resolves({ executionArn: `${arn}:x`, startDate: new Date("2026-01-01T00:00:00Z") });
    // The input carries the current correlation id (the ASL passes it to every task).
    const started = await withCorrelationId("corr-1", () =>
      engine.start("demand-intake", "dmd-1", { demandId: "dmd-1" }),
    );
    expect(started).toEqual({ executionArn: `${arn}:x`, startedAt: "2026-01-01T00:00:00.000Z" });
    expect(sfn.commandCalls(StartExecutionCommand)[0]!.args[0].input).toEqual({
      stateMachineArn: arn,
      name: "dmd-1",
      input: '{"demandId":"dmd-1","correlationId":"corr-1"}',
    });
  });

  it("treats ExecutionAlreadyExists as 'started before' and reports that execution", async () => {
    sfn.on(StartExecutionCommand).rejects(new ExecutionAlreadyExists({ message: "exists", $metadata: {} }));
    sfn.on(DescribeExecutionCommand).resolves({ startDate: new Date("2026-02-02T00:00:00Z") });
    const started = await engine.start("demand-intake", "dmd-2", {});
    expect(started.executionArn).toBe(
      "arn:aws:states:us-east-1:123456789012:execution:jiebang-demand-intake:dmd-2",
    );
    expect(sfn.commandCalls(DescribeExecutionCommand)[0]!.args[0].input.executionArn).toBe(
      started.executionArn,
    );
  });

  it("status describes the execution by its name under the machine (not its alias); none when it does not exist", async () => {
    const aliased = stepFunctionsEngine(new SFNClient({ region: "us-east-1" }), () => `${arn}:live`);
    sfn
      .on(DescribeExecutionCommand)
      .resolvesOnce({ status: "FAILED" })
      .rejectsOnce(new ExecutionDoesNotExist({ message: "none", $metadata: {} }))
      .rejectsOnce(new Error("throttled"));
    expect(await aliased.status("demand-intake", "dmd-3")).toBe("FAILED");
    expect(sfn.commandCalls(DescribeExecutionCommand)[0]!.args[0].input.executionArn).toBe(
      "arn:aws:states:us-east-1:123456789012:execution:jiebang-demand-intake:dmd-3",
    );
    expect(await aliased.status("demand-intake", "dmd-4")).toBeUndefined();
    await expect(aliased.status("demand-intake", "dmd-5")).rejects.toThrow("throttled");
  });

  it("completeTask is false for a token that no longer waits, and rethrows anything else", async () => {
    sfn
      .on(SendTaskSuccessCommand)
      .resolvesOnce({})
      .rejectsOnce(new TaskDoesNotExist({ message: "gone", $metadata: {} }))
      .rejectsOnce(new TaskTimedOut({ message: "late", $metadata: {} }))
      .rejectsOnce(new Error("network"));
    expect(await engine.completeTask("t1", { a: 1 })).toBe(true);
    expect(await engine.completeTask("t1", { a: 1 })).toBe(false);
    expect(await engine.completeTask("t1", { a: 1 })).toBe(false);
    await expect(engine.completeTask("t1", {})).rejects.toThrow("network");
  });
});
