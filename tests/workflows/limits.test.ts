// Workflow tests (tests/workflows): AWS's limits in the local Step Functions service: one-year executions on
// the virtual clock, the 25,000-event history limit, the 256 KB payload limit, the definition's TimeoutSeconds.
import { StartExecutionCommand, ValidationException } from "@aws-sdk/client-sfn";
import { afterEach, expect, it } from "vitest";
import { DAY_MS, describe, type Harness, history, ms, smArn, startHarness } from "./harness.ts";

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function run(harness: Harness, machine: string, input: unknown): Promise<string> {
  const { executionArn } = await harness.client.send(
    new StartExecutionCommand({ stateMachineArn: smArn(machine), input: JSON.stringify(input) }),
  );
  await harness.service.whenIdle();
  return executionArn as string;
}

it("a 300-day Wait completes after advanceClock(300 days), a 400-day one times out at one year", async () => {
  h = await startHarness();
  const short = await run(h, "wait", { seconds: 300 * 86_400 });
  const long = await run(h, "wait", { seconds: 400 * 86_400 });
  expect(h.service.stats()).toMatchObject({ running: 2, pendingTimers: 4 });
  const wall = performance.now();
  await h.service.advanceClock(300 * DAY_MS);
  expect((await describe(h.client, short)).status).toBe("SUCCEEDED");
  expect((await describe(h.client, long)).status).toBe("RUNNING");
  await h.service.advanceClock(100 * DAY_MS);
  expect(performance.now() - wall).toBeLessThan(5_000);

  const ok = await history(h.client, short);
  const waited =
    ms(ok.find((e) => e.type === "WaitStateExited")) - ms(ok.find((e) => e.type === "WaitStateEntered"));
  expect(waited).toBeGreaterThanOrEqual(300 * DAY_MS);
  expect(waited).toBeLessThan(300 * DAY_MS + 1000);

  const d = await describe(h.client, long);
  expect(d.status).toBe("TIMED_OUT");
  const events = await history(h.client, long);
  const last = events.at(-1);
  expect(last?.type).toBe("ExecutionTimedOut");
  expect(last?.executionTimedOutEventDetails?.error).toBe("States.Timeout");
  const lived = ms(last) - ms(events[0]);
  expect(lived).toBeGreaterThanOrEqual(365 * DAY_MS);
  expect(lived).toBeLessThan(365 * DAY_MS + 1000);
  expect(h.service.stats()).toMatchObject({ running: 0, pendingTimers: 0 });
});

it("honours the definition's TimeoutSeconds on the virtual clock", async () => {
  h = await startHarness();
  const arn = await run(h, "timeout", {});
  await h.service.advanceClock(59_000);
  expect((await describe(h.client, arn)).status).toBe("RUNNING");
  await h.service.advanceClock(2_000);
  expect((await describe(h.client, arn)).status).toBe("TIMED_OUT");
});

it("fails an execution whose history passes maxHistoryEvents (lowered limit)", async () => {
  h = await startHarness({ limits: { maxHistoryEvents: 200 } });
  const small = await run(h, "loop", { i: 0, n: 10 });
  expect((await describe(h.client, small)).status).toBe("SUCCEEDED");
  const arn = await run(h, "loop", { i: 0, n: 1000 });
  const d = await describe(h.client, arn);
  expect(d.status).toBe("FAILED");
  expect(d.error).toBe("States.Runtime");
  expect(d.cause).toContain("maximum number of history events (200)");
  const events = await history(h.client, arn);
  expect(events).toHaveLength(200);
  expect(events.at(-1)?.type).toBe("ExecutionFailed");
});

it("fails at the real 25,000-event limit, and a loop just under it succeeds", async () => {
  h = await startHarness();
  // ExecutionStarted + 4 per round + Succeed entered/exited + ExecutionSucceeded: n = 6000 makes 24,004 events
  const under = await run(h, "loop", { i: 0, n: 6000 });
  expect((await describe(h.client, under)).status).toBe("SUCCEEDED");
  expect(await history(h.client, under)).toHaveLength(24_004);
  const over = await run(h, "loop", { i: 0, n: 100_000 });
  const d = await describe(h.client, over);
  expect(d.status).toBe("FAILED");
  expect(d.cause).toContain("25,000");
  expect(await history(h.client, over)).toHaveLength(25_000);
});

it("a state output over 256 KB fails with States.DataLimitExceeded, not caught by States.ALL", async () => {
  h = await startHarness();
  const ok = await run(h, "payload", { size: 1000 });
  expect((await describe(h.client, ok)).status).toBe("SUCCEEDED");
  const arn = await run(h, "payload", { size: 300_000 });
  const d = await describe(h.client, arn);
  expect(d.status).toBe("FAILED");
  expect(d.error).toBe("States.DataLimitExceeded");
  expect((await history(h.client, arn)).some((e) => e.stateEnteredEventDetails?.name === "Caught")).toBe(
    false,
  );
});

it("refuses a StartExecution input over 256 KB", async () => {
  h = await startHarness();
  const input = JSON.stringify({ blob: "x".repeat(262_144) });
  await expect(
    h.client.send(new StartExecutionCommand({ stateMachineArn: smArn("wait"), input })),
  ).rejects.toBeInstanceOf(ValidationException);
  expect(h.service.stats().executions).toBe(0);
});
