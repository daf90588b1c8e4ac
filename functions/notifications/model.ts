// Notifications context: what a notification is (to whom, what, where it leads, whether it is private), what the
// stream delivers it from (a to-do item that appeared, or an audit event: the outbox written with the change), and a
// person's preferences (channels, quiet hours, addresses).
import type { TodoAssignee } from "../kernel/todos.ts";

import type { Channel, Notification, Preferences, QuietHours } from "../platform/ports/notifications.ts";

export { channels } from "../platform/ports/notifications.ts";
export type { Channel, Notification, Preferences, QuietHours };

/** What caused a notification: an item the change wrote in its own transaction (docs/notifications.md). */
export type OutboxEntry =
  | {
      /** A to-do item appeared for an assignee key (pk `TODO#…`, ports/todos.ts). */
      readonly source: "todo";
      readonly partition: string;
      readonly todo: {
        readonly id: string;
        readonly action: string;
        readonly since: string;
        readonly deadline?: string;
        readonly link: string;
        readonly title?: string;
        readonly recordKind: string;
        readonly recordId: string;
        readonly exceptUsers?: readonly string[];
        readonly exceptOrganisations?: readonly string[];
      };
    }
  | {
      /** An audit event (sk `AUDIT#…`): the record's change, with its actor, action and detail. */
      readonly source: "event";
      readonly event: {
        readonly recordKind: string;
        readonly recordId: string;
        readonly version: number;
        readonly action: string;
        readonly at: string;
        readonly actor: string;
        readonly detail?: Record<string, unknown>;
      };
    };

export type { TodoAssignee };
