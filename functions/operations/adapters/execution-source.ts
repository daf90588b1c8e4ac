// Adapter: Step Functions as the ExecutionSource of the stuck-execution sweep (operations/stuck-executions.ts) — RUNNING
// executions by ListExecutions (paged), the machine's definition, and each execution's input and the end of its
// history (GetExecutionHistory newest first, back to the last state entered). Also the history event normaliser the
// console's admin routes share. Read-only: callers are granted `inspectsWorkflows`.
import {
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  ListExecutionsCommand,
  type SFNClient,
} from "@aws-sdk/client-sfn";
import { stateMachines } from "../../catalog.ts";
import { workflows } from "../../platform/clients.ts";
import { currentClock } from "../../platform/clock.ts";
import { config } from "../../platform/config.ts";
import type { InspectedEvent } from "../execution-inspection.ts";
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
export function parseJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** `arnOf(name)` gives the ARN of a state machine by its catalog name (from the environment). */
export function stepFunctionsExecutionSource(
  client: SFNClient,
  arnOf: (stateMachine: string) => string,
): ExecutionSource {
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
