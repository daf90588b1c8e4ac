// Use cases of final acceptance (结题验收, issue 5 item 8): asked by the enterprise once every milestone passed, plan
// and experts fixed by bureau and enterprise, verdicts and performance scores, the final payment opinion; the
// project closes.
import { businessRuleError, conflictError } from "../domain/errors.ts";
import { authorizeRecord } from "../domain/record-access.ts";
import { type RecordWrite, updated } from "../ports/records.ts";
import {
  type Actor,
  assertEnterprise,
  assertFreeToVote,
  assertPanelExperts,
  audit,
  loadProject,
  loadTrack,
  majorityPasses,
  nowIso,
  type ProjectDeps,
  partyOf,
  stateConflict,
  trancheEligibleOnOpinion,
  wake,
} from "./project-common.ts";
import { type Acceptance, type ProjectTrackRecord, trackKind } from "./project-model.ts";
import { bump, retryOnConflict } from "./review.ts";
import { projectKind } from "./review-model.ts";

// ---- final acceptance (结题验收) --------------------------------------------------------------------------------
function acceptanceOf(track: ProjectTrackRecord): Acceptance {
  if (!track.acceptance)
    throw conflictError("NO_ACCEPTANCE", "Acceptance has not been asked for", "尚未申请验收");
  return track.acceptance;
}

/** The enterprise asks for final acceptance once every milestone has passed. */
export async function requestAcceptance(
  deps: ProjectDeps,
  actor: Actor,
  projectId: string,
  input: { summary: string },
) {
  const project0 = await loadProject(deps, projectId);
  assertEnterprise(actor, project0);
  const next = await retryOnConflict(async () => {
    const project = await loadProject(deps, projectId);
    const track = await loadTrack(deps, projectId);
    if (track.status !== "in-progress" || track.acceptance)
      throw stateConflict("ask for acceptance", "申请验收", track.acceptance?.status ?? track.status);
    const open = track.milestones.filter((m) => m.status !== "passed").map((m) => m.index);
    if (open.length > 0) {
      throw businessRuleError(
        "MILESTONES_OPEN",
        `Milestones ${open.join(", ")} have not passed`,
        `第${open.join("、")}个里程碑尚未通过`,
      );
    }
    const at = nowIso(deps);
    const acceptance: Acceptance = {
      status: "planning",
      summary: input.summary,
      requestedBy: actor.userId,
      requestedAt: at,
      fixedBy: [],
      votes: [],
    };
    const after = bump(track, at, { acceptance });
    await deps.records.write(
      [
        updated(trackKind, track, after, audit(actor, "enterprise", "acceptance.requested")),
        updated(
          projectKind,
          project,
          bump(project, at, { status: "under-acceptance" }),
          audit(actor, "enterprise", "project.under-acceptance"),
        ),
      ],
      at,
    );
    return after;
  });
  await wake(deps, next);
  return next;
}

/** The bureau and the enterprise each fix the plan and the experts; when both fixed the same plan, review starts. */
export async function fixAcceptancePlan(
  deps: ProjectDeps,
  actor: Actor,
  projectId: string,
  input: { plan: string; expertIds: readonly string[] },
) {
  const project = await loadProject(deps, projectId);
  // The "plan" rule grants only the bureau and the enterprise.
  const party = partyOf(actor, project, "plan") as "bureau" | "enterprise";
  await assertPanelExperts(deps, project, input.expertIds, "body.expertIds");
  return retryOnConflict(async () => {
    const track = await loadTrack(deps, projectId);
    const acceptance = acceptanceOf(track);
    if (acceptance.status !== "planning")
      throw stateConflict("change the plan", "修改验收方案", acceptance.status);
    const plan = { text: input.plan, expertIds: [...new Set(input.expertIds)] };
    // Field by field: the store does not keep the order of an object's keys.
    const same =
      acceptance.plan?.text === plan.text &&
      acceptance.plan.expertIds.length === plan.expertIds.length &&
      acceptance.plan.expertIds.every((e, i) => e === plan.expertIds[i]);
    const at = nowIso(deps);
    const fixedBy = [
      ...(same ? acceptance.fixedBy.filter((f) => f.party !== party) : []),
      { party, by: actor.userId, at },
    ];
    const both = fixedBy.some((f) => f.party === "bureau") && fixedBy.some((f) => f.party === "enterprise");
    const after = bump(track, at, {
      acceptance: { ...acceptance, plan, fixedBy, status: both ? "under-review" : "planning" },
    });
    await deps.records.write(
      [
        updated(
          trackKind,
          track,
          after,
          audit(actor, party, "acceptance.plan-fixed", { party, expertIds: plan.expertIds, agreed: both }),
        ),
      ],
      at,
    );
    return after;
  });
}

/** An acceptance expert's verdict and performance score; the last one decides (majority pass). */
export async function voteOnAcceptance(
  deps: ProjectDeps,
  actor: Actor,
  projectId: string,
  input: { verdict: "pass" | "fail"; performanceScore: number; comment: string },
) {
  const next = await retryOnConflict(async () => {
    const project = await loadProject(deps, projectId);
    const track = await loadTrack(deps, projectId);
    const acceptance = acceptanceOf(track);
    const panel = acceptance.plan?.expertIds ?? [];
    authorizeRecord(actor, "acceptance", "review", { assignedUserIds: panel });
    if (acceptance.status !== "under-review") throw stateConflict("review", "验收评审", acceptance.status);
    await assertFreeToVote(deps, actor, project, acceptance.votes);
    const at = nowIso(deps);
    const votes = [...acceptance.votes, { expertId: actor.userId, ...input, at }];
    let next: Acceptance = { ...acceptance, votes };
    const writes: RecordWrite[] = [];
    let changes: Partial<ProjectTrackRecord> = {};
    if (panel.every((e) => votes.some((v) => v.expertId === e))) {
      const verdict = majorityPasses(votes) ? "pass" : "fail";
      const performanceScore = Math.floor(
        votes.reduce((sum, v) => sum + v.performanceScore, 0) / votes.length,
      );
      const final = track.taskBook.tranches.find((t) => t.condition.kind === "final-acceptance");
      next = { ...next, result: { verdict, performanceScore, at } };
      if (verdict === "fail") {
        next = { ...next, status: "failed" };
        changes = { status: "closed" };
        writes.push(
          updated(
            projectKind,
            project,
            bump(project, at, { status: "not-accepted" }),
            audit(actor, "expert", "project.not-accepted", { performanceScore }),
          ),
        );
      } else if (final) {
        next = {
          ...next,
          status: "awaiting-payment-opinion",
          paymentOpinion: { trancheIndex: final.index, amountFen: final.amountFen },
        };
      } else {
        next = { ...next, status: "passed" };
        changes = { status: "closed" };
        writes.push(
          updated(
            projectKind,
            project,
            bump(project, at, { status: "accepted" }),
            audit(actor, "expert", "project.accepted", { performanceScore }),
          ),
        );
      }
    }
    const after = bump(track, at, { ...changes, acceptance: next });
    writes.unshift(
      updated(
        trackKind,
        track,
        after,
        audit(actor, "expert", "acceptance.vote", { verdict: input.verdict, result: next.result?.verdict }),
      ),
    );
    await deps.records.write(writes, at);
    return after;
  });
  await wake(deps, next);
  return next;
}

/** The approver confirms the final payment opinion: the final tranche is eligible and the project closes, accepted. */
export async function confirmAcceptancePayment(deps: ProjectDeps, actor: Actor, projectId: string) {
  const next = await retryOnConflict(async () => {
    const project = await loadProject(deps, projectId);
    const track = await loadTrack(deps, projectId);
    const acceptance = acceptanceOf(track);
    if (acceptance.status !== "awaiting-payment-opinion" || !acceptance.paymentOpinion) {
      throw stateConflict("confirm the final payment opinion", "审定结题拨付意见", acceptance.status);
    }
    const at = nowIso(deps);
    const writes: RecordWrite[] = [];
    const index = acceptance.paymentOpinion.trancheIndex;
    if (index !== undefined) {
      writes.push(
        ...(await trancheEligibleOnOpinion(deps, actor, projectId, index, at, {
          reason: "final-acceptance",
        })),
      );
    }
    const after = bump(track, at, {
      status: "closed",
      acceptance: {
        ...acceptance,
        status: "passed",
        paymentOpinion: { ...acceptance.paymentOpinion, confirmedBy: actor.userId, confirmedAt: at },
      },
    });
    writes.unshift(
      updated(
        trackKind,
        track,
        after,
        audit(actor, "approver", "acceptance.payment-opinion-confirmed", { trancheIndex: index }),
      ),
      updated(
        projectKind,
        project,
        bump(project, at, { status: "accepted" }),
        audit(actor, "approver", "project.accepted"),
      ),
    );
    await deps.records.write(writes, at);
    return after;
  });
  await wake(deps, next);
  return next;
}
