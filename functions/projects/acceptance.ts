// Use cases of final acceptance (结题验收, 《太原市实施“双百攻关行动”工作方案》四（七）3): asked by the enterprise once every milestone
// passed, plan and experts fixed by bureau and enterprise, verdicts and performance scores, the final payment
// opinion; the project closes.

import { type Actor, actorName } from "../kernel/actor.ts";
import { businessRuleError, conflictError } from "../kernel/errors.ts";
import { authorizeRecord } from "../kernel/record-access.ts";
import { nowIso } from "../platform/ports/clock.ts";
import { bump, retryOnConflict } from "../platform/ports/record-helpers.ts";
import { type RecordWrite, updated } from "../platform/ports/records.ts";
import type { ExpertRecord } from "../review/model.ts";
import {
  assertEnterprise,
  assertFreeToVote,
  assertPanelExperts,
  audit,
  loadProjectAndTrack,
  type PanelState,
  type ProjectDeps,
  partyOf,
  projectWithTrack,
  replaceRecused,
  reviewPanel,
  saveTrack,
  stateConflict,
  trancheEligibleOnOpinion,
  wake,
} from "./common.ts";
import { voidedAdjustmentWrites } from "./endings.ts";
import { loadChain, withAcceptanceEvent, withEvent } from "./inbox.ts";
import {
  type Acceptance,
  type ProjectLifecycleRecord,
  type ProjectRecord,
  type ProjectTrackRecord,
  projectKind,
  trackKind,
} from "./model.ts";
import { majorityPasses } from "./rules/review-verdict.ts";

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
  const loaded = await projectWithTrack(deps, projectId);
  assertEnterprise(actor, loaded.project);
  const next = await retryOnConflict(async () => {
    const [project, track] = await loaded.both();
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
    const chain = await loadChain(deps, projectId);
    await deps.records.write(
      [
        updated(trackKind, track, after, audit(actor, "enterprise", "acceptance.requested")),
        ...withEvent(chain, at, "acceptance-requested"),
        updated(
          projectKind,
          project,
          bump(project, at, { status: "under-acceptance" }),
          audit(actor, "enterprise", "project.under-acceptance"),
        ),
      ],
      at,
    );
    return { after, onChain: chain !== undefined };
  });
  // Nothing here concerns the phase execution (every milestone has passed, so no timers run; the acceptance's audit
  // report waits for its decision): it sleeps on until the panel decides. On the chain, project-acceptance waits for it.
  if (next.onChain) await wake(deps, next.after);
  return next.after;
}

/** The bureau and the enterprise each fix the plan and the experts; when both fixed the same plan, review starts. */
export async function fixAcceptancePlan(
  deps: ProjectDeps,
  actor: Actor,
  projectId: string,
  input: { plan: string; expertIds: readonly string[] },
) {
  const { project, withChain } = await projectWithTrack(deps, projectId);
  // The "plan" rule grants only the bureau and the enterprise.
  const party = partyOf(actor, project, "plan") as "bureau" | "enterprise";
  const next = await retryOnConflict(async () => {
    const { track, chain } = await withChain();
    const acceptance = acceptanceOf(track);
    if (acceptance.status === "under-review" && party === "bureau" && acceptance.plan?.text === input.plan)
      return replaceAcceptanceExperts(deps, actor, project, track, chain, acceptance, input.expertIds);
    await assertPanelExperts(deps, project, input.expertIds, "body.expertIds");
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
    await saveTrack(
      deps,
      track,
      after,
      audit(actor, party, "acceptance.plan-fixed", { party, expertIds: plan.expertIds, agreed: both }),
      at,
      both ? withEvent(chain, at, "acceptance-plan-agreed") : [],
    );
    return { after, decided: both && chain !== undefined };
  });
  // The panel's decision wakes the phase execution; on the chain, the plan agreed wakes project-acceptance too.
  if (next.decided) await wake(deps, next.after);
  return next.after;
}

/**
 * Under review the bureau replaces recused (回避) acceptance experts only, the plan's text unchanged
 * (project-common.ts replaceRecused); the review may then complete on the seated experts.
 */
async function replaceAcceptanceExperts(
  deps: ProjectDeps,
  actor: Actor,
  project: ProjectRecord,
  track: ProjectTrackRecord,
  chain: ProjectLifecycleRecord | undefined,
  acceptance: Acceptance,
  expertIds: readonly string[],
) {
  const at = nowIso(deps);
  const { state, replaced, recused } = await replaceRecused(
    deps,
    project,
    panelOf(acceptance),
    acceptance.votes,
    expertIds,
    "body.expertIds",
    at,
  );
  const settled = await settleAcceptance(deps, actor, "bureau", project, track, acceptance, state, at);
  const after = bump(track, at, {
    ...settled.changes,
    acceptance: settled.acceptance,
  });
  await deps.records.write(
    [
      updated(
        trackKind,
        track,
        after,
        audit(actor, "bureau", "acceptance.panel-replaced", {
          replaced,
          recused,
          result: settled.acceptance.result?.verdict,
        }),
      ),
      ...settled.writes,
      ...withAcceptanceEvent(chain, at, settled.acceptance),
    ],
    at,
  );
  return { after, decided: settled.acceptance.result !== undefined };
}

const panelOf = (a: Acceptance) => ({ panel: a.plan?.expertIds ?? [], recusals: a.recusals ?? [] });

/**
 * The acceptance with its votes and panel recorded; decided once the panel is complete (every seated expert voted,
 * a quorum seated: project-common.ts reviewPanel) on the seated experts' votes: majority pass, mean score.
 */
async function settleAcceptance(
  deps: ProjectDeps,
  actor: Actor,
  role: string,
  project: ProjectRecord,
  track: ProjectTrackRecord,
  acceptance: Acceptance,
  panel: PanelState,
  at: string,
  experts?: ReadonlyMap<string, ExpertRecord>,
) {
  const { state, recused, counted, complete } = await reviewPanel(
    deps,
    project,
    panel,
    acceptance.votes,
    at,
    experts,
  );
  let next: Acceptance = {
    ...acceptance,
    ...(acceptance.plan ? { plan: { ...acceptance.plan, expertIds: state.panel } } : {}),
    ...(state.recusals.length > 0 ? { recusals: state.recusals } : {}),
  };
  const writes: RecordWrite[] = [];
  let changes: Partial<ProjectTrackRecord> = {};
  if (complete) {
    const verdict = majorityPasses(counted) ? "pass" : "fail";
    const performanceScore = Math.floor(
      counted.reduce((sum, v) => sum + v.performanceScore, 0) / counted.length,
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
          audit(actor, role, "project.not-accepted", { performanceScore }),
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
          audit(actor, role, "project.accepted", { performanceScore }),
        ),
      );
    }
  }
  // Closed by its acceptance: a dynamic adjustment still awaiting signatures is void with it (projects/endings.ts).
  if (changes.status === "closed") {
    writes.push(...(await voidedAdjustmentWrites(deps, actor, role, project.id, at, "closed")));
  }
  return { acceptance: next, changes, writes, recused };
}

/**
 * An acceptance expert's verdict and performance score; the panel decides once every seated expert voted
 * (settleAcceptance). A member who became conflicted is recused here, recorded with the vote.
 */
export async function voteOnAcceptance(
  deps: ProjectDeps,
  actor: Actor,
  projectId: string,
  input: { verdict: "pass" | "fail"; performanceScore: number; comment: string },
) {
  const next = await retryOnConflict(async () => {
    const [project, track] = await loadProjectAndTrack(deps, projectId);
    const acceptance = acceptanceOf(track);
    const panel = acceptance.plan?.expertIds ?? [];
    authorizeRecord(actor, "acceptance", "review", { assignedUserIds: panel });
    if (acceptance.status !== "under-review") throw stateConflict("review", "验收评审", acceptance.status);
    const experts = await assertFreeToVote(deps, actor, project, acceptance.votes, panel);
    const at = nowIso(deps);
    const votes = [
      ...acceptance.votes,
      { expertId: actor.userId, expertName: actorName(actor), ...input, at },
    ];
    const settled = await settleAcceptance(
      deps,
      actor,
      "expert",
      project,
      track,
      { ...acceptance, votes },
      panelOf(acceptance),
      at,
      experts,
    );
    const after = bump(track, at, {
      ...settled.changes,
      acceptance: settled.acceptance,
    });
    const writes: RecordWrite[] = [
      updated(
        trackKind,
        track,
        after,
        audit(actor, "expert", "acceptance.vote", {
          verdict: input.verdict,
          result: settled.acceptance.result?.verdict,
          ...(settled.recused.length > 0 ? { recused: settled.recused } : {}),
        }),
      ),
      ...settled.writes,
      ...withAcceptanceEvent(await loadChain(deps, projectId), at, settled.acceptance),
    ];
    await deps.records.write(writes, at);
    return after;
  });
  // Only the panel's decision concerns the phase execution; a vote that leaves the review open lets it sleep on.
  if (next.acceptance?.status !== "under-review") await wake(deps, next);
  return next;
}

/** The approver confirms the final payment opinion: the final tranche is eligible and the project closes, accepted. */
export async function confirmAcceptancePayment(deps: ProjectDeps, actor: Actor, projectId: string) {
  const next = await retryOnConflict(async () => {
    const [project, track] = await loadProjectAndTrack(deps, projectId);
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
        paymentOpinion: {
          ...acceptance.paymentOpinion,
          confirmedBy: actor.userId,
          confirmedByName: actorName(actor),
          confirmedAt: at,
        },
      },
    });
    writes.push(...withEvent(await loadChain(deps, projectId), at, "acceptance-opinion-confirmed"));
    writes.push(...(await voidedAdjustmentWrites(deps, actor, "approver", projectId, at, "closed")));
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
