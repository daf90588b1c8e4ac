// Use cases: 就高不重复 (《太原市…行动方案》六（一）) for the winners offered after an upheld objection (递补, ReplaceWinners):
// the award machine checks them (CheckReplacementOverlap) as the bureau's confirmation checked the first winners, and
// waits at AwaitOverlapDecision while a finding is undecided; the bureau's decision that settles the last finding
// completes the wait (overlap/decisions.ts), and the check runs again before the new notice.

import { checkOverlap } from "../overlap/checks.ts";
import { overlapCheckId, overlapCheckKind } from "../overlap/model.ts";
import { bump, retryOnConflict } from "../platform/ports/record-helpers.ts";
import { updated, workflowAudit } from "../platform/ports/records.ts";
import { type AwardDeps, loadApplication, loadChallenge, loadRound } from "../review/common.ts";
import { type ReviewRoundRecord, roundKind } from "../review/model.ts";

const workflow = { userId: "workflow", roles: [] };

/** The winners offered in place of removed ones and not yet on a notice: the round's applications `shortlisted` after a notice. */
async function offeredWinners(deps: Pick<AwardDeps, "records">, round: ReviewRoundRecord): Promise<string[]> {
  if (round.noticeIds.length === 0) return [];
  const applications = await Promise.all(
    (round.ranking ?? []).map((r) => loadApplication(deps, r.applicationId)),
  );
  return applications.filter((a) => a.status === "shortlisted").map((a) => a.id);
}

/** Whether every offered winner's check is settled (each finding decided). */
async function offeredSettled(deps: Pick<AwardDeps, "records">, round: ReviewRoundRecord): Promise<boolean> {
  for (const id of await offeredWinners(deps, round)) {
    const check = await deps.records.get(overlapCheckKind, overlapCheckId(id));
    if (check?.status === "open") return false;
  }
  return true;
}

/**
 * CheckReplacementOverlap: runs the award-stage check of each offered winner (decisions already taken are kept) and
 * answers whether a finding waits for the bureau. Clears a wait parked before (the to-do goes with it).
 */
export async function checkReplacementOverlapTask(
  deps: AwardDeps,
  input: { challengeId: string; round: number },
): Promise<{ undecided: boolean; checked: number }> {
  const round = await loadRound(deps, input.challengeId, input.round);
  const offered = await offeredWinners(deps, round);
  let undecided = false;
  for (const id of offered) {
    const check = await checkOverlap(deps, workflow, id, "award");
    if (check.status === "open") undecided = true;
  }
  if (round.pendingTask?.kind === "overlap") {
    await retryOnConflict(async () => {
      const current = await loadRound(deps, input.challengeId, input.round);
      if (current.pendingTask?.kind !== "overlap") return;
      const at = deps.clock.now().toISOString();
      await deps.records.write(
        [
          updated(
            roundKind,
            current,
            bump(current, at, { pendingTask: undefined }),
            workflowAudit("award.replacement-overlap-checked", { offered, undecided }),
          ),
        ],
        at,
      );
    });
  }
  return { undecided, checked: offered.length };
}

/** A parked AwaitOverlapDecision completes at once when the bureau decided meanwhile. */
export async function completeOverlapWaitIfSettled(
  deps: AwardDeps,
  challengeId: string,
  roundNumber: number,
): Promise<void> {
  const round = await loadRound(deps, challengeId, roundNumber);
  if (round.pendingTask?.kind !== "overlap") return;
  if (await offeredSettled(deps, round)) {
    await deps.workflows.completeTask(round.pendingTask.token, { decided: true });
  }
}

/** After the bureau's decision on an application's check: the award machine's wait for it, if any, goes on. */
export async function overlapDecidedForAward(deps: AwardDeps, applicationId: string): Promise<void> {
  const application = await loadApplication(deps, applicationId);
  if (application.status !== "shortlisted") return;
  const challenge = await loadChallenge(deps, application.challengeId);
  await completeOverlapWaitIfSettled(deps, challenge.id, challenge.round);
}
