// Use cases behind the Task states of workflows/demand-intake.asl.json: parking the callback token, applying the
// bureau's decision (return, merge, draft challenge), escalating an overdue decision, and a lapsed resubmission.
import { type ChallengeRecord, challengeKind } from "../challenges/model.ts";
import { isVersionConflict, retryOnConflict } from "../platform/ports/record-helpers.ts";
import { created } from "../platform/ports/records.ts";
import type { ProgrammeRecord } from "../programmes/model.ts";
import { loadProgramme } from "../programmes/programmes.ts";
import { audit, type DemandDeps, findDemand, load, next, save, stateConflict } from "./common.ts";
import type { Decision, Demand, DemandContent, DemandStatus } from "./model.ts";

// ---- tasks of the demand-intake workflow -------------------------------------------------------------
// Each task re-reads the demand and applies its change; when a person's request wrote the demand in between
// (VERSION_CONFLICT), it simply tries again on the fresh copy. The changes are idempotent.

export async function parkTaskToken(
  deps: Pick<DemandDeps, "records" | "clock">,
  demandId: string,
  kind: "decision" | "resubmission",
  token: string,
  executionArn: string,
): Promise<void> {
  return retryOnConflict(async () => {
    const demand = await load(deps as DemandDeps, demandId);
    const expected: DemandStatus = kind === "decision" ? "submitted" : "returned";
    if (demand.status !== expected) throw stateConflict(demand, `wait for a ${kind} on`, "进入等待");
    if (demand.pendingTask?.token === token) return;
    const at = deps.clock.now().toISOString();
    const updated = next(demand, at, {
      pendingTask: { kind, token, since: at },
      workflow: { executionName: demand.workflow?.executionName ?? demand.id, executionArn },
    });
    await save(deps, demand, updated, audit("workflow", "workflow", `demand.awaiting-${kind}`), at);
  });
}

type TaskDeps = Pick<DemandDeps, "records" | "clock">;

/** The demand with its decision applied: `status`, the decision appended, the workflow's pending state cleared. */
function settled(
  demand: Demand,
  at: string,
  status: DemandStatus,
  decision: Decision,
  changes: Partial<Demand> = {},
) {
  const { pendingDecision: _applied, pendingTask: _done, overdueSince: _cleared, ...rest } = demand;
  return next(rest as Demand, at, { status, decisions: [...demand.decisions, decision], ...changes });
}

/**
 * Applies the decision the bureau recorded (the task of ApplyDecision). Idempotent: a retried task finds the demand
 * moved on and reports what it became. Returns the demand's new status: returned, merged, accepted (a draft
 * challenge exists), or submitted when the decision could not be applied (the workflow waits for another).
 */
export async function applyDecision(
  deps: TaskDeps,
  demandId: string,
): Promise<{ status: DemandStatus; challengeId?: string }> {
  const current = await load(deps as DemandDeps, demandId);
  const decision = current.pendingDecision;
  if (current.status !== "submitted" || !decision) {
    // Applied already (a retried task): report what it became.
    return { status: current.status, ...(current.challengeId ? { challengeId: current.challengeId } : {}) };
  }
  switch (decision.decision) {
    case "return":
      return retryOnConflict(async () => {
        const demand = await load(deps as DemandDeps, demandId);
        if (demand.status !== "submitted" || !demand.pendingDecision) return { status: demand.status };
        const at = deps.clock.now().toISOString();
        const updated = settled(demand, at, "returned", decision);
        await save(
          deps,
          demand,
          updated,
          audit("workflow", "workflow", "demand.returned", { decidedBy: decision.decidedBy }),
          at,
        );
        return { status: "returned" as const };
      });
    case "merge":
      return applyMerge(deps, demandId, decision);
    case "draft-challenge":
      return applyDraftChallenge(deps, demandId, decision);
  }
}

/** Merge (需求交叉融合): the target takes this demand (and those merged into it) on; this one ends as merged. */
async function applyMerge(deps: TaskDeps, demandId: string, decision: Decision) {
  const targetId = decision.mergeInto!;
  const refusal = await retryOnConflict(async (): Promise<string | undefined> => {
    const [demand, target] = [await load(deps as DemandDeps, demandId), await findDemand(deps, targetId)];
    if (target?.mergedDemandIds?.includes(demandId)) return undefined; // taken on already (a retry)
    if (!target) return "the target demand is gone";
    if (target.status !== "submitted" || target.pendingDecision || target.mergedInto) {
      return `the target demand is ${target.status}${target.pendingDecision ? " with a decision in flight" : ""}`;
    }
    const at = deps.clock.now().toISOString();
    const carried = [demandId, ...(demand.mergedDemandIds ?? [])];
    const updated = next(target, at, {
      mergedDemandIds: [...(target.mergedDemandIds ?? []), ...carried.filter((id) => id !== target.id)],
    });
    await save(
      deps,
      target,
      updated,
      audit("workflow", "workflow", "demand.merge-received", {
        from: demandId,
        decidedBy: decision.decidedBy,
      }),
      at,
    );
    return undefined;
  });
  return retryOnConflict(async () => {
    const demand = await load(deps as DemandDeps, demandId);
    if (demand.status !== "submitted" || !demand.pendingDecision) return { status: demand.status };
    const at = deps.clock.now().toISOString();
    if (refusal) {
      // The merge cannot happen now: the demand waits for another decision (the refusal is on record).
      const { pendingDecision: _p, pendingTask: _t, ...rest } = demand;
      const updated = next(rest as Demand, at, {
        decisions: [...demand.decisions, { ...decision, refused: refusal }],
      });
      await save(
        deps,
        demand,
        updated,
        audit("workflow", "workflow", "demand.merge-refused", { mergeInto: targetId, reason: refusal }),
        at,
      );
      return { status: "submitted" as const };
    }
    const updated = settled(demand, at, "merged", decision, { mergedInto: targetId });
    await save(
      deps,
      demand,
      updated,
      audit("workflow", "workflow", "demand.merged", { mergeInto: targetId, decidedBy: decision.decidedBy }),
      at,
    );
    return { status: "merged" as const };
  });
}

/** The challenge drafted from a demand and the demands merged into it (榜单凝练 → 榜单草案). */
function draftChallengeFrom(
  challengeId: string,
  programme: ProgrammeRecord,
  demands: readonly Demand[],
  decision: Decision,
  at: string,
): ChallengeRecord {
  const terms = decision.challenge!;
  const contents = demands.map((d) => d.content as DemandContent);
  const lead = contents[0]!;
  const description =
    contents.length === 1
      ? `${lead.background}\n\n${lead.content}`
      : contents.map((c) => `【${c.title}】\n${c.background}\n\n${c.content}`).join("\n\n");
  return {
    id: challengeId,
    version: 1,
    programmeId: programme.id,
    demandIds: demands.map((d) => d.id),
    enterpriseOrganisationIds: [...new Set(demands.map((d) => d.organisationId))],
    field: lead.field,
    title: terms.title ?? lead.title,
    description: terms.description ?? description,
    keyTechnologies: contents.flatMap((c) => c.keyTechnologies),
    fundingCapFen: terms.fundingCapFen,
    rdInvestmentFen: contents.reduce((sum, c) => sum + c.totalInvestmentFen, 0),
    periodMonths: terms.periodMonths,
    solverRequirements: [...new Set(contents.map((c) => c.solverRequirements))].join("\n"),
    horseRace: terms.horseRace,
    window: terms.window,
    status: "draft",
    round: 1,
    attempt: 0,
    ...(terms.fundingCapFen > programme.policy.capFen && terms.caseByCaseReason
      ? {
          caseByCase: {
            reason: terms.caseByCaseReason,
            requestedBy: decision.decidedBy,
            requestedAt: decision.decidedAt,
          },
        }
      : {}),
    createdBy: decision.decidedBy,
    createdAt: at,
    updatedAt: at,
  };
}

/** Draft challenge: created once under the id chosen at decision time, then the demand(s) point to it. */
async function applyDraftChallenge(deps: TaskDeps, demandId: string, decision: Decision) {
  const challengeId = decision.challengeId!;
  const demand = await load(deps as DemandDeps, demandId);
  const mergedIds = demand.mergedDemandIds ?? [];
  if (!(await deps.records.get(challengeKind, challengeId))) {
    const programme = await loadProgramme(deps, demand.programmeId);
    const merged = await Promise.all(mergedIds.map((id) => load(deps as DemandDeps, id)));
    const at = deps.clock.now().toISOString();
    const challenge = draftChallengeFrom(challengeId, programme, [demand, ...merged], decision, at);
    try {
      await deps.records.write(
        [
          created(challengeKind, challenge, {
            actor: "workflow",
            role: "workflow",
            action: "challenge.drafted",
            detail: { demandIds: challenge.demandIds, decidedBy: decision.decidedBy },
          }),
        ],
        at,
      );
    } catch (error) {
      // Created by an earlier attempt of this task meanwhile: fine.
      if (!isVersionConflict(error)) throw error;
    }
  }
  const result = await retryOnConflict(async () => {
    const fresh = await load(deps as DemandDeps, demandId);
    if (fresh.status !== "submitted" || !fresh.pendingDecision) return { status: fresh.status, challengeId };
    const at = deps.clock.now().toISOString();
    const updated = settled(fresh, at, "accepted", decision, { challengeId });
    await save(
      deps,
      fresh,
      updated,
      audit("workflow", "workflow", "demand.accepted", { challengeId, decidedBy: decision.decidedBy }),
      at,
    );
    return { status: "accepted" as const, challengeId };
  });
  for (const id of mergedIds) {
    await retryOnConflict(async () => {
      const merged = await load(deps as DemandDeps, id);
      if (merged.challengeId) return;
      const at = deps.clock.now().toISOString();
      const updated = next(merged, at, { challengeId });
      await save(
        deps,
        merged,
        updated,
        audit("workflow", "workflow", "demand.in-challenge", { challengeId }),
        at,
      );
    });
  }
  return result;
}

export async function escalateOverdueDecision(
  deps: Pick<DemandDeps, "records" | "clock">,
  demandId: string,
): Promise<void> {
  return retryOnConflict(async () => {
    const demand = await load(deps as DemandDeps, demandId);
    const at = deps.clock.now().toISOString();
    const updated = next(demand, at, { overdueSince: demand.overdueSince ?? at });
    await save(deps, demand, updated, audit("workflow", "workflow", "demand.decision-overdue"), at);
  });
}

export async function lapseDemand(
  deps: Pick<DemandDeps, "records" | "clock">,
  demandId: string,
): Promise<void> {
  return retryOnConflict(async () => {
    const demand = await load(deps as DemandDeps, demandId);
    if (demand.status === "lapsed") return;
    const at = deps.clock.now().toISOString();
    const { pendingTask: _gone, ...rest } = demand;
    const updated = next(rest as Demand, at, { status: "lapsed" });
    await save(deps, demand, updated, audit("workflow", "workflow", "demand.lapsed"), at);
  });
}
