// Pure rule: funding policies as data — the zod schema, the four presets and validation of custom policies.
import * as z from "zod/mini";
import { notFoundError, parseOrThrow } from "../../kernel/errors.ts";
import { FULL_SHARE_BP } from "../../kernel/money.ts";

// The schemas are built on first use (z.lazy): a function that imports this module for its presets builds none.
const fen = () => z.number().check(z.int(), z.nonnegative());
const positiveFen = () => fen().check(z.refine((v) => v > 0, { message: "must be more than 0" }));
const basisPoints = () => z.number().check(z.int(), z.gte(0), z.lte(FULL_SHARE_BP));

/**
 * When a tranche becomes due (拨付条件):
 * - `task-book-signed`: on signing the task book (任务书签订后);
 * - `milestone-passed`: after milestone `milestone` (1-based, in task-book order) passes review (里程碑节点考核通过后);
 * - `final-acceptance`: after final acceptance (结题验收后);
 * - `anniversary`: on the `years`-th anniversary of signing. Anniversary 1 is the start of the second year
 *   (《鞍山市科技局关于完善“揭榜挂帅”制度建议的答复》二（五）: "项目合同签订实施后,于第二年拨付…60%" — decision: paid once one full year has run).
 */
export const releaseConditionSchema = z.lazy(() =>
  z.discriminatedUnion("kind", [
    z.strictObject({ kind: z.literal("task-book-signed") }),
    z.strictObject({ kind: z.literal("milestone-passed"), milestone: z.number().check(z.int(), z.gte(1)) }),
    z.strictObject({ kind: z.literal("final-acceptance") }),
    z.strictObject({ kind: z.literal("anniversary"), years: z.number().check(z.int(), z.gte(1), z.lte(10)) }),
  ]),
);
export type ReleaseCondition = z.infer<typeof releaseConditionSchema>;

/** A stable token for a condition: "task-book-signed", "milestone-passed:1", "final-acceptance", "anniversary:1". */
export function conditionToken(condition: ReleaseCondition): string {
  switch (condition.kind) {
    case "milestone-passed":
      return `milestone-passed:${condition.milestone}`;
    case "anniversary":
      return `anniversary:${condition.years}`;
    default:
      return condition.kind;
  }
}

/** The condition in words, English and Chinese. */
export function describeCondition(condition: ReleaseCondition): { en: string; zh: string } {
  switch (condition.kind) {
    case "task-book-signed":
      return { en: "on signing the task book", zh: "任务书签订后" };
    case "milestone-passed":
      return {
        en: `after milestone ${condition.milestone} passes review`,
        zh: `第${condition.milestone}个里程碑节点考核通过后`,
      };
    case "final-acceptance":
      return { en: "after final acceptance", zh: "项目结题验收后" };
    case "anniversary":
      return {
        en: `on anniversary ${condition.years} of signing`,
        zh: `合同签订满${condition.years}年后`,
      };
  }
}

export const trancheRuleSchema = z.lazy(() =>
  z.strictObject({
    shareBp: basisPoints().check(z.refine((v) => v > 0, { message: "a tranche share must be more than 0" })),
    condition: releaseConditionSchema,
  }),
);
export type TrancheRule = z.infer<typeof trancheRuleSchema>;

/** A programme's funding policy (资金支持政策). Money in fen, rates and shares in basis points. */
export const fundingPolicySchema = z.lazy(() =>
  z
    .strictObject({
      id: z
        .string()
        .check(z.regex(/^[a-z0-9][a-z0-9-]{1,63}$/, { message: "lower-case letters, digits and hyphens" })),
      name: z.string().check(z.minLength(1)),
      nameZh: z.string().check(z.minLength(1)),
      /** Where the rules come from (policy document by title and section, docs/policies.md), or "custom". */
      source: z.string().check(z.minLength(1)),
      /** Share of the R&D (technology) investment that may be granted (资助比例). */
      subsidyRateBp: basisPoints().check(
        z.refine((v) => v > 0, { message: "the subsidy rate must be more than 0" }),
      ),
      /** Highest grant per project (单个项目最高支持额度). */
      capFen: positiveFen(),
      /** Whether the case-by-case exception (一事一议) may lift the cap. */
      allowsCaseByCaseException: z.boolean(),
      /** Grants at or under this are paid at once on signing (…万元(含)以下…一次性拨付到位). 0 = never (except a zero grant). */
      lumpSumThresholdFen: fen(),
      /** The tranche schedule; shares sum to 10000 bp; the last tranche takes the rounding remainder. */
      tranches: z.array(trancheRuleSchema).check(z.minLength(1), z.maxLength(12)),
      /** Longest implementation period (实施期). */
      maxPeriodMonths: z.number().check(z.int(), z.gte(1), z.lte(120)),
      /** Minimum share of leads and key members who are young researchers (青年科技人才比例). */
      youngResearcherMinShareBp: basisPoints(),
      /** A young researcher is younger than this many full years on the application date (decision: 40). */
      youngResearcherAgeLimit: z.number().check(z.int(), z.gte(18), z.lte(70)),
      /** Length of the public notice of winners in working days (公示…个工作日). */
      noticeWorkingDays: z.number().check(z.int(), z.gte(1), z.lte(30)),
      /** Most winners one challenge may fund in parallel (赛马制); the enterprise picks up to this. */
      horseRaceLimit: z.number().check(z.int(), z.gte(1), z.lte(10)),
      /** The programme's total public money, or null when the policy does not fix one. */
      programmeBudgetFen: z.nullable(positiveFen()),
      /** How long a fraud credit record (失信行为记录) blocks an organisation from applying. */
      creditRecordBlockMonths: z.number().check(z.int(), z.gte(1), z.lte(120)),
    })
    .check(
      z.superRefine((policy, ctx) => {
        const total = policy.tranches.reduce((sum, t) => sum + t.shareBp, 0);
        if (total !== FULL_SHARE_BP) {
          ctx.addIssue({
            code: "custom",
            path: ["tranches"],
            message: `tranche shares must sum to 10000 bp (100%), got ${total}`,
            params: { messageZh: `各期拨付比例之和必须为 10000 个基点（100%），实际为 ${total}` },
          });
        }
        if (policy.programmeBudgetFen !== null && policy.capFen > policy.programmeBudgetFen) {
          ctx.addIssue({
            code: "custom",
            path: ["capFen"],
            message: "the cap per project cannot exceed the programme budget",
            params: { messageZh: "单个项目最高额度不能超过计划总预算" },
          });
        }
        policy.tranches.forEach((tranche, index) => {
          if (
            tranche.condition.kind === "anniversary" &&
            tranche.condition.years * 12 > policy.maxPeriodMonths
          ) {
            ctx.addIssue({
              code: "custom",
              path: ["tranches", index, "condition", "years"],
              message: "the anniversary falls after the maximum period",
              params: { messageZh: "周年拨付时间超出最长实施期" },
            });
          }
        });
      }),
    ),
);
export type FundingPolicy = z.infer<typeof fundingPolicySchema>;

const yuan = (amount: number) => amount * 100;

/** Defaults shared by presets where the policy documents are silent; each is a decision, not a policy rule. */
const defaults = {
  /** Decision: no policy document gives an age; "young" = under 40 full years, the common line for 青年科技人才. */
  youngResearcherAgeLimit: 40,
  /** Decision: 《太原市实施“双百攻关行动”工作方案》四（四） lets the enterprise decide the number of horses; the platform caps it at 3. */
  horseRaceLimit: 3,
  /** Decision: the policy documents give no period for 失信 records; 3 years. */
  creditRecordBlockMonths: 36,
  /** 《太原市实施“双百攻关行动”工作方案》四（五）: 公示 5 个工作日; used where a document says nothing. */
  noticeWorkingDays: 5,
  /** 《太原市实施“双百攻关行动”工作方案》四（六） and 《鞍山市科技局关于完善“揭榜挂帅”制度建议的答复》二（四）: 实施期不超过3年. */
  maxPeriodMonths: 36,
} as const;

/** The four presets, from the policy documents (docs/policies.md). */
export const policyPresets: Readonly<Record<string, FundingPolicy>> = {
  // 《太原市实施“双百攻关行动”工作方案》（并科〔2023〕17号）四（六）: ≤30% of R&D investment, ≤20,000,000; 30% on signing, 40% after the key
  // milestone, the remainder after acceptance; 一事一议 for especially major projects; ≤500,000 (含) paid at once;
  // 四（四） young researchers ≥50%; 四（五） notice 5 working days; 实施期 ≤3 years.
  "taiyuan-2023": {
    id: "taiyuan-2023",
    name: "Taiyuan 2023 'Double Hundred' key technology programme",
    nameZh: "太原市“双百攻关行动”揭榜挂帅项目（2023）",
    source: "《太原市实施“双百攻关行动”工作方案》四（四）（五）（六）",
    subsidyRateBp: 3000,
    capFen: yuan(20_000_000),
    allowsCaseByCaseException: true,
    lumpSumThresholdFen: yuan(500_000),
    tranches: [
      { shareBp: 3000, condition: { kind: "task-book-signed" } },
      { shareBp: 4000, condition: { kind: "milestone-passed", milestone: 1 } },
      { shareBp: 3000, condition: { kind: "final-acceptance" } },
    ],
    maxPeriodMonths: defaults.maxPeriodMonths,
    youngResearcherMinShareBp: 5000,
    youngResearcherAgeLimit: defaults.youngResearcherAgeLimit,
    noticeWorkingDays: 5,
    horseRaceLimit: defaults.horseRaceLimit,
    programmeBudgetFen: null,
    creditRecordBlockMonths: defaults.creditRecordBlockMonths,
  },
  // 《鞍山市科技局关于完善“揭榜挂帅”制度建议的答复》二（一）: 科技投入额10%,最高100万元; 二（五）: 60% in the second year after the
  // contract is signed and implemented (= anniversary 1), the remaining 40% after acceptance (后补助);
  // 二（四）: 实施周期不超过3年. Silent on lump sums, young researchers and notice: no lump sum, no share, 5 days.
  "anshan-2025": {
    id: "anshan-2025",
    name: "Anshan 2025 city open-competition programme",
    nameZh: "鞍山市级“揭榜挂帅”科技计划项目（2025）",
    source: "《鞍山市科技局关于完善“揭榜挂帅”制度建议的答复》二（一）（四）（五）",
    subsidyRateBp: 1000,
    capFen: yuan(1_000_000),
    allowsCaseByCaseException: false,
    lumpSumThresholdFen: 0,
    tranches: [
      { shareBp: 6000, condition: { kind: "anniversary", years: 1 } },
      { shareBp: 4000, condition: { kind: "final-acceptance" } },
    ],
    maxPeriodMonths: defaults.maxPeriodMonths,
    youngResearcherMinShareBp: 0,
    youngResearcherAgeLimit: defaults.youngResearcherAgeLimit,
    noticeWorkingDays: defaults.noticeWorkingDays,
    horseRaceLimit: defaults.horseRaceLimit,
    programmeBudgetFen: null,
    creditRecordBlockMonths: defaults.creditRecordBlockMonths,
  },
  // 《泰安市关于以科技创新引领现代化产业体系建设的实施意见》三（三）7: 无偿, 单个项目市级财政资金支持不超过500万元; 三（三）8: 首席专家“组阁”, 军令状,
  // 资金直拨企业; 三（八）27: “里程碑”管理. No rate or schedule stated: decision — 100% rate (the cap and the
  // request bind), 30% on signing, 40% after milestone 1, 30% after acceptance (milestone-driven, as taiyuan-2023).
  "taian-2024": {
    id: "taian-2024",
    name: "Tai'an 2024 major science and technology projects",
    nameZh: "泰安市重大科技攻关项目（揭榜挂帅，2024）",
    source: "《泰安市关于以科技创新引领现代化产业体系建设的实施意见》三（三）7、8, 三（八）27",
    subsidyRateBp: 10_000,
    capFen: yuan(5_000_000),
    allowsCaseByCaseException: false,
    lumpSumThresholdFen: 0,
    tranches: [
      { shareBp: 3000, condition: { kind: "task-book-signed" } },
      { shareBp: 4000, condition: { kind: "milestone-passed", milestone: 1 } },
      { shareBp: 3000, condition: { kind: "final-acceptance" } },
    ],
    maxPeriodMonths: defaults.maxPeriodMonths,
    youngResearcherMinShareBp: 0,
    youngResearcherAgeLimit: defaults.youngResearcherAgeLimit,
    noticeWorkingDays: defaults.noticeWorkingDays,
    horseRaceLimit: defaults.horseRaceLimit,
    programmeBudgetFen: null,
    creditRecordBlockMonths: defaults.creditRecordBlockMonths,
  },
  // 《济南市2023年度“揭榜挂帅”榜单发布会》: 20 challenges, 2000万元 in total, levering 1.39亿元 of market R&D; remote online
  // review. Rate, cap and schedule not stated: decision — 100% rate, cap = the programme budget, 50% on
  // signing and 50% after acceptance (configurable: copy and change).
  "jinan-2023": {
    id: "jinan-2023",
    name: "Jinan 2023 science and technology plan open competition",
    nameZh: "济南市科技计划“揭榜挂帅”项目（2023）",
    source: "《济南市2023年度“揭榜挂帅”榜单发布会》",
    subsidyRateBp: 10_000,
    capFen: yuan(20_000_000),
    allowsCaseByCaseException: false,
    lumpSumThresholdFen: 0,
    tranches: [
      { shareBp: 5000, condition: { kind: "task-book-signed" } },
      { shareBp: 5000, condition: { kind: "final-acceptance" } },
    ],
    maxPeriodMonths: defaults.maxPeriodMonths,
    youngResearcherMinShareBp: 0,
    youngResearcherAgeLimit: defaults.youngResearcherAgeLimit,
    noticeWorkingDays: defaults.noticeWorkingDays,
    horseRaceLimit: defaults.horseRaceLimit,
    programmeBudgetFen: yuan(20_000_000),
    creditRecordBlockMonths: defaults.creditRecordBlockMonths,
  },
};

export const presetIds = Object.keys(policyPresets);

/** A preset by id, or a not-found DomainError listing the known ids. */
export function getPolicyPreset(id: string): FundingPolicy {
  const preset = Object.hasOwn(policyPresets, id) ? policyPresets[id] : undefined;
  if (!preset) {
    throw notFoundError(
      "POLICY_NOT_FOUND",
      `no funding policy "${id}" (known: ${presetIds.join(", ")})`,
      `没有资金政策“${id}”（已有：${presetIds.join("、")}）`,
    );
  }
  return preset;
}

/** Validate a custom policy (or a preset) with the same schema; throws a validation DomainError naming the fields. */
export function parseFundingPolicy(input: unknown): FundingPolicy {
  return parseOrThrow(fundingPolicySchema, input, "INVALID_FUNDING_POLICY");
}
