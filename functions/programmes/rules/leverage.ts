// Pure rule (programmes): the leverage ratio (撬动比) — social (non-public) R&D investment ÷ public money — per
// challenge, per programme and for the city, with terminated projects counted as docs/leverage.md decides.
import { type Fen, type Ratio, ratio, sumFen } from "../../kernel/money.ts";

/**
 * The definition as stated on the finance page and in the API description (《济南市2023年度“揭榜挂帅”榜单发布会》:
 * 榜单金额2000万元 “撬动市场主体研发投入1.39亿元”, i.e. 6.95).
 */
export const leverageDefinition =
  "Leverage (撬动比) = social R&D investment ÷ public money: social R&D investment is each project's R&D investment in its task book less its public grant (市场主体研发投入); public money is what is committed to the project (tranches not cancelled) less what was recovered. A terminated project counts its public money net of recovery and no social investment. Road-show interest (路演意向) is declared, not committed, and reported apart (roadShowInterestFen), never in the ratio.";
export const leverageDefinitionZh =
  "撬动比 = 社会研发投入 ÷ 财政资金：社会研发投入为各项目任务书研发总投入减去财政资助（市场主体研发投入）；财政资金为已承诺（未取消的拨付批次）减去已收回的金额。终止的项目计入收回后的财政资金，不计社会投入。路演意向投资为意向而非承诺，单列（roadShowInterestFen），不计入撬动比。";

/** Project statuses whose promised social investment is void (the project ended before its task book was done). */
export const endedEarlyStatuses: readonly string[] = ["terminated", "exited"];

export interface LeverageProject {
  readonly challengeId: string;
  /** The project's status (projects/model.ts projectStatuses). */
  readonly status: string;
  /** The project's whole R&D investment (研发总投入), the public grant included. */
  readonly rdInvestmentFen: Fen;
  /** The public grant awarded (财政资助). */
  readonly grantFen: Fen;
  /** Public money committed: the project's tranches not cancelled. */
  readonly committedFen: Fen;
  /** Public money recovered from the project (收回). */
  readonly recoveredFen: Fen;
  /** Institutions' declared interest at the project's investment road-show (路演意向, functions/followup): apart. */
  readonly roadShowInterestFen?: Fen;
}

export interface Leverage {
  /** Social (non-public) R&D investment counted. */
  readonly socialInvestmentFen: Fen;
  /** Public money counted: committed less recovered. */
  readonly publicFen: Fen;
  /** socialInvestmentFen ÷ publicFen, exact; 0/0 when no public money. */
  readonly ratio: Ratio;
  /**
   * Road-show interest declared by financial and venture institutions (《太原市…行动方案》四（五）), summed over every
   * project given, whether or not it has public money committed: declared, not committed, so never in the ratio.
   */
  readonly roadShowInterestFen: Fen;
  /** Projects counted (with public money committed), and of them those terminated or exited. */
  readonly projects: number;
  readonly endedEarly: number;
}

/** One project's share of the ratio: null when it has no public money committed (not counted). */
export function projectLeverageShare(
  p: LeverageProject,
): { socialFen: Fen; publicFen: Fen; endedEarly: boolean } | null {
  if (p.committedFen <= 0) return null;
  const endedEarly = endedEarlyStatuses.includes(p.status);
  return {
    socialFen: endedEarly ? 0 : Math.max(0, p.rdInvestmentFen - p.grantFen),
    publicFen: Math.max(0, p.committedFen - p.recoveredFen),
    endedEarly,
  };
}

/** The leverage of a set of projects (a challenge's, a programme's, the city's). */
export function leverageOf(projects: readonly LeverageProject[]): Leverage {
  const shares = projects.map(projectLeverageShare).filter((s) => s !== null);
  const socialInvestmentFen = sumFen(
    shares.map((s) => s.socialFen),
    "socialInvestment",
  );
  const publicFen = sumFen(
    shares.map((s) => s.publicFen),
    "public",
  );
  return {
    socialInvestmentFen,
    publicFen,
    ratio: ratio(BigInt(socialInvestmentFen), BigInt(publicFen)),
    roadShowInterestFen: sumFen(
      projects.map((p) => p.roadShowInterestFen ?? 0),
      "roadShowInterest",
    ),
    projects: shares.length,
    endedEarly: shares.filter((s) => s.endedEarly).length,
  };
}

/** The leverage of each challenge, in the order the challenges first appear. */
export function leverageByChallenge(
  projects: readonly LeverageProject[],
): { challengeId: string; leverage: Leverage }[] {
  const groups = new Map<string, LeverageProject[]>();
  for (const p of projects) groups.set(p.challengeId, [...(groups.get(p.challengeId) ?? []), p]);
  return [...groups].map(([challengeId, ps]) => ({ challengeId, leverage: leverageOf(ps) }));
}
