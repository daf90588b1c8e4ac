// Workflow tests (tests/workflows): Step Functions API semantics of the local service (idempotent starts,
// listing and paging, StopExecution), Retry without wall-clock sleeps, Map/Parallel, refused definitions.
import {
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  InvalidName,
  ListExecutionsCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  StateMachineDoesNotExist,
  StopExecutionCommand,
  TaskTimedOut,
} from "@aws-sdk/client-sfn";
import { afterEach, beforeEach, expect, it } from "vitest";
import { ControllableClock } from "../../local/clock.ts";
import { startStepFunctionsService } from "../../local/stepfunctions/service.ts";
import {
  ACCOUNT,
  describe,
  type Harness,
  history,
  machine,
  REGION,
  smArn,
  startHarness,
  tempDir,
  tokenOf,
} from "./harness.ts";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

it("StartExecution is idempotent by name while running with the same input", async () => {
  const start = (input: string) =>
    h.client.send(new StartExecutionCommand({ stateMachineArn: smArn("wait"), name: "phase-1", input }));
  const a = await start('{"seconds":60}');
  const b = await start('{"seconds":60}');
  expect(b.executionArn).toBe(a.executionArn);
  expect(b.startDate?.getTime()).toBe(a.startDate?.getTime());
  await expect(start('{"seconds":61}')).rejects.toBeInstanceOf(ExecutionAlreadyExists);
  await h.service.advanceClock(60_000);
  expect((await describe(h.client, a.executionArn as string)).status).toBe("SUCCEEDED");
  await expect(start('{"seconds":60}')).rejects.toBeInstanceOf(ExecutionAlreadyExists);
  expect(h.service.stats().executions).toBe(1);
});

it("validates names, machines and ARNs like AWS", async () => {
  for (const name of ["", "a b", "x*", "semi;colon", "a".repeat(81), "tab\there", "ctl\u0001"]) {
    await expect(
      h.client.send(new StartExecutionCommand({ stateMachineArn: smArn("wait"), name })),
    ).rejects.toBeInstanceOf(InvalidName);
  }
  await h.client.send(
    new StartExecutionCommand({
      stateMachineArn: smArn("wait"),
      name: "项目-2026_ok.1",
      input: '{"seconds":1}',
    }),
  );
  await expect(
    h.client.send(new StartExecutionCommand({ stateMachineArn: smArn("nope") })),
  ).rejects.toBeInstanceOf(StateMachineDoesNotExist);
  await expect(
    describe(h.client, `${smArn("wait").replace("stateMachine", "execution")}:missing`),
  ).rejects.toBeInstanceOf(ExecutionDoesNotExist);
  await expect(
    h.client.send(new StartExecutionCommand({ stateMachineArn: smArn("wait"), input: "{bad" })),
  ).rejects.toMatchObject({
    name: "InvalidExecutionInput",
  });
});

it("ListExecutions filters by status and pages newest first", async () => {
  const arns: string[] = [];
  for (let i = 0; i < 5; i++) {
    const { executionArn } = await h.client.send(
      new StartExecutionCommand({
        stateMachineArn: smArn("wait"),
        name: `w-${i}`,
        input: JSON.stringify({ seconds: i < 2 ? 0 : 3600 }),
      }),
    );
    arns.push(executionArn as string);
    await h.service.advanceClock(1000); // distinct start dates
  }
  const page1 = await h.client.send(
    new ListExecutionsCommand({ stateMachineArn: smArn("wait"), maxResults: 2 }),
  );
  expect(page1.executions?.map((e) => e.name)).toEqual(["w-4", "w-3"]);
  const page2 = await h.client.send(
    new ListExecutionsCommand({ stateMachineArn: smArn("wait"), maxResults: 2, nextToken: page1.nextToken }),
  );
  expect(page2.executions?.map((e) => e.name)).toEqual(["w-2", "w-1"]);
  const page3 = await h.client.send(
    new ListExecutionsCommand({ stateMachineArn: smArn("wait"), maxResults: 2, nextToken: page2.nextToken }),
  );
  expect(page3.executions?.map((e) => e.name)).toEqual(["w-0"]);
  expect(page3.nextToken).toBeUndefined();
  const done = await h.client.send(
    new ListExecutionsCommand({ stateMachineArn: smArn("wait"), statusFilter: "SUCCEEDED" }),
  );
  expect(done.executions?.map((e) => e.name)).toEqual(["w-1", "w-0"]);
  expect(done.executions?.[0]?.stopDate).toBeInstanceOf(Date);
  const running = await h.client.send(
    new ListExecutionsCommand({ stateMachineArn: smArn("wait"), statusFilter: "RUNNING" }),
  );
  expect(running.executions).toHaveLength(3);
});

it("StopExecution aborts a waiting execution and its pending token is refused", async () => {
  const { executionArn } = await h.client.send(
    new StartExecutionCommand({ stateMachineArn: smArn("callback"), input: '{"id":"s-1"}' }),
  );
  await h.service.whenIdle();
  const token = await tokenOf(h.client, executionArn as string);
  const stop = await h.client.send(
    new StopExecutionCommand({ executionArn, error: "Programme.Cancelled", cause: "withdrawn" }),
  );
  expect(stop.stopDate).toBeInstanceOf(Date);
  const d = await describe(h.client, executionArn as string);
  expect(d).toMatchObject({ status: "ABORTED", error: "Programme.Cancelled", cause: "withdrawn" });
  expect((await history(h.client, executionArn as string)).at(-1)).toMatchObject({
    type: "ExecutionAborted",
    executionAbortedEventDetails: { error: "Programme.Cancelled", cause: "withdrawn" },
  });
  await expect(
    h.client.send(new SendTaskSuccessCommand({ taskToken: token, output: "{}" })),
  ).rejects.toBeInstanceOf(TaskTimedOut);
  await h.service.advanceClock(7200_000); // its timeout timer is gone too
  expect((await describe(h.client, executionArn as string)).status).toBe("ABORTED");
  expect(h.service.stats()).toMatchObject({ running: 0, pendingTasks: 0, pendingTimers: 0 });
});

it("Retry with a long backoff does not sleep in wall time", async () => {
  const wall = performance.now();
  const { executionArn } = await h.client.send(
    new StartExecutionCommand({ stateMachineArn: smArn("retry"), input: "{}" }),
  );
  await h.service.whenIdle();
  expect(performance.now() - wall).toBeLessThan(2000); // backoff would be 1 h + 2 h
  const d = await describe(h.client, executionArn as string);
  expect(d.status).toBe("SUCCEEDED");
  expect(JSON.parse(d.output as string)).toEqual({ attempts: 3 });
  const types = (await history(h.client, executionArn as string)).map((e) => e.type);
  expect(types.filter((t) => t === "LambdaFunctionFailed")).toHaveLength(2);
  expect(types.filter((t) => t === "LambdaFunctionScheduled")).toHaveLength(3);
});

it("runs Map (a Lambda per item) and Parallel", async () => {
  const { executionArn } = await h.client.send(
    new StartExecutionCommand({
      stateMachineArn: smArn("fanout"),
      input: JSON.stringify({ items: [1, 2, 3] }),
    }),
  );
  await h.service.whenIdle();
  const d = await describe(h.client, executionArn as string);
  expect(d.status).toBe("SUCCEEDED");
  expect(JSON.parse(d.output as string)).toEqual({
    items: [1, 2, 3],
    doubled: [
      { index: 0, doubled: 2 },
      { index: 1, doubled: 4 },
      { index: 2, doubled: 6 },
    ],
    branches: ["L", { sum: 3 }],
  });
  const types = (await history(h.client, executionArn as string)).map((e) => e.type);
  expect(types).toContain("MapStateEntered");
  expect(types).toContain("MapStateSucceeded");
  expect(types).toContain("ParallelStateExited");
  expect(types.filter((t) => t === "LambdaFunctionSucceeded")).toHaveLength(3);
});

it("refuses at load a definition with a callback task inside a Map", async () => {
  await expect(
    startStepFunctionsService({
      dataDir: tempDir("bad"),
      clock: new ControllableClock(),
      region: REGION,
      accountId: ACCOUNT,
      stateMachines: [machine("map-callback")],
      invokeFunction: async () => null,
    }),
  ).rejects.toThrow(/callback Task AwaitItem inside EachItem: .*must be top-level/);
});

it("runs many executions concurrently", async () => {
  const arns = await Promise.all(
    Array.from({ length: 50 }, (_, i) =>
      h.client
        .send(
          new StartExecutionCommand({
            stateMachineArn: smArn("basic"),
            input: JSON.stringify({ amountFen: i % 2 ? 150 : 20 }),
          }),
        )
        .then((r) => r.executionArn as string),
    ),
  );
  await h.service.whenIdle();
  const statuses = await Promise.all(arns.map(async (arn) => (await describe(h.client, arn)).status));
  expect(statuses.filter((s) => s === "SUCCEEDED")).toHaveLength(25);
  expect(statuses.filter((s) => s === "FAILED")).toHaveLength(25);
});
