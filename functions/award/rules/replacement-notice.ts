// Pure rules of a replacement's public notice (递补公示): its state as the clock and the objections make it (no workflow
// ends it), and whether the new project's task book may be signed — only once the window is over, every objection ruled
// and none upheld (the policy's publicity of who is funded: 《太原市…行动方案》四（五）, 泰安《实施意见》第24条 递补).
import { conflictError } from "../../kernel/errors.ts";
import type { NoticeRecord, NoticeStatus } from "../model.ts";

type Notice = Pick<NoticeRecord, "status" | "endsAt" | "lastDay" | "objections" | "replacement">;

/** What the notice is now: open while its window runs, then ruling while an objection is open, else ended. */
export function replacementNoticeStatus(notice: Notice, nowMs: number): NoticeStatus {
  if (!notice.replacement || notice.status !== "open") return notice.status;
  if (nowMs <= Date.parse(notice.endsAt)) return "open";
  return notice.objections.some((o) => o.status === "open") ? "ruling" : "ended";
}

/** Refuses the new project's task-book signature while its replacement notice runs or stands objected to. */
export function assertReplacementNoticeOver(notice: Notice, nowMs: number): void {
  if (!notice.replacement) return;
  if (notice.objections.some((o) => o.status === "upheld")) {
    throw conflictError(
      "REPLACEMENT_OBJECTION_UPHELD",
      "An objection to the replacement's public notice was upheld: the task book cannot be signed",
      "递补公示的异议经核查成立，不能签订任务书",
    );
  }
  const status = replacementNoticeStatus(notice, nowMs);
  if (status === "open" || status === "ruling") {
    throw conflictError(
      "REPLACEMENT_ON_NOTICE",
      status === "open"
        ? `The replacement is on public notice until ${notice.lastDay}; the task book is signed after it`
        : "An objection to the replacement's public notice awaits the bureau's ruling",
      status === "open"
        ? `递补结果公示至 ${notice.lastDay}，公示期满无异议后方可签订任务书`
        : "递补公示的异议尚待科技局处理，处理后方可签订任务书",
    );
  }
}
