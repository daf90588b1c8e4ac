// Model of challenges (榜单): the challenge record and its statuses, the terms the bureau sets on a draft — funding cap,
// window, horse race (赛马制), period — with their zod schema and the policy rules they must meet, the listings, and
// the public and staff views.
import * as z from "zod/mini";
import { businessRuleError, type FieldIssue } from "../kernel/errors.ts";
import { formatYuan } from "../kernel/money.ts";
import { listing, type RecordKind, type VersionedRecord } from "../platform/ports/records.ts";
import type { FundingPolicy } from "../programmes/rules/policy.ts";
import { challengeTodos } from "./rules/todos.ts";

// The schemas are built on first use (z.lazy): a function that imports this module for its records builds none.
const instant = () =>
  z.iso.datetime({
    offset: true,
    message: "an ISO 8601 instant, e.g. 2025-03-01T00:00:00+08:00",
  });

/** Application window (揭榜期): the server's clock opens and closes it. */
export const challengeWindow = z.lazy(() => z.strictObject({ opensAt: instant(), closesAt: instant() }));

/** The terms both a draft's terms and an edit of a draft carry, in this order (each call builds them afresh). */
export const termsShape = () => ({
  /** Public money at most, fen (≤ the policy's cap unless the approver records 一事一议). */
  fundingCapFen: z.number().check(z.int(), z.positive(), z.lte(Number.MAX_SAFE_INTEGER)),
  window: challengeWindow,
  horseRace: z.strictObject({
    allowed: z.boolean(),
    maxWinners: z.number().check(z.int(), z.gte(1), z.lte(10)),
  }),
  periodMonths: z.number().check(z.int(), z.gte(1), z.lte(120)),
});

/** What the bureau decides when it turns a demand into a draft challenge (and may edit while it is a draft). */
export const challengeTerms = z.lazy(() =>
  z.strictObject({
    /** Defaults to the demand's title and background + content. */
    title: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(200))),
    description: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(20000))),
    ...termsShape(),
    /** Why a cap above the policy's is asked for (一事一议); the approver decides on it. */
    caseByCaseReason: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(2000))),
  }),
);
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
  // Money in a person's message in yuan to the fen, as the workbench shows it (¥1,000,000.00), never in fen.
  const yuan = (fen: number) => `¥${formatYuan(fen)}`;
  const issues: FieldIssue[] = [];
  const at = (path: string, message: string, messageZh: string) =>
    issues.push({ path: `${prefix}${path}`, message, messageZh });
  if (terms.fundingCapFen > programme.budgetFen) {
    at(
      "fundingCapFen",
      `above the programme budget of ${yuan(programme.budgetFen)}`,
      `超过本批次总预算 ${yuan(programme.budgetFen)}`,
    );
  } else if (terms.fundingCapFen > policy.capFen) {
    if (!policy.allowsCaseByCaseException) {
      at(
        "fundingCapFen",
        `above the policy's cap of ${yuan(policy.capFen)}, and the policy has no case-by-case exception`,
        `超过政策规定的单项最高额度 ${yuan(policy.capFen)}，且该政策不适用一事一议`,
      );
    } else if (!terms.caseByCaseReason && !options.caseByCaseAlreadyAsked) {
      at(
        "caseByCaseReason",
        `a cap above the policy's ${yuan(policy.capFen)} needs a case-by-case (一事一议) reason for the approver`,
        `超过政策单项最高额度 ${yuan(policy.capFen)} 须说明一事一议理由，由审定领导决定`,
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

// ---- challenge (榜单项) ----------------------------------------------------------------------------------------
export const challengeRecordStatuses = [
  "draft", // drafted from demand(s) by the bureau, editable
  "awaiting-bureau", // submitted for the bureau's sign-off
  "awaiting-approver", // bureau signed; waiting for the approver (审定)
  "scheduled", // approved; published, window not yet open
  "open", // application window open (揭榜)
  "closed", // window closed; review follows
  "reviewing",
  "shortlisting",
  "on-notice", // 公示
  "awarded",
  "unsolved", // 流榜: nobody applied (can be republished)
  "withdrawn",
] as const;

export type ChallengeRecordStatus = (typeof challengeRecordStatuses)[number];

export interface ChallengeRecord extends VersionedRecord {
  readonly programmeId: string;
  /** The demand(s) it was refined from (several when merged, 需求交叉融合). */
  readonly demandIds: readonly string[];
  /** The enterprise(s) that posted it (发榜方) — conflict-of-interest checks use these. */
  readonly enterpriseOrganisationIds: readonly string[];
  readonly field: string;
  readonly title: string;
  readonly description: string;
  readonly keyTechnologies: readonly {
    name: string;
    targetMetrics: readonly { name: string; target: string; unit?: string }[];
  }[];
  /** Public-money cap for this challenge, fen (≤ the policy's cap unless 一事一议). */
  readonly fundingCapFen: number;
  /** Enterprise's stated R&D investment, fen. */
  readonly rdInvestmentFen: number;
  readonly periodMonths: number;
  readonly solverRequirements: string;
  /** 赛马制: whether parallel winners are allowed and at most how many (≤ policy limit). */
  readonly horseRace: { readonly allowed: boolean; readonly maxWinners: number };
  /** Application window (server clock decides); ISO instants. */
  readonly window?: { readonly opensAt: string; readonly closesAt: string };
  readonly status: ChallengeRecordStatus;
  /** How many times it has been published (a 流榜 challenge can be republished). */
  readonly round: number;
  readonly publishedAt?: string;
  /** Callback the workflow is parked on, with its token (never shown to clients). */
  readonly pendingTask?: { readonly kind: string; readonly token: string; readonly since: string };
  readonly workflow?: {
    readonly executionArn?: string;
    readonly awardExecutionArn?: string;
    /** Name of the publication execution of this round (optional). */
    readonly executionName?: string;
  };
  /** Sign-offs (bureau, approver) of every round, oldest first (optional). */
  readonly signOffs?: readonly ChallengeSignOff[];
  /** A sign-off sent to the workflow and not yet applied by it (optional). */
  readonly pendingSignOff?: ChallengeSignOff;
  /** 一事一议: asked for when the cap is above the policy's; only the approver's approval records it (《太原市实施“双百攻关行动”工作方案》四（六）). */
  readonly caseByCase?: {
    readonly reason: string;
    readonly requestedBy: string;
    readonly requestedAt: string;
    readonly approvedBy?: string;
    readonly approvedAt?: string;
  };
  /** Publication executions started in this round; a lapsed one is replaced by a fresh attempt. */
  readonly attempt?: number;
  /** A sign-off waited longer than its deadline and was escalated (optional). */
  readonly overdueSince?: string;
  readonly openedAt?: string;
  readonly closedAt?: string;
  /** Earlier published rounds (a 流榜 challenge republished keeps its history) (optional). */
  readonly previousRounds?: readonly {
    readonly round: number;
    readonly window?: { readonly opensAt: string; readonly closesAt: string };
    readonly publishedAt?: string;
    readonly status: ChallengeRecordStatus;
  }[];
  /** How many experts review it (optional; default 3, at least one finance expert: 《太原市实施“双百攻关行动”工作方案》四（五）). */
  readonly reviewPanelSize?: number;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** One sign-off on a challenge (审核/审定): the bureau's, then the approver's (《太原市实施“双百攻关行动”工作方案》四（三）). */
export interface ChallengeSignOff {
  readonly stage: "bureau" | "approver";
  readonly decision: "approve" | "send-back";
  readonly comment?: string;
  /** The approver's 一事一议 decision on a cap above the policy's. */
  readonly caseByCaseApproved?: boolean;
  readonly round: number;
  readonly by: string;
  readonly at: string;
}

/** Public listing: gsi2 "PUBLIC#CHALLENGE" for published rounds only. */
export const challengeKind: RecordKind<ChallengeRecord> = {
  name: "CHALLENGE",
  indexKeys: (c) => ({
    gsi1pk: challengesOfProgramme(c.programmeId).partition,
    gsi1sk: `${c.createdAt}#${c.id}`,
    ...(c.publishedAt && c.status !== "withdrawn"
      ? { gsi2pk: publishedChallenges().partition, gsi2sk: `${c.publishedAt}#${c.id}` }
      : {}),
  }),
  todos: challengeTodos,
};

/** A programme's challenges (榜单), by creation (read newest first). */
export const challengesOfProgramme = (programmeId: string) =>
  listing<ChallengeRecord>("gsi1", `PROGRAMME#${programmeId}#CHALLENGE`);

/** Published challenges (张榜公布), by publication. */
export const publishedChallenges = () => listing<ChallengeRecord>("gsi2", "PUBLIC#CHALLENGE");
