// Pure rule of applications: the application window (揭榜期), judged on the server's clock to the millisecond.
import type { ChallengeRecord } from "../../challenges/model.ts";
import { businessRuleError } from "../../kernel/errors.ts";

// ---- rules ------------------------------------------------------------------------------------------------------
/**
 * The server's clock decides (never the client's): a challenge takes applications, amendments, signatures and
 * submissions only while it is `open` and opensAt ≤ now < closesAt — even if the publication workflow has not yet
 * flipped the status at close.
 */
export function assertWindowOpen(challenge: ChallengeRecord, now: Date): void {
  const window = challenge.window;
  if (challenge.status !== "open" || !window) {
    throw businessRuleError(
      "CHALLENGE_NOT_OPEN",
      `Challenge ${challenge.id} is ${challenge.status}, not open for applications`,
      `榜单 ${challenge.id} 当前状态为 ${challenge.status}，不在揭榜期内`,
    );
  }
  const nowMs = now.getTime();
  if (nowMs < Date.parse(window.opensAt)) {
    throw businessRuleError(
      "APPLICATION_WINDOW_NOT_OPEN",
      `The application window opens at ${window.opensAt}; server time is ${now.toISOString()}`,
      `揭榜期自 ${window.opensAt} 开始，服务器时间为 ${now.toISOString()}`,
    );
  }
  if (nowMs >= Date.parse(window.closesAt)) {
    throw businessRuleError(
      "APPLICATION_WINDOW_CLOSED",
      `The application window closed at ${window.closesAt}; server time is ${now.toISOString()}`,
      `揭榜期已于 ${window.closesAt} 截止，服务器时间为 ${now.toISOString()}`,
    );
  }
}
