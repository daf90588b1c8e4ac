// Demo (local/demo/): payment runs (拨付) — tranches reserved in one run, each payment approved by a second person
// (four eyes) and confirmed by the treasury; the payments made, for the summary.
import { officials } from "./cast.ts";
import type { PlatformClient } from "./client.ts";
import { type DemoSummary, type Project, type StepRunner, yuanText } from "./common.ts";

export interface PaymentRuns {
  /** Every payment made so far. */
  readonly payments: DemoSummary["payments"];
  /** One step: a payment run for the tranches, showing what it paid. `key` names the run's idempotency key. */
  run(label: string, key: string, items: { project: Project; tranche: number }[]): Promise<void>;
}

export function paymentRuns(api: PlatformClient, step: StepRunner, programmeId: string): PaymentRuns {
  const { finance, financeReviewer } = officials;
  const payments: DemoSummary["payments"] = [];
  const payRun = async (key: string, items: { project: Project; tranche: number }[]) => {
    const run = await api.post<{ results: { trancheId: string; outcome: string; paymentId?: string }[] }>(
      "/v1/payments",
      finance,
      { trancheIds: items.map((i) => `trn-${i.project.id}-${i.tranche}`) },
      { headers: { "idempotency-key": `demo-${programmeId}-${key}` } },
    );
    await api.settle();
    for (const [n, r] of run.results.entries()) {
      if (!r.paymentId || r.outcome !== "reserved") throw new Error(`tranche ${r.trancheId}: ${r.outcome}`);
      await api.post(`/v1/payments/${r.paymentId}/approval`, financeReviewer, { decision: "approve" });
      await api.settle();
      const paid = await api.get<{ status: string; amountFen: number; treasury?: { reference?: string } }>(
        `/v1/payments/${r.paymentId}`,
        finance,
      );
      if (paid.status !== "paid") throw new Error(`payment ${r.paymentId} is ${paid.status}`);
      const item = items[n]!;
      payments.push({
        id: r.paymentId,
        projectId: item.project.id,
        tranche: item.tranche,
        amountFen: paid.amountFen,
        ...(paid.treasury?.reference ? { reference: paid.treasury.reference } : {}),
      });
    }
    return run.results.length;
  };
  const paidSince = (from: number) =>
    payments
      .slice(from)
      .map((p) => `${p.reference ?? p.id} ¥${yuanText(p.amountFen)}`)
      .join(", ");
  return {
    payments,
    async run(label, key, items) {
      const mark = payments.length;
      await step(
        label,
        () => payRun(key, items),
        () => paidSince(mark),
      );
    },
  };
}
