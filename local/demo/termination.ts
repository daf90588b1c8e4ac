// Demo (local/demo/): the termination phase — the battery project terminated on the solver's proposal, the recovery
// (追回) assessed on the verified spending, and the money returned in two receipts 15 days apart.
import { shanghaiDate } from "../../functions/kernel/dates.ts";
import type { Awarded } from "./award.ts";
import { officials, solver } from "./cast.ts";
import type { PlatformClient } from "./client.ts";
import { day, type StepRunner, yuanText } from "./common.ts";

/** Terminates the project and records the recovery's receipts. */
export async function termination(
  api: PlatformClient,
  step: StepRunner,
  cast: Awarded,
  year: number,
): Promise<void> {
  const { bureau, finance } = officials;
  const { terminated } = cast;
  const stopSpendingFen = 234_567_89;
  const recovery = await step(
    "the battery project is terminated on the solver's proposal: recovery assessed / 项目终止，核定追回",
    async () => {
      await api.post(`/v1/projects/${terminated.id}/termination/proposal`, solver(terminated.solverOrg), {
        reason: "核心电芯供应商停产，技术路线无法在实施期内实现。",
        fault: false,
      });
      const decided = await api.post<{ recovery: { amountFen: number } | null }>(
        `/v1/projects/${terminated.id}/termination/decision`,
        bureau,
        {
          decision: "approve",
          verifiedSpendingFen: stopSpendingFen,
          comment: "同意终止，按审计核定的已发生支出结算。",
        },
      );
      await api.settle();
      if (!decided.recovery) throw new Error("the termination assessed no recovery");
      return decided.recovery;
    },
    (r) => `to recover ¥${yuanText(r.amountFen)}`,
  );
  await step(
    "finance records the money returned in two receipts, 15 days apart / 追回资金分两笔到账",
    async () => {
      const id = `rcv-${terminated.id}`;
      const first = Math.floor(recovery.amountFen / 3);
      const receivedOn = shanghaiDate(await api.now());
      await api.post(
        `/v1/recoveries/${id}/receipts`,
        finance,
        { amountFen: first, reference: `TY-ZH-${year}-0001`, receivedOn },
        { headers: { "idempotency-key": `demo-${id}-1` } },
      );
      await api.advance(15 * day);
      const last = await api.post<{ status: string }>(
        `/v1/recoveries/${id}/receipts`,
        finance,
        {
          amountFen: recovery.amountFen - first,
          reference: `TY-ZH-${year}-0002`,
          receivedOn: shanghaiDate(await api.now()),
        },
        { headers: { "idempotency-key": `demo-${id}-2` } },
      );
      return last.status;
    },
    (status) => `recovery ${status}`,
  );
}
