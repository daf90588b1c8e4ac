// Unit tests of the tracing switch (functions/platform/tracer.ts): off unless POWERTOOLS_TRACE_ENABLED=true, and then
// Powertools Tracer with its middy middleware — which, outside Lambda, Tracer itself keeps from recording anything.
import { SFNClient } from "@aws-sdk/client-sfn";
import { afterEach, describe, expect, it, vi } from "vitest";

const flag = process.env["POWERTOOLS_TRACE_ENABLED"];
afterEach(() => {
  if (flag === undefined) delete process.env["POWERTOOLS_TRACE_ENABLED"];
  else process.env["POWERTOOLS_TRACE_ENABLED"] = flag;
  vi.resetModules();
});

async function load(enabled: string | undefined) {
  if (enabled === undefined) delete process.env["POWERTOOLS_TRACE_ENABLED"];
  else process.env["POWERTOOLS_TRACE_ENABLED"] = enabled;
  vi.resetModules();
  return import("../../../functions/platform/tracer.ts");
}

describe("tracing", () => {
  it("is off by default and when the flag is not true: no Tracer, no middleware, clients as they are", async () => {
    for (const value of [undefined, "false", "1"]) {
      const { tracer, tracing, traced } = await load(value);
      expect(tracer, String(value)).toBeUndefined();
      expect(tracing()).toEqual([]);
      const client = new SFNClient({ region: "us-east-1" });
      expect(traced(client)).toBe(client);
    }
  });

  it("with POWERTOOLS_TRACE_ENABLED=true: a Tracer and its capture middleware (recording nothing outside Lambda)", async () => {
    const { tracer, tracing, traced } = await load("true");
    expect(tracer?.constructor.name).toBe("Tracer");
    const [middleware, ...more] = tracing();
    expect(more).toEqual([]);
    expect(Object.keys(middleware ?? {}).sort()).toEqual(["after", "before", "onError"]);
    expect(tracer?.isTracingEnabled()).toBe(false);
    const client = new SFNClient({ region: "us-east-1" });
    expect(traced(client)).toBe(client);
  });
});
