// Demo (local/demo/): the selection phase — platform checked, programme and expert pool, enterprise demands refined
// into a challenge list (榜单) signed off and published, the window opening and closing on the clock, applications with
// signed 揭榜 agreements, expert review, shortlists (one horse race) and public notices (公示) with an objection.
import { shanghaiDate } from "../../functions/kernel/dates.ts";
import { calendarProblem, shanghaiMinute, yearsText } from "../clock-start.ts";
import {
  type Applicant,
  applicationBody,
  challenges,
  type DemoChallenge,
  enterprise,
  expertById,
  expertId,
  expertParty,
  experts,
  officials,
  programmeFields,
  registryEntries,
  solver,
} from "./cast.ts";
import { type PlatformClient, sha256Hex } from "./client.ts";
import { type Award, day, put, type StepRunner } from "./common.ts";

/** What the selection leaves for the phases after it. */
export interface Selection {
  readonly year: number;
  readonly programme: { id: string; nameZh: string };
  /** challenge key (cast.ts) → challenge id */
  readonly challengeIds: ReadonlyMap<string, string>;
  /** solver org → application id */
  readonly applicationIds: ReadonlyMap<string, string>;
  /** the public notices of the awards, by challenge key */
  readonly notices: readonly { key: string; id: string; endsAt: string }[];
}

/** Runs the selection on the platform behind `api`, from the preflight to the objection dismissed. */
export async function selection(api: PlatformClient, step: StepRunner): Promise<Selection> {
  const { bureau, approver } = officials;

  // ---- preflight --------------------------------------------------------------------------------------------------
  const startMs = await step(
    "platform reachable, clock and working-day calendar checked / 平台、时钟与工作日历检查",
    async () => {
      const clock = await api.call("GET", "/local/clock");
      if (clock.status !== 200) {
        throw new Error(
          `${api.baseUrl} has no /local/clock (${clock.status}): the demo needs the embedded runtime (npm start)`,
        );
      }
      const now = await api.now();
      const calendar = await api.get<{ items: { year: number }[] }>("/v1/calendar/years", bureau);
      const years = calendar.items.map((y) => y.year);
      // Public notices count working days (公示): the selection below needs the calendar for the weeks ahead.
      const problem = calendarProblem(years, now);
      if (problem) throw new Error(problem);
      return { now, years };
    },
    ({ now, years }) => `runs on ${shanghaiMinute(now)} (the platform's clock; calendar ${yearsText(years)})`,
  ).then(({ now }) => now);
  const year = Number(shanghaiDate(startMs).slice(0, 4));

  // ---- programme and expert pool ------------------------------------------------------------------------------------
  const programme = await step(
    "programme created on the Taiyuan 2023 policy / 创建批次（太原市双百攻关政策）",
    () =>
      api.post<{ id: string; nameZh: string }>("/v1/programmes", bureau, {
        name: `Taiyuan ${year} 'Double Hundred' open competition, batch 1`,
        nameZh: `太原市${year}年度“双百攻关行动”揭榜挂帅项目（第一批）`,
        year,
        fields: [...programmeFields],
        budgetFen: 200_000_000_00,
        policyId: "taiyuan-2023",
      }),
    (p) => `${p.id} ${p.nameZh}`,
  );
  await step(
    `organisations registered by their unified social credit codes (${registryEntries.length}) / 机构名录登记`,
    async () => {
      for (const o of registryEntries) {
        // Registered once per platform: a second demo run finds them there (409).
        await api.post("/v1/organisations", bureau, o, { expect: [201, 409] });
      }
    },
    () => registryEntries.map((o) => o.registeredName.replace(/股份有限公司|有限公司|集团/g, "")).join("、"),
  );
  await step(
    `expert pool registered (${experts.length}) / 专家入库`,
    async () => {
      for (const e of experts) {
        // Registered once per platform: a second demo run finds them there (409).
        await api.post(
          "/v1/experts",
          bureau,
          { expertId: expertId(e), organisationId: e.org, name: e.name, expertise: e.expertise },
          { expect: [201, 409] },
        );
      }
    },
    () => experts.map((e) => e.name.replace(/（.*/, "")).join("、"),
  );

  // ---- demands (需求征集) and refinement (榜单凝练) --------------------------------------------------------------------
  const demandIds = new Map<string, string>();
  await step(
    `${challenges.length} enterprise demands drafted and submitted / 企业提交技术需求`,
    async () => {
      for (const c of challenges) {
        const d = await api.post<{ id: string }>("/v1/demands", enterprise(c.enterpriseOrg), {
          programmeId: programme.id,
          ...c.demand,
        });
        const brief = Buffer.from(`%PDF-1.7 ${c.demand.title} 需求说明书`);
        const slot = await api.post<{ upload: { url: string; headers: Record<string, string> } }>(
          `/v1/demands/${d.id}/attachments`,
          enterprise(c.enterpriseOrg),
          {
            fileName: "需求说明书.pdf",
            contentType: "application/pdf",
            sizeBytes: brief.length,
            sha256: sha256Hex(brief),
          },
        );
        await put(slot.upload, brief);
        await api.post(`/v1/demands/${d.id}/submit`, enterprise(c.enterpriseOrg));
        demandIds.set(c.key, d.id);
      }
      await api.settle();
    },
    () => challenges.map((c) => c.demand.title).join("；"),
  );
  const refiner = experts[0]!;
  await step("refinement: an expert's opinion on each demand / 专家凝练意见", async () => {
    for (const c of challenges) {
      const id = demandIds.get(c.key)!;
      await api.post(`/v1/demands/${id}/experts`, bureau, {
        experts: [{ expertId: expertId(refiner), organisationId: refiner.org }],
      });
      await api.post(`/v1/demands/${id}/opinion`, expertParty(refiner), {
        recommendation: "draft-challenge",
        comment: "需求明确、指标可考核，建议凝练为榜单。",
      });
    }
  });

  // ---- challenge list (榜单): drafted, signed off, approved, published ------------------------------------------------
  const challengeIds = new Map<string, string>();
  const window = await step(
    "challenges drafted from the demands / 局方起草榜单",
    async () => {
      const now = await api.now();
      const opensAt = new Date(now + 1 * day).toISOString();
      const closesAt = new Date(now + 21 * day).toISOString();
      for (const c of challenges) {
        const id = demandIds.get(c.key)!;
        await api.post(`/v1/demands/${id}/decision`, bureau, {
          decision: "draft-challenge",
          challenge: {
            fundingCapFen: c.fundingCapFen,
            window: { opensAt, closesAt },
            horseRace: c.horseRace,
            periodMonths: 24,
          },
        });
      }
      await api.settle();
      for (const c of challenges) {
        const d = await api.get<{ challengeId: string }>(`/v1/demands/${demandIds.get(c.key)}`, bureau);
        challengeIds.set(c.key, d.challengeId);
      }
      return { opensAt, closesAt };
    },
    (w) => `window ${w.opensAt.slice(0, 10)} → ${w.closesAt.slice(0, 10)}`,
  );
  await step(
    "challenge list signed off (审核) and approved (审定): published / 榜单审核、审定、发布",
    async () => {
      for (const c of challenges) {
        const id = challengeIds.get(c.key)!;
        await api.post(`/v1/challenges/${id}/submit`, bureau);
        await api.settle();
        await api.post(`/v1/challenges/${id}/sign-off`, bureau, { decision: "approve", comment: "同意" });
        await api.settle();
        await api.post(`/v1/challenges/${id}/approval`, approver, {
          decision: "approve",
          comment: "同意发榜",
        });
      }
      await api.settle();
    },
  );
  await step(
    "clock → the application window opens / 时钟推进：揭榜期开始",
    () => api.advancePast(window.opensAt),
    () => `now ${shanghaiDate(Date.parse(window.opensAt) + 1000)}`,
  );

  // ---- applications (揭榜) ------------------------------------------------------------------------------------------
  const applicationIds = new Map<string, string>(); // solver org → application id
  await step(
    "solvers apply, agreements signed with the enterprises, applications submitted / 揭榜申请",
    async () => {
      for (const c of challenges) {
        const challengeId = challengeIds.get(c.key)!;
        for (const a of c.applicants) {
          applicationIds.set(a.org, await fileApplication(api, challengeId, c, a));
        }
      }
    },
    () => `${applicationIds.size} applications`,
  );
  await step(
    "clock → the window closes: review panels seated, no applicant → 流榜 / 揭榜期截止，组建评审专家组",
    () => api.advancePast(window.closesAt),
  );

  // ---- expert review (专家评审) ----------------------------------------------------------------------------------------
  const award = (key: string) => api.get<Award>(`/v1/awards/${challengeIds.get(key)}`, bureau);
  await step(
    "experts score the applications / 专家评审打分",
    async () => {
      let scored = 0;
      for (const c of challenges.filter((x) => x.applicants.length > 0)) {
        const state = await award(c.key);
        for (const member of state.panel.filter((p) => p.status === "assigned")) {
          const e = expertById(member.expertId);
          if (!e) throw new Error(`panel member ${member.expertId} is not in the demo's pool`);
          const review = await api.get<{ assignment: { applicationIds: string[]; expertise: string } }>(
            `/v1/reviews/${member.assignmentId}`,
            expertParty(e),
          );
          const finance = review.assignment.expertise === "finance";
          await api.post(`/v1/reviews/${member.assignmentId}/score`, expertParty(e), {
            scores: review.assignment.applicationIds.map((applicationId) => {
              const p = c.applicants.find((a) => applicationIds.get(a.org) === applicationId)?.score ?? 60;
              return { applicationId, technical: p, team: p, metrics: p, ...(finance ? { budget: p } : {}) };
            }),
          });
          scored += 1;
        }
      }
      await api.settle();
      return scored;
    },
    (n) => `${n} panel members scored`,
  );

  // ---- shortlist, confirmations, public notice (公示) -----------------------------------------------------------------
  const notices = await step(
    "enterprises shortlist (one horse race of 2), bureau and approver confirm: notices published / 确定揭榜方并公示",
    async () => {
      const out: { key: string; id: string; endsAt: string }[] = [];
      for (const c of challenges.filter((x) => x.applicants.length > 0)) {
        const id = challengeIds.get(c.key)!;
        const race = c.horseRace.allowed;
        await api.post(`/v1/awards/${id}/shortlist`, enterprise(c.enterpriseOrg), {
          race,
          winners: race ? c.horseRace.maxWinners : 1,
        });
        await api.settle();
        await api.post(`/v1/awards/${id}/confirmation`, bureau, { decision: "confirm" });
        await api.settle();
        await api.post(`/v1/awards/${id}/confirmation`, approver, { decision: "confirm" });
        await api.settle();
        const noticeId = (await award(c.key)).noticeIds.at(-1)!;
        const notice = await api.must<{ endsAt: string }>("GET", `/v1/public/notices/${noticeId}`);
        out.push({ key: c.key, id: noticeId, endsAt: notice.endsAt });
      }
      return out;
    },
    (n) =>
      `${n.length} notices, the last ends ${n
        .map((x) => x.endsAt)
        .sort()
        .at(-1)}`,
  );
  await step("an objection to a horse-race winner, dismissed by the bureau / 公示异议及处理", async () => {
    const raced = notices.find((n) => n.key === "B")!;
    const objection = await api.must<{ id: string }>("POST", `/v1/public/notices/${raced.id}/objections`, {
      body: { winnerPosition: 2, text: "该单位团队成员资质存疑，请予核查。" },
    });
    await api.post(`/v1/notices/${raced.id}/objections/${objection.id}/ruling`, bureau, {
      decision: "dismissed",
      reason: "经核查，团队成员资质属实。",
    });
  });
  return { year, programme, challengeIds, applicationIds, notices };
}

/**
 * One solver's application (揭榜申请) to `challengeId`: filed, the 揭榜 agreement signed by the solver and then the
 * challenge's enterprise (each on the version it read), submitted. Returns the application's id.
 */
export async function fileApplication(
  api: PlatformClient,
  challengeId: string,
  challenge: DemoChallenge,
  applicant: Applicant,
): Promise<string> {
  const who = solver(applicant.org);
  const applied = await api.post<{ id: string; version: number }>(
    `/v1/challenges/${challengeId}/applications`,
    who,
    applicationBody(challenge, applicant),
  );
  const bySolver = await api.post<{ version: number }>(
    `/v1/applications/${applied.id}/agreement/sign`,
    who,
    undefined,
    {
      headers: { "if-match": `"${applied.version}"` },
    },
  );
  await api.post(
    `/v1/applications/${applied.id}/agreement/sign`,
    enterprise(challenge.enterpriseOrg),
    undefined,
    {
      headers: { "if-match": `"${bySolver.version}"` },
    },
  );
  await api.post(`/v1/applications/${applied.id}/submit`, who);
  return applied.id;
}
