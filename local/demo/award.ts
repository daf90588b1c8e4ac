// Demo (local/demo/): the award phase — the notices end on the clock, awards announced and projects created (one
// per winner, two in the horse race), and their task books (任务书) signed by the three parties.
import { addDays, shanghaiDate } from "../../functions/kernel/dates.ts";
import { challenges, enterprise, officials, solver } from "./cast.ts";
import type { PlatformClient } from "./client.ts";
import type { Award, Project, ProjectView, StepRunner } from "./common.ts";
import type { Selection } from "./selection.ts";

/** The projects the awards created, and the four the story follows. */
export interface Awarded {
  readonly all: readonly Project[];
  /** challenge A: rectified milestone, then final acceptance */
  readonly accepted: Project;
  /** challenge B's horse race, better score first */
  readonly horses: readonly [Project, Project];
  readonly winner: Project;
  readonly loser: Project;
  /** challenge C: terminated with a recovery */
  readonly terminated: Project;
}

/** Announces the awards once the notices end and signs the task books. */
export async function award(api: PlatformClient, step: StepRunner, selected: Selection): Promise<Awarded> {
  const { bureau } = officials;
  const { challengeIds, applicationIds, notices } = selected;
  const awardState = (key: string) => api.get<Award>(`/v1/awards/${challengeIds.get(key)}`, bureau);
  const awarded = await step(
    "clock → the notices end: awards announced, projects created / 公示期满，立项",
    async () => {
      await api.advancePast(
        notices
          .map((n) => n.endsAt)
          .sort()
          .at(-1)!,
      );
      const projects: Project[] = [];
      for (const c of challenges.filter((x) => x.applicants.length > 0)) {
        const state = await awardState(c.key);
        if (state.challengeStatus !== "awarded")
          throw new Error(`challenge ${c.key} is ${state.challengeStatus}`);
        for (const id of state.projectIds) {
          const view = await api.get<ProjectView>(`/v1/projects/${id}`, bureau);
          const solverOrg = c.applicants.find(
            (a) => applicationIds.get(a.org) === view.project.applicationId,
          )?.org;
          if (!solverOrg)
            throw new Error(`project ${id}: application ${view.project.applicationId} is not the demo's`);
          projects.push({ id, challenge: c, solverOrg });
        }
      }
      return projects;
    },
    (p) => `${p.length} projects`,
  );
  const byStory = (key: string) => awarded.filter((p) => p.challenge.key === key);
  const accepted = byStory("A")[0]!;
  const horses = byStory("B").sort(
    (x, y) =>
      (y.challenge.applicants.find((a) => a.org === y.solverOrg)?.score ?? 0) -
      (x.challenge.applicants.find((a) => a.org === x.solverOrg)?.score ?? 0),
  );
  const [winner, loser] = horses as [Project, Project];
  const terminated = byStory("C")[0]!;
  if (!accepted || !winner || !loser || !terminated)
    throw new Error("the awards did not create the 4 projects expected");

  // ---- task books (任务书) ------------------------------------------------------------------------------------------
  await step("task books drafted and signed by the three parties / 任务书签订", async () => {
    const startDate = shanghaiDate(await api.now());
    for (const p of awarded) {
      await api.post(`/v1/projects/${p.id}/task-book`, bureau, {
        startDate,
        ipTerms: "项目形成的知识产权归揭榜方所有，出题企业享有优先、无偿使用权。",
        rewardPenaltyTerms: "未完成考核指标的，按任务书约定收回财政资金；弄虚作假的记入失信记录。",
      });
      // The excavator project's first milestone (the prototype's joint test) is brought forward to 95 days after
      // the start: revision 2. Its reminder (14 days before) reaches the enterprise before it reports at 90 days.
      let revision = 1;
      if (p.challenge.key === "A") {
        await api.must("PATCH", `/v1/projects/${p.id}/task-book`, {
          token: await api.token(bureau),
          body: { revision: 1, milestones: [{ index: 1, dueDate: addDays(startDate, 95) }] },
        });
        revision = 2;
      }
      for (const party of [solver(p.solverOrg), enterprise(p.challenge.enterpriseOrg), bureau]) {
        await api.post(`/v1/projects/${p.id}/task-book/sign`, party, { revision });
      }
    }
    await api.settle();
  });
  return { all: awarded, accepted, horses: [winner, loser], winner, loser, terminated };
}
