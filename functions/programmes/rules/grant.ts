// Pure rule: the grant and its tranches — min(requested, rate × investment, cap), 一事一议, lump sum, remainder-on-last.
import * as z from "zod/mini";
import { businessRuleError, parseOrThrow } from "../../kernel/errors.ts";
import { applyRateFloor, type Fen, formatBp, formatYuan } from "../../kernel/money.ts";
import { conditionToken, describeCondition, type FundingPolicy, type ReleaseCondition } from "./policy.ts";

const safeFen = () => z.number().check(z.int());

/** The approver's recorded decision to lift the cap for an especially major project (一事一议, 《太原市实施“双百攻关行动”工作方案》四（六）). */
export const caseByCaseExceptionSchema = z.lazy(() =>
  z.strictObject({
    approverId: z.string().check(z.minLength(1)),
    reason: z.string().check(z.trim(), z.minLength(1)),
    decidedAt: z.iso.datetime({ offset: true }),
  }),
);
export type CaseByCaseException = z.infer<typeof caseByCaseExceptionSchema>;

export const grantInputSchema = z.lazy(() =>
  z.strictObject({
    /** Total R&D (technology) investment of the project (项目研发投入总额 / 科技投入额). */
    rdInvestmentFen: safeFen().check(z.positive()),
    /** What the application asks for; absent = as much as the rules allow. */
    requestedFen: z.optional(safeFen().check(z.positive())),
    exception: z.optional(caseByCaseExceptionSchema),
  }),
);
export type GrantInput = z.input<typeof grantInputSchema>;

/** One line of the explanation: which rule applied, in English and Chinese. */
export interface ExplanationLine {
  rule: string;
  message: string;
  messageZh: string;
}

export interface PlannedTranche {
  /** 1-based. */
  index: number;
  condition: ReleaseCondition;
  /** Stable token of the condition ("task-book-signed", "milestone-passed:1", …). */
  conditionToken: string;
  amountFen: Fen;
}

export interface GrantPlan {
  policyId: string;
  grantFen: Fen;
  /** Which limit set the grant. */
  boundBy: "requested" | "rate" | "cap";
  lumpSum: boolean;
  exceptionApplied: boolean;
  tranches: PlannedTranche[];
  explanation: ExplanationLine[];
}

/** Split a grant into tranches by shares: each floored to the fen, the remainder on the last, summing to the grant. */
export function splitByShares(grantFen: Fen, rules: FundingPolicy["tranches"]): PlannedTranche[] {
  let allocated = 0;
  return rules.map((rule, i) => {
    const last = i === rules.length - 1;
    const amountFen = last ? grantFen - allocated : applyRateFloor(grantFen, rule.shareBp);
    allocated += amountFen;
    return {
      index: i + 1,
      condition: rule.condition,
      conditionToken: conditionToken(rule.condition),
      amountFen,
    };
  });
}

/**
 * The grant and its tranches for one project under a policy:
 * grant = min(requested, floor(rate × investment), cap), the cap lifted only by a recorded 一事一议 decision
 * where the policy allows it; at or under the lump-sum threshold one tranche on signing, else the schedule.
 */
export function planGrant(policy: FundingPolicy, input: GrantInput): GrantPlan {
  const { rdInvestmentFen, requestedFen, exception } = parseOrThrow(
    grantInputSchema,
    input,
    "INVALID_GRANT_INPUT",
  );
  const explanation: ExplanationLine[] = [];
  const byRate = applyRateFloor(rdInvestmentFen, policy.subsidyRateBp);
  explanation.push({
    rule: "rate",
    message: `${formatBp(policy.subsidyRateBp)} of the R&D investment ${formatYuan(rdInvestmentFen)} = ${formatYuan(byRate)} CNY (floored to the fen)`,
    messageZh: `研发投入 ${formatYuan(rdInvestmentFen)} 元的 ${formatBp(policy.subsidyRateBp)} = ${formatYuan(byRate)} 元（按分取整）`,
  });

  if (exception && !policy.allowsCaseByCaseException) {
    throw businessRuleError(
      "EXCEPTION_NOT_ALLOWED",
      `policy ${policy.id} has no case-by-case (一事一议) exception`,
      `资金政策 ${policy.id} 不允许“一事一议”`,
      [{ path: "exception", message: "not allowed by this policy", messageZh: "本政策不允许一事一议" }],
    );
  }

  let grantFen = byRate;
  let boundBy: GrantPlan["boundBy"] = "rate";
  if (exception) {
    explanation.push({
      rule: "case-by-case-exception",
      message: `cap ${formatYuan(policy.capFen)} CNY lifted by case-by-case decision of ${exception.approverId} at ${exception.decidedAt}: ${exception.reason}`,
      messageZh: `经 ${exception.approverId} 于 ${exception.decidedAt} “一事一议”决定不受 ${formatYuan(policy.capFen)} 元上限限制：${exception.reason}`,
    });
  } else if (byRate > policy.capFen) {
    grantFen = policy.capFen;
    boundBy = "cap";
    explanation.push({
      rule: "cap",
      message: `capped at ${formatYuan(policy.capFen)} CNY per project`,
      messageZh: `单个项目最高 ${formatYuan(policy.capFen)} 元`,
    });
  } else {
    explanation.push({
      rule: "cap",
      message: `within the cap of ${formatYuan(policy.capFen)} CNY`,
      messageZh: `未超过单个项目最高 ${formatYuan(policy.capFen)} 元`,
    });
  }

  if (requestedFen !== undefined) {
    if (requestedFen < grantFen) {
      grantFen = requestedFen;
      boundBy = "requested";
      explanation.push({
        rule: "requested",
        message: `limited to the requested ${formatYuan(requestedFen)} CNY`,
        messageZh: `以申请额 ${formatYuan(requestedFen)} 元为限`,
      });
    } else {
      explanation.push({
        rule: "requested",
        message: `requested ${formatYuan(requestedFen)} CNY is not less than the limit: grant ${formatYuan(grantFen)} CNY`,
        messageZh: `申请额 ${formatYuan(requestedFen)} 元不低于上限，资助 ${formatYuan(grantFen)} 元`,
      });
    }
  }

  const lumpSum = grantFen <= policy.lumpSumThresholdFen;
  let tranches: PlannedTranche[];
  if (lumpSum) {
    const condition: ReleaseCondition = { kind: "task-book-signed" };
    tranches = [{ index: 1, condition, conditionToken: conditionToken(condition), amountFen: grantFen }];
    explanation.push({
      rule: "lump-sum",
      message: `grant ${formatYuan(grantFen)} CNY is at or under the lump-sum threshold ${formatYuan(policy.lumpSumThresholdFen)} CNY: paid at once on signing the task book`,
      messageZh: `资助 ${formatYuan(grantFen)} 元不超过 ${formatYuan(policy.lumpSumThresholdFen)} 元（含），任务书签订后一次性拨付`,
    });
  } else {
    tranches = splitByShares(grantFen, policy.tranches);
    const shares = policy.tranches.map((t) => formatBp(t.shareBp)).join(" / ");
    explanation.push({
      rule: "schedule",
      message: `paid in ${tranches.length} tranches of ${shares}, each floored to the fen, the remainder on the last`,
      messageZh: `分 ${tranches.length} 期拨付（${shares}），每期按分取整，余额计入最后一期`,
    });
    for (const t of tranches) {
      const words = describeCondition(t.condition);
      explanation.push({
        rule: `tranche-${t.index}`,
        message: `tranche ${t.index}: ${formatYuan(t.amountFen)} CNY ${words.en}`,
        messageZh: `第${t.index}期：${words.zh}拨付 ${formatYuan(t.amountFen)} 元`,
      });
    }
  }

  return {
    policyId: policy.id,
    grantFen,
    boundBy,
    lumpSum,
    exceptionApplied: exception !== undefined,
    tranches,
    explanation,
  };
}

/** The check a handler runs before recording a grant amount decided elsewhere: it must not exceed the rules. */
export function assertGrantWithinRules(policy: FundingPolicy, input: GrantInput, grantFen: Fen): void {
  const plan = planGrant(policy, input);
  if (grantFen > plan.grantFen) {
    const code =
      plan.boundBy === "cap"
        ? "GRANT_EXCEEDS_CAP"
        : plan.boundBy === "rate"
          ? "GRANT_EXCEEDS_RATE"
          : "GRANT_EXCEEDS_REQUEST";
    throw businessRuleError(
      code,
      `grant ${formatYuan(grantFen)} CNY exceeds the ${plan.boundBy} limit of ${formatYuan(plan.grantFen)} CNY`,
      `资助额 ${formatYuan(grantFen)} 元超过上限 ${formatYuan(plan.grantFen)} 元`,
      [{ path: "grantFen", message: `exceeds the ${plan.boundBy} limit`, messageZh: "超过资助上限" }],
    );
  }
}
