// Embedded runtime, local Step Functions engine: the data every piece shares — an execution, its cursor, its history
// events, the journal records, the engine's options — and the small helpers (errors, JSON text, payload limits).
import type { ControllableClock } from "../clock.ts";
import type { CompiledMachine, Json } from "./definitions.ts";
import type { Journal } from "./journal.ts";
import type { RunCtl } from "./run-control.ts";

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = code;
  }
}

export type Status = "RUNNING" | "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "ABORTED";
export interface HistoryEvent {
  id: number;
  previousEventId: number;
  /** epoch ms (the API sends seconds) */
  timestamp: number;
  type: string;
  [details: string]: unknown;
}
/**
 * An event not yet committed: an object, or (on the hot paths) its JSON text already, without id and
 * previousEventId (which commit() appends).
 */
export type Pending = Omit<HistoryEvent, "id" | "previousEventId"> | string;

/** The outcome of a callback task: SendTaskSuccess (ok), SendTaskFailure (err), or a timeout (to). */
export type Resolution =
  | { k: "ok"; o: string }
  | { k: "err"; e?: string; c?: string }
  | { k: "to"; e: string; c: string };
/**
 * Where a running execution stands between steps (journaled with every step): the next state to run (next), a Wait
 * state until `due` (wait), or a callback task (cb) scheduled or waiting for its token, with its timeouts.
 */
export type Cursor =
  | { k: "next"; s: string; i: Json }
  | { k: "wait"; s: string; o: Json; due: number }
  | {
      k: "cb";
      s: string;
      i: Json;
      tok: string;
      ph: "sched" | "wait";
      due?: number;
      hbs?: number;
      hb?: number;
      res?: Resolution;
      /** retries spent so far, per retrier of the state (they span steps: see countRetry in callback-task.ts) */
      ra?: number[];
    };
export type CallbackCursor = Extract<Cursor, { k: "cb" }>;
/** How an execution closed. */
export interface End {
  s: Exclude<Status, "RUNNING">;
  o?: string;
  e?: string;
  c?: string;
}

export interface Exec {
  arn: string;
  name: string;
  smArn: string;
  sm: CompiledMachine | undefined;
  input: string;
  startMs: number;
  deadline: number;
  status: Status;
  stopMs?: number;
  output?: string;
  error?: string;
  cause?: string;
  /**
   * History in compact form: the UTF-8 JSON text of each committed step's events (as journaled), parsed only
   * when read (history()). Off the JS heap: one small object per step instead of several per event, which the
   * garbage collector would otherwise copy from generation to generation.
   */
  hist: Buffer[];
  /** Number of events in `hist`. */
  nEvents: number;
  /** Journal sequence number of the execution's last record (see Journal.flushThrough). */
  jseq: number;
  cursor: Cursor | null;
  /** Bumped when the execution closes: an in-flight step of an older generation is discarded. */
  gen: number;
  busy: boolean;
  inflight?: RunCtl;
  /** Timer version: heap entries of older versions are stale. */
  tv: number;
  timerSig: string;
  /** RedriveExecution: how often, when last, with which client token (absent until the first redrive) */
  redriveCount?: number;
  redriveMs?: number;
  redriveToken?: string;
}

/** What a journal record keeps of an execution's redrives (snapshot and redrive records). */
export interface RedriveMarks {
  /** redrive count */
  rc?: number;
  /** last redrive time */
  rd?: number;
  /** deadline (when a redrive moved it) */
  dl?: number;
  /** client token of the last redrive */
  rk?: string;
}

export interface JournalStart {
  r: "x";
  a: string;
  n: string;
  m: string;
  i: string;
  t: number;
  ev: HistoryEvent[];
  c: Cursor | null;
  z?: End & { t: number };
  rc?: number;
  rd?: number;
  dl?: number;
  rk?: string;
}
/** An execution reopened by RedriveExecution at `t` (its events and cursor follow in a step record). */
export interface JournalRedrive {
  r: "d";
  a: string;
  t: number;
  dl: number;
  rk?: string;
}
export interface JournalStep {
  r: "s";
  a: string;
  ev: HistoryEvent[];
  c: Cursor | null;
  z?: End & { t: number };
}

export interface EngineOptions {
  clock: ControllableClock;
  region: string;
  journal: Journal;
  machines: Map<string, CompiledMachine>;
  invokeFunction(functionArn: string, payload: unknown): Promise<unknown>;
  maxHistoryEvents: number;
  maxPayloadBytes: number;
  maxExecutionMs: number;
  log(line: Record<string, unknown>): void;
}

/** What the state modules need of the engine (Engine implements it). */
export interface Core {
  readonly o: EngineOptions;
  /** Set once the engine is stopped: no step commits any more. */
  readonly stopped: boolean;
  /**
   * Appends events and sets the cursor (or ends the execution), in memory and in the journal (one line).
   * Returns false if the execution is no longer running afterwards (see commitStep in history.ts).
   */
  commit(ex: Exec, pending: Pending[], cursor: Cursor | null, end?: End, cursorText?: string): boolean;
  /** Ends the execution with `end` after the pending events. */
  finish(ex: Exec, pending: Pending[], end: End): void;
}

/** An error the library can neither retry nor catch (as AWS treats States.DataLimitExceeded and friends). */
export function terminalError(name: string, message: string): Error {
  const e = new Error(message) as Error & { isRetryable: boolean; isCatchable: boolean };
  e.name = name;
  e.isRetryable = false;
  e.isCatchable = false;
  return e;
}
export function namedError(name: string, message: string): Error {
  const e = new Error(message);
  e.name = name;
  return e;
}
export const str = (v: unknown): string => JSON.stringify(v) ?? "null";
export const iso = (ms: number): string => new Date(ms).toISOString();

/** Whether a payload text exceeds the payload limit (measured in UTF-8 bytes only when it might). */
export function tooBig(o: EngineOptions, s: string): boolean {
  const max = o.maxPayloadBytes;
  return s.length > max / 3 && Buffer.byteLength(s, "utf8") > max;
}

export function dataLimitCause(o: EngineOptions, what: string): string {
  return `The ${what} exceeds the maximum size of ${o.maxPayloadBytes} bytes.`;
}
