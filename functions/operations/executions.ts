// Use cases of the executions inspector (执行查看): the catalog's state machines with their graphs, a machine's
// executions by status page by page, and one execution with its path, current state, pending human tasks and history.
// The Step Functions API comes in as the ExecutionBrowser port (adapters/execution-source.ts implements it).
import { notFoundError } from "../kernel/errors.ts";
import { analyseExecution, type InspectedEvent, workflowGraph } from "./execution-inspection.ts";

export interface ExecutionSummary {
  readonly executionArn: string;
  readonly name: string;
  readonly status: string;
  readonly startDate?: string;
  readonly stopDate?: string;
}

export interface ExecutionDetail extends ExecutionSummary {
  readonly stateMachineArn?: string;
  readonly input?: string;
  readonly output?: string;
  readonly error?: string;
  readonly cause?: string;
}

/** Read-only access to the workflow engine's machines and executions. */
export interface ExecutionBrowser {
  /** A catalog machine as deployed, with its ASL definition (JSON text). */
  machine(name: string): Promise<{
    readonly arn: string;
    readonly deployedName?: string;
    readonly status: string;
    readonly type?: string;
    readonly definition: string;
  }>;
  /** One page of a machine's executions, newest first; a cursor it did not issue is a 400 (INVALID_CURSOR). */
  executions(
    machine: string,
    options: { readonly status?: string; readonly limit: number; readonly cursor?: string },
  ): Promise<{ readonly items: readonly ExecutionSummary[]; readonly next?: string }>;
  /** The catalog machine an execution ARN belongs to, or undefined. */
  machineOfExecution(executionArn: string): string | undefined;
  /** The execution, or undefined when there is none. */
  execution(executionArn: string): Promise<ExecutionDetail | undefined>;
  /** Its history, oldest first, at most `maxEvents` events. */
  history(executionArn: string, maxEvents: number): Promise<InspectedEvent[]>;
}

/** Longest history read for one execution (AWS's own limit is 25,000 events). */
export const maxHistoryEvents = 25_000;

const executionNotFound = (arn: string) =>
  notFoundError("EXECUTION_NOT_FOUND", `No execution ${arn}`, `找不到流程执行 ${arn}`);

/** JSON text as a value; text that is not JSON as itself. */
export function parseJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Every catalog machine, as deployed, with the graph of its definition. */
export async function listStateMachines(
  browser: ExecutionBrowser,
  machines: readonly { readonly name: string; readonly description: string }[],
) {
  return Promise.all(
    machines.map(async (m) => {
      const described = await browser.machine(m.name);
      return {
        name: m.name,
        stateMachineArn: described.arn,
        deployedName: described.deployedName,
        status: described.status,
        type: described.type,
        description: m.description,
        graph: workflowGraph(described.definition),
      };
    }),
  );
}

/** One page of a machine's executions. */
export async function listExecutions(
  browser: ExecutionBrowser,
  query: {
    readonly stateMachine: string;
    readonly status?: string;
    readonly limit: number;
    readonly cursor?: string;
  },
) {
  const { stateMachine, status, limit, cursor } = query;
  const page = await browser.executions(stateMachine, {
    limit,
    ...(status ? { status } : {}),
    ...(cursor ? { cursor } : {}),
  });
  return {
    items: page.items.map((e) => ({ ...e, stateMachine })),
    ...(page.next ? { next: page.next } : {}),
  };
}

/** One execution of a catalog machine: its record, graph, path, current state, pending tasks and history. */
export async function inspectExecution(browser: ExecutionBrowser, executionArn: string) {
  const machine = browser.machineOfExecution(executionArn);
  if (!machine) throw executionNotFound(executionArn);
  const execution = await browser.execution(executionArn);
  if (!execution) throw executionNotFound(executionArn);
  const definition = await browser.machine(machine);
  const events = await browser.history(executionArn, maxHistoryEvents);
  const graph = workflowGraph(definition.definition);
  const status = execution.status;
  return withholdTaskTokens({
    execution: {
      executionArn,
      stateMachine: machine,
      stateMachineArn: execution.stateMachineArn,
      name: execution.name,
      status,
      startDate: execution.startDate,
      ...(execution.stopDate ? { stopDate: execution.stopDate } : {}),
      input: parseJson(execution.input),
      ...(execution.output !== undefined ? { output: parseJson(execution.output) } : {}),
      ...(execution.error ? { error: execution.error } : {}),
      ...(execution.cause ? { cause: execution.cause } : {}),
    },
    graph,
    ...analyseExecution(events, status, graph),
    events,
  });
}

/** What an inspector shows instead of a task token: the token completes the task, and only its person may. */
export const withheldToken = "(withheld)";

/**
 * A copy of `value` with every task token withheld — under a `taskToken` key, at any depth, including inside the
 * JSON strings of history events (a Task state's rendered parameters): an operator sees that a token was passed, not
 * the token (docs/security.md, trust boundary 6).
 */
export function withholdTaskTokens<T>(value: T): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") {
      const text = v.trimStart();
      if (!(text.startsWith("{") || text.startsWith("[")) || !/taskToken/i.test(v)) return v;
      try {
        return JSON.stringify(walk(JSON.parse(v)));
      } catch {
        return v;
      }
    }
    if (Array.isArray(v)) return v.map(walk);
    if (typeof v !== "object" || v === null) return v;
    return Object.fromEntries(
      Object.entries(v).map(([k, inner]) => [k, /^taskToken$/i.test(k) ? withheldToken : walk(inner)]),
    );
  };
  return walk(value) as T;
}
