// Domain: the business rules that guard transitions — team, period, horse race, locks, conflicts, credit, payability (functions/domain/).

import type { FundingPolicy, ReleaseCondition } from "../programmes/policy.ts";
import { addMonths, ageOn, type IsoDate } from "./dates.ts";
import { businessRuleError, forbiddenError } from "./errors.ts";
import { formatBp } from "./money.ts";

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

/** Young researchers among leads and key members on date `on` (002 四.(四): 原则上不低于50%). Exact: young × 10000 ≥ share × counted. */
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

/** A task book's dates within the maximum period: end ≤ start + max months. */
export function assertTaskBookPeriod(
  book: { startDate: IsoDate; endDate: IsoDate },
  policy: Pick<FundingPolicy, "maxPeriodMonths">,
): void {
  const latest = addMonths(book.startDate, policy.maxPeriodMonths);
  if (book.endDate > latest) {
    throw businessRuleError(
      "PERIOD_EXCEEDS_MAX",
      `the task book ends ${book.endDate}, after ${latest} (${policy.maxPeriodMonths} months from ${book.startDate})`,
      `任务书结束日期 ${book.endDate} 晚于 ${latest}（自 ${book.startDate} 起 ${policy.maxPeriodMonths} 个月）`,
      [{ path: "endDate", message: "longer than the maximum period", messageZh: "超过最长实施期" }],
    );
  }
}

/** Horse race (赛马制): slots chosen by the enterprise ≤ the policy's limit, and winners ≤ slots. */
export function assertHorseRace(
  winners: number,
  horseRaceSlots: number,
  policy: Pick<FundingPolicy, "horseRaceLimit">,
): void {
  if (horseRaceSlots > policy.horseRaceLimit) {
    throw businessRuleError(
      "HORSE_RACE_LIMIT_EXCEEDED",
      `${horseRaceSlots} parallel winners asked; the programme allows at most ${policy.horseRaceLimit}`,
      `赛马数量 ${horseRaceSlots} 超过本计划上限 ${policy.horseRaceLimit}`,
      [{ path: "horseRaceSlots", message: "above the horse-race limit", messageZh: "超过赛马上限" }],
    );
  }
  if (winners > horseRaceSlots) {
    throw businessRuleError(
      "HORSE_RACE_LIMIT_EXCEEDED",
      `${winners} winners for a challenge that funds ${horseRaceSlots}`,
      `揭榜成功方 ${winners} 个，超过该榜单赛马数量 ${horseRaceSlots}`,
      [
        {
          path: "applicationIds",
          message: "more winners than slots",
          messageZh: "成功揭榜方数量超过赛马数量",
        },
      ],
    );
  }
}

/** After approval the solver cannot be replaced, nor the chief engineer (002 四.(七).2). */
export function assertSolverUnchanged(
  approved: { solverLeadId: string; solverMemberIds: readonly string[]; chiefEngineerId: string },
  proposed: { solverLeadId: string; solverMemberIds: readonly string[]; chiefEngineerId: string },
): void {
  const sameMembers =
    approved.solverMemberIds.length === proposed.solverMemberIds.length &&
    [...approved.solverMemberIds].sort().join("\n") === [...proposed.solverMemberIds].sort().join("\n");
  if (approved.solverLeadId !== proposed.solverLeadId || !sameMembers) {
    throw businessRuleError(
      "SOLVER_LOCKED",
      "the solver cannot be replaced after approval",
      "项目立项后不得更换揭榜方",
      [{ path: "solverLead", message: "locked after approval", messageZh: "立项后不得更换" }],
    );
  }
  if (approved.chiefEngineerId !== proposed.chiefEngineerId) {
    throw businessRuleError(
      "CHIEF_ENGINEER_LOCKED",
      "the chief engineer cannot be replaced after approval",
      "揭榜攻关期间技术总师不得随意离职或更换",
      [{ path: "chiefEngineerId", message: "locked after approval", messageZh: "立项后不得更换" }],
    );
  }
}

/** An expert is conflicted when from the enterprise or any organisation of the consortium. */
export function isExpertConflicted(
  expertOrganisationId: string,
  parties: { enterpriseId: string; solverOrganisationIds: readonly string[] },
): boolean {
  return (
    expertOrganisationId === parties.enterpriseId ||
    parties.solverOrganisationIds.includes(expertOrganisationId)
  );
}

export function assertExpertNotConflicted(
  expertOrganisationId: string,
  parties: { enterpriseId: string; solverOrganisationIds: readonly string[] },
): void {
  if (isExpertConflicted(expertOrganisationId, parties)) {
    throw forbiddenError(
      "EXPERT_CONFLICT_OF_INTEREST",
      "the expert's organisation is the enterprise or a member of the applying consortium",
      "专家所在单位为出题企业或揭榜联合体成员单位，须回避",
    );
  }
}

export interface CreditRecordFacts {
  organisationId: string;
  recordedOn: IsoDate;
  blockedUntil: IsoDate;
}

/** The credit record that blocks one of `organisationIds` on `on`, if any (recordedOn ≤ on < blockedUntil). */
export function blockingCreditRecord<R extends CreditRecordFacts>(
  organisationIds: readonly string[],
  records: readonly R[],
  on: IsoDate,
): R | undefined {
  return records.find(
    (r) => organisationIds.includes(r.organisationId) && r.recordedOn <= on && on < r.blockedUntil,
  );
}

/** A blacklisted organisation (失信) cannot apply, as lead or member. */
export function assertNotBlacklisted(
  organisationIds: readonly string[],
  records: readonly CreditRecordFacts[],
  on: IsoDate,
): void {
  const record = blockingCreditRecord(organisationIds, records, on);
  if (record) {
    throw forbiddenError(
      "ORGANISATION_BLACKLISTED",
      `organisation ${record.organisationId} is on the credit record until ${record.blockedUntil} and cannot apply`,
      `单位 ${record.organisationId} 已列入失信行为记录（至 ${record.blockedUntil}），不得揭榜`,
    );
  }
}

/** What is known about a project when deciding whether a tranche's condition is met. */
export interface PayabilityFacts {
  /** When the task book was signed; absent = not signed. */
  signedOn?: IsoDate;
  milestones: readonly { index: number; status: "pending" | "submitted" | "passed" | "rejected" }[];
  finalAccepted: boolean;
  today: IsoDate;
}

/** Whether a release condition is met, and why not. Nothing is payable on a rejected or unreviewed milestone. */
export function conditionMet(
  condition: ReleaseCondition,
  facts: PayabilityFacts,
): { met: true } | { met: false; code: string; message: string; messageZh: string } {
  if (facts.signedOn === undefined) {
    return {
      met: false,
      code: "TASK_BOOK_NOT_SIGNED",
      message: "the task book is not signed",
      messageZh: "任务书尚未签订",
    };
  }
  switch (condition.kind) {
    case "task-book-signed":
      return { met: true };
    case "milestone-passed": {
      const milestone = facts.milestones.find((m) => m.index === condition.milestone);
      if (milestone?.status === "passed") return { met: true };
      const state =
        milestone === undefined
          ? "missing"
          : milestone.status === "rejected"
            ? "rejected"
            : "not yet reviewed";
      const stateZh =
        milestone === undefined ? "不存在" : milestone.status === "rejected" ? "考核未通过" : "尚未考核";
      return {
        met: false,
        code: "MILESTONE_NOT_PASSED",
        message: `milestone ${condition.milestone} is ${state}: nothing is payable on it`,
        messageZh: `第${condition.milestone}个里程碑${stateZh}，不得拨付`,
      };
    }
    case "final-acceptance":
      return facts.finalAccepted
        ? { met: true }
        : {
            met: false,
            code: "NOT_ACCEPTED",
            message: "final acceptance has not passed",
            messageZh: "项目尚未通过结题验收",
          };
    case "anniversary": {
      const due = addMonths(facts.signedOn, condition.years * 12);
      return facts.today >= due
        ? { met: true }
        : {
            met: false,
            code: "ANNIVERSARY_NOT_REACHED",
            message: `anniversary ${condition.years} of signing falls on ${due}`,
            messageZh: `合同签订满${condition.years}年为 ${due}，尚未到期`,
          };
    }
  }
}

export function assertConditionMet(condition: ReleaseCondition, facts: PayabilityFacts): void {
  const result = conditionMet(condition, facts);
  if (!result.met) {
    throw businessRuleError(result.code, result.message, result.messageZh, [
      { path: "condition", message: result.message, messageZh: result.messageZh },
    ]);
  }
}
