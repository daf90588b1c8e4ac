// Use cases: delivering notifications from the outbox — each stream entry (a to-do item that appeared, an audit event
// that notifies) becomes its notifications, each written once to its recipient's inbox, then sent on the channels
// each subscribed person chose (e-mail, SMS, WeChat) unless sent already; a failed or quiet-hours send waits for the
// sweep (retries with backoff, then failed: listed for admins).
import type { Clock } from "../platform/ports/clock.ts";
import type { Faults } from "../platform/ports/faults.ts";
import type {
  ChannelSend,
  Mailer,
  MessageGateway,
  NotificationStore,
  SendKey,
} from "../platform/ports/notifications.ts";
import type { RecordStore } from "../platform/ports/records.ts";
import { factsOf } from "./facts.ts";
import type { Channel, Notification, OutboxEntry, Preferences } from "./model.ts";
import { backoffMs, channelsFor, mailText, maxAttempts, sendableAt, shortText } from "./rules/delivery.ts";
import { eventNotifies, notificationsFor } from "./rules/recipients.ts";

export interface DeliveryDeps {
  readonly notifications: NotificationStore;
  readonly records: RecordStore;
  readonly clock: Clock;
  readonly mailer: Mailer;
  readonly gateway?: MessageGateway;
  readonly faults?: Faults;
}

/** The domain of the Message-IDs: `<notification id>.<user>@notifications.jiebang`. */
export const messageIdOf = (key: SendKey) => `<${key.notificationId}.${key.userId}@notifications.jiebang>`;

/** Delivers one outbox entry: idempotent, so a stream record delivered twice shows once and sends once. */
export async function deliverEntry(deps: DeliveryDeps, entry: OutboxEntry): Promise<Notification[]> {
  if (entry.source === "event" && !eventNotifies(entry.event.recordKind, entry.event.action)) return [];
  const record =
    entry.source === "event"
      ? await factsOf(deps.records, entry.event.recordKind, entry.event.recordId, entry.event.detail ?? {})
      : undefined;
  const notifications = notificationsFor(entry, record);
  for (const n of notifications) {
    // Written once; a redelivery (false) still goes on to the channels, whose sends are recorded one by one.
    await deps.notifications.record(n, deps.clock.now().toISOString());
    for (const person of await deps.notifications.subscribers(n.recipient)) {
      for (const channel of channelsFor(n, person)) {
        await sendOnce(deps, n, person, channel, undefined);
      }
    }
  }
  return notifications;
}

/** One channel send to one person unless already done: sent now, deferred by quiet hours, or left for a retry. */
async function sendOnce(
  deps: DeliveryDeps,
  n: Notification,
  person: Preferences,
  channel: Exclude<Channel, "inbox">,
  previous: ChannelSend | undefined,
): Promise<void> {
  const key: SendKey = { notificationId: n.id, userId: person.userId, channel };
  const state = previous ?? (await deps.notifications.send(key));
  if (state?.status === "sent" || state?.status === "failed") return;
  const now = deps.clock.now().toISOString();
  if (state?.notBefore && state.notBefore > now) return;
  const sendable = sendableAt(now, person.quietHours);
  if (sendable > now) {
    await deps.notifications.recordSend(key, n, {
      status: "deferred",
      attempts: state?.attempts ?? 0,
      at: now,
      notBefore: sendable,
    });
    return;
  }
  const attempts = (state?.attempts ?? 0) + 1;
  // An admin's retry (notifications/failures.ts) stays on the send's record.
  const retried = state?.retriedBy ? { retriedBy: state.retriedBy, retriedAt: state.retriedAt ?? now } : {};
  try {
    if (channel === "email") {
      await deps.mailer.send({
        messageId: messageIdOf(key),
        to: person.email!,
        subject: n.title,
        text: mailText(n, person),
      });
    } else {
      if (!deps.gateway) throw new Error("no message gateway is configured");
      await deps.gateway.send({
        id: `${n.id}.${person.userId}`,
        channel,
        to: channel === "sms" ? person.phone! : person.wechatOpenId!,
        text: shortText(n),
      });
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await deps.notifications.recordSend(
      key,
      n,
      attempts >= maxAttempts
        ? { status: "failed", attempts, at: now, error: message, ...retried }
        : {
            status: "retrying",
            attempts,
            at: now,
            error: message,
            notBefore: new Date(Date.parse(now) + backoffMs(attempts)).toISOString(),
            ...retried,
          },
    );
    return;
  }
  // A power cut here sends again after the restart, with the same Message-ID (the mailbox shows it once).
  deps.faults?.crashPoint("notification.after-send");
  await deps.notifications.recordSend(key, n, { status: "sent", attempts, at: now, ...retried });
}

/** The sweep: sends whose retry or quiet hours are over, oldest first; returns how many it tried. */
export async function sendDue(deps: DeliveryDeps, limit = 100): Promise<number> {
  const due = await deps.notifications.due(deps.clock.now().toISOString(), limit);
  for (const send of due) {
    const n = await deps.notifications.get(send.notificationId);
    const person = await deps.notifications.preferences(send.userId);
    if (!n || !person) continue;
    const channel = send.channel as Exclude<Channel, "inbox">;
    if (!channelsFor(n, person).includes(channel)) {
      await deps.notifications.recordSend(send, n, {
        status: "failed",
        attempts: send.attempts,
        at: deps.clock.now().toISOString(),
        error: "channel no longer chosen",
      });
      continue;
    }
    await sendOnce(deps, n, person, channel, send);
  }
  return due.length;
}
