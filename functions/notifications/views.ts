// Views of the notifications: the inbox page, the unread count, preferences and admins' failed sends, as zod/mini
// schemas built on first use (the OpenAPI document and the route specs' `response`).
import * as z from "zod/mini";
import { lazySchema, pageOf } from "../kernel/view-schemas.ts";
import type { InboxItemView } from "./inbox.ts";

export const inboxItemSchema = lazySchema("InboxItem", () =>
  z.strictObject({
    id: z.string(),
    type: z.string(),
    title: z.string(),
    body: z.string(),
    link: z.string(),
    at: z.string(),
    read: z.boolean(),
    record: z.strictObject({ kind: z.string(), id: z.string() }),
  }),
);

export const inboxPageSchema = lazySchema(() => pageOf(inboxItemSchema()));

/** POST /v1/me/notifications/read: the notifications marked read. */
export const readResultSchema = lazySchema(() => z.strictObject({ items: z.array(inboxItemSchema()) }));

export const unreadCountSchema = lazySchema(() =>
  z.strictObject({ count: z.number(), capped: z.boolean(), display: z.string() }),
);

const channel = () => z.enum(["email", "sms", "wechat"]);
const quietHours = () =>
  z.strictObject({
    from: z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/)),
    to: z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/)),
  });

export const preferencesInputSchema = () =>
  z.strictObject({
    email: z.optional(z.email().check(z.maxLength(254))),
    phone: z.optional(z.string().check(z.regex(/^\+?\d{6,15}$/))),
    wechatOpenId: z.optional(z.string().check(z.minLength(1), z.maxLength(128))),
    channels: z.array(channel()).check(z.maxLength(3)),
    quietHours: z.optional(quietHours()),
  });

export const preferencesSchema = lazySchema("NotificationPreferences", () =>
  z.strictObject({
    userId: z.string(),
    organisationId: z.string(),
    roles: z.array(z.string()),
    email: z.optional(z.string()),
    phone: z.optional(z.string()),
    wechatOpenId: z.optional(z.string()),
    channels: z.array(channel()),
    quietHours: z.optional(quietHours()),
  }),
);

const failedSend = () =>
  z.strictObject({
    notificationId: z.string(),
    userId: z.string(),
    channel: z.string(),
    status: z.string(),
    attempts: z.number(),
    at: z.string(),
    error: z.optional(z.string()),
    notBefore: z.optional(z.string()),
    /** The admin who sent it back for another attempt (POST /v1/admin/notification-failures/retry), and when. */
    retriedBy: z.optional(z.string()),
    retriedAt: z.optional(z.string()),
    type: z.string(),
    recipient: z.string(),
  });

export const failedSendPageSchema = lazySchema(() => pageOf(failedSend()));

export const failedSendSchema = lazySchema("FailedNotificationSend", failedSend);

/** Which send to retry: the notification, the person and the channel (as the failures list names them). */
export const sendKeyInputSchema = () =>
  z.strictObject({
    notificationId: z.string().check(z.regex(/^n-[0-9a-f]{32}$/)),
    userId: z.string().check(z.minLength(1), z.maxLength(256)),
    channel: z.enum(["email", "sms", "wechat"]),
  });

/** The view the use case builds is the body the schema describes (a compile-time check). */
export const inboxViewMatchesSchema: (view: InboxItemView) => z.output<ReturnType<typeof inboxItemSchema>> = (
  view,
) => view;
