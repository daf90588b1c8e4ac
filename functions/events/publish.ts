// Domain events context (use case): audit events from the table's stream turned into CloudEvents 1.0 of the
// catalogue's types and published — the event's id is the audit event's, so a redelivered stream record is the same
// event; the data holds the record, the change and the type's public fields only.
import { dataSchema, type EventType, eventTypeOf, schemaUrl } from "./catalogue.ts";
import type { AuditEntry, CloudEvent, EventData, EventPublisher } from "./model.ts";

/** The CloudEvents `source` of every event the platform publishes. */
export const eventSource = "urn:jiebang:records";

/** The audit event's id: `<kind>#<record>#<version>` (the same as the notifications' outbox entry id's tail). */
export const auditEventId = (entry: AuditEntry) => `${entry.recordKind}#${entry.recordId}#${entry.version}`;

function publicData(entry: AuditEntry, type: EventType): EventData {
  const data: Record<string, string | number | boolean | readonly string[]> = {
    recordKind: entry.recordKind,
    recordId: entry.recordId,
    version: entry.version,
    action: entry.action,
  };
  const detail = entry.detail ?? {};
  for (const [name, kind] of Object.entries(type.fields)) {
    const value = detail[name];
    if (kind === "integer" && Number.isInteger(value)) data[name] = value as number;
    else if ((kind === "string" || kind === "date") && typeof value === "string") data[name] = value;
    else if (kind === "string-list" && Array.isArray(value) && value.every((v) => typeof v === "string"))
      data[name] = [...(value as string[])];
  }
  return data;
}

/**
 * The project-phase workflow's timers write one audit event `project.timers` listing what fell due in that look
 * (`detail.events`: `[{ action, detail }]` — milestone.reminded, milestone.escalated, …): each listed change is its own
 * event, its id the audit event's suffixed with its place in the list (`#<i>`), as the notifications read it.
 */
export function auditEntriesOf(entry: AuditEntry): { entry: AuditEntry; id: string }[] {
  if (entry.action !== "project.timers" || entry.recordKind !== "PROJECT_TRACK")
    return [{ entry, id: auditEventId(entry) }];
  const inner = entry.detail?.["events"];
  if (!Array.isArray(inner)) return [];
  return inner.flatMap((e: unknown, i) => {
    if (typeof e !== "object" || e === null) return [];
    const { action, detail } = e as { action?: unknown; detail?: unknown };
    if (typeof action !== "string") return [];
    const d = typeof detail === "object" && detail !== null ? (detail as Record<string, unknown>) : {};
    return [{ entry: { ...entry, action, detail: d }, id: `${auditEventId(entry)}#${i}` }];
  });
}

/** The CloudEvent an audit event is, or undefined when its action is not in the catalogue. */
export function cloudEventOf(entry: AuditEntry, id = auditEventId(entry)): CloudEvent | undefined {
  const type = eventTypeOf(entry.action, entry.detail, entry.recordKind);
  if (!type) return undefined;
  return {
    specversion: "1.0",
    id,
    source: eventSource,
    type: type.type,
    subject: `${entry.recordKind}/${entry.recordId}`,
    time: entry.at,
    datacontenttype: "application/json",
    dataschema: schemaUrl(type.type),
    data: publicData(entry, type),
  };
}

/** Publishes the catalogue's events among `entries`, in order; how many. */
export async function publishAuditEvents(
  publisher: EventPublisher,
  entries: readonly AuditEntry[],
): Promise<number> {
  const events = entries.flatMap((entry) =>
    auditEntriesOf(entry).flatMap(({ entry: e, id }) => cloudEventOf(e, id) ?? []),
  );
  if (events.length > 0) await publisher.publish(events);
  return events.length;
}

export { dataSchema };
