// Test support: the review → award steps (专家评审 → 公示 → 立项) on an embedded runtime — an expert pool, a closed challenge
// with its applications seeded in the record store, the award execution, expert scores, the shortlist with both
// confirmations and the public notice — shared by the award and calendar end-to-end tests.
import { randomUUID } from "node:crypto";
import { DescribeExecutionCommand, SFNClient, StartExecutionCommand } from "@aws-sdk/client-sfn";
import { expect } from "vitest";
import { type ApplicationRecord, applicationKind } from "../../functions/applications/model.ts";
import { awardTerms } from "../../functions/award/rules/terms.ts";
import { stateMachineArnEnvVar } from "../../functions/catalog.ts";
import { type ChallengeRecord, challengeKind } from "../../functions/challenges/model.ts";
import type { Role } from "../../functions/kernel/roles.ts";
import { recordStore } from "../../functions/platform/deps.ts";
import { created } from "../../functions/platform/ports/records.ts";
import { type ProgrammeRecord, programmeKind } from "../../functions/programmes/model.ts";
import { getPolicyPreset } from "../../functions/programmes/rules/policy.ts";
import type { Runtime } from "../../local/runtime.ts";
import { apiClient, completeDemand, createProgramme, draftChallengeDecision } from "./api.ts";

/** The expert pool: two finance experts, four technical, one management (expert id → organisation). */
export const expertPool: Record<string, { org: string; expertise: "technical" | "management" | "finance" }> =
  {
    "fin-1": { org: "cpa-1", expertise: "finance" },
    "fin-2": { org: "cpa-2", expertise: "finance" },
    "tech-1": { org: "inst-1", expertise: "technical" },
    "tech-2": { org: "inst-2", expertise: "technical" },
    "tech-3": { org: "inst-3", expertise: "technical" },
    "tech-4": { org: "inst-4", expertise: "technical" },
    "mgmt-1": { org: "consult-1", expertise: "management" },
  };

export interface Applicant {
  lead: string;
  members?: string[];
  rdInvestmentFen?: number;
  requestedFen?: number;
  status?: ApplicationRecord["status"];
}

export type AwardView = {
  challengeStatus: string;
  status: string;
  panel: { assignmentId: string; expertId: string; expertise: string; status: string }[];
  ranking: { applicationId: string; rank: number; scoreBp: number; status: string }[];
  waitingFor?: { kind: string };
  shortlist?: { race: boolean; winners: number };
  sentBack?: { reason: string };
  overdue?: { count: number; escalatedAt?: string };
  noticeIds: string[];
  projectIds: string[];
};

export type PublicNotice = {
  id: string;
  title: string;
  seq: number;
  winners: { position: number; organisations: string[] }[];
  firstDay: string;
  lastDay: string;
  endsAt: string;
  status: string;
  acceptingObjections: boolean;
};

const seedAudit = { actor: "test-seed", role: "bureau", action: "seeded" };

/** The award steps against the runtime `runtime()` returns (read lazily, so it can be created in `beforeAll`). */
export function awardDriver(runtime: () => Runtime) {
  const api = apiClient(() => runtime().info.apiUrl);
  const tokens: Record<string, string> = {};
  let client: SFNClient | undefined;
  const sfn = (): SFNClient => {
    client ??= new SFNClient({
      endpoint: runtime().info.stepFunctionsEndpoint,
      region: process.env["AWS_REGION"] ?? "us-east-1",
      credentials: { accessKeyId: "l", secretAccessKey: "l" },
    });
    return client;
  };

  async function token(user: string, org: string, roles: Role[]): Promise<string> {
    const key = `${user}|${org}|${roles.join(",")}`;
    tokens[key] ??= await runtime().identity.issue({ user, org, roles });
    return tokens[key];
  }
  const bureau = () => token("b1", "taiyuan-stb", ["bureau"]);
  const approver = () => token("a1", "taiyuan-gov", ["approver"]);
  const enterprise = (org: string) => token(`u-${org}`, org, ["enterprise"]);
  /** Experts are registered under their user id: the token's `sub`, which the local identity provider makes `local-<user>`. */
  const sub = (name: string) => `local-${name}`;
  const expert = (id: string) => {
    const name = id.replace(/^local-/, "");
    return token(name, expertPool[name]?.org ?? "unknown", ["expert"]);
  };
  const settle = () => runtime().stepFunctions.whenIdle();

  /** Registers the expert pool over the API (the bureau's route). */
  async function registerPool(): Promise<void> {
    for (const [expertId, e] of Object.entries(expertPool)) {
      const registered = await api.post("/v1/experts", await bureau(), {
        expertId: sub(expertId),
        organisationId: e.org,
        name: `专家 ${expertId}`,
        expertise: e.expertise,
      });
      expect(registered.status).toBe(201);
    }
  }

  /** A programme, a closed challenge and its applications, written straight to the record store. */
  async function seed(options: {
    enterpriseOrg: string;
    applicants: Applicant[];
    horseRace?: { allowed: boolean; maxWinners: number };
    budgetFen?: number;
    title?: string;
    policyId?: string;
  }): Promise<{ challenge: ChallengeRecord; applications: ApplicationRecord[]; programme: ProgrammeRecord }> {
    const policy = getPolicyPreset(options.policyId ?? "taiyuan-2023");
    const at = runtime().clock.now();
    const iso = (offsetMs = 0) => new Date(at + offsetMs).toISOString();
    const programme: ProgrammeRecord = {
      id: `prg-${randomUUID()}`,
      version: 1,
      name: "Taiyuan 2025",
      nameZh: "太原市双百攻关（2025）",
      year: 2025,
      fields: ["高端装备制造"],
      policyId: policy.id,
      policy,
      budgetFen: options.budgetFen ?? 100_000_000_00,
      status: "open",
      createdBy: "b1",
      createdAt: iso(),
      updatedAt: iso(),
    };
    const challenge: ChallengeRecord = {
      id: `chl-${randomUUID()}`,
      version: 1,
      programmeId: programme.id,
      demandIds: [`dmd-${randomUUID()}`],
      enterpriseOrganisationIds: [options.enterpriseOrg],
      field: "高端装备制造",
      title: options.title ?? "高温合金叶片精密铸造缺陷控制",
      description: "研发单晶叶片精密铸造工艺",
      keyTechnologies: [
        { name: "定向凝固", targetMetrics: [{ name: "良品率", target: ">= 92", unit: "%" }] },
      ],
      fundingCapFen: 20_000_000_00,
      rdInvestmentFen: 10_000_000_00,
      periodMonths: 24,
      solverRequirements: "具备中试条件",
      horseRace: options.horseRace ?? { allowed: false, maxWinners: 1 },
      window: { opensAt: iso(-30 * 86_400_000), closesAt: iso(-1000) },
      status: "closed",
      round: 1,
      publishedAt: iso(-31 * 86_400_000),
      createdBy: "b1",
      createdAt: iso(-40 * 86_400_000),
      updatedAt: iso(),
    };
    const applications: ApplicationRecord[] = options.applicants.map((a, i) => ({
      id: `app-${randomUUID()}`,
      version: 1,
      challengeId: challenge.id,
      programmeId: programme.id,
      leadOrganisationId: a.lead,
      memberOrganisationIds: a.members ?? [],
      organisationNames: Object.fromEntries(
        [a.lead, ...(a.members ?? [])].map((org) => [org, `${org} 研究院`]),
      ),
      team: [
        {
          personId: "p1",
          name: "张工",
          organisationId: a.lead,
          role: "技术总师",
          birthDate: "1990-01-01",
          isLead: true,
          isKey: true,
        },
      ],
      chiefEngineerId: "p1",
      technicalPlan: "定向凝固温度场闭环控制",
      budget: [{ item: "设备", amountFen: a.rdInvestmentFen ?? 4_000_000_00 }],
      rdInvestmentFen: a.rdInvestmentFen ?? 4_000_000_00,
      requestedFen: a.requestedFen ?? 1_000_000_00,
      periodMonths: 24,
      milestones: [{ name: "中试", monthsAfterStart: 12, indicators: [{ name: "良品率", target: ">= 85" }] }],
      agreement: {
        enterpriseSignedAt: iso(-5000),
        enterpriseSignedBy: "e1",
        solverSignedAt: iso(-5000),
        solverSignedBy: "s1",
      },
      status: a.status ?? "submitted",
      submittedAt: iso(-4000 + i),
      createdBy: "s1",
      createdAt: iso(-6000 + i),
      updatedAt: iso(),
    }));
    await recordStore().write(
      [
        created(programmeKind, programme, seedAudit),
        created(challengeKind, challenge, seedAudit),
        ...applications.map((a) => created(applicationKind, a, seedAudit)),
      ],
      new Date(at).toISOString(),
    );
    return { challenge, applications, programme };
  }

  /** What the challenge-publication workflow does when the window closes. */
  async function startAward(challengeId: string): Promise<string> {
    const started = await sfn().send(
      new StartExecutionCommand({
        stateMachineArn: process.env[stateMachineArnEnvVar("challenge-award")],
        name: `award-${challengeId}-r1`,
        input: JSON.stringify({
          challengeId,
          round: 1,
          correlationId: `test-award-${challengeId}`,
          terms: awardTerms(),
        }),
      }),
    );
    await settle();
    return started.executionArn!;
  }

  const status = async (arn: string) =>
    (await sfn().send(new DescribeExecutionCommand({ executionArn: arn }))).status;

  const award = async (challengeId: string) =>
    (await api.get<AwardView>(`/v1/awards/${challengeId}`, await bureau())).body;

  async function score(
    expertId: string,
    assignmentId: string,
    points: (applicationId: string) => number,
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const review = await api.get<{ assignment: { applicationIds: string[]; expertise: string } }>(
      `/v1/reviews/${assignmentId}`,
      await expert(expertId),
    );
    expect(review.status).toBe(200);
    const finance = review.body.assignment.expertise === "finance";
    return api.post(`/v1/reviews/${assignmentId}/score`, await expert(expertId), {
      scores: review.body.assignment.applicationIds.map((applicationId) => {
        const p = points(applicationId);
        return { applicationId, technical: p, team: p, metrics: p, ...(finance ? { budget: p } : {}) };
      }),
    });
  }

  /** Every active panel member scores each application `points(applicationId)` on every criterion. */
  async function scoreAll(challengeId: string, points: (applicationId: string) => number): Promise<void> {
    const state = await award(challengeId);
    for (const member of state.panel.filter((p) => p.status === "assigned")) {
      await score(member.expertId, member.assignmentId, points);
    }
    await settle();
  }

  /** Enterprise shortlist, then bureau and approver confirmation; returns the award as it then stands. */
  async function shortlistAndConfirm(
    challengeId: string,
    enterpriseOrg: string,
    shortlist: { race: boolean; winners: number },
  ): Promise<AwardView> {
    const decided = await api.post(
      `/v1/awards/${challengeId}/shortlist`,
      await enterprise(enterpriseOrg),
      shortlist,
    );
    expect(decided.status).toBe(202);
    await settle();
    for (const who of [bureau, approver]) {
      const confirmed = await api.post(`/v1/awards/${challengeId}/confirmation`, await who(), {
        decision: "confirm",
      });
      expect(confirmed.status).toBe(202);
      await settle();
    }
    return award(challengeId);
  }

  /** Enterprise shortlist, bureau and approver confirmation: the notice is published. */
  async function confirmShortlist(
    challengeId: string,
    enterpriseOrg: string,
    shortlist: { race: boolean; winners: number },
  ): Promise<PublicNotice> {
    const state = await shortlistAndConfirm(challengeId, enterpriseOrg, shortlist);
    expect(state.challengeStatus).toBe("on-notice");
    return (await api.get<PublicNotice>(`/v1/public/notices/${state.noticeIds.at(-1)}`)).body;
  }

  async function advancePast(instant: string): Promise<void> {
    await runtime().advanceClock(Date.parse(instant) - runtime().clock.now() + 1000);
  }

  return {
    api,
    sfn,
    token,
    bureau,
    approver,
    enterprise,
    expert,
    sub,
    settle,
    registerPool,
    seed,
    startAward,
    status,
    award,
    score,
    scoreAll,
    shortlistAndConfirm,
    confirmShortlist,
    advancePast,
    close: () => client?.destroy(),
  };
}

/**
 * A challenge refined from a demand of ent-casting ("单晶叶片铸造") in `programmeId` (default a new programme), submitted
 * and signed off by the bureau: its publication waits for the approver (审定). Returns the challenge's id.
 */
export async function challengeAwaitingApprover(
  runtime: () => Runtime,
  driver: ReturnType<typeof awardDriver>,
  programmeId?: string,
): Promise<string> {
  const { api } = driver;
  programmeId ??= await createProgramme(api, await driver.bureau());
  const enterprise = await driver.enterprise("ent-casting");
  const demand = await api.post<{ id: string }>(
    "/v1/demands",
    enterprise,
    completeDemand("单晶叶片铸造", programmeId),
  );
  expect((await api.post(`/v1/demands/${demand.body.id}/submit`, enterprise)).status).toBe(202);
  await driver.settle();
  const decision = draftChallengeDecision(runtime().clock.now(), { opensInDays: 2, openDays: 14 });
  expect(
    (await api.post(`/v1/demands/${demand.body.id}/decision`, await driver.bureau(), decision)).status,
  ).toBe(202);
  await driver.settle();
  const challengeId = (
    await api.get<{ challengeId: string }>(`/v1/demands/${demand.body.id}`, await driver.bureau())
  ).body.challengeId;
  expect((await api.post(`/v1/challenges/${challengeId}/submit`, await driver.bureau())).status).toBe(202);
  await driver.settle();
  const signed = await api.post(`/v1/challenges/${challengeId}/sign-off`, await driver.bureau(), {
    decision: "approve",
    comment: "同意",
  });
  expect(signed.status).toBe(202);
  await driver.settle();
  return challengeId;
}
