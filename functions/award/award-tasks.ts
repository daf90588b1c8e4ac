// Use cases behind the award's Task states in workflows/challenge-award.asl.json: the shortlist and the confirmations
// applied, those not selected swept, the award that creates a project per winner, and a challenge marked unsolved (流榜).

import { type ApplicationRecord, applicationKind } from "../applications/model.ts";
import { challengeKind } from "../challenges/model.ts";
import { registeredNames } from "../organisations/organisations.ts";
import { overlapGrantCaps } from "../overlap/checks.ts";
import { nowIso } from "../platform/ports/clock.ts";
import { bump, retryOnConflict, writeInBatches } from "../platform/ports/record-helpers.ts";
import { created, type RecordWrite, updated, workflowAudit } from "../platform/ports/records.ts";
import { type ProjectRecord, projectKind, projectParties, projectPartyKind } from "../projects/model.ts";
import {
  type AwardDeps,
  loadApplication,
  loadChallenge,
  loadProgramme,
  loadRound,
  workflowNotReady,
} from "../review/common.ts";
import { derivedId, type ReviewRoundRecord, roundKind } from "../review/model.ts";
import { budgetError, budgetProblem, plannedGrantFen } from "./award.ts";
import { type NoticeRecord, noticeKind } from "./model.ts";

// ---- workflow tasks ------------------------------------------------------------------------------------------

/** Applies the enterprise's shortlist: the top N ranked applications are shortlisted (budget re-checked). */
export async function applyShortlistTask(
  deps: AwardDeps,
  input: { challengeId: string; round: number },
): Promise<{ outcome: "applied" | "budget-exceeded" }> {
  return retryOnConflict(async () => {
    const round = await loadRound(deps, input.challengeId, input.round);
    const decision = round.pendingDecision;
    if (decision?.kind !== "shortlist") {
      if (round.shortlist) return { outcome: "applied" };
      if (round.sentBack?.by === "workflow") return { outcome: "budget-exceeded" };
      throw workflowNotReady();
    }
    const challenge = await loadChallenge(deps, input.challengeId);
    const programme = await loadProgramme(deps, challenge.programmeId);
    const winners = await Promise.all(
      (round.ranking ?? []).slice(0, decision.winners).map((r) => loadApplication(deps, r.applicationId)),
    );
    const at = nowIso(deps);
    const problem = await budgetProblem(deps, programme, challenge, winners);
    if (problem) {
      await deps.records.write(
        [
          updated(
            roundKind,
            round,
            bump(round, at, {
              pendingDecision: undefined,
              pendingTask: undefined,
              decisions: [...round.decisions, decision],
              sentBack: { by: "workflow", reason: budgetError(problem).message, at },
            }),
            workflowAudit("award.over-budget", { ...problem }),
          ),
        ],
        at,
      );
      return { outcome: "budget-exceeded" };
    }
    await deps.records.write(
      [
        updated(
          roundKind,
          round,
          bump(round, at, {
            pendingDecision: undefined,
            pendingTask: undefined,
            sentBack: undefined,
            decisions: [...round.decisions, decision],
            shortlist: { race: decision.race, winners: decision.winners },
          }),
          workflowAudit("award.shortlisted", { race: decision.race, winners: decision.winners }),
        ),
        ...winners
          .filter((a) => a.status === "ranked")
          .map((a) =>
            updated(
              applicationKind,
              a,
              bump(a, at, { status: "shortlisted" }),
              workflowAudit("application.shortlisted", { rank: a.rank }),
            ),
          ),
      ],
      at,
    );
    return { outcome: "applied" };
  });
}

/** Applies a confirmation: on a send-back the shortlisted applications return to `ranked`. */
export async function applyConfirmationTask(
  deps: AwardDeps,
  input: { challengeId: string; round: number; stage: "bureau" | "approver" },
): Promise<{ outcome: "confirmed" | "sent-back" }> {
  const kind = `${input.stage}-confirmation` as const;
  return retryOnConflict(async () => {
    const round = await loadRound(deps, input.challengeId, input.round);
    const decision = round.pendingDecision;
    if (decision?.kind !== kind) {
      const last = [...round.decisions].reverse().find((d) => d.kind === kind);
      if (last && last.kind !== "shortlist") {
        return { outcome: last.decision === "confirm" ? "confirmed" : "sent-back" };
      }
      throw workflowNotReady();
    }
    const at = nowIso(deps);
    if (decision.decision === "confirm") {
      await deps.records.write(
        [
          updated(
            roundKind,
            round,
            bump(round, at, {
              pendingDecision: undefined,
              pendingTask: undefined,
              decisions: [...round.decisions, decision],
            }),
            workflowAudit(`award.${kind}-confirmed`, { by: decision.by }),
          ),
        ],
        at,
      );
      return { outcome: "confirmed" };
    }
    const shortlisted = (
      await Promise.all((round.ranking ?? []).map((r) => loadApplication(deps, r.applicationId)))
    ).filter((a) => a.status === "shortlisted");
    await deps.records.write(
      [
        updated(
          roundKind,
          round,
          bump(round, at, {
            pendingDecision: undefined,
            pendingTask: undefined,
            shortlist: undefined,
            decisions: [...round.decisions, decision],
            sentBack: { by: decision.by, reason: decision.comment ?? "", at },
          }),
          workflowAudit(`award.${kind}-sent-back`, { by: decision.by }),
        ),
        ...shortlisted.map((a) =>
          updated(
            applicationKind,
            a,
            bump(a, at, { status: "ranked" }),
            workflowAudit("application.shortlist-sent-back"),
          ),
        ),
      ],
      at,
    );
    return { outcome: "sent-back" };
  });
}

const sweepable = new Set(["under-review", "ranked", "shortlisted"]);

/** Applications of the round that did not win become `not-selected` (batches; idempotent by status). */
async function sweepNotSelected(deps: AwardDeps, round: ReviewRoundRecord, at: string): Promise<void> {
  const applications = await Promise.all(
    (round.ranking ?? []).map((r) => loadApplication(deps, r.applicationId)),
  );
  await writeInBatches(
    deps.records,
    applications
      .filter((a) => sweepable.has(a.status))
      .map((a) =>
        updated(
          applicationKind,
          a,
          bump(a, at, { status: "not-selected" }),
          workflowAudit("application.not-selected"),
        ),
      ),
    at,
  );
}

const orgRef = (application: ApplicationRecord, organisationId: string) => ({
  organisationId,
  name: application.organisationNames?.[organisationId] ?? organisationId,
});

/**
 * The notice ended with no open objection: the challenge is awarded, each winner awarded with its project record
 * (awaiting the task book), the notice made final, all in one transaction; then the others are not selected.
 */
export async function awardTask(
  deps: AwardDeps,
  input: { challengeId: string; round: number; noticeId: string },
): Promise<{ projects: number }> {
  return retryOnConflict(async () => {
    const round = await loadRound(deps, input.challengeId, input.round);
    const at = nowIso(deps);
    if (round.status === "awarded") {
      await sweepNotSelected(deps, round, at);
      return { projects: round.projectIds?.length ?? 0 };
    }
    const challenge = await loadChallenge(deps, input.challengeId);
    const programme = await loadProgramme(deps, challenge.programmeId);
    const notice = await deps.records.get(noticeKind, input.noticeId);
    if (!notice) throw workflowNotReady();
    const winners = await Promise.all(notice.winners.map((w) => loadApplication(deps, w.applicationId)));
    const enterpriseId = challenge.enterpriseOrganisationIds[0] ?? "";
    // The enterprise by its registered name (登记名称) where registered: an application names its own consortium
    // only, so without the registry the project named its enterprise by its id.
    const registered = await registeredNames(deps.records, [enterpriseId]);
    // 就高不重复: a grant the bureau capped on an overlap decision (overlap/decisions.ts).
    const caps = await overlapGrantCaps(
      deps.records,
      winners.map((a) => a.id),
    );
    // A winner withdrawn on a decision between the notice's end (which replaces such winners, notices.ts) and now is
    // not funded at grant 0: it leaves as `overlap-withdrawn`; with nobody left the challenge is unsolved.
    const withdrawn = winners.filter((a) => caps.get(a.id) === 0);
    const funded = winners.filter((a) => caps.get(a.id) !== 0);
    const withdrawals = withdrawn.map((a) =>
      updated(
        applicationKind,
        a,
        bump(a, at, { status: "overlap-withdrawn" }),
        workflowAudit("application.overlap-withdrawn", { noticeId: notice.id }),
      ),
    );
    if (funded.length === 0) {
      await deps.records.write(withdrawals, at);
      await markUnsolvedTask(deps, input);
      return { projects: 0 };
    }
    const projects: ProjectRecord[] = funded.map((a) => ({
      id: derivedId("prj", a.id),
      version: 1,
      programmeId: challenge.programmeId,
      challengeId: challenge.id,
      title: challenge.title,
      applicationId: a.id,
      enterprise: {
        organisationId: enterpriseId,
        name: registered.get(enterpriseId) ?? a.organisationNames?.[enterpriseId] ?? enterpriseId,
      },
      enterpriseOrganisationIds: challenge.enterpriseOrganisationIds,
      solverLead: orgRef(a, a.leadOrganisationId),
      solverMembers: a.memberOrganisationIds.map((m) => orgRef(a, m)),
      chiefEngineerId: a.chiefEngineerId,
      rdInvestmentFen: a.rdInvestmentFen,
      grantFen: Math.min(
        plannedGrantFen(programme.policy, challenge, a),
        caps.get(a.id) ?? Number.MAX_SAFE_INTEGER,
      ),
      status: "awaiting-task-book",
      noticeId: notice.id,
      awardedAt: at,
      createdAt: at,
      updatedAt: at,
    }));
    const writes: RecordWrite[] = [
      updated(
        challengeKind,
        challenge,
        bump(challenge, at, { status: "awarded" }),
        workflowAudit("challenge.awarded", { winners: funded.map((w) => w.id) }),
      ),
      ...withdrawals,
      ...funded.map((a) =>
        updated(applicationKind, a, bump(a, at, { status: "awarded" }), workflowAudit("application.awarded")),
      ),
      ...projects.map((p) =>
        created(projectKind, p, workflowAudit("project.created", { grantFen: p.grantFen })),
      ),
      ...projects.flatMap((p) =>
        projectParties(p).map((party) =>
          created(projectPartyKind, party, workflowAudit("project-party.added", { role: party.role })),
        ),
      ),
      updated(
        noticeKind,
        notice,
        bump<NoticeRecord>(notice, at, { status: "final" }),
        workflowAudit("notice.final"),
      ),
      updated(
        roundKind,
        round,
        bump(round, at, { status: "awarded", projectIds: projects.map((p) => p.id), pendingTask: undefined }),
        workflowAudit("award.announced", { projects: projects.map((p) => p.id) }),
      ),
    ];
    await deps.records.write(writes, at);
    await sweepNotSelected(deps, { ...round, status: "awarded" }, at);
    return { projects: projects.length };
  });
}

/** Every winner was removed and nobody is left to offer (递补): the challenge is unsolved (流榜). */
export async function markUnsolvedTask(
  deps: AwardDeps,
  input: { challengeId: string; round: number },
): Promise<{ unsolved: true }> {
  return retryOnConflict(async () => {
    const round = await loadRound(deps, input.challengeId, input.round);
    const at = nowIso(deps);
    if (round.status !== "unsolved") {
      const challenge = await loadChallenge(deps, input.challengeId);
      await deps.records.write(
        [
          updated(
            challengeKind,
            challenge,
            bump(challenge, at, { status: "unsolved" }),
            workflowAudit("challenge.unsolved", { round: input.round, reason: "no winner left" }),
          ),
          updated(
            roundKind,
            round,
            bump(round, at, { status: "unsolved", pendingTask: undefined }),
            workflowAudit("award.unsolved"),
          ),
        ],
        at,
      );
    }
    await sweepNotSelected(deps, round, at);
    return { unsolved: true };
  });
}
