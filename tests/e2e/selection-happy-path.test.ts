// End-to-end: the whole selection (《太原市实施“双百攻关行动”工作方案》四（一）–（五）) through the HTTP API only, with a token for each role
// — programme, demand, refinement, draft challenge, bureau and approver sign-off, publication, the window opening on
// the clock, two applications with signed 揭榜 agreements, the window closing (which starts the award workflow), expert
// review, shortlist, confirmations, the 5-working-day public notice, and the award creating the project.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Runtime, startRuntime } from "../../local/runtime.ts";
import {
  apiClient,
  applicationBody,
  completeDemand,
  createProgramme,
  draftChallengeDecision,
  sha256Hex,
  tokenIssuer,
} from "../support/api.ts";

let runtime: Runtime;
let dataDir: string;
const api = apiClient(() => runtime.info.apiUrl);
const day = 86_400_000;
type Json = Record<string, unknown>;

const as = tokenIssuer(() => runtime);
const bureau = () => as("b1", "taiyuan-stb", "bureau");
const approver = () => as("a1", "taiyuan-gov", "approver");
const enterprise = () => as("e1", "ent-casting", "enterprise");
const experts = { "tech-1": "inst-1", "tech-2": "inst-2", "fin-1": "cpa-1" } as const;

async function settle(): Promise<void> {
  await runtime.stepFunctions.whenIdle();
}
async function advanceTo(iso: string): Promise<void> {
  await runtime.advanceClock(Math.max(0, Date.parse(iso) - runtime.clock.now() + 1000));
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "jiebang-selection-"));
  // Monday 1 September 2025, 09:00 in Shanghai: the notice will fall around National Day.
  runtime = await startRuntime({ dataDir, clockStart: "2025-09-01T01:00:00.000Z" });
});

afterAll(async () => {
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("selection, from a demand to an awarded project", () => {
  it("runs the whole path over HTTP with each role", async () => {
    // Programme and expert pool.
    const programmeId = await createProgramme(api, await bureau());
    for (const [name, org] of Object.entries(experts)) {
      const registered = await api.post("/v1/experts", await bureau(), {
        expertId: `local-${name}`,
        organisationId: org,
        name: `专家 ${name}`,
        expertise: name.startsWith("fin") ? "finance" : "technical",
      });
      expect(registered.status).toBe(201);
    }

    // Demand (需求征集) with its evidence, submitted.
    const demand = await api.post<{ id: string }>(
      "/v1/demands",
      await enterprise(),
      completeDemand("单晶叶片铸造", programmeId),
    );
    expect(demand.status).toBe(201);
    const file = Buffer.from("%PDF-1.7 需求说明");
    const slot = await api.post<{ upload: { url: string; headers: Record<string, string> } }>(
      `/v1/demands/${demand.body.id}/attachments`,
      await enterprise(),
      {
        fileName: "需求说明.pdf",
        contentType: "application/pdf",
        sizeBytes: file.length,
        sha256: sha256Hex(file),
      },
    );
    expect(
      (await fetch(slot.body.upload.url, { method: "PUT", headers: slot.body.upload.headers, body: file }))
        .status,
    ).toBe(200);
    expect((await api.post(`/v1/demands/${demand.body.id}/submit`, await enterprise())).status).toBe(202);
    await settle();

    // Refinement (榜单凝练): an expert's opinion, then the bureau drafts the challenge.
    expect(
      (
        await api.post(`/v1/demands/${demand.body.id}/experts`, await bureau(), {
          experts: [{ expertId: "local-tech-1", organisationId: "inst-1" }],
        })
      ).status,
    ).toBe(201);
    const expertToken = await as("tech-1", "inst-1", "expert");
    expect(
      (
        await api.post(`/v1/demands/${demand.body.id}/opinion`, expertToken, {
          recommendation: "draft-challenge",
          comment: "指标清晰",
        })
      ).status,
    ).toBe(200);
    const decision = draftChallengeDecision(runtime.clock.now(), { opensInDays: 2, openDays: 14 });
    expect((await api.post(`/v1/demands/${demand.body.id}/decision`, await bureau(), decision)).status).toBe(
      202,
    );
    await settle();
    const accepted = await api.get<{ status: string; challengeId: string }>(
      `/v1/demands/${demand.body.id}`,
      await bureau(),
    );
    expect(accepted.body.status).toBe("accepted");
    const challengeId = accepted.body.challengeId;

    // Sign-off (审核, 审定) and publication (张榜).
    expect((await api.post(`/v1/challenges/${challengeId}/submit`, await bureau())).status).toBe(202);
    await settle();
    expect(
      (
        await api.post(`/v1/challenges/${challengeId}/sign-off`, await bureau(), {
          decision: "approve",
          comment: "同意",
        })
      ).status,
    ).toBe(202);
    await settle();
    expect(
      (
        await api.post(`/v1/challenges/${challengeId}/approval`, await approver(), {
          decision: "approve",
          comment: "同意发榜",
        })
      ).status,
    ).toBe(202);
    await settle();
    const published = await api.get<{ status: string; window: { opensAt: string; closesAt: string } }>(
      `/v1/public/challenges/${challengeId}`,
    );
    expect(published.status).toBe(200);
    expect(published.body.status).toBe("scheduled");

    // The window opens on the clock; two solvers apply (揭榜) and sign the agreement with the enterprise.
    await advanceTo(published.body.window.opensAt);
    expect((await api.get<{ status: string }>(`/v1/public/challenges/${challengeId}`)).body.status).toBe(
      "open",
    );
    const applicationIds: string[] = [];
    for (const [org, requested] of [
      ["uni-a", 3_000_000_00],
      ["uni-b", 2_500_000_00],
    ] as const) {
      const solver = await as(`s-${org}`, org, "solver");
      const applied = await api.post<{ id: string; version: number }>(
        `/v1/challenges/${challengeId}/applications`,
        solver,
        applicationBody(org, { requestedFen: requested }),
      );
      expect(applied.status, JSON.stringify(applied.body)).toBe(201);
      const bySolver = await api.post<{ version: number }>(
        `/v1/applications/${applied.body.id}/agreement/sign`,
        solver,
        undefined,
        {
          "if-match": `"${applied.body.version}"`,
        },
      );
      expect(bySolver.status).toBe(200);
      const byEnterprise = await api.post(
        `/v1/applications/${applied.body.id}/agreement/sign`,
        await enterprise(),
        undefined,
        {
          "if-match": `"${bySolver.body.version}"`,
        },
      );
      expect(byEnterprise.status).toBe(200);
      expect((await api.post(`/v1/applications/${applied.body.id}/submit`, solver)).status).toBe(200);
      applicationIds.push(applied.body.id);
    }

    // The window closes: the publication workflow starts the award workflow, which seats a review panel.
    await advanceTo(published.body.window.closesAt);
    let award = (await api.get<Json>(`/v1/awards/${challengeId}`, await bureau())).body;
    const panel = award["panel"] as { assignmentId: string; expertId: string; status: string }[];
    expect(panel.map((p) => p.expertId).sort()).toEqual(["local-fin-1", "local-tech-1", "local-tech-2"]);

    // Expert review: uni-a scores higher.
    for (const member of panel) {
      const name = member.expertId.replace("local-", "") as keyof typeof experts;
      const token = await as(name, experts[name], "expert");
      const review = await api.get<{ assignment: { applicationIds: string[]; expertise: string } }>(
        `/v1/reviews/${member.assignmentId}`,
        token,
      );
      const finance = review.body.assignment.expertise === "finance";
      const scored = await api.post(`/v1/reviews/${member.assignmentId}/score`, token, {
        scores: review.body.assignment.applicationIds.map((id) => {
          const p = id === applicationIds[0] ? 90 : 70;
          return { applicationId: id, technical: p, team: p, metrics: p, ...(finance ? { budget: p } : {}) };
        }),
      });
      expect(scored.status).toBe(200);
    }
    await settle();

    // Shortlist by the enterprise, confirmed by the bureau and the approver: the notice (公示) is published.
    expect(
      (await api.post(`/v1/awards/${challengeId}/shortlist`, await enterprise(), { race: false, winners: 1 }))
        .status,
    ).toBe(202);
    await settle();
    expect(
      (await api.post(`/v1/awards/${challengeId}/confirmation`, await bureau(), { decision: "confirm" }))
        .status,
    ).toBe(202);
    await settle();
    expect(
      (await api.post(`/v1/awards/${challengeId}/confirmation`, await approver(), { decision: "confirm" }))
        .status,
    ).toBe(202);
    await settle();
    award = (await api.get<Json>(`/v1/awards/${challengeId}`, await bureau())).body;
    const noticeId = (award["noticeIds"] as string[]).at(-1)!;
    const notice = await api.get<{
      winners: { organisations: string[] }[];
      firstDay: string;
      lastDay: string;
      endsAt: string;
    }>(`/v1/public/notices/${noticeId}`);
    // The public notice shows the registered name the applicant declared, not the organisation id.
    expect(notice.body.winners.flatMap((w) => w.organisations)).toContain("uni-a 先进材料研究院");
    // Five working days, counted on the Chinese calendar (weekends and holidays excluded).
    expect(
      Date.parse(notice.body.endsAt) - Date.parse(`${notice.body.firstDay}T00:00:00+08:00`),
    ).toBeGreaterThanOrEqual(5 * day);

    // The notice ends with no objection: the award is announced and the project exists.
    await advanceTo(notice.body.endsAt);
    award = (await api.get<Json>(`/v1/awards/${challengeId}`, await bureau())).body;
    expect(award["challengeStatus"]).toBe("awarded");
    expect(award["projectIds"]).toHaveLength(1);
    const winner = await api.get<{ status: string }>(`/v1/applications/${applicationIds[0]}`, await bureau());
    const other = await api.get<{ status: string }>(`/v1/applications/${applicationIds[1]}`, await bureau());
    expect([winner.body.status, other.body.status]).toEqual(["awarded", "not-selected"]);
    expect((await api.get<{ status: string }>(`/v1/public/challenges/${challengeId}`)).body.status).toBe(
      "awarded",
    );
  }, 180_000);
});
