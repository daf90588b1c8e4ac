// Pure rules of the project-milestone workflow (里程碑节点考核): the stage a milestone's execution enters, the report's next
// timer (the reminder before the due date, the escalation after it) and the rectification (整改) deadline's wait, each
// bounded by the execution's horizon, after which it hands over to the next execution.
import { addDays, type IsoDate, shanghaiInstant } from "../../kernel/dates.ts";
import type { MilestoneProgress, ProjectTrackRecord } from "../model.ts";

/** Where a milestone stands: the stage LocateMilestone answers and ResumeStage enters. */
export type MilestoneStage =
  | "report"
  | "panel"
  | "review"
  | "rectification"
  | "opinion"
  | "termination"
  | "horse-race"
  | "passed"
  | "ended";

/** The stage of milestone `index` from the records; `keyMilestone`: the horse race waits after it. */
export function milestoneStage(
  track: Pick<ProjectTrackRecord, "status" | "milestones" | "horseRace" | "terminationReferral">,
  index: number,
  keyMilestone: boolean,
): MilestoneStage {
  if (track.status === "closed" || track.horseRace?.outcome === "closed") return "ended";
  const m = track.milestones.find((x) => x.index === index);
  if (!m) return "ended";
  if (track.status === "termination-referred" || m.status === "failed") return "termination";
  switch (m.status) {
    case "pending":
    case "returned":
    case "validating":
      return "report";
    case "under-review":
      return m.panel.length === 0 ? "panel" : "review";
    case "rectifying":
      return "rectification";
    case "awaiting-payment-opinion":
      return "opinion";
    default:
      return keyMilestone && !track.horseRace ? "horse-race" : "passed";
  }
}

/** The execution's horizon: it hands over this long after it started (handOverAfterSeconds). */
export interface Horizon {
  readonly startedAtMs: number;
  readonly handOverAfterSeconds: number;
}
const horizonAt = (h: Horizon) => h.startedAtMs + h.handOverAfterSeconds * 1000;
const secondsUntil = (atMs: number, nowMs: number) => Math.max(1, Math.ceil((atMs - nowMs) / 1000));

/** End of a Shanghai date: the next day's 00:00 +08:00, epoch ms. */
export const endOfDay = (date: IsoDate) => shanghaiInstant(addDays(date, 1));
/** The reminder: 09:00 in Shanghai, `daysBefore` days before the due date. */
export const reminderAt = (due: IsoDate, daysBefore: number) => shanghaiInstant(addDays(due, -daysBefore), 9);

export type ReportStage = "before-reminder" | "before-due" | "overdue" | "later" | "filed" | "hand-over";

/**
 * The report's next wait (ReportTimers): a filed report is validated; past the horizon the execution hands over;
 * otherwise the reminder, then the due date, then overdue until the horizon — `later` when the timer lies beyond it.
 * A timer already due (not yet applied) fires after one second, so its state shows in the history.
 */
export function reportTimers(
  m: Pick<MilestoneProgress, "status" | "dueDate" | "remindedAt" | "escalatedAt">,
  nowMs: number,
  reminderDaysBefore: number,
  horizon: Horizon,
): { stage: ReportStage; seconds: number } {
  if (m.status === "validating") return { stage: "filed", seconds: 1 };
  const until = horizonAt(horizon);
  if (nowMs >= until) return { stage: "hand-over", seconds: 1 };
  const timer: [ReportStage, number] | undefined = !m.remindedAt
    ? ["before-reminder", reminderAt(m.dueDate, reminderDaysBefore)]
    : !m.escalatedAt
      ? ["before-due", endOfDay(m.dueDate)]
      : undefined;
  if (!timer) return { stage: "overdue", seconds: secondsUntil(until, nowMs) };
  const [stage, at] = timer;
  return at > until
    ? { stage: "later", seconds: secondsUntil(until, nowMs) }
    : { stage, seconds: secondsUntil(at, nowMs) };
}

/**
 * The rectification's wait (PlanRectification): until the deadline's end of day or the horizon, whichever comes
 * first; a hand-over once the horizon has come.
 */
export function rectificationTimer(
  rectifyBy: IsoDate,
  nowMs: number,
  horizon: Horizon,
): { seconds: number; handOver: boolean } {
  const until = horizonAt(horizon);
  if (nowMs >= until) return { seconds: 1, handOver: true };
  return { seconds: secondsUntil(Math.min(endOfDay(rectifyBy), until), nowMs), handOver: false };
}

/** Whether the rectification deadline has passed (RectificationLapsed refers the project when it has). */
export const rectificationLapsed = (rectifyBy: IsoDate, nowMs: number) => nowMs >= endOfDay(rectifyBy);

/** A reminder's answer (AfterReminder): hand over when the stage's next wait would pass the horizon. */
export const reminderHandsOver = (nowMs: number, waitSeconds: number, horizon: Horizon) =>
  nowMs + waitSeconds * 1000 > horizonAt(horizon);
