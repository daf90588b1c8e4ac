// Workflow tests (tests/workflows): Pass/Choice/Task paths through the local Step Functions service over HTTP,
// asserted on DescribeExecution and the AWS-shaped execution history.
import {
  DescribeStateMachineCommand,
  ListStateMachinesCommand,
  StartExecutionCommand,
} from "@aws-sdk/client-sfn";
import { afterEach, beforeEach, expect, describe as group, it } from "vitest";
import { describe, type Harness, history, smArn, startHarness } from "./harness.ts";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

group("Pass / Task / Choice path", () => {
  it("succeeds on the accepted path with the history in AWS shape", async () => {
    const { executionArn, startDate } = await h.client.send(
      new StartExecutionCommand({
        stateMachineArn: smArn("basic"),
        name: "demand-1",
        input: JSON.stringify({ amountFen: 150 }),
      }),
    );
    expect(executionArn).toBe("arn:aws:states:cn-north-1:123456789012:execution:basic:demand-1");
    expect(startDate).toBeInstanceOf(Date);
    await h.service.whenIdle();

    const d = await describe(h.client, executionArn as string);
    expect(d.status).toBe("SUCCEEDED");
    expect(JSON.parse(d.output as string)).toEqual({
      amountFen: 150,
      execution: "demand-1",
      result: { score: 80 },
    });
    expect(d.stopDate).toBeInstanceOf(Date);

    const events = await history(h.client, executionArn as string);
    expect(events.map((e) => e.type)).toEqual([
      "ExecutionStarted",
      "PassStateEntered",
      "PassStateExited",
      "TaskStateEntered",
      "TaskScheduled",
      "TaskStarted",
      "TaskSucceeded",
      "TaskStateExited",
      "ChoiceStateEntered",
      "ChoiceStateExited",
      "SucceedStateEntered",
      "SucceedStateExited",
      "ExecutionSucceeded",
    ]);
    expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
    expect(events[1]?.previousEventId).toBe(1);
    expect(events[0]?.timestamp).toBeInstanceOf(Date);
    expect(events[0]?.executionStartedEventDetails?.input).toBe('{"amountFen":150}');
    expect(events[1]?.stateEnteredEventDetails).toMatchObject({
      name: "Prepare",
      input: '{"amountFen":150}',
    });
    expect(events[4]?.taskScheduledEventDetails).toMatchObject({
      resourceType: "lambda",
      resource: "invoke",
      region: "cn-north-1",
    });
    expect(JSON.parse(events[4]?.taskScheduledEventDetails?.parameters as string)).toEqual({
      FunctionName: "arn:aws:lambda:cn-north-1:123456789012:function:score",
      Payload: { amountFen: 150 },
    });
    const succeeded = JSON.parse(events[6]?.taskSucceededEventDetails?.output as string);
    expect(succeeded).toMatchObject({ Payload: { score: 80 }, StatusCode: 200, ExecutedVersion: "$LATEST" });
    expect(events[7]?.stateExitedEventDetails?.name).toBe("Score");
    expect(h.calls).toEqual([
      { fn: "arn:aws:lambda:cn-north-1:123456789012:function:score", payload: { amountFen: 150 } },
    ]);
  });

  it("fails through the Fail state with its error and cause", async () => {
    const { executionArn } = await h.client.send(
      new StartExecutionCommand({
        stateMachineArn: smArn("basic"),
        input: JSON.stringify({ amountFen: 20 }),
      }),
    );
    await h.service.whenIdle();
    const d = await describe(h.client, executionArn as string);
    expect(d.status).toBe("FAILED");
    expect(d.error).toBe("Score.TooLow");
    expect(d.cause).toBe("score below 50");
    const events = await history(h.client, executionArn as string);
    expect(events.slice(-3).map((e) => e.type)).toEqual([
      "ChoiceStateExited",
      "FailStateEntered",
      "ExecutionFailed",
    ]);
    expect(events.at(-1)?.executionFailedEventDetails).toEqual({
      error: "Score.TooLow",
      cause: "score below 50",
    });
  });

  it("pages history in reverse order and can leave out execution data", async () => {
    const { executionArn } = await h.client.send(
      new StartExecutionCommand({ stateMachineArn: smArn("basic"), input: '{"amountFen":150}' }),
    );
    await h.service.whenIdle();
    const { GetExecutionHistoryCommand } = await import("@aws-sdk/client-sfn");
    const first = await h.client.send(
      new GetExecutionHistoryCommand({
        executionArn,
        reverseOrder: true,
        maxResults: 2,
        includeExecutionData: false,
      }),
    );
    expect(first.events?.map((e) => e.type)).toEqual(["ExecutionSucceeded", "SucceedStateExited"]);
    expect(first.events?.[0]?.executionSucceededEventDetails?.output).toBeUndefined();
    expect(first.nextToken).toBeTruthy();
    const second = await h.client.send(
      new GetExecutionHistoryCommand({
        executionArn,
        reverseOrder: true,
        maxResults: 2,
        nextToken: first.nextToken,
      }),
    );
    expect(second.events?.map((e) => e.id)).toEqual([11, 10]);
  });

  it("lists and describes the state machines", async () => {
    const list = await h.client.send(new ListStateMachinesCommand({}));
    expect(list.stateMachines?.map((m) => m.name)).toContain("callback");
    const d = await h.client.send(new DescribeStateMachineCommand({ stateMachineArn: smArn("basic") }));
    expect(d.status).toBe("ACTIVE");
    expect(JSON.parse(d.definition as string).StartAt).toBe("Prepare");
  });
});
