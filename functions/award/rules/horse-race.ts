// Pure rule of the award: the horse race (赛马制) — slots within the policy's limit, winners within the slots.

import { businessRuleError } from "../../kernel/errors.ts";
import type { FundingPolicy } from "../../programmes/rules/policy.ts";

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
