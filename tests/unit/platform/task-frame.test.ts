// Unit tests of the task frame (functions/platform/task.ts): its correlation-id middleware alone, and the whole
// chain — the payload's id current for the task only, results and errors passed to Step Functions as they are (a
// transient one renamed Platform.Transient, the domain's refusals not), no early timeout.
import type { Context } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { conflictError } from "../../../functions/kernel/errors.ts";
import { currentCorrelationId, inRequestScope } from "../../../functions/platform/context.ts";
import { eventCorrelationId, taskHandler } from "../../../functions/platform/task.ts";
import { isTransient, transientErrorName } from "../../../functions/platform/transient.ts";

describe("the task frame", () => {
  it("its middleware makes the id the event carries current, by the payload's correlationId or a given reader", async () => {
    const seen = async (middleware: ReturnType<typeof eventCorrelationId>, event: unknown) =>
      inRequestScope(async () => {
        await middleware.before!({
          event,
          context: {} as Context,
          response: null,
          error: null,
          internal: {},
        });
        return currentCorrelationId();
      })(undefined, undefined);
    expect(await seen(eventCorrelationId(), { correlationId: "exec-1" })).toBe("exec-1");
    expect(
      await seen(
        eventCorrelationId(() => "scheduled-9"),
        { id: "x" },
      ),
    ).toBe("scheduled-9");
    expect(currentCorrelationId()).toBeUndefined();
  });

  it("returns the task's result and rethrows its error as it is (Step Functions matches the name)", async () => {
    const ok = taskHandler(async (event) => ({ echoed: event, id: currentCorrelationId() }));
    expect(await ok({ correlationId: "exec-2", n: 1 })).toEqual({
      echoed: { correlationId: "exec-2", n: 1 },
      id: "exec-2",
    });
    expect(currentCorrelationId()).toBeUndefined();
    const failure = Object.assign(new Error("treasury down"), { name: "Treasury.Unavailable" });
    const failing = taskHandler(async () => {
      throw failure;
    });
    await expect(failing({ correlationId: "exec-3" })).rejects.toBe(failure);
  });

  it("lets a task run to its end even past the context's remaining time (Lambda, not the frame, ends it)", async () => {
    const slow = taskHandler(async () => {
      await new Promise((resolve) => setTimeout(resolve, 60));
      return "done";
    });
    const context = { getRemainingTimeInMillis: () => 20 } as unknown as Context;
    expect(await slow({}, context)).toBe("done");
  });

  it("renames a transient error Platform.Transient (the workflows retry it) and keeps the domain's refusals as they are", async () => {
    const throttled = Object.assign(new Error("Rate of requests exceeds the allowed throughput"), {
      name: "ProvisionedThroughputExceededException",
      $metadata: { httpStatusCode: 400 },
    });
    const failing = taskHandler(async () => {
      throw throttled;
    });
    const thrown = await failing({}).catch((e: Error) => e);
    expect(thrown).toBeInstanceOf(Error);
    expect((thrown as Error).name).toBe(transientErrorName);
    expect((thrown as Error).message).toBe(
      "ProvisionedThroughputExceededException: Rate of requests exceeds the allowed throughput",
    );
    expect((thrown as Error).cause).toBe(throttled);

    const refusal = conflictError("TASK_BOOK_EXISTS", "already drafted", "已起草");
    await expect(
      taskHandler(async () => {
        throw refusal;
      })({}),
    ).rejects.toBe(refusal);
  });
});

describe("isTransient", () => {
  const aws = (name: string, extra: Record<string, unknown> = {}) =>
    Object.assign(new Error(name), { name, $metadata: { httpStatusCode: 400 }, ...extra });
  it("is true for throttling, a concurrent writer, a service's 5xx and a dropped connection", () => {
    for (const e of [
      aws("ThrottlingException"),
      aws("ProvisionedThroughputExceededException"),
      aws("TransactionConflictException"),
      aws("SomethingNew", { $metadata: { httpStatusCode: 503 } }),
      aws("SomethingRetryable", { $retryable: { throttling: true } }),
      aws("TransactionCanceledException", {
        CancellationReasons: [{ Code: "None" }, { Code: "TransactionConflict" }],
      }),
      Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }),
      conflictError("VERSION_CONFLICT", "stale", "已被修改"),
    ])
      expect(isTransient(e), e.name).toBe(true);
  });
  it("is false for the domain's refusals, a failed condition and anything else", () => {
    for (const e of [
      conflictError("TASK_BOOK_EXISTS", "already drafted", "已起草"),
      aws("ConditionalCheckFailedException"),
      aws("TransactionCanceledException", {
        CancellationReasons: [{ Code: "ConditionalCheckFailed" }, { Code: "TransactionConflict" }],
      }),
      aws("ResourceNotFoundException"),
      new TypeError("x is undefined"),
    ])
      expect(isTransient(e), e.name).toBe(false);
    expect(isTransient("a string")).toBe(false);
    expect(isTransient(undefined)).toBe(false);
  });
});
