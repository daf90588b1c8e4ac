// Use-case model (selection, section P): the terms the bureau sets on a draft challenge (榜单) — funding cap, window,
// horse race (赛马制), period — their zod schema, the policy rules they must meet, and the staff view of a challenge.
import * as z from "zod";
import { businessRuleError, type FieldIssue } from "../kernel/errors.ts";
import type { FundingPolicy } from "../programmes/rules/policy.ts";
import type { ChallengeRecord } from "./selection-records.ts";

const instant = z.iso.datetime({
  offset: true,
  message: "an ISO 8601 instant, e.g. 2025-03-01T00:00:00+08:00",
});

/** Application window (揭榜期): the server's clock opens and closes it. */
export const challengeWindow = z.object({ opensAt: instant, closesAt: instant }).strict();

/** What the bureau decides when it turns a demand into a draft challenge (and may edit while it is a draft). */
export const challengeTerms = z
  .object({
    /** Defaults to the demand's title and background + content. */
    title: z.string().trim().min(1).max(200).optional(),
    description: z.string().trim().min(1).max(20000).optional(),
    /** Public money at most, fen (≤ the policy's cap unless the approver records 一事一议). */
    fundingCapFen: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
    window: challengeWindow,
    horseRace: z.object({ allowed: z.boolean(), maxWinners: z.number().int().min(1).max(10) }).strict(),
    periodMonths: z.number().int().min(1).max(120),
    /** Why a cap above the policy's is asked for (一事一议); the approver decides on it. */
    caseByCaseReason: z.string().trim().min(1).max(2000).optional(),
  })
  .strict();
export type ChallengeTerms = z.infer<typeof challengeTerms>;

/** Longest time from now to the window's close: the publication execution must end within Step Functions' year. */
export const maxDaysUntilClose = 300;
const dayMs = 86_400_000;

/**
 * The terms against the programme's policy and budget and the server's clock. Every problem is reported at once,
 * each under `prefix` + its field (e.g. `body.challenge.window.opensAt`).
 */
export function assertTermsWithinPolicy(
  terms: Pick<ChallengeTerms, "fundingCapFen" | "window" | "horseRace" | "periodMonths" | "caseByCaseReason">,
  programme: { readonly policy: FundingPolicy; readonly budgetFen: number },
  now: Date,
  prefix: string,
  options: { readonly caseByCaseAlreadyAsked?: boolean } = {},
): void {
  const { policy } = programme;
  const issues: FieldIssue[] = [];
  const at = (path: string, message: string, messageZh: string) =>
    issues.push({ path: `${prefix}${path}`, message, messageZh });
  if (terms.fundingCapFen > programme.budgetFen) {
    at(
      "fundingCapFen",
      `above the programme budget of ${programme.budgetFen} fen`,
      `超过本批次总预算 ${programme.budgetFen} 分`,
    );
  } else if (terms.fundingCapFen > policy.capFen) {
    if (!policy.allowsCaseByCaseException) {
      at(
        "fundingCapFen",
        `above the policy's cap of ${policy.capFen} fen, and the policy has no case-by-case exception`,
        `超过政策规定的单项最高额度 ${policy.capFen} 分，且该政策不适用一事一议`,
      );
    } else if (!terms.caseByCaseReason && !options.caseByCaseAlreadyAsked) {
      at(
        "caseByCaseReason",
        `a cap above the policy's ${policy.capFen} fen needs a case-by-case (一事一议) reason for the approver`,
        `超过政策单项最高额度 ${policy.capFen} 分须说明一事一议理由，由审定领导决定`,
      );
    }
  }
  const opens = Date.parse(terms.window.opensAt);
  const closes = Date.parse(terms.window.closesAt);
  if (!(opens > now.getTime())) {
    at("window.opensAt", "must be after now (the server's clock)", "应晚于当前时间（以服务器时间为准）");
  }
  if (!(closes > opens)) at("window.closesAt", "must be after opensAt", "应晚于开始时间");
  else if (closes - now.getTime() > maxDaysUntilClose * dayMs) {
    at(
      "window.closesAt",
      `must be within ${maxDaysUntilClose} days from now`,
      `应在当前时间起 ${maxDaysUntilClose} 天之内`,
    );
  }
  if (terms.horseRace.maxWinners > policy.horseRaceLimit) {
    at(
      "horseRace.maxWinners",
      `at most ${policy.horseRaceLimit} parallel winners under this policy`,
      `本政策赛马数量最多 ${policy.horseRaceLimit} 个`,
    );
  } else if (!terms.horseRace.allowed && terms.horseRace.maxWinners !== 1) {
    at("horseRace.maxWinners", "must be 1 without a horse race", "不实行赛马制时只能为 1");
  }
  if (terms.periodMonths > policy.maxPeriodMonths) {
    at(
      "periodMonths",
      `longer than the policy's maximum of ${policy.maxPeriodMonths} months`,
      `超过政策规定的最长实施期 ${policy.maxPeriodMonths} 个月`,
    );
  }
  if (issues.length > 0) {
    throw businessRuleError(
      "CHALLENGE_TERMS_INVALID",
      `The challenge's terms break the programme's policy: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`,
      `榜单条件不符合本批次政策：${issues.map((i) => `${i.path}：${i.messageZh}`).join("；")}`,
      issues,
    );
  }
}

/** What signed-in readers (bureau, approver, admin, auditor, the posting enterprise) see: all but the task token. */
export function challengeView(c: ChallengeRecord) {
  const { pendingTask, ...rest } = c;
  return {
    ...rest,
    ...(pendingTask ? { waitingFor: { kind: pendingTask.kind, since: pendingTask.since } } : {}),
  };
}
