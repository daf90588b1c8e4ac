// Demo (local/demo/): entry module. The Taiyuan programme's whole lifecycle driven over the HTTP API only, phase by
// phase: selection (selection.ts: demands, refinement, the challenge list signed off and published, the window on the
// clock, applications with signed 揭榜 agreements, expert review, shortlists with one horse race, public notices with
// an objection), award (award.ts: awards, projects, task books), payment runs with four eyes and the treasury
// (payments.ts), projects (projects.ts: a milestone failed then rectified, the horse race narrowed from 2 to 1, final
// acceptance), a termination with a recovery and receipts (termination.ts); then the summary it prints (summary.ts) and the mail
// the excavator project's enterprise received in the local mailbox (mail.ts). With `renoticeClosesAt` (tests), the
// challenge nobody took is then republished and its winner left on notice (renotice.ts).

import { award } from "./award.ts";
import type { PlatformClient } from "./client.ts";
import type { DemoSummary, StepRunner } from "./common.ts";
import { chooseMail, mailArrived } from "./mail.ts";
import { paymentRuns } from "./payments.ts";
import { finalAcceptance, horseRace, rectifiedMilestone } from "./projects.ts";
import { type OpenNotice, renotice } from "./renotice.ts";
import { selection } from "./selection.ts";
import { summary } from "./summary.ts";
import { termination } from "./termination.ts";

export type { DemoSummary, StepRunner } from "./common.ts";
export type { OpenNotice } from "./renotice.ts";

export interface DemoOptions {
  /**
   * After the summary: republish the challenge nobody took (流榜) with its window closing at this instant and leave
   * its winner's public notice open at the end (renotice.ts). `npm run demo` does not.
   */
  readonly renoticeClosesAt?: string;
}

/**
 * Runs the demo against the platform behind `api`; returns the summary of the programme it created (read before the
 * optional renotice, whose open notice it adds as `openNotice`).
 */
export async function runDemo(
  api: PlatformClient,
  step: StepRunner,
  options: DemoOptions = {},
): Promise<DemoSummary & { openNotice?: OpenNotice }> {
  const selected = await selection(api, step);
  const cast = await award(api, step, selected);
  const email = await chooseMail(api, step, cast);
  const runs = paymentRuns(api, step, selected.programme.id);
  await runs.run(
    "payment run for the signing tranches (30%): four-eyes approval, treasury confirms / 首笔资金拨付",
    "signing",
    cast.all.map((project) => ({ project, tranche: 1 })),
  );
  await rectifiedMilestone(api, step, cast);
  const raceId = selected.challengeIds.get("B")!;
  const race = await horseRace(api, step, cast, raceId);
  await termination(api, step, cast, selected.year);
  await runs.run("payment run for the milestone tranches (40%) / 里程碑资金拨付", "milestone-1", [
    { project: cast.accepted, tranche: 2 },
    { project: cast.winner, tranche: 2 },
  ]);
  await finalAcceptance(api, step, cast);
  await runs.run("payment run for the final tranche (30%) / 验收后尾款拨付", "acceptance", [
    { project: cast.accepted, tranche: 3 },
  ]);
  const read = await summary(api, step, {
    selected,
    cast,
    payments: runs.payments,
    race: { challengeId: raceId, ...race },
  });
  const mail = await mailArrived(api, step, email);
  if (!options.renoticeClosesAt) return { ...read, mail };
  return { ...read, mail, openNotice: await renotice(api, step, selected, options.renoticeClosesAt) };
}
