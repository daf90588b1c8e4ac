// Pure rules of applications (揭榜申请): the team's young-researcher share and the implementation period the policy allows.

import { ageOn, type IsoDate } from "../../kernel/dates.ts";
import { businessRuleError } from "../../kernel/errors.ts";
import { formatBp } from "../../kernel/money.ts";
import type { FundingPolicy } from "../../programmes/rules/policy.ts";

/** The slice of a team member the share rule reads. */
export interface TeamMemberFacts {
  birthDate: IsoDate;
  isLead: boolean;
  isKey: boolean;
}

export interface YoungResearcherShare {
  /** Leads and key members counted (项目(课题)负责人和骨干). */
  counted: number;
  young: number;
  requiredBp: number;
  ok: boolean;
}

/** Young researchers among leads and key members on date `on` (《太原市实施“双百攻关行动”工作方案》四（四）: 原则上不低于50%). Exact: young × 10000 ≥ share × counted. */
export function youngResearcherShare(
  team: readonly TeamMemberFacts[],
  policy: Pick<FundingPolicy, "youngResearcherMinShareBp" | "youngResearcherAgeLimit">,
  on: IsoDate,
): YoungResearcherShare {
  const counted = team.filter((m) => m.isLead || m.isKey);
  const young = counted.filter((m) => ageOn(m.birthDate, on) < policy.youngResearcherAgeLimit).length;
  const requiredBp = policy.youngResearcherMinShareBp;
  const ok = requiredBp === 0 || (counted.length > 0 && young * 10_000 >= requiredBp * counted.length);
  return { counted: counted.length, young, requiredBp, ok };
}

export function assertYoungResearcherShare(
  team: readonly TeamMemberFacts[],
  policy: Pick<FundingPolicy, "youngResearcherMinShareBp" | "youngResearcherAgeLimit">,
  on: IsoDate,
): void {
  const share = youngResearcherShare(team, policy, on);
  if (!share.ok) {
    throw businessRuleError(
      "YOUNG_RESEARCHER_SHARE_TOO_LOW",
      `young researchers (under ${policy.youngResearcherAgeLimit}) are ${share.young} of ${share.counted} leads and key members; at least ${formatBp(share.requiredBp)} required`,
      `青年科技人才（${policy.youngResearcherAgeLimit}周岁以下）占项目(课题)负责人和骨干 ${share.young}/${share.counted}，应不低于 ${formatBp(share.requiredBp)}`,
      [{ path: "team", message: "too few young researchers", messageZh: "青年科技人才比例不足" }],
    );
  }
}

/** Implementation period in months ≤ the policy's maximum (实施期原则上不超过3年). */
export function assertPeriodWithinMax(
  periodMonths: number,
  policy: Pick<FundingPolicy, "maxPeriodMonths">,
): void {
  if (periodMonths > policy.maxPeriodMonths) {
    throw businessRuleError(
      "PERIOD_EXCEEDS_MAX",
      `period of ${periodMonths} months exceeds the maximum of ${policy.maxPeriodMonths}`,
      `实施期 ${periodMonths} 个月超过最长 ${policy.maxPeriodMonths} 个月`,
      [{ path: "periodMonths", message: "longer than the maximum period", messageZh: "超过最长实施期" }],
    );
  }
}
