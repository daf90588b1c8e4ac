// Domain: the lifecycles as data — allowed transitions of challenge, application, project, tranche and payment, with named guards (functions/domain/).
import { type IsoDate, shanghaiDate } from "./dates.ts";
import type {
  ApplicationStatus,
  ChallengeStatus,
  PaymentStatus,
  ProjectStatus,
  TrancheStatus,
} from "./entities.ts";
import { businessRuleError, conflictError, forbiddenError } from "./errors.ts";
import {
  assertConditionMet,
  assertHorseRace,
  assertNotBlacklisted,
  assertPeriodWithinMax,
  assertSolverUnchanged,
  assertTaskBookPeriod,
  assertYoungResearcherShare,
  type CreditRecordFacts,
  type PayabilityFacts,
  type TeamMemberFacts,
} from "./guards.ts";
import type { FundingPolicy, ReleaseCondition } from "./policy.ts";
import type { Role } from "./roles.ts";

/** Who may fire a transition: a platform role, or "public" (anyone, e.g. an objection during a notice). */
export type Actor = Role | "public";

/** The guards a transition runs, by name; each reads what it needs from a GuardContext. */
export const guardNames = [
  "not-blacklisted",
  "young-researcher-share",
  "period-within-max",
  "task-book-period",
  "horse-race",
  "notice-ended",
  "no-open-objections",
  "solver-unchanged",
  "condition-met",
] as const;
export type GuardName = (typeof guardNames)[number];

export interface Transition<S extends string> {
  action: string;
  from: readonly S[];
  to: S;
  by: readonly Actor[];
  guards: readonly GuardName[];
}

export interface Lifecycle<S extends string> {
  name: string;
  initial: S;
  states: readonly S[];
  terminal: readonly S[];
  transitions: readonly Transition<S>[];
}

const t = <S extends string>(
  action: string,
  from: readonly S[],
  to: S,
  by: readonly Actor[],
  guards: readonly GuardName[] = [],
): Transition<S> => ({ action, from, to, by, guards });

/** 榜单: drafted from demands, refined by experts, approved (审定), published, closed, awarded. */
export const challengeLifecycle: Lifecycle<ChallengeStatus> = {
  name: "challenge",
  initial: "draft",
  states: ["draft", "refining", "approved", "published", "closed", "awarded", "withdrawn"],
  terminal: ["awarded", "withdrawn"],
  transitions: [
    t("refine", ["draft"], "refining", ["bureau"]),
    t("send-back", ["refining"], "draft", ["bureau"]),
    t("approve", ["refining"], "approved", ["approver"], ["horse-race"]),
    t("publish", ["approved"], "published", ["bureau"]),
    t("close", ["published"], "closed", ["bureau"]),
    t("award", ["closed"], "awarded", ["bureau"], ["horse-race"]),
    t("withdraw", ["draft", "refining", "approved", "published", "closed"], "withdrawn", ["bureau"]),
  ],
};

/** 揭榜申请: submitted, reviewed, proposed, on notice (公示), awarded or rejected. */
export const applicationLifecycle: Lifecycle<ApplicationStatus> = {
  name: "application",
  initial: "draft",
  states: [
    "draft",
    "submitted",
    "under-review",
    "proposed",
    "on-notice",
    "objected",
    "awarded",
    "rejected",
    "withdrawn",
  ],
  terminal: ["awarded", "rejected", "withdrawn"],
  transitions: [
    t(
      "submit",
      ["draft"],
      "submitted",
      ["solver"],
      ["not-blacklisted", "young-researcher-share", "period-within-max"],
    ),
    t("withdraw", ["draft", "submitted", "under-review"], "withdrawn", ["solver"]),
    t("start-review", ["submitted"], "under-review", ["bureau"], ["not-blacklisted"]),
    t("propose", ["under-review"], "proposed", ["bureau"], ["young-researcher-share", "period-within-max"]),
    t("reject", ["under-review", "proposed"], "rejected", ["bureau"]),
    t("publish-notice", ["proposed"], "on-notice", ["bureau"], ["horse-race"]),
    t("object", ["on-notice"], "objected", ["public"]),
    t("dismiss-objection", ["objected"], "on-notice", ["bureau"]),
    t("uphold-objection", ["objected"], "rejected", ["bureau"]),
    t("award", ["on-notice"], "awarded", ["bureau"], ["notice-ended", "no-open-objections", "horse-race"]),
  ],
};

/** 项目: task book signed, implemented, possibly extended, accepted or not, or terminated (002 四.(六)(七)). */
export const projectLifecycle: Lifecycle<ProjectStatus> = {
  name: "project",
  initial: "awaiting-task-book",
  states: [
    "awaiting-task-book",
    "in-progress",
    "extended",
    "under-acceptance",
    "accepted",
    "not-accepted",
    "terminated",
  ],
  terminal: ["accepted", "not-accepted", "terminated"],
  transitions: [
    t(
      "sign-task-book",
      ["awaiting-task-book"],
      "in-progress",
      ["bureau"],
      ["task-book-period", "solver-unchanged"],
    ),
    t("amend-team", ["in-progress", "extended"], "in-progress", ["bureau"], ["solver-unchanged"]),
    t("extend", ["in-progress"], "extended", ["bureau"]),
    t("submit-for-acceptance", ["in-progress", "extended"], "under-acceptance", ["enterprise"]),
    t("accept", ["under-acceptance"], "accepted", ["bureau"]),
    t("fail-acceptance", ["under-acceptance"], "not-accepted", ["bureau"]),
    t("terminate", ["awaiting-task-book", "in-progress", "extended", "under-acceptance"], "terminated", [
      "bureau",
    ]),
  ],
};

/** 一期拨款: planned, due when its condition is met, approved (payment opinion), paid, or cancelled. */
export const trancheLifecycle: Lifecycle<TrancheStatus> = {
  name: "tranche",
  initial: "planned",
  states: ["planned", "due", "approved", "paid", "cancelled"],
  terminal: ["paid", "cancelled"],
  transitions: [
    t("become-due", ["planned"], "due", ["bureau"], ["condition-met"]),
    t("approve", ["due"], "approved", ["approver"], ["condition-met"]),
    t("mark-paid", ["approved"], "paid", ["finance"]),
    t("cancel", ["planned", "due", "approved"], "cancelled", ["bureau", "finance"]),
  ],
};

/** 拨付: opinion drafted, approved by leadership (审定), submitted to the treasury, paid (国库集中支付). */
export const paymentLifecycle: Lifecycle<PaymentStatus> = {
  name: "payment",
  initial: "drafted",
  states: ["drafted", "approved", "rejected", "submitted", "paid", "failed"],
  terminal: ["rejected", "paid"],
  transitions: [
    t("approve", ["drafted"], "approved", ["approver"], ["condition-met"]),
    t("reject", ["drafted"], "rejected", ["approver"]),
    t("submit-to-treasury", ["approved"], "submitted", ["finance"], ["condition-met"]),
    t("confirm", ["submitted"], "paid", ["finance"]),
    t("fail", ["submitted"], "failed", ["finance"]),
    t("resubmit", ["failed"], "submitted", ["finance"], ["condition-met"]),
  ],
};

export const lifecycles = {
  challenge: challengeLifecycle,
  application: applicationLifecycle,
  project: projectLifecycle,
  tranche: trancheLifecycle,
  payment: paymentLifecycle,
} as const;

/** What guards read. Each guard names the fields it needs; a missing one is a programming error. */
export interface GuardContext {
  policy?: FundingPolicy;
  /** The date the rule is judged on (Asia/Shanghai). */
  today?: IsoDate;
  /** Now, epoch ms (for notice-ended). */
  nowMs?: number;
  /** Organisations applying (lead and members). */
  organisationIds?: readonly string[];
  creditRecords?: readonly CreditRecordFacts[];
  team?: readonly TeamMemberFacts[];
  periodMonths?: number;
  taskBook?: { startDate: IsoDate; endDate: IsoDate };
  /** Winners (awarded, on notice, or being awarded) and the enterprise's chosen slots. */
  winners?: number;
  horseRaceSlots?: number;
  /** When the notice ends (epoch ms). */
  noticeEndsAtMs?: number;
  openObjections?: number;
  approvedSolver?: { solverLeadId: string; solverMemberIds: readonly string[]; chiefEngineerId: string };
  proposedSolver?: { solverLeadId: string; solverMemberIds: readonly string[]; chiefEngineerId: string };
  condition?: ReleaseCondition;
  payability?: PayabilityFacts;
}

function need<K extends keyof GuardContext>(
  ctx: GuardContext,
  key: K,
  guard: GuardName,
): NonNullable<GuardContext[K]> {
  const value = ctx[key];
  if (value === undefined || value === null) {
    throw new TypeError(`guard "${guard}" needs context.${String(key)}`);
  }
  return value as NonNullable<GuardContext[K]>;
}

/** The guards as code, keyed by name. */
export const guards: Readonly<Record<GuardName, (ctx: GuardContext) => void>> = {
  "not-blacklisted": (ctx) =>
    assertNotBlacklisted(
      need(ctx, "organisationIds", "not-blacklisted"),
      need(ctx, "creditRecords", "not-blacklisted"),
      need(ctx, "today", "not-blacklisted"),
    ),
  "young-researcher-share": (ctx) =>
    assertYoungResearcherShare(
      need(ctx, "team", "young-researcher-share"),
      need(ctx, "policy", "young-researcher-share"),
      need(ctx, "today", "young-researcher-share"),
    ),
  "period-within-max": (ctx) =>
    assertPeriodWithinMax(
      need(ctx, "periodMonths", "period-within-max"),
      need(ctx, "policy", "period-within-max"),
    ),
  "task-book-period": (ctx) =>
    assertTaskBookPeriod(need(ctx, "taskBook", "task-book-period"), need(ctx, "policy", "task-book-period")),
  "horse-race": (ctx) =>
    assertHorseRace(
      ctx.winners ?? 0,
      need(ctx, "horseRaceSlots", "horse-race"),
      need(ctx, "policy", "horse-race"),
    ),
  "notice-ended": (ctx) => {
    const endsAt = need(ctx, "noticeEndsAtMs", "notice-ended");
    const now = need(ctx, "nowMs", "notice-ended");
    if (now <= endsAt) {
      throw businessRuleError(
        "NOTICE_RUNNING",
        `the public notice runs until ${shanghaiDate(endsAt)} 23:59:59 (Asia/Shanghai)`,
        `公示期至 ${shanghaiDate(endsAt)} 23:59:59（北京时间）尚未结束`,
      );
    }
  },
  "no-open-objections": (ctx) => {
    const open = need(ctx, "openObjections", "no-open-objections");
    if (open > 0) {
      throw conflictError(
        "OBJECTIONS_OPEN",
        `${open} objection(s) must be resolved first`,
        `尚有 ${open} 项异议未处理`,
      );
    }
  },
  "solver-unchanged": (ctx) =>
    assertSolverUnchanged(
      need(ctx, "approvedSolver", "solver-unchanged"),
      need(ctx, "proposedSolver", "solver-unchanged"),
    ),
  "condition-met": (ctx) =>
    assertConditionMet(need(ctx, "condition", "condition-met"), need(ctx, "payability", "condition-met")),
};

/** The transition for `action` from `from`, or a conflict error (409) listing what is allowed. */
export function findTransition<S extends string>(
  lifecycle: Lifecycle<S>,
  from: S,
  action: string,
): Transition<S> {
  const transition = lifecycle.transitions.find((tr) => tr.action === action && tr.from.includes(from));
  if (!transition) {
    const allowed = allowedActions(lifecycle, from);
    throw conflictError(
      "INVALID_TRANSITION",
      `a ${lifecycle.name} in state "${from}" cannot "${action}" (allowed: ${allowed.join(", ") || "none"})`,
      `${lifecycle.name} 当前状态“${from}”不能执行“${action}”（可执行：${allowed.join("、") || "无"}）`,
    );
  }
  return transition;
}

/** The actions possible from a state. */
export function allowedActions<S extends string>(lifecycle: Lifecycle<S>, from: S): string[] {
  return lifecycle.transitions.filter((tr) => tr.from.includes(from)).map((tr) => tr.action);
}

/**
 * Apply `action` to an entity in state `from` by `actor`: checks the transition exists (409), the actor may
 * fire it (403) and every guard passes (422/403/409). Returns the new state.
 */
export function transition<S extends string>(
  lifecycle: Lifecycle<S>,
  from: S,
  action: string,
  actor: Actor,
  context: GuardContext = {},
): S {
  const rule = findTransition(lifecycle, from, action);
  if (!rule.by.includes(actor)) {
    throw forbiddenError(
      "ACTOR_NOT_ALLOWED",
      `${actor} cannot "${action}" a ${lifecycle.name} (only ${rule.by.join(", ")})`,
      `${actor} 无权对 ${lifecycle.name} 执行“${action}”（仅限 ${rule.by.join("、")}）`,
    );
  }
  for (const name of rule.guards) guards[name](context);
  return rule.to;
}
