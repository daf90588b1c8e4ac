// Use case: an admin sends a failed notification send (发送失败) back for one more attempt — only a send that is failed
// now; the sweep tries it at its next run (quiet hours still apply), and if it fails again it is listed again.
import type { Actor } from "../kernel/actor.ts";
import { conflictError, notFoundError } from "../kernel/errors.ts";
import type { Clock } from "../platform/ports/clock.ts";
import type { FailedSend, NotificationStore, SendKey } from "../platform/ports/notifications.ts";

export interface RetryDeps {
  readonly notifications: NotificationStore;
  readonly clock: Clock;
}

const notFailed = () =>
  conflictError(
    "NOTIFICATION_SEND_NOT_FAILED",
    "This send has not failed: it was sent, or is waiting for its retry",
    "该发送未处于失败状态：已发送或正在等待重试",
  );

/**
 * Sends a failed send back: recorded `retrying`, due now, its attempts kept (the sweep's one attempt makes it failed
 * again at once if it fails), with who sent it back and when. 404 for a send that does not exist, 409 for one not failed.
 */
export async function retryFailedSend(deps: RetryDeps, actor: Actor, key: SendKey): Promise<FailedSend> {
  const [state, notification] = await Promise.all([
    deps.notifications.send(key),
    deps.notifications.get(key.notificationId),
  ]);
  if (!state || !notification)
    throw notFoundError("NOTIFICATION_SEND_NOT_FOUND", "No such notification send", "没有这条通知发送记录");
  if (state.status !== "failed") throw notFailed();
  const now = deps.clock.now().toISOString();
  const next = {
    status: "retrying" as const,
    attempts: state.attempts,
    at: now,
    notBefore: now,
    ...(state.error ? { error: state.error } : {}),
    retriedBy: actor.userId,
    retriedAt: now,
  };
  if (!(await deps.notifications.retryFailed(key, notification, next))) throw notFailed();
  return { ...key, ...next, type: notification.type, recipient: notification.recipient };
}
