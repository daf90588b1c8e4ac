// Pure rule (programmes): programme arithmetic — committed, disbursed, recovered, outstanding, budget left, leverage.
import { type Fen, type Ratio, sumFen } from "../../kernel/money.ts";
import { type LeverageProject, leverageOf } from "./leverage.ts";

export interface ProgrammeLedgerInput {
  /** The programme's public money, or null when none is fixed. */
  budgetFen: Fen | null;
  projects: readonly (Omit<LeverageProject, "committedFen"> & {
    /**
     * A tranche's status in the projects' own words (projects/model.ts trancheRecordStatuses): "paid" counts as
     * disbursed, "cancelled" as never committed, any other as committed and not yet paid.
     */
    tranches: readonly { amountFen: Fen; status: string }[];
  })[];
  recoveries: readonly { amountFen: Fen; status: "assessed" | "recovered" | "waived" }[];
}

export interface ProgrammeLedger {
  /** Public money promised: every tranche not cancelled. */
  committedFen: Fen;
  /** Paid out through the treasury. */
  disbursedFen: Fen;
  /** Promised and not yet paid: committed − disbursed. */
  outstandingFen: Fen;
  /** Money actually recovered (收回). */
  recoveredFen: Fen;
  /** Recoveries decided and not yet received. */
  recoverableFen: Fen;
  /** Public money spent for good: disbursed − recovered. */
  netPublicFen: Fen;
  /**
   * Budget − what the projects hold of it (budgetHeldFen: committed tranches, and the grants of projects awarded whose
   * task book is not drafted yet), or null without a budget. Negative means over-committed. Decision: recovered money
   * goes back to the treasury (收回市财政), not to the programme, so it does not raise this.
   */
  budgetLeftFen: number | null;
  /** The whole R&D investment (研发总投入, public grant included) of the projects with public money committed. */
  enterpriseInvestmentFen: Fen;
  /** Social (non-public) R&D investment counted in the leverage (rules/leverage.ts). */
  socialInvestmentFen: Fen;
  /** Public money the leverage divides by: committed less recovered (rules/leverage.ts). */
  leveragePublicFen: Fen;
  /** Road-show interest (路演意向) declared at the projects' road-shows, reported apart from the leverage. */
  roadShowInterestFen: Fen;
  /**
   * Leverage (撬动比): social R&D investment ÷ public money, exact (rules/leverage.ts leverageDefinition;
   * 《济南市2023年度“揭榜挂帅”榜单发布会》: 1.39亿 / 2000万 = 6.95).
   */
  leverage: Ratio;
}

/**
 * What a project holds of its programme's budget (批次预算): its grant (资助额) while no task book has fixed its tranches
 * (awarded, awaiting the task book — a replacement's 递补 project too); afterwards every tranche not cancelled. So a project
 * that ended early (termination, exit or replacement on performance) holds only what was paid or is in payment: its
 * unpaid tranches, cancelled at the ending, are free again — for the replacement's project, which gets exactly the grant
 * less those tranches, or for a later award. Recovered money is not subtracted (it returns to the treasury).
 */
export function budgetHeldFen(project: {
  readonly grantFen: Fen;
  readonly tranches: readonly { readonly amountFen: Fen; readonly status: string }[];
}): Fen {
  if (project.tranches.length === 0) return project.grantFen;
  return sumFen(
    project.tranches.filter((t) => t.status !== "cancelled").map((t) => t.amountFen),
    "held",
  );
}

/** The programme's money position, exactly, from its projects' tranches and recoveries. */
export function programmeLedger(input: ProgrammeLedgerInput): ProgrammeLedger {
  const tranches = input.projects.flatMap((p) => p.tranches);
  const committedFen = sumFen(
    tranches.filter((t) => t.status !== "cancelled").map((t) => t.amountFen),
    "committed",
  );
  const disbursedFen = sumFen(
    tranches.filter((t) => t.status === "paid").map((t) => t.amountFen),
    "disbursed",
  );
  const recoveredFen = sumFen(
    input.recoveries.filter((r) => r.status === "recovered").map((r) => r.amountFen),
    "recovered",
  );
  const recoverableFen = sumFen(
    input.recoveries.filter((r) => r.status === "assessed").map((r) => r.amountFen),
    "recoverable",
  );
  const enterpriseInvestmentFen = sumFen(
    input.projects
      .filter((p) => p.tranches.some((t) => t.status !== "cancelled"))
      .map((p) => p.rdInvestmentFen),
    "enterpriseInvestment",
  );
  const leverage = leverageOf(
    input.projects.map((p) => ({
      ...p,
      committedFen: sumFen(
        p.tranches.filter((t) => t.status !== "cancelled").map((t) => t.amountFen),
        "committed",
      ),
    })),
  );
  return {
    committedFen,
    disbursedFen,
    outstandingFen: committedFen - disbursedFen,
    recoveredFen,
    recoverableFen,
    netPublicFen: disbursedFen - recoveredFen,
    budgetLeftFen:
      input.budgetFen === null ? null : input.budgetFen - sumFen(input.projects.map(budgetHeldFen), "held"),
    enterpriseInvestmentFen,
    socialInvestmentFen: leverage.socialInvestmentFen,
    leveragePublicFen: leverage.publicFen,
    roadShowInterestFen: leverage.roadShowInterestFen,
    leverage: leverage.ratio,
  };
}
