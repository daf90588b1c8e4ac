// Benchmark (bench/): what a whole programme costs in AWS — the demo's Taiyuan programme (local/demo/scenario.ts:
// demands, challenge list, applications, expert review, awards with notices, task books, payment runs, a rectified
// milestone, a horse race, a termination with recovery, an acceptance) run on a fresh embedded runtime, counting every
// API request, every state transition and task invocation of every execution, DynamoDB units and S3 requests, priced
// at the published us-east-1 prices of bench/cost.ts; then per challenge and scaled to a programme of 20 challenges.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GetExecutionHistoryCommand, ListExecutionsCommand } from "@aws-sdk/client-sfn";
import { stateMachines } from "../functions/catalog.ts";
import { workflows } from "../functions/platform/clients.ts";
import { config } from "../functions/platform/config.ts";
import { platformClient } from "../local/demo/client.ts";
import { type DemoSummary, runDemo, type StepRunner } from "../local/demo/scenario.ts";
import { startRuntime } from "../local/runtime.ts";
import { countDynamoDb, countRequests } from "./capacity.ts";
import {
  type BilledUsage,
  challengesPerProgramme,
  dollarsByService,
  priceUsage,
  usageFigures,
  usEast1Prices,
} from "./cost.ts";
import { type Figure, round } from "./support.ts";

/** The demo's start: Monday 2 March 2026, 09:00 in Shanghai (as `npm run demo` on a fresh data directory). */
const clockStart = "2026-03-02T01:00:00.000Z";

export async function programmeCostFigures(): Promise<Figure[]> {
  const dataDir = mkdtempSync(join(tmpdir(), "jiebang-bench-programme-"));
  const runtime = await startRuntime({ dataDir, clockStart });
  const dynamoTally = countDynamoDb();
  const requestTally = countRequests(runtime.info);
  const quiet: StepRunner = async (_label, run) => run();
  try {
    dynamoTally();
    requestTally();
    const summary = await runDemo(platformClient(runtime.info.apiUrl), quiet);
    await runtime.stepFunctions.whenIdle();
    const dynamoDb = dynamoTally();
    const counted = requestTally();
    const workflowUse = await executionsUsage();
    const usage: BilledUsage = {
      stateTransitions: workflowUse.stateTransitions,
      taskInvocations: workflowUse.taskInvocations,
      httpRequests: counted.httpRequests,
      meanHttpMs: counted.httpRequests > 0 ? counted.httpMs / counted.httpRequests : 0,
      dynamoDb,
      s3: { puts: counted.s3Puts, gets: counted.s3Gets },
    };
    return figuresOf(summary, usage, workflowUse);
  } finally {
    await runtime.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Every execution of every catalog state machine: transitions (states entered) and task invocations, by machine. */
async function executionsUsage(): Promise<{
  stateTransitions: number;
  taskInvocations: number;
  executions: number;
  byMachine: Record<string, { executions: number; transitions: number; tasks: number }>;
}> {
  const byMachine: Record<string, { executions: number; transitions: number; tasks: number }> = {};
  let stateTransitions = 0;
  let taskInvocations = 0;
  let executions = 0;
  for (const machine of stateMachines) {
    const tally = { executions: 0, transitions: 0, tasks: 0 };
    let listToken: string | undefined;
    do {
      const page = await workflows().send(
        new ListExecutionsCommand({
          stateMachineArn: config.stateMachineArn(machine.name),
          maxResults: 1000,
          ...(listToken ? { nextToken: listToken } : {}),
        }),
      );
      for (const execution of page.executions ?? []) {
        tally.executions++;
        let historyToken: string | undefined;
        do {
          const history = await workflows().send(
            new GetExecutionHistoryCommand({
              executionArn: execution.executionArn,
              maxResults: 1000,
              ...(historyToken ? { nextToken: historyToken } : {}),
            }),
          );
          for (const event of history.events ?? []) {
            // Step Functions Standard bills a transition per state entered.
            if (event.type?.endsWith("StateEntered")) tally.transitions++;
            if (event.type === "TaskScheduled" || event.type === "LambdaFunctionScheduled") tally.tasks++;
          }
          historyToken = history.nextToken;
        } while (historyToken);
      }
      listToken = page.nextToken;
    } while (listToken);
    byMachine[machine.name] = tally;
    stateTransitions += tally.transitions;
    taskInvocations += tally.tasks;
    executions += tally.executions;
  }
  return { stateTransitions, taskInvocations, executions, byMachine };
}

function figuresOf(
  summary: DemoSummary,
  usage: BilledUsage,
  workflowUse: Awaited<ReturnType<typeof executionsUsage>>,
): Figure[] {
  const { lines, total, invocations, gbSeconds } = priceUsage(usage);
  const challenges = Object.values(summary.challengesByStatus).reduce((a, b) => a + b, 0);
  const projects = Object.values(summary.projectsByStatus).reduce((a, b) => a + b, 0);
  const perChallenge = total / challenges;
  const detail = {
    prices: usEast1Prices,
    scope:
      "the demo programme end to end (local/demo/scenario.ts): demands with attachments, refinement, challenge " +
      "list sign-off and publication, applications, expert review, awards with notices and an objection, task books, " +
      "payment runs with four-eyes approval and treasury confirmation, a rectified milestone, a horse race narrowed " +
      "to 1, a termination with recovery receipts, an acceptance; every execution of every state machine",
    programme: {
      challenges: summary.challengesByStatus,
      applications: summary.applicationsByStatus,
      projects: summary.projectsByStatus,
      payments: summary.payments?.length,
    },
    usage: {
      ...usage,
      lambdaInvocations: invocations,
      lambdaGbSeconds: round(gbSeconds, 3),
      executions: workflowUse.executions,
      byMachine: workflowUse.byMachine,
    },
    dollarsByService: dollarsByService(lines),
    scaling: `per challenge × ${challengesPerProgramme}: cost grows with challenges, applications and projects`,
  };
  return [
    {
      name: `AWS cost of the demo programme (${challenges} challenges, ${projects} projects, selection to payments)`,
      value: Number(total.toPrecision(3)),
      unit: "USD",
      runs: 1,
      detail,
    },
    {
      name: `AWS cost of a programme of ${challengesPerProgramme} challenges, selection to payments (demo × ${challengesPerProgramme}/${challenges})`,
      value: Number((perChallenge * challengesPerProgramme).toPrecision(3)),
      unit: "USD",
      runs: 1,
    },
    ...usageFigures("demo programme", usage),
  ];
}
