// Embedded runtime, local Step Functions engine: Wait states — entered (the due time from Seconds, Timestamp or
// their paths, journaled in the cursor) and exited when the virtual clock reaches it.
import type { CompiledMachine, Json, StateDef } from "./definitions.ts";
import { type Core, type Exec, namedError, type Pending, str } from "./execution.ts";
import { succeed } from "./history.ts";
import { stateContext } from "./run-control.ts";

export async function enterWait(
  core: Core,
  ex: Exec,
  name: string,
  def: StateDef,
  input: Json,
): Promise<void> {
  const sm = ex.sm as CompiledMachine;
  const ctx = stateContext(ex, undefined, name, core.o.clock.now());
  const now = core.o.clock.now();
  const entered: Pending = {
    timestamp: now,
    type: "WaitStateEntered",
    stateEnteredEventDetails: { name, input: str(input), inputDetails: { truncated: false } },
  };
  const gen = ex.gen;
  let due: number;
  let output: Json;
  try {
    const eff =
      "InputPath" in def
        ? def.InputPath === null
          ? {}
          : await sm.evalPath(String(def.InputPath), input, ctx)
        : input;
    if (typeof def.Seconds === "number") due = now + def.Seconds * 1000;
    else if (typeof def.Timestamp === "string") due = Date.parse(def.Timestamp);
    else if (typeof def.SecondsPath === "string") {
      const s = await sm.evalPath(def.SecondsPath, eff, ctx);
      if (typeof s !== "number" || !Number.isInteger(s) || s < 0) {
        throw namedError("States.Runtime", `SecondsPath ${def.SecondsPath} is not a non-negative integer`);
      }
      due = now + s * 1000;
    } else {
      const t = await sm.evalPath(String(def.TimestampPath), eff, ctx);
      due = typeof t === "string" ? Date.parse(t) : Number.NaN;
      if (!Number.isFinite(due))
        throw namedError("States.Runtime", `TimestampPath ${String(def.TimestampPath)} is not a timestamp`);
    }
    if (!Number.isFinite(due)) throw namedError("States.Runtime", "Wait state has no valid duration");
    output =
      "OutputPath" in def
        ? def.OutputPath === null
          ? {}
          : await sm.evalPath(String(def.OutputPath), eff, ctx)
        : eff;
  } catch (e) {
    if (gen !== ex.gen || core.stopped) return;
    const err = e as Error;
    core.finish(ex, [entered], {
      s: "FAILED",
      e: err.name === "Error" ? "States.Runtime" : err.name,
      c: err.message,
    });
    return;
  }
  if (gen !== ex.gen || core.stopped) return;
  core.commit(ex, [entered], { k: "wait", s: name, o: output, due });
}

export function exitWait(core: Core, ex: Exec, c: { s: string; o: Json }): void {
  const sm = ex.sm as CompiledMachine;
  const def = sm.states.get(c.s) as StateDef;
  const out = str(c.o);
  const exited: Pending = {
    timestamp: core.o.clock.now(),
    type: "WaitStateExited",
    stateExitedEventDetails: { name: c.s, output: out, outputDetails: { truncated: false } },
  };
  if (def.End === true) {
    succeed(core, ex, [exited], out);
    return;
  }
  core.commit(ex, [exited], { k: "next", s: String(def.Next), i: c.o });
}
