// Use case of the bureau's refinement decision (榜单凝练) on a submitted demand: return it, merge it into another, or
// draft a challenge from it — checked, recorded, and handed to the waiting intake workflow.
import { assertTermsWithinPolicy } from "../challenges/model.ts";
import type { Actor } from "../kernel/actor.ts";
import { businessRuleError, conflictError } from "../kernel/errors.ts";
import { loadProgramme } from "../programmes/programmes.ts";
import {
  audit,
  type DemandDeps,
  findDemand,
  load,
  newChallengeId,
  next,
  save,
  stateConflict,
} from "./common.ts";
import type { Decision, DecisionInput, Demand } from "./model.ts";

/** A decision equals a pending one when the bureau asked the same (who and when aside). */
function sameDecision(pending: Decision, input: DecisionInput): boolean {
  const { decidedBy: _by, decidedAt: _at, challengeId: _id, refused: _r, ...asked } = pending;
  return stableJson(asked) === stableJson(input);
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
}

function assertReturnComment(input: DecisionInput): void {
  if (input.decision === "return" && !input.comment) {
    throw businessRuleError(
      "COMMENT_REQUIRED",
      "Say what must change when returning a demand",
      "退回需求时须说明修改意见",
      [{ path: "body.comment", message: "required when returning", messageZh: "退回时必填" }],
    );
  }
}

/** Checks a decision against the demand, the merge target and the programme's policy; 422 naming the fields. */
async function checkedDecision(
  deps: DemandDeps,
  actor: Actor,
  demand: Demand,
  input: DecisionInput,
  now: Date,
): Promise<Decision> {
  const base = { decidedBy: actor.userId, decidedAt: now.toISOString() };
  switch (input.decision) {
    case "return":
      assertReturnComment(input);
      return { ...input, ...base };
    case "merge": {
      const refuse = (code: string, message: string, messageZh: string) =>
        businessRuleError(code, message, messageZh, [{ path: "body.mergeInto", message, messageZh }]);
      if (input.mergeInto === demand.id) {
        throw refuse("MERGE_INTO_ITSELF", "a demand cannot be merged into itself", "需求不能与自身合并");
      }
      const target = await findDemand(deps, input.mergeInto);
      if (!target) throw refuse("MERGE_TARGET_NOT_FOUND", "no such demand", "目标需求不存在");
      if (target.programmeId !== demand.programmeId) {
        throw refuse(
          "MERGE_ACROSS_PROGRAMMES",
          "only demands of the same programme can be merged",
          "只能合并同一批次的需求",
        );
      }
      if (target.status !== "submitted" || target.pendingDecision) {
        throw refuse(
          "MERGE_TARGET_NOT_AVAILABLE",
          "the target must be a submitted demand awaiting the bureau's decision",
          "目标需求须为已提交、待决定的需求",
        );
      }
      return { ...input, ...base };
    }
    case "draft-challenge": {
      const programme = await loadProgramme(deps, demand.programmeId);
      assertTermsWithinPolicy(input.challenge, programme, now, "body.challenge.");
      const window = {
        opensAt: new Date(input.challenge.window.opensAt).toISOString(),
        closesAt: new Date(input.challenge.window.closesAt).toISOString(),
      };
      return {
        ...input,
        challenge: { ...input.challenge, window },
        challengeId: newChallengeId(),
        ...base,
      };
    }
  }
}

/**
 * The bureau's refinement decision on a submitted demand: return it for changes, merge it into another submitted
 * demand of the programme, or turn it (with the demands merged into it) into a draft challenge. Recorded on the
 * demand and handed to the waiting execution; a repeat of the same decision re-sends it, a different one → 409.
 */
export async function decideDemand(
  deps: DemandDeps,
  actor: Actor,
  demandId: string,
  input: DecisionInput,
): Promise<Demand> {
  let demand = await load(deps, demandId);
  assertReturnComment(input);
  if (demand.status !== "submitted") throw stateConflict(demand, "decide on", "作出决定");
  if (demand.pendingDecision) {
    if (!sameDecision(demand.pendingDecision, input)) {
      throw conflictError(
        "DECISION_ALREADY_MADE",
        "A different decision on this demand is already being applied",
        "该需求已有不同的决定正在处理",
      );
    }
  } else {
    if (demand.pendingTask?.kind !== "decision") {
      throw conflictError(
        "WORKFLOW_NOT_READY",
        "The workflow is not yet waiting for a decision; retry shortly",
        "流程尚未进入待决定状态，请稍后重试",
      );
    }
    const now = deps.clock.now();
    const decision = await checkedDecision(deps, actor, demand, input, now);
    const at = now.toISOString();
    const before = demand;
    demand = next(demand, at, { pendingDecision: decision });
    await save(
      deps,
      before,
      demand,
      audit(actor.userId, "bureau", "demand.decided", {
        decision: input.decision,
        ...(decision.mergeInto ? { mergeInto: decision.mergeInto } : {}),
        ...(decision.challengeId ? { challengeId: decision.challengeId } : {}),
      }),
      at,
    );
  }
  const token = demand.pendingTask?.token;
  if (token) await deps.workflows.completeTask(token, demand.pendingDecision);
  return demand;
}
