// Test harness for tests/workflows: starts the local Step Functions service on the fixtures in
// tests/fixtures/workflows (or the state machines given) with fake in-process Lambda functions, plus a real
// @aws-sdk/client-sfn client.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  DescribeExecutionCommand,
  type DescribeExecutionCommandOutput,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  SFNClient,
} from "@aws-sdk/client-sfn";
import { ControllableClock } from "../../local/clock.ts";
import {
  type LocalStateMachine,
  type StepFunctionsService,
  type StepFunctionsServiceOptions,
  startStepFunctionsService,
} from "../../local/stepfunctions/service.ts";

export const REGION = "cn-north-1";
export const ACCOUNT = "123456789012";
export const FIXTURES = join(import.meta.dirname, "..", "fixtures", "workflows");
export const MACHINES = [
  "basic",
  "callback",
  "callback-retry",
  "wait",
  "loop",
  "payload",
  "retry",
  "fanout",
  "timeout",
];
export const DAY_MS = 24 * 3600 * 1000;

export const smArn = (name: string): string => `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:${name}`;

export function machine(name: string): LocalStateMachine {
  const definition = JSON.parse(readFileSync(join(FIXTURES, `${name}.asl.json`), "utf8")) as unknown;
  return { name, arn: smArn(name), definition };
}

export function tempDir(tag: string): string {
  return mkdtempSync(join(tmpdir(), `jiebang-sfn-${tag}-`));
}

export interface Call {
  fn: string;
  payload: unknown;
}

/** The fake Lambda functions the fixtures call, by function name. */
export function fakeFunctions(calls: Call[]): (fn: string, payload: unknown) => Promise<unknown> {
  let flaky = 0;
  return async (fn, payload) => {
    calls.push({ fn, payload });
    const p = payload as Record<string, unknown>;
    const name = fn.split(":")[6];
    switch (name) {
      case "score":
        return { score: Number(p.amountFen) >= 100 ? 80 : 10 };
      case "park":
        return { parked: true };
      case "produce":
        return { blob: "x".repeat(Number(p.size)) };
      case "flaky":
        flaky++;
        if (flaky <= 2) {
          const e = new Error(`attempt ${flaky} failed`);
          e.name = "Transient.Error";
          throw e;
        }
        return { attempts: flaky };
      case "double":
        return { index: p.index, doubled: Number(p.value) * 2 };
      default:
        throw new Error(`no fake function ${fn}`);
    }
  };
}

export interface Harness {
  service: StepFunctionsService;
  client: SFNClient;
  clock: ControllableClock;
  calls: Call[];
  dataDir: string;
  close(): Promise<void>;
}

export function sfnClient(url: string): SFNClient {
  return new SFNClient({
    endpoint: url,
    region: REGION,
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    maxAttempts: 1,
  });
}

export async function startHarness(
  opts: Partial<StepFunctionsServiceOptions> & { machines?: string[] } = {},
): Promise<Harness> {
  const calls: Call[] = [];
  const dataDir = opts.dataDir ?? tempDir("t");
  const clock = opts.clock ?? new ControllableClock(join(dataDir, "clock.json"));
  const service = await startStepFunctionsService({
    dataDir,
    clock,
    region: REGION,
    accountId: ACCOUNT,
    stateMachines: opts.stateMachines ?? (opts.machines ?? MACHINES).map(machine),
    invokeFunction: opts.invokeFunction ?? fakeFunctions(calls),
    ...(opts.limits ? { limits: opts.limits } : {}),
  });
  const client = sfnClient(service.url);
  return {
    service,
    client,
    clock,
    calls,
    dataDir,
    close: async () => {
      client.destroy();
      await service.stop();
    },
  };
}

export async function describe(
  client: SFNClient,
  executionArn: string,
): Promise<DescribeExecutionCommandOutput> {
  return client.send(new DescribeExecutionCommand({ executionArn }));
}

export async function history(client: SFNClient, executionArn: string): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(
      new GetExecutionHistoryCommand({ executionArn, maxResults: 1000, nextToken }),
    );
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return events;
}

/** The task token the parked callback received (from the TaskScheduled event's parameters). */
export async function tokenOf(client: SFNClient, executionArn: string): Promise<string> {
  const events = await history(client, executionArn);
  const scheduled = events.filter((e) => e.type === "TaskScheduled").at(-1);
  const params = JSON.parse(scheduled?.taskScheduledEventDetails?.parameters ?? "{}") as {
    Payload?: { taskToken?: string };
  };
  const token = params.Payload?.taskToken;
  if (!token) throw new Error(`no task token in the history of ${executionArn}`);
  return token;
}

/** The timestamp (epoch ms) of a history event; throws if the event is missing. */
export function ms(event: HistoryEvent | undefined): number {
  const t = event?.timestamp;
  if (!t) throw new Error("no such history event");
  return t.getTime();
}
