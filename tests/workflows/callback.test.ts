// Workflow tests (tests/workflows): callback tasks (.waitForTaskToken) of the local Step Functions service:
// the token reaches the function, SendTaskSuccess/Failure resume, the timeout fires on the virtual clock, Retry
// counts failures across resumptions (also one sent while the function runs); a token takes one answer.
import {
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  type SFNClient,
  StartExecutionCommand,
  TaskTimedOut,
} from "@aws-sdk/client-sfn";
import { afterEach, beforeEach, expect, describe as group, it } from "vitest";
import { describe, type Harness, history, ms, smArn, startHarness, tokenOf } from "./harness.ts";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

async function startWaiting(id: string): Promise<{ arn: string; token: string }> {
  const { executionArn } = await h.client.send(
    new StartExecutionCommand({
      stateMachineArn: smArn("callback"),
      name: id,
      input: JSON.stringify({ id }),
    }),
  );
  await h.service.whenIdle();
  const arn = executionArn as string;
  expect((await describe(h.client, arn)).status).toBe("RUNNING");
  return { arn, token: await tokenOf(h.client, arn) };
}

it("waits, hands the token to the function, resumes on SendTaskSuccess with ResultPath applied", async () => {
  const { arn, token } = await startWaiting("c-1");
  expect(h.calls).toHaveLength(1);
  const payload = h.calls[0]?.payload as Record<string, unknown>;
  expect(payload.taskToken).toBe(token);
  expect(payload.executionArn).toBe(arn);
  expect(payload.input).toEqual({ id: "c-1" }); // $$.Execution.Input is the execution's input
  expect(h.service.stats()).toMatchObject({ running: 1, pendingTasks: 1 });
  expect((await history(h.client, arn)).map((e) => e.type)).toEqual([
    "ExecutionStarted",
    "TaskStateEntered",
    "TaskScheduled",
    "TaskStarted",
    "TaskSubmitted",
  ]);

  await h.client.send(new SendTaskHeartbeatCommand({ taskToken: token }));
  await h.client.send(
    new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify({ verdict: "approved" }) }),
  );
  await h.service.whenIdle();
  const d = await describe(h.client, arn);
  expect(d.status).toBe("SUCCEEDED");
  expect(JSON.parse(d.output as string)).toEqual({ id: "c-1", decision: { verdict: "approved" } });
  const types = (await history(h.client, arn)).map((e) => e.type);
  expect(types.slice(4)).toEqual([
    "TaskSubmitted",
    "TaskSucceeded",
    "TaskStateExited",
    "PassStateEntered",
    "PassStateExited",
    "ExecutionSucceeded",
  ]);
  expect(h.calls).toHaveLength(1); // resuming does not invoke the function again

  // the same token a second time is refused
  await expect(
    h.client.send(new SendTaskSuccessCommand({ taskToken: token, output: "{}" })),
  ).rejects.toBeInstanceOf(TaskTimedOut);
  expect(h.service.stats()).toMatchObject({ running: 0, pendingTasks: 0 });
});

it("SendTaskFailure goes to the Catch with the error and cause", async () => {
  const { arn, token } = await startWaiting("c-2");
  await h.client.send(
    new SendTaskFailureCommand({ taskToken: token, error: "Review.Rejected", cause: "incomplete dossier" }),
  );
  await h.service.whenIdle();
  const d = await describe(h.client, arn);
  expect(d.status).toBe("SUCCEEDED");
  expect(JSON.parse(d.output as string)).toEqual({
    id: "c-2",
    failure: { Error: "Review.Rejected", Cause: "incomplete dossier" },
    outcome: "refused",
  });
  const failed = (await history(h.client, arn)).find((e) => e.type === "TaskFailed");
  expect(failed?.taskFailedEventDetails).toMatchObject({
    error: "Review.Rejected",
    cause: "incomplete dossier",
  });
});

it("times out on the virtual clock (TimeoutSeconds) into the States.Timeout catch; a late success is refused", async () => {
  const { arn, token } = await startWaiting("c-3");
  const before = h.clock.now();
  await h.service.advanceClock(3599_000);
  expect((await describe(h.client, arn)).status).toBe("RUNNING");
  await h.service.advanceClock(2_000);
  const d = await describe(h.client, arn);
  expect(d.status).toBe("SUCCEEDED");
  expect(JSON.parse(d.output as string)).toMatchObject({
    outcome: "overdue",
    timeout: { Error: "States.Timeout" },
  });
  const events = await history(h.client, arn);
  const timedOut = events.find((e) => e.type === "TaskTimedOut");
  expect(timedOut?.taskTimedOutEventDetails?.error).toBe("States.Timeout");
  // fired at its due time: 3600 s after scheduling, whatever the wall clock did
  const scheduled = ms(events.find((e) => e.type === "TaskScheduled"));
  const elapsed = ms(timedOut) - scheduled;
  expect(elapsed).toBeGreaterThanOrEqual(3600_000);
  expect(elapsed).toBeLessThan(3600_000 + 1000);
  expect(scheduled).toBeLessThan(before + 1000);
  await expect(
    h.client.send(new SendTaskSuccessCommand({ taskToken: token, output: "{}" })),
  ).rejects.toBeInstanceOf(TaskTimedOut);
});

it("refuses malformed tokens and invalid output", async () => {
  const { token } = await startWaiting("c-4");
  await expect(
    h.client.send(new SendTaskSuccessCommand({ taskToken: "not-a-token", output: "{}" })),
  ).rejects.toMatchObject({
    name: "InvalidToken",
  });
  await expect(
    h.client.send(new SendTaskSuccessCommand({ taskToken: token, output: "{oops" })),
  ).rejects.toMatchObject({
    name: "InvalidOutput",
  });
  await expect(
    h.client.send(
      new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify({ b: "x".repeat(300_000) }) }),
    ),
  ).rejects.toMatchObject({ name: "InvalidOutput" });
});

it("a success sent while the parking function is still running is applied once the function returns", async () => {
  let release: () => void = () => {};
  const tokens: string[] = [];
  const racing = await startHarness({
    invokeFunction: async (_fn, payload) => {
      tokens.push((payload as { taskToken: string }).taskToken);
      await new Promise<void>((r) => {
        release = r;
      });
      return { parked: true };
    },
  });
  try {
    const { executionArn } = await racing.client.send(
      new StartExecutionCommand({ stateMachineArn: smArn("callback"), input: '{"id":"r-1"}' }),
    );
    for (let i = 0; i < 1000 && tokens.length === 0; i++) await new Promise((r) => setImmediate(r));
    await racing.client.send(
      new SendTaskSuccessCommand({ taskToken: tokens[0] as string, output: '"early"' }),
    );
    await expect(
      racing.client.send(new SendTaskSuccessCommand({ taskToken: tokens[0] as string, output: '"again"' })),
    ).rejects.toBeInstanceOf(TaskTimedOut);
    release();
    await racing.service.whenIdle();
    const d = await describe(racing.client, executionArn as string);
    expect(d.status).toBe("SUCCEEDED");
    expect(JSON.parse(d.output as string)).toEqual({ id: "r-1", decision: "early" });
  } finally {
    await racing.close();
  }
});

group("a callback task's Retry", () => {
  async function startConfirming(id: string): Promise<string> {
    const { executionArn } = await h.client.send(
      new StartExecutionCommand({
        stateMachineArn: smArn("callback-retry"),
        name: id,
        input: JSON.stringify({ id }),
      }),
    );
    await h.service.whenIdle();
    return executionArn as string;
  }
  const fail = async (arn: string, error: string): Promise<void> => {
    const taskToken = await tokenOf(h.client, arn);
    await h.client.send(new SendTaskFailureCommand({ taskToken, error, cause: "scripted" }));
    await h.service.whenIdle();
  };

  it("counts failures and timeouts across resumptions: spent after MaxAttempts, then caught", async () => {
    const arn = await startConfirming("r-1");
    await fail(arn, "Remote.Failed");
    await h.service.advanceClock(600_000); // States.Timeout: the same retrier
    expect((await describe(h.client, arn)).status).toBe("RUNNING");
    await fail(arn, "Remote.Failed"); // the retrier's 2 retries are spent: caught
    const d = await describe(h.client, arn);
    expect(d.status).toBe("SUCCEEDED");
    expect(JSON.parse(d.output as string)).toMatchObject({ error: { Error: "Remote.Failed" } });
    expect(h.calls).toHaveLength(3); // 1 + MaxAttempts 2, a new token each time
    expect(new Set(h.calls.map((c) => (c.payload as { taskToken: string }).taskToken)).size).toBe(3);
    const types = (await history(h.client, arn)).map((e) => e.type);
    expect(types.filter((t) => t === "TaskScheduled")).toHaveLength(3);
    expect(types.filter((t) => t?.endsWith("StateEntered"))).toEqual([
      "TaskStateEntered",
      "PassStateEntered",
    ]);
  });

  it("counts a failure sent while the task's function still runs, and refuses a second answer to one token uncounted", async () => {
    // The treasury answering inside the submission (the simulator does): the failure arrives before the function
    // returns. Each token takes one answer; the second is refused (TaskTimedOut, as in AWS) and is not a retry.
    const refused: unknown[] = [];
    let client: SFNClient | undefined;
    const answering = await startHarness({
      invokeFunction: async (_fn, payload) => {
        const taskToken = (payload as { taskToken: string }).taskToken;
        const failure = { taskToken, error: "Remote.Failed", cause: "answered in the submission" };
        await client?.send(new SendTaskFailureCommand(failure));
        await client?.send(new SendTaskFailureCommand(failure)).catch((e: unknown) => refused.push(e));
        return { parked: true };
      },
    });
    client = answering.client;
    try {
      const { executionArn } = await client.send(
        new StartExecutionCommand({ stateMachineArn: smArn("callback-retry"), input: '{"id":"r-3"}' }),
      );
      await answering.service.whenIdle();
      const d = await describe(client, executionArn as string);
      expect(d.status).toBe("SUCCEEDED");
      expect(JSON.parse(d.output as string)).toMatchObject({ error: { Error: "Remote.Failed" } });
      const types = (await history(client, executionArn as string)).map((e) => e.type);
      expect(types.filter((t) => t === "TaskScheduled")).toHaveLength(3); // 1 + MaxAttempts 2
      expect(types.filter((t) => t === "TaskFailed")).toHaveLength(3);
      expect(refused).toHaveLength(3);
      for (const e of refused) expect(e).toBeInstanceOf(TaskTimedOut);
    } finally {
      await answering.close();
    }
  });

  it("takes one of 12 failures sent at once to a parked token: one retry counted, 11 refused", async () => {
    const arn = await startConfirming("r-4");
    const taskToken = await tokenOf(h.client, arn);
    const sent = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) =>
        h.client.send(new SendTaskFailureCommand({ taskToken, error: "Remote.Failed", cause: `burst ${i}` })),
      ),
    );
    await h.service.whenIdle();
    expect(sent.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of sent.filter((r) => r.status === "rejected"))
      expect((r as PromiseRejectedResult).reason).toBeInstanceOf(TaskTimedOut);
    expect((await describe(h.client, arn)).status).toBe("RUNNING"); // 1 of 2 retries spent
    await fail(arn, "Remote.Failed"); // 2 of 2
    expect((await describe(h.client, arn)).status).toBe("RUNNING");
    await fail(arn, "Remote.Failed"); // spent: caught
    expect((await describe(h.client, arn)).status).toBe("SUCCEEDED");
    expect(h.calls).toHaveLength(3);
  });

  it("counts each retrier on its own", async () => {
    const arn = await startConfirming("r-2");
    await fail(arn, "Other.Failed"); // States.TaskFailed retrier: 1 retry
    await fail(arn, "Remote.Failed"); // first retrier: 1 of 2
    await fail(arn, "Remote.Failed"); // first retrier: 2 of 2
    expect((await describe(h.client, arn)).status).toBe("RUNNING");
    await fail(arn, "Other.Failed"); // States.TaskFailed retrier spent: caught
    const d = await describe(h.client, arn);
    expect(d.status).toBe("SUCCEEDED");
    expect(JSON.parse(d.output as string)).toMatchObject({ error: { Error: "Other.Failed" } });
    expect(h.calls).toHaveLength(4); // the first call and 3 retries
  });
});
