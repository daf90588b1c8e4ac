// Adapter: the embedded runtime's event log — the published CloudEvents appended to a JSON-lines file in the data
// directory (JIEBANG_EVENT_LOG), each id once: a stream record delivered again (a retry, a restart after kill -9)
// finds its id in the log and appends nothing. A line cut short by a kill is dropped when the log is read.
// The log only grows, so it is read incrementally (eventLogTail): each publish and each webhook pass reads the bytes
// appended since the last one, not the whole file again.
import { appendFileSync, closeSync, existsSync, fstatSync, openSync, readFileSync, readSync } from "node:fs";
import type { CloudEvent, EventPublisher } from "../model.ts";

/** The events in the log, in order (an unreadable line — one cut short by a kill — is skipped). */
export function readEventLog(file: string): CloudEvent[] {
  if (!existsSync(file)) return [];
  const events: CloudEvent[] = [];
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const event = parseLine(line);
    if (event) events.push(event);
  }
  return events;
}

function parseLine(line: string): CloudEvent | undefined {
  if (!line.trim()) return undefined;
  try {
    return JSON.parse(line) as CloudEvent;
  } catch {
    return undefined; // a torn line
  }
}

export interface EventLogTail {
  /**
   * The events of the complete lines appended since the last call (all of them on the first), in order; a line cut
   * short by a kill is skipped as readEventLog skips it. A file replaced or cut shorter is read again from its start
   * (`restarted` is then true: the events returned are the whole log's).
   */
  read(): { events: CloudEvent[]; restarted: boolean; unterminated: string };
}

/**
 * Reads `file` incrementally: where the last complete line ended is remembered (with the file's inode), and only what
 * follows is read. `unterminated`: the bytes after the last newline (a line being cut short, or not yet ended).
 */
export function eventLogTail(file: string): EventLogTail {
  let inode = -1;
  let offset = 0;
  return {
    read() {
      let fd: number;
      try {
        fd = openSync(file, "r");
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
        const restarted = offset > 0;
        inode = -1;
        offset = 0;
        return { events: [], restarted, unterminated: "" };
      }
      try {
        const stat = fstatSync(fd);
        let restarted = false;
        if (stat.ino !== inode || stat.size < offset) {
          restarted = inode !== -1;
          inode = stat.ino;
          offset = 0;
        }
        const length = stat.size - offset;
        if (length <= 0) return { events: [], restarted, unterminated: "" };
        const bytes = Buffer.allocUnsafe(length);
        let got = 0;
        while (got < length) {
          const n = readSync(fd, bytes, got, length - got, offset + got);
          if (n === 0) break;
          got += n;
        }
        const end = bytes.lastIndexOf(10, got - 1);
        const unterminated = bytes.toString("utf8", end + 1, got);
        if (end < 0) return { events: [], restarted, unterminated };
        const events: CloudEvent[] = [];
        for (const line of bytes.toString("utf8", 0, end).split("\n")) {
          const event = parseLine(line);
          if (event) events.push(event);
        }
        offset += end + 1;
        return { events, restarted, unterminated };
      } finally {
        closeSync(fd);
      }
    },
  };
}

/** Per log file: the ids it holds, kept up to date from its tail (one per process: the log has one writer, here). */
const logged = new Map<string, { tail: EventLogTail; ids: Set<string> }>();

export function eventLogPublisher(file: string): EventPublisher {
  return {
    async publish(events) {
      let known = logged.get(file);
      if (!known) {
        known = { tail: eventLogTail(file), ids: new Set() };
        logged.set(file, known);
      }
      const { events: appended, restarted, unterminated } = known.tail.read();
      if (restarted) known.ids.clear();
      for (const e of appended) known.ids.add(e.id);
      // This batch's ids (the log's next read adds them to the known ones). A last line without its newline still
      // counts if it is a whole event, as readEventLog reads it.
      const batch = new Set<string>();
      const last = parseLine(unterminated);
      if (last) batch.add(last.id);
      let out = unterminated.length > 0 ? "\n" : "";
      for (const event of events) {
        if (known.ids.has(event.id) || batch.has(event.id)) continue;
        batch.add(event.id);
        out += `${JSON.stringify(event)}\n`;
      }
      if (out.trim()) appendFileSync(file, out);
    },
  };
}
