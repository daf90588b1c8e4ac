// Adapter: the embedded runtime's event log — the published CloudEvents appended to a JSON-lines file in the data
// directory (JIEBANG_EVENT_LOG), each id once: a stream record delivered again (a retry, a restart after kill -9)
// finds its id in the log and appends nothing. A line cut short by a kill is dropped when the log is read.
import { appendFileSync, existsSync, readFileSync } from "node:fs";
import type { CloudEvent, EventPublisher } from "../model.ts";

/** The events in the log, in order (an unreadable line — one cut short by a kill — is skipped). */
export function readEventLog(file: string): CloudEvent[] {
  if (!existsSync(file)) return [];
  const events: CloudEvent[] = [];
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (!line.trim()) continue;
    try {
      events.push(JSON.parse(line) as CloudEvent);
    } catch {
      // a torn last line
    }
  }
  return events;
}

export function eventLogPublisher(file: string): EventPublisher {
  return {
    async publish(events) {
      const ids = new Set(readEventLog(file).map((e) => e.id));
      const text = existsSync(file) ? readFileSync(file, "utf8") : "";
      let out = text.length > 0 && !text.endsWith("\n") ? "\n" : "";
      for (const event of events) {
        if (ids.has(event.id)) continue;
        ids.add(event.id);
        out += `${JSON.stringify(event)}\n`;
      }
      if (out.trim()) appendFileSync(file, out);
    },
  };
}
