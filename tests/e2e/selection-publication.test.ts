// End-to-end (需求征集 → 张榜发布) on the embedded runtime in-process: programmes from presets and custom policies,
// demands under a programme, refinement with assigned experts, merge, draft challenge, bureau and approver sign-off
// with send-backs on the same execution, publication, public reads that leak nothing, the window opened and closed by
// the workflow clock, 一事一议, and republication of an unsolved challenge. Over HTTP with a token per role.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DescribeExecutionCommand, GetExecutionHistoryCommand, SFNClient } from "@aws-sdk/client-sfn";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ChallengeRecord, challengeKind } from "../../functions/challenges/model.ts";
import { recordStore } from "../../functions/platform/deps.ts";
import { updated } from "../../functions/platform/ports/records.ts";
import { policyPresets } from "../../functions/programmes/rules/policy.ts";
import { type Runtime, startRuntime } from "../../local/runtime.ts";
import {
  apiClient,
  completeDemand,
  createProgramme,
  draftChallengeDecision,
  newProgramme,
  sha256Hex,
} from "../support/api.ts";

let runtime: Runtime;
let dataDir: string;
let sfn: SFNClient;
const api = apiClient(() => runtime.info.apiUrl);
const tokens: Record<string, string> = {};
let programmeId: string;
const dayMs = 86_400_000;

type Json = Record<string, unknown>;
// The local identity provider's subjects are "local-<user>".
type DemandView = {
  id: string;
  status: string;
  version: number;
  waitingFor?: { kind: string };
  workflow?: { executionArn?: string };
  challengeId?: string;
  mergedInto?: string;
  mergedDemandIds?: string[];
};
type ChallengeView = {
  id: string;
  status: string;
  version: number;
  round: number;
  demandIds: string[];
  enterpriseOrganisationIds: string[];
  waitingFor?: { kind: string };
  workflow?: { executionArn?: string; executionName?: string };
  publishedAt?: string;
  openedAt?: string;
  closedAt?: string;
  window: { opensAt: string; closesAt: string };
  signOffs?: { stage: string; decision: string }[];
  caseByCase?: { reason: string; approvedBy?: string };
  title: string;
};

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "jiebang-publication-"));
  runtime = await startRuntime({ dataDir });
  const issue = (user: string, org: string, role: string) =>
    runtime.identity.issue({ user, org, roles: [role as "bureau"] });
  tokens["enterprise"] = await issue("e1", "ent-001", "enterprise");
  tokens["enterprise2"] = await issue("e2", "ent-002", "enterprise");
  tokens["outsider"] = await issue("e3", "ent-003", "enterprise");
  tokens["bureau"] = await issue("b1", "taiyuan-stb", "bureau");
  tokens["approver"] = await issue("a1", "taiyuan-gov", "approver");
  tokens["expert1"] = await issue("x1", "uni-101", "expert");
  tokens["expert2"] = await issue("x2", "uni-102", "expert");
  tokens["expert3"] = await issue("x3", "uni-103", "expert");
  tokens["solver"] = await issue("s1", "uni-001", "solver");
  sfn = new SFNClient({
    endpoint: runtime.info.stepFunctionsEndpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "l", secretAccessKey: "l" },
  });
  programmeId = await createProgramme(api, tokens["bureau"]!);
});

afterAll(async () => {
  sfn?.destroy();
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const settle = () => runtime.stepFunctions.whenIdle();
const now = () => runtime.clock.now();

/** Drafts a complete demand under the programme with a verified attachment, submits it, and waits for the bureau. */
async function submittedDemand(title: string, token = tokens["enterprise"]!): Promise<DemandView> {
  const created = await api.post<DemandView>("/v1/demands", token, completeDemand(title, programmeId));
  expect(created.status).toBe(201);
  const file = Buffer.from(`%PDF-1.7 ${title}`);
  const reserved = await api.post<{ upload: { url: string; headers: Record<string, string> } }>(
    `/v1/demands/${created.body.id}/attachments`,
    token,
    { fileName: "需求.pdf", contentType: "application/pdf", sizeBytes: file.length, sha256: sha256Hex(file) },
  );
  await fetch(reserved.body.upload.url, { method: "PUT", headers: reserved.body.upload.headers, body: file });
  expect((await api.post(`/v1/demands/${created.body.id}/submit`, token)).status).toBe(202);
  await settle();
  const waiting = await api.get<DemandView>(`/v1/demands/${created.body.id}`, tokens["bureau"]);
  expect(waiting.body.waitingFor?.kind).toBe("decision");
  return waiting.body;
}

const challenge = async (id: string, token = tokens["bureau"]!) =>
  (await api.get<ChallengeView>(`/v1/challenges/${id}`, token)).body;

async function executionStates(executionArn: string): Promise<{ states: string[]; last?: string }> {
  const history = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }));
  return {
    states: (history.events ?? []).flatMap((e) =>
      e.stateEnteredEventDetails ? [e.stateEnteredEventDetails.name!] : [],
    ),
    ...(history.events?.at(-1)?.type ? { last: history.events.at(-1)!.type! } : {}),
  };
}

/** Submit for sign-off (or resubmit after a send-back) and settle on the next wait. */
async function submitForSignOff(id: string): Promise<void> {
  const submitted = await api.post<ChallengeView>(`/v1/challenges/${id}/submit`, tokens["bureau"]);
  expect(submitted.status).toBe(202);
  expect(submitted.body.status).toBe("awaiting-bureau");
  await settle();
  expect((await challenge(id)).waitingFor?.kind).toBe("bureau-sign-off");
}

async function signOff(id: string, who: "bureau" | "approver", body: Json): Promise<number> {
  const path = who === "bureau" ? "sign-off" : "approval";
  const response = await api.post(`/v1/challenges/${id}/${path}`, tokens[who], body);
  await settle();
  return response.status;
}

describe("programmes (批次)", () => {
  it("the bureau creates one from a preset; anyone signed in reads it; the public sees a summary", async () => {
    const created = await api.post<Json>("/v1/programmes", tokens["bureau"], newProgramme({ year: 2026 }));
    expect(created.status).toBe(201);
    expect(created.body["policyId"]).toBe("taiyuan-2023");
    expect(created.body["policy"]).toEqual(policyPresets["taiyuan-2023"]);
    const read = await api.get<Json>(`/v1/programmes/${String(created.body["id"])}`, tokens["solver"]);
    expect(read.status).toBe(200);
    expect(read.body["fields"]).toEqual(["高端装备制造", "新材料", "节能环保"]);
    const list = await api.get<{ items: Json[] }>("/v1/programmes", tokens["expert1"]);
    expect(list.body.items.map((p) => p["id"])).toContain(created.body["id"]);
    const publicList = await api.get<{ items: Json[] }>("/v1/public/programmes");
    expect(publicList.status).toBe(200);
    const summary = publicList.body.items.find((p) => p["id"] === created.body["id"])!;
    expect(summary).toBeDefined();
    expect(summary).not.toHaveProperty("createdBy");
    expect(summary).not.toHaveProperty("budgetFen");

    expect((await api.post("/v1/programmes", tokens["enterprise"], newProgramme())).status).toBe(403);
    expect((await api.post("/v1/programmes", undefined, newProgramme())).status).toBe(401);
  });

  it("lists the policy presets with their limits to the bureau, not to an enterprise", async () => {
    const presets = await api.get<{ items: Json[] }>("/v1/policy-presets", tokens["bureau"]);
    expect(presets.status).toBe(200);
    expect(presets.body.items.map((p) => p["id"]).sort()).toEqual(Object.keys(policyPresets).sort());
    expect(presets.body.items.find((p) => p["id"] === "anshan-2025")).toEqual(policyPresets["anshan-2025"]);
    expect((await api.get("/v1/policy-presets", tokens["enterprise"])).status).toBe(403);
    expect((await api.get("/v1/policy-presets")).status).toBe(401);
  });

  it("takes a custom policy validated by the policy schema; a bad one is refused with field paths", async () => {
    const custom = { ...policyPresets["jinan-2023"]!, id: "city-2025-custom", source: "custom" };
    const created = await api.post<Json>(
      "/v1/programmes",
      tokens["bureau"],
      newProgramme({ policyId: undefined, policy: custom, budgetFen: 20_000_000_00 }),
    );
    expect(created.status).toBe(201);
    expect(created.body["policyId"]).toBe("city-2025-custom");

    const before = await api.get<{ items: unknown[] }>("/v1/programmes?limit=100", tokens["bureau"]);
    const bad = await api.post<{ code: string; fields: { path: string }[] }>(
      "/v1/programmes",
      tokens["bureau"],
      newProgramme({
        policyId: undefined,
        policy: {
          ...custom,
          tranches: [{ shareBp: 5000, condition: { kind: "task-book-signed" } }],
          horseRaceLimit: 0,
        },
      }),
    );
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((f) => f.path)).toEqual(
      expect.arrayContaining(["body.policy.horseRaceLimit"]),
    );
    const sums = await api.post<{ fields: { path: string }[] }>(
      "/v1/programmes",
      tokens["bureau"],
      newProgramme({
        policyId: undefined,
        policy: { ...custom, tranches: [{ shareBp: 5000, condition: { kind: "task-book-signed" } }] },
      }),
    );
    expect(sums.status).toBe(400);
    expect(sums.body.fields.map((f) => f.path)).toContain("body.policy.tranches");
    const unknown = await api.post<{ fields: { path: string }[] }>(
      "/v1/programmes",
      tokens["bureau"],
      newProgramme({ policyId: "nowhere-2030" }),
    );
    expect(unknown.status).toBe(400);
    expect(unknown.body.fields.map((f) => f.path)).toContain("body.policyId");
    const both = await api.post("/v1/programmes", tokens["bureau"], newProgramme({ policy: custom }));
    expect(both.status).toBe(400);
    const overBudget = await api.post<{ fields: { path: string }[] }>(
      "/v1/programmes",
      tokens["bureau"],
      newProgramme({ policyId: "jinan-2023", budgetFen: 30_000_000_00 }),
    );
    expect(overBudget.status).toBe(422);
    expect(overBudget.body.fields.map((f) => f.path)).toEqual(["body.budgetFen"]);
    const after = await api.get<{ items: unknown[] }>("/v1/programmes?limit=100", tokens["bureau"]);
    expect(after.body.items.length).toBe(before.body.items.length);
  });
});

describe("demands under a programme", () => {
  it("must name an existing programme and one of its fields", async () => {
    const missing = await api.post<{ fields: { path: string }[] }>("/v1/demands", tokens["enterprise"], {
      title: "无批次",
    });
    expect(missing.status).toBe(400);
    expect(missing.body.fields.map((f) => f.path)).toContain("body.programmeId");
    const wrongField = await api.post<{ code: string; fields: { path: string }[] }>(
      "/v1/demands",
      tokens["enterprise"],
      { ...completeDemand("错领域", programmeId), field: "生物医药" },
    );
    expect(wrongField.status).toBe(422);
    expect(wrongField.body.code).toBe("FIELD_NOT_IN_PROGRAMME");
    expect(wrongField.body.fields.map((f) => f.path)).toEqual(["body.field"]);
    const noProgramme = await api.post<{ code: string }>(
      "/v1/demands",
      tokens["enterprise"],
      completeDemand("不存在的批次", "prg-00000000-0000-0000-0000-000000000000"),
    );
    expect(noProgramme.status).toBe(422);
    expect(noProgramme.body.code).toBe("PROGRAMME_NOT_FOUND");
  });

  it("a non-owner enterprise can neither read nor change another organisation's demand", async () => {
    const mine = await api.post<DemandView>(
      "/v1/demands",
      tokens["enterprise"],
      completeDemand("我的", programmeId),
    );
    const id = mine.body.id;
    expect((await api.get(`/v1/demands/${id}`, tokens["outsider"])).status).toBe(403);
    const edit = await api.call("PATCH", `/v1/demands/${id}`, {
      token: tokens["outsider"]!,
      body: { title: "改别人的" },
      headers: { "if-match": `"${mine.body.version}"` },
    });
    expect(edit.status).toBe(403);
    expect((await api.post(`/v1/demands/${id}/submit`, tokens["outsider"])).status).toBe(403);
    const attach = await api.post(`/v1/demands/${id}/attachments`, tokens["outsider"], {
      fileName: "x.pdf",
      contentType: "application/pdf",
      sizeBytes: 3,
      sha256: "0".repeat(64),
    });
    expect(attach.status).toBe(403);
    const theirs = await api.get<{ items: { id: string }[] }>("/v1/demands", tokens["outsider"]);
    expect(theirs.body.items.map((d) => d.id)).not.toContain(id);
    // Unchanged.
    expect((await api.get<DemandView>(`/v1/demands/${id}`, tokens["enterprise"])).body.version).toBe(
      mine.body.version,
    );
  });
});

describe("refinement, merge, draft challenge, sign-off, publication, the window", () => {
  let lead: DemandView;
  let other: DemandView;
  let challengeId: string;

  it("the bureau assigns experts; only assigned experts give opinions, each seeing only their own", async () => {
    lead = await submittedDemand("单晶叶片精密铸造");
    other = await submittedDemand("叶片无损检测", tokens["enterprise2"]);

    const conflicted = await api.post<{ code: string; fields: { path: string }[] }>(
      `/v1/demands/${lead.id}/experts`,
      tokens["bureau"],
      { experts: [{ expertId: "x9", organisationId: "ent-001" }] },
    );
    expect(conflicted.status).toBe(422);
    expect(conflicted.body.code).toBe("EXPERT_CONFLICT_OF_INTEREST");
    expect(conflicted.body.fields.map((f) => f.path)).toEqual(["body.experts.0.organisationId"]);

    const assigned = await api.post<{ items: unknown[] }>(
      `/v1/demands/${lead.id}/experts`,
      tokens["bureau"],
      {
        experts: [
          { expertId: "local-x1", organisationId: "uni-101" },
          { expertId: "local-x2", organisationId: "uni-102" },
        ],
      },
    );
    expect(assigned.status).toBe(201);
    expect(assigned.body.items).toHaveLength(2);
    expect(
      (
        await api.post(`/v1/demands/${lead.id}/experts`, tokens["expert1"], {
          experts: [{ expertId: "local-x1", organisationId: "uni-101" }],
        })
      ).status,
    ).toBe(403);

    // An assigned expert reads the demand and gives an opinion; an unassigned one can do neither.
    expect((await api.get(`/v1/demands/${lead.id}`, tokens["expert1"])).status).toBe(200);
    expect((await api.get(`/v1/demands/${lead.id}`, tokens["expert3"])).status).toBe(403);
    const opinion = { recommendation: "draft-challenge", comment: "指标清晰，可与无损检测需求合并凝练" };
    expect((await api.post(`/v1/demands/${lead.id}/opinion`, tokens["expert1"], opinion)).status).toBe(200);
    const refused = await api.post<{ code: string }>(
      `/v1/demands/${lead.id}/opinion`,
      tokens["expert3"],
      opinion,
    );
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe("NOT_ASSIGNED");
    expect((await api.get(`/v1/demands/${lead.id}/refinement`, tokens["expert3"])).status).toBe(403);
    await api.post(`/v1/demands/${lead.id}/opinion`, tokens["expert2"], {
      recommendation: "return",
      comment: "良品率指标需给出检测方法",
    });

    const own = await api.get<{ items: { expertId: string; opinion?: { comment: string } }[] }>(
      `/v1/demands/${lead.id}/refinement`,
      tokens["expert1"],
    );
    expect(own.body.items.map((a) => a.expertId)).toEqual(["local-x1"]);
    expect(JSON.stringify(own.body)).not.toContain("检测方法");
    const mine = await api.get<{ items: { demandId: string }[] }>(
      "/v1/refinement/assignments",
      tokens["expert1"],
    );
    expect(mine.body.items.map((a) => a.demandId)).toEqual([lead.id]);
    const all = await api.get<{ items: { expertId: string; status: string }[] }>(
      `/v1/demands/${lead.id}/refinement`,
      tokens["bureau"],
    );
    expect(all.body.items.map((a) => [a.expertId, a.status]).sort()).toEqual([
      ["local-x1", "opinion-given"],
      ["local-x2", "opinion-given"],
    ]);
  });

  it("merges a demand into another of the programme: it ends as merged, its execution completes", async () => {
    const itself = await api.post<{ code: string }>(`/v1/demands/${other.id}/decision`, tokens["bureau"], {
      decision: "merge",
      mergeInto: other.id,
    });
    expect(itself.status).toBe(422);
    const merged = await api.post(`/v1/demands/${other.id}/decision`, tokens["bureau"], {
      decision: "merge",
      mergeInto: lead.id,
      comment: "同一叶片工艺链，交叉融合",
    });
    expect(merged.status).toBe(202);
    await settle();
    const gone = await api.get<DemandView>(`/v1/demands/${other.id}`, tokens["enterprise2"]);
    expect(gone.body.status).toBe("merged");
    expect(gone.body.mergedInto).toBe(lead.id);
    expect(gone.body.waitingFor).toBeUndefined();
    const execution = await sfn.send(
      new DescribeExecutionCommand({ executionArn: gone.body.workflow!.executionArn! }),
    );
    expect(execution.status).toBe("SUCCEEDED");
    const target = await api.get<DemandView>(`/v1/demands/${lead.id}`, tokens["bureau"]);
    expect(target.body.status).toBe("submitted");
    expect(target.body.mergedDemandIds).toEqual([other.id]);

    // A stale or repeated decision on the merged demand is a conflict.
    const again = await api.post<{ code: string }>(`/v1/demands/${other.id}/decision`, tokens["bureau"], {
      decision: "merge",
      mergeInto: lead.id,
    });
    expect(again.status).toBe(409);
  });

  it("turns the demand (and the one merged into it) into a draft challenge within the policy", async () => {
    const bad = await api.post<{ code: string; fields: { path: string }[] }>(
      `/v1/demands/${lead.id}/decision`,
      tokens["bureau"],
      draftChallengeDecision(now(), {
        opensInDays: -1,
        challenge: {
          horseRace: { allowed: true, maxWinners: 5 },
          periodMonths: 48,
          fundingCapFen: 25_000_000_00,
        },
      }),
    );
    expect(bad.status).toBe(422);
    expect(bad.body.code).toBe("CHALLENGE_TERMS_INVALID");
    expect(bad.body.fields.map((f) => f.path).sort()).toEqual([
      "body.challenge.caseByCaseReason",
      "body.challenge.horseRace.maxWinners",
      "body.challenge.periodMonths",
      "body.challenge.window.opensAt",
    ]);
    const malformed = await api.post<{ fields: { path: string }[] }>(
      `/v1/demands/${lead.id}/decision`,
      tokens["bureau"],
      { decision: "draft-challenge", challenge: { fundingCapFen: 1.5 } },
    );
    expect(malformed.status).toBe(400);
    expect((await api.get<DemandView>(`/v1/demands/${lead.id}`, tokens["bureau"])).body.status).toBe(
      "submitted",
    );

    const decided = await api.post(
      `/v1/demands/${lead.id}/decision`,
      tokens["bureau"],
      draftChallengeDecision(now(), { challenge: { horseRace: { allowed: true, maxWinners: 2 } } }),
    );
    expect(decided.status).toBe(202);
    await settle();
    const accepted = await api.get<DemandView>(`/v1/demands/${lead.id}`, tokens["enterprise"]);
    expect(accepted.body.status).toBe("accepted");
    expect(accepted.body.challengeId).toMatch(/^chl-/);
    challengeId = accepted.body.challengeId!;
    const history = await executionStates(accepted.body.workflow!.executionArn!);
    expect(history.states).toEqual(["AwaitBureauDecision", "ApplyDecision", "RouteByDecision", "Accepted"]);
    expect(history.last).toBe("ExecutionSucceeded");
    expect(
      (await api.get<DemandView>(`/v1/demands/${other.id}`, tokens["enterprise2"])).body.challengeId,
    ).toBe(challengeId);

    const draft = await challenge(challengeId);
    expect(draft.status).toBe("draft");
    expect(draft.demandIds).toEqual([lead.id, other.id]);
    expect(draft.enterpriseOrganisationIds).toEqual(["ent-001", "ent-002"]);
    // Both posting enterprises read it; another enterprise cannot; the public does not see a draft.
    expect((await api.get(`/v1/challenges/${challengeId}`, tokens["enterprise2"])).status).toBe(200);
    expect((await api.get(`/v1/challenges/${challengeId}`, tokens["outsider"])).status).toBe(403);
    expect((await api.get(`/v1/public/challenges/${challengeId}`)).status).toBe(404);
    const listed = await api.get<{ items: { id: string }[] }>(
      `/v1/challenges?programmeId=${programmeId}`,
      tokens["outsider"],
    );
    expect(listed.body.items.map((c) => c.id)).not.toContain(challengeId);

    // Edits while a draft, with If-Match.
    const stale = await api.call("PATCH", `/v1/challenges/${challengeId}`, {
      token: tokens["bureau"]!,
      body: { title: "高温合金叶片精密铸造与无损检测" },
      headers: { "if-match": `"${draft.version + 1}"` },
    });
    expect(stale.status).toBe(409);
    const edited = await api.call<ChallengeView>("PATCH", `/v1/challenges/${challengeId}`, {
      token: tokens["bureau"]!,
      body: { title: "高温合金叶片精密铸造与无损检测" },
      headers: { "if-match": `"${draft.version}"` },
    });
    expect(edited.status).toBe(200);
    expect(edited.body.title).toBe("高温合金叶片精密铸造与无损检测");
  });

  it("bureau then approver sign off; each send-back returns it to draft and the same execution waits", async () => {
    await submitForSignOff(challengeId);
    const first = await challenge(challengeId);
    const executionArn = first.workflow!.executionArn!;
    expect(executionArn).toMatch(/:execution:jiebang-challenge-publication:publish-chl-.+-r1$/);
    // Not editable while awaiting sign-off; not by the approver's route.
    const locked = await api.call("PATCH", `/v1/challenges/${challengeId}`, {
      token: tokens["bureau"]!,
      body: { title: "改" },
      headers: { "if-match": `"${first.version}"` },
    });
    expect(locked.status).toBe(409);
    expect(await signOff(challengeId, "approver", { decision: "approve" })).toBe(409);
    expect(await signOff(challengeId, "bureau", { decision: "send-back" })).toBe(422);

    // Bureau sends back.
    expect(await signOff(challengeId, "bureau", { decision: "send-back", comment: "揭榜时间延长" })).toBe(
      202,
    );
    let c = await challenge(challengeId);
    expect(c.status).toBe("draft");
    expect(c.waitingFor?.kind).toBe("sign-off-resubmission");
    expect(await signOff(challengeId, "bureau", { decision: "send-back", comment: "揭榜时间延长" })).toBe(
      409,
    );

    // Resubmitted; bureau approves; approver sends back.
    await submitForSignOff(challengeId);
    expect(await signOff(challengeId, "bureau", { decision: "approve" })).toBe(202);
    c = await challenge(challengeId);
    expect(c.status).toBe("awaiting-approver");
    expect(c.waitingFor?.kind).toBe("approver-sign-off");
    expect(
      (await api.post(`/v1/challenges/${challengeId}/approval`, tokens["bureau"], { decision: "approve" }))
        .status,
    ).toBe(403);
    expect(
      await signOff(challengeId, "approver", { decision: "send-back", comment: "经费上限需说明依据" }),
    ).toBe(202);
    c = await challenge(challengeId);
    expect(c.status).toBe("draft");

    // Round again: bureau, then approver approves: published (scheduled).
    await submitForSignOff(challengeId);
    expect(await signOff(challengeId, "bureau", { decision: "approve" })).toBe(202);
    expect(await signOff(challengeId, "approver", { decision: "approve", comment: "同意发榜" })).toBe(202);
    c = await challenge(challengeId);
    expect(c.status).toBe("scheduled");
    expect(c.publishedAt).toBeDefined();
    expect(c.workflow!.executionArn).toBe(executionArn);
    expect(c.signOffs!.map((s) => `${s.stage}:${s.decision}`)).toEqual([
      "bureau:send-back",
      "bureau:approve",
      "approver:send-back",
      "bureau:approve",
      "approver:approve",
    ]);
    // A repeated approval is stale.
    expect(await signOff(challengeId, "approver", { decision: "approve", comment: "同意发榜" })).toBe(409);
  });

  it("is public once approved, and nothing private leaks", async () => {
    const list = await api.get<{ items: Json[] }>("/v1/public/challenges");
    expect(list.status).toBe(200);
    const listed = list.body.items.find((c) => c["id"] === challengeId);
    expect(listed).toBeDefined();
    const one = await api.get<Json>(`/v1/public/challenges/${challengeId}`);
    expect(one.status).toBe(200);
    expect(one.body["title"]).toBe("高温合金叶片精密铸造与无损检测");
    expect(one.body["status"]).toBe("scheduled");
    expect(one.body["fundingCapFen"]).toBe(3_000_000_00);
    expect(one.body["horseRace"]).toEqual({ allowed: true, maxWinners: 2 });
    for (const body of [one.body, listed!]) {
      for (const key of [
        "demandIds",
        "enterpriseOrganisationIds",
        "pendingTask",
        "workflow",
        "signOffs",
        "createdBy",
        "rdInvestmentFen",
        "caseByCase",
        "version",
      ]) {
        expect(body).not.toHaveProperty(key);
      }
      const text = JSON.stringify(body);
      // User ids appear as whole JSON strings ("local-b1"…); random ids may contain "a1" by chance, so match quoted.
      for (const secret of [
        "ent-001",
        "ent-002",
        '"b1"',
        '"a1"',
        "local-b1",
        "local-a1",
        "dmd-",
        "token",
        "arn:aws",
        "经费上限需说明依据",
      ]) {
        expect(text).not.toContain(secret);
      }
    }
  });

  it("opens and closes the window on the workflow clock", async () => {
    const c = await challenge(challengeId);
    await runtime.advanceClock(Date.parse(c.window.opensAt) - now() - 60_000);
    expect((await challenge(challengeId)).status).toBe("scheduled");
    await runtime.advanceClock(2 * 60_000);
    const open = await challenge(challengeId);
    expect(open.status).toBe("open");
    expect(open.openedAt).toBeDefined();
    expect((await api.get<Json>(`/v1/public/challenges/${challengeId}`)).body["status"]).toBe("open");

    await runtime.advanceClock(Date.parse(c.window.closesAt) - now() + 60_000);
    const closed = await challenge(challengeId);
    expect(closed.closedAt).toBeDefined();
    expect(Date.parse(closed.closedAt!)).toBeGreaterThanOrEqual(Date.parse(c.window.closesAt));
    // Section R's review may already have moved it on; the window itself is closed either way.
    expect(["scheduled", "open"]).not.toContain(closed.status);
    const history = await executionStates(c.workflow!.executionArn!);
    expect(history.states.slice(-6)).toEqual([
      "Published",
      "WaitForOpening",
      "OpenWindow",
      "WaitForClosing",
      "CloseWindow",
      "Closed",
    ]);
    expect(history.last).toBe("ExecutionSucceeded");
  });
});

describe("一事一议 and republication", () => {
  it("a cap above the policy's needs a reason and the approver's recorded case-by-case decision", async () => {
    const demand = await submittedDemand("重大专项：航空发动机叶片");
    const decided = await api.post(
      `/v1/demands/${demand.id}/decision`,
      tokens["bureau"],
      draftChallengeDecision(now(), {
        challenge: { fundingCapFen: 25_000_000_00, caseByCaseReason: "特别重大项目，市政府专题会议研究" },
      }),
    );
    expect(decided.status).toBe(202);
    await settle();
    const id = (await api.get<DemandView>(`/v1/demands/${demand.id}`, tokens["bureau"])).body.challengeId!;
    expect((await challenge(id)).caseByCase?.reason).toMatch(/特别重大/);
    await submitForSignOff(id);
    expect(await signOff(id, "bureau", { decision: "approve", caseByCaseApproved: true })).toBe(422);
    expect(await signOff(id, "bureau", { decision: "approve" })).toBe(202);
    const refused = await api.post<{ code: string }>(`/v1/challenges/${id}/approval`, tokens["approver"], {
      decision: "approve",
    });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe("CASE_BY_CASE_DECISION_REQUIRED");
    expect(await signOff(id, "approver", { decision: "approve", caseByCaseApproved: true })).toBe(202);
    const published = await challenge(id);
    expect(published.status).toBe("scheduled");
    expect(published.caseByCase?.approvedBy).toBe("local-a1");
  });

  it("an unsolved (流榜) challenge is republished with a new window: round 2, a new execution", async () => {
    const demand = await submittedDemand("冷门需求");
    await api.post(
      `/v1/demands/${demand.id}/decision`,
      tokens["bureau"],
      draftChallengeDecision(now(), { openDays: 5 }),
    );
    await settle();
    const id = (await api.get<DemandView>(`/v1/demands/${demand.id}`, tokens["bureau"])).body.challengeId!;
    await submitForSignOff(id);
    await signOff(id, "bureau", { decision: "approve" });
    await signOff(id, "approver", { decision: "approve" });
    const first = await challenge(id);
    expect(
      (await api.post(`/v1/challenges/${id}/republish`, tokens["bureau"], { window: first.window })).status,
    ).toBe(409);
    await runtime.advanceClock(Date.parse(first.window.closesAt) - now() + 60_000);

    // Section R marks a challenge nobody applied to as unsolved; stand in for it when its workflow is not there.
    const records = recordStore();
    const stored = (await records.get(challengeKind, id))!;
    if (stored.status !== "unsolved") {
      expect(stored.status).toBe("closed");
      const after: ChallengeRecord = { ...stored, status: "unsolved", version: stored.version + 1 };
      await records.write(
        [
          updated(challengeKind, stored, after, {
            actor: "test",
            role: "workflow",
            action: "challenge.unsolved",
          }),
        ],
        new Date(now()).toISOString(),
      );
    }

    const window = {
      opensAt: new Date(now() + 3 * dayMs).toISOString(),
      closesAt: new Date(now() + 20 * dayMs).toISOString(),
    };
    const badWindow = await api.post<{ fields: { path: string }[] }>(
      `/v1/challenges/${id}/republish`,
      tokens["bureau"],
      { window: { opensAt: window.closesAt, closesAt: window.opensAt } },
    );
    expect(badWindow.status).toBe(422);
    expect(badWindow.body.fields.map((f) => f.path)).toEqual(["body.window.closesAt"]);
    const republished = await api.post<ChallengeView>(`/v1/challenges/${id}/republish`, tokens["bureau"], {
      window,
    });
    expect(republished.status).toBe(202);
    await settle();
    const second = await challenge(id);
    expect(second.round).toBe(2);
    expect(second.status).toBe("scheduled");
    expect(second.workflow!.executionArn).toMatch(/:publish-chl-.+-r2$/);
    expect((await api.get<Json>(`/v1/public/challenges/${id}`)).body["round"]).toBe(2);
    // Repeating the republication is stale once it took effect.
    expect((await api.post(`/v1/challenges/${id}/republish`, tokens["bureau"], { window })).status).toBe(409);

    await runtime.advanceClock(Date.parse(window.opensAt) - now() + 60_000);
    expect((await challenge(id)).status).toBe("open");
    await runtime.advanceClock(Date.parse(window.closesAt) - now() + 60_000);
    const done = await challenge(id);
    expect(done.round).toBe(2);
    expect(["scheduled", "open"]).not.toContain(done.status);
  });
});
