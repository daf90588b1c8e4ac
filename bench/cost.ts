// Benchmark (bench/): what one project lifecycle costs in AWS, from what the embedded runtime counted while running
// it (bench/lifecycle.ts): state transitions and Task invocations from the execution histories, API requests (each
// one API Gateway request and one Lambda invocation), DynamoDB read/write units as DynamoDB reported them
// (ReturnConsumedCapacity, bench/capacity.ts) and S3 requests; priced at AWS's published us-east-1 prices.
import { functions } from "../functions/catalog.ts";
import type { LifecycleUsage } from "./lifecycle.ts";
import { type Figure, round } from "./support.ts";

/**
 * Published on-demand prices, us-east-1, as recorded on 2026-11-23 (re-check the pages before quoting a budget):
 * - Step Functions Standard: $0.025 per 1,000 state transitions — https://aws.amazon.com/step-functions/pricing/
 * - Lambda, Arm (arm64): $0.0000133334 per GB-second and $0.20 per 1M requests — https://aws.amazon.com/lambda/pricing/
 * - DynamoDB on-demand (Standard table class, prices since 1 Nov 2024): $0.625 per 1M write request units and
 *   $0.125 per 1M read request units — https://aws.amazon.com/dynamodb/pricing/on-demand/
 * - API Gateway REST API: $3.50 per 1M requests (first 333M a month) — https://aws.amazon.com/api-gateway/pricing/
 * - S3 Standard: $0.005 per 1,000 PUT/COPY/POST/LIST and $0.0004 per 1,000 GET/HEAD — https://aws.amazon.com/s3/pricing/
 * Free tiers are ignored; storage (DynamoDB GB-month, S3 GB-month), CloudWatch Logs, X-Ray and Cognito are not counted.
 */
export const usEast1Prices = {
  recordedOn: "2026-11-23",
  stepFunctionsPerTransition: 0.025 / 1000,
  lambdaArmPerGbSecond: 0.0000133334,
  lambdaPerRequest: 0.2 / 1_000_000,
  dynamoDbPerWriteUnit: 0.625 / 1_000_000,
  dynamoDbPerReadUnit: 0.125 / 1_000_000,
  apiGatewayRestPerRequest: 3.5 / 1_000_000,
  s3PerPut: 0.005 / 1000,
  s3PerGet: 0.0004 / 1000,
} as const;

/** Challenges in the programme the per-programme figure assumes, one awarded project each. */
export const challengesPerProgramme = 20;

/** Usage as AWS bills it, whatever ran it (one project lifecycle, or a whole programme). */
export type BilledUsage = Pick<
  LifecycleUsage,
  "stateTransitions" | "taskInvocations" | "httpRequests" | "meanHttpMs" | "dynamoDb" | "s3"
>;

/** Dollars by service at {@link usEast1Prices}, and what went into them. */
export function priceUsage(usage: BilledUsage): {
  lines: Record<string, number>;
  total: number;
  invocations: number;
  gbSeconds: number;
} {
  const p = usEast1Prices;
  const invocations = usage.taskInvocations + usage.httpRequests;
  // Billed duration: the mean API request's wall time on this machine (DynamoDB Local is slower than DynamoDB, so
  // this over-estimates), at the catalog's mean memory size.
  const meanMemoryGb = functions.reduce((sum, f) => sum + (f.memoryMb ?? 512), 0) / functions.length / 1024;
  const gbSeconds = invocations * (Math.max(usage.meanHttpMs, 1) / 1000) * meanMemoryGb;
  const lines = {
    stepFunctions: usage.stateTransitions * p.stepFunctionsPerTransition,
    lambdaRequests: invocations * p.lambdaPerRequest,
    lambdaCompute: gbSeconds * p.lambdaArmPerGbSecond,
    dynamoDbWrites: usage.dynamoDb.writeUnits * p.dynamoDbPerWriteUnit,
    dynamoDbReads: usage.dynamoDb.readUnits * p.dynamoDbPerReadUnit,
    apiGateway: usage.httpRequests * p.apiGatewayRestPerRequest,
    s3: usage.s3.puts * p.s3PerPut + usage.s3.gets * p.s3PerGet,
  };
  return { lines, total: Object.values(lines).reduce((a, b) => a + b, 0), invocations, gbSeconds };
}

/** Dollars by service, rounded for a report. */
export const dollarsByService = (lines: Record<string, number>) =>
  Object.fromEntries(Object.entries(lines).map(([k, v]) => [k, Number(v.toPrecision(3))]));

/**
 * Write units one project lifecycle may use (issue "Performance and cost"): its breakdown by operation, item and size
 * is `npx tsx bench/write-units.ts` (docs/project-lifecycle.md, "Write units").
 */
export const lifecycleWriteUnitsGoal = 400;

/**
 * The billed quantities behind a cost figure: transitions, invocations and API requests; DynamoDB units (with their
 * goal when `writeUnitsGoal` is given).
 */
export function usageFigures(what: string, usage: BilledUsage, writeUnitsGoal?: number): Figure[] {
  return [
    {
      name: `${what}: state transitions / Lambda invocations / API requests`,
      value: usage.stateTransitions,
      unit: `transitions, ${usage.taskInvocations + usage.httpRequests} invocations, ${usage.httpRequests} API requests`,
      runs: 1,
    },
    {
      name: `${what}: DynamoDB units (write / read)`,
      value: round(usage.dynamoDb.writeUnits, 1),
      unit: `WRU, ${round(usage.dynamoDb.readUnits, 1)} RRU`,
      runs: 1,
      ...(writeUnitsGoal === undefined
        ? {}
        : { goal: `<= ${writeUnitsGoal} WRU`, met: usage.dynamoDb.writeUnits <= writeUnitsGoal }),
      detail: { calls: usage.dynamoDb.calls },
    },
  ];
}

export function costFigures(usage: LifecycleUsage): Figure[] {
  const p = usEast1Prices;
  const { lines, total: perProject, invocations, gbSeconds } = priceUsage(usage);
  const detail = {
    prices: p,
    usage: { ...usage, lambdaInvocations: invocations, lambdaGbSeconds: round(gbSeconds, 3) },
    dollarsByService: dollarsByService(lines),
    scope:
      "project-phase executions and the project's API calls from the award to closure; the selection " +
      "(demands, publication, review, award) and the payment executions of the tranches are not included",
  };
  return [
    {
      name: "AWS cost of one project lifecycle (award to closure)",
      value: Number(perProject.toPrecision(3)),
      unit: "USD",
      runs: 1,
      detail,
    },
    {
      name: `AWS cost of a programme of ${challengesPerProgramme} challenges (one project each)`,
      value: Number((perProject * challengesPerProgramme).toPrecision(3)),
      unit: "USD",
      runs: 1,
    },
    ...usageFigures("one project lifecycle", usage, lifecycleWriteUnitsGoal),
  ];
}
