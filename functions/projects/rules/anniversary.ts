// Pure rules of the project-anniversary workflow (安山: 合同签订满一年后拨付): the anniversary's day, moved by every
// approved extension, and the next wait of its execution within the execution's horizon.
import { addMonths, shanghaiInstant } from "../../kernel/dates.ts";
import type { ProjectTrackRecord, TrancheRecord } from "../model.ts";
import type { Horizon } from "./milestone-timers.ts";

/** The months every approved extension adds (every later timer moves, the anniversaries too). */
const extendedMonths = (track: Pick<ProjectTrackRecord, "extensions">) =>
  (track.extensions ?? []).filter((e) => e.status === "approved").reduce((sum, e) => sum + e.months, 0);

/** The anniversary's instant (00:00 in Shanghai), or undefined before the task book is signed. */
export function anniversaryAt(
  track: Pick<ProjectTrackRecord, "taskBook" | "extensions">,
  years: number,
): number | undefined {
  const signedOn = track.taskBook.signedOn;
  return signedOn ? shanghaiInstant(addMonths(signedOn, years * 12 + extendedMonths(track))) : undefined;
}

/**
 * What PlanAnniversary answers: `before` (wait `seconds` until the day), `later` (the day is beyond this execution's
 * horizon: wait until the horizon, then hand over), `due` (the day has come on a project in progress), `ended` (the
 * project closed, or the tranche is no longer planned: made eligible, paid or cancelled by an ending). While the
 * project is referred for termination the tranche is held: it looks again after a day (or at the horizon).
 */
export type AnniversaryStage = "before" | "later" | "due" | "ended";
const daySeconds = 86_400;

export function anniversaryPlan(
  track: Pick<ProjectTrackRecord, "taskBook" | "extensions" | "status">,
  tranche: Pick<TrancheRecord, "status"> | undefined,
  years: number,
  nowMs: number,
  horizon: Horizon,
): { stage: AnniversaryStage; seconds: number } {
  const at = anniversaryAt(track, years);
  if (track.status === "closed" || tranche?.status !== "planned" || at === undefined)
    return { stage: "ended", seconds: 1 };
  const horizonAt = horizon.startedAtMs + horizon.handOverAfterSeconds * 1000;
  const held = track.status !== "in-progress";
  if (nowMs >= at && !held) return { stage: "due", seconds: 1 };
  const wakeAt = held && nowMs >= at ? nowMs + daySeconds * 1000 : at;
  if (wakeAt > horizonAt)
    return { stage: "later", seconds: Math.max(1, Math.ceil((horizonAt - nowMs) / 1000)) };
  return { stage: "before", seconds: Math.max(1, Math.ceil((wakeAt - nowMs) / 1000)) };
}
