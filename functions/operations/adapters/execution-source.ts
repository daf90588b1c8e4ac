// Adapter: Step Functions as the ExecutionSource of the stuck-execution sweep (operations/stuck-executions.ts) — RUNNING
// executions by ListExecutions (paged), the machine's definition, and each execution's input and the end of its
// history (GetExecutionHistory newest first, back to the last state entered) — and as the ExecutionBrowser of the
// executions inspector (operations/executions.ts). Read-only: callers are granted `inspectsWorkflows`.
import {
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  ExecutionDoesNotExist,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  InvalidToken,
  ListExecutionsCommand,
  type SFNClient,
} from "@aws-sdk/client-sfn";
import { stateMachineArnEnvVar, stateMachines, unqualifiedStateMachineArn } from "../../catalog.ts";
import { workflows } from "../../platform/clients.ts";
import { currentClock } from "../../platform/clock.ts";
import { config } from "../../platform/config.ts";
import { currentCursorScope } from "../../platform/context.ts";
import { type CursorKey, invalidCursor, openCursor, sealCursor } from "../../platform/cursors.ts";
import type { InspectedEvent } from "../execution-inspection.ts";
import { type ExecutionBrowser, parseJson } from "../executions.ts";
import {
  defaultStuckThresholdMs,
  type ExecutionSource,
  type SweepOptions,
  type SweepResult,
  sweepStuckExecutions,
} from "../stuck-executions.ts";

const iso = (d: Date | undefined) => (d ? d.toISOString() : undefined);

/** One SDK history event with its single …EventDetails object as `details`. */
export function normaliseEvent(event: HistoryEvent): InspectedEvent {
  const { id, previousEventId, type, timestamp, ...rest } = event;
  const detailsKey = Object.keys(rest).find(
    (k) => k.endsWith("EventDetails") && rest[k as keyof typeof rest],
  );
  return {
    id: id ?? 0,
    ...(previousEventId !== undefined ? { previousEventId } : {}),
    type: type ?? "Unknown",
    timestamp: iso(timestamp) ?? "",
    ...(detailsKey ? { details: rest[detailsKey as keyof typeof rest] as Record<string, unknown> } : {}),
  };
}

/** Events read newest first per page; the tail stops at the last `…StateEntered` (or the start). */
const historyPage = 200;
/** Never read more than this many events of one execution for the sweep (AWS's limit is 25,000). */
const maxTailEvents = 5_000;

/** An execution's input or output as JSON, or the text itself when it is not JSON. */
/** `arnOf(name)` gives the ARN of a state machine by its catalog name (from the environment). */
export function stepFunctionsExecutionSource(
  client: SFNClient,
  qualifiedArnOf: (stateMachine: string) => string,
): ExecutionSource {
  // The environment names the alias executions start through; the machine is described and listed unqualified.
  const arnOf = (stateMachine: string) => unqualifiedStateMachineArn(qualifiedArnOf(stateMachine));
  return {
    async definition(stateMachine) {
      const described = await client.send(
        new DescribeStateMachineCommand({ stateMachineArn: arnOf(stateMachine) }),
      );
      return described.definition ?? "{}";
    },

    async listRunning(stateMachine, cursor) {
      const listed = await client.send(
        new ListExecutionsCommand({
          stateMachineArn: arnOf(stateMachine),
          statusFilter: "RUNNING",
          maxResults: 1000,
          ...(cursor ? { nextToken: cursor } : {}),
        }),
      );
      return {
        executions: (listed.executions ?? []).map((e) => ({
          executionArn: e.executionArn ?? "",
          name: e.name ?? "",
          startDate: iso(e.startDate) ?? "",
        })),
        ...(listed.nextToken ? { next: listed.nextToken } : {}),
      };
    },

    async recentHistory(executionArn) {
      const described = await client.send(new DescribeExecutionCommand({ executionArn }));
      const newestFirst: InspectedEvent[] = [];
      let nextToken: string | undefined;
      do {
        const page = await client.send(
          new GetExecutionHistoryCommand({
            executionArn,
            reverseOrder: true,
            maxResults: historyPage,
            includeExecutionData: true,
            ...(nextToken ? { nextToken } : {}),
          }),
        );
        const events = (page.events ?? []).map(normaliseEvent);
        const entered = events.findIndex((e) => e.type.endsWith("StateEntered"));
        newestFirst.push(...(entered >= 0 ? events.slice(0, entered + 1) : events));
        nextToken = entered >= 0 ? undefined : page.nextToken;
      } while (nextToken && newestFirst.length < maxTailEvents);
      return { input: parseJson(described.input), events: newestFirst.reverse() };
    },
  };
}

/** `JIEBANG_STUCK_THRESHOLD_MINUTES` (1 to 1440) when set, else the use case's 15 minutes. */
export function configuredStuckThresholdMs(): number {
  const minutes = Number(process.env["JIEBANG_STUCK_THRESHOLD_MINUTES"]);
  return Number.isInteger(minutes) && minutes >= 1 && minutes <= 1440
    ? minutes * 60_000
    : defaultStuckThresholdMs;
}

/** The sweep over every catalog state machine, with this function's client, ARNs and clock. */
export function sweepCatalogExecutions(options: SweepOptions = {}): Promise<SweepResult> {
  return sweepStuckExecutions(
    {
      source: stepFunctionsExecutionSource(workflows(), config.stateMachineArn),
      clock: currentClock(),
    },
    stateMachines.map((m) => m.name),
    { thresholdMs: configuredStuckThresholdMs(), ...options },
  );
}

/** The ARN of a catalog state machine, from this function's environment. */
export function configuredMachineArn(name: string): string {
  const arn = process.env[stateMachineArnEnvVar(name)];
  if (!arn) throw new Error(`missing environment variable ${stateMachineArnEnvVar(name)}`);
  return arn;
}

/**
 * The executions inspector's read access: Step Functions' Describe/List/GetExecutionHistory. Its page cursors are
 * ListExecutions' nextToken sealed (functions/platform/cursors.ts) for the machine, the status filter and the request.
 */
export function stepFunctionsExecutionBrowser(
  client: SFNClient,
  qualifiedArnOf: (stateMachine: string) => string,
  cursorKey: CursorKey,
): ExecutionBrowser {
  const arnOf = (stateMachine: string) => unqualifiedStateMachineArn(qualifiedArnOf(stateMachine));
  const names = stateMachines.map((m) => m.name);
  const scopeOf = (machine: string, status: string | undefined) =>
    JSON.stringify(["executions", machine, status ?? "", currentCursorScope()]);
  const nextToken = (machine: string, status: string | undefined, cursor: string) => {
    const token = openCursor(cursorKey, cursor, scopeOf(machine, status));
    if (typeof token !== "string" || token === "") throw invalidCursor();
    return token;
  };
  return {
    async machine(name) {
      const described = await client.send(new DescribeStateMachineCommand({ stateMachineArn: arnOf(name) }));
      return {
        arn: described.stateMachineArn ?? arnOf(name),
        ...(described.name ? { deployedName: described.name } : {}),
        status: described.status ?? "ACTIVE",
        ...(described.type ? { type: described.type } : {}),
        definition: described.definition ?? "{}",
      };
    },

    async executions(machine, { status, limit, cursor }) {
      const listed = await client
        .send(
          new ListExecutionsCommand({
            stateMachineArn: arnOf(machine),
            maxResults: limit,
            ...(status ? { statusFilter: status as never } : {}),
            ...(cursor ? { nextToken: nextToken(machine, status, cursor) } : {}),
          }),
        )
        .catch((error: unknown) => {
          // A token Step Functions no longer takes (expired after 24 hours) is the caller's to start over.
          if (error instanceof InvalidToken) throw invalidCursor();
          throw error;
        });
      return {
        items: (listed.executions ?? []).map((e) => ({
          executionArn: e.executionArn ?? "",
          name: e.name ?? "",
          status: e.status ?? "RUNNING",
          ...(e.startDate ? { startDate: iso(e.startDate) } : {}),
          ...(e.stopDate ? { stopDate: iso(e.stopDate) } : {}),
        })),
        ...(listed.nextToken
          ? { next: sealCursor(cursorKey, listed.nextToken, scopeOf(machine, status)) }
          : {}),
      };
    },

    machineOfExecution(executionArn) {
      return names.find((name) =>
        executionArn.startsWith(`${arnOf(name).replace(":stateMachine:", ":execution:")}:`),
      );
    },

    async execution(executionArn) {
      try {
        const e = await client.send(new DescribeExecutionCommand({ executionArn }));
        return {
          executionArn,
          name: e.name ?? "",
          status: e.status ?? "RUNNING",
          ...(e.stateMachineArn ? { stateMachineArn: e.stateMachineArn } : {}),
          ...(e.startDate ? { startDate: iso(e.startDate) } : {}),
          ...(e.stopDate ? { stopDate: iso(e.stopDate) } : {}),
          ...(e.input !== undefined ? { input: e.input } : {}),
          ...(e.output !== undefined ? { output: e.output } : {}),
          ...(e.error ? { error: e.error } : {}),
          ...(e.cause ? { cause: e.cause } : {}),
        };
      } catch (error) {
        // An ARN Step Functions cannot parse (InvalidArn) names no execution either: 404, not 500.
        const name = (error as Error).name;
        if (
          error instanceof ExecutionDoesNotExist ||
          name === "ExecutionDoesNotExist" ||
          name === "InvalidArn"
        )
          return undefined;
        throw error;
      }
    },

    async history(executionArn, maxEvents) {
      const events: InspectedEvent[] = [];
      let nextToken: string | undefined;
      do {
        const page = await client.send(
          new GetExecutionHistoryCommand({
            executionArn,
            maxResults: 1000,
            includeExecutionData: true,
            ...(nextToken ? { nextToken } : {}),
          }),
        );
        events.push(...(page.events ?? []).map(normaliseEvent));
        nextToken = page.nextToken;
      } while (nextToken && events.length < maxEvents);
      return events;
    },
  };
}
