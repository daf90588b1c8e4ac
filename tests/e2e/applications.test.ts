// End-to-end: applications (揭榜, 《太原市实施“双百攻关行动”工作方案》四（四）) over HTTP on the embedded runtime — apply alone and as a
// consortium, team and policy rules, credit-record refusal, the 揭榜 agreement, amendments voiding signatures,
// the server's clock closing the window, and who may read or change what. Challenges are seeded in the record store.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApplicationRecord, applicationKind } from "../../functions/applications/model.ts";
import { type ChallengeRecord, challengeKind } from "../../functions/challenges/model.ts";
import { recordStore } from "../../functions/platform/deps.ts";
import { created, updated } from "../../functions/platform/ports/records.ts";
import { type ProgrammeRecord, programmeKind } from "../../functions/programmes/model.ts";
import { getPolicyPreset } from "../../functions/programmes/rules/policy.ts";
import { type Runtime, startRuntime } from "../../local/runtime.ts";
import { apiClient } from "../support/api.ts";

let runtime: Runtime;
let dataDir: string;
const api = apiClient(() => runtime.info.apiUrl);
const tokens: Record<string, string> = {};
const programmeId = "prg-taiyuan-2023";
/** 2025-06-02 10:00 in Shanghai: ages below are judged on this date. */
const clockStart = "2025-06-02T02:00:00.000Z";
const day = 24 * 60 * 60 * 1000;

type View = ApplicationRecord & { myRole?: string };
type Refusal = { code: string; message: string; messageZh: string; fields?: { path: string }[] };

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "jiebang-applications-"));
  runtime = await startRuntime({ dataDir, clockStart });
  const issue = (user: string, org: string, role: string) =>
    runtime.identity.issue({ user, org, roles: [role as never] });
  tokens["lead"] = await issue("s-lead", "uni-001", "solver");
  tokens["member2"] = await issue("s-m2", "lab-002", "solver");
  tokens["member3"] = await issue("s-m3", "lab-003", "solver");
  tokens["outsider"] = await issue("s-out", "uni-009", "solver");
  tokens["fraud"] = await issue("s-fraud", "fraud-007", "solver");
  tokens["enterprise"] = await issue("e1", "ent-001", "enterprise");
  tokens["otherEnterprise"] = await issue("e2", "ent-002", "enterprise");
  tokens["bureau"] = await issue("b1", "taiyuan-stb", "bureau");
  tokens["expert"] = await issue("x1", "ins-100", "expert");
  const at = new Date(runtime.clock.now()).toISOString();
  const programme: ProgrammeRecord = {
    id: programmeId,
    version: 1,
    name: "Taiyuan 2023",
    nameZh: "太原市2023年揭榜挂帅",
    year: 2025,
    fields: ["高端装备制造"],
    policyId: "taiyuan-2023",
    policy: getPolicyPreset("taiyuan-2023"),
    budgetFen: 100_000_000_00,
    status: "open",
    createdBy: "b1",
    createdAt: at,
    updatedAt: at,
  };
  await recordStore().write(
    [created(programmeKind, programme, { actor: "b1", role: "bureau", action: "test.seeded" })],
    at,
  );
});

afterAll(async () => {
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

let challengeCount = 0;

/** An open challenge of ent-001 whose window opened an hour ago and closes after `closesInMs`. */
async function openChallenge(closesInMs = 30 * day, changes: Partial<ChallengeRecord> = {}) {
  challengeCount += 1;
  const nowMs = runtime.clock.now();
  const at = new Date(nowMs).toISOString();
  const challenge: ChallengeRecord = {
    id: `chl-test-${challengeCount}`,
    version: 1,
    programmeId,
    demandIds: [`dmd-test-${challengeCount}`],
    enterpriseOrganisationIds: ["ent-001"],
    field: "高端装备制造",
    title: `高温合金叶片精密铸造 ${challengeCount}`,
    description: "单晶叶片精密铸造工艺",
    keyTechnologies: [{ name: "定向凝固", targetMetrics: [{ name: "良品率", target: ">= 92", unit: "%" }] }],
    fundingCapFen: 5_000_000_00,
    rdInvestmentFen: 20_000_000_00,
    periodMonths: 36,
    solverRequirements: "具备中试条件",
    horseRace: { allowed: false, maxWinners: 1 },
    window: {
      opensAt: new Date(nowMs - 60 * 60 * 1000).toISOString(),
      closesAt: new Date(nowMs + closesInMs).toISOString(),
    },
    status: "open",
    round: 1,
    publishedAt: new Date(nowMs - 60 * 60 * 1000).toISOString(),
    createdBy: "b1",
    createdAt: at,
    updatedAt: at,
    ...changes,
  };
  await recordStore().write(
    [created(challengeKind, challenge, { actor: "b1", role: "bureau", action: "test.seeded" })],
    at,
  );
  return challenge;
}

const young = "1990-03-15"; // 35 on 2025-06-02
const senior = "1968-09-01"; // 56

/** A complete application for uni-001, optionally with consortium members and their people. */
function application(members: string[] = [], overrides: Record<string, unknown> = {}) {
  const team = [
    {
      personId: "p1",
      name: "王工",
      organisationId: "uni-001",
      role: "项目负责人",
      birthDate: senior,
      isLead: true,
      isKey: false,
    },
    {
      personId: "p2",
      name: "李博士",
      organisationId: "uni-001",
      role: "技术总师",
      birthDate: young,
      isLead: false,
      isKey: true,
    },
    ...members.map((org, i) => ({
      personId: `m${i}`,
      name: `成员${i}`,
      organisationId: org,
      role: "课题骨干",
      birthDate: young,
      isLead: false,
      isKey: true,
    })),
  ];
  return {
    memberOrganisationIds: members,
    team,
    chiefEngineerId: "p2",
    technicalPlan: "采用定向凝固温度场闭环控制与缺陷在线检测。",
    budget: [
      { item: "设备费", amountFen: 6_000_000_00 },
      { item: "材料费", amountFen: 3_000_000_00 },
      { item: "劳务费", amountFen: 1_000_000_00 },
    ],
    rdInvestmentFen: 10_000_000_00,
    requestedFen: 3_000_000_00,
    periodMonths: 24,
    milestones: [
      {
        name: "中试线建成",
        monthsAfterStart: 12,
        indicators: [{ name: "良品率", target: ">= 85", unit: "%" }],
      },
      { name: "验收", monthsAfterStart: 24, indicators: [{ name: "良品率", target: ">= 92", unit: "%" }] },
    ],
    ...overrides,
  };
}

const apply = (challengeId: string, token: string | undefined, body: unknown) =>
  api.post<View & Refusal>(`/v1/challenges/${challengeId}/applications`, token, body);
const ifMatch = (version: number) => ({ "if-match": `"${version}"` });
const sign = (id: string, token: string | undefined, version: number) =>
  api.post<View & Refusal>(`/v1/applications/${id}/agreement/sign`, token, undefined, ifMatch(version));
const submit = (id: string, token: string | undefined) =>
  api.post<View & Refusal>(`/v1/applications/${id}/submit`, token);
const amend = (id: string, token: string | undefined, version: number, body: unknown) =>
  api.call<View & Refusal>("PATCH", `/v1/applications/${id}`, {
    ...(token ? { token } : {}),
    body,
    headers: ifMatch(version),
  });

async function countApplications(challengeId: string): Promise<number> {
  const page = await api.get<{ items: unknown[] }>(
    `/v1/challenges/${challengeId}/applications`,
    tokens["bureau"],
  );
  expect(page.status).toBe(200);
  return page.body.items.length;
}

describe("applications (揭榜)", () => {
  it("happy path alone: draft, both sign the 揭榜 agreement, submit; readers see it", async () => {
    const challenge = await openChallenge();
    const drafted = await apply(challenge.id, tokens["lead"], application());
    expect(drafted.status).toBe(201);
    expect(drafted.headers.get("location")).toBe(`/v1/applications/${drafted.body.id}`);
    expect(drafted.body).toMatchObject({
      status: "draft",
      version: 1,
      challengeId: challenge.id,
      programmeId,
      leadOrganisationId: "uni-001",
      memberOrganisationIds: [],
      agreement: {},
    });
    const id = drafted.body.id;

    const bySolver = await sign(id, tokens["lead"], 1);
    expect(bySolver.status).toBe(200);
    expect(bySolver.body.agreement.solverSignedBy).toBe("local-s-lead");
    const byEnterprise = await sign(id, tokens["enterprise"], 2);
    expect(byEnterprise.status).toBe(200);
    expect(byEnterprise.body.agreement).toMatchObject({
      enterpriseSignedBy: "local-e1",
      enterpriseOrganisationId: "ent-001",
    });
    expect(byEnterprise.body.status).toBe("draft");

    const submitted = await submit(id, tokens["lead"]);
    expect(submitted.status).toBe(200);
    expect(submitted.body.status).toBe("submitted");
    expect(submitted.body.submittedAt).toBe(submitted.body.updatedAt);
    expect((await submit(id, tokens["lead"])).status).toBe(409);

    for (const reader of ["lead", "enterprise", "bureau"]) {
      const read = await api.get<View>(`/v1/applications/${id}`, tokens[reader]);
      expect(read.status, reader).toBe(200);
      expect(read.body.status).toBe("submitted");
      expect(read.headers.get("etag")).toBe('"4"');
    }
    const forEnterprise = await api.get<{ items: View[] }>(
      `/v1/challenges/${challenge.id}/applications`,
      tokens["enterprise"],
    );
    expect(forEnterprise.body.items.map((a) => a.id)).toEqual([id]);
    const mine = await api.get<{ items: View[] }>("/v1/applications?mine", tokens["lead"]);
    expect(mine.status).toBe(200);
    expect(mine.body.items.find((a) => a.id === id)?.myRole).toBe("lead");

    const trail = await recordStore().auditTrail(applicationKind as never, id);
    expect(trail.map((e) => [e.action, e.role, e.actor])).toEqual([
      ["application.drafted", "solver", "local-s-lead"],
      ["application.agreement-signed", "solver", "local-s-lead"],
      ["application.agreement-signed", "enterprise", "local-e1"],
      ["application.submitted", "solver", "local-s-lead"],
    ]);
    expect(trail[1]?.beforeHash).toBe(trail[0]?.afterHash);

    // One live application per lead and challenge (withdrawing frees the place: see below).
    const again = await apply(challenge.id, tokens["lead"], application());
    expect(again.status).toBe(409);
    expect(again.body.code).toBe("APPLICATION_EXISTS");
  });

  it("as a consortium: members read and list it, only the lead changes it; a removed member loses access", async () => {
    const challenge = await openChallenge();
    const drafted = await apply(challenge.id, tokens["lead"], application(["lab-002", "lab-003"]));
    expect(drafted.status).toBe(201);
    expect(drafted.body.memberOrganisationIds).toEqual(["lab-002", "lab-003"]);
    const id = drafted.body.id;

    for (const member of ["member2", "member3"]) {
      expect((await api.get(`/v1/applications/${id}`, tokens[member])).status, member).toBe(200);
      const mine = await api.get<{ items: View[] }>("/v1/applications?role=member", tokens[member]);
      expect(mine.body.items.map((a) => [a.id, a.myRole])).toContainEqual([id, "member"]);
    }
    const byMember = await amend(id, tokens["member2"], 1, { technicalPlan: "成员改写" });
    expect(byMember.status).toBe(403);
    expect((await sign(id, tokens["member2"], 1)).status).toBe(403);

    // Dropping lab-003 and its person: lab-003 no longer reads or lists it.
    const body = application(["lab-002"]);
    const amended = await amend(id, tokens["lead"], 1, {
      memberOrganisationIds: body.memberOrganisationIds,
      team: body.team,
    });
    expect(amended.status).toBe(200);
    expect(amended.body.memberOrganisationIds).toEqual(["lab-002"]);
    expect((await api.get(`/v1/applications/${id}`, tokens["member3"])).status).toBe(403);
    const gone = await api.get<{ items: View[] }>("/v1/applications", tokens["member3"]);
    expect(gone.body.items.map((a) => a.id)).not.toContain(id);

    expect((await sign(id, tokens["enterprise"], 2)).status).toBe(200);
    expect((await sign(id, tokens["lead"], 3)).status).toBe(200);
    const submitted = await submit(id, tokens["lead"]);
    expect(submitted.status).toBe(200);
    expect(submitted.body.status).toBe("submitted");
  });

  it("young researchers below 50% of leads and key members: 422 naming the team, nothing written", async () => {
    const challenge = await openChallenge();
    const body = application();
    body.team = body.team.map((m) => ({ ...m, birthDate: senior }));
    const refused = await apply(challenge.id, tokens["lead"], body);
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe("YOUNG_RESEARCHER_SHARE_TOO_LOW");
    expect(refused.body.fields?.map((f) => f.path)).toEqual(["body.team"]);
    expect(refused.body.message).toMatch(/0 of 2/);
    expect(await countApplications(challenge.id)).toBe(0);

    // Exactly half passes (《太原市实施“双百攻关行动”工作方案》四（四）: 原则上不低于50%).
    expect((await apply(challenge.id, tokens["lead"], application())).status).toBe(201);
  });

  it("a period over the policy's maximum or the challenge's: 422", async () => {
    const long = await openChallenge(30 * day, { periodMonths: 60 });
    const overMax = await apply(long.id, tokens["lead"], application([], { periodMonths: 48 }));
    expect(overMax.status).toBe(422);
    expect(overMax.body.code).toBe("PERIOD_EXCEEDS_MAX");
    expect(overMax.body.fields?.map((f) => f.path)).toEqual(["body.periodMonths"]);

    const short = await openChallenge(30 * day, { periodMonths: 18 });
    const overChallenge = await apply(short.id, tokens["lead"], application());
    expect(overChallenge.status).toBe(422);
    expect(overChallenge.body.code).toBe("PERIOD_EXCEEDS_CHALLENGE");

    const overCap = await apply(
      long.id,
      tokens["lead"],
      application([], { requestedFen: challengeCapPlusOne() }),
    );
    expect(overCap.status).toBe(422);
    expect(overCap.body.code).toBe("REQUEST_EXCEEDS_CAP");
    expect(await countApplications(long.id)).toBe(0);
    expect(await countApplications(short.id)).toBe(0);
  });

  it("malformed consortium, team, budget or server-owned fields: 400 with field paths, nothing written", async () => {
    const challenge = await openChallenge();
    const duplicate = await apply(challenge.id, tokens["lead"], application(["lab-002", "lab-002"]));
    expect(duplicate.status).toBe(400);
    expect(duplicate.body.code).toBe("APPLICATION_INVALID");
    expect(duplicate.body.fields?.map((f) => f.path)).toContain("body.memberOrganisationIds.1");

    const strangerNamed = await apply(challenge.id, tokens["lead"], {
      ...application(["lab-002"]),
      organisationNames: { "uni-001": "某大学", "lab-999": "无关单位" },
    });
    expect(strangerNamed.status).toBe(400);
    expect(strangerNamed.body.fields?.map((f) => f.path)).toEqual(["body.organisationNames.lab-999"]);

    const leadAsMember = await apply(challenge.id, tokens["lead"], application(["uni-001"]));
    expect(leadAsMember.status).toBe(400);
    expect(leadAsMember.body.fields?.map((f) => f.path)).toContain("body.memberOrganisationIds.0");

    const stranger = application();
    stranger.team[1] = { ...stranger.team[1]!, organisationId: "lab-099" };
    const outsiderPerson = await apply(challenge.id, tokens["lead"], stranger);
    expect(outsiderPerson.status).toBe(400);
    expect(outsiderPerson.body.fields?.map((f) => f.path)).toContain("body.team.1.organisationId");

    const inconsistent = await apply(
      challenge.id,
      tokens["lead"],
      application([], { chiefEngineerId: "nobody", rdInvestmentFen: 9_999_999_99 }),
    );
    expect(inconsistent.status).toBe(400);
    expect(inconsistent.body.fields?.map((f) => f.path)).toEqual(
      expect.arrayContaining(["body.chiefEngineerId", "body.budget"]),
    );

    const serverOwned = await apply(
      challenge.id,
      tokens["lead"],
      application([], { status: "submitted", submittedAt: "2020-01-01T00:00:00Z", requestedFen: 1.5 }),
    );
    expect(serverOwned.status).toBe(400);
    expect(serverOwned.body.fields?.map((f) => f.path)).toEqual(
      expect.arrayContaining(["body", "body.requestedFen"]),
    );
    expect(await countApplications(challenge.id)).toBe(0);

    const enterpriseApplies = await apply(challenge.id, tokens["enterprise"], application());
    expect(enterpriseApplies.status).toBe(403);
    expect(enterpriseApplies.body.code).toBe("FORBIDDEN_ROLE");
    expect((await apply("chl-missing", tokens["lead"], application())).status).toBe(404);
  });

  it("an organisation with a credit record (失信) is refused with the reason, as lead or member", async () => {
    expect(
      (
        await api.post("/v1/credit-records", tokens["lead"], {
          organisationId: "fraud-007",
          reason: "self-service",
        })
      ).status,
    ).toBe(403);
    const recorded = await api.post<{ id: string; blockedUntil: string; recordedOn: string }>(
      "/v1/credit-records",
      tokens["bureau"],
      {
        organisationId: "fraud-007",
        reason: "falsified milestone evidence",
        reasonZh: "里程碑材料造假",
      },
    );
    expect(recorded.status).toBe(201);
    expect(recorded.body).toMatchObject({ recordedOn: "2025-06-02", blockedUntil: "2028-06-02" });
    const listed = await api.get<{ items: { id: string }[] }>(
      "/v1/credit-records?organisationId=fraud-007",
      tokens["bureau"],
    );
    expect(listed.body.items.map((r) => r.id)).toEqual([recorded.body.id]);

    const challenge = await openChallenge();
    const body = application();
    body.team = body.team.map((m) => ({ ...m, organisationId: "fraud-007" }));
    const asLead = await apply(challenge.id, tokens["fraud"], body);
    expect(asLead.status).toBe(403);
    expect(asLead.body.code).toBe("ORGANISATION_BLACKLISTED");
    expect(asLead.body.message).toMatch(/fraud-007.*2028-06-02.*falsified milestone evidence/);
    expect(asLead.body.messageZh).toMatch(/里程碑材料造假/);

    const asMember = await apply(challenge.id, tokens["lead"], application(["fraud-007"]));
    expect(asMember.status).toBe(403);
    expect(asMember.body.code).toBe("ORGANISATION_BLACKLISTED");
    expect(await countApplications(challenge.id)).toBe(0);
  });

  it("an amendment voids both signatures (audited); submit needs both; stale or repeated decisions get 409", async () => {
    const challenge = await openChallenge();
    const id = (await apply(challenge.id, tokens["lead"], application())).body.id;

    expect((await sign(id, tokens["enterprise"], 1)).status).toBe(200);
    const onlyOne = await submit(id, tokens["lead"]);
    expect(onlyOne.status).toBe(422);
    expect(onlyOne.body.code).toBe("AGREEMENT_NOT_SIGNED");
    expect(onlyOne.body.fields?.map((f) => f.path)).toEqual(["agreement.solverSignedAt"]);

    expect((await sign(id, tokens["enterprise"], 2)).body.code).toBe("AGREEMENT_ALREADY_SIGNED");
    expect((await sign(id, tokens["lead"], 1)).status).toBe(409); // stale version
    const noIfMatch = await api.post<Refusal>(`/v1/applications/${id}/agreement/sign`, tokens["lead"]);
    expect(noIfMatch.status).toBe(400);
    expect((await sign(id, tokens["lead"], 2)).status).toBe(200);

    const stale = await amend(id, tokens["lead"], 2, { technicalPlan: "过期版本上的修改" });
    expect(stale.status).toBe(409);
    const amended = await amend(id, tokens["lead"], 3, { technicalPlan: "补充中试验证方案。" });
    expect(amended.status).toBe(200);
    expect(amended.body.agreement).toEqual({});
    expect(amended.body.status).toBe("draft");
    const trail = await recordStore().auditTrail(applicationKind as never, id);
    expect(trail.at(-1)).toMatchObject({
      action: "application.amended",
      detail: { fields: ["technicalPlan"], voidedSignatures: ["enterprise", "solver"] },
    });

    const unsigned = await submit(id, tokens["lead"]);
    expect(unsigned.status).toBe(422);
    expect(unsigned.body.fields?.map((f) => f.path)).toEqual([
      "agreement.enterpriseSignedAt",
      "agreement.solverSignedAt",
    ]);

    // A submitted application amended goes back to draft and must be signed again.
    await sign(id, tokens["enterprise"], 4);
    await sign(id, tokens["lead"], 5);
    expect((await submit(id, tokens["lead"])).body.status).toBe("submitted");
    const reopened = await amend(id, tokens["lead"], 7, { requestedFen: 2_000_000_00 });
    expect(reopened.status).toBe(200);
    expect(reopened.body).toMatchObject({ status: "draft", agreement: {}, requestedFen: 2_000_000_00 });
    expect(reopened.body.submittedAt).toBeUndefined();

    // Withdrawn: readable, no longer changeable; the lead may apply afresh.
    const withdrawn = await api.post<View>(`/v1/applications/${id}/withdraw`, tokens["lead"], {
      reason: "改为联合体申报",
    });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.status).toBe("withdrawn");
    expect((await amend(id, tokens["lead"], 9, { technicalPlan: "x" })).status).toBe(409);
    expect((await apply(challenge.id, tokens["lead"], application(["lab-002"]))).status).toBe(201);
  });

  it("a non-owner can neither read nor change it; an expert or another enterprise cannot read it", async () => {
    const challenge = await openChallenge();
    const id = (await apply(challenge.id, tokens["lead"], application(["lab-002"]))).body.id;

    const read = await api.get<Refusal>(`/v1/applications/${id}`, tokens["outsider"]);
    expect(read.status).toBe(403);
    expect(read.body.code).toBe("FORBIDDEN_RECORD");
    expect((await amend(id, tokens["outsider"], 1, { technicalPlan: "篡改" })).status).toBe(403);
    expect((await sign(id, tokens["outsider"], 1)).status).toBe(403);
    expect((await submit(id, tokens["outsider"])).status).toBe(403);
    expect((await api.post(`/v1/applications/${id}/withdraw`, tokens["outsider"])).status).toBe(403);
    const outsiderList = await api.get<{ items: View[] }>("/v1/applications", tokens["outsider"]);
    expect(outsiderList.body.items.map((a) => a.id)).not.toContain(id);

    const otherEnterprise = await api.get<Refusal>(`/v1/applications/${id}`, tokens["otherEnterprise"]);
    expect(otherEnterprise.status).toBe(403);
    expect(otherEnterprise.body.code).toBe("FORBIDDEN_RECORD");
    expect((await sign(id, tokens["otherEnterprise"], 1)).status).toBe(403);
    expect(
      (await api.get(`/v1/challenges/${challenge.id}/applications`, tokens["otherEnterprise"])).status,
    ).toBe(403);

    const expert = await api.get<Refusal>(`/v1/applications/${id}`, tokens["expert"]);
    expect(expert.status).toBe(403);
    expect(expert.body.code).toBe("FORBIDDEN_ROLE");
    expect((await api.get(`/v1/challenges/${challenge.id}/applications`, tokens["expert"])).status).toBe(403);

    const after = await api.get<View>(`/v1/applications/${id}`, tokens["lead"]);
    expect(after.body.version).toBe(1);
    expect(after.body.technicalPlan).not.toBe("篡改");
  });

  // Last: it moves the shared clock past this challenge's close.
  it("the server's clock decides: accepted just before close, refused one second after it", async () => {
    const challenge = await openChallenge(10 * 60 * 1000);
    const closesAt = Date.parse(challenge.window!.closesAt);
    const early = await apply(challenge.id, tokens["lead"], application());
    const id = early.body.id;
    await sign(id, tokens["enterprise"], 1);
    // lab-002 leads a second application of its own.
    const lab = application();
    lab.team = lab.team.map((m) => ({ ...m, organisationId: "lab-002" }));
    const other = await apply(challenge.id, tokens["member2"], lab);
    expect(other.status).toBe(201);

    await runtime.advanceClock(closesAt - 5_000 - runtime.clock.now());
    const justBefore = await sign(id, tokens["lead"], 2);
    expect(justBefore.status).toBe(200);

    await runtime.advanceClock(closesAt + 1_000 - runtime.clock.now());
    expect(runtime.clock.now()).toBeGreaterThanOrEqual(closesAt + 1_000);
    // The publication workflow has not flipped the status: the time check alone refuses.
    expect((await recordStore().get(challengeKind, challenge.id))?.status).toBe("open");

    const refusals = [
      await submit(id, tokens["lead"]),
      await amend(id, tokens["lead"], 3, { technicalPlan: "截止后修改" }),
      await sign(other.body.id, tokens["enterprise"], 1),
      await api.post<Refusal>(`/v1/applications/${other.body.id}/withdraw`, tokens["member2"]),
      await apply(challenge.id, tokens["outsider"], {
        ...application(),
        team: lab.team.map((m) => ({ ...m, organisationId: "uni-009" })),
      }),
    ];
    for (const refused of refusals) {
      expect(refused.status).toBe(422);
      expect(refused.body.code).toBe("APPLICATION_WINDOW_CLOSED");
      expect(refused.body.message).toContain(challenge.window!.closesAt);
    }
    const stored = await recordStore().get(applicationKind, id);
    expect(stored).toMatchObject({ status: "draft", version: 3 });
    expect(await countApplications(challenge.id)).toBe(2);
  });

  it("checked in the write's own transaction: racing leads, credit records written later, a challenge closed early", async () => {
    const challenge = await openChallenge();
    // Eight simultaneous applications of one lead: exactly one is taken.
    const raced = await Promise.all(
      Array.from({ length: 8 }, () => apply(challenge.id, tokens["lead"], application())),
    );
    expect(raced.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
    const winner = raced.find((r) => r.status === 201)!.body.id;
    for (const r of raced.filter((x) => x.status === 409)) {
      expect(r.body.code).toBe("APPLICATION_EXISTS");
      expect(r.body.message).toContain(winner);
    }
    expect(await countApplications(challenge.id)).toBe(1);
    // Withdrawing frees the place for one new application, again only one of a race.
    expect((await api.post(`/v1/applications/${winner}/withdraw`, tokens["lead"])).status).toBe(200);
    const again = await Promise.all(
      Array.from({ length: 4 }, () => apply(challenge.id, tokens["lead"], application())),
    );
    expect(again.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
    const live = again.find((r) => r.status === 201)!.body;

    // A credit record written after the challenge and the lead's standing were last seen still refuses.
    const lab = application();
    lab.team = lab.team.map((m) => ({ ...m, organisationId: "lab-003" }));
    const future = await api.post("/v1/credit-records", tokens["bureau"], {
      organisationId: "lab-003",
      reason: "starts next year",
      recordedOn: "2026-06-02",
    });
    expect(future.status).toBe(201);
    // Not yet in force: lab-003 still applies (its standing is judged exactly).
    const labApplied = await apply(challenge.id, tokens["member3"], lab);
    expect(labApplied.status).toBe(201);
    const recorded = await api.post("/v1/credit-records", tokens["bureau"], {
      organisationId: "lab-003",
      reason: "falsified invoices",
    });
    expect(recorded.status).toBe(201);
    const amendedByLab = await amend(labApplied.body.id, tokens["member3"], 1, { technicalPlan: "改" });
    expect(amendedByLab.status).toBe(403);
    expect(amendedByLab.body.code).toBe("ORGANISATION_BLACKLISTED");
    expect(amendedByLab.body.message).toContain("falsified invoices");
    const body = application(["lab-003"]);
    const withMember = await amend(live.id, tokens["lead"], 1, {
      memberOrganisationIds: body.memberOrganisationIds,
      team: body.team,
    });
    expect(withMember.status).toBe(403);
    expect(withMember.body.code).toBe("ORGANISATION_BLACKLISTED");

    // The challenge is closed early: nobody applies or amends any more.
    const stored = (await recordStore().get(challengeKind, challenge.id))!;
    const at = new Date(runtime.clock.now()).toISOString();
    await recordStore().write(
      [
        updated(
          challengeKind,
          stored,
          { ...stored, status: "closed", version: stored.version + 1, updatedAt: at },
          {
            actor: "b1",
            role: "bureau",
            action: "test.closed",
          },
        ),
      ],
      at,
    );
    const outsider = await apply(challenge.id, tokens["outsider"], {
      ...application(),
      team: lab.team.map((m) => ({ ...m, organisationId: "uni-009" })),
    });
    expect(outsider.status).toBe(422);
    expect(outsider.body.code).toBe("CHALLENGE_NOT_OPEN");
    const late = await amend(live.id, tokens["lead"], 1, { technicalPlan: "关闭后修改" });
    expect(late.status).toBe(422);
    expect(late.body.code).toBe("CHALLENGE_NOT_OPEN");
    expect(await countApplications(challenge.id)).toBe(3);
  });
});

describe("parties in the organisation registry (机构名录)", () => {
  it("with the registry optional (the embedded runtime's default), an unregistered party applies under its declared name", async () => {
    const challenge = await openChallenge();
    const made = await apply(
      challenge.id,
      tokens["lead"],
      application([], { organisationNames: { "uni-001": "某大学" } }),
    );
    expect(made.status).toBe(201);
    expect(made.body.organisationNames).toEqual({ "uni-001": "某大学" });
    expect(made.body.organisationCodes).toBeUndefined();
  });

  it("with the registry required, an unregistered party is refused naming it; once registered, the registry names them", async () => {
    process.env["JIEBANG_ORGANISATION_REGISTRY"] = "required";
    try {
      const challenge = await openChallenge();
      const body = application(["lab-002"], { organisationNames: { "uni-001": "自称的名称" } });
      const refused = await apply(challenge.id, tokens["lead"], body);
      expect(refused.status).toBe(422);
      expect(refused.body.code).toBe("ORGANISATION_NOT_REGISTERED");
      expect(refused.body.messageZh).toContain("uni-001");
      expect(refused.body.fields?.map((f) => f.path)).toEqual(["body.memberOrganisationIds.0"]);
      expect(await countApplications(challenge.id)).toBe(0);

      for (const [organisationId, registeredName, uscc, type] of [
        ["uni-001", "太原示例理工大学", "12140100MB0000000A", "university"],
        ["lab-002", "山西示例科技股份有限公司", "91350100M000100Y43", "enterprise"],
      ] as const) {
        const made = await api.post("/v1/organisations", tokens["bureau"], {
          organisationId,
          registeredName,
          uscc,
          type,
        });
        expect(made.status).toBe(201);
      }
      const accepted = await apply(challenge.id, tokens["lead"], body);
      expect(accepted.status).toBe(201);
      expect(accepted.body.organisationNames).toEqual({
        "uni-001": "太原示例理工大学",
        "lab-002": "山西示例科技股份有限公司",
      });
      expect(accepted.body.organisationCodes).toEqual({
        "uni-001": "12140100MB0000000A",
        "lab-002": "91350100M000100Y43",
      });
    } finally {
      delete process.env["JIEBANG_ORGANISATION_REGISTRY"];
    }
  });
});

function challengeCapPlusOne(): number {
  return 5_000_000_00 + 1;
}
