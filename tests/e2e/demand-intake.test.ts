// End-to-end: the thin slice through every layer on the embedded runtime started in-process on free ports —
// HTTP gateway → handler frame → DynamoDB Local / s3rver → Step Functions service → task handlers → back.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { GetExecutionHistoryCommand, SFNClient } from "@aws-sdk/client-sfn";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demandKind } from "../../functions/demands/model.ts";
import { storage } from "../../functions/platform/clients.ts";
import { config } from "../../functions/platform/config.ts";
import { recordStore } from "../../functions/platform/deps.ts";
import { s3DocumentStore } from "../../functions/platform/s3/document-store.ts";
import { type Runtime, startRuntime } from "../../local/runtime.ts";
import {
  apiClient,
  completeDemand,
  createProgramme,
  draftChallengeDecision,
  sha256Hex,
} from "../support/api.ts";

let runtime: Runtime;
let dataDir: string;
const api = apiClient(() => runtime.info.apiUrl);
const tokens: Record<string, string> = {};
let programmeId: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "jiebang-e2e-"));
  runtime = await startRuntime({ dataDir });
  tokens["enterprise"] = await runtime.identity.issue({ user: "e1", org: "ent-001", roles: ["enterprise"] });
  tokens["otherEnterprise"] = await runtime.identity.issue({
    user: "e2",
    org: "ent-002",
    roles: ["enterprise"],
  });
  tokens["bureau"] = await runtime.identity.issue({ user: "b1", org: "taiyuan-stb", roles: ["bureau"] });
  tokens["solver"] = await runtime.identity.issue({ user: "s1", org: "uni-001", roles: ["solver"] });
  programmeId = await createProgramme(api, tokens["bureau"]);
});

/** The bureau's refinement decision that ends intake: the demand becomes a draft challenge. */
const draftChallenge = () => draftChallengeDecision(runtime.clock.now());

afterAll(async () => {
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

type DemandView = {
  id: string;
  status: string;
  version: number;
  waitingFor?: { kind: string };
  workflow?: { executionArn?: string };
  overdueSince?: string;
  decisions: { decision: string }[];
};

async function draftWithAttachment(title: string): Promise<DemandView> {
  const created = await api.post<DemandView>(
    "/v1/demands",
    tokens["enterprise"],
    completeDemand(title, programmeId),
  );
  expect(created.status).toBe(201);
  const file = Buffer.from(`%PDF-1.7 test evidence for ${title}`);
  const reserved = await api.post<{ upload: { url: string; headers: Record<string, string> } }>(
    `/v1/demands/${created.body.id}/attachments`,
    tokens["enterprise"],
    {
      fileName: "需求说明.pdf",
      contentType: "application/pdf",
      sizeBytes: file.length,
      sha256: sha256Hex(file),
    },
  );
  expect(reserved.status).toBe(201);
  const upload = await fetch(reserved.body.upload.url, {
    method: "PUT",
    headers: reserved.body.upload.headers,
    body: file,
  });
  expect(upload.status).toBe(200);
  return created.body;
}

async function settle(): Promise<void> {
  await runtime.stepFunctions.whenIdle();
}

describe("demand intake, the thin slice", () => {
  it("reports every part healthy", async () => {
    const health = await api.get<{ status: string; parts: Record<string, { ok: boolean }> }>("/v1/health");
    expect(health.status).toBe(200);
    expect(health.body.status).toBe("ok");
    expect(Object.keys(health.body.parts).sort()).toEqual(["clock", "data", "storage", "workflows"]);
    expect(Object.values(health.body.parts).every((p) => p.ok)).toBe(true);
  });

  it("refuses bad input with field paths and writes nothing", async () => {
    const before = await api.get<{ items: unknown[] }>("/v1/demands?status=draft", tokens["enterprise"]);
    const bad = await api.post<{ code: string; fields: { path: string }[]; messageZh: string }>(
      "/v1/demands",
      tokens["enterprise"],
      {
        title: "",
        timeLimitMonths: 1.5,
        status: "accepted",
      },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe("VALIDATION_FAILED");
    expect(bad.body.messageZh).toMatch(/输入无效/);
    const paths = bad.body.fields.map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(["body.title", "body.timeLimitMonths", "body"]));
    const after = await api.get<{ items: unknown[] }>("/v1/demands?status=draft", tokens["enterprise"]);
    expect(after.body.items.length).toBe(before.body.items.length);

    const notJson = await api.call("POST", "/v1/demands", {
      token: tokens["enterprise"],
      rawBody: "{",
      headers: { "content-type": "application/json" },
    });
    expect(notJson.status).toBe(400);
    expect(notJson.body["code"]).toBe("MALFORMED_JSON");
  });

  it("authenticates and authorises", async () => {
    expect((await api.post("/v1/demands", undefined, completeDemand(undefined, programmeId))).status).toBe(
      401,
    );
    expect((await api.post("/v1/demands", "not-a-jwt", completeDemand(undefined, programmeId))).status).toBe(
      401,
    );
    const wrongRole = await api.post<{ code: string }>(
      "/v1/demands",
      tokens["solver"],
      completeDemand(undefined, programmeId),
    );
    expect(wrongRole.status).toBe(403);
    expect(wrongRole.body.code).toBe("FORBIDDEN_ROLE");
    const mine = await api.post<DemandView>("/v1/demands", tokens["enterprise"], {
      programmeId,
      title: "草稿",
    });
    const theirs = await api.get<{ code: string }>(`/v1/demands/${mine.body.id}`, tokens["otherEnterprise"]);
    expect(theirs.status).toBe(403);
    expect(
      (await api.get(`/v1/demands/dmd-00000000-0000-0000-0000-000000000000`, tokens["bureau"])).status,
    ).toBe(404);
  });

  it("refuses to submit an incomplete demand or one whose file was not uploaded", async () => {
    const draft = await api.post<DemandView>("/v1/demands", tokens["enterprise"], {
      programmeId,
      title: "只有标题",
    });
    const incomplete = await api.post<{ code: string; fields: { path: string }[] }>(
      `/v1/demands/${draft.body.id}/submit`,
      tokens["enterprise"],
    );
    expect(incomplete.status).toBe(422);
    expect(incomplete.body.code).toBe("DEMAND_INCOMPLETE");
    expect(incomplete.body.fields.map((f) => f.path)).toContain("content.background");

    const full = await api.post<DemandView>(
      "/v1/demands",
      tokens["enterprise"],
      completeDemand("未上传附件", programmeId),
    );
    await api.post(`/v1/demands/${full.body.id}/attachments`, tokens["enterprise"], {
      fileName: "a.pdf",
      contentType: "application/pdf",
      sizeBytes: 10,
      sha256: "0".repeat(64),
    });
    const missing = await api.post<{ code: string }>(
      `/v1/demands/${full.body.id}/submit`,
      tokens["enterprise"],
    );
    expect(missing.status).toBe(422);
    expect(missing.body.code).toBe("ATTACHMENTS_NOT_VERIFIED");
    expect((await api.get<DemandView>(`/v1/demands/${full.body.id}`, tokens["enterprise"])).body.status).toBe(
      "draft",
    );
  });

  it("submits, waits for the bureau, and the bureau's draft-challenge decision completes the execution", async () => {
    const demand = await draftWithAttachment("精密铸造");
    const submitted = await api.post<DemandView>(`/v1/demands/${demand.id}/submit`, tokens["enterprise"]);
    expect(submitted.status).toBe(202);
    expect(submitted.body.status).toBe("submitted");
    await settle();

    const waiting = await api.get<DemandView>(`/v1/demands/${demand.id}`, tokens["bureau"]);
    expect(waiting.body.waitingFor?.kind).toBe("decision");
    expect(JSON.stringify(waiting.body)).not.toMatch(/token/i);
    const executionArn = waiting.body.workflow?.executionArn;
    expect(executionArn).toMatch(/:execution:jiebang-demand-intake:/);

    // The enterprise cannot decide on its own demand.
    expect(
      (await api.post(`/v1/demands/${demand.id}/decision`, tokens["enterprise"], draftChallenge())).status,
    ).toBe(403);
    const decided = await api.post(`/v1/demands/${demand.id}/decision`, tokens["bureau"], draftChallenge());
    expect(decided.status).toBe(202);
    await settle();

    const accepted = await api.get<DemandView>(`/v1/demands/${demand.id}`, tokens["enterprise"]);
    expect(accepted.body.status).toBe("accepted");
    expect(accepted.body.decisions.map((d) => d.decision)).toEqual(["draft-challenge"]);

    // A second decision is refused: the demand is no longer waiting.
    expect(
      (
        await api.post(`/v1/demands/${demand.id}/decision`, tokens["bureau"], {
          decision: "return",
          comment: "x",
        })
      ).status,
    ).toBe(409);

    const sfn = new SFNClient({
      endpoint: runtime.info.stepFunctionsEndpoint,
      region: "us-east-1",
      credentials: { accessKeyId: "l", secretAccessKey: "l" },
    });
    const history = await sfn.send(new GetExecutionHistoryCommand({ executionArn: executionArn! }));
    sfn.destroy();
    const entered = (history.events ?? [])
      .filter((e) => e.stateEnteredEventDetails)
      .map((e) => e.stateEnteredEventDetails!.name);
    expect(entered).toEqual(["AwaitBureauDecision", "ApplyDecision", "RouteByDecision", "Accepted"]);
    expect(history.events?.at(-1)?.type).toBe("ExecutionSucceeded");
  });

  it("returns a demand for changes; the same execution waits for the resubmission, then for the bureau again", async () => {
    const demand = await draftWithAttachment("返回修改");
    await api.post(`/v1/demands/${demand.id}/submit`, tokens["enterprise"]);
    await settle();
    const returned = await api.post(`/v1/demands/${demand.id}/decision`, tokens["bureau"], {
      decision: "return",
    });
    expect(returned.status).toBe(422); // a return needs a comment
    await api.post(`/v1/demands/${demand.id}/decision`, tokens["bureau"], {
      decision: "return",
      comment: "补充指标的测试方法",
    });
    await settle();
    const back = await api.get<DemandView>(`/v1/demands/${demand.id}`, tokens["enterprise"]);
    expect(back.body.status).toBe("returned");
    expect(back.body.waitingFor?.kind).toBe("resubmission");

    const stale = await api.call("PATCH", `/v1/demands/${demand.id}`, {
      token: tokens["enterprise"],
      body: { content: "补充了测试方法" },
      headers: { "if-match": `"${back.body.version - 1}"` },
    });
    expect(stale.status).toBe(409);
    const edited = await api.call<DemandView>("PATCH", `/v1/demands/${demand.id}`, {
      token: tokens["enterprise"],
      body: { content: "补充了测试方法" },
      headers: { "if-match": `"${back.body.version}"` },
    });
    expect(edited.status).toBe(200);
    const resubmitted = await api.post<DemandView>(`/v1/demands/${demand.id}/submit`, tokens["enterprise"]);
    expect(resubmitted.status).toBe(202);
    await settle();
    const again = await api.get<DemandView>(`/v1/demands/${demand.id}`, tokens["bureau"]);
    expect(again.body.status).toBe("submitted");
    expect(again.body.waitingFor?.kind).toBe("decision");
    await api.post(`/v1/demands/${demand.id}/decision`, tokens["bureau"], draftChallenge());
    await settle();
    const final = await api.get<DemandView>(`/v1/demands/${demand.id}`, tokens["bureau"]);
    expect(final.body.status).toBe("accepted");
    expect(final.body.decisions.map((d) => d.decision)).toEqual(["return", "draft-challenge"]);
  });

  it("escalates a decision overdue after 30 days on the controllable clock, and keeps waiting", async () => {
    const demand = await draftWithAttachment("逾期");
    await api.post(`/v1/demands/${demand.id}/submit`, tokens["enterprise"]);
    await settle();
    const advanced = await fetch(`${runtime.info.apiUrl}/local/clock/advance`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ days: 31 }),
    });
    expect(advanced.status).toBe(200);
    const overdue = await api.get<DemandView>(`/v1/demands/${demand.id}`, tokens["bureau"]);
    expect(overdue.body.overdueSince).toBeDefined();
    expect(overdue.body.status).toBe("submitted");
    expect(overdue.body.waitingFor?.kind).toBe("decision");
    await api.post(`/v1/demands/${demand.id}/decision`, tokens["bureau"], draftChallenge());
    await settle();
    expect((await api.get<DemandView>(`/v1/demands/${demand.id}`, tokens["bureau"])).body.status).toBe(
      "accepted",
    );
  });

  it("gives a retried upload a fresh URL for the same slot, and refuses bytes that differ from the declared hash", async () => {
    const created = await api.post<DemandView>(
      "/v1/demands",
      tokens["enterprise"],
      completeDemand("重传附件", programmeId),
    );
    const file = Buffer.from("%PDF-1.7 retried upload");
    const slot = {
      fileName: "重传.pdf",
      contentType: "application/pdf",
      sizeBytes: file.length,
      sha256: sha256Hex(file),
    };
    type Reserved = { attachment: { id: string }; upload: { url: string; headers: Record<string, string> } };
    const first = await api.post<Reserved>(
      `/v1/demands/${created.body.id}/attachments`,
      tokens["enterprise"],
      slot,
    );
    const second = await api.post<Reserved>(
      `/v1/demands/${created.body.id}/attachments`,
      tokens["enterprise"],
      slot,
    );
    expect(second.status).toBe(201);
    expect(second.body.attachment.id).toBe(first.body.attachment.id);
    // The URL takes only the declared bytes (their SHA-256 is signed into it): S3 refuses others.
    const tampered = Buffer.from("%PDF-1.7 retried uploaX");
    const refusedUpload = await fetch(second.body.upload.url, {
      method: "PUT",
      headers: second.body.upload.headers,
      body: tampered,
    });
    expect(refusedUpload.status).toBe(400);
    expect(await refusedUpload.text()).toContain("<Code>BadDigest</Code>");
    const refused = await api.post<{ code: string }>(
      `/v1/demands/${created.body.id}/submit`,
      tokens["enterprise"],
    );
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe("ATTACHMENTS_NOT_VERIFIED");
    await fetch(first.body.upload.url, { method: "PUT", headers: first.body.upload.headers, body: file });
    const read = await api.get<{ attachments: unknown[] }>(
      `/v1/demands/${created.body.id}`,
      tokens["enterprise"],
    );
    expect(read.body.attachments).toHaveLength(1);
    expect((await api.post(`/v1/demands/${created.body.id}/submit`, tokens["enterprise"])).status).toBe(202);
    await settle();

    // Verified at submission and sealed: a write-once copy under sealed/ that the demand records. The upload URL is
    // still valid but takes only the declared bytes; other bytes written to the staging key with the bucket's own
    // credentials change nothing recorded either: the sealed copy keeps the verified bytes.
    type Sealed = { key: string; status: string; verifiedAt?: string; sealedKey?: string; sha256: string };
    const submitted = await api.get<{ attachments: Sealed[] }>(
      `/v1/demands/${created.body.id}`,
      tokens["enterprise"],
    );
    const [attachment] = submitted.body.attachments;
    expect(attachment?.status).toBe("verified");
    expect(attachment?.verifiedAt).toBeDefined();
    expect(attachment?.sealedKey).toBe(`sealed/${attachment?.key}`);
    const forged = Buffer.alloc(file.length, "X");
    const overwrite = await fetch(first.body.upload.url, {
      method: "PUT",
      headers: first.body.upload.headers,
      body: forged,
    });
    expect(overwrite.status).toBe(400);
    const documents = s3DocumentStore(storage(), config.evidenceBucket(), { now: () => new Date() });
    expect((await documents.inspect(attachment!.key))?.sha256).toBe(sha256Hex(file));
    await storage().send(
      new PutObjectCommand({ Bucket: config.evidenceBucket(), Key: attachment!.key, Body: forged }),
    );
    expect((await documents.inspect(attachment!.key))?.sha256).toBe(sha256Hex(forged));
    expect((await documents.inspect(attachment!.sealedKey!))?.sha256).toBe(sha256Hex(file));
    const after = await api.get<{ attachments: Sealed[] }>(
      `/v1/demands/${created.body.id}`,
      tokens["enterprise"],
    );
    expect(after.body.attachments).toEqual(submitted.body.attachments);
    expect(after.body.attachments[0]?.sha256).toBe(sha256Hex(file));
    // Nobody gets an upload URL for a sealed key, not even a function that may seal.
    await expect(
      documents.presignUpload(
        { key: attachment!.sealedKey!, contentType: "application/pdf", sizeBytes: 1, sha256: sha256Hex("x") },
        60,
      ),
    ).rejects.toThrow(/sealed key/);
  });

  it("lets the owner detach a wrong attachment before submission, never after, keeping the stored bytes", async () => {
    const created = await api.post<DemandView>(
      "/v1/demands",
      tokens["enterprise"],
      completeDemand("附件传错", programmeId),
    );
    const declared = Buffer.from("%PDF-1.7 the file declared");
    type Reserved = {
      attachment: { id: string; key: string };
      upload: { url: string; headers: Record<string, string> };
    };
    const wrong = await api.post<Reserved>(
      `/v1/demands/${created.body.id}/attachments`,
      tokens["enterprise"],
      {
        fileName: "错误.pdf",
        contentType: "application/pdf",
        sizeBytes: declared.length,
        sha256: sha256Hex(declared),
      },
    );
    expect(wrong.status).toBe(201);
    const put = (body: Buffer) =>
      fetch(wrong.body.upload.url, { method: "PUT", headers: wrong.body.upload.headers, body });
    // Bytes that do not match are refused by the URL: the demand cannot be submitted with this attachment on it.
    expect((await put(Buffer.alloc(declared.length, "Z"))).status).toBe(400);
    const blocked = await api.post<{ code: string }>(
      `/v1/demands/${created.body.id}/submit`,
      tokens["enterprise"],
    );
    expect(blocked.status).toBe(422);
    expect(blocked.body.code).toBe("ATTACHMENTS_NOT_VERIFIED");
    // The declared file goes up after all, and is then found to be the wrong document.
    expect((await put(declared)).status).toBe(200);
    const path = `/v1/demands/${created.body.id}/attachments/${wrong.body.attachment.id}`;
    // Another enterprise and the bureau may not remove it; bad or unknown ids are refused; nothing changes.
    for (const token of [tokens["otherEnterprise"], tokens["bureau"]]) {
      expect((await api.call("DELETE", path, { token })).status).toBe(403);
    }
    const badId = await api.call<{ fields: { path: string }[] }>(
      "DELETE",
      `/v1/demands/${created.body.id}/attachments/not-an-id`,
      { token: tokens["enterprise"] },
    );
    expect(badId.status).toBe(400);
    expect(badId.body.fields.map((f) => f.path)).toEqual(["params.attachmentId"]);
    const unknown = await api.call<{ code: string }>(
      "DELETE",
      `/v1/demands/${created.body.id}/attachments/att-00000000-0000-0000-0000-000000000000`,
      { token: tokens["enterprise"] },
    );
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe("ATTACHMENT_NOT_FOUND");
    const unchanged = await api.get<DemandView & { attachments: unknown[] }>(
      `/v1/demands/${created.body.id}`,
      tokens["enterprise"],
    );
    expect(unchanged.body.attachments).toHaveLength(1);
    expect(unchanged.body.version).toBe(created.body.version + 1);
    // The owner detaches it: gone from the demand, audited, the stored object kept.
    const removed = await api.call<{ attachments: unknown[]; version: number }>("DELETE", path, {
      token: tokens["enterprise"],
    });
    expect(removed.status, JSON.stringify(removed.body)).toBe(200);
    expect(removed.body.attachments).toEqual([]);
    expect(removed.body.version).toBe(unchanged.body.version + 1);
    const trail = await recordStore().auditTrail(demandKind, created.body.id);
    expect(trail.find((e) => e.action === "demand.attachment-removed")).toMatchObject({
      actor: expect.stringContaining("e1"),
      detail: {
        attachmentId: wrong.body.attachment.id,
        sha256: sha256Hex(declared),
        key: wrong.body.attachment.key,
      },
    });
    const documents = s3DocumentStore(storage(), config.evidenceBucket(), { now: () => new Date() });
    expect(await documents.inspect(wrong.body.attachment.key)).toBeDefined();
    // With the right file it is submitted; then its attachments are evidence and stay (409).
    const right = await api.post<Reserved>(
      `/v1/demands/${created.body.id}/attachments`,
      tokens["enterprise"],
      {
        fileName: "正确.pdf",
        contentType: "application/pdf",
        sizeBytes: declared.length,
        sha256: sha256Hex(declared),
      },
    );
    await fetch(right.body.upload.url, { method: "PUT", headers: right.body.upload.headers, body: declared });
    expect((await api.post(`/v1/demands/${created.body.id}/submit`, tokens["enterprise"])).status).toBe(202);
    await settle();
    const late = await api.call<{ code: string }>(
      "DELETE",
      `/v1/demands/${created.body.id}/attachments/${right.body.attachment.id}`,
      { token: tokens["enterprise"] },
    );
    expect(late.status).toBe(409);
    expect(late.body.code).toBe("DEMAND_STATE_CONFLICT");
    const kept = await api.get<{ attachments: { id: string; status: string }[] }>(
      `/v1/demands/${created.body.id}`,
      tokens["enterprise"],
    );
    expect(kept.body.attachments.map((a) => [a.id, a.status])).toEqual([
      [right.body.attachment.id, "verified"],
    ]);
  });

  it("lists an organisation's own demands and the bureau's queue by status, page by page", async () => {
    const mine = await api.get<{ items: { id: string }[] }>("/v1/demands?limit=2", tokens["enterprise"]);
    expect(mine.status).toBe(200);
    expect(mine.body.items.length).toBe(2);
    expect(mine.body).toHaveProperty("next");
    const theirs = await api.get<{ items: unknown[] }>("/v1/demands", tokens["otherEnterprise"]);
    expect(theirs.body.items).toEqual([]);
    const accepted = await api.get<{ items: { status: string }[] }>(
      "/v1/demands?status=accepted",
      tokens["bureau"],
    );
    expect(accepted.body.items.length).toBeGreaterThanOrEqual(3);
    expect(accepted.body.items.every((d) => d.status === "accepted")).toBe(true);
    const badCursor = await api.get<{ code: string }>("/v1/demands?cursor=abc", tokens["bureau"]);
    expect(badCursor.status).toBe(400);
  });
});
