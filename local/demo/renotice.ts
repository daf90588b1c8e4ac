// Demo (local/demo/): an optional last phase — the challenge nobody took (流榜) republished (重新发榜) with a window
// closing on a given instant, one solver applies, the panel scores, the enterprise, the bureau and the approver confirm,
// and its public notice (公示) is left open at the demo's end. Off by default (`npm run demo` does not run it);
// tests/e2e/demo.test.ts runs it so that a notice counted in a year without the State Council's arrangement is still
// open when the test loads that year.
import { shanghaiDate } from "../../functions/kernel/dates.ts";
import {
  type Applicant,
  challenges,
  type DemoChallenge,
  enterprise,
  expertById,
  expertParty,
  officials,
  team,
} from "./cast.ts";
import type { PlatformClient } from "./client.ts";
import { type Award, day, type StepRunner } from "./common.ts";
import { fileApplication, type Selection } from "./selection.ts";

/** The notice left open, as the public reads it. */
export interface OpenNotice {
  readonly challengeId: string;
  readonly noticeId: string;
  readonly lastDay: string;
  readonly endsAt: string;
}

/** 山西大学, not selected in the horse race, applies to the republished hydrogen cold-start challenge. */
const applicant: Applicant = {
  org: "sxu",
  rdInvestmentFen: 1_000_000_000,
  requestedFen: 300_000_000,
  score: 86,
  plan: "膜电极低温保水与电堆自加热协同控制，-30℃ 无辅助热源冷启动。",
  team: team("高建平", "任晓东", "郭婷"),
};

/** Republishes the unsolved challenge with its window closing at `closesAt`, and leaves its winner on notice. */
export async function renotice(
  api: PlatformClient,
  step: StepRunner,
  selected: Selection,
  closesAt: string,
): Promise<OpenNotice> {
  const { bureau, approver } = officials;
  const base = challenges.find((c) => c.storyline === "unsolved")!;
  // The first call asked for no milestones (nobody applied); the republished one names its two.
  const challenge: DemoChallenge = {
    ...base,
    milestones: [
      ["电堆 -30℃ 冷启动台架验证", "-30℃ 启动时间", "<= 90"],
      ["示范线路整车冬季运行", "-30℃ 启动时间", "<= 60"],
    ],
    applicants: [applicant],
  };
  const id = selected.challengeIds.get(challenge.key)!;
  const window = await step(
    "the unsolved challenge republished with a new window / 流榜榜单重新发榜",
    async () => {
      const opensAt = new Date((await api.now()) + day).toISOString();
      await api.post(`/v1/challenges/${id}/republish`, bureau, { window: { opensAt, closesAt } });
      await api.settle();
      await api.advancePast(opensAt);
      return { opensAt, closesAt };
    },
    (w) => `window ${shanghaiDate(Date.parse(w.opensAt))} → ${shanghaiDate(Date.parse(w.closesAt))}`,
  );
  return step(
    "one solver applies; the window closes, the panel scores, the award is confirmed: its notice open / 重新揭榜并公示",
    async () => {
      await fileApplication(api, id, challenge, applicant);
      await api.advancePast(window.closesAt);
      const award = () => api.get<Award>(`/v1/awards/${id}`, bureau);
      for (const member of (await award()).panel.filter((p) => p.status === "assigned")) {
        const e = expertById(member.expertId);
        if (!e) throw new Error(`panel member ${member.expertId} is not in the demo's pool`);
        const review = await api.get<{ assignment: { applicationIds: string[]; expertise: string } }>(
          `/v1/reviews/${member.assignmentId}`,
          expertParty(e),
        );
        const p = applicant.score;
        const finance = review.assignment.expertise === "finance";
        await api.post(`/v1/reviews/${member.assignmentId}/score`, expertParty(e), {
          scores: review.assignment.applicationIds.map((applicationId) => ({
            applicationId,
            technical: p,
            team: p,
            metrics: p,
            ...(finance ? { budget: p } : {}),
          })),
        });
      }
      await api.settle();
      await api.post(`/v1/awards/${id}/shortlist`, enterprise(challenge.enterpriseOrg), {
        race: false,
        winners: 1,
      });
      await api.settle();
      await api.post(`/v1/awards/${id}/confirmation`, bureau, { decision: "confirm" });
      await api.settle();
      await api.post(`/v1/awards/${id}/confirmation`, approver, { decision: "confirm" });
      await api.settle();
      const noticeId = (await award()).noticeIds.at(-1);
      if (!noticeId) throw new Error(`challenge ${challenge.key} was not put on notice`);
      const notice = await api.must<{ lastDay: string; endsAt: string }>(
        "GET",
        `/v1/public/notices/${noticeId}`,
      );
      return { challengeId: id, noticeId, lastDay: notice.lastDay, endsAt: notice.endsAt };
    },
    (n) => `notice ${n.noticeId} open until ${n.lastDay}`,
  );
}
