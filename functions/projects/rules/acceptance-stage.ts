// Pure rules of the project-acceptance workflow (结题验收, 《太原市实施“双百攻关行动”工作方案》四（七）3): the stage its
// execution enters, read from the track's acceptance.
import type { ProjectTrackRecord } from "../model.ts";

/** Where the acceptance stands: the stage LocateAcceptance answers and ResumeStage enters. */
export type AcceptanceStage =
  | "request"
  | "plan"
  | "review"
  | "opinion"
  | "accepted"
  | "not-accepted"
  | "ended";

const byStatus = {
  planning: "plan",
  "under-review": "review",
  "awaiting-payment-opinion": "opinion",
  passed: "accepted",
  failed: "not-accepted",
} as const;

/**
 * The stage from the records: awaiting the enterprise's request until it asks, then the acceptance's own status; a
 * project closed otherwise (terminated, fraud, the horse race) has ended.
 */
export function acceptanceStage(track: Pick<ProjectTrackRecord, "status" | "acceptance">): AcceptanceStage {
  const a = track.acceptance;
  if (track.status === "closed")
    return a && (a.status === "passed" || a.status === "failed") ? byStatus[a.status] : "ended";
  return a ? byStatus[a.status] : "request";
}
