// End-to-end: the done-when scenarios of the project lifecycle (立项 → 结题验收) on the embedded runtime over HTTP — a
// horse race (赛马) narrowed from 2 projects to 1 with settlement of the one that closes; a 3-year Taiyuan project with
// a 6-month extension from signing to closure with no execution past the 1-year limit and every execution handed
// over once; fraud after tranche 2 and the organisation then refused in a new application elsewhere.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ChallengeRecord, challengeKind } from "../../functions/challenges/model.ts";
import { addDays, addMonths, shanghaiDate, shanghaiInstant } from "../../functions/kernel/dates.ts";
import { storage } from "../../functions/platform/clients.ts";
import { config } from "../../functions/platform/config.ts";
import { recordStore } from "../../functions/platform/deps.ts";
import { created } from "../../functions/platform/ports/records.ts";
import { s3DocumentStore } from "../../functions/platform/s3/document-store.ts";
import { s3ReportStore } from "../../functions/platform/s3/report-store.ts";
import { type ProgrammeRecord, programmeKind } from "../../functions/programmes/model.ts";
import { getPolicyPreset } from "../../functions/programmes/rules/policy.ts";
import {
  acceptanceExecutionName,
  milestoneExecutionName,
  projectExecutionId,
  projectExecutionKind,
  startExecutionName,
} from "../../functions/projects/model.ts";
import { recoveryKind } from "../../functions/recoveries/model.ts";
import { type Runtime, startRuntime } from "../../local/runtime.ts";
import { applicationBody, sha256Hex } from "../support/api.ts";
import { projectFlow } from "../support/project-flow.ts";
import { awardedProject } from "../support/projects.ts";

let runtime: Runtime;
let dataDir: string;
const flow = projectFlow(() => runtime);
const { api, bureau, enterprise } = flow;
const day = 86_400_000;

/** The project-level audit report of `event` (extension-<seq>, termination): its JSON, checked against its hash. */
async function decisionReport(projectId: string, event: string): Promise<Record<string, unknown>> {
  const view = await flow.read(projectId);
  const refs = (
    view.track as unknown as {
      auditReports?: { event: string; jsonKey: string; htmlKey: string; sha256: string }[];
    }
  ).auditReports;
  const ref = refs?.find((r) => r.event === event);
  expect(ref, `audit report ${event}`).toBeDefined();
  const store = s3ReportStore(storage(), config.auditBucket());
  const stored = (await store.read(ref!.jsonKey)) as string;
  expect(sha256Hex(stored)).toBe(ref!.sha256);
  expect(await store.read(ref!.htmlKey)).toContain("审计报告");
  return JSON.parse(stored) as Record<string, unknown>;
}
const yearMs = 365 * day;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "jiebang-project-scenarios-"));
  // Monday 2 June 2025, 10:00 in Shanghai.
  runtime = await startRuntime({ dataDir, clockStart: "2025-06-02T02:00:00.000Z" });
  await flow.registerExperts([1, 2]);
});

afterAll(async () => {
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("horse race (赛马制)", () => {
  it("is narrowed from 2 projects to 1 at the key milestone: two decisions, the other settled", async () => {
    const today = shanghaiDate(runtime.clock.now());
    const first = await flow.signedProject({ solverOrg: "uni-h1", startDate: today });
    const second = await flow.signedProject({
      solverOrg: "uni-h2",
      startDate: today,
      sameChallengeAs: first,
    });
    const challenge = first.challengeId;
    expect(second.challengeId).toBe(challenge);
    const decide = async (token: string, body: unknown) =>
      api.post<Record<string, unknown>>(`/v1/challenges/${challenge}/horse-race/decision`, token, body);

    // Not before the key milestone (milestone 1) is reached by both.
    const early = await decide(await enterprise(), { continuing: [first.projectId] });
    expect(early.status, JSON.stringify(early.body)).toBe(422);
    expect(early.body["code"]).toBe("KEY_MILESTONE_NOT_REACHED");

    // Both pass milestone 1; finance pays the second project's first tranche (on signing).
    await flow.passMilestone(first.projectId, 1);
    await flow.passMilestone(second.projectId, 1);
    await flow.markPaid(second.projectId, [1]);

    // Past the key milestone nothing is filed until the race is decided.
    const early2 = await api.post<{ code: string }>(
      `/v1/projects/${first.projectId}/milestones/2/report`,
      await enterprise(),
      { summary: "抢先提交", indicators: [], fileIds: ["f-any"] },
    );
    expect(early2.status, JSON.stringify(early2.body)).toBe(409);
    expect(early2.body.code).toBe("HORSE_RACE_UNDECIDED");

    // Another enterprise has no say; a project outside the race is refused with its field path.
    expect((await decide(await enterprise("ent-other"), { continuing: [first.projectId] })).status).toBe(403);
    const stray = await decide(await enterprise(), { continuing: ["prj-elsewhere"] });
    expect(stray.status).toBe(400);

    // The enterprise chooses first; nothing closes on one decision.
    const byEnterprise = await decide(await enterprise(), { continuing: [first.projectId] });
    expect(byEnterprise.status, JSON.stringify(byEnterprise.body)).toBe(200);
    expect(byEnterprise.body["status"]).toBe("deciding");
    await flow.settle();
    expect((await flow.read(second.projectId)).project.status).not.toBe("terminated");
    // The race (not its projects' tracks) waits for the bureau: a to-do in its 待办 linking to the race's page.
    const raceTodos = async () =>
      (
        await api.get<{ items: { action: string; link: string; record: { kind: string; title: string } }[] }>(
          "/v1/me/tasks?limit=100",
          await bureau(),
        )
      ).body.items.filter((t) => t.action === "horse-race.decide");
    expect(await raceTodos()).toEqual([
      expect.objectContaining({
        link: `/challenges/${challenge}/horse-race`,
        record: expect.objectContaining({ kind: "horse-race" }),
      }),
    ]);

    // The bureau must settle the project that closes (its audited spending).
    expect((await decide(await bureau(), { continuing: [first.projectId] })).status).toBe(400);
    const byBureau = await decide(await bureau(), {
      continuing: [first.projectId],
      settlements: [{ projectId: second.projectId, verifiedSpendingFen: 35_000_001 }],
    });
    expect(byBureau.status, JSON.stringify(byBureau.body)).toBe(200);
    expect(byBureau.body).toMatchObject({
      status: "decided",
      outcome: { continuing: [first.projectId], closed: [second.projectId] },
    });
    await flow.settle();
    expect(await raceTodos()).toEqual([]);

    // The second closes without fault: unpaid tranches cancelled, 900,000.00 paid − 350,000.01 spent recovered.
    const closed = await flow.read(second.projectId);
    expect(closed.project.status).toBe("terminated");
    expect(closed.track.status).toBe("closed");
    expect(closed.track.termination).toMatchObject({ kind: "termination", fault: false });
    expect(closed.track.horseRace).toMatchObject({
      challengeId: challenge,
      outcome: "closed",
      keyMilestone: 1,
    });
    expect(closed.tranches.map((t) => t.status)).toEqual(["paid", "cancelled", "cancelled"]);
    expect(await recordStore().get(recoveryKind, `rcv-${second.projectId}`)).toMatchObject({
      reason: "termination",
      paidFen: 90_000_000,
      amountFen: 54_999_999,
      status: "assessed",
    });
    expect((await flow.projectExecutions(second.projectId)).filter((e) => e.status === "RUNNING")).toEqual(
      [],
    );

    // The first continues: its execution still runs (woken, parked again), its tranches untouched.
    const going = await flow.read(first.projectId);
    expect(going.project.status).not.toBe("terminated");
    expect(going.track.status).toBe("in-progress");
    expect(going.track.horseRace).toMatchObject({ outcome: "continues" });
    expect(going.tranches.map((t) => t.status)).toEqual(["eligible", "eligible", "planned"]);
    expect(
      (await flow.projectExecutions(first.projectId))
        .filter((e) => e.status === "RUNNING")
        .map((e) => e.name),
    ).toEqual([going.track.lifecycle?.execution]);
    expect(going.track.lifecycle?.execution).toBe(milestoneExecutionName(first.projectId, 2, 1));
    expect(await recordStore().get(recoveryKind, `rcv-${first.projectId}`)).toBeUndefined();

    // The one that continues goes on to milestone 2.
    await flow.passMilestone(first.projectId, 2, false);
    expect((await flow.read(first.projectId)).track.milestones[1]?.status).toBe("awaiting-payment-opinion");

    // Decided: a further decision is a conflict, and the race reads back.
    expect((await decide(await enterprise(), { continuing: [second.projectId] })).status).toBe(409);
    const race = await api.get<{ projects: unknown[]; race: { status: string } }>(
      `/v1/challenges/${challenge}/horse-race`,
      await enterprise(),
    );
    expect(race.status).toBe(200);
    expect(race.body.projects).toHaveLength(2);
    expect(race.body.race.status).toBe("decided");
  }, 120_000);
});

describe("horse race with the key milestone set in the task books (赛马关键节点)", () => {
  it("validates the key milestone against the plan, and narrows the race at milestone 2 of 3", async () => {
    const today = shanghaiDate(runtime.clock.now());
    const bureauToken = await bureau();
    // The key milestone must be one of the plan's milestones (2 here); it may be amended before signing.
    const lone = await awardedProject(runtime, { solverOrg: "uni-k0" });
    const draft = (horseRaceKeyMilestone: number) =>
      api.post<{ code: string; fields: { path: string }[]; taskBook: { horseRaceKeyMilestone: number } }>(
        `/v1/projects/${lone.projectId}/task-book`,
        bureauToken,
        {
          startDate: today,
          ipTerms: "知识产权归揭榜方所有。",
          rewardPenaltyTerms: "收回资金。",
          horseRaceKeyMilestone,
        },
      );
    const outOfRange = await draft(3);
    expect(outOfRange.status, JSON.stringify(outOfRange.body)).toBe(400);
    expect(outOfRange.body.code).toBe("KEY_MILESTONE_OUT_OF_RANGE");
    expect(outOfRange.body.fields.map((f) => f.path)).toEqual(["body.horseRaceKeyMilestone"]);
    expect((await draft(0)).status).toBe(400);
    const drafted = await draft(2);
    expect(drafted.status, JSON.stringify(drafted.body)).toBe(201);
    expect(drafted.body.taskBook.horseRaceKeyMilestone).toBe(2);
    const amend = (body: unknown) =>
      api.call<{ taskBook: { revision: number; horseRaceKeyMilestone: number } }>(
        "PATCH",
        `/v1/projects/${lone.projectId}/task-book`,
        { token: bureauToken, body },
      );
    expect((await amend({ revision: 1, horseRaceKeyMilestone: 5 })).status).toBe(400);
    const amended = await amend({ revision: 1, horseRaceKeyMilestone: 1 });
    expect(amended.status, JSON.stringify(amended.body)).toBe(200);
    expect(amended.body.taskBook).toMatchObject({ revision: 2, horseRaceKeyMilestone: 1 });

    // Two parallel 3-year projects whose task books name milestone 2 as the key milestone.
    const first = await flow.signedProject({
      solverOrg: "uni-k1",
      startDate: today,
      periodMonths: 36,
      horseRaceKeyMilestone: 2,
    });
    const second = await flow.signedProject({
      solverOrg: "uni-k2",
      startDate: today,
      periodMonths: 36,
      horseRaceKeyMilestone: 2,
      sameChallengeAs: first,
    });
    const decide = async (token: string, body: unknown) =>
      api.post<Record<string, unknown>>(
        `/v1/challenges/${first.challengeId}/horse-race/decision`,
        token,
        body,
      );

    // Milestone 1 passed by both is not the key milestone: no decision yet, and milestone 2 is filed freely.
    await flow.passMilestone(first.projectId, 1);
    await flow.passMilestone(second.projectId, 1);
    const early = await decide(await enterprise(), { continuing: [first.projectId] });
    expect(early.status, JSON.stringify(early.body)).toBe(422);
    expect(early.body["code"]).toBe("KEY_MILESTONE_NOT_REACHED");
    await flow.passMilestone(first.projectId, 2);
    await flow.passMilestone(second.projectId, 2);
    // Past the key milestone (milestone 3) nothing is filed until the race is decided.
    const tooEarly = await api.post<{ code: string }>(
      `/v1/projects/${first.projectId}/milestones/3/report`,
      await enterprise(),
      { summary: "抢先提交", indicators: [], fileIds: ["f-any"] },
    );
    expect(tooEarly.status, JSON.stringify(tooEarly.body)).toBe(409);
    expect(tooEarly.body.code).toBe("HORSE_RACE_UNDECIDED");

    expect((await decide(await enterprise(), { continuing: [second.projectId] })).status).toBe(200);
    const decided = await decide(bureauToken, {
      continuing: [second.projectId],
      settlements: [{ projectId: first.projectId, verifiedSpendingFen: 0 }],
    });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    expect(decided.body).toMatchObject({
      status: "decided",
      keyMilestones: [
        { projectId: first.projectId, keyMilestone: 2 },
        { projectId: second.projectId, keyMilestone: 2 },
      ],
    });
    await flow.settle();
    expect((await flow.read(first.projectId)).track.horseRace).toMatchObject({
      outcome: "closed",
      keyMilestone: 2,
    });
    expect((await flow.read(second.projectId)).track.horseRace).toMatchObject({
      outcome: "continues",
      keyMilestone: 2,
    });
    const race = await api.get<{ projects: { projectId: string; keyMilestone: number }[] }>(
      `/v1/challenges/${first.challengeId}/horse-race`,
      bureauToken,
    );
    expect(race.body.projects.map((p) => p.keyMilestone)).toEqual([2, 2]);
    // The one that continues files milestone 3.
    await flow.passMilestone(second.projectId, 3, false);
    expect((await flow.read(second.projectId)).track.milestones[2]?.status).toBe("awaiting-payment-opinion");
  }, 180_000);
});

describe("a 3-year Taiyuan project with a 6-month extension (signing to closure)", () => {
  it("closes after 42 months in executions of at most a year, each handed over once", async () => {
    const start = shanghaiDate(runtime.clock.now());
    const { projectId } = await flow.signedProject({
      solverOrg: "uni-long",
      enterpriseOrg: "ent-casting",
      startDate: start,
      periodMonths: 36,
    });
    const signedAt = runtime.clock.now();
    let view = await flow.read(projectId);
    expect(view.track.taskBook.endDate).toBe(addMonths(start, 36));
    expect(view.track.milestones.map((m) => m.dueDate)).toEqual([12, 24, 36].map((n) => addMonths(start, n)));
    const advanceTo = async (instant: number) => {
      await runtime.advanceClock(instant - runtime.clock.now());
      await flow.settle();
    };

    // Five months in, a flood stops the line: a 6-month extension, asked with evidence and approved.
    await advanceTo(shanghaiInstant(addMonths(start, 5), 10));
    const evidence = await flow.upload(projectId, 1, "evidence", Buffer.from("洪灾停产证明"));
    const asked = await api.post(`/v1/projects/${projectId}/extension`, await enterprise(), {
      months: 6,
      reason: "洪灾导致中试线停产",
      evidenceFileIds: [evidence],
    });
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    const approved = await api.post(`/v1/projects/${projectId}/extension/decision`, await bureau(), {
      decision: "approve",
    });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    await flow.settle();
    view = await flow.read(projectId);
    const due = [18, 30, 42].map((n) => addMonths(start, n));
    expect(view.track.milestones.map((m) => m.dueDate)).toEqual(due);
    expect(view.track.taskBook.endDate).toBe(addMonths(start, 42));
    // The extension's audit report lists each shift and the evidence's SHA-256.
    const extensionReport = await decisionReport(projectId, "extension-1");
    expect(extensionReport).toMatchObject({
      kind: "extension-decision",
      decision: { status: "approved", months: 6 },
    });
    expect(extensionReport["shifts"]).toHaveLength(4);
    // The evidence was sealed before the report was written: the report names the sealed copy, which hashes as listed.
    expect(extensionReport["evidence"]).toEqual([
      expect.objectContaining({
        fileId: evidence,
        sha256: sha256Hex(Buffer.from("洪灾停产证明")),
        verified: true,
        key: expect.stringMatching(/^sealed\//),
      }),
    ]);
    const listed = (extensionReport["evidence"] as { key: string; sha256: string }[])[0]!;
    expect(
      (
        await s3DocumentStore(storage(), config.evidenceBucket(), { now: () => new Date() }).inspect(
          listed.key,
        )
      )?.sha256,
    ).toBe(listed.sha256);

    // Each milestone passes a week before its (shifted) due date.
    for (const [i, dueDate] of due.entries()) {
      await advanceTo(shanghaiInstant(addDays(dueDate, -7), 10));
      await flow.passMilestone(projectId, i + 1);
      expect((await flow.read(projectId)).track.milestones[i]?.status).toBe("passed");
    }

    // Final acceptance at the end of the extended period.
    await advanceTo(shanghaiInstant(addMonths(start, 42), 10));
    expect(
      (
        await api.post(`/v1/projects/${projectId}/acceptance`, await enterprise(), {
          summary: "全部指标完成",
        })
      ).status,
    ).toBe(201);
    const plan = { plan: "现场测试与资料审查", expertIds: ["local-x1", "local-x2"] };
    expect((await api.post(`/v1/projects/${projectId}/acceptance/plan`, await bureau(), plan)).status).toBe(
      200,
    );
    expect(
      (await api.post(`/v1/projects/${projectId}/acceptance/plan`, await enterprise(), plan)).status,
    ).toBe(200);
    for (const n of [1, 2]) {
      const voted = await api.post(`/v1/projects/${projectId}/acceptance/review`, await flow.expert(n), {
        verdict: "pass",
        performanceScore: 90,
        comment: `专家 ${n}`,
      });
      expect(voted.status, JSON.stringify(voted.body)).toBe(200);
    }
    const confirmed = await api.post(
      `/v1/projects/${projectId}/acceptance/payment-opinion`,
      await flow.approver(),
      {
        decision: "confirm",
      },
    );
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    await flow.settle();
    await runtime.advanceClock(day);
    view = await flow.read(projectId);
    expect(view.project.status).toBe("accepted");
    expect(view.track.status).toBe("closed");
    expect(view.tranches.every((t) => t.status === "eligible")).toBe(true);
    const closedAt = runtime.clock.now();
    expect(closedAt - signedAt).toBeGreaterThan(3.4 * yearMs);

    // ListExecutions + DescribeExecution: the chain's executions, none over a year, all ended — the signatures, each
    // milestone in rounds handed over before a year, acceptance.
    const executions = await flow.projectExecutions(projectId);
    const chain = executions.filter((e) => e.machine !== "project-anniversary");
    expect(executions.filter((e) => e.machine === "project-phase")).toEqual([]);
    expect(chain.length).toBeGreaterThanOrEqual(5);
    expect(chain[0]?.name).toBe(startExecutionName(projectId, 1));
    expect(chain.at(-1)?.name).toBe(acceptanceExecutionName(projectId, 1));
    for (const m of [1, 2, 3])
      expect(chain.map((e) => e.name)).toContain(milestoneExecutionName(projectId, m, 1));
    expect(chain.some((e) => /-m\d-r2$/.test(e.name))).toBe(true);
    for (const e of executions) {
      expect(e.status, e.name).toBe("SUCCEEDED");
      expect((e.stopMs as number) - e.startMs, e.name).toBeLessThan(yearMs);
    }
    // Every execution of the chain handed over once (one audited hand-over each: its record's creation), each from
    // the one before it.
    const handOvers = [];
    for (const e of chain) {
      const trail = await recordStore().auditTrail(projectExecutionKind as never, projectExecutionId(e.name));
      for (const event of trail.filter((x) => x.action === "project.execution-created"))
        handOvers.push([event.detail?.["from"], event.detail?.["executionName"]]);
    }
    expect(handOvers).toEqual(chain.map((e, i) => [i === 0 ? null : chain[i - 1]?.name, e.name]));
  }, 300_000);
});

describe("fraud after tranche 2", () => {
  it("recovers all paid money, and the organisation is refused in a new application elsewhere over HTTP", async () => {
    const start = shanghaiDate(runtime.clock.now());
    const { projectId } = await flow.signedProject({ solverOrg: "uni-cheat", startDate: start });
    await flow.passMilestone(projectId, 1);
    await flow.markPaid(projectId, [1, 2]);
    const found = await api.post<{ recovery: { amountFen: number; cancelledTranches: number[] } }>(
      `/v1/projects/${projectId}/fraud`,
      await bureau(),
      { reason: "伪造检测报告", proposedBy: "enterprise" },
    );
    expect(found.status, JSON.stringify(found.body)).toBe(200);
    // 900,000.00 + 1,200,000.00 paid: all of it to recover; tranche 3 cancelled.
    expect(found.body.recovery).toMatchObject({ amountFen: 210_000_000, cancelledTranches: [3] });

    // Another enterprise's challenge, open for applications…
    const at = new Date(runtime.clock.now()).toISOString();
    // …in another programme (another city's policy): a credit record refuses the organisation in every programme.
    const programme: ProgrammeRecord = {
      id: "prg-elsewhere",
      version: 1,
      name: "Jinan 2026",
      nameZh: "济南市2026年揭榜挂帅",
      year: 2026,
      fields: ["新材料"],
      policyId: "jinan-2023",
      policy: getPolicyPreset("jinan-2023"),
      budgetFen: 100_000_000_00,
      status: "open",
      createdBy: "b2",
      createdAt: at,
      updatedAt: at,
    };
    const challenge: ChallengeRecord = {
      id: "chl-elsewhere",
      version: 1,
      programmeId: programme.id,
      demandIds: ["dmd-elsewhere"],
      enterpriseOrganisationIds: ["ent-other"],
      field: "新材料",
      title: "耐高温涂层",
      description: "耐 1200℃ 热障涂层的工程化制备。",
      keyTechnologies: [
        { name: "热障涂层", targetMetrics: [{ name: "耐温", target: ">= 1200", unit: "℃" }] },
      ],
      fundingCapFen: 5_000_000_00,
      rdInvestmentFen: 10_000_000_00,
      periodMonths: 36,
      solverRequirements: "具备涂层中试条件",
      horseRace: { allowed: false, maxWinners: 1 },
      window: { opensAt: at, closesAt: new Date(runtime.clock.now() + 30 * day).toISOString() },
      status: "open",
      round: 1,
      publishedAt: at,
      createdBy: "b1",
      createdAt: at,
      updatedAt: at,
    };
    await recordStore().write(
      [
        created(programmeKind, programme, { actor: "test", role: "bureau", action: "test.seeded" }),
        created(challengeKind, challenge, { actor: "test", role: "bureau", action: "test.seeded" }),
      ],
      at,
    );
    const refused = await api.post<{ code: string }>(
      "/v1/challenges/chl-elsewhere/applications",
      await flow.solver("uni-cheat"),
      applicationBody("uni-cheat"),
    );
    expect(refused.status, JSON.stringify(refused.body)).toBe(403);
    expect(refused.body.code).toBe("ORGANISATION_BLACKLISTED");
    // An organisation without a credit record applies to the same challenge.
    const clean = await api.post(
      "/v1/challenges/chl-elsewhere/applications",
      await flow.solver("uni-clean"),
      applicationBody("uni-clean"),
    );
    expect(clean.status, JSON.stringify(clean.body)).toBe(201);
  }, 120_000);
});

describe("termination proposals (终止申请)", () => {
  it("any signatory proposes, the bureau decides; with fault only after a third-party review", async () => {
    const start = shanghaiDate(runtime.clock.now());
    const { projectId } = await flow.signedProject({ solverOrg: "uni-stop", startDate: start });
    await flow.markPaid(projectId, [1]);
    const propose = async (token: string, body: unknown) =>
      api.post(`/v1/projects/${projectId}/termination/proposal`, token, body);
    const decide = async (body: unknown) =>
      api.post<{ recovery: { amountFen: number } | null; track: { terminationProposals: unknown[] } }>(
        `/v1/projects/${projectId}/termination/decision`,
        await bureau(),
        body,
      );

    // Only a signatory proposes; the bureau has nothing to decide yet.
    expect((await propose(await flow.solver("uni-other"), { reason: "x", fault: false })).status).toBe(403);
    expect((await decide({ decision: "reject" })).status).toBe(409);
    // The enterprise proposes, the bureau rejects: the project goes on.
    expect((await propose(await enterprise(), { reason: "市场变化", fault: false })).status).toBe(201);
    expect((await propose(await flow.solver("uni-stop"), { reason: "y", fault: false })).status).toBe(409);
    expect((await decide({ decision: "reject", comment: "继续实施" })).status).toBe(200);
    expect((await flow.read(projectId)).track.status).toBe("in-progress");

    // The lead solver proposes with fault (the enterprise withheld its matching funds).
    const proposed = await propose(await flow.solver("uni-stop"), {
      reason: "企业配套资金未到位",
      fault: true,
    });
    expect(proposed.status, JSON.stringify(proposed.body)).toBe(201);
    const noReview = await decide({ decision: "approve", verifiedSpendingFen: 0 });
    expect(noReview.status).toBe(422);
    const noSpending = await decide({
      decision: "approve",
      thirdPartyReview: {
        reviewer: "山西某会计师事务所",
        conclusion: "配套资金未到位属实",
        reviewedOn: start,
      },
    });
    expect(noSpending.status).toBe(400);
    const approved = await decide({
      decision: "approve",
      thirdPartyReview: {
        reviewer: "山西某会计师事务所",
        conclusion: "配套资金未到位属实",
        reviewedOn: start,
      },
      verifiedSpendingFen: 60_000_000,
    });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    // 900,000.00 paid, 600,000.00 spent as audited: 300,000.00 to recover.
    expect(approved.body.recovery).toMatchObject({ amountFen: 30_000_000 });
    await flow.settle();
    const view = await flow.read(projectId);
    expect(view.project.status).toBe("terminated");
    expect(view.track.termination).toMatchObject({ kind: "termination", fault: true, proposedBy: "solver" });
    expect(
      (view.track as unknown as { terminationProposals: { status: string }[] }).terminationProposals.map(
        (p) => p.status,
      ),
    ).toEqual(["rejected", "approved"]);
    expect(view.tranches.map((t) => t.status)).toEqual(["paid", "cancelled", "cancelled"]);
    expect((await decide({ decision: "approve", verifiedSpendingFen: 0 })).status).toBe(409);
    // The termination's audit report: the decision, the third-party review, the recovery to the fen.
    expect(await decisionReport(projectId, "termination")).toMatchObject({
      kind: "termination-decision",
      decision: {
        kind: "termination",
        fault: true,
        proposedBy: "solver",
        thirdPartyReview: { reviewer: "山西某会计师事务所" },
      },
      recovery: {
        amountFen: 30_000_000,
        paidFen: 90_000_000,
        verifiedSpendingFen: 60_000_000,
        cancelledTranches: [2, 3],
      },
    });
    expect((await flow.projectExecutions(projectId)).filter((e) => e.status === "RUNNING")).toEqual([]);
  }, 120_000);

  it("ends a project before its task book is signed: nothing paid, nothing to recover", async () => {
    const seeded = await awardedProject(runtime, { solverOrg: "uni-early" });
    const { projectId } = seeded;
    const drafted = await api.post(`/v1/projects/${projectId}/task-book`, await bureau(), {
      startDate: shanghaiDate(runtime.clock.now()),
      ipTerms: "知识产权归揭榜方所有。",
      rewardPenaltyTerms: "未完成指标的收回资金。",
    });
    expect(drafted.status).toBe(201);
    // One signature in, the enterprise proposes to stop; the bureau approves without a spending figure.
    expect(
      (await api.post(`/v1/projects/${projectId}/task-book/sign`, await bureau(), { revision: 1 })).status,
    ).toBe(200);
    expect(
      (
        await api.post(`/v1/projects/${projectId}/termination/proposal`, await enterprise(), {
          reason: "揭榜方核心人员离职，无法实施",
          fault: false,
        })
      ).status,
    ).toBe(201);
    const approved = await api.post<{ recovery: unknown }>(
      `/v1/projects/${projectId}/termination/decision`,
      await bureau(),
      { decision: "approve" },
    );
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body.recovery).toBeNull();
    await flow.settle();
    const view = await flow.read(projectId);
    expect(view.project.status).toBe("terminated");
    expect(view.track.status).toBe("closed");
    expect(view.tranches).toEqual([]);
    expect(await recordStore().get(recoveryKind, `rcv-${projectId}`)).toBeUndefined();
    expect(await decisionReport(projectId, "termination")).toMatchObject({ recovery: null });
    // The task book can no longer be signed, and the project's executions ended.
    expect(
      (await api.post(`/v1/projects/${projectId}/task-book/sign`, await enterprise(), { revision: 1 }))
        .status,
    ).toBe(409);
    expect((await flow.projectExecutions(projectId)).filter((e) => e.status === "RUNNING")).toEqual([]);
  }, 120_000);
});
