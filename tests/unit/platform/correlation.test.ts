// Unit tests of the correlation id (functions/platform/context.ts): the X-Correlation-Id check, the HTTP frame running
// the request under it (response header, log lines), the task frame running a task under its payload's id, and the
// workflow engine adapter putting the current id into every StartExecution input.
import { SFNClient, StartExecutionCommand } from "@aws-sdk/client-sfn";
import type { APIGatewayProxyEvent, Context } from "aws-lambda";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { routesOf } from "../../../functions/catalog.ts";
import {
  correlationIdFrom,
  currentCorrelationId,
  isSafeCorrelationId,
  withCorrelationId,
} from "../../../functions/platform/context.ts";
import { httpHandler, route } from "../../../functions/platform/http/frame.ts";
import { createLogger } from "../../../functions/platform/logger.ts";
import { stepFunctionsEngine, withCorrelation } from "../../../functions/platform/sfn/workflow-engine.ts";
import { taskCorrelationId, taskHandler } from "../../../functions/platform/task.ts";

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("X-Correlation-Id check", () => {
  it("accepts letters, digits and ._:- up to 100 characters", () => {
    for (const ok of ["abc", "A-1_b.c:d", "x".repeat(100), "6f1c2a8e-0b8e-4c53-9a8e-5f7f0b1f2d3c"]) {
      expect(isSafeCorrelationId(ok), ok).toBe(true);
      expect(correlationIdFrom(ok, "gw")).toBe(ok);
    }
  });

  it("replaces an unsafe or oversized id by the gateway's request id, else a new UUID", () => {
    for (const bad of ["", "has space", "x".repeat(101), "semi;colon", "new\nline", "引号", '{"a":1}']) {
      expect(isSafeCorrelationId(bad), bad).toBe(false);
      expect(correlationIdFrom(bad, "gw-request-1")).toBe("gw-request-1");
      expect(correlationIdFrom(bad)).toMatch(uuid);
    }
    expect(correlationIdFrom(undefined, "bad gw id")).toMatch(uuid);
  });
});

describe("request context", () => {
  let lines: string[] = [];
  const level = process.env["LOG_LEVEL"];
  beforeEach(() => {
    lines = [];
    process.env["LOG_LEVEL"] = "info";
    // Powertools Logger writes each line to stdout (warnings and errors to stderr), as on Lambda.
    const keep = ((chunk: unknown) => {
      lines.push(String(chunk));
      return true;
    }) as typeof process.stdout.write;
    vi.spyOn(process.stdout, "write").mockImplementation(keep);
    vi.spyOn(process.stderr, "write").mockImplementation(keep);
  });
  afterEach(() => {
    vi.restoreAllMocks();
    process.env["LOG_LEVEL"] = level;
  });

  const seen: (string | undefined)[] = [];
  const ok = route({}, async () => ({ status: 200, body: {} }));
  const handler = httpHandler("demands-api", {
    ...Object.fromEntries(routesOf("demands-api").map((r) => [`${r.method} ${r.path}`, ok])),
    "GET /v1/demands": route({ query: undefined }, async () => {
      seen.push(currentCorrelationId());
      createLogger({ function: "inner" }).info("inside the use case");
      throw new Error("boom");
    }),
  });
  const event = (headers: Record<string, string>): APIGatewayProxyEvent =>
    ({
      resource: "/v1/demands",
      path: "/v1/demands",
      httpMethod: "GET",
      headers,
      queryStringParameters: null,
      pathParameters: null,
      body: null,
      isBase64Encoded: false,
      requestContext: {
        requestId: "apigw-req-7",
        authorizer: { claims: { sub: "u1", "custom:org": "o1", "cognito:groups": "[enterprise]" } },
      },
    }) as unknown as APIGatewayProxyEvent;

  it("runs the request under the caller's id: response header, current id and every log line", async () => {
    const result = await handler(event({ "X-Correlation-Id": "corr-42" }), {
      awsRequestId: "l-1",
    } as Context);
    expect(result.statusCode).toBe(500);
    expect(result.headers?.["x-correlation-id"]).toBe("corr-42");
    expect(seen.at(-1)).toBe("corr-42");
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(parsed.map((p) => p["message"])).toEqual(["inside the use case", "request failed"]);
    for (const p of parsed) expect(p["correlationId"]).toBe("corr-42");
    expect(currentCorrelationId()).toBeUndefined();
  });

  it("uses API Gateway's request id when the header is unsafe, never echoing it", async () => {
    const result = await handler(event({ "x-correlation-id": "a b<script>" }), {} as Context);
    expect(result.headers?.["x-correlation-id"]).toBe("apigw-req-7");
    expect(seen.at(-1)).toBe("apigw-req-7");
    expect(lines.join("\n")).not.toContain("<script>");
  });

  it("runs a task under its payload's id, or a new one", async () => {
    const task = taskHandler(async (payload: unknown) => {
      createLogger({ function: "payment-tasks" }).info("task", { payload });
      return currentCorrelationId();
    });
    expect(await task({ task: "recheck", correlationId: "exec-corr-1" })).toBe("exec-corr-1");
    expect(JSON.parse(lines[0]!)["correlationId"]).toBe("exec-corr-1");
    expect(await task({ task: "recheck" })).toMatch(uuid);
    expect(taskCorrelationId({ correlationId: "bad id" })).toMatch(uuid);
  });
});

describe("StartExecution input", () => {
  const sfn = mockClient(SFNClient);
  afterEach(() => sfn.reset());
  const engine = stepFunctionsEngine(
    new SFNClient({ region: "us-east-1" }),
    (n) => `arn:aws:states:us-east-1:1:stateMachine:${n}`,
  );

  it("carries the current correlation id (a task's execution inherits the id of the one that started it)", async () => {
    sfn.on(StartExecutionCommand).resolves({ executionArn: "arn:x", startDate: new Date(0) });
    await withCorrelationId("exec-parent-1", () =>
      engine.start("project-phase", "project-p-p2", { projectId: "p", phase: 2 }),
    );
    const input = JSON.parse(sfn.commandCalls(StartExecutionCommand)[0]!.args[0].input.input!) as Record<
      string,
      unknown
    >;
    expect(input).toEqual({ projectId: "p", phase: 2, correlationId: "exec-parent-1" });
  });

  it("keeps an id the input already has and gives one to an input started outside any request", () => {
    expect(withCorrelation({ a: 1, correlationId: "given" })).toEqual({ a: 1, correlationId: "given" });
    expect((withCorrelation({ a: 1 }) as { correlationId: string }).correlationId).toMatch(uuid);
    expect(withCorrelation("text")).toBe("text");
  });
});
