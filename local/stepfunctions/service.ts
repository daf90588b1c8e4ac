// Embedded runtime, local Step Functions service: entry module. Serves the Step Functions API (AWS JSON 1.0,
// as @aws-sdk/client-sfn sends it) over HTTP on loopback and runs executions durably on the virtual clock.
import "../polyfills.ts";
import { randomUUID } from "node:crypto";
import { appendFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname, join } from "node:path";
import { stateMachineAliasName } from "../../functions/catalog.ts";
import type { ControllableClock } from "../clock.ts";
import { type CompiledMachine, compileMachine } from "./definitions.ts";
import { ApiError, Engine, type Exec, type HistoryEvent } from "./engine.ts";
import { Journal } from "./journal.ts";
import { redriveState } from "./redrive.ts";
import {
  arnOf,
  type Body,
  checkName,
  MAX_CAUSE_LENGTH,
  MAX_ERROR_LENGTH,
  optEnum,
  optString,
  page,
  reqString,
} from "./requests.ts";
import { validateDefinition } from "./validate.ts";

export interface LocalStateMachine {
  name: string;
  arn: string;
  /** ASL object, substitutions already applied */
  definition: unknown;
  roleArn?: string;
}

export interface StepFunctionsServiceOptions {
  /** durable state lives here (created if missing) */
  dataDir: string;
  /** all timers and event timestamps use clock.now() */
  clock: ControllableClock;
  region: string;
  accountId: string;
  stateMachines: LocalStateMachine[];
  /** In-process Lambda invoke. Resolves with the function's return value; rejects with an Error whose `.name` is the error type (what Retry/Catch match). */
  invokeFunction(functionArn: string, payload: unknown): Promise<unknown>;
  limits?: Partial<{ maxHistoryEvents: number; maxPayloadBytes: number; maxExecutionMs: number }>;
  /** default 127.0.0.1 */
  host?: string;
  /** default 0 (a free port) */
  port?: number;
  logger?: (line: Record<string, unknown>) => void;
}

export interface StepFunctionsService {
  /** http://127.0.0.1:PORT */
  readonly url: string;
  /** Moves the clock forward by ms, firing every timer that falls due in order (clock set to each due time before it fires) and waiting until the triggered work has settled; then sets the clock to the target. */
  advanceClock(ms: number): Promise<void>;
  /** Resolves when no execution is between steps (everything is waiting on a timer/callback or finished). */
  whenIdle(): Promise<void>;
  stats(): { executions: number; running: number; pendingTasks: number; pendingTimers: number };
  /** Closes the HTTP server and timers; in-flight steps may be abandoned (they resume on next start). */
  stop(): Promise<void>;
}

const DEFAULT_LIMITS = {
  maxHistoryEvents: 25_000,
  maxPayloadBytes: 262_144,
  maxExecutionMs: 365 * 24 * 3600 * 1000,
};
const MAX_BODY_BYTES = 8 * 1024 * 1024;
const TARGET_PREFIX = "AWSStepFunctions.";

type Handler = (body: Body) => unknown;

const secs = (ms: number): number => ms / 1000;

/** The one version and the alias every local machine has (functions/catalog.ts stateMachineAliasName). */
export const localVersion = "1";
export const localAlias = stateMachineAliasName;

/** Which version and alias each execution started through, appended as JSON lines so a restart keeps it. */
class ExecutionQualifiers {
  private readonly byExecution = new Map<
    string,
    { stateMachineVersionArn: string; stateMachineAliasArn?: string }
  >();
  constructor(private readonly file: string) {
    mkdirSync(dirname(file), { recursive: true });
    if (!existsSync(file)) return;
    for (const line of readFileSync(file, "utf8").split("\n")) {
      if (!line.trim()) continue;
      try {
        const { e, v, a } = JSON.parse(line) as { e: string; v: string; a?: string };
        this.byExecution.set(
          e,
          a ? { stateMachineVersionArn: v, stateMachineAliasArn: a } : { stateMachineVersionArn: v },
        );
      } catch {
        // A torn last line (a crash mid-write) names an execution whose start was never acknowledged.
      }
    }
  }
  record(execution: string, versionArn: string, aliasArn: string | undefined): void {
    if (this.byExecution.has(execution)) return;
    this.byExecution.set(
      execution,
      aliasArn
        ? { stateMachineVersionArn: versionArn, stateMachineAliasArn: aliasArn }
        : { stateMachineVersionArn: versionArn },
    );
    appendFileSync(this.file, `${JSON.stringify({ e: execution, v: versionArn, a: aliasArn })}\n`);
  }
  of(execution: string): { stateMachineVersionArn?: string; stateMachineAliasArn?: string } {
    return this.byExecution.get(execution) ?? {};
  }
}

function formatEvent(e: HistoryEvent, includeData: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = { ...e, timestamp: secs(e.timestamp) };
  if (!includeData) {
    for (const [k, v] of Object.entries(out)) {
      if (k.endsWith("EventDetails") && v && typeof v === "object") {
        const d = { ...(v as Record<string, unknown>) };
        for (const f of ["input", "output", "inputDetails", "outputDetails", "parameters"]) delete d[f];
        out[k] = d;
      }
    }
  }
  return out;
}

function listItem(ex: Exec): Record<string, unknown> {
  const item: Record<string, unknown> = {
    executionArn: ex.arn,
    stateMachineArn: ex.smArn,
    name: ex.name,
    status: ex.status,
    startDate: secs(ex.startMs),
  };
  if (ex.stopMs !== undefined) item.stopDate = secs(ex.stopMs);
  if (ex.redriveCount !== undefined) {
    item.redriveCount = ex.redriveCount;
    if (ex.redriveMs !== undefined) item.redriveDate = secs(ex.redriveMs);
  }
  return item;
}

export async function startStepFunctionsService(
  options: StepFunctionsServiceOptions,
): Promise<StepFunctionsService> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const limitsOptions = { maxExecutionMs: limits.maxExecutionMs };
  const log = options.logger ?? (() => {});
  const machines = new Map<string, CompiledMachine>();
  const createdMs = options.clock.now();
  for (const m of options.stateMachines) {
    machines.set(m.arn, compileMachine(m.name, m.arn, m.definition, m.roleArn));
  }
  const journal = new Journal(options.dataDir);
  const engine = new Engine({
    clock: options.clock,
    region: options.region,
    journal,
    machines,
    invokeFunction: options.invokeFunction,
    ...limits,
    log,
  });
  engine.recover();

  // Versions and aliases, as AWS names them: each machine has version 1 (the definition it was started with) and the
  // alias `live` pointing at it. A qualified ARN (…:stateMachine:<name>:1 or …:<name>:live) starts an execution of the
  // machine; the execution remembers which version and alias it started through (kept beside the journal).
  const qualifiers = new ExecutionQualifiers(join(options.dataDir, "qualifiers.jsonl"));
  const resolve = (arn: string): { machine: string; versionArn?: string; aliasArn?: string } => {
    if (machines.has(arn)) return { machine: arn };
    const parts = arn.split(":");
    const base = parts.slice(0, 7).join(":");
    const qualifier = parts[7];
    if (parts.length !== 8 || !machines.has(base) || qualifier === undefined) {
      throw new ApiError("StateMachineDoesNotExist", `State Machine Does Not Exist: '${arn}'`);
    }
    if (qualifier === localVersion) return { machine: base, versionArn: arn };
    if (qualifier === localAlias)
      return { machine: base, versionArn: `${base}:${localVersion}`, aliasArn: arn };
    throw new ApiError("ResourceNotFound", `Resource not found: '${arn}'`);
  };

  const tooBig = (s: string): boolean => Buffer.byteLength(s, "utf8") > limits.maxPayloadBytes;
  const describeMachine = (arn: string): CompiledMachine => {
    const m = machines.get(arn);
    if (!m) throw new ApiError("StateMachineDoesNotExist", `State Machine Does Not Exist: '${arn}'`);
    return m;
  };

  const handlers: Record<string, Handler> = {
    ListStateMachines: (body) => {
      const all = [...machines.values()].map((m) => ({
        stateMachineArn: m.arn,
        name: m.name,
        type: "STANDARD",
        creationDate: secs(createdMs),
      }));
      const { slice, nextToken } = page(all, body, "sm");
      return { stateMachines: slice, nextToken };
    },
    DescribeStateMachine: (body) => {
      const m = describeMachine(arnOf(body, "stateMachineArn", "stateMachine"));
      return {
        stateMachineArn: m.arn,
        name: m.name,
        status: "ACTIVE",
        definition: m.definitionText,
        roleArn: m.roleArn,
        type: "STANDARD",
        creationDate: secs(createdMs),
        loggingConfiguration: { level: "OFF", includeExecutionData: false },
      };
    },
    DescribeStateMachineAlias: (body) => {
      const aliasArn = arnOf(body, "stateMachineAliasArn", "stateMachine");
      const target = resolve(aliasArn);
      if (!target.aliasArn) throw new ApiError("ResourceNotFound", `Resource not found: '${aliasArn}'`);
      return {
        stateMachineAliasArn: aliasArn,
        name: localAlias,
        routingConfiguration: [{ stateMachineVersionArn: target.versionArn, weight: 100 }],
        creationDate: secs(createdMs),
        updateDate: secs(createdMs),
      };
    },
    StartExecution: (body) => {
      const target = resolve(arnOf(body, "stateMachineArn", "stateMachine"));
      const smArn = target.machine;
      const name = optString(body, "name") ?? randomUUID();
      checkName(name);
      const input = optString(body, "input") ?? "{}";
      if (tooBig(input)) {
        throw new ApiError(
          "ValidationException",
          `1 validation error detected: Value at 'input' failed to satisfy constraint: Member must have length less than or equal to ${limits.maxPayloadBytes}`,
        );
      }
      const r = engine.startExecution(smArn, name, input);
      if (target.versionArn) qualifiers.record(r.executionArn, target.versionArn, target.aliasArn);
      return { executionArn: r.executionArn, startDate: secs(r.startDate) };
    },
    DescribeExecution: (body) => {
      const ex = engine.get(arnOf(body, "executionArn", "execution"));
      const out: Record<string, unknown> = {
        executionArn: ex.arn,
        stateMachineArn: ex.smArn,
        name: ex.name,
        status: ex.status,
        startDate: secs(ex.startMs),
        input: ex.input,
        inputDetails: { included: true },
        ...qualifiers.of(ex.arn),
      };
      if (ex.stopMs !== undefined) out.stopDate = secs(ex.stopMs);
      if (ex.output !== undefined) {
        out.output = ex.output;
        out.outputDetails = { included: true };
      }
      if (ex.error !== undefined) out.error = ex.error;
      if (ex.cause !== undefined) out.cause = ex.cause;
      out.redriveCount = ex.redriveCount ?? 0;
      if (ex.redriveMs !== undefined) out.redriveDate = secs(ex.redriveMs);
      const redrive = redriveState(limitsOptions, ex, options.clock.now());
      out.redriveStatus = redrive.status;
      if (redrive.reason) out.redriveStatusReason = redrive.reason;
      return out;
    },
    DescribeStateMachineForExecution: (body) => {
      const ex = engine.get(arnOf(body, "executionArn", "execution"));
      const m = describeMachine(ex.smArn);
      return {
        stateMachineArn: m.arn,
        name: m.name,
        definition: m.definitionText,
        roleArn: m.roleArn,
        updateDate: secs(createdMs),
        loggingConfiguration: { level: "OFF", includeExecutionData: false },
        ...qualifiers.of(ex.arn),
      };
    },
    RedriveExecution: (body) => {
      const arn = arnOf(body, "executionArn", "execution");
      const token = optString(body, "clientToken", 64);
      return { redriveDate: secs(engine.redriveExecution(arn, token)) };
    },
    ValidateStateMachineDefinition: (body) => {
      const type = optEnum(body, "type", ["STANDARD", "EXPRESS"] as const);
      optEnum(body, "severity", ["ERROR", "WARNING"] as const);
      return validateDefinition(reqString(body, "definition"), type ?? "STANDARD", body.maxResults);
    },
    ListExecutions: (body) => {
      const requested = arnOf(body, "stateMachineArn", "stateMachine");
      // A version or alias ARN lists only the executions started through it, as in AWS.
      const target = resolve(requested);
      const smArn = target.machine;
      const through = (ex: Exec): boolean => {
        const q = qualifiers.of(ex.arn);
        if (target.aliasArn) return q.stateMachineAliasArn === target.aliasArn;
        if (target.versionArn) return q.stateMachineVersionArn === target.versionArn;
        return true;
      };
      const filter = optEnum(body, "statusFilter", [
        "RUNNING",
        "SUCCEEDED",
        "FAILED",
        "TIMED_OUT",
        "ABORTED",
        "PENDING_REDRIVE",
      ] as const);
      const redriven = optEnum(body, "redriveFilter", ["REDRIVEN", "NOT_REDRIVEN"] as const);
      const all = engine
        .list(smArn)
        .filter((ex) => through(ex))
        .filter((ex) => !filter || ex.status === filter)
        .filter((ex) => !redriven || (redriven === "REDRIVEN") === (ex.redriveCount ?? 0) > 0)
        .map((ex, i) => ({ ex, i }))
        .sort((a, b) => b.ex.startMs - a.ex.startMs || b.i - a.i)
        .map(({ ex }) => listItem(ex));
      const { slice, nextToken } = page(all, body, `ex:${requested}:${filter ?? ""}:${redriven ?? ""}`);
      return { executions: slice, nextToken };
    },
    GetExecutionHistory: (body) => {
      const ex = engine.get(arnOf(body, "executionArn", "execution"));
      const include = body.includeExecutionData !== false;
      const all = engine.history(ex);
      const events = body.reverseOrder === true ? [...all].reverse() : all;
      const { slice, nextToken } = page(events, body, `h:${ex.arn}:${body.reverseOrder === true}`);
      return { events: slice.map((e) => formatEvent(e, include)), nextToken };
    },
    StopExecution: (body) => {
      const stop = engine.stopExecution(
        arnOf(body, "executionArn", "execution"),
        optString(body, "error", MAX_ERROR_LENGTH),
        optString(body, "cause", MAX_CAUSE_LENGTH),
      );
      return { stopDate: secs(stop) };
    },
    SendTaskSuccess: (body) => {
      const token = reqString(body, "taskToken");
      const output = reqString(body, "output");
      if (tooBig(output)) {
        throw new ApiError(
          "InvalidOutput",
          `Invalid Output: 'output exceeds the maximum size of ${limits.maxPayloadBytes} bytes'`,
        );
      }
      try {
        JSON.parse(output);
      } catch {
        throw new ApiError("InvalidOutput", "Invalid Output: 'output is not valid JSON'");
      }
      engine.sendTaskSuccess(token, output);
      return {};
    },
    SendTaskFailure: (body) => {
      engine.sendTaskFailure(
        reqString(body, "taskToken"),
        optString(body, "error", MAX_ERROR_LENGTH),
        optString(body, "cause", MAX_CAUSE_LENGTH),
      );
      return {};
    },
    SendTaskHeartbeat: (body) => {
      engine.sendTaskHeartbeat(reqString(body, "taskToken"));
      return {};
    },
  };

  const respond = (res: ServerResponse, status: number, payload: unknown): void => {
    // What the caller is told (an execution started, a task completed) is written before it is told.
    journal.flush();
    const text = JSON.stringify(payload);
    res.writeHead(status, {
      "Content-Type": "application/x-amz-json-1.0",
      "Content-Length": Buffer.byteLength(text),
      "x-amzn-RequestId": randomUUID(),
    });
    res.end(text);
  };
  const fail = (res: ServerResponse, code: string, message: string, status = 400): void => {
    res.setHeader("x-amzn-ErrorType", code);
    respond(res, status, { __type: code, message });
  };

  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY_BYTES) chunks.push(c);
    });
    req.on("end", () => {
      const target = String(req.headers["x-amz-target"] ?? "");
      const op = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : "";
      const handler = req.method === "POST" ? handlers[op] : undefined;
      if (!handler)
        return fail(res, "UnknownOperationException", `Unknown operation ${target || req.method}`);
      if (size > MAX_BODY_BYTES) return fail(res, "ValidationException", "Request body too large", 413);
      let body: Body;
      try {
        const text = Buffer.concat(chunks).toString("utf8");
        body = (text ? JSON.parse(text) : {}) as Body;
        if (!body || typeof body !== "object" || Array.isArray(body)) throw new Error("not an object");
      } catch {
        return fail(res, "SerializationException", "Request body is not a JSON object");
      }
      try {
        respond(res, 200, handler(body));
      } catch (e) {
        if (e instanceof ApiError) return fail(res, e.code, e.message);
        log({ level: "error", msg: "request failed", op, error: String((e as Error)?.stack ?? e) });
        fail(res, "InternalFailure", String((e as Error)?.message ?? e), 500);
      }
    });
  };

  const server = createServer(onRequest);
  server.keepAliveTimeout = 5000;
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  log({ level: "info", msg: "step functions service listening", url, stateMachines: machines.size });

  let stopped = false;
  return {
    url,
    advanceClock: (ms) => engine.advanceClock(ms),
    whenIdle: () => engine.whenIdle(),
    stats: () => engine.stats(),
    stop: async () => {
      if (stopped) return;
      stopped = true;
      engine.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
