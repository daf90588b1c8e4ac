// Use cases of a challenge's approval (张榜审批): the bureau edits a draft and submits it; the bureau's then the
// approver's sign-off (either may send it back); republication of an unsolved challenge (流榜 → 重新发榜).

import type * as z from "zod/mini";
import type { Actor } from "../kernel/actor.ts";
import { businessRuleError, conflictError } from "../kernel/errors.ts";
import { formatYuan } from "../kernel/money.ts";
import { retryOnConflict } from "../platform/ports/record-helpers.ts";
import { loadProgramme } from "../programmes/programmes.ts";
import {
  assertVersion,
  type ChallengeDeps,
  type ChallengeEdit,
  load,
  next,
  notReady,
  publicationExecutionName,
  publicationStateMachine,
  type republishInput,
  type SignOffInput,
  save,
  stateConflict,
  utc,
  without,
} from "./common.ts";
import { assertTermsWithinPolicy, type ChallengeRecord, type ChallengeSignOff } from "./model.ts";
import { publicationTerms } from "./rules/terms.ts";

// ---- the bureau edits a draft -------------------------------------------------------------------------------

export async function editChallenge(
  deps: ChallengeDeps,
  actor: Actor,
  challengeId: string,
  expectedVersion: number,
  patch: ChallengeEdit,
): Promise<ChallengeRecord> {
  const c = await load(deps, challengeId);
  assertVersion(c, expectedVersion);
  if (c.status !== "draft") throw stateConflict(c, "edit", "修改");
  const programme = await loadProgramme(deps, c.programmeId);
  const now = deps.clock.now();
  const { caseByCaseReason, ...fields } = patch;
  const merged = {
    ...c,
    ...fields,
    ...(fields.window ? { window: utc(fields.window) } : {}),
  } as ChallengeRecord;
  if (!merged.window) {
    throw businessRuleError("WINDOW_REQUIRED", "Set the application window", "请设置揭榜时间", [
      { path: "body.window", message: "required", messageZh: "必填" },
    ]);
  }
  assertTermsWithinPolicy(
    {
      fundingCapFen: merged.fundingCapFen,
      window: merged.window,
      horseRace: merged.horseRace,
      periodMonths: merged.periodMonths,
      ...(caseByCaseReason ? { caseByCaseReason } : {}),
    },
    programme,
    now,
    "body.",
    { caseByCaseAlreadyAsked: c.caseByCase !== undefined },
  );
  const at = now.toISOString();
  const aboveCap = merged.fundingCapFen > programme.policy.capFen;
  const caseByCase = !aboveCap
    ? undefined
    : caseByCaseReason
      ? { reason: caseByCaseReason, requestedBy: actor.userId, requestedAt: at }
      : c.caseByCase;
  const after = next(without(merged, "caseByCase"), at, caseByCase ? { caseByCase } : {});
  return save(deps, c, after, at, { actor: actor.userId, role: "bureau" }, "challenge.edited", {
    fields: Object.keys(patch),
  });
}

// ---- submission for sign-off and the sign-offs --------------------------------------------------------------

/**
 * The bureau submits a draft for sign-off: the round's publication execution starts, or — after a send-back — the
 * same execution, waiting for the resubmission, resumes. Safe to repeat after a crash.
 */
export async function submitChallenge(
  deps: ChallengeDeps,
  actor: Actor,
  challengeId: string,
  expectedVersion?: number,
): Promise<ChallengeRecord> {
  let c = await load(deps, challengeId);
  const now = deps.clock.now();
  const at = now.toISOString();
  if (c.status === "draft") {
    assertVersion(c, expectedVersion);
    const programme = await loadProgramme(deps, c.programmeId);
    if (!c.window) {
      throw businessRuleError("WINDOW_REQUIRED", "Set the application window", "请设置揭榜时间", [
        { path: "window", message: "required", messageZh: "必填" },
      ]);
    }
    assertTermsWithinPolicy({ ...c, window: c.window }, programme, now, "", {
      caseByCaseAlreadyAsked: c.caseByCase !== undefined,
    });
    const resuming = c.pendingTask?.kind === "sign-off-resubmission";
    if (!resuming && c.workflow?.executionName) throw notReady(); // sent back; the execution is not parked yet
    const attempt = resuming ? (c.attempt ?? 1) : (c.attempt ?? 0) + 1;
    const before = c;
    c = next(without(c, "overdueSince"), at, {
      status: "awaiting-bureau",
      attempt,
      workflow: {
        ...c.workflow,
        executionName: c.workflow?.executionName ?? publicationExecutionName(c, attempt),
      },
    });
    await save(deps, before, c, at, { actor: actor.userId, role: "bureau" }, "challenge.submitted", {
      round: c.round,
      attempt,
    });
  } else if (c.status !== "awaiting-bureau") {
    throw stateConflict(c, "submit", "提交审核");
  }
  // Hand over to the workflow; both calls are idempotent. The first task records the execution's ARN.
  if (c.pendingTask?.kind === "sign-off-resubmission") {
    await deps.workflows.completeTask(c.pendingTask.token, { resubmittedAt: at, by: actor.userId });
  } else if (!c.workflow?.executionArn) {
    await deps.workflows.start(publicationStateMachine, c.workflow!.executionName!, {
      challengeId: c.id,
      round: c.round,
      republication: false,
      terms: publicationTerms(),
    });
  }
  return c;
}

const stageOf = {
  bureau: { status: "awaiting-bureau", task: "bureau-sign-off", role: "bureau" },
  approver: { status: "awaiting-approver", task: "approver-sign-off", role: "approver" },
} as const;

/**
 * A sign-off: the bureau's (审核) or the approver's (审定). Recorded on the challenge and handed to the waiting
 * execution. The same sign-off again before it is applied re-sends it; a different or a late one → 409.
 */
export async function signOffChallenge(
  deps: ChallengeDeps,
  actor: Actor,
  challengeId: string,
  stage: "bureau" | "approver",
  input: SignOffInput,
): Promise<ChallengeRecord> {
  if (input.decision === "send-back" && !input.comment) {
    throw businessRuleError(
      "COMMENT_REQUIRED",
      "Say what must change when sending a challenge back",
      "退回榜单时须说明修改意见",
      [{ path: "body.comment", message: "required when sending back", messageZh: "退回时必填" }],
    );
  }
  if (stage === "bureau" && input.caseByCaseApproved !== undefined) {
    throw businessRuleError(
      "CASE_BY_CASE_BY_APPROVER",
      "Only the approver decides on a case-by-case (一事一议) cap",
      "一事一议由审定领导决定",
      [{ path: "body.caseByCaseApproved", message: "approver only", messageZh: "仅审定环节可填" }],
    );
  }
  let c = await load(deps, challengeId);
  const expected = stageOf[stage];
  if (c.status !== expected.status) throw stateConflict(c, "sign off", "审核");
  const now = deps.clock.now();
  const at = now.toISOString();
  const signOff: ChallengeSignOff = {
    stage,
    decision: input.decision,
    ...(input.comment ? { comment: input.comment } : {}),
    ...(input.caseByCaseApproved !== undefined ? { caseByCaseApproved: input.caseByCaseApproved } : {}),
    round: c.round,
    by: actor.userId,
    at,
  };
  if (c.pendingSignOff) {
    const p = c.pendingSignOff;
    const same =
      p.stage === stage &&
      p.decision === input.decision &&
      p.comment === input.comment &&
      p.caseByCaseApproved === input.caseByCaseApproved;
    if (!same) {
      throw conflictError(
        "DECISION_ALREADY_MADE",
        "A different sign-off on this challenge is already being applied",
        "该榜单已有不同的审核意见正在处理",
      );
    }
  } else {
    if (c.pendingTask?.kind !== expected.task) throw notReady();
    if (stage === "approver" && input.decision === "approve") {
      const programme = await loadProgramme(deps, c.programmeId);
      if (c.fundingCapFen > programme.policy.capFen && input.caseByCaseApproved !== true) {
        throw businessRuleError(
          "CASE_BY_CASE_DECISION_REQUIRED",
          `The cap of ${formatYuan(c.fundingCapFen)} yuan is above the policy's ${formatYuan(programme.policy.capFen)} yuan: approve it case by case (一事一议) or send it back`,
          `榜单支持额度 ${formatYuan(c.fundingCapFen)} 元超过政策上限 ${formatYuan(programme.policy.capFen)} 元：须作出一事一议决定或退回`,
          [{ path: "body.caseByCaseApproved", message: "must be true", messageZh: "须为 true" }],
        );
      }
      if (!c.window || Date.parse(c.window.closesAt) <= now.getTime()) {
        throw businessRuleError(
          "WINDOW_PASSED",
          "The application window has already closed: send the challenge back for a new window",
          "揭榜时间已过，请退回修改揭榜时间",
          [{ path: "window.closesAt", message: "in the past", messageZh: "已过" }],
        );
      }
    }
    const before = c;
    c = next(c, at, { pendingSignOff: signOff });
    await save(
      deps,
      before,
      c,
      at,
      { actor: actor.userId, role: expected.role },
      `challenge.${stage}-signed`,
      {
        decision: input.decision,
        round: c.round,
      },
    );
  }
  const token = c.pendingTask?.token;
  if (token) await deps.workflows.completeTask(token, c.pendingSignOff);
  return c;
}

// ---- republication of an unsolved challenge (流榜 → 重新发榜) ---------------------------------------------------

/**
 * The bureau republishes a challenge nobody took (unsolved) with a new window: round + 1 and a new publication
 * execution that goes straight to the window. A retry after a crash starts the same execution.
 */
export async function republishChallenge(
  deps: ChallengeDeps,
  actor: Actor,
  challengeId: string,
  input: z.infer<typeof republishInput>,
): Promise<ChallengeRecord> {
  let c = await load(deps, challengeId);
  const window = utc(input.window);
  const now = deps.clock.now();
  const retry =
    c.status === "scheduled" &&
    c.round > 1 &&
    !c.workflow?.executionArn &&
    c.window?.opensAt === window.opensAt &&
    c.window?.closesAt === window.closesAt;
  if (!retry) {
    if (c.status !== "unsolved") throw stateConflict(c, "republish", "重新发榜");
    const programme = await loadProgramme(deps, c.programmeId);
    assertTermsWithinPolicy({ ...c, window }, programme, now, "body.", {
      caseByCaseAlreadyAsked: c.caseByCase !== undefined,
    });
    const at = now.toISOString();
    const before = c;
    c = next(without(c, "pendingTask", "pendingSignOff", "overdueSince", "openedAt", "closedAt"), at, {
      previousRounds: [
        ...(c.previousRounds ?? []),
        {
          round: c.round,
          status: c.status,
          ...(c.window ? { window: c.window } : {}),
          ...(c.publishedAt ? { publishedAt: c.publishedAt } : {}),
        },
      ],
      round: c.round + 1,
      attempt: 1,
      status: "scheduled",
      window,
      publishedAt: at,
      workflow: { executionName: publicationExecutionName({ id: c.id, round: c.round + 1 }, 1) },
    });
    await save(deps, before, c, at, { actor: actor.userId, role: "bureau" }, "challenge.republished", {
      round: c.round,
      window,
    });
  }
  const started = await deps.workflows.start(publicationStateMachine, c.workflow!.executionName!, {
    challengeId: c.id,
    round: c.round,
    republication: true,
    schedule: window,
    terms: publicationTerms(),
  });
  return retryOnConflict(async () => {
    const fresh = await load(deps, challengeId);
    if (fresh.workflow?.executionArn || fresh.round !== c.round) return fresh;
    const at = deps.clock.now().toISOString();
    const after = next(fresh, at, { workflow: { ...fresh.workflow, executionArn: started.executionArn } });
    return save(
      deps,
      fresh,
      after,
      at,
      { actor: "workflow", role: "workflow" },
      "challenge.execution-started",
      {
        executionArn: started.executionArn,
      },
    );
  });
}
