// Benchmark (bench/): state transitions per second of the local Step Functions service (HTTP API, durable journal)
// against the bare aws-local-stepfunctions interpreter running the same definitions in the same process.
// Goal: the service runs at >= 0.5 of the bare interpreter.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SFNClient, StartExecutionCommand } from "@aws-sdk/client-sfn";
import { StateMachine, type StateMachineDefinition } from "aws-local-stepfunctions";
import { ControllableClock } from "../local/clock.ts";
import { startStepFunctionsService } from "../local/stepfunctions/service.ts";
import { type Figure, median, round } from "./support.ts";

const fn = "arn:aws:lambda:us-east-1:000000000000:function:bench-step";

/** Pass + Choice loop: what the interpreter itself costs. */
const passLoop = {
  StartAt: "Increment",
  States: {
    Increment: { Type: "Pass", Parameters: { "i.$": "States.MathAdd($.i, 1)", "n.$": "$.n" }, Next: "Again" },
    Again: {
      Type: "Choice",
      Choices: [{ Variable: "$.i", NumericLessThanPath: "$.n", Next: "Increment" }],
      Default: "Done",
    },
    Done: { Type: "Succeed" },
  },
};

/** Task + Choice loop: each round calls a function, as real workflows do (each Task is its own durable step). */
const taskLoop = {
  StartAt: "Step",
  States: {
    Step: {
      Type: "Task",
      Resource: "arn:aws:states:::lambda:invoke",
      Parameters: { FunctionName: fn, "Payload.$": "$" },
      ResultSelector: { "i.$": "$.Payload.i", "n.$": "$.Payload.n" },
      Next: "Again",
    },
    Again: {
      Type: "Choice",
      Choices: [{ Variable: "$.i", NumericLessThanPath: "$.n", Next: "Step" }],
      Default: "Done",
    },
    Done: { Type: "Succeed" },
  },
};

/** Chunks per run: bare and service measurements alternate chunk by chunk. */
const CHUNKS = 6;

const step = async (payload: unknown) => {
  const { i, n } = payload as { i: number; n: number };
  return { i: i + 1, n };
};

/** A fresh service per loop kind: each measurement carries the history of its own executions only. */
async function serviceFor(dir: string) {
  return startStepFunctionsService({
    dataDir: dir,
    clock: new ControllableClock(),
    region: "us-east-1",
    accountId: "000000000000",
    stateMachines: [
      {
        name: "pass-loop",
        arn: "arn:aws:states:us-east-1:000000000000:stateMachine:pass-loop",
        definition: passLoop,
      },
      {
        name: "task-loop",
        arn: "arn:aws:states:us-east-1:000000000000:stateMachine:task-loop",
        definition: taskLoop,
      },
    ],
    invokeFunction: (_arn, payload) => step(payload),
  });
}

export async function workflowFigures(runs: number): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const [name, definition, rounds, executions] of [
    ["pass-loop", passLoop, 3000, 8],
    ["task-loop", taskLoop, 1000, 8],
  ] as const) {
    const dir = mkdtempSync(join(tmpdir(), "jiebang-bench-sfn-"));
    const service = await serviceFor(dir);
    const client = new SFNClient({
      endpoint: service.url,
      region: "us-east-1",
      credentials: { accessKeyId: "bench", secretAccessKey: "bench" },
    });
    try {
      // Interleaved chunks: each run alternates bare and service measurements (CHUNKS of each, order swapped every
      // chunk), so whatever else loads the machine meanwhile weighs on both sides alike.
      const chunkRounds = Math.max(1, Math.round(rounds / CHUNKS));
      const transitions = executions * (2 * chunkRounds + 1);
      const bare = new StateMachine(definition as unknown as StateMachineDefinition);
      const bareChunk = async (): Promise<number> => {
        const t = performance.now();
        await Promise.all(
          Array.from(
            { length: executions },
            () =>
              bare.run(
                { i: 0, n: chunkRounds },
                {
                  overrides: {
                    taskResourceLocalHandlers: {
                      Step: async (input) => ({
                        Payload: await step((input as { Payload: unknown }).Payload),
                      }),
                    },
                  },
                },
              ).result,
          ),
        );
        return performance.now() - t;
      };
      const serviceChunk = async (): Promise<number> => {
        const t = performance.now();
        await Promise.all(
          Array.from({ length: executions }, () =>
            client.send(
              new StartExecutionCommand({
                stateMachineArn: `arn:aws:states:us-east-1:000000000000:stateMachine:${name}`,
                input: JSON.stringify({ i: 0, n: chunkRounds }),
              }),
            ),
          ),
        );
        await service.whenIdle();
        return performance.now() - t;
      };
      const bareRates: number[] = [];
      const serviceRates: number[] = [];
      for (let r = 0; r < runs; r++) {
        let bareMs = 0;
        let serviceMs = 0;
        for (let c = 0; c < CHUNKS; c++) {
          if (c % 2 === 0) {
            bareMs += await bareChunk();
            serviceMs += await serviceChunk();
          } else {
            serviceMs += await serviceChunk();
            bareMs += await bareChunk();
          }
        }
        bareRates.push((CHUNKS * transitions) / (bareMs / 1000));
        serviceRates.push((CHUNKS * transitions) / (serviceMs / 1000));
      }
      const b = median(bareRates);
      const s = median(serviceRates);
      figures.push({ name: `${name}: bare interpreter`, value: Math.round(b), unit: "transitions/s", runs });
      figures.push({
        name: `${name}: local Step Functions service`,
        value: Math.round(s),
        unit: "transitions/s",
        runs,
      });
      figures.push({
        name: `${name}: service / bare`,
        value: round(s / b),
        unit: "×",
        runs,
        goal: ">= 0.5",
        met: s / b >= 0.5,
      });
    } finally {
      client.destroy();
      await service.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return figures;
}
