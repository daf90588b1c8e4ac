// Workflow tests (tests/workflows): durability of the local Step Functions service. The service runs in a
// child process that is SIGKILLed; a new one on the same data dir resumes callbacks and Wait timers.
import { type ChildProcess, spawn } from "node:child_process";
import { appendFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { SendTaskSuccessCommand, type SFNClient, StartExecutionCommand } from "@aws-sdk/client-sfn";
import { afterEach, expect, it } from "vitest";
import { ControllableClock } from "../../local/clock.ts";
import {
  DAY_MS,
  describe,
  FIXTURES,
  history,
  ms,
  sfnClient,
  smArn,
  startHarness,
  tempDir,
  tokenOf,
} from "./harness.ts";

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
});

async function startChild(dataDir: string): Promise<{ child: ChildProcess; client: SFNClient }> {
  const child = spawn(process.execPath, ["--import", "tsx", join(FIXTURES, "child-service.ts"), dataDir], {
    cwd: join(FIXTURES, "..", "..", ".."),
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const url = await new Promise<string>((resolve, reject) => {
    lines.once("line", (line) => resolve((JSON.parse(line) as { url: string }).url));
    child.once("exit", (code) => reject(new Error(`child exited (${code}): ${stderr}`)));
  });
  return { child, client: sfnClient(url) };
}

async function kill9(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGKILL");
  await exited;
  expect(child.signalCode).toBe("SIGKILL");
}

/** Polls DescribeExecution (yielding between calls, no fixed sleeps) until the predicate holds. */
async function until(
  client: SFNClient,
  arn: string,
  done: (status: string, types: string[]) => boolean,
): Promise<string> {
  for (let i = 0; i < 2000; i++) {
    const { status } = await describe(client, arn);
    const types = (await history(client, arn)).map((e) => e.type ?? "");
    if (done(status as string, types)) return status as string;
    await new Promise((r) => setImmediate(r));
  }
  throw new Error(`condition never met for ${arn}`);
}

it("a callback and Wait timers survive SIGKILL (and a torn journal line)", async () => {
  const dataDir = tempDir("kill");
  const first = await startChild(dataDir);
  const { executionArn } = await first.client.send(
    new StartExecutionCommand({
      stateMachineArn: smArn("callback"),
      name: "k-1",
      input: JSON.stringify({ id: "k-1" }),
    }),
  );
  const cb = executionArn as string;
  await until(first.client, cb, (_, types) => types.includes("TaskSubmitted"));
  const token = await tokenOf(first.client, cb);
  const dueSoon = (
    await first.client.send(
      new StartExecutionCommand({
        stateMachineArn: smArn("wait"),
        input: JSON.stringify({ seconds: 86_400 }),
      }),
    )
  ).executionArn as string;
  const dueLater = (
    await first.client.send(
      new StartExecutionCommand({
        stateMachineArn: smArn("wait"),
        input: JSON.stringify({ seconds: 10 * 86_400 }),
      }),
    )
  ).executionArn as string;
  await until(first.client, dueLater, (_, types) => types.includes("WaitStateEntered"));
  await until(first.client, dueSoon, (_, types) => types.includes("WaitStateEntered"));
  first.client.destroy();
  await kill9(first.child);

  // a write torn by the kill must not prevent the restart
  const journal = readdirSync(dataDir).find((f) => f.endsWith(".ndjson")) as string;
  appendFileSync(join(dataDir, journal), '{"r":"s","a":"arn:aws:states:cn-north');
  const second = await startChild(dataDir);
  expect((await describe(second.client, cb)).status).toBe("RUNNING");
  await second.client.send(
    new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify({ verdict: "ok" }) }),
  );
  expect(await until(second.client, cb, (s) => s !== "RUNNING")).toBe("SUCCEEDED");
  expect(JSON.parse((await describe(second.client, cb)).output as string)).toEqual({
    id: "k-1",
    decision: { verdict: "ok" },
  });
  const types = (await history(second.client, cb)).map((e) => e.type);
  expect(types.filter((t) => t === "TaskScheduled")).toHaveLength(1);
  expect(types.at(-1)).toBe("ExecutionSucceeded");
  expect((await describe(second.client, dueSoon)).status).toBe("RUNNING");
  second.client.destroy();
  await kill9(second.child);

  // one day passes while the service is down (the clock's offset is persisted in the data dir)
  new ControllableClock(join(dataDir, "clock.json")).advanceBy(DAY_MS + 1000);
  const third = await startChild(dataDir);
  expect(await until(third.client, dueSoon, (s) => s !== "RUNNING")).toBe("SUCCEEDED");
  const waitEvents = await history(third.client, dueSoon);
  const waited =
    ms(waitEvents.find((e) => e.type === "WaitStateExited")) -
    ms(waitEvents.find((e) => e.type === "WaitStateEntered"));
  expect(waited).toBeGreaterThanOrEqual(DAY_MS);
  expect((await describe(third.client, dueLater)).status).toBe("RUNNING");
  expect((await describe(third.client, cb)).status).toBe("SUCCEEDED");
  third.client.destroy();
  await kill9(third.child);
}, 60_000);

it("a callback scheduled but not yet submitted when the service stops is scheduled again with the same token", async () => {
  const dataDir = tempDir("phase1");
  const received: string[] = [];
  // first run: the function that should receive the token never returns (the service stops meanwhile)
  const a = await startHarness({
    dataDir,
    invokeFunction: (_fn, payload) => {
      received.push((payload as { taskToken: string }).taskToken);
      return new Promise(() => {});
    },
  });
  const { executionArn } = await a.client.send(
    new StartExecutionCommand({
      stateMachineArn: smArn("callback"),
      name: "p-1",
      input: JSON.stringify({ id: "p-1" }),
    }),
  );
  for (let i = 0; i < 1000 && received.length === 0; i++) await new Promise((r) => setImmediate(r));
  expect(received).toHaveLength(1);
  await a.close();

  const b = await startHarness({
    dataDir,
    invokeFunction: async (_fn, payload) => {
      received.push((payload as { taskToken: string }).taskToken);
      return { parked: true };
    },
  });
  await b.service.whenIdle();
  expect(received).toHaveLength(2);
  expect(received[1]).toBe(received[0]);
  const types = (await history(b.client, executionArn as string)).map((e) => e.type);
  expect(types).toEqual([
    "ExecutionStarted",
    "TaskStateEntered",
    "TaskScheduled",
    "TaskStarted",
    "TaskSubmitted",
  ]);
  await b.client.send(new SendTaskSuccessCommand({ taskToken: received[0] as string, output: '"done"' }));
  await b.service.whenIdle();
  expect((await describe(b.client, executionArn as string)).status).toBe("SUCCEEDED");
  await b.close();
});
