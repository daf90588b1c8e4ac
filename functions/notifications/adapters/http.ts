// Adapter (HTTP): the signed-in person's inbox (a page newest first, the unread count for the bell, mark read), their
// notification preferences, and admins' view of failed sends and their retry; thin over notifications/inbox.ts and
// notifications/failures.ts.
import * as z from "zod/mini";
import { currentClock } from "../../platform/clock.ts";
import { type HttpRequest, httpHandler, route } from "../../platform/http/frame.ts";
import { actor } from "../../platform/http/request.ts";
import { retryFailedSend } from "../failures.ts";
import { failedSends, listInbox, markRead, myPreferences, savePreferences, unreadCount } from "../inbox.ts";
import {
  failedSendPageSchema,
  failedSendSchema,
  inboxPageSchema,
  preferencesInputSchema,
  preferencesSchema,
  readResultSchema,
  sendKeyInputSchema,
  unreadCountSchema,
} from "../views.ts";
import { notificationStore } from "./deps.ts";

const deps = (_request: HttpRequest<unknown, unknown, unknown>) => ({ notifications: notificationStore() });

const page = () =>
  z.strictObject({
    limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 25),
    cursor: z.optional(z.string().check(z.maxLength(2048))),
  });

export const handler = httpHandler("notifications-api", {
  "GET /v1/me/notifications": route(
    () => ({ query: page(), response: { 200: inboxPageSchema } }),
    async (request) => {
      const result = await listInbox(deps(request), actor(request.principal), {
        limit: request.query.limit,
        ...(request.query.cursor ? { cursor: request.query.cursor } : {}),
      });
      return { status: 200, body: result };
    },
  ),

  "GET /v1/me/notifications/unread-count": route(
    () => ({ query: z.strictObject({}), response: { 200: unreadCountSchema } }),
    async (request) => ({ status: 200, body: await unreadCount(deps(request), actor(request.principal)) }),
  ),

  "POST /v1/me/notifications/read": route(
    () => ({
      body: z.strictObject({
        ids: z.array(z.string().check(z.regex(/^n-[0-9a-f]{32}$/))).check(z.minLength(1), z.maxLength(25)),
      }),
      response: { 200: readResultSchema },
      description:
        "Idempotent. 404 NOTIFICATION_NOT_FOUND (nothing marked) when an id is not a notification of the caller's inbox.",
    }),
    async (request) => ({
      status: 200,
      body: { items: await markRead(deps(request), actor(request.principal), request.body.ids) },
    }),
  ),

  "GET /v1/me/notification-preferences": route(
    () => ({ query: z.strictObject({}), response: { 200: preferencesSchema } }),
    async (request) => ({ status: 200, body: await myPreferences(deps(request), actor(request.principal)) }),
  ),

  "PUT /v1/me/notification-preferences": route(
    () => ({
      body: preferencesInputSchema(),
      response: { 200: preferencesSchema },
      description:
        "Channels besides the inbox (always on): email, sms, wechat, each needing its address (400 CHANNEL_ADDRESS_MISSING); quiet hours in Asia/Shanghai.",
    }),
    async (request) => ({
      status: 200,
      body: await savePreferences(deps(request), actor(request.principal), request.body),
    }),
  ),

  "GET /v1/admin/notification-failures": route(
    () => ({ query: page(), response: { 200: failedSendPageSchema } }),
    async (request) => ({
      status: 200,
      body: await failedSends(deps(request), {
        limit: request.query.limit,
        ...(request.query.cursor ? { cursor: request.query.cursor } : {}),
      }),
    }),
  ),

  "POST /v1/admin/notification-failures/retry": route(
    () => ({
      body: sendKeyInputSchema(),
      response: { 202: failedSendSchema },
      description:
        "Sends a failed send back for one more attempt at the sweep's next run; 404 NOTIFICATION_SEND_NOT_FOUND, 409 NOTIFICATION_SEND_NOT_FAILED when it is not failed now.",
    }),
    async (request) => ({
      status: 202,
      body: await retryFailedSend(
        { notifications: notificationStore(), clock: currentClock() },
        actor(request.principal),
        request.body,
      ),
    }),
  ),
});
