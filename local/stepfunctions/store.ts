// Embedded runtime, local Step Functions engine: the execution store — executions by ARN and by state machine, their
// naming, their rebuilding from the journal (with compaction and 90-day expiry), and their history read back.
import type { CompiledMachine } from "./definitions.ts";
import {
  ApiError,
  type Cursor,
  type End,
  type EngineOptions,
  type Exec,
  type HistoryEvent,
  type JournalRedrive,
  type JournalStart,
  type JournalStep,
  str,
} from "./execution.ts";

const RETENTION_MS = 90 * 24 * 3600 * 1000;
/** Executions whose parsed history is kept for paging (GetExecutionHistory). */
const HISTORY_CACHE = 4;

/** The ARN of execution `name` of a state machine (AWS: arn:aws:states:region:account:execution:machine:name). */
export function executionArn(smArn: string, sm: CompiledMachine, name: string): string {
  return `arn:aws:states:${smArn.split(":")[3]}:${smArn.split(":")[4]}:execution:${sm.name}:${name}`;
}

/** One JSON array text from the step texts (JSON arrays, UTF-8) of a compact history. */
function joinHistory(hist: readonly Buffer[]): string {
  if (hist.length === 1) return (hist[0] as Buffer).toString("utf8");
  let out = "";
  for (const b of hist) {
    if (b.length <= 2) continue;
    const t = b.toString("utf8", 1, b.length - 1);
    out = out ? `${out},${t}` : t;
  }
  return `[${out}]`;
}

/** Closes the execution in memory: its status and outcome, no cursor, a new generation (in-flight steps are stale). */
export function applyEnd(ex: Exec, z: End, t: number): void {
  ex.status = z.s;
  ex.stopMs = t;
  ex.output = z.o;
  ex.error = z.e;
  ex.cause = z.c;
  ex.cursor = null;
  ex.gen++;
}

/** Reopens a closed execution (RedriveExecution): running again, its outcome cleared, the redrive counted. */
export function applyRedrive(ex: Exec, t: number, deadline: number, token: string | undefined): void {
  ex.status = "RUNNING";
  ex.stopMs = undefined;
  ex.output = undefined;
  ex.error = undefined;
  ex.cause = undefined;
  ex.deadline = deadline;
  ex.redriveCount = (ex.redriveCount ?? 0) + 1;
  ex.redriveMs = t;
  ex.redriveToken = token;
}

/** A running execution as started (or as its journal's start record has it). */
export function newExec(
  start: { arn: string; name: string; smArn: string; input: string; startMs: number },
  sm: CompiledMachine | undefined,
  deadline: number,
  events: HistoryEvent[],
  jseq: number,
  cursor: Cursor | null,
): Exec {
  return {
    arn: start.arn,
    name: start.name,
    smArn: start.smArn,
    sm,
    input: start.input,
    startMs: start.startMs,
    deadline,
    status: "RUNNING",
    hist: events.length ? [Buffer.from(JSON.stringify(events), "utf8")] : [],
    nEvents: events.length,
    jseq,
    cursor,
    gen: 0,
    busy: false,
    tv: 0,
    timerSig: "",
  };
}

export class ExecutionStore {
  readonly execs = new Map<string, Exec>();
  private readonly bySm = new Map<string, Exec[]>();
  private readonly historyCache = new Map<Exec, { n: number; events: HistoryEvent[] }>();

  constructor(private readonly o: EngineOptions) {}

  get size(): number {
    return this.execs.size;
  }

  /** The execution's hard deadline: the engine's limit or the machine's TimeoutSeconds, whichever is earlier. */
  deadlineOf(startMs: number, sm: CompiledMachine | undefined): number {
    const limit = Math.min(this.o.maxExecutionMs, sm?.timeoutMs ?? Number.POSITIVE_INFINITY);
    return startMs + limit;
  }

  register(ex: Exec): void {
    this.execs.set(ex.arn, ex);
    let list = this.bySm.get(ex.smArn);
    if (!list) {
      list = [];
      this.bySm.set(ex.smArn, list);
    }
    list.push(ex);
  }

  get(arn: string): Exec {
    const ex = this.execs.get(arn);
    if (!ex) throw new ApiError("ExecutionDoesNotExist", `Execution Does Not Exist: '${arn}'`);
    return ex;
  }

  list(smArn: string): Exec[] {
    return this.bySm.get(smArn) ?? [];
  }

  /**
   * Rebuilds executions from the journal and compacts it: one snapshot record per execution; closed executions
   * expire after 90 days (as in AWS). Resuming what was running is the engine's (Engine.recover).
   */
  recover(): void {
    const o = this.o;
    const records = o.journal.read((lineNo, text) =>
      o.log({ level: "warn", msg: "journal line skipped", lineNo, text }),
    );
    for (const rec of records as (JournalStart | JournalStep | JournalRedrive)[]) {
      if (rec.r === "x") {
        const sm = o.machines.get(rec.m);
        const ex = newExec(
          { arn: rec.a, name: rec.n, smArn: rec.m, input: rec.i, startMs: rec.t },
          sm,
          this.deadlineOf(rec.t, sm),
          rec.ev,
          0,
          rec.c,
        );
        if (rec.rc !== undefined) {
          ex.redriveCount = rec.rc;
          ex.redriveMs = rec.rd;
          ex.redriveToken = rec.rk;
        }
        if (rec.dl !== undefined) ex.deadline = rec.dl;
        if (rec.z) applyEnd(ex, rec.z, rec.z.t);
        this.register(ex);
      } else if (rec.r === "d") {
        const ex = this.execs.get(rec.a);
        if (ex && ex.status !== "RUNNING") applyRedrive(ex, rec.t, rec.dl, rec.rk);
      } else if (rec.r === "s") {
        const ex = this.execs.get(rec.a);
        if (!ex) continue;
        if (rec.ev.length) {
          ex.hist.push(Buffer.from(JSON.stringify(rec.ev), "utf8"));
          ex.nEvents += rec.ev.length;
        }
        ex.cursor = rec.c;
        if (rec.z) applyEnd(ex, rec.z, rec.z.t);
      }
    }
    const now = o.clock.now();
    for (const [arn, ex] of this.execs) {
      if (ex.status !== "RUNNING" && (ex.stopMs ?? 0) < now - RETENTION_MS) {
        this.execs.delete(arn);
        const list = this.bySm.get(ex.smArn);
        if (list) list.splice(list.indexOf(ex), 1);
      }
    }
    o.journal.rewrite(
      (function* (execs: Iterable<Exec>) {
        for (const ex of execs) yield snapshot(ex);
      })(this.execs.values()),
    );
  }

  /** The execution's history events (parsed from the compact form; the last few are cached). */
  history(ex: Exec): HistoryEvent[] {
    const hit = this.historyCache.get(ex);
    if (hit && hit.n === ex.nEvents) return hit.events;
    const events = JSON.parse(joinHistory(ex.hist)) as HistoryEvent[];
    this.historyCache.delete(ex);
    this.historyCache.set(ex, { n: ex.nEvents, events });
    if (this.historyCache.size > HISTORY_CACHE) {
      const oldest = this.historyCache.keys().next().value as Exec;
      this.historyCache.delete(oldest);
    }
    return events;
  }
}

/** The execution as one journal line (a JournalStart record, serialised). */
function snapshot(ex: Exec): string {
  const redriven =
    ex.redriveCount !== undefined
      ? { rc: ex.redriveCount, rd: ex.redriveMs, dl: ex.deadline, rk: ex.redriveToken }
      : {};
  const head = JSON.stringify({
    r: "x",
    a: ex.arn,
    n: ex.name,
    m: ex.smArn,
    i: ex.input,
    t: ex.startMs,
    ...redriven,
  });
  const z =
    ex.status !== "RUNNING"
      ? { s: ex.status, t: ex.stopMs ?? ex.startMs, o: ex.output, e: ex.error, c: ex.cause }
      : undefined;
  return `${head.slice(0, -1)},"ev":${joinHistory(ex.hist)},"c":${str(ex.cursor)}${z ? `,"z":${JSON.stringify(z)}` : ""}}`;
}
