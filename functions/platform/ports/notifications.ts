// Port: the notifications' own items — the delivery record of each notification (its id's marker, with each channel's
// sends), the inbox item under its recipient key, each person's preferences and the subscriber items a recipient key
// fans out to (docs/notifications.md).
import type { Page } from "./records.ts";

/** One channel's send to one person: pending until sent, failed once its attempts ran out. */

/** The channels a notification may go through; the inbox is always on. */
export const channels = ["inbox", "email", "sms", "wechat"] as const;
export type Channel = (typeof channels)[number];

/** One notification to one recipient key (a user, a role in an organisation, or a staff role). */
export interface Notification {
  /** Deterministic: sha-256 of the outbox entry's id and the recipient key (rules/recipients.ts notificationId). */
  readonly id: string;
  /** The stable code of what it tells ("todo.payment.approve", "milestone.reminded"). */
  readonly type: string;
  /** The recipient's key, as the to-do partitions name it: `USER#u`, `ROLE#enterprise@org`, `ROLE#finance`. */
  readonly recipient: string;
  readonly at: string;
  readonly title: string;
  readonly body: string;
  /** The workbench route it opens. */
  readonly link: string;
  /** Amounts, scores, names: only on the inbox and on channels the person chose (never SMS/WeChat unless chosen). */
  readonly private: boolean;
  readonly record: { readonly kind: string; readonly id: string };
  /** Four eyes (a payment awaiting its second officer): holders of the key it is not shown to (the maker). */
  readonly exceptUsers?: readonly string[];
  readonly exceptOrganisations?: readonly string[];
}

/** Quiet hours in Asia/Shanghai, "22:00"–"08:00" (may wrap midnight): channels other than the inbox wait. */
export interface QuietHours {
  readonly from: string;
  readonly to: string;
}

/** A person's notification preferences (record NOTIFICATION_PREFS#<user>). */
export interface Preferences {
  readonly userId: string;
  readonly organisationId: string;
  readonly roles: readonly string[];
  readonly email?: string;
  readonly phone?: string;
  readonly wechatOpenId?: string;
  /** The channels besides the inbox; the default is e-mail only. */
  readonly channels: readonly Exclude<Channel, "inbox">[];
  readonly quietHours?: QuietHours;
}

export interface ChannelSend {
  readonly status: "sent" | "retrying" | "failed" | "deferred";
  readonly attempts: number;
  readonly at: string;
  readonly error?: string;
  /** When a retry or a deferred send (quiet hours) is due. */
  readonly notBefore?: string;
  /** The admin who sent a failed send back for another attempt, and when (kept on its later states). */
  readonly retriedBy?: string;
  readonly retriedAt?: string;
}

export interface SendKey {
  readonly notificationId: string;
  readonly userId: string;
  readonly channel: string;
}

/** A failed send as admins see it. */
export interface FailedSend extends SendKey, ChannelSend {
  readonly type: string;
  readonly recipient: string;
}

/** A notification in an inbox page, with whether this person read it. */
export interface InboxEntry {
  readonly notification: Notification;
  readonly read: boolean;
}

export interface NotificationStore {
  /**
   * Writes the notification's delivery record and its inbox item, both only if absent (one transaction): true when
   * written now, false when it was already (a redelivered stream record).
   */
  record(notification: Notification, at: string): Promise<boolean>;
  get(id: string): Promise<Notification | undefined>;
  /** The inbox of the person holding `recipients` (their keys), newest first: one Query per key of ≤ limit + 1. */
  inbox(
    recipients: readonly string[],
    person: { readonly userId: string; readonly organisationId: string },
    options: { readonly limit: number; readonly cursor?: string },
  ): Promise<Page<InboxEntry>>;
  /** Unread ones under `recipients`: exact up to `cap`. */
  unread(
    recipients: readonly string[],
    person: { readonly userId: string; readonly organisationId: string },
    cap: number,
  ): Promise<{ count: number; capped: boolean }>;
  /** Marks it read by this person (idempotent). */
  markRead(notification: Notification, userId: string): Promise<void>;
  /** A channel send's state, if any. */
  send(key: SendKey): Promise<ChannelSend | undefined>;
  /** Records a channel send's state; failed ones are listed for admins. */
  recordSend(key: SendKey, notification: Notification, state: ChannelSend): Promise<void>;
  /**
   * Records `state` for a send only if it is failed now (an admin's retry): false when it is not (sent meanwhile, or
   * already sent back by another admin).
   */
  retryFailed(key: SendKey, notification: Notification, state: ChannelSend): Promise<boolean>;
  /** Sends waiting for a retry or the end of quiet hours whose time has come (`notBefore` ≤ now), oldest first. */
  due(now: string, limit: number): Promise<FailedSend[]>;
  /** Failed sends, newest first. */
  failures(options: { readonly limit: number; readonly cursor?: string }): Promise<Page<FailedSend>>;
  preferences(userId: string): Promise<Preferences | undefined>;
  /** Stores preferences and the subscriber items of each key the person holds (replacing the previous ones). */
  savePreferences(preferences: Preferences, keys: readonly string[]): Promise<void>;
  /** The people subscribed under a recipient key (with their contacts and channels). */
  subscribers(recipient: string): Promise<Preferences[]>;
}

/** An e-mail as the mail relay gets it: the Message-ID is the notification's, so a resend is recognisably the same. */
export interface MailMessage {
  readonly messageId: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

/** The city's mail relay (SMTP) or Amazon SES. */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

/** The city's message gateway for SMS and WeChat-style messages (an HTTP API, requests signed). */
export interface MessageGateway {
  send(message: {
    readonly id: string;
    readonly channel: "sms" | "wechat";
    readonly to: string;
    readonly text: string;
  }): Promise<void>;
}
