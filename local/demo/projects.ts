// Demo (local/demo/): the projects' phase — milestones reported with evidence and reviewed by experts (one failed,
// rectified and passed), the horse race (赛马) narrowed from 2 to 1, and the final acceptance (结题验收).

import type { Awarded } from "./award.ts";
import { enterprise, expertId, expertParty, experts, officials } from "./cast.ts";
import { type PlatformClient, sha256Hex } from "./client.ts";
import { day, type Project, type ProjectView, put, type StepRunner } from "./common.ts";

type Expert = (typeof experts)[number];

/** The milestone reviewers of the excavator project (and two of its acceptance experts). */
const milestonePanel = (): Expert[] => experts.filter((e) => e.expertise === "technical").slice(0, 3);

/** The project's milestones: reported, reviewed, their payment opinion confirmed. */
function milestones(api: PlatformClient) {
  const { bureau, approver } = officials;
  const report = async (p: Project, n: number, summary: string, actual: string) => {
    const files = [];
    for (const kind of ["progress-report", "audit-report"] as const) {
      const bytes = Buffer.from(`%PDF-1.7 ${p.challenge.demand.title} 第${n}阶段 ${kind} ${summary}`);
      const slot = await api.post<{
        file: { fileId: string };
        upload: { url: string; headers: Record<string, string> };
      }>(`/v1/projects/${p.id}/milestones/${n}/evidence`, enterprise(p.challenge.enterpriseOrg), {
        kind,
        fileName: kind === "progress-report" ? "进展报告.pdf" : "专项审计报告.pdf",
        contentType: "application/pdf",
        sizeBytes: bytes.length,
        sha256: sha256Hex(bytes),
      });
      await put(slot.upload, bytes);
      files.push(slot.file.fileId);
    }
    const indicator = p.challenge.milestones[n - 1]!;
    await api.post(`/v1/projects/${p.id}/milestones/${n}/report`, enterprise(p.challenge.enterpriseOrg), {
      summary,
      indicators: [{ name: indicator[1], actual }],
      fileIds: files,
    });
    await api.settle();
  };
  const vote = async (
    p: Project,
    n: number,
    e: (typeof experts)[number],
    verdict: string,
    rectifyDays?: number,
  ) => {
    await api.post(`/v1/projects/${p.id}/milestones/${n}/review`, expertParty(e), {
      verdict,
      comment: verdict === "pass" ? "考核指标达成，同意通过。" : "关键指标未达到任务书要求。",
      ...(rectifyDays ? { rectifyDays } : {}),
    });
    await api.settle();
  };
  const confirmOpinion = async (p: Project, n: number) => {
    await api.post(`/v1/projects/${p.id}/milestones/${n}/payment-opinion`, approver, { decision: "confirm" });
    await api.settle();
  };
  const milestone = async (p: Project, n: number) =>
    (await api.get<ProjectView>(`/v1/projects/${p.id}`, bureau)).track.milestones[n - 1]?.status;
  return { report, vote, confirmOpinion, milestone };
}

/** Milestone 1 of the excavator project fails review, is rectified and passes. */
export async function rectifiedMilestone(
  api: PlatformClient,
  step: StepRunner,
  cast: Awarded,
): Promise<void> {
  const { bureau } = officials;
  const { report, vote, confirmOpinion, milestone } = milestones(api);
  const { accepted } = cast;
  const panel = milestonePanel();
  await step(
    "clock +90 days; milestone 1 of the excavator project fails review: rectification / 里程碑未通过，限期整改",
    async () => {
      await api.advance(90 * day);
      await report(accepted, 1, "远程操控样机完成联调，端到端时延 96 ms", "96 ms");
      await api.post(`/v1/projects/${accepted.id}/milestones/1/experts`, bureau, {
        expertIds: panel.map(expertId),
      });
      await vote(accepted, 1, panel[0]!, "fail");
      await vote(accepted, 1, panel[1]!, "rectify", 30);
      await vote(accepted, 1, panel[2]!, "fail");
      return milestone(accepted, 1);
    },
    (status) => `milestone 1 ${status}`,
  );
  await step(
    "clock +21 days; the rectified report passes, approver's payment opinion / 整改后复审通过",
    async () => {
      await api.advance(21 * day);
      await report(accepted, 1, "整改完成：更换边缘计算节点，端到端时延 72 ms", "72 ms");
      for (const e of panel) await vote(accepted, 1, e, "pass");
      await confirmOpinion(accepted, 1);
      return milestone(accepted, 1);
    },
    (status) => `milestone 1 ${status}`,
  );
}

/** Both horse-race projects pass the key milestone; enterprise and bureau keep one, the other is settled. */
export async function horseRace(
  api: PlatformClient,
  step: StepRunner,
  cast: Awarded,
  raceId: string,
): Promise<{ continuing: string[]; closed: string[] }> {
  const { bureau } = officials;
  const { report, vote, confirmOpinion } = milestones(api);
  const { horses, winner, loser } = cast;
  const raceExpert = experts.find((e) => e.user === "x-huanght")!;
  await step("both horse-race projects pass the key milestone / 赛马项目均通过关键节点", async () => {
    for (const p of horses) {
      await report(p, 1, "中试轧制 0.02 mm 带钢，厚度公差 ±1.3 μm", "±1.3 μm");
      await api.post(`/v1/projects/${p.id}/milestones/1/experts`, bureau, {
        expertIds: [expertId(raceExpert)],
      });
      await vote(p, 1, raceExpert, "pass");
      await confirmOpinion(p, 1);
    }
  });
  const loserSpendingFen = 456_789_01;
  const race = await step(
    "horse race narrowed from 2 to 1: enterprise and bureau choose, the other settled / 赛马择优",
    async () => {
      await api.post(`/v1/challenges/${raceId}/horse-race/decision`, enterprise("tisco"), {
        continuing: [winner.id],
      });
      const decided = await api.post<{ outcome: { continuing: string[]; closed: string[] } }>(
        `/v1/challenges/${raceId}/horse-race/decision`,
        bureau,
        {
          continuing: [winner.id],
          settlements: [{ projectId: loser.id, verifiedSpendingFen: loserSpendingFen }],
        },
      );
      await api.settle();
      return decided.outcome;
    },
    (o) => `continuing ${o.continuing.join()} · closed ${o.closed.join()}`,
  );
  return race;
}

/** Milestone 2 of the excavator project passes, then its final acceptance: plan, expert scores, approver. */
export async function finalAcceptance(api: PlatformClient, step: StepRunner, cast: Awarded): Promise<void> {
  const { bureau, approver } = officials;
  const { report, vote, confirmOpinion, milestone } = milestones(api);
  const { accepted } = cast;
  const panel = milestonePanel();
  await step(
    "clock +60 days; milestone 2 of the excavator project passes / 第二个里程碑通过",
    async () => {
      await api.advance(60 * day);
      await report(accepted, 2, "示范矿山连续运行 90 天，端到端时延 45 ms", "45 ms");
      await api.post(`/v1/projects/${accepted.id}/milestones/2/experts`, bureau, {
        expertIds: [expertId(panel[0]!)],
      });
      await vote(accepted, 2, panel[0]!, "pass");
      await confirmOpinion(accepted, 2);
      return milestone(accepted, 2);
    },
    (status) => `milestone 2 ${status}`,
  );
  const acceptanceExperts = [panel[0]!, panel[1]!, experts.find((e) => e.user === "x-wugd")!];
  const closedView = await step(
    "final acceptance: plan fixed by both, experts score, approver confirms / 结题验收",
    async () => {
      const ent = enterprise(accepted.challenge.enterpriseOrg);
      await api.post(`/v1/projects/${accepted.id}/acceptance`, ent, {
        summary: "全部考核指标完成：远程操控端到端时延 45 ms，作业效率达人工驾驶的 97%。",
      });
      const plan = { plan: "现场测试、资料审查与财务审计", expertIds: acceptanceExperts.map(expertId) };
      await api.post(`/v1/projects/${accepted.id}/acceptance/plan`, bureau, plan);
      await api.post(`/v1/projects/${accepted.id}/acceptance/plan`, ent, plan);
      for (const [i, e] of acceptanceExperts.entries()) {
        await api.post(`/v1/projects/${accepted.id}/acceptance/review`, expertParty(e), {
          verdict: "pass",
          performanceScore: [93, 88, 90][i],
          comment: "同意通过验收。",
        });
      }
      await api.settle();
      await api.post(`/v1/projects/${accepted.id}/acceptance/payment-opinion`, approver, {
        decision: "confirm",
      });
      await api.settle();
      return api.get<ProjectView>(`/v1/projects/${accepted.id}`, bureau);
    },
    (v) => `project ${v.project.status}, track ${v.track.status}`,
  );
  if (closedView.project.status !== "accepted")
    throw new Error(`the accepted project is ${closedView.project.status}`);
}
