// Workbench (bureau): what a project's ending would mean for its money, as the recovery rule computes it — the paid
// tranches, the unpaid ones cancelled, and on termination the paid-but-unspent amount to recover (on fraud all of it).
interface TrancheLike {
  readonly index: number;
  readonly amountFen: number;
  readonly status: string;
}

export interface EndingPreview {
  readonly paidFen: number;
  readonly cancelled: readonly number[];
  readonly cancelledFen: number;
  readonly recoverFen: number;
}

export function endingPreview(
  tranches: readonly TrancheLike[],
  kind: "termination" | "fraud",
  verifiedSpendingFen: number,
): EndingPreview {
  const paid = tranches.filter((t) => t.status === "paid");
  const unpaid = tranches.filter((t) => t.status !== "paid" && t.status !== "cancelled");
  const paidFen = paid.reduce((s, t) => s + t.amountFen, 0);
  const recoverFen =
    kind === "fraud" ? paidFen : Math.max(0, paidFen - Math.min(verifiedSpendingFen, paidFen));
  return {
    paidFen,
    cancelled: unpaid.map((t) => t.index),
    cancelledFen: unpaid.reduce((s, t) => s + t.amountFen, 0),
    recoverFen,
  };
}
