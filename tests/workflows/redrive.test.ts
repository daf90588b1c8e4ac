// Workflow tests (tests/workflows): the local service's RedriveExecution, DescribeStateMachineForExecution and
// ValidateStateMachineDefinition, and the requests it refuses as AWS does (InvalidArn, ValidationException), each
// through @aws-sdk/client-sfn on loopback.
import {
  DescribeStateMachineForExecutionCommand,
  ExecutionDoesNotExist,
  ExecutionNotRedrivable,
  InvalidArn,
  ListExecutionsCommand,
  RedriveExecutionCommand,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  StopExecutionCommand,
  ValidateStateMachineDefinitionCommand,
  ValidationException,
} from "@aws-sdk/client-sfn";
import { afterEach, beforeEach, expect, describe as group, it } from "vitest";
import {
  type Call,
  DAY_MS,
  describe,
  type Harness,
  history,
  smArn,
  startHarness,
  tokenOf,
} from "./harness.ts";

const fn = (name: string): string => `arn:aws:lambda:cn-north-1:123456789012:function:${name}`;

/** Prepare (a Lambda) → Approve (a callback) → Pay (a Lambda that fails while `payFails`) → Recorded. */
const PIPELINE = {
  StartAt: "Prepare",
  States: {
    Prepare: {
      Type: "Task",
      Resource: "arn:aws:states:::lambda:invoke",
      Parameters: { FunctionName: fn("prepare"), "Payload.$": "$" },
      ResultSelector: { "prepared.$": "$.Payload.prepared" },
      ResultPath: "$.prep",
      Next: "Approve",
    },
    Approve: {
      Type: "Task",
      Resource: "arn:aws:states:::lambda:invoke.waitForTaskToken",
      Parameters: { FunctionName: fn("park"), Payload: { "taskToken.$": "$$.Task.Token" } },
      ResultPath: "$.approval",
      Next: "Pay",
    },
    Pay: {
      Type: "Task",
      Resource: "arn:aws:states:::lambda:invoke",
      Parameters: { FunctionName: fn("pay"), "Payload.$": "$" },
      ResultSelector: { "paidFen.$": "$.Payload.paidFen", "redrives.$": "$$.Execution.RedriveCount" },
      ResultPath: "$.payment",
      Next: "Recorded",
    },
    Recorded: { Type: "Pass", End: true },
  },
};
const TIMED = { ...PIPELINE, TimeoutSeconds: 3600 };

let h: Harness;
let payFails = true;
let calls: Call[] = [];
const invoke = async (arn: string, payload: unknown): Promise<unknown> => {
  const name = arn.split(":")[6] as string;
  calls.push({ fn: name, payload });
  if (name === "prepare") return { prepared: true };
  if (name === "park") return { parked: true };
  if (name === "pay") {
    if (payFails) {
      const e = new Error("treasury unavailable");
      e.name = "Treasury.Unavailable";
      throw e;
    }
    return { paidFen: 1_234_56 };
  }
  throw new Error(`no function ${arn}`);
};
const start = async (h: Harness, machine = "pipeline", name = "p-1"): Promise<string> => {
  const { executionArn } = await h.client.send(
    new StartExecutionCommand({ stateMachineArn: smArn(machine), name, input: '{"projectId":"P1"}' }),
  );
  await h.service.whenIdle();
  return executionArn as string;
};
const approve = async (h: Harness, arn: string): Promise<void> => {
  const taskToken = await tokenOf(h.client, arn);
  await h.client.send(new SendTaskSuccessCommand({ taskToken, output: '{"approved":true}' }));
  await h.service.whenIdle();
};
const redrive = (h: Harness, executionArn: string, clientToken?: string) =>
  h.client.send(new RedriveExecutionCommand({ executionArn, clientToken }));
const harness = (dataDir?: string): Promise<Harness> =>
  startHarness({
    invokeFunction: invoke,
    stateMachines: [
      { name: "pipeline", arn: smArn("pipeline"), definition: PIPELINE },
      { name: "timed", arn: smArn("timed"), definition: TIMED },
    ],
    ...(dataDir ? { dataDir } : {}),
  });

beforeEach(async () => {
  payFails = true;
  calls = [];
  h = await harness();
});
afterEach(async () => {
  await h.close();
});

group("RedriveExecution", () => {
  it("resumes a FAILED execution at the failed state under the same ARN; succeeded steps are not re-run", async () => {
    const arn = await start(h);
    await approve(h, arn);
    const failed = await describe(h.client, arn);
    expect(failed.status).toBe("FAILED");
    expect(failed.error).toBe("Treasury.Unavailable");
    expect(failed.redriveCount).toBe(0);
    expect(failed.redriveStatus).toBe("REDRIVABLE");

    payFails = false;
    await h.service.advanceClock(3_600_000);
    const { redriveDate } = await redrive(h, arn);
    await h.service.whenIdle();
    const d = await describe(h.client, arn);
    expect(d.executionArn).toBe(arn);
    expect(d.status).toBe("SUCCEEDED");
    expect(d.redriveCount).toBe(1);
    expect(d.redriveDate?.getTime()).toBe(redriveDate?.getTime());
    expect(d.redriveStatus).toBe("NOT_REDRIVABLE");
    expect(d.redriveStatusReason).toBe("Execution is SUCCEEDED and cannot be redriven");
    expect(JSON.parse(d.output as string)).toMatchObject({
      projectId: "P1",
      prep: { prepared: true },
      approval: { approved: true },
      payment: { paidFen: 123_456, redrives: 1 },
    });
    // Prepare and Approve ran once; Pay twice (the failure, then the redrive).
    expect(calls.map((c) => c.fn)).toEqual(["prepare", "park", "pay", "pay"]);
    const types = (await history(h.client, arn)).map((e) => e.type);
    const failedAt = types.indexOf("ExecutionFailed");
    expect(types.slice(failedAt, failedAt + 3)).toEqual([
      "ExecutionFailed",
      "ExecutionRedriven",
      "TaskStateEntered",
    ]);
    const events = await history(h.client, arn);
    expect(events[failedAt + 1]?.executionRedrivenEventDetails?.redriveCount).toBe(1);
    expect(events[failedAt + 2]?.stateEnteredEventDetails?.name).toBe("Pay");
    const listed = await h.client.send(
      new ListExecutionsCommand({ stateMachineArn: smArn("pipeline"), redriveFilter: "REDRIVEN" }),
    );
    expect(listed.executions?.map((e) => [e.executionArn, e.redriveCount])).toEqual([[arn, 1]]);
    const notRedriven = await h.client.send(
      new ListExecutionsCommand({ stateMachineArn: smArn("pipeline"), redriveFilter: "NOT_REDRIVEN" }),
    );
    expect(notRedriven.executions).toEqual([]);
  });

  it("refuses a RUNNING or SUCCEEDED execution and one stopped more than 14 days ago (ExecutionNotRedrivable)", async () => {
    const arn = await start(h);
    await expect(redrive(h, arn)).rejects.toBeInstanceOf(ExecutionNotRedrivable);
    expect((await describe(h.client, arn)).redriveStatusReason).toBe(
      "Execution is RUNNING and cannot be redriven",
    );
    await approve(h, arn);
    expect((await describe(h.client, arn)).status).toBe("FAILED");
    await h.service.advanceClock(14 * DAY_MS + 1000);
    await expect(redrive(h, arn)).rejects.toBeInstanceOf(ExecutionNotRedrivable);
    const d = await describe(h.client, arn);
    expect(d.redriveStatus).toBe("NOT_REDRIVABLE");
    expect(d.redriveStatusReason).toBe("Execution redrivable period exceeded");
    expect(d.status).toBe("FAILED");

    payFails = false;
    const ok = await start(h, "pipeline", "p-2");
    await approve(h, ok);
    expect((await describe(h.client, ok)).status).toBe("SUCCEEDED");
    await expect(redrive(h, ok)).rejects.toBeInstanceOf(ExecutionNotRedrivable);
  });

  it("one client token is one redrive: asked twice, the same redrive date and a count of 1", async () => {
    const arn = await start(h);
    await approve(h, arn);
    const first = await redrive(h, arn, "console-click-1");
    await h.service.whenIdle();
    expect((await describe(h.client, arn)).status).toBe("FAILED"); // the treasury still fails
    const again = await redrive(h, arn, "console-click-1");
    expect(again.redriveDate?.getTime()).toBe(first.redriveDate?.getTime());
    expect((await describe(h.client, arn)).redriveCount).toBe(1);
    await redrive(h, arn, "console-click-2");
    await h.service.whenIdle();
    expect((await describe(h.client, arn)).redriveCount).toBe(2);
    expect(calls.filter((c) => c.fn === "pay")).toHaveLength(3);
  });

  it("redrives an ABORTED execution parked on a callback: a new token; the old one is refused", async () => {
    const arn = await start(h);
    const oldToken = await tokenOf(h.client, arn);
    await h.client.send(new StopExecutionCommand({ executionArn: arn, error: "Admin.Stopped" }));
    expect((await describe(h.client, arn)).status).toBe("ABORTED");
    await redrive(h, arn);
    await h.service.whenIdle();
    expect((await describe(h.client, arn)).status).toBe("RUNNING");
    const newToken = await tokenOf(h.client, arn);
    expect(newToken).not.toBe(oldToken);
    await expect(
      h.client.send(new SendTaskSuccessCommand({ taskToken: oldToken, output: "{}" })),
    ).rejects.toMatchObject({ name: "TaskTimedOut" });
    payFails = false;
    await approve(h, arn);
    expect((await describe(h.client, arn)).status).toBe("SUCCEEDED");
    expect(calls.map((c) => c.fn)).toEqual(["prepare", "park", "park", "pay"]);
  });

  it("redrives a TIMED_OUT execution: the machine's TimeoutSeconds counts again from the redrive", async () => {
    const arn = await start(h, "timed", "t-1");
    await h.service.advanceClock(3_600_000);
    expect((await describe(h.client, arn)).status).toBe("TIMED_OUT");
    await redrive(h, arn);
    await h.service.whenIdle();
    expect((await describe(h.client, arn)).status).toBe("RUNNING");
    await h.service.advanceClock(3_599_000);
    expect((await describe(h.client, arn)).status).toBe("RUNNING");
    await h.service.advanceClock(1000);
    expect((await describe(h.client, arn)).status).toBe("TIMED_OUT");
  });

  it("a redrive survives a restart of the service (journaled) and the execution finishes after it", async () => {
    const arn = await start(h);
    await h.client.send(new StopExecutionCommand({ executionArn: arn }));
    await redrive(h, arn);
    await h.service.whenIdle();
    const dataDir = h.dataDir;
    await h.close();
    h = await harness(dataDir);
    const d = await describe(h.client, arn);
    expect(d.status).toBe("RUNNING");
    expect(d.redriveCount).toBe(1);
    payFails = false;
    await approve(h, arn);
    expect((await describe(h.client, arn)).status).toBe("SUCCEEDED");
  });
});

it("DescribeStateMachineForExecution gives the machine an execution runs; a malformed ARN is InvalidArn", async () => {
  const arn = await start(h);
  const m = await h.client.send(new DescribeStateMachineForExecutionCommand({ executionArn: arn }));
  expect(m.stateMachineArn).toBe(smArn("pipeline"));
  expect(m.name).toBe("pipeline");
  expect(JSON.parse(m.definition as string)).toEqual(PIPELINE);
  for (const bad of ["not-an-arn", "arn:nope", smArn("pipeline"), `${arn}:extra:parts`]) {
    await expect(
      h.client.send(new DescribeStateMachineForExecutionCommand({ executionArn: bad })),
    ).rejects.toBeInstanceOf(InvalidArn);
    await expect(describe(h.client, bad)).rejects.toBeInstanceOf(InvalidArn);
    await expect(redrive(h, bad)).rejects.toBeInstanceOf(InvalidArn);
  }
  await expect(
    h.client.send(
      new DescribeStateMachineForExecutionCommand({ executionArn: arn.replace(":p-1", ":missing") }),
    ),
  ).rejects.toBeInstanceOf(ExecutionDoesNotExist);
  await expect(h.client.send(new ListExecutionsCommand({ stateMachineArn: arn }))).rejects.toBeInstanceOf(
    InvalidArn,
  );
});

it("ValidateStateMachineDefinition: OK, malformed ASL's diagnostics, invalid JSON, local-only limits as warnings", async () => {
  const validate = (definition: string, maxResults?: number) =>
    h.client.send(new ValidateStateMachineDefinitionCommand({ definition, maxResults }));
  const ok = await validate(JSON.stringify(PIPELINE));
  expect(ok.result).toBe("OK");
  expect(ok.diagnostics).toEqual([]);
  const dangling = await validate(
    JSON.stringify({ StartAt: "A", States: { A: { Type: "Pass", Next: "Missing" } } }),
  );
  expect(dangling.result).toBe("FAIL");
  expect(dangling.diagnostics?.map((d) => [d.severity, d.code])).toContainEqual([
    "ERROR",
    "MISSING_TRANSITION_TARGET",
  ]);
  const badType = await validate(
    JSON.stringify({ StartAt: "A", States: { A: { Type: "Bogus", End: true } } }),
  );
  expect(badType.result).toBe("FAIL");
  expect(badType.diagnostics?.[0]).toMatchObject({
    code: "SCHEMA_VALIDATION_FAILED",
    location: "/States/A/Type",
  });
  const oneOnly = await validate(
    JSON.stringify({ StartAt: "A", States: { A: { Type: "Pass", Next: "Missing" } } }),
    1,
  );
  expect(oneOnly.diagnostics).toHaveLength(1);
  expect(oneOnly.truncated).toBe(true);
  const json = await validate("{ not json");
  expect(json.result).toBe("FAIL");
  expect(json.diagnostics?.[0]?.code).toBe("INVALID_JSON_DESCRIPTION");
  const { Next: _next, ...ask } = structuredClone(PIPELINE.States.Approve);
  const callbackInMap = {
    StartAt: "Each",
    States: {
      Each: {
        Type: "Map",
        ItemProcessor: { StartAt: "Ask", States: { Ask: { ...ask, End: true } } },
        End: true,
      },
    },
  };
  const local = await validate(JSON.stringify(callbackInMap));
  expect(local.result).toBe("OK");
  expect(local.diagnostics?.map((d) => [d.severity, d.code])).toEqual([
    ["WARNING", "UNSUPPORTED_BY_LOCAL_ENGINE"],
  ]);
  await expect(validate(JSON.stringify(PIPELINE), 101)).rejects.toBeInstanceOf(ValidationException);
});

it("ListExecutions refuses an unknown statusFilter and maxResults over 1000 (ValidationException)", async () => {
  await start(h);
  const list = (input: Record<string, unknown>) =>
    h.client.send(new ListExecutionsCommand({ stateMachineArn: smArn("pipeline"), ...input }));
  await expect(list({ statusFilter: "PAUSED" })).rejects.toBeInstanceOf(ValidationException);
  await expect(list({ redriveFilter: "SOMETIMES" })).rejects.toBeInstanceOf(ValidationException);
  await expect(list({ maxResults: 1001 })).rejects.toBeInstanceOf(ValidationException);
  await expect(list({ maxResults: -1 })).rejects.toBeInstanceOf(ValidationException);
  expect((await list({ maxResults: 1000, statusFilter: "RUNNING" })).executions).toHaveLength(1);
  expect((await list({ statusFilter: "PENDING_REDRIVE" })).executions).toEqual([]);
});

it("refuses a SendTaskFailure cause over 32,768 and a StopExecution error over 256 characters", async () => {
  const arn = await start(h);
  const taskToken = await tokenOf(h.client, arn);
  await expect(
    h.client.send(new SendTaskFailureCommand({ taskToken, error: "E", cause: "c".repeat(32_769) })),
  ).rejects.toBeInstanceOf(ValidationException);
  await expect(
    h.client.send(new SendTaskFailureCommand({ taskToken, error: "e".repeat(257) })),
  ).rejects.toBeInstanceOf(ValidationException);
  await expect(
    h.client.send(new StopExecutionCommand({ executionArn: arn, error: "e".repeat(257) })),
  ).rejects.toBeInstanceOf(ValidationException);
  await expect(
    h.client.send(new StopExecutionCommand({ executionArn: arn, cause: "c".repeat(32_769) })),
  ).rejects.toBeInstanceOf(ValidationException);
  expect((await describe(h.client, arn)).status).toBe("RUNNING"); // nothing refused was applied
  await h.client.send(new SendTaskFailureCommand({ taskToken, error: "E", cause: "c".repeat(32_768) }));
  await h.service.whenIdle();
  const d = await describe(h.client, arn);
  expect(d.status).toBe("FAILED");
  expect(d.cause).toHaveLength(32_768);
});
