// Embedded runtime, local Step Functions service: the append-only NDJSON journal under dataDir (synchronous
// appends survive SIGKILL; a torn last line is ignored; compaction on open rewrites it as a snapshot).
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

  append(record: unknown): void {
    if (this.fd === undefined) this.fd = openSync(this.file, "a");
    writeAll(this.fd, `${JSON.stringify(record)}\n`);
  }

  close(): void {
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
