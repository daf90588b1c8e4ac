// Use cases: the signed-in person's inbox (站内信) — a page newest first over the keys their token gives (their user,
// each role in their organisation, each staff role), the unread count for the header's bell, marking one read — their
// preferences (channels, addresses, quiet hours), and the failed sends admins look at.
import type { Actor } from "../kernel/actor.ts";
import { notFoundError, validationError } from "../kernel/errors.ts";
import type { FailedSend, NotificationStore } from "../platform/ports/notifications.ts";
import type { Page } from "../platform/ports/records.ts";
import { assigneePartitions } from "../platform/ports/todos.ts";
import type { Notification, Preferences } from "./model.ts";
import { isTimeOfDay } from "./rules/delivery.ts";

export interface InboxDeps {
  readonly notifications: NotificationStore;
}

/** The bell counts exactly up to this many; above, "99+". */
export const unreadCap = 99;

/** The recipient keys a person holds (the to-do partitions without their `TODO#` prefix). */
export const recipientKeys = (actor: Actor): string[] =>
  assigneePartitions(actor).map((p) => p.replace(/^TODO#/, ""));

export interface InboxItemView {
  readonly id: string;
  readonly type: string;
  readonly title: string;
  readonly body: string;
  readonly link: string;
  readonly at: string;
  readonly read: boolean;
  readonly record: { readonly kind: string; readonly id: string };
}

const viewOf = (n: Notification, read: boolean): InboxItemView => ({
  id: n.id,
  type: n.type,
  title: n.title,
  body: n.body,
  link: n.link,
  at: n.at,
  read,
  record: n.record,
});

export async function listInbox(
  deps: InboxDeps,
  actor: Actor,
  options: { limit: number; cursor?: string },
): Promise<Page<InboxItemView>> {
  const page = await deps.notifications.inbox(recipientKeys(actor), actor, options);
  return {
    items: page.items.map((e) => viewOf(e.notification, e.read)),
    ...(page.next ? { next: page.next } : {}),
  };
}

export async function unreadCount(deps: InboxDeps, actor: Actor) {
  const { count, capped } = await deps.notifications.unread(recipientKeys(actor), actor, unreadCap);
  return { count, capped, display: capped ? `${unreadCap}+` : String(count) };
}

const notFound = () =>
  notFoundError("NOTIFICATION_NOT_FOUND", "No such notification in your inbox", "您的消息中没有这条通知");

/**
 * Marks notifications of the caller's inbox read; when one is another's (or unknown) nothing is marked and the answer
 * is 404, as if it did not exist.
 */
export async function markRead(
  deps: InboxDeps,
  actor: Actor,
  ids: readonly string[],
): Promise<InboxItemView[]> {
  const keys = recipientKeys(actor);
  const found = await Promise.all([...new Set(ids)].map((id) => deps.notifications.get(id)));
  const mine = found.filter(
    (n): n is Notification =>
      n !== undefined &&
      keys.includes(n.recipient) &&
      !n.exceptUsers?.includes(actor.userId) &&
      !n.exceptOrganisations?.includes(actor.organisationId),
  );
  if (mine.length !== found.length) throw notFound();
  for (const n of mine) await deps.notifications.markRead(n, actor.userId);
  return mine.map((n) => viewOf(n, true));
}

export interface PreferencesInput {
  readonly email?: string;
  readonly phone?: string;
  readonly wechatOpenId?: string;
  readonly channels: readonly ("email" | "sms" | "wechat")[];
  readonly quietHours?: { readonly from: string; readonly to: string };
}

/** The caller's preferences; without any saved: the inbox only. */
export async function myPreferences(deps: InboxDeps, actor: Actor): Promise<Preferences> {
  return (
    (await deps.notifications.preferences(actor.userId)) ?? {
      userId: actor.userId,
      organisationId: actor.organisationId,
      roles: actor.roles,
      channels: [],
    }
  );
}

/** Saves the caller's preferences: a chosen channel needs its address; quiet hours are two times of day. */
export async function savePreferences(
  deps: InboxDeps,
  actor: Actor,
  input: PreferencesInput,
): Promise<Preferences> {
  const missing = input.channels.filter((c) =>
    c === "email" ? !input.email : c === "sms" ? !input.phone : !input.wechatOpenId,
  );
  if (missing.length > 0)
    throw validationError(
      "CHANNEL_ADDRESS_MISSING",
      `A chosen channel has no address: ${missing.join(", ")}`,
      `所选渠道缺少联系方式：${missing.map((c) => ({ email: "邮件", sms: "短信", wechat: "微信" })[c]).join("、")}`,
      missing.map((c) =>
        c === "email"
          ? { path: "body.email", message: "required for e-mail", messageZh: "选择邮件时须填写邮箱" }
          : c === "sms"
            ? { path: "body.phone", message: "required for SMS", messageZh: "选择短信时须填写手机号" }
            : {
                path: "body.wechatOpenId",
                message: "required for WeChat",
                messageZh: "选择微信时须填写微信号",
              },
      ),
    );
  if (input.quietHours && !(isTimeOfDay(input.quietHours.from) && isTimeOfDay(input.quietHours.to)))
    throw validationError(
      "QUIET_HOURS_INVALID",
      "Quiet hours are HH:MM to HH:MM",
      "免打扰时段格式应为 HH:MM",
      [
        { path: "body.quietHours.from", message: "HH:MM", messageZh: "格式应为 HH:MM" },
        { path: "body.quietHours.to", message: "HH:MM", messageZh: "格式应为 HH:MM" },
      ],
    );
  const prefs: Preferences = {
    userId: actor.userId,
    organisationId: actor.organisationId,
    roles: [...actor.roles],
    channels: [...new Set(input.channels)],
    ...(input.email ? { email: input.email } : {}),
    ...(input.phone ? { phone: input.phone } : {}),
    ...(input.wechatOpenId ? { wechatOpenId: input.wechatOpenId } : {}),
    ...(input.quietHours ? { quietHours: input.quietHours } : {}),
  };
  await deps.notifications.savePreferences(prefs, recipientKeys(actor));
  return prefs;
}

export async function failedSends(
  deps: InboxDeps,
  options: { limit: number; cursor?: string },
): Promise<Page<FailedSend>> {
  return deps.notifications.failures(options);
}
