// Use cases: 就高不重复 (《太原市…行动方案》六（一）) for the winners offered after an upheld objection (递补, ReplaceWinners):
// the award machine checks them (CheckReplacementOverlap) as the bureau's confirmation checked the first winners, and
// waits at AwaitOverlapDecision while a finding is undecided; the bureau's decision that settles the last finding
// completes the wait (overlap/decisions.ts), and the check runs again before the new notice. A winner withdrawn on the
// decision gives its place to the next-ranked (递补), never onto the notice at grant 0.

import { applicationKind } from "../applications/model.ts";
import { checkOverlap } from "../overlap/checks.ts";
import { overlapCheckId, overlapCheckKind } from "../overlap/model.ts";
import { bump, retryOnConflict } from "../platform/ports/record-helpers.ts";
import { updated, workflowAudit } from "../platform/ports/records.ts";
import { type AwardDeps, loadApplication, loadChallenge, loadRound } from "../review/common.ts";
import { type ReviewRoundRecord, roundKind } from "../review/model.ts";
import { nextRankedOffers } from "./notices.ts";

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
 * Offered winners the bureau withdrew on a 就高不重复 decision (grant capped at 0) leave the round as
 * `overlap-withdrawn`, and the next-ranked applications not yet used are offered in their places (递补), in rank order.
 * Returns the applications newly offered (checked on the next pass).
 */
async function withdrawAndOffer(
  deps: AwardDeps,
  challengeId: string,
  roundNumber: number,
  withdrawn: readonly string[],
): Promise<string[]> {
  return retryOnConflict(async () => {
    const round = await loadRound(deps, challengeId, roundNumber);
    const applications = await Promise.all(
      (round.ranking ?? []).map((r) => loadApplication(deps, r.applicationId)),
    );
    const leaving = applications.filter((a) => withdrawn.includes(a.id) && a.status === "shortlisted");
    if (leaving.length === 0) return [];
    const offered = nextRankedOffers(applications, leaving.length);
    const at = deps.clock.now().toISOString();
    await deps.records.write(
      [
        ...leaving.map((a) =>
          updated(
            applicationKind,
            a,
            bump(a, at, { status: "overlap-withdrawn" }),
            workflowAudit("application.overlap-withdrawn", { checkId: overlapCheckId(a.id) }),
          ),
        ),
        ...offered.map((a) =>
          updated(
            applicationKind,
            a,
            bump(a, at, { status: "shortlisted" }),
            workflowAudit("application.offered", { replaces: leaving.map((l) => l.id), for: "overlap" }),
          ),
        ),
      ],
      at,
    );
    return offered.map((a) => a.id);
  });
}

/**
 * CheckReplacementOverlap: runs the award-stage check of each offered winner (decisions already taken are kept) and
 * answers whether a finding waits for the bureau. An offered winner the bureau withdrew (就高不重复, grant 0) is not put
 * on the new notice: the next-ranked takes its place and is checked in turn. Answers how many winners the new notice
 * has (0: nobody is left, the challenge is unsolved). Clears a wait parked before (the to-do goes with it).
 */
export async function checkReplacementOverlapTask(
  deps: AwardDeps,
  input: { challengeId: string; round: number },
): Promise<{ undecided: boolean; checked: number; winnersLeft: number }> {
  let round = await loadRound(deps, input.challengeId, input.round);
  let offered = await offeredWinners(deps, round);
  let undecided = false;
  const checked = new Set<string>();
  // Each pass checks the offered winners not checked yet; withdrawals offer new ones; the ranking bounds the passes.
  for (let pass = 0; pass <= (round.ranking ?? []).length; pass++) {
    const withdrawn: string[] = [];
    for (const id of offered.filter((o) => !checked.has(o))) {
      const check = await checkOverlap(deps, workflow, id, "award");
      checked.add(id);
      if (check.status === "open") undecided = true;
      else if (check.grantCapFen === 0) withdrawn.push(id);
    }
    if (withdrawn.length === 0) break;
    await withdrawAndOffer(deps, input.challengeId, input.round, withdrawn);
    round = await loadRound(deps, input.challengeId, input.round);
    offered = await offeredWinners(deps, round);
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
  return { undecided, checked: checked.size, winnersLeft: await winnersLeft(deps, round) };
}

/** The winners the next notice would name: still on notice (not removed) or offered. */
async function winnersLeft(deps: Pick<AwardDeps, "records">, round: ReviewRoundRecord): Promise<number> {
  const applications = await Promise.all(
    (round.ranking ?? []).map((r) => loadApplication(deps, r.applicationId)),
  );
  return applications.filter((a) => a.status === "on-notice" || a.status === "shortlisted").length;
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
