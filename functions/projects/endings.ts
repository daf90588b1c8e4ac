// Use cases of a project's early end and extension (《太原市实施“双百攻关行动”工作方案》四（七）4): termination (终止) decided by the bureau
// or proposed by any signatory, fraud (弄虚作假) with its credit records, each handing a recovery to finance; and
// force-majeure extensions (延期) shifting every later due date and timer.

import { addCreditRecord } from "../credit/credit-records.ts";
import { performanceId, performanceKind } from "../followup/performance-model.ts";
import { voidPendingAdjustments } from "../followup/rules/performance.ts";
import { type Actor, actorName } from "../kernel/actor.ts";
import { shanghaiDate } from "../kernel/dates.ts";
import { businessRuleError, conflictError, validationError } from "../kernel/errors.ts";
import { nowIso } from "../platform/ports/clock.ts";
import {
  bump,
  isVersionConflict,
  listAll,
  mustGet,
  retryOnConflict,
} from "../platform/ports/record-helpers.ts";
import { created, type RecordWrite, updated } from "../platform/ports/records.ts";
import { type ProgrammeRecord, programmeKind } from "../programmes/model.ts";
import { type RecoveryRecord, recoveryId, recoveryKind } from "../recoveries/model.ts";
import { syncRecoveryAssessment } from "../recoveries/recoveries.ts";
import { computeRecovery } from "../recoveries/rules/recovery.ts";
import {
  audit,
  loadProject,
  loadTrack,
  loadTrackAndChain,
  type ProjectDeps,
  partyOf,
  saveTrack,
  solverOrgs,
  stateConflict,
  wake,
} from "./common.ts";
import { withEvent } from "./inbox.ts";
import {
  type ProjectTrackRecord,
  projectKind,
  type SignatoryParty,
  type Termination,
  type TerminationProposal,
  trackKind,
  trancheKind,
  tranchesOfProject,
} from "./model.ts";

// ---- termination (终止) and fraud (弄虚作假) ---------------------------------------------------------------------
export interface TerminationDecision {
  readonly reason: string;
  readonly fault: boolean;
  readonly proposedBy: SignatoryParty;
  readonly thirdPartyReview?: { reviewer: string; conclusion: string; reviewedOn: string } | undefined;
  /** R&D spending of the paid money verified by the latest special audit (专项审计). */
  readonly verifiedSpendingFen: number;
}

/**
 * Ends the project early: unpaid tranches cancelled, a RECOVERY record for finance (paid-but-unspent money on
 * termination, all paid money on fraud), the project terminated and its phase execution ended — one transaction.
 */
export async function endProject(
  deps: ProjectDeps,
  actor: Actor,
  projectId: string,
  kind: "termination" | "fraud",
  decision: TerminationDecision,
  /** Written on the track in the same transaction (a horse race's outcome, the approved proposal). */
  trackChanges: (
    track: ProjectTrackRecord,
    at: string,
  ) => Pick<ProjectTrackRecord, "horseRace" | "terminationProposals"> = () => ({}),
): Promise<{ recovery: RecoveryRecord | null; track: ProjectTrackRecord }> {
  const result = await retryOnConflict(async () => {
    const project = await loadProject(deps, projectId);
    const { track, chain } = await loadTrackAndChain(deps, projectId);
    if (track.termination || project.status === "terminated") {
      throw conflictError("ALREADY_TERMINATED", "The project has already been terminated", "项目已终止");
    }
    if (track.status === "closed" || (track.status === "drafting" && kind === "fraud")) {
      throw stateConflict(kind === "fraud" ? "find fraud" : "terminate", "终止项目", track.status);
    }
    // Before the task book is signed no tranche exists and nothing was paid: the project ends, nothing to recover.
    const unsigned = track.status === "drafting";
    if (kind === "termination" && decision.fault && !decision.thirdPartyReview) {
      throw businessRuleError(
        "THIRD_PARTY_REVIEW_REQUIRED",
        "A termination for fault needs a recorded third-party review",
        "因过错终止须有第三方评估意见",
        [{ path: "body.thirdPartyReview", message: "required for a fault", messageZh: "因过错终止时必填" }],
      );
    }
    const programme = await mustGet<ProgrammeRecord>(
      deps.records,
      programmeKind,
      project.programmeId,
      "Programme",
      "批次",
    );
    const tranches = await listAll(deps.records, tranchesOfProject(projectId));
    const paidFen = tranches.filter((t) => t.status === "paid").reduce((sum, t) => sum + t.amountFen, 0);
    const unpaid = tranches.filter((t) => t.status === "planned" || t.status === "eligible");
    const at = nowIso(deps);
    const decidedOn = shanghaiDate(Date.parse(at));
    const computed = computeRecovery(programme.policy, {
      reason: kind,
      paidFen,
      verifiedSpendingFen: kind === "termination" ? decision.verifiedSpendingFen : 0,
      unpaidTranches: unpaid.map((t) => ({ index: t.index, amountFen: t.amountFen })),
      organisationIds: solverOrgs(project),
      decidedOn,
    });
    const recovery: RecoveryRecord = {
      id: recoveryId(projectId),
      version: 1,
      projectId,
      programmeId: project.programmeId,
      reason: kind,
      amountFen: computed.recoverFen,
      paidFen,
      verifiedSpendingFen: kind === "termination" ? decision.verifiedSpendingFen : 0,
      cancelledTranches: computed.cancelledTranches,
      cancelledFen: computed.cancelledFen,
      payerOrganisationId: project.enterprise.organisationId,
      decidedOn,
      decidedBy: actor.userId,
      decidedByName: actorName(actor),
      status: "assessed",
      explanation: computed.explanation,
      createdAt: at,
      updatedAt: at,
    };
    const termination: Termination = {
      kind,
      fault: kind === "fraud" ? true : decision.fault,
      reason: decision.reason,
      proposedBy: decision.proposedBy,
      ...(decision.thirdPartyReview ? { thirdPartyReview: decision.thirdPartyReview } : {}),
      decidedBy: actor.userId,
      decidedByName: actorName(actor),
      decidedAt: at,
      ...(unsigned ? {} : { recoveryId: recovery.id }),
    };
    const changes = trackChanges(track, at);
    // The chain's execution ends at ClosedByHorseRace, ClosedForFraud or Terminated.
    const ending = changes.horseRace ? "horse-race-closed" : kind === "fraud" ? "fraud" : "terminated";
    const after = bump(track, at, {
      ...changes,
      status: "closed",
      termination,
    });
    const writes: RecordWrite[] = [
      updated(
        trackKind,
        track,
        after,
        audit(actor, "bureau", `project.${kind === "fraud" ? "fraud" : "terminated"}`, {
          fault: termination.fault,
          recoverFen: unsigned ? 0 : recovery.amountFen,
          ...(unsigned ? { beforeSigning: true } : {}),
        }),
      ),
      updated(
        projectKind,
        project,
        bump(project, at, { status: "terminated" }),
        audit(actor, "bureau", "project.terminated", { kind }),
      ),
      ...(unsigned
        ? []
        : [
            created(
              recoveryKind,
              recovery,
              audit(actor, "bureau", "recovery.assessed", {
                reason: kind,
                amountFen: recovery.amountFen,
                paidFen,
              }),
            ),
          ]),
      ...unpaid.map((t) =>
        updated(
          trancheKind,
          t,
          bump(t, at, { status: "cancelled" }),
          audit(actor, "bureau", "tranche.cancelled", { index: t.index, amountFen: t.amountFen }),
        ),
      ),
      ...withEvent(chain, at, ending),
    ];
    // A dynamic adjustment (动态调整) still awaiting signatures is void with the project: its signing to-dos end here.
    writes.push(
      ...(await voidedAdjustmentWrites(
        deps,
        actor,
        "bureau",
        projectId,
        at,
        kind === "fraud" ? "fraud" : ending === "horse-race-closed" ? "horse-race" : "terminated",
      )),
    );
    await deps.records.write(writes, at);
    return { recovery: unsigned ? null : recovery, track: after, credit: computed.creditRecord };
  });
  if (result.credit) await recordFraudCredit(deps, actor, projectId, result.credit);
  // The receivable in the payments ledger (idempotent; a receipt catches it up if this step is lost).
  if (result.recovery) await syncRecoveryAssessment(deps, result.recovery.id);
  await wake(deps, result.track);
  return { recovery: result.recovery, track: result.track };
}

/**
 * The write that voids the project's dynamic adjustments still awaiting signatures (none when there is none), for the
 * transaction that ends the project: termination, fraud, horse race (here) or its acceptance (acceptance.ts).
 */
export async function voidedAdjustmentWrites(
  deps: Pick<ProjectDeps, "records">,
  actor: Actor,
  role: string,
  projectId: string,
  at: string,
  ending: "terminated" | "fraud" | "horse-race" | "closed",
): Promise<RecordWrite[]> {
  const performance = await deps.records.get(performanceKind, performanceId(projectId));
  if (!performance) return [];
  const { adjustments, voided } = voidPendingAdjustments(performance.adjustments, {
    at,
    by: actor.userId,
    ending,
  });
  if (voided.length === 0) return [];
  return [
    updated(
      performanceKind,
      performance,
      bump(performance, at, { adjustments }),
      audit(actor, role, "task-book.adjustment-voided", { seqs: voided, ending }),
    ),
  ];
}

/** 失信行为记录 for every responsible organisation; ids derive from the project, so a repeat writes nothing new. */
async function recordFraudCredit(
  deps: ProjectDeps,
  actor: Actor,
  projectId: string,
  credit: NonNullable<ReturnType<typeof computeRecovery>["creditRecord"]>,
): Promise<void> {
  for (const organisationId of credit.organisationIds) {
    try {
      await addCreditRecord(
        { records: deps.records, clock: deps.clock, newId: () => `crd-fraud-${projectId}-${organisationId}` },
        { userId: actor.userId, role: "bureau" },
        {
          organisationId,
          reason: `fraud found in project ${projectId}`,
          reasonZh: `项目 ${projectId} 弄虚作假`,
          ...(credit.recordedOn ? { recordedOn: credit.recordedOn } : {}),
          ...(credit.blockedUntil ? { blockedUntil: credit.blockedUntil } : {}),
          blockMonths: credit.blockMonths,
          source: "project-recovery",
          projectId,
        },
      );
    } catch (error) {
      if (!isVersionConflict(error)) throw error;
    }
  }
}

/** The bureau terminates the project (proposed by any signatory); with fault only after a third-party review. */
export async function terminateProject(
  deps: ProjectDeps,
  actor: Actor,
  projectId: string,
  decision: TerminationDecision,
) {
  return endProject(deps, actor, projectId, "termination", decision);
}

/** The bureau finds fraud: all paid money is recovered and the solvers get a credit record for the policy's period. */
export async function declareFraud(
  deps: ProjectDeps,
  actor: Actor,
  projectId: string,
  input: { reason: string; proposedBy: SignatoryParty },
) {
  const existing = await deps.records.get(recoveryKind, recoveryId(projectId));
  if (existing?.reason === "fraud") {
    // A repeat after a crash between the transaction and the credit records: complete them, report 409.
    const project = await loadProject(deps, projectId);
    const programme = await mustGet<ProgrammeRecord>(
      deps.records,
      programmeKind,
      project.programmeId,
      "Programme",
      "批次",
    );
    const credit = computeRecovery(programme.policy, {
      reason: "fraud",
      paidFen: existing.paidFen,
      organisationIds: solverOrgs(project),
      decidedOn: existing.decidedOn,
    }).creditRecord;
    if (credit) await recordFraudCredit(deps, actor, projectId, credit);
  }
  return endProject(deps, actor, projectId, "fraud", { ...input, fault: true, verifiedSpendingFen: 0 });
}

// ---- termination proposals (终止申请): any signatory proposes, the bureau decides ------------------------------
/** A signatory (bureau, enterprise, lead solver) proposes to terminate; one open proposal at a time. */
export async function proposeTermination(
  deps: ProjectDeps,
  actor: Actor,
  projectId: string,
  input: { reason: string; fault: boolean },
): Promise<ProjectTrackRecord> {
  const party = partyOf(actor, await loadProject(deps, projectId));
  const proposed = await retryOnConflict(async () => {
    const { track, chain } = await loadTrackAndChain(deps, projectId);
    if (track.termination || track.status === "closed")
      throw stateConflict("propose termination", "申请终止", track.status);
    const proposals = track.terminationProposals ?? [];
    if (proposals.some((p) => p.status === "proposed")) {
      throw conflictError(
        "TERMINATION_PROPOSAL_PENDING",
        "A termination proposal is waiting for the bureau",
        "已有终止申请待主管部门决定",
      );
    }
    const at = nowIso(deps);
    const proposal: TerminationProposal = {
      seq: proposals.length + 1,
      proposedBy: party,
      by: actor.userId,
      organisationId: actor.organisationId,
      at,
      reason: input.reason,
      fault: input.fault,
      status: "proposed",
    };
    const after = bump(track, at, { terminationProposals: [...proposals, proposal] });
    await saveTrack(
      deps,
      track,
      after,
      audit(actor, party, "termination.proposed", { seq: proposal.seq, fault: input.fault }),
      at,
      withEvent(chain, at, "termination-proposed"),
    );
    return { after, onChain: chain !== undefined };
  });
  // The chain's execution shows the proposal (project-phase's has nothing to do until the decision).
  if (proposed.onChain) await wake(deps, proposed.after);
  return proposed.after;
}

export interface TerminationProposalDecision {
  readonly decision: "approve" | "reject";
  /** The bureau may decide the fault differently from the proposal; with fault a third-party review is required. */
  readonly fault?: boolean | undefined;
  readonly thirdPartyReview?: { reviewer: string; conclusion: string; reviewedOn: string } | undefined;
  /** Required to approve once the task book is signed: the latest audited spending of the paid money. */
  readonly verifiedSpendingFen?: number | undefined;
  readonly comment?: string | undefined;
}

/**
 * The bureau decides the open proposal. Approved: the project ends as a termination (unpaid tranches cancelled,
 * paid-but-unspent money a recovery; before signing, nothing to recover) in the same transaction that closes the
 * proposal. Rejected: the project goes on.
 */
export async function decideTermination(
  deps: ProjectDeps,
  actor: Actor,
  projectId: string,
  input: TerminationProposalDecision,
): Promise<{ recovery: RecoveryRecord | null; track: ProjectTrackRecord }> {
  const track = await loadTrack(deps, projectId);
  const open = (track.terminationProposals ?? []).find((p) => p.status === "proposed");
  if (!open || track.termination) {
    throw conflictError(
      "NO_TERMINATION_PROPOSAL",
      "No termination proposal is waiting",
      "没有待决定的终止申请",
    );
  }
  const decided = (
    p: TerminationProposal,
    status: "approved" | "rejected",
    at: string,
  ): TerminationProposal => ({
    ...p,
    status,
    decidedBy: actor.userId,
    decidedAt: at,
    ...(input.comment ? { comment: input.comment } : {}),
  });
  if (input.decision === "reject") {
    const after = await retryOnConflict(async () => {
      const { track: current, chain } = await loadTrackAndChain(deps, projectId);
      const still = (current.terminationProposals ?? []).find((p) => p.seq === open.seq);
      if (still?.status !== "proposed")
        throw conflictError(
          "NO_TERMINATION_PROPOSAL",
          "No termination proposal is waiting",
          "没有待决定的终止申请",
        );
      const at = nowIso(deps);
      const next = bump(current, at, {
        terminationProposals: (current.terminationProposals ?? []).map((p) =>
          p.seq === open.seq ? decided(p, "rejected", at) : p,
        ),
      });
      await saveTrack(
        deps,
        current,
        next,
        audit(actor, "bureau", "termination.rejected", { seq: open.seq }),
        at,
        withEvent(chain, at, "termination-rejected"),
      );
      return { next, onChain: chain !== undefined };
    });
    if (after.onChain) await wake(deps, after.next);
    return { recovery: null, track: after.next };
  }
  if (track.status !== "drafting" && input.verifiedSpendingFen === undefined) {
    throw validationError(
      "VERIFIED_SPENDING_REQUIRED",
      "Approving a termination needs the spending verified by the latest special audit",
      "批准终止须提供最近一次专项审计确认的支出金额",
      [{ path: "body.verifiedSpendingFen", message: "required to approve", messageZh: "批准时必填" }],
    );
  }
  return endProject(
    deps,
    actor,
    projectId,
    "termination",
    {
      reason: open.reason,
      fault: input.fault ?? open.fault,
      proposedBy: open.proposedBy,
      thirdPartyReview: input.thirdPartyReview,
      verifiedSpendingFen: input.verifiedSpendingFen ?? 0,
    },
    (current, at) => {
      const still = (current.terminationProposals ?? []).find((p) => p.seq === open.seq);
      if (still?.status !== "proposed")
        throw conflictError(
          "NO_TERMINATION_PROPOSAL",
          "No termination proposal is waiting",
          "没有待决定的终止申请",
        );
      return {
        terminationProposals: (current.terminationProposals ?? []).map((p) =>
          p.seq === open.seq ? decided(p, "approved", at) : p,
        ),
      };
    },
  );
}
