// Use cases behind the Task states of workflows/project-start.asl.json (任务书签订 → 首笔拨付) and
// workflows/project-acceptance.asl.json (结题验收) that look at or move the records: where the project stands, and the
// reminders of the parties still to act. The parks and the hand-overs are in lifecycle.ts.
import { writeProjectOverlapReports } from "../overlap/reports.ts";
import { nowIso } from "../platform/ports/clock.ts";
import { retryOnConflict } from "../platform/ports/record-helpers.ts";
import { workflowAudit } from "../platform/ports/records.ts";
import { loadTrack, type ProjectDeps } from "./common.ts";
import { type ProjectTrackRecord, type SignatoryParty, signatoryParties } from "./model.ts";
import { recordNotices } from "./notices.ts";
import { type AcceptanceStage, acceptanceStage } from "./rules/acceptance-stage.ts";
import { reminderHandsOver } from "./rules/milestone-timers.ts";
import { type StartStage, startStage } from "./rules/start-stage.ts";

/** The parties who have not signed the task book's current revision (RemindSignatories reminds them). */
export function unsignedParties(track: Pick<ProjectTrackRecord, "taskBook">): SignatoryParty[] {
  const book = track.taskBook;
  return signatoryParties.filter(
    (p) => !book.signatures.some((s) => s.party === p && s.revision === book.revision),
  );
}

/** LocateStart: the stage the records say the project is at (signatures, signed, ended). */
export async function locateStartTask(
  deps: ProjectDeps,
  input: { projectId: string },
): Promise<{ stage: StartStage }> {
  const track = await loadTrack(deps, input.projectId);
  // 就高不重复 decisions taken at award, before the project existed, go into its audit reports now (overlap/reports.ts).
  if (track.status === "drafting") await writeProjectOverlapReports(deps, input.projectId);
  return { stage: startStage(track) };
}

/**
 * RemindSignatories: a notice to each party that has not signed the current revision (nothing once it is signed);
 * `handOver` when the next wait would pass this execution's horizon.
 */
export async function remindSignatoriesTask(
  deps: ProjectDeps,
  input: { projectId: string; waitSeconds: number; executionStartedAt: string; handOverAfterSeconds: number },
): Promise<{ reminded: string[]; handOver: boolean }> {
  const reminded = await retryOnConflict(async () => {
    const track = await loadTrack(deps, input.projectId);
    const parties = track.status === "drafting" ? unsignedParties(track) : [];
    if (parties.length === 0) return [];
    const at = nowIso(deps);
    // A record of its own, not an entry rewriting the track (notices.ts).
    await recordNotices(
      deps,
      input.projectId,
      parties.map((to) => ({ kind: "signatures-overdue", at, to })),
      workflowAudit("task-book.signatures-overdue", { revision: track.taskBook.revision, parties }),
      at,
    );
    return parties;
  });
  const horizon = {
    startedAtMs: Date.parse(input.executionStartedAt),
    handOverAfterSeconds: input.handOverAfterSeconds,
  };
  return { reminded, handOver: reminderHandsOver(deps.clock.now().getTime(), input.waitSeconds, horizon) };
}

/** LocateAcceptance: the stage the records say the acceptance is at. */
export async function locateAcceptanceTask(
  deps: ProjectDeps,
  input: { projectId: string },
): Promise<{ stage: AcceptanceStage }> {
  return { stage: acceptanceStage(await loadTrack(deps, input.projectId)) };
}

/** Who is reminded while the acceptance waits, by stage. */
function acceptanceReminded(track: ProjectTrackRecord, stage: string): string[] {
  const a = track.acceptance;
  switch (stage) {
    case "request":
      return a ? [] : ["enterprise"];
    case "plan":
      return a?.status === "planning"
        ? (["bureau", "enterprise"] as const).filter((p) => !a.fixedBy.some((f) => f.party === p))
        : [];
    case "review":
      return a?.status === "under-review"
        ? (a.plan?.expertIds ?? [])
            .filter((e) => !a.votes.some((v) => v.expertId === e))
            .map((e) => `expert:${e}`)
        : [];
    default:
      return a?.status === "awaiting-payment-opinion" ? ["approver"] : [];
  }
}

/**
 * The reminders of project-acceptance (RemindEnterpriseToRequest, RemindPlanParties, RemindAcceptancePanel,
 * RemindApprover): a notice to each party still to act at `stage` (nothing once it acted); `handOver` when the next
 * wait would pass this execution's horizon.
 */
export async function remindAcceptanceTask(
  deps: ProjectDeps,
  input: {
    projectId: string;
    stage: string;
    waitSeconds: number;
    executionStartedAt: string;
    handOverAfterSeconds: number;
  },
): Promise<{ reminded: string[]; handOver: boolean }> {
  const reminded = await retryOnConflict(async () => {
    const track = await loadTrack(deps, input.projectId);
    const parties = track.status === "closed" ? [] : acceptanceReminded(track, input.stage);
    if (parties.length === 0) return [];
    const at = nowIso(deps);
    const kind = `acceptance-${input.stage}-overdue`;
    // A record of its own, not an entry rewriting the track (notices.ts).
    await recordNotices(
      deps,
      input.projectId,
      parties.map((to) => ({ kind, at, to })),
      workflowAudit("acceptance.wait-overdue", { stage: input.stage, parties }),
      at,
    );
    return parties;
  });
  const horizon = {
    startedAtMs: Date.parse(input.executionStartedAt),
    handOverAfterSeconds: input.handOverAfterSeconds,
  };
  return { reminded, handOver: reminderHandsOver(deps.clock.now().getTime(), input.waitSeconds, horizon) };
}
