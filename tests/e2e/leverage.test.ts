// End-to-end: the leverage ratio (撬动比) over HTTP — social R&D investment (R&D less the public grant) ÷ public money
// (committed less recovered), per challenge, per programme and for the city, with a terminated project counted by its
// public money net of recovery and no social investment, road-show interest apart at 0; the finance report agrees.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatRatio, ratio } from "../../functions/kernel/money.ts";
import { treasurySimulator } from "../../functions/payments/adapters/simulated-treasury.ts";
import { recordStore } from "../../functions/platform/deps.ts";
import { listAll } from "../../functions/platform/ports/record-helpers.ts";
import { projectKind, trancheId, tranchesOfProject } from "../../functions/projects/model.ts";
import { recoveryId } from "../../functions/recoveries/model.ts";
import { type Runtime, startRuntime } from "../../local/runtime.ts";
import { apiClient, tokenIssuer } from "../support/api.ts";
import { awardedProject, type SeededProject } from "../support/projects.ts";

let runtime: Runtime;
let dataDir: string;
const api = apiClient(() => runtime.info.apiUrl);
const as = tokenIssuer(() => runtime);
const bureau = () => as("b1", "taiyuan-stb", "bureau");
const enterprise = () => as("e1", "ent-casting", "enterprise");
const solver = () => as("s1", "uni-a", "solver");
const finance1 = () => as("f1", "taiyuan-czj", "finance");
const finance2 = () => as("f2", "taiyuan-czj", "finance");
const auditor = () => as("a1", "taiyuan-sjj", "auditor");
const settle = () => runtime.stepFunctions.whenIdle();

interface LeverageFigures {
  socialInvestmentFen: number;
  leveragePublicFen: number;
  roadShowInterestFen: number;
  leverage: string | null;
}
interface Series {
  programmes: (LeverageFigures & {
    programmeId: string;
    enterpriseInvestmentFen: number;
    committedFen: number;
    challenges: (LeverageFigures & { challengeId: string; title?: string })[];
  })[];
  totals: LeverageFigures;
}

async function signed(project: SeededProject) {
  const drafted = await api.post(`/v1/projects/${project.projectId}/task-book`, await bureau(), {
    startDate: "2025-07-01",
    ipTerms: "知识产权归揭榜方所有，出题企业享有优先使用权。",
    rewardPenaltyTerms: "未完成考核指标的，按任务书约定收回资金。",
  });
  expect(drafted.status, JSON.stringify(drafted.body)).toBe(201);
  for (const token of [await solver(), await enterprise(), await bureau()]) {
    const s = await api.post(`/v1/projects/${project.projectId}/task-book/sign`, token, { revision: 1 });
    expect(s.status, JSON.stringify(s.body)).toBe(200);
  }
  await settle();
}

async function payFirstTranche(project: SeededProject) {
  const started = await api.call<{ results: { paymentId?: string }[] }>("POST", "/v1/payments", {
    token: await finance1(),
    body: { trancheIds: [trancheId(project.projectId, 1)] },
    headers: { "idempotency-key": `lev-${project.projectId}` },
  });
  expect(started.status, JSON.stringify(started.body)).toBe(202);
  await settle();
  const id = started.body.results[0]?.paymentId as string;
  const approved = await api.post(`/v1/payments/${id}/approval`, await finance2(), { decision: "approve" });
  expect(approved.status, JSON.stringify(approved.body)).toBe(200);
  await settle();
}

/** The project's R&D investment, grant and public money committed (tranches not cancelled), from the records. */
async function moneyOf(projectId: string) {
  const records = recordStore();
  const project = (await records.get(projectKind, projectId))!;
  const tranches = await listAll(records, tranchesOfProject(projectId));
  const committedFen = tranches.filter((t) => t.status !== "cancelled").reduce((s, t) => s + t.amountFen, 0);
  return { rdFen: project.rdInvestmentFen, grantFen: project.grantFen, committedFen };
}

async function series(query = ""): Promise<Series> {
  const got = await api.get<Series>(`/v1/finance/series${query}`, await finance1());
  expect(got.status, JSON.stringify(got.body)).toBe(200);
  return got.body;
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "jiebang-leverage-"));
  runtime = await startRuntime({ dataDir, clockStart: "2025-06-02T02:00:00.000Z" });
  treasurySimulator.reset();
});
afterAll(async () => {
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("leverage (撬动比)", () => {
  it("social R&D ÷ public money per challenge, programme and city; a terminated project counts its net public money only", async () => {
    const running = await awardedProject(runtime);
    const ended = await awardedProject(runtime, { sameChallengeAs: running });
    await signed(running);
    await signed(ended);
    await payFirstTranche(ended);

    // Before termination: both projects' social investment (R&D less the grant) over all public money committed.
    const r = await moneyOf(running.projectId);
    const e0 = await moneyOf(ended.projectId);
    expect(r.committedFen).toBeGreaterThan(0);
    let s = await series(`?programmeId=${running.programmeId}`);
    let programme = s.programmes[0]!;
    expect(programme.socialInvestmentFen).toBe(r.rdFen - r.grantFen + (e0.rdFen - e0.grantFen));
    expect(programme.leveragePublicFen).toBe(r.committedFen + e0.committedFen);
    // Not the old figure (the whole R&D investment, public grant included, over money committed).
    expect(programme.leverage).not.toBe(
      formatRatio(ratio(BigInt(programme.enterpriseInvestmentFen), BigInt(programme.committedFen))),
    );

    // Terminated after tranche 1, part of the recovery received.
    const terminated = await api.post(`/v1/projects/${ended.projectId}/termination`, await bureau(), {
      reason: "技术路线无法实现",
      fault: false,
      proposedBy: "solver",
      verifiedSpendingFen: 100_000_00,
    });
    expect(terminated.status, JSON.stringify(terminated.body)).toBe(200);
    await settle();
    await runtime.advanceClock(10 * 86_400_000);
    const receivedFen = 30_000_00;
    const receipt = await api.call("POST", `/v1/recoveries/${recoveryId(ended.projectId)}/receipts`, {
      token: await finance1(),
      body: {
        amountFen: receivedFen,
        reference: "FS-LEV-001",
        receivedOn: new Date(runtime.clock.now()).toISOString().slice(0, 10),
      },
      headers: { "idempotency-key": `lev-rcpt-${ended.projectId}` },
    });
    expect(receipt.status, JSON.stringify(receipt.body)).toBe(201);

    const e = await moneyOf(ended.projectId);
    const socialFen = r.rdFen - r.grantFen;
    const publicFen = r.committedFen + (e.committedFen - receivedFen);
    const expected = {
      socialInvestmentFen: socialFen,
      leveragePublicFen: publicFen,
      roadShowInterestFen: 0,
      leverage: formatRatio(ratio(BigInt(socialFen), BigInt(publicFen))),
    };
    s = await series(`?programmeId=${running.programmeId}`);
    programme = s.programmes[0]!;
    expect(programme).toMatchObject(expected);
    // Per challenge: both projects are the one challenge's.
    expect(programme.challenges).toEqual([
      expect.objectContaining({ challengeId: running.challengeId, ...expected }),
    ]);
    // The finance report states the same leverage.
    const report = await api.get<LeverageFigures>(
      `/v1/programmes/${running.programmeId}/finance-report`,
      await auditor(),
    );
    expect(report.body).toMatchObject(expected);

    // The city: every programme's sums, divided once.
    const another = await awardedProject(runtime);
    await signed(another);
    const city = await series();
    const social = city.programmes.reduce((sum, p) => sum + p.socialInvestmentFen, 0);
    const pub = city.programmes.reduce((sum, p) => sum + p.leveragePublicFen, 0);
    expect(city.programmes.length).toBeGreaterThanOrEqual(2);
    expect(city.totals).toMatchObject({
      socialInvestmentFen: social,
      leveragePublicFen: pub,
      roadShowInterestFen: 0,
      leverage: formatRatio(ratio(BigInt(social), BigInt(pub))),
    });
  });

  it("the API description states the definition", async () => {
    const doc = await fetch(`${runtime.info.apiUrl}/v1/openapi.json`);
    expect(doc.status).toBe(200);
    const body = (await doc.json()) as { paths: Record<string, Record<string, { description: string }>> };
    expect(body.paths["/v1/finance/series"]?.get?.description).toContain(
      "social R&D investment ÷ public money",
    );
    expect(body.paths["/v1/finance-report"]?.get?.description).toContain("社会研发投入 ÷ 财政资金");
  });
});
