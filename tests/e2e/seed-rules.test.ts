// End-to-end: the seeds' follow-up rules over HTTP on the embedded runtime — the judicial referral of a fraud finding
// (《太原市…行动方案》四（七）4) with its outcome, seen by finance and auditors; the investment road-show (四（五）) from the
// enterprise's request to institutions' declared interest, counted apart in the leverage; the chief engineer's budget
// rights (四（七）2): reallocation by the entitled person as an audited revision, personnel changes by the bureau only,
// the solver never replaced. Each refusal writes nothing.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shanghaiDate } from "../../functions/kernel/dates.ts";
import { storage } from "../../functions/platform/clients.ts";
import { config } from "../../functions/platform/config.ts";
import { s3ReportStore } from "../../functions/platform/s3/report-store.ts";
import { type Runtime, startRuntime } from "../../local/runtime.ts";
import { apiClient, sha256Hex, tokenIssuer } from "../support/api.ts";
import { awardedProject, type SeededProject } from "../support/projects.ts";

let runtime: Runtime;
let dataDir: string;
const api = apiClient(() => runtime.info.apiUrl);
const as = tokenIssuer(() => runtime);
const bureau = () => as("b1", "taiyuan-stb", "bureau");
const enterprise = () => as("e1", "ent-casting", "enterprise");
const solver = () => as("s1", "uni-a", "solver");
const otherSolver = () => as("s9", "uni-z", "solver");
const finance = () => as("f1", "taiyuan-czj", "finance");
const auditor = () => as("a1", "taiyuan-sjj", "auditor");
const settle = () => runtime.stepFunctions.whenIdle();
const today = () => shanghaiDate(runtime.clock.now());
const dayAfter = (n: number) => shanghaiDate(runtime.clock.now() + n * 86_400_000);

async function drafted(project: SeededProject) {
  const drafted = await api.post(`/v1/projects/${project.projectId}/task-book`, await bureau(), {
    startDate: "2025-07-01",
    ipTerms: "知识产权归揭榜方所有，出题企业享有优先使用权。",
    rewardPenaltyTerms: "未完成考核指标的，按任务书约定收回资金。",
  });
  expect(drafted.status, JSON.stringify(drafted.body)).toBe(201);
}

async function signed(project: SeededProject, draft = true) {
  if (draft) await drafted(project);
  for (const token of [await solver(), await enterprise(), await bureau()]) {
    const s = await api.post(`/v1/projects/${project.projectId}/task-book/sign`, token, { revision: 1 });
    expect(s.status, JSON.stringify(s.body)).toBe(200);
  }
  await settle();
}

interface ReportRef {
  event: string;
  jsonKey: string;
  htmlKey: string;
  sha256: string;
}

/** An audit report read back from the audit bucket (the S3 server): its JSON checked against its hash, and its HTML. */
async function readReport(
  ref: ReportRef | undefined,
): Promise<{ json: Record<string, unknown>; html: string }> {
  expect(ref).toBeDefined();
  const store = s3ReportStore(storage(), config.auditBucket());
  const stored = (await store.read(ref!.jsonKey)) as string;
  expect(sha256Hex(stored)).toBe(ref!.sha256);
  return {
    json: JSON.parse(stored) as Record<string, unknown>,
    html: (await store.read(ref!.htmlKey)) ?? "",
  };
}

async function trailActions(projectId: string): Promise<string[]> {
  const trail = await api.get<{ ok: boolean; events: { action: string }[] }>(
    `/v1/projects/${projectId}/audit-trail`,
    await auditor(),
  );
  expect(trail.status, JSON.stringify(trail.body)).toBe(200);
  expect(trail.body.ok).toBe(true);
  return trail.body.events.map((e) => e.action);
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "jiebang-seed-rules-"));
  runtime = await startRuntime({ dataDir, clockStart: "2025-06-02T02:00:00.000Z" });
});
afterAll(async () => {
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

interface Budget {
  version: number;
  items: { item: string; amountFen: number; category: string }[];
  totalFen: number;
  grantFen: number;
  revision: number;
  revisions: { revision: number; holder: string; fromItem: string; toItem: string; amountFen: number }[];
  chiefEngineer: { personId: string; name?: string };
  personnelChanges: { role: string; reason: string; to: { personId: string } }[];
}

describe("the chief engineer's budget rights (四（七）2)", () => {
  it("reallocation by the entitled person as an audited revision; personnel only by the bureau; the solver never replaced", async () => {
    const project = await awardedProject(runtime);
    const path = `/v1/projects/${project.projectId}`;
    await drafted(project);
    const unsigned = await api.get(`${path}/budget`, await enterprise());
    expect(unsigned.status).toBe(409);
    expect((unsigned.body as { code?: string }).code).toBe("TASK_BOOK_NOT_SIGNED");
    await signed(project, false);

    const before = await api.get<Budget>(`${path}/budget`, await enterprise());
    expect(before.status, JSON.stringify(before.body)).toBe(200);
    expect(before.body.items.map((i) => [i.item, i.category])).toEqual([
      ["设备费", "equipment"],
      ["材料费", "other"],
    ]);

    // Other costs: the chief engineer's right, not the organisation's.
    const asOrganisation = await api.post(`${path}/budget/reallocations`, await solver(), {
      fromItem: "材料费",
      toItem: "测试化验加工费",
      amountFen: 500_000_00,
      actingAs: "solver-organisation",
      reason: "中试需要更多检测",
    });
    expect(asOrganisation.status).toBe(403);
    expect((asOrganisation.body as { code?: string }).code).toBe("BUDGET_RIGHT_NOT_HELD");
    const moved = await api.post<Budget>(`${path}/budget/reallocations`, await solver(), {
      fromItem: "材料费",
      toItem: "测试化验加工费",
      amountFen: 500_000_00,
      actingAs: "chief-engineer",
      reason: "中试需要更多检测",
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body.revision).toBe(2);
    expect(moved.body.revisions.map((r) => [r.revision, r.holder, r.amountFen])).toEqual([
      [2, "chief-engineer", 500_000_00],
    ]);
    expect(moved.body.totalFen).toBe(before.body.totalFen);
    expect(moved.body.items.reduce((s, i) => s + i.amountFen, 0)).toBe(before.body.totalFen);
    expect(moved.body.grantFen).toBe(before.body.grantFen);

    // Equipment: the organisation's; the enterprise and another organisation's solver have no right. Nothing written.
    const equipmentAsChief = await api.post(`${path}/budget/reallocations`, await solver(), {
      fromItem: "设备费",
      toItem: "材料费",
      amountFen: 100_00,
      actingAs: "chief-engineer",
      reason: "x",
    });
    expect((equipmentAsChief.body as { code?: string }).code).toBe("BUDGET_RIGHT_NOT_HELD");
    const byEnterprise = await api.post(`${path}/budget/reallocations`, await enterprise(), {
      fromItem: "设备费",
      toItem: "材料费",
      amountFen: 100_00,
      actingAs: "solver-organisation",
      reason: "x",
    });
    expect(byEnterprise.status).toBe(403);
    const byStranger = await api.post(`${path}/budget/reallocations`, await otherSolver(), {
      fromItem: "设备费",
      toItem: "材料费",
      amountFen: 100_00,
      actingAs: "solver-organisation",
      reason: "x",
    });
    expect(byStranger.status).toBe(403);
    const equipment = await api.post<Budget>(`${path}/budget/reallocations`, await solver(), {
      fromItem: "设备费",
      toItem: "材料费",
      amountFen: 1_000_000_00,
      actingAs: "solver-organisation",
      reason: "改租用设备",
    });
    expect(equipment.status, JSON.stringify(equipment.body)).toBe(200);
    expect(equipment.body.revisions.at(-1)?.holder).toBe("solver-organisation");

    // The bureau sees the same revisions.
    const seen = await api.get<Budget>(`${path}/budget`, await bureau());
    expect(seen.body.revision).toBe(3);
    expect(seen.body.version).toBe(equipment.body.version);

    // Personnel: only the bureau, with a reason; replacing the solver is refused.
    const bySolver = await api.post(`${path}/personnel-changes`, await solver(), {
      role: "chief-engineer",
      personId: "uni-a-p9",
      name: "赵教授",
      personOrganisationId: "uni-a",
      reason: "调任",
    });
    expect(bySolver.status).toBe(403);
    const replaceSolver = await api.post(`${path}/personnel-changes`, await bureau(), {
      role: "solver-organisation",
      reason: "企业要求更换揭榜方",
    });
    expect(replaceSolver.status).toBe(422);
    expect((replaceSolver.body as { code?: string }).code).toBe("SOLVER_NOT_REPLACEABLE");
    const outsider = await api.post(`${path}/personnel-changes`, await bureau(), {
      role: "chief-engineer",
      personId: "uni-z-p1",
      name: "钱工",
      personOrganisationId: "uni-z",
      reason: "调任",
    });
    expect((outsider.body as { code?: string }).code).toBe("NOT_A_SOLVER_ORGANISATION");
    const changed = await api.post<Budget>(`${path}/personnel-changes`, await bureau(), {
      role: "chief-engineer",
      personId: "uni-a-p9",
      name: "赵教授",
      personOrganisationId: "uni-a",
      reason: "原技术总师因病无法履职，经主管部门同意更换",
    });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body.chiefEngineer).toMatchObject({ personId: "uni-a-p9", name: "赵教授" });
    expect(changed.body.personnelChanges[0]).toMatchObject({
      role: "chief-engineer",
      to: { personId: "uni-a-p9" },
    });
    const read = await api.get<{ project: { chiefEngineerId: string } }>(path, await enterprise());
    expect(JSON.stringify(read.body)).toContain("uni-a-p9");

    const actions = await trailActions(project.projectId);
    expect(actions.filter((a) => a === "task-book.budget-reallocated")).toHaveLength(2);
    expect(actions).toContain("task-book.personnel-changed");
    expect(actions).toContain("project.chief-engineer-changed");
  });
});

interface RoadShow {
  status: string;
  session?: { date: string };
  interests: { institution: string; amountFen: number }[];
  declaredInterestFen?: number;
}
interface Series {
  programmes: {
    programmeId: string;
    roadShowInterestFen: number;
    leverage: string | null;
    socialInvestmentFen: number;
  }[];
  totals: { roadShowInterestFen: number };
}

describe("the investment road-show (四（五）)", () => {
  it("the enterprise asks, the bureau schedules, institutions declare interest: shown on the project and in leverage apart", async () => {
    const project = await awardedProject(runtime);
    await signed(project);
    const path = `/v1/projects/${project.projectId}/road-show`;
    const bySolverOfAnother = await api.post(path, await otherSolver(), { reason: "x", followOnNeedFen: 1 });
    expect(bySolverOfAnother.status).toBe(403);
    const asked = await api.post<RoadShow>(path, await enterprise(), {
      reason: "中试线建成后需扩产，后续资金需求约5000万元",
      followOnNeedFen: 50_000_000_00,
    });
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    expect(asked.body.status).toBe("requested");
    const again = await api.post(path, await solver(), { reason: "x", followOnNeedFen: 1 });
    expect((again.body as { code?: string }).code).toBe("ROAD_SHOW_ALREADY_REQUESTED");

    // The bureau's to-do links to the decision.
    const tasks = await api.get<{ items: { action: string; link: string }[] }>(
      "/v1/me/tasks",
      await bureau(),
    );
    expect(tasks.body.items).toContainEqual(
      expect.objectContaining({
        action: "project.decide-road-show",
        link: `/projects/${project.projectId}/road-show`,
      }),
    );

    const noSession = await api.post(`${path}/decision`, await bureau(), {
      decision: "approve",
      comment: "同意",
    });
    expect((noSession.body as { code?: string }).code).toBe("ROAD_SHOW_SESSION_REQUIRED");
    const session = {
      date: dayAfter(10),
      venue: "太原市科技局路演厅",
      institutions: [
        { name: "山西金控", kind: "fund" },
        { name: "太原创投", kind: "venture" },
      ],
    };
    const byEnterprise = await api.post(`${path}/decision`, await enterprise(), {
      decision: "approve",
      comment: "同意",
      session,
    });
    expect(byEnterprise.status).toBe(403);
    const scheduled = await api.post<RoadShow>(`${path}/decision`, await bureau(), {
      decision: "approve",
      comment: "同意举办路演",
      session,
    });
    expect(scheduled.status, JSON.stringify(scheduled.body)).toBe(200);
    expect(scheduled.body.status).toBe("scheduled");
    const after = await api.get<{ items: { action: string; link: string }[] }>(
      "/v1/me/tasks",
      await bureau(),
    );
    expect(after.body.items.filter((t) => t.link === `/projects/${project.projectId}/road-show`)).toEqual([]);

    const early = await api.post(`${path}/interests`, await bureau(), {
      institution: "山西金控",
      amountFen: 20_000_000_00,
      declaredOn: today(),
    });
    expect((early.body as { code?: string }).code).toBe("INTEREST_BEFORE_SESSION");
    const seriesBefore = await api.get<Series>(
      `/v1/finance/series?programmeId=${project.programmeId}`,
      await finance(),
    );
    await runtime.advanceClock(12 * 86_400_000);
    const uninvited = await api.post(`${path}/interests`, await bureau(), {
      institution: "某银行",
      amountFen: 1_00,
      declaredOn: today(),
    });
    expect((uninvited.body as { code?: string }).code).toBe("INSTITUTION_NOT_INVITED");
    for (const [institution, amountFen] of [
      ["山西金控", 20_000_000_00],
      ["太原创投", 5_000_000_00],
    ] as const) {
      const declared = await api.post(`${path}/interests`, await bureau(), {
        institution,
        amountFen,
        declaredOn: today(),
      });
      expect(declared.status, JSON.stringify(declared.body)).toBe(200);
    }
    const shown = await api.get<RoadShow>(path, await enterprise());
    expect(shown.body.declaredInterestFen).toBe(25_000_000_00);

    const series = await api.get<Series>(
      `/v1/finance/series?programmeId=${project.programmeId}`,
      await finance(),
    );
    const programme = series.body.programmes[0]!;
    expect(programme.roadShowInterestFen).toBe(25_000_000_00);
    // Declared, not committed: the ratio and the social investment are as before.
    expect(programme.leverage).toBe(seriesBefore.body.programmes[0]!.leverage);
    expect(programme.socialInvestmentFen).toBe(seriesBefore.body.programmes[0]!.socialInvestmentFen);
    const report = await api.get<{ roadShowInterestFen: number }>(
      `/v1/programmes/${project.programmeId}/finance-report`,
      await finance(),
    );
    expect(report.body.roadShowInterestFen).toBe(25_000_000_00);
    const actions = await trailActions(project.projectId);
    expect(actions).toEqual(
      expect.arrayContaining(["road-show.requested", "road-show.scheduled", "road-show.interest"]),
    );
  });
});

interface Referral {
  organ: string;
  recoveryId?: string;
  outcomes: { outcome: string; decidedOn: string }[];
  auditReports?: ReportRef[];
}

describe("judicial referral (四（七）4)", () => {
  it("a fraud finding is referred, seen by finance and auditors with the recovery, and its outcome recorded", async () => {
    const running = await awardedProject(runtime);
    await signed(running);
    const referral = {
      organ: "太原市公安局经济犯罪侦查支队",
      referredOn: today(),
      reference: "并科移〔2025〕1号",
      reasoning: "伪造检测报告骗取财政资金，情节严重",
      documents: [{ title: "移送函", reference: "并科移〔2025〕1号" }, { title: "专项审计报告" }],
    };
    const notFraud = await api.post(
      `/v1/projects/${running.projectId}/judicial-referral`,
      await bureau(),
      referral,
    );
    expect(notFraud.status).toBe(409);
    expect((notFraud.body as { code?: string }).code).toBe("NOT_A_FRAUD_FINDING");

    const fraud = await api.post(`/v1/projects/${running.projectId}/fraud`, await bureau(), {
      reason: "伪造检测报告",
      proposedBy: "bureau",
    });
    expect(fraud.status, JSON.stringify(fraud.body)).toBe(200);
    await settle();
    const byEnterprise = await api.post(
      `/v1/projects/${running.projectId}/judicial-referral`,
      await enterprise(),
      referral,
    );
    expect(byEnterprise.status).toBe(403);
    const early = await api.post(`/v1/projects/${running.projectId}/judicial-referral`, await bureau(), {
      ...referral,
      referredOn: "2025-01-01",
    });
    expect((early.body as { code?: string }).code).toBe("REFERRAL_BEFORE_FINDING");
    const referred = await api.post<Referral>(
      `/v1/projects/${running.projectId}/judicial-referral`,
      await bureau(),
      referral,
    );
    expect(referred.status, JSON.stringify(referred.body)).toBe(201);
    expect(referred.body.recoveryId).toBe(`rcv-${running.projectId}`);
    const twice = await api.post(
      `/v1/projects/${running.projectId}/judicial-referral`,
      await bureau(),
      referral,
    );
    expect((twice.body as { code?: string }).code).toBe("ALREADY_REFERRED");
    // The fraud decision's audit report now carries the referral (version 0: no outcome yet).
    expect(referred.body.auditReports?.map((r) => r.event)).toEqual(["judicial-referral-0"]);
    const first = await readReport(referred.body.auditReports?.[0]);
    expect(first.json).toMatchObject({
      kind: "judicial-referral",
      projectId: running.projectId,
      referral: { organ: referral.organ, reference: referral.reference, documents: referral.documents },
      recovery: { id: `rcv-${running.projectId}` },
      outcomes: [],
    });
    expect(first.html).toContain("移交司法机关");
    expect(first.html).toContain(referral.organ);
    expect(first.html).toContain("尚无处理结果");

    // Finance and auditors see it with the recovery; the enterprise does not.
    const list = await api.get<{ items: (Referral & { projectId: string; recovery?: { id: string } })[] }>(
      "/v1/judicial-referrals",
      await finance(),
    );
    expect(list.status, JSON.stringify(list.body)).toBe(200);
    const item = list.body.items.find((r) => r.projectId === running.projectId);
    expect(item?.organ).toBe(referral.organ);
    expect(item?.recovery?.id).toBe(`rcv-${running.projectId}`);
    // … and finance is told in its inbox (notifications from the table's stream), with the organ and the reference.
    await runtime.notifications.settle();
    const told = (
      await api.get<{ items: { type: string; body: string; link: string }[] }>(
        "/v1/me/notifications",
        await finance(),
      )
    ).body.items.filter((n) => n.type === "judicial-referral.referred");
    expect(told).toHaveLength(1);
    expect(told[0]?.link).toBe("/judicial-referrals");
    expect(told[0]?.body).toContain(referral.organ);
    expect(told[0]?.body).toContain(referral.reference);
    expect(
      (await api.get(`/v1/projects/${running.projectId}/judicial-referral`, await auditor())).status,
    ).toBe(200);
    expect(
      (await api.get(`/v1/projects/${running.projectId}/judicial-referral`, await enterprise())).status,
    ).toBe(403);

    await runtime.advanceClock(30 * 86_400_000);
    const outOfOrder = await api.post(
      `/v1/projects/${running.projectId}/judicial-referral/outcomes`,
      await bureau(),
      {
        outcome: "accepted",
        decidedOn: "2025-01-01",
        summary: "立案侦查",
      },
    );
    expect((outOfOrder.body as { code?: string }).code).toBe("OUTCOME_OUT_OF_ORDER");
    const outcome = await api.post<Referral>(
      `/v1/projects/${running.projectId}/judicial-referral/outcomes`,
      await bureau(),
      {
        outcome: "accepted",
        decidedOn: today(),
        reference: "并公经立字〔2025〕8号",
        summary: "公安机关决定立案侦查",
      },
    );
    expect(outcome.status, JSON.stringify(outcome.body)).toBe(200);
    expect(outcome.body.outcomes.map((o) => o.outcome)).toEqual(["accepted"]);
    // The outcome makes a new version of the report; the first stays as written.
    expect(outcome.body.auditReports?.map((r) => r.event)).toEqual([
      "judicial-referral-0",
      "judicial-referral-1",
    ]);
    const second = await readReport(outcome.body.auditReports?.[1]);
    expect(second.json).toMatchObject({
      outcomes: [{ outcome: "accepted", reference: "并公经立字〔2025〕8号" }],
    });
    expect(second.html).toContain("<td>立案</td>");
    expect((await readReport(outcome.body.auditReports?.[0])).json).toMatchObject({ outcomes: [] });
    const actions = await trailActions(running.projectId);
    expect(actions).toEqual(
      expect.arrayContaining([
        "judicial-referral.referred",
        "judicial-referral.outcome",
        "judicial-referral.audit-reports-written",
      ]),
    );
  });
});
