// Embedded runtime, local Step Functions engine: history events committed — a step's events numbered, the closing
// event (ExecutionSucceeded/Failed/TimedOut/Aborted), the 25,000-event limit, and the one journal line per step.
import {
  type Core,
  type Cursor,
  dataLimitCause,
  type End,
  type EngineOptions,
  type Exec,
  type HistoryEvent,
  type Pending,
  str,
  tooBig,
} from "./execution.ts";
import { HISTORY_LIMIT_CAUSE } from "./redrive.ts";
import { applyEnd } from "./store.ts";

/**
 * Appends events and sets the cursor (or ends the execution), in memory and in the journal (one line).
 * Enforces the history limit. The timers are the caller's to update (Engine.commit).
 */
export function commitStep(
  o: EngineOptions,
  ex: Exec,
  pending: Pending[],
  cursor: Cursor | null,
  end?: End,
  /** `cursor` already serialised (saves serialising the state input again) */
  cursorText?: string,
): void {
  const max = o.maxHistoryEvents;
  if (ex.nEvents + pending.length + (end ? 1 : 0) > max) {
    pending = pending.slice(0, Math.max(0, max - 1 - ex.nEvents));
    cursor = null;
    cursorText = undefined;
    end = {
      s: "FAILED",
      e: "States.Runtime",
      c: `${HISTORY_LIMIT_CAUSE} (${max}) (the limit of a Standard execution is 25,000 events).`,
    };
  }
  const now = o.clock.now();
  let id = ex.nEvents;
  let evText = "";
  for (const p of pending) {
    const prev = id++;
    let t: string;
    if (typeof p === "string") t = `${p.slice(0, -1)},"previousEventId":${prev},"id":${id}}`;
    else {
      const e = p as HistoryEvent;
      e.previousEventId = prev;
      e.id = id;
      t = JSON.stringify(e);
    }
    evText = evText ? `${evText},${t}` : t;
  }
  if (end) {
    const e = endEvent(end, id, now);
    id++;
    evText = evText ? `${evText},${JSON.stringify(e)}` : JSON.stringify(e);
  }
  const added = id - ex.nEvents;
  // A JournalStep record, serialised once: the events' text is both the journal's and the in-memory history.
  evText = `[${evText}]`;
  ex.jseq = o.journal.appendLine(
    `{"r":"s","a":${JSON.stringify(ex.arn)},"ev":${evText},"c":${cursorText ?? str(cursor)}${end ? `,"z":${JSON.stringify({ ...end, t: now })}` : ""}}`,
  );
  if (added) {
    ex.hist.push(Buffer.from(evText, "utf8"));
    ex.nEvents = id;
  }
  ex.cursor = cursor;
  if (end) {
    applyEnd(ex, end, now);
    const inflight = ex.inflight;
    if (inflight) {
      inflight.done = true;
      inflight.abort();
    }
    if (end.s !== "SUCCEEDED")
      o.log({
        level: "info",
        msg: "execution closed",
        executionArn: ex.arn,
        status: end.s,
        error: end.e,
      });
  }
}

/** The event that closes an execution, following event `id`. */
function endEvent(end: End, id: number, now: number): HistoryEvent {
  const e: HistoryEvent = { id: id + 1, previousEventId: id, timestamp: now, type: "" };
  if (end.s === "SUCCEEDED") {
    e.type = "ExecutionSucceeded";
    e.executionSucceededEventDetails = { output: end.o, outputDetails: { truncated: false } };
  } else {
    const key = {
      FAILED: "executionFailed",
      TIMED_OUT: "executionTimedOut",
      ABORTED: "executionAborted",
    }[end.s];
    e.type = { FAILED: "ExecutionFailed", TIMED_OUT: "ExecutionTimedOut", ABORTED: "ExecutionAborted" }[
      end.s
    ];
    const d: Record<string, string> = {};
    if (end.e !== undefined) d.error = end.e;
    if (end.c !== undefined) d.cause = end.c;
    e[`${key}EventDetails`] = d;
  }
  return e;
}

/** Ends the execution with its output, or fails it if the output exceeds the payload limit. */
export function succeed(core: Core, ex: Exec, pending: Pending[], output: string): void {
  if (tooBig(core.o, output)) {
    core.finish(ex, pending, {
      s: "FAILED",
      e: "States.DataLimitExceeded",
      c: dataLimitCause(core.o, "execution output"),
    });
  } else {
    core.finish(ex, pending, { s: "SUCCEEDED", o: output });
  }
}
