// Rules: how a notification goes out to one person — the channels they chose (the inbox always), what a channel may
// carry (nothing private on SMS/WeChat, nor by e-mail the person did not choose: the title and a pointer to the
// workbench), quiet hours, retries with backoff.
import type { Channel, Notification, Preferences, QuietHours } from "../model.ts";
import { defaultChannelsOf } from "./recipients.ts";

/** Attempts per channel send before it is marked failed (listed for admins). */
export const maxAttempts = 6;

/** The wait before attempt `attempt + 1` (attempt ≥ 1): 30 s doubling, at most an hour. */
export const backoffMs = (attempt: number): number =>
  Math.min(3_600_000, 30_000 * 2 ** Math.max(0, attempt - 1));

/**
 * The channels besides the inbox a person gets a notification on: the ones they chose and have an address for, and
 * e-mail for a type whose default channels include it (a decision) when they gave an e-mail address.
 */
export function channelsFor(
  notification: Pick<Notification, "exceptUsers" | "type">,
  person: Preferences,
): Exclude<Channel, "inbox">[] {
  if (notification.exceptUsers?.includes(person.userId)) return [];
  const byDefault = defaultChannelsOf(notification.type).filter((c) => c !== "inbox");
  return [...new Set([...person.channels, ...byDefault])].filter((c) =>
    c === "email"
      ? Boolean(person.email)
      : c === "sms"
        ? Boolean(person.phone)
        : Boolean(person.wechatOpenId),
  );
}

/** The text a short-message channel carries: a private notification's body stays in the workbench. */
export function shortText(notification: Pick<Notification, "title" | "body" | "private">): string {
  return notification.private
    ? `【揭榜挂帅】${notification.title}。详情请登录工作台查看。`
    : `【揭榜挂帅】${notification.title}：${notification.body}`;
}

/**
 * An e-mail's text: the body and the workbench link; a private notification (an amount, a finding) sent by e-mail only
 * by default (a decision to a person who gave an address but did not choose e-mail) carries its title only — nothing
 * private on a channel the person did not choose.
 */
export function mailText(
  notification: Pick<Notification, "title" | "body" | "private" | "link">,
  person: Pick<Preferences, "channels">,
): string {
  const text =
    notification.private && !person.channels.includes("email")
      ? `${notification.title}。详情请登录工作台查看。`
      : notification.body;
  return `${text}\n\n请登录揭榜挂帅工作台查看：${notification.link}`;
}

const minutesOf = (hhmm: string): number => {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  if (!m) throw new Error(`not a time of day: ${hhmm}`);
  return Number(m[1]) * 60 + Number(m[2]);
};

/** Whether "HH:MM" is a valid time of day. */
export const isTimeOfDay = (hhmm: string): boolean => /^([01]\d|2[0-3]):([0-5]\d)$/.test(hhmm);

/**
 * When a send at `at` may go out under the person's quiet hours (Asia/Shanghai): `at` itself outside them, else the
 * end of the quiet hours (the same or the next day). From = to means no quiet hours.
 */
export function sendableAt(at: string, quiet: QuietHours | undefined): string {
  if (!quiet) return at;
  const from = minutesOf(quiet.from);
  const to = minutesOf(quiet.to);
  if (from === to) return at;
  const ms = Date.parse(at);
  const local = ms + 8 * 3_600_000;
  const dayStart = local - (local % 86_400_000);
  const minute = Math.floor((local - dayStart) / 60_000);
  const inside = from < to ? minute >= from && minute < to : minute >= from || minute < to;
  if (!inside) return at;
  const endDay = from < to || minute < to ? dayStart : dayStart + 86_400_000;
  return new Date(endDay + to * 60_000 - 8 * 3_600_000).toISOString();
}
