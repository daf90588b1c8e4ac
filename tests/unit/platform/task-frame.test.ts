// Unit tests of the task frame (functions/platform/task.ts): its correlation-id middleware alone, and the whole
// chain — the payload's id current for the task only, results and errors passed to Step Functions as they are, no
// early timeout.
import type { Context } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { currentCorrelationId, inRequestScope } from "../../../functions/platform/context.ts";
import { eventCorrelationId, taskHandler } from "../../../functions/platform/task.ts";

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
});
