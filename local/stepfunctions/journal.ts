// Embedded runtime, local Step Functions service: the append-only NDJSON journal under dataDir (appends are written
// synchronously, grouped: see flush(); written lines survive SIGKILL; a torn last line is ignored; compaction on open
// rewrites it as a snapshot).
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

  /** Replaces the journal with `records` (write to a temp file, fsync, rename), then opens it for appends. */
  rewrite(records: Iterable<unknown>): void {
    this.close();
    this.pending = "";
    const tmp = `${this.file}.tmp`;
    const fd = openSync(tmp, "w");
    try {
      let chunk = "";
      for (const r of records) {
        chunk += `${JSON.stringify(r)}\n`;
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
   * Queues a record; it is written by flush(), which runs at the latest in the next macrotask and which the engine
   * and the service call explicitly before anything leaves the process that depends on it: before a function is
   * invoked (a callback task's token is thus journaled before the function receiving it runs) and before an API
   * response. Nothing outside can observe a step whose record is not yet written, so a SIGKILL in between is the
   * same as one just before the step: the step runs again on restart, as it always could.
   */
  append(record: unknown): void {
    this.pending += `${JSON.stringify(record)}\n`;
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => {
        this.flushScheduled = false;
        this.flush();
      });
    }
  }

  /** Writes every queued record (one synchronous write). */
  flush(): void {
    if (!this.pending) return;
    if (this.fd === undefined) this.fd = openSync(this.file, "a");
    const text = this.pending;
    this.pending = "";
    writeAll(this.fd, text);
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
