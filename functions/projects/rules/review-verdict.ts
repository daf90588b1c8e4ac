// Pure rules of a panel's review of a milestone or of final acceptance (里程碑考核、结题验收): the quorum of its seats,
// the majority, and a milestone's verdict with its one rectification (整改).

import type { Verdict } from "../model.ts";

/**
 * Decision: a panel's quorum is a majority of its seats (the experts named). 《太原市实施“双百攻关行动”工作方案》四（七） and
 * 《济南市2023年度“揭榜挂帅”榜单发布会》 fix no panel size or quorum; panels of one or two stay possible, and a review never
 * rests on a minority of the panel as named: below the quorum it waits for the bureau to replace recused members.
 */
export const panelQuorum = (seats: number) => Math.floor(seats / 2) + 1;

/** The panel's verdict by majority: more than half of the votes pass. */
export const majorityPasses = (votes: readonly { readonly verdict: string }[]) =>
  votes.filter((v) => v.verdict === "pass").length * 2 > votes.length;

/**
 * A milestone's verdict from the votes counted: pass by a majority; otherwise one rectification (整改) when any counted
 * expert asked for it and the milestone has not had one yet; otherwise fail.
 */
export function milestoneVerdict(
  counted: readonly { readonly verdict: string }[],
  rectificationUsed: boolean,
): Verdict {
  if (majorityPasses(counted)) return "pass";
  return !rectificationUsed && counted.some((v) => v.verdict === "rectify") ? "rectify" : "fail";
}
