// Demo (local/demo/): the Taiyuan programme's whole lifecycle driven over the HTTP API only — demands, refinement,
// the challenge list signed off and published, the window opening and closing on the clock, applications with signed
// 揭榜 agreements, expert review, shortlists (one horse race), public notices with an objection, awards, task books,
// payment runs with four eyes and the treasury, a milestone failed then rectified, the horse race narrowed from 2 to 1,
// a termination with a recovery and receipts, final acceptance; then the summary the demo prints.
import { shanghaiDate } from "../../functions/kernel/dates.ts";
import { calendarProblem, shanghaiMinute, yearsText } from "../clock-start.ts";
import {
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
  solver,
} from "./cast.ts";
import { type Party, type PlatformClient, sha256Hex, UnexpectedStatus } from "./client.ts";

const day = 86_400_000;

/** Runs one step: shows its label, times it and shows its outcome (see progress.ts). */
export type StepRunner = <T>(
  label: string,
  run: () => Promise<T>,
  detail?: (result: T) => string,
) => Promise<T>;

export interface DemoSummary {
  readonly programmeId: string;
  readonly programmeName: string;
  readonly programmesOnPlatform: number;
  readonly challengesByStatus: Record<string, number>;
  readonly applicationsByStatus: Record<string, number>;
  readonly projectsByStatus: Record<string, number>;
  readonly money: {
    budgetFen: number;
    committedFen: number;
    disbursedFen: number;
    recoveredFen: number;
    recoverableFen: number;
    budgetLeftFen: number;
    leverage: string | null;
    agree: boolean;
  };
  readonly payments: {
    id: string;
    projectId: string;
    tranche: number;
    amountFen: number;
    reference?: string;
  }[];
  readonly recoveries: {
    id: string;
    projectId: string;
    status: string;
    amountFen: number;
    receivedFen: number;
  }[];
  readonly horseRace: { challengeId: string; continuing: string[]; closed: string[] };
  readonly projects: {
    accepted: string;
    horseRaceWinner: string;
    horseRaceLoser: string;
    terminated: string;
  };
  readonly clock: string;
}

interface Project {
  id: string;
  challenge: DemoChallenge;
  solverOrg: string;
}

interface ProjectView {
  project: { id: string; status: string; applicationId: string; grantFen?: number };
  track: { status: string; milestones: { index: number; status: string }[] };
  tranches: { index: number; status: string; amountFen: number }[];
}

interface Award {
  challengeStatus: string;
  panel: { assignmentId: string; expertId: string; status: string }[];
  noticeIds: string[];
  projectIds: string[];
}

/** Runs the demo against the platform behind `api`; returns the summary of the programme it created. */
export async function runDemo(api: PlatformClient, step: StepRunner): Promise<DemoSummary> {
  const { bureau, approver, finance, financeReviewer, auditor } = officials;

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
          const who = solver(a.org);
          const applied = await api.post<{ id: string; version: number }>(
            `/v1/challenges/${challengeId}/applications`,
            who,
            applicationBody(c, a),
          );
          const bySolver = await api.post<{ version: number }>(
            `/v1/applications/${applied.id}/agreement/sign`,
            who,
            undefined,
            { headers: { "if-match": `"${applied.version}"` } },
          );
          await api.post(
            `/v1/applications/${applied.id}/agreement/sign`,
            enterprise(c.enterpriseOrg),
            undefined,
            {
              headers: { "if-match": `"${bySolver.version}"` },
            },
          );
          await api.post(`/v1/applications/${applied.id}/submit`, who);
          applicationIds.set(a.org, applied.id);
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
        const state = await award(c.key);
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
      for (const party of [solver(p.solverOrg), enterprise(p.challenge.enterpriseOrg), bureau]) {
        await api.post(`/v1/projects/${p.id}/task-book/sign`, party, { revision: 1 });
      }
    }
    await api.settle();
  });

  // ---- payments (拨付) -------------------------------------------------------------------------------------------------
  const payments: DemoSummary["payments"] = [];
  const payRun = async (key: string, items: { project: Project; tranche: number }[]) => {
    const run = await api.post<{ results: { trancheId: string; outcome: string; paymentId?: string }[] }>(
      "/v1/payments",
      finance,
      { trancheIds: items.map((i) => `trn-${i.project.id}-${i.tranche}`) },
      { headers: { "idempotency-key": `demo-${programme.id}-${key}` } },
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
  let mark = payments.length;
  await step(
    "payment run for the signing tranches (30%): four-eyes approval, treasury confirms / 首笔资金拨付",
    () =>
      payRun(
        "signing",
        awarded.map((project) => ({ project, tranche: 1 })),
      ),
    () => paidSince(mark),
  );

  // ---- milestones (里程碑) -------------------------------------------------------------------------------------------
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
  const panel = experts.filter((e) => e.expertise === "technical").slice(0, 3);

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

  // ---- horse race (赛马): both reach the key milestone, narrowed from 2 to 1 -----------------------------------------
  const raceId = challengeIds.get("B")!;
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

  // ---- termination (终止) with a recovery (追回) ----------------------------------------------------------------------
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
  mark = payments.length;
  await step(
    "payment run for the milestone tranches (40%) / 里程碑资金拨付",
    () =>
      payRun("milestone-1", [
        { project: accepted, tranche: 2 },
        { project: winner, tranche: 2 },
      ]),
    () => paidSince(mark),
  );

  // ---- final acceptance (结题验收) -------------------------------------------------------------------------------------
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
  mark = payments.length;
  await step(
    "payment run for the final tranche (30%) / 验收后尾款拨付",
    () => payRun("acceptance", [{ project: accepted, tranche: 3 }]),
    () => paidSince(mark),
  );

  // ---- summary ------------------------------------------------------------------------------------------------------
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
      horseRace: { challengeId: raceId, continuing: race.continuing, closed: race.closed },
      projects: {
        accepted: accepted.id,
        horseRaceWinner: winner.id,
        horseRaceLoser: loser.id,
        terminated: terminated.id,
      },
      clock: new Date(await api.now()).toISOString(),
    } satisfies DemoSummary;
  });
}

/** Every item of a paged list route (`items`, and `next` while there are more pages). */
async function listAll<T>(api: PlatformClient, path: string, party: Party): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  do {
    const sep = path.includes("?") ? "&" : "?";
    const page = await api.get<{ items: T[]; next?: string }>(
      `${path}${sep}limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
      party,
    );
    out.push(...page.items);
    cursor = page.next;
  } while (cursor);
  return out;
}

async function put(upload: { url: string; headers: Record<string, string> }, bytes: Buffer): Promise<void> {
  const answered = await fetch(upload.url, { method: "PUT", headers: upload.headers, body: bytes });
  if (answered.status !== 200) throw new Error(`upload to ${upload.url} answered ${answered.status}`);
}

/** 123456789 → "1,234,567.89" (yuan with fen), negative amounts with a sign. */
export function yuanText(fen: number): string {
  const abs = Math.abs(fen);
  const whole = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${fen < 0 ? "-" : ""}${whole}.${String(abs % 100).padStart(2, "0")}`;
}
