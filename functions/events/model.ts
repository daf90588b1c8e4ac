// Domain events context (model): a CloudEvents 1.0 event as the platform publishes it to integrators, the audit event it
// is made from (the outbox entry the change wrote in its own transaction), and the ports it is published through.

/** An audit event as the table's stream carries it (sk `AUDIT#…`): the record's change. */
export interface AuditEntry {
  readonly recordKind: string;
  readonly recordId: string;
  readonly version: number;
  readonly action: string;
  readonly at: string;
  readonly detail?: Record<string, unknown>;
}

/** The public payload of an event: the record it is about, the change and the type's public fields. */
export type EventData = Readonly<Record<string, string | number | boolean | readonly string[]>>;

/** A CloudEvents 1.0 event in its JSON format (structured mode). */
export interface CloudEvent {
  readonly specversion: "1.0";
  /** The audit event's id `<kind>#<record>#<version>`: a redelivery is the same event. */
  readonly id: string;
  readonly source: string;
  readonly type: string;
  /** The record: `<kind>/<id>`. */
  readonly subject: string;
  /** When the change happened (the audit event's time). */
  readonly time: string;
  readonly datacontenttype: "application/json";
  /** Where the type's data schema is published (schemas/events/<type>.json). */
  readonly dataschema: string;
  readonly data: EventData;
}

/** Where events go: the EventBridge custom bus in AWS, the embedded runtime's event log locally. Idempotent by id. */
export interface EventPublisher {
  publish(events: readonly CloudEvent[]): Promise<void>;
}
