// Demo (local/demo/): the summary the demo prints, read back over the API — programmes, challenges, applications and
// projects by status, the programme's finance report, the payments and recoveries, the projects the story followed.

import type { Awarded } from "./award.ts";
import { officials } from "./cast.ts";
import { type PlatformClient, UnexpectedStatus } from "./client.ts";
import { type Award, type DemoSummary, listAll, type ProjectView, type StepRunner } from "./common.ts";
import type { Selection } from "./selection.ts";

/** The last step: the summary of the programme the demo created. */
export function summary(
  api: PlatformClient,
  step: StepRunner,
  story: {
    selected: Selection;
    cast: Awarded;
    payments: DemoSummary["payments"];
    race: { challengeId: string; continuing: string[]; closed: string[] };
  },
): Promise<Omit<DemoSummary, "mail">> {
  const { bureau, auditor } = officials;
  const { programme } = story.selected;
  const { accepted, winner, loser, terminated } = story.cast;
  const { payments, race } = story;
  return step("summary read back over the API / 汇总", async () => {
    const count = (values: string[]) =>
      values.reduce<Record<string, number>>((acc, v) => {
        acc[v] = (acc[v] ?? 0) + 1;
        return acc;
      }, {});
    const programmes = await listAll<{ id: string }>(api, "/v1/programmes", bureau);
    const chs = await listAll<{ id: string; status: string }>(
      api,
      `/v1/challenges?programmeId=${programme.id}`,
      bureau,
    );
    const apps: string[] = [];
    const projectStatuses: string[] = [];
    for (const c of chs) {
      for (const a of await listAll<{ status: string }>(api, `/v1/challenges/${c.id}/applications`, bureau)) {
        apps.push(a.status);
      }
      const state = await api.get<Award>(`/v1/awards/${c.id}`, bureau).catch((e: unknown) => {
        if (e instanceof UnexpectedStatus && e.status === 404) return undefined;
        throw e;
      });
      for (const id of state?.projectIds ?? []) {
        projectStatuses.push((await api.get<ProjectView>(`/v1/projects/${id}`, bureau)).project.status);
      }
    }
    const report = await api.get<DemoSummary["money"]>(
      `/v1/programmes/${programme.id}/finance-report`,
      auditor,
    );
    const recoveries: DemoSummary["recoveries"] = [];
    for (const p of [loser, terminated]) {
      const r = await api.get<{ id: string; status: string; amountFen: number; receivedFen: number }>(
        `/v1/recoveries/rcv-${p.id}`,
        auditor,
      );
      recoveries.push({
        id: r.id,
        projectId: p.id,
        status: r.status,
        amountFen: r.amountFen,
        receivedFen: r.receivedFen,
      });
    }
    return {
      programmeId: programme.id,
      programmeName: programme.nameZh,
      programmesOnPlatform: programmes.length,
      challengesByStatus: count(chs.map((c) => c.status)),
      applicationsByStatus: count(apps),
      projectsByStatus: count(projectStatuses),
      money: {
        budgetFen: report.budgetFen,
        committedFen: report.committedFen,
        disbursedFen: report.disbursedFen,
        recoveredFen: report.recoveredFen,
        recoverableFen: report.recoverableFen,
        budgetLeftFen: report.budgetLeftFen,
        leverage: report.leverage,
        agree: report.agree,
      },
      payments,
      recoveries,
      horseRace: { challengeId: race.challengeId, continuing: race.continuing, closed: race.closed },
      projects: {
        accepted: accepted.id,
        horseRaceWinner: winner.id,
        horseRaceLoser: loser.id,
        terminated: terminated.id,
      },
      clock: new Date(await api.now()).toISOString(),
    } satisfies Omit<DemoSummary, "mail">;
  });
}
