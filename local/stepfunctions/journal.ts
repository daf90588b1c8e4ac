// Embedded runtime, local Step Functions service: the append-only NDJSON journal under dataDir (appends are written
// synchronously, grouped: see flush() and whenWritten(); written lines survive SIGKILL; a torn last line is ignored;
// compaction on open rewrites it as a snapshot).
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  writeSync,
} from "node:fs";
import { join } from "node:path";

export class Journal {
  private fd: number | undefined;
  readonly file: string;
  /** Records appended but not yet written (group commit: one write for the steps of one event-loop turn). */
  private pending = "";
  private flushScheduled = false;
  /** Sequence number of the last record appended, and of the last one written. */
  private appended = 0;
  private written = 0;
  private waiters: (() => void)[] = [];

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.file = join(dataDir, "stepfunctions.journal.ndjson");
  }

  /** Reads every complete record; a torn or unparsable line is reported and skipped. */
  read(onBadLine: (lineNo: number, text: string) => void): unknown[] {
    if (!existsSync(this.file)) return [];
    const text = readFileSync(this.file, "utf8");
    const records: unknown[] = [];
    let start = 0;
    let lineNo = 0;
    while (start < text.length) {
      let end = text.indexOf("\n", start);
      if (end === -1) end = text.length;
      lineNo++;
      const line = text.slice(start, end);
      start = end + 1;
      if (!line.trim()) continue;
      try {
        records.push(JSON.parse(line));
      } catch {
        onBadLine(lineNo, line.slice(0, 200));
      }
    }
    return records;
  }

  /** Replaces the journal with `lines` (serialised records; temp file, fsync, rename), then opens it for appends. */
  rewrite(lines: Iterable<string>): void {
    this.close();
    this.pending = "";
    this.written = this.appended;
    const tmp = `${this.file}.tmp`;
    const fd = openSync(tmp, "w");
    try {
      let chunk = "";
      for (const line of lines) {
        chunk += `${line}\n`;
        if (chunk.length > 1 << 20) {
          writeAll(fd, chunk);
          chunk = "";
        }
      }
      writeAll(fd, chunk);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.file);
    this.fd = openSync(this.file, "a");
  }

  /**
   * Queues a record; it is written by flush(), which runs at the latest in the next macrotask, before anything
   * leaves the process that depends on it: a synchronous Task's function is invoked once whenWritten() says the
   * execution's records are written (the executions stepping in one event-loop turn share one write); a callback
   * task's token is flushed (flushThrough) before the function receiving it runs; the service flushes before
   * every API response. Nothing outside can observe a step whose record is not yet written, so a SIGKILL in between is the
   * same as one just before the step: the step runs again on restart, as it always could.
   */
  append(record: unknown): number {
    return this.appendLine(JSON.stringify(record));
  }

  /** As append(), for a record already serialised (one line of JSON). Returns the record's sequence number. */
  appendLine(line: string): number {
    this.pending += `${line}\n`;
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => {
        this.flushScheduled = false;
        this.flush();
      });
    }
    return ++this.appended;
  }

  /**
   * Writes the queued records if the record numbered `seq` is among them. Before an execution's function is
   * invoked, only that execution's own records need to be on disk (another execution's step is not observable
   * by it except through the API, whose responses flush everything): so executions stepping in the same
   * event-loop turn share one write instead of each writing the previous one's record.
   */
  flushThrough(seq: number): void {
    if (seq > this.written) this.flush();
  }

  /**
   * undefined if the record numbered `seq` is written; else a promise that resolves once it is (at the latest
   * by the write scheduled for the end of this event-loop turn).
   */
  whenWritten(seq: number): Promise<void> | undefined {
    if (seq <= this.written) return undefined;
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Writes every queued record (one synchronous write). */
  flush(): void {
    if (!this.pending) {
      this.release();
      return;
    }
    if (this.fd === undefined) this.fd = openSync(this.file, "a");
    const text = this.pending;
    this.pending = "";
    writeAll(this.fd, text);
    this.written = this.appended;
    this.release();
  }

  private release(): void {
    if (this.waiters.length === 0) return;
    const w = this.waiters;
    this.waiters = [];
    for (const resolve of w) resolve();
  }

  close(): void {
    this.flush();
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

function writeAll(fd: number, text: string): void {
  if (!text) return;
  const buf = Buffer.from(text, "utf8");
  let off = 0;
  while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
}
