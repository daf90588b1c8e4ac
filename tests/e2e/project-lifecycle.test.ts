// End-to-end: the project lifecycle (立项 → 结题验收) on the embedded runtime over HTTP — the task book drafted from the
// winning application and signed by bureau, enterprise and solver in any order (a change voids the signatures),
// milestone evidence uploaded through presigned URLs and validated against its SHA-256, expert review with one
// rectification, the approver's payment opinion making the tranche eligible, reminders and escalation on the
// clock, and the chain's executions handed over without a duplicate.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { ListExecutionsCommand } from "@aws-sdk/client-sfn";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findBlockingCreditRecord } from "../../functions/credit/credit-records.ts";
import { addMonths, shanghaiDate, shanghaiInstant } from "../../functions/kernel/dates.ts";
import { storage, workflows } from "../../functions/platform/clients.ts";
import { config } from "../../functions/platform/config.ts";
import { recordStore } from "../../functions/platform/deps.ts";
import { updated } from "../../functions/platform/ports/records.ts";
import { s3DocumentStore } from "../../functions/platform/s3/document-store.ts";
import { s3ReportStore } from "../../functions/platform/s3/report-store.ts";
import { projectDeps } from "../../functions/projects/adapters/deps.ts";
import {
  anniversaryExecutionName,
  lifecycleMachines,
  milestoneExecutionName,
  phaseStateMachine,
  startExecutionName,
  trackKind,
  trancheId,
  trancheKind,
} from "../../functions/projects/model.ts";
import { handOverMilestoneTask } from "../../functions/projects/projects.ts";
import { recoveryKind } from "../../functions/recoveries/model.ts";
import { type Runtime, startRuntime } from "../../local/runtime.ts";
import { apiClient, sha256Hex, tokenIssuer } from "../support/api.ts";
import { awardedProject, type SeededProject } from "../support/projects.ts";

let runtime: Runtime;
let dataDir: string;
const api = apiClient(() => runtime.info.apiUrl);
const day = 86_400_000;

const as = tokenIssuer(() => runtime);
const bureau = () => as("b1", "taiyuan-stb", "bureau");
const approver = () => as("a1", "taiyuan-gov", "approver");
const enterprise = () => as("e1", "ent-casting", "enterprise");
const solver = () => as("s1", "uni-a", "solver");
const outsider = () => as("s9", "uni-z", "solver");
const expert = (n: number) => as(`x${n}`, `inst-${n}`, "expert");

interface Track {
  status: string;
  phase: number;
  lifecycle?: { machine: string; execution: string };
  taskBook: {
    revision: number;
    startDate: string;
    endDate: string;
    grantFen: number;
    milestones: { index: number; dueDate: string; releasesTranche?: number }[];
    tranches: { index: number; conditionToken: string; amountFen: number }[];
    signatures: { party: string }[];
    voided?: { revision: number; parties: string[] }[];
    signedOn?: string;
  };
  milestones: {
    index: number;
    status: string;
    dueDate: string;
    rectifyBy?: string;
    remindedAt?: string;
    escalatedAt?: string;
    reports: {
      validation?: { ok: boolean; issues: { message: string }[] };
      decision?: { verdict: string };
    }[];
    auditReports?: { event: string; jsonKey: string; htmlKey: string; sha256: string }[];
  }[];
  notices: { kind: string; milestone?: number; to: string }[];
  terminationReferral?: unknown;
}
interface View {
  project: { status: string };
  track: Track;
  tranches: { index: number; status: string; amountFen: number }[];
}

async function settle(): Promise<void> {
  await runtime.stepFunctions.whenIdle();
}
async function read(projectId: string, token?: string): Promise<View> {
  const got = await api.get<View>(`/v1/projects/${projectId}`, token ?? (await bureau()));
  expect(got.status, JSON.stringify(got.body)).toBe(200);
  return got.body;
}
/** The project's executions on every machine of its lifecycle (the chain's four and the older project-phase), by name. */
async function projectExecutions(projectId: string): Promise<{ name: string; status: string }[]> {
  const found: { name: string; status: string }[] = [];
  for (const machine of [phaseStateMachine, ...Object.values(lifecycleMachines)]) {
    const listed = await workflows().send(
      new ListExecutionsCommand({ stateMachineArn: config.stateMachineArn(machine), maxResults: 1000 }),
    );
    for (const e of listed.executions ?? [])
      if (e.name?.startsWith(`project-${projectId}-`))
        found.push({ name: e.name as string, status: e.status as string });
  }
  return found.sort((a, b) => a.name.localeCompare(b.name));
}
const running = async (projectId: string) =>
  (await projectExecutions(projectId)).filter((e) => e.status === "RUNNING").map((e) => e.name);

/** The presigned upload of each reserved file, by file id (a test may PUT to it again later). */
const uploads = new Map<string, { url: string; headers: Record<string, string> }>();

/**
 * Reserves a file, uploads `bytes` and returns its id. Bytes other than those declared are refused by the upload URL
 * (their length and SHA-256 are signed into it), so they are written with the platform's own credentials instead,
 * as nothing else could: validation still checks what is stored.
 */
async function upload(
  projectId: string,
  milestone: number,
  kind: string,
  declared: Buffer,
  bytes: Buffer = declared,
): Promise<string> {
  const slot = await api.post<{
    file: { fileId: string; key: string };
    upload: { url: string; headers: Record<string, string> };
  }>(`/v1/projects/${projectId}/milestones/${milestone}/evidence`, await enterprise(), {
    kind,
    fileName: `${kind}.pdf`,
    contentType: "application/pdf",
    sizeBytes: declared.length,
    sha256: sha256Hex(declared),
  });
  expect(slot.status, JSON.stringify(slot.body)).toBe(201);
  const put = await fetch(slot.body.upload.url, {
    method: "PUT",
    headers: slot.body.upload.headers,
    body: bytes,
  });
  if (bytes.equals(declared)) expect(put.status).toBe(200);
  else {
    expect(put.status).toBe(bytes.length === declared.length ? 400 : 403);
    await storage().send(
      new PutObjectCommand({ Bucket: config.evidenceBucket(), Key: slot.body.file.key, Body: bytes }),
    );
  }
  uploads.set(slot.body.file.fileId, slot.body.upload);
  return slot.body.file.fileId;
}

async function fileReport(projectId: string, milestone: number, fileIds: string[]) {
  const filed = await api.post(
    `/v1/projects/${projectId}/milestones/${milestone}/report`,
    await enterprise(),
    {
      summary: "中试线已建成，良品率 86%",
      indicators: [{ name: "良品率", actual: "86%" }],
      fileIds,
    },
  );
  expect(filed.status, JSON.stringify(filed.body)).toBe(202);
  await settle();
}

async function vote(projectId: string, milestone: number, n: number, verdict: string, rectifyDays?: number) {
  const voted = await api.post(`/v1/projects/${projectId}/milestones/${milestone}/review`, await expert(n), {
    verdict,
    comment: `专家 ${n}: ${verdict}`,
    ...(rectifyDays ? { rectifyDays } : {}),
  });
  expect(voted.status, JSON.stringify(voted.body)).toBe(200);
  await settle();
}

/** Drafts the task book and has all three parties sign revision 1. */
async function signedProject(
  policyId?: string,
  solverOrg = "uni-a",
  startDate = "2025-07-01",
): Promise<SeededProject> {
  const seeded = await awardedProject(runtime, { ...(policyId ? { policyId } : {}), solverOrg });
  const drafted = await api.post<Track>(`/v1/projects/${seeded.projectId}/task-book`, await bureau(), {
    startDate,
    ipTerms: "知识产权归揭榜方所有，出题企业享有优先使用权。",
    rewardPenaltyTerms: "未完成考核指标的，按任务书约定收回资金。",
  });
  expect(drafted.status, JSON.stringify(drafted.body)).toBe(201);
  const solverToken =
    solverOrg === "uni-a" ? await solver() : await as(`s-${solverOrg}`, solverOrg, "solver");
  for (const token of [solverToken, await enterprise(), await bureau()]) {
    const signed = await api.post(`/v1/projects/${seeded.projectId}/task-book/sign`, token, { revision: 1 });
    expect(signed.status, JSON.stringify(signed.body)).toBe(200);
  }
  await settle();
  return seeded;
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "jiebang-projects-"));
  // Monday 2 June 2025, 10:00 in Shanghai.
  runtime = await startRuntime({ dataDir, clockStart: "2025-06-02T02:00:00.000Z" });
  // The expert pool (专家库): x1..x3 independent; x8 from the solver uni-a; x9 declared a conflict with the enterprise.
  for (const [n, org, conflicts] of [
    [1, "inst-1", []],
    [2, "inst-2", []],
    [3, "inst-3", []],
    [8, "uni-a", []],
    [9, "inst-9", [{ organisationId: "ent-casting", reason: "曾任该企业技术顾问" }]],
  ] as const) {
    const registered = await api.post("/v1/experts", await bureau(), {
      expertId: `local-x${n}`,
      organisationId: org,
      name: `专家${n}`,
      expertise: n === 1 ? "finance" : "technical",
      conflicts,
    });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
  }
});

afterAll(async () => {
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("task book (任务书)", () => {
  it("is drafted from the application, signed in any order, and a change voids the signatures", async () => {
    const { projectId } = await awardedProject(runtime);
    const drafted = await api.post<Track>(`/v1/projects/${projectId}/task-book`, await bureau(), {
      startDate: "2025-07-01",
      ipTerms: "知识产权归揭榜方所有。",
      rewardPenaltyTerms: "未完成指标的收回资金。",
    });
    expect(drafted.status, JSON.stringify(drafted.body)).toBe(201);
    const book = drafted.body.taskBook;
    expect(book.endDate).toBe("2027-07-01");
    expect(book.milestones.map((m) => [m.dueDate, m.releasesTranche])).toEqual([
      ["2026-07-01", 2],
      ["2027-07-01", undefined],
    ]);
    // Taiyuan 2023: 30% on signing, 40% after milestone 1, 30% after acceptance, of 3,000,000 CNY.
    expect(book.tranches.map((t) => [t.conditionToken, t.amountFen])).toEqual([
      ["task-book-signed", 90_000_000],
      ["milestone-passed:1", 120_000_000],
      ["final-acceptance", 90_000_000],
    ]);
    // A second draft is refused.
    expect(
      (
        await api.post(`/v1/projects/${projectId}/task-book`, await bureau(), {
          startDate: "2025-07-01",
          ipTerms: "x",
          rewardPenaltyTerms: "y",
        })
      ).status,
    ).toBe(409);
    // Strangers neither read nor sign.
    expect((await api.get(`/v1/projects/${projectId}`, await outsider())).status).toBe(403);
    expect(
      (await api.post(`/v1/projects/${projectId}/task-book/sign`, await outsider(), { revision: 1 })).status,
    ).toBe(403);

    // The enterprise signs revision 1; the bureau then changes the start date: revision 2, the signature is void.
    expect(
      (await api.post(`/v1/projects/${projectId}/task-book/sign`, await enterprise(), { revision: 1 }))
        .status,
    ).toBe(200);
    const amended = await api.call<Track>("PATCH", `/v1/projects/${projectId}/task-book`, {
      token: await bureau(),
      body: { revision: 1, startDate: "2025-08-01" },
    });
    expect(amended.status, JSON.stringify(amended.body)).toBe(200);
    expect(amended.body.taskBook.revision).toBe(2);
    expect(amended.body.taskBook.signatures).toEqual([]);
    expect(amended.body.taskBook.voided).toEqual([
      expect.objectContaining({ revision: 1, parties: ["enterprise"] }),
    ]);
    expect(amended.body.taskBook.milestones[0]?.dueDate).toBe("2026-08-01");
    // Signing the old revision is stale; a stale amendment too.
    expect(
      (await api.post(`/v1/projects/${projectId}/task-book/sign`, await solver(), { revision: 1 })).status,
    ).toBe(409);
    expect(
      (
        await api.call("PATCH", `/v1/projects/${projectId}/task-book`, {
          token: await bureau(),
          body: { revision: 1, ipTerms: "改" },
        })
      ).status,
    ).toBe(409);
    // A start date making the period too long for the policy is a business-rule refusal, nothing written.
    expect(
      (
        await api.call("PATCH", `/v1/projects/${projectId}/task-book`, {
          token: await bureau(),
          body: { revision: 2, milestones: [{ index: 1, dueDate: "2030-01-01" }] },
        })
      ).status,
    ).toBe(400);

    // Solver, bureau, enterprise sign revision 2 (another order); a second signature by the same party is 409.
    expect(
      (await api.post(`/v1/projects/${projectId}/task-book/sign`, await solver(), { revision: 2 })).status,
    ).toBe(200);
    expect(
      (await api.post(`/v1/projects/${projectId}/task-book/sign`, await solver(), { revision: 2 })).status,
    ).toBe(409);
    expect(
      (await api.post(`/v1/projects/${projectId}/task-book/sign`, await bureau(), { revision: 2 })).status,
    ).toBe(200);
    let view = await read(projectId);
    expect(view.track.status).toBe("drafting");
    expect(view.project.status).toBe("awaiting-task-book");
    expect(
      (await api.post(`/v1/projects/${projectId}/task-book/sign`, await enterprise(), { revision: 2 }))
        .status,
    ).toBe(200);
    await settle();
    view = await read(projectId, await solver());
    expect(view.track.status).toBe("in-progress");
    expect(view.project.status).toBe("in-progress");
    expect(view.track.taskBook.signedOn).toBe("2025-06-02");
    expect(view.tranches.map((t) => [t.index, t.status, t.amountFen])).toEqual([
      [1, "eligible", 90_000_000],
      [2, "planned", 120_000_000],
      [3, "planned", 90_000_000],
    ]);
    // Signed: no more changes.
    expect(
      (
        await api.call("PATCH", `/v1/projects/${projectId}/task-book`, {
          token: await bureau(),
          body: { revision: 2, ipTerms: "改" },
        })
      ).status,
    ).toBe(409);
    // The signatures' execution ended on the chain's first milestone, the one execution running (none on project-phase).
    expect(await projectExecutions(projectId)).toEqual([
      { name: milestoneExecutionName(projectId, 1, 1), status: "RUNNING" },
      { name: startExecutionName(projectId, 1), status: "SUCCEEDED" },
    ]);
    expect(view.track.lifecycle).toMatchObject({
      machine: "project-milestone",
      execution: milestoneExecutionName(projectId, 1, 1),
    });
  }, 60_000);
});

describe("milestone reports", () => {
  it("validates evidence by SHA-256, takes one rectification, and the approver's opinion makes the tranche eligible", async () => {
    const { projectId } = await signedProject();
    const report = Buffer.from("%PDF-1.7 进展报告");
    const auditReport = Buffer.from("%PDF-1.7 专项审计报告");
    const progressId = await upload(projectId, 1, "progress-report", report);
    // The audit report uploaded is not the file declared: validation returns the report.
    const badAuditId = await upload(
      projectId,
      1,
      "audit-report",
      auditReport,
      Buffer.from("%PDF-1.7 篡改的审计报告"),
    );
    await fileReport(projectId, 1, [progressId, badAuditId]);
    let view = await read(projectId);
    let m1 = view.track.milestones[0]!;
    expect(m1.status).toBe("returned");
    expect(m1.reports[0]?.validation?.ok).toBe(false);
    expect(m1.reports[0]?.validation?.issues.map((i) => i.message).join()).toContain("SHA-256");
    // A report without the audit report is returned too.
    await fileReport(projectId, 1, [progressId]);
    view = await read(projectId);
    expect(view.track.milestones[0]?.status).toBe("returned");
    expect(view.track.milestones[0]?.reports[1]?.validation?.issues.map((i) => i.message)).toEqual([
      "a audit-report is required",
    ]);

    // The right file: to the experts.
    const auditId = await upload(projectId, 1, "audit-report", auditReport);
    await fileReport(projectId, 1, [progressId, auditId]);
    expect((await read(projectId)).track.milestones[0]?.status).toBe("under-review");
    // Verified and sealed. The presigned URL is still valid but takes only the declared bytes; other bytes written to
    // the upload's key with the bucket's own credentials replace the upload, but not the sealed copy that is served
    // and audited (checked further down).
    const sealedFiles = (
      (await read(projectId)).track.milestones[0] as unknown as {
        files: { fileId: string; key: string; sealedKey?: string; verifiedAt?: string }[];
      }
    ).files;
    const sealedAudit = sealedFiles.find((f) => f.fileId === auditId);
    expect(sealedAudit?.verifiedAt).toBeDefined();
    expect(sealedAudit?.sealedKey).toBe(`sealed/${sealedAudit?.key}`);
    const forged = Buffer.alloc(auditReport.length, "X");
    const again = uploads.get(auditId)!;
    expect((await fetch(again.url, { method: "PUT", headers: again.headers, body: forged })).status).toBe(
      400,
    );
    await storage().send(
      new PutObjectCommand({ Bucket: config.evidenceBucket(), Key: sealedAudit!.key, Body: forged }),
    );
    const evidenceStore = s3DocumentStore(storage(), config.evidenceBucket(), { now: () => new Date() });
    expect((await evidenceStore.inspect(sealedAudit!.key))?.sha256).toBe(sha256Hex(forged));
    expect((await evidenceStore.inspect(sealedAudit!.sealedKey!))?.sha256).toBe(sha256Hex(auditReport));
    // Panel experts come from the pool and are not conflicted with the parties (422 with the field, nothing written).
    for (const [expertIds, code, path] of [
      [["local-x1", "local-nobody"], "EXPERT_NOT_IN_POOL", "body.expertIds.1"],
      [["local-x8"], "EXPERT_CONFLICT_OF_INTEREST", "body.expertIds.0"],
      [["local-x2", "local-x9"], "EXPERT_CONFLICT_OF_INTEREST", "body.expertIds.1"],
    ] as const) {
      const refused = await api.post<{ code: string; fields: { path: string }[] }>(
        `/v1/projects/${projectId}/milestones/1/experts`,
        await bureau(),
        { expertIds },
      );
      expect(refused.status, JSON.stringify(refused.body)).toBe(422);
      expect(refused.body.code).toBe(code);
      expect(refused.body.fields.map((f) => f.path)).toEqual([path]);
    }
    expect(
      (
        (await read(projectId)).track.milestones[0] as unknown as {
          panel: string[];
        }
      ).panel,
    ).toEqual([]);
    expect(
      (
        await api.post(`/v1/projects/${projectId}/milestones/1/experts`, await bureau(), {
          expertIds: ["local-x1", "local-x2", "local-x3"],
        })
      ).status,
    ).toBe(200);
    // Panel experts may read it; others not.
    expect((await api.get(`/v1/projects/${projectId}`, await expert(1))).status).toBe(200);
    expect((await api.get(`/v1/projects/${projectId}`, await expert(7))).status).toBe(403);
    expect(
      (
        await api.post(`/v1/projects/${projectId}/milestones/1/review`, await expert(7), {
          verdict: "pass",
          comment: "x",
        })
      ).status,
    ).toBe(403);

    // Fail, rectify, fail: no majority passes and a rectification is offered — rectify within 45 days.
    await vote(projectId, 1, 1, "fail");
    await vote(projectId, 1, 2, "rectify", 45);
    expect(
      (
        await api.post(`/v1/projects/${projectId}/milestones/1/review`, await expert(2), {
          verdict: "pass",
          comment: "again",
        })
      ).status,
    ).toBe(409);
    await vote(projectId, 1, 3, "fail");
    view = await read(projectId);
    m1 = view.track.milestones[0]!;
    expect(m1.status).toBe("rectifying");
    expect(m1.rectifyBy).toBe("2025-07-17");
    // Nothing is payable yet; the approver cannot confirm.
    expect(
      (
        await api.post(`/v1/projects/${projectId}/milestones/1/payment-opinion`, await approver(), {
          decision: "confirm",
        })
      ).status,
    ).toBe(409);

    // The rectified report passes (2 of 3), a second rectification is no longer possible.
    await fileReport(projectId, 1, [progressId, auditId]);
    expect((await read(projectId)).track.milestones[0]?.status).toBe("under-review");
    await vote(projectId, 1, 1, "pass");
    expect(
      (
        await api.post(`/v1/projects/${projectId}/milestones/1/review`, await expert(2), {
          verdict: "rectify",
          comment: "x",
        })
      ).status,
    ).toBe(422);
    await vote(projectId, 1, 2, "fail");
    await vote(projectId, 1, 3, "pass");
    view = await read(projectId);
    expect(view.track.milestones[0]?.status).toBe("awaiting-payment-opinion");
    expect(view.tranches[1]?.status).toBe("planned");

    // The approver confirms the payment opinion: tranche 2 (40%) is eligible for finance.
    expect(
      (
        await api.post(`/v1/projects/${projectId}/milestones/1/payment-opinion`, await approver(), {
          decision: "confirm",
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await api.post(`/v1/projects/${projectId}/milestones/1/payment-opinion`, await approver(), {
          decision: "confirm",
        })
      ).status,
    ).toBe(409);
    await settle();
    view = await read(projectId);
    expect(view.track.milestones[0]?.status).toBe("passed");
    expect(view.tranches.map((t) => t.status)).toEqual(["eligible", "eligible", "planned"]);
    // The stored evidence is served back with its hash intact.
    const link = await api.get<{ url: string }>(
      `/v1/projects/${projectId}/milestones/1/evidence/${auditId}`,
      await solver(),
    );
    expect(link.status).toBe(200);
    expect(sha256Hex(Buffer.from(await (await fetch(link.body.url)).arrayBuffer()))).toBe(
      sha256Hex(auditReport),
    );

    // Audit reports in the audit bucket for each decision: JSON with the hashes of the stored evidence, and HTML.
    const refs = (await read(projectId)).track.milestones[0]?.auditReports ?? [];
    expect(refs.map((r) => r.event)).toEqual(["review-3", "review-4", "payment-opinion"]);
    const bucket = s3ReportStore(storage(), config.auditBucket());
    const stored = JSON.parse((await bucket.read(refs[2]!.jsonKey)) as string) as {
      decision: { kind: string; amountFen: number };
      reviewers: unknown[];
      indicators: { name: string; target: string; actual: string }[];
      money: { releasedFen: number };
      evidence: { key: string; sha256: string }[];
    };
    expect(stored.decision).toMatchObject({ kind: "payment-opinion", amountFen: 120_000_000 });
    expect(stored.reviewers).toHaveLength(3);
    expect(stored.indicators).toEqual([{ name: "良品率", target: ">= 85", unit: "%", actual: "86%" }]);
    expect(stored.money.releasedFen).toBe(210_000_000);
    const documents = s3DocumentStore(storage(), config.evidenceBucket(), { now: () => new Date() });
    expect(stored.evidence).toHaveLength(2);
    // The report names the sealed copies, whose bytes still hash as listed after the second PUT above.
    for (const e of stored.evidence) {
      expect(e.key.startsWith("sealed/")).toBe(true);
      expect((await documents.inspect(e.key))?.sha256).toBe(e.sha256);
    }
    expect(stored.evidence.map((e) => e.sha256)).toContain(sha256Hex(auditReport));
    const html = (await bucket.read(refs[2]!.htmlKey)) as string;
    expect(html).toContain("项目里程碑审计报告");
    expect(html).toContain(sha256Hex(auditReport));
    expect(sha256Hex((await bucket.read(refs[2]!.jsonKey)) as string)).toBe(refs[2]!.sha256);
  }, 60_000);

  it("seals write-once on the embedded S3 (s3rver): a re-seal after the upload changed keeps the sealed bytes", async () => {
    const documents = s3DocumentStore(storage(), config.evidenceBucket(), { now: () => new Date() });
    const { projectId } = await signedProject();
    const original = Buffer.from("%PDF-1.7 原件");
    const fileId = await upload(projectId, 1, "evidence", original);
    const slot = uploads.get(fileId)!;
    const staging = `projects/${projectId}/milestones/1/${fileId}`;
    const sealed = `sealed/${staging}`;
    expect((await documents.seal(staging, sealed))?.sha256).toBe(sha256Hex(original));
    // The upload URL refuses other bytes; the bucket's own credentials can still change the upload, not the seal.
    const forged = Buffer.alloc(original.length, "Y");
    expect((await fetch(slot.url, { method: "PUT", headers: slot.headers, body: forged })).status).toBe(400);
    await storage().send(
      new PutObjectCommand({ Bucket: config.evidenceBucket(), Key: staging, Body: forged }),
    );
    expect((await documents.inspect(staging))?.sha256).toBe(sha256Hex(forged));
    expect((await documents.seal(staging, sealed))?.sha256).toBe(sha256Hex(original));
    // Nothing uploaded: nothing sealed.
    expect(await documents.seal(`${staging}-missing`, `${sealed}-missing`)).toBeUndefined();
  }, 60_000);

  it("refuses evidence of a type or size outside the limits, nothing reserved", async () => {
    const { projectId } = await signedProject();
    const token = await enterprise();
    const base = {
      kind: "evidence",
      fileName: "x.pdf",
      contentType: "application/pdf",
      sizeBytes: 10,
      sha256: sha256Hex(Buffer.from("x")),
    };
    for (const [body, code, path] of [
      [{ ...base, contentType: "application/x-msdownload" }, "EVIDENCE_TYPE_NOT_ALLOWED", "body.contentType"],
      [{ ...base, sizeBytes: 50 * 1024 * 1024 + 1 }, "EVIDENCE_TOO_LARGE", "body.sizeBytes"],
    ] as const) {
      const refused = await api.post<{ code: string; fields: { path: string }[] }>(
        `/v1/projects/${projectId}/milestones/1/evidence`,
        token,
        body,
      );
      expect(refused.status, JSON.stringify(refused.body)).toBe(422);
      expect(refused.body.code).toBe(code);
      expect(refused.body.fields.map((f) => f.path)).toEqual([path]);
    }
    expect(((await read(projectId)).track.milestones[0] as unknown as { files: unknown[] }).files).toEqual(
      [],
    );
  }, 60_000);

  it("a rectification deadline passing without a new report refers the project for termination", async () => {
    const { projectId } = await signedProject();
    const files = [
      await upload(projectId, 1, "progress-report", Buffer.from("report r")),
      await upload(projectId, 1, "audit-report", Buffer.from("audit r")),
    ];
    await fileReport(projectId, 1, files);
    await api.post(`/v1/projects/${projectId}/milestones/1/experts`, await bureau(), {
      expertIds: ["local-x1"],
    });
    await vote(projectId, 1, 1, "rectify", 30);
    let view = await read(projectId);
    const rectifyBy = view.track.milestones[0]?.rectifyBy as string;
    expect(view.track.milestones[0]?.status).toBe("rectifying");
    // The last day of the deadline (Shanghai) still allows a report; the next day the workflow refers it.
    await runtime.advanceClock(shanghaiInstant(rectifyBy, 20) - runtime.clock.now());
    expect((await read(projectId)).track.milestones[0]?.status).toBe("rectifying");
    await runtime.advanceClock(6 * 60 * 60 * 1000);
    view = await read(projectId);
    expect(view.track.milestones[0]?.status).toBe("failed");
    expect(view.track.status).toBe("termination-referred");
    expect(view.track.terminationReferral).toMatchObject({ milestone: 1 });
    expect(view.track.notices.map((n) => [n.kind, n.to])).toContainEqual(["termination-referral", "bureau"]);
  }, 60_000);

  it("a failed review with no rectification left is referred to the bureau for termination", async () => {
    const { projectId } = await signedProject();
    const files = [
      await upload(projectId, 1, "progress-report", Buffer.from("report")),
      await upload(projectId, 1, "audit-report", Buffer.from("audit")),
    ];
    await fileReport(projectId, 1, files);
    await api.post(`/v1/projects/${projectId}/milestones/1/experts`, await bureau(), {
      expertIds: ["local-x1"],
    });
    await vote(projectId, 1, 1, "fail");
    const view = await read(projectId);
    expect(view.track.milestones[0]?.status).toBe("failed");
    expect(view.track.status).toBe("termination-referred");
    expect(view.track.terminationReferral).toMatchObject({ milestone: 1 });
  }, 60_000);

  it("refuses the vote of a panel expert who became conflicted (回避), records the recusal and takes a replacement", async () => {
    const { projectId } = await signedProject();
    const registered = await api.post("/v1/experts", await bureau(), {
      expertId: "local-x4",
      organisationId: "inst-4",
      name: "专家4",
      expertise: "technical",
    });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    const files = [
      await upload(projectId, 1, "progress-report", Buffer.from("report")),
      await upload(projectId, 1, "audit-report", Buffer.from("audit")),
    ];
    await fileReport(projectId, 1, files);
    const named = await api.post(`/v1/projects/${projectId}/milestones/1/experts`, await bureau(), {
      expertIds: ["local-x1", "local-x4"],
    });
    expect(named.status, JSON.stringify(named.body)).toBe(200);
    // Named while independent; then x4 declares a conflict with the project's enterprise.
    const declared = await api.post("/v1/experts/me/conflicts", await expert(4), {
      organisationId: "ent-casting",
      reason: "已受聘为该企业顾问",
    });
    expect(declared.status, JSON.stringify(declared.body)).toBe(200);
    const refused = await api.post<{ code: string }>(
      `/v1/projects/${projectId}/milestones/1/review`,
      await expert(4),
      { verdict: "pass", comment: "通过" },
    );
    expect(refused.status, JSON.stringify(refused.body)).toBe(422);
    expect(refused.body.code).toBe("EXPERT_CONFLICT_OF_INTEREST");
    const reports = (
      (await read(projectId)).track.milestones[0] as unknown as { reports: { votes: unknown[] }[] }
    ).reports;
    expect(reports.at(-1)?.votes).toEqual([]);
    // The independent expert still votes; that vote records x4's recusal (回避) on the panel. One seated expert of
    // two is below the quorum (a majority of the seats), so the review waits for a replacement.
    await vote(projectId, 1, 1, "pass");
    type Panelled = {
      panel: string[];
      recusals?: { expertId: string; reason: string; replacedBy?: string }[];
    };
    let m = (await read(projectId)).track.milestones[0] as unknown as Panelled & { status: string };
    expect(m.status).toBe("under-review");
    expect(m.recusals).toEqual([
      expect.objectContaining({
        expertId: "local-x4",
        organisationId: "ent-casting",
        reason: "已受聘为该企业顾问",
      }),
    ]);
    // Once voting started only the recused member's seat may change: adding a seat, dropping x1 or changing nothing
    // is refused, a conflicted replacement too (with its field), nothing written.
    for (const expertIds of [["local-x1", "local-x2", "local-x3"], ["local-x2"], ["local-x1"]]) {
      const refusedPanel = await api.post<{ code: string }>(
        `/v1/projects/${projectId}/milestones/1/experts`,
        await bureau(),
        { expertIds },
      );
      expect(refusedPanel.status, JSON.stringify(refusedPanel.body)).toBe(409);
      expect(refusedPanel.body.code).toBe("REVIEW_STARTED");
    }
    const conflictedReplacement = await api.post<{ code: string; fields: { path: string }[] }>(
      `/v1/projects/${projectId}/milestones/1/experts`,
      await bureau(),
      { expertIds: ["local-x1", "local-x9"] },
    );
    expect(conflictedReplacement.status, JSON.stringify(conflictedReplacement.body)).toBe(422);
    expect(conflictedReplacement.body.fields.map((f) => f.path)).toEqual(["body.expertIds.1"]);
    // The bureau names x2 to x4's seat; x4 is off the panel (403), x2's vote completes the review.
    const replaced = await api.post(`/v1/projects/${projectId}/milestones/1/experts`, await bureau(), {
      expertIds: ["local-x1", "local-x2"],
    });
    expect(replaced.status, JSON.stringify(replaced.body)).toBe(200);
    m = (await read(projectId)).track.milestones[0] as unknown as Panelled & { status: string };
    expect(m.panel).toEqual(["local-x1", "local-x2"]);
    expect(m.recusals?.map((r) => [r.expertId, r.replacedBy])).toEqual([["local-x4", "local-x2"]]);
    const offPanel = await api.post(`/v1/projects/${projectId}/milestones/1/review`, await expert(4), {
      verdict: "pass",
      comment: "通过",
    });
    expect(offPanel.status).toBe(403);
    await vote(projectId, 1, 2, "pass");
    const view = await read(projectId);
    expect(view.track.milestones[0]?.status).toBe("awaiting-payment-opinion");
    expect(view.track.milestones[0]?.reports.at(-1)?.decision?.verdict).toBe("pass");
    // The audit trail shows the recusal (with the vote that recorded it) and the replacement.
    const trail = await recordStore().auditTrail(trackKind as never, projectId);
    const recorded = trail.find((e) => e.action === "milestone.review-vote" && e.detail?.recused);
    expect(recorded?.detail?.recused).toEqual([expect.objectContaining({ expertId: "local-x4" })]);
    const replacement = trail.find((e) => e.action === "milestone.panel-replaced");
    expect(replacement?.actor).toBe("local-b1");
    expect(replacement?.detail?.replaced).toEqual([{ expertId: "local-x4", replacedBy: "local-x2" }]);
  }, 60_000);

  it("decides on the remaining quorum when a member of a larger panel becomes conflicted (回避)", async () => {
    const { projectId } = await signedProject();
    const registered = await api.post("/v1/experts", await bureau(), {
      expertId: "local-x5",
      organisationId: "inst-5",
      name: "专家5",
      expertise: "technical",
    });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    const files = [
      await upload(projectId, 1, "progress-report", Buffer.from("report")),
      await upload(projectId, 1, "audit-report", Buffer.from("audit")),
    ];
    await fileReport(projectId, 1, files);
    const named = await api.post(`/v1/projects/${projectId}/milestones/1/experts`, await bureau(), {
      expertIds: ["local-x1", "local-x2", "local-x3", "local-x5"],
    });
    expect(named.status, JSON.stringify(named.body)).toBe(200);
    await vote(projectId, 1, 1, "pass");
    await vote(projectId, 1, 2, "fail");
    const declared = await api.post("/v1/experts/me/conflicts", await expert(5), {
      organisationId: "uni-a",
      reason: "与揭榜方有合作项目",
    });
    expect(declared.status, JSON.stringify(declared.body)).toBe(200);
    // x3's vote recuses x5; three seated experts of four are a quorum and all voted: 2 of 3 pass.
    await vote(projectId, 1, 3, "pass");
    const m = (await read(projectId)).track.milestones[0] as unknown as {
      status: string;
      recusals: { expertId: string; organisationId: string }[];
      reports: { decision?: { verdict: string } }[];
    };
    expect(m.status).toBe("awaiting-payment-opinion");
    expect(m.reports.at(-1)?.decision?.verdict).toBe("pass");
    expect(m.recusals).toEqual([expect.objectContaining({ expertId: "local-x5", organisationId: "uni-a" })]);
    const trail = await recordStore().auditTrail(trackKind as never, projectId);
    const last = trail.filter((e) => e.action === "milestone.review-vote").at(-1);
    expect(last?.actor).toBe("local-x3");
    expect(last?.detail).toMatchObject({ decision: "pass", recused: [{ expertId: "local-x5" }] });
  }, 60_000);
});

describe("time and phases", () => {
  it("reminds before a due date, escalates after it, and hands over executions without duplicates", async () => {
    const { projectId } = await signedProject();
    const m1 = (round: number) => milestoneExecutionName(projectId, 1, round);
    // 14 days before milestone 1 (2026-07-01) at 09:00 Shanghai the enterprise is reminded; milestone 1's execution
    // handed over to its second round after 300 days on the way (2026-03-29).
    await runtime.advanceClock(Date.parse("2026-06-17T02:00:00Z") - runtime.clock.now());
    let view = await read(projectId);
    expect(view.track.milestones[0]?.remindedAt).toBeDefined();
    expect(view.track.milestones[0]?.escalatedAt).toBeUndefined();
    expect(view.track.notices).toEqual([
      { kind: "milestone-reminder", milestone: 1, at: expect.any(String), to: "enterprise" },
    ]);
    expect(view.track.lifecycle?.execution).toBe(m1(2));
    // After the due date passes without a report, the bureau is told.
    await runtime.advanceClock(15 * day);
    view = await read(projectId);
    expect(view.track.milestones[0]?.escalatedAt).toBeDefined();
    expect(view.track.notices.map((n) => [n.kind, n.to])).toEqual([
      ["milestone-reminder", "enterprise"],
      ["milestone-overdue", "bureau"],
    ]);
    expect(await running(projectId)).toEqual([m1(2)]);
    expect((await projectExecutions(projectId)).find((e) => e.name === m1(1))?.status).toBe("SUCCEEDED");

    // The hand-over retried (its task delivered twice) starts nothing more: the second round stays in charge, once.
    const deps = projectDeps();
    const retried = { projectId, milestone: 1, round: 1, execution: m1(1) };
    expect(await handOverMilestoneTask(deps, retried)).toEqual({ executionName: m1(2) });
    expect(await handOverMilestoneTask(deps, retried)).toEqual({ executionName: m1(2) });
    await settle();
    expect((await projectExecutions(projectId)).filter((e) => e.name === m1(2))).toHaveLength(1);
    expect(await running(projectId)).toEqual([m1(2)]);
    expect((await read(projectId)).track.lifecycle?.execution).toBe(m1(2));

    // A crash between the hand-over's write and StartExecution: the round parked (no longer in charge) has ended, the
    // next has not started; the retried task starts it, once.
    const crashing = {
      ...deps,
      workflows: {
        ...deps.workflows,
        start: async () => {
          throw new Error("killed before StartExecution");
        },
      },
    };
    const fromSecond = { projectId, milestone: 1, round: 2, execution: m1(2) };
    await expect(handOverMilestoneTask(crashing, fromSecond)).rejects.toThrow("killed");
    await settle();
    expect((await read(projectId)).track.lifecycle?.execution).toBe(m1(3));
    expect(await running(projectId)).toEqual([]);
    expect((await projectExecutions(projectId)).find((e) => e.name === m1(2))?.status).toBe("SUCCEEDED");
    expect(await handOverMilestoneTask(deps, fromSecond)).toEqual({ executionName: m1(3) });
    await handOverMilestoneTask(deps, fromSecond);
    await settle();
    await runtime.advanceClock(day);
    expect((await projectExecutions(projectId)).filter((e) => e.name === m1(3))).toHaveLength(1);
    expect(await running(projectId)).toEqual([m1(3)]);
    // Events still reach the round in charge: a report filed now is validated.
    const files = [
      await upload(projectId, 1, "progress-report", Buffer.from("late report")),
      await upload(projectId, 1, "audit-report", Buffer.from("late audit")),
    ];
    await fileReport(projectId, 1, files);
    expect((await read(projectId)).track.milestones[0]?.status).toBe("under-review");
  }, 120_000);

  it("releases the Anshan tranche on the first anniversary of signing (a timer)", async () => {
    const { projectId } = await signedProject("anshan-2025");
    let view = await read(projectId);
    // Anshan 2025: 10% of 10,000,000 CNY = the 1,000,000 cap; 60% in the second year, 40% after acceptance.
    expect(view.tranches.map((t) => [t.index, t.status, t.amountFen])).toEqual([
      [1, "planned", 60_000_000],
      [2, "planned", 40_000_000],
    ]);
    // An hour before the anniversary of signing (00:00 in Shanghai) nothing; just after, tranche 1 is eligible.
    const anniversary = shanghaiInstant(addMonths(view.track.taskBook.signedOn as string, 12));
    await runtime.advanceClock(anniversary - 60 * 60 * 1000 - runtime.clock.now());
    expect((await read(projectId)).tranches[0]?.status).toBe("planned");
    await runtime.advanceClock(2 * 60 * 60 * 1000);
    view = await read(projectId);
    expect(view.tranches.map((t) => t.status)).toEqual(["eligible", "planned"]);
    expect(view.track.notices.map((n) => n.kind)).toContain("tranche-eligible");
    // The anniversary's own execution, a year beyond its 300-day horizon, handed over once and ended on the day.
    await settle();
    expect(
      (await projectExecutions(projectId)).filter((e) => e.name.startsWith(`project-${projectId}-y1-`)),
    ).toEqual([
      { name: anniversaryExecutionName(projectId, 1, 1), status: "SUCCEEDED" },
      { name: anniversaryExecutionName(projectId, 1, 2), status: "SUCCEEDED" },
    ]);
  }, 120_000);
});

/** Finance paid these tranches (the payments context's part, simulated on the record). */
async function markPaid(projectId: string, indexes: number[]): Promise<void> {
  const at = new Date(runtime.clock.now()).toISOString();
  for (const index of indexes) {
    const t = await recordStore().get(trancheKind, trancheId(projectId, index));
    if (!t) throw new Error(`no tranche ${index}`);
    await recordStore().write(
      [
        updated(
          trancheKind,
          t,
          { ...t, version: t.version + 1, status: "paid", updatedAt: at },
          {
            actor: "f1",
            role: "finance",
            action: "test.tranche-paid",
          },
        ),
      ],
      at,
    );
  }
}

describe("termination and fraud", () => {
  it("terminates after tranche 1: unpaid tranches cancelled, paid-but-unspent money to recover, to the fen", async () => {
    const { projectId } = await signedProject();
    await markPaid(projectId, [1]);
    // With fault, a third-party review is required first.
    const noReview = await api.post(`/v1/projects/${projectId}/termination`, await bureau(), {
      reason: "技术路线不可行",
      fault: true,
      proposedBy: "enterprise",
      verifiedSpendingFen: 0,
    });
    expect(noReview.status).toBe(422);
    expect(
      (
        await api.post(`/v1/projects/${projectId}/termination`, await enterprise(), {
          reason: "x",
          fault: false,
          proposedBy: "enterprise",
          verifiedSpendingFen: 0,
        })
      ).status,
    ).toBe(403);
    // Without fault: 900,000.00 paid, 350,000.01 spent as audited → 549,999.99 to recover.
    const ended = await api.post<{
      recovery: { amountFen: number; cancelledTranches: number[]; cancelledFen: number };
    }>(`/v1/projects/${projectId}/termination`, await bureau(), {
      reason: "市场变化，双方协商终止",
      fault: false,
      proposedBy: "enterprise",
      verifiedSpendingFen: 35_000_001,
    });
    expect(ended.status, JSON.stringify(ended.body)).toBe(200);
    expect(ended.body.recovery).toMatchObject({
      amountFen: 54_999_999,
      cancelledTranches: [2, 3],
      cancelledFen: 210_000_000,
    });
    await settle();
    const view = await read(projectId);
    expect(view.project.status).toBe("terminated");
    expect(view.tranches.map((t) => t.status)).toEqual(["paid", "cancelled", "cancelled"]);
    expect((await recordStore().get(recoveryKind, `rcv-${projectId}`))?.status).toBe("assessed");
    expect(
      (
        await api.post(`/v1/projects/${projectId}/termination`, await bureau(), {
          reason: "again",
          fault: false,
          proposedBy: "bureau",
          verifiedSpendingFen: 0,
        })
      ).status,
    ).toBe(409);
    // The project's executions ended.
    expect(await running(projectId)).toEqual([]);
  }, 60_000);

  it("fraud after tranche 2: all paid money to recover and the solver refused in every programme", async () => {
    const { projectId } = await signedProject(undefined, "uni-fraud");
    await markPaid(projectId, [1, 2]);
    const found = await api.post<{ recovery: { amountFen: number; cancelledTranches: number[] } }>(
      `/v1/projects/${projectId}/fraud`,
      await bureau(),
      { reason: "伪造检测报告", proposedBy: "bureau" },
    );
    expect(found.status, JSON.stringify(found.body)).toBe(200);
    expect(found.body.recovery).toMatchObject({ amountFen: 210_000_000, cancelledTranches: [3] });
    const today = shanghaiDate(runtime.clock.now());
    const blocking = await findBlockingCreditRecord(recordStore(), ["uni-fraud"], today);
    expect(blocking).toMatchObject({ organisationId: "uni-fraud", source: "project-recovery", projectId });
    // 36 months (Taiyuan's period) later it no longer blocks.
    expect(
      await findBlockingCreditRecord(recordStore(), ["uni-fraud"], blocking!.blockedUntil),
    ).toBeUndefined();
    expect(
      (
        await api.post(`/v1/projects/${projectId}/fraud`, await bureau(), {
          reason: "again",
          proposedBy: "bureau",
        })
      ).status,
    ).toBe(409);
  }, 60_000);
});

describe("extension (延期)", () => {
  it("an approved force-majeure extension moves every later due date and timer, each shift audited", async () => {
    const today = shanghaiDate(runtime.clock.now());
    const { projectId } = await signedProject(undefined, "uni-a", today);
    let view = await read(projectId);
    const due = view.track.milestones.map((m) => m.dueDate);
    expect(due).toEqual([addMonths(today, 12), addMonths(today, 24)]);
    const evidence = await upload(projectId, 1, "evidence", Buffer.from("洪灾停产证明"));
    // The bureau does not ask; the enterprise does; a second request waits for the first.
    expect(
      (await api.post(`/v1/projects/${projectId}/extension`, await bureau(), { months: 6, reason: "x" }))
        .status,
    ).toBe(403);
    const asked = await api.post(`/v1/projects/${projectId}/extension`, await enterprise(), {
      months: 6,
      reason: "洪灾导致中试线停产三个月",
      evidenceFileIds: [evidence],
    });
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    expect(
      (await api.post(`/v1/projects/${projectId}/extension`, await solver(), { months: 3, reason: "y" }))
        .status,
    ).toBe(409);
    const approved = await api.post(`/v1/projects/${projectId}/extension/decision`, await bureau(), {
      decision: "approve",
    });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    await settle();
    view = await read(projectId);
    expect(view.project.status).toBe("extended");
    expect(view.track.milestones.map((m) => m.dueDate)).toEqual([addMonths(today, 18), addMonths(today, 30)]);
    expect(view.track.taskBook.endDate).toBe(addMonths(today, 30));
    const trail = await recordStore().auditTrail(trackKind as never, projectId);
    const event = trail.find((e) => e.action === "extension.approved");
    expect(event?.detail?.["shifts"]).toEqual([
      { what: "milestone 1", from: due[0], to: addMonths(today, 18) },
      { what: "milestone 2", from: due[1], to: addMonths(today, 30) },
      { what: "end date", from: addMonths(today, 24), to: addMonths(today, 30) },
    ]);
    // The old reminder day passes quietly; the enterprise is reminded 14 days before the new due date.
    await runtime.advanceClock(shanghaiInstant(addMonths(today, 12)) - runtime.clock.now());
    expect((await read(projectId)).track.milestones[0]?.remindedAt).toBeUndefined();
    await runtime.advanceClock(shanghaiInstant(addMonths(today, 18)) - runtime.clock.now());
    view = await read(projectId);
    expect(view.track.milestones[0]?.remindedAt).toBeDefined();
    expect(view.track.milestones[0]?.escalatedAt).toBeUndefined();
  }, 60_000);
});

describe("final acceptance (结题验收)", () => {
  async function passMilestone(projectId: string, n: number): Promise<void> {
    const files = [
      await upload(projectId, n, "progress-report", Buffer.from(`report ${n}`)),
      await upload(projectId, n, "audit-report", Buffer.from(`audit ${n}`)),
    ];
    await fileReport(projectId, n, files);
    await api.post(`/v1/projects/${projectId}/milestones/${n}/experts`, await bureau(), {
      expertIds: ["local-x1"],
    });
    await vote(projectId, n, 1, "pass");
    const confirmed = await api.post(
      `/v1/projects/${projectId}/milestones/${n}/payment-opinion`,
      await approver(),
      {
        decision: "confirm",
      },
    );
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    await settle();
  }

  it("runs from signing to closure: milestones, plan fixed by both, experts, final tranche, audit report", async () => {
    const today = shanghaiDate(runtime.clock.now());
    const { projectId } = await signedProject(undefined, "uni-a", today);
    await passMilestone(projectId, 1);
    // A dynamic adjustment (动态调整) of milestone 2's target left unsigned: the project's closure voids it (below).
    const adjusted = await api.post(`/v1/projects/${projectId}/adjustments`, await bureau(), {
      reason: "产业需求变化，调整验收良品率",
      changes: [{ milestone: 2, indicator: "良品率", target: ">= 90" }],
    });
    expect(adjusted.status, JSON.stringify(adjusted.body)).toBe(201);
    // Not before every milestone passed.
    expect(
      (await api.post(`/v1/projects/${projectId}/acceptance`, await enterprise(), { summary: "x" })).status,
    ).toBe(422);
    await passMilestone(projectId, 2);
    expect(
      (
        await api.post(`/v1/projects/${projectId}/acceptance`, await enterprise(), {
          summary: "全部指标完成",
        })
      ).status,
    ).toBe(201);
    expect((await read(projectId)).project.status).toBe("under-acceptance");
    // The acceptance experts too: a conflicted one (from the solver) is refused.
    const conflicted = await api.post<{ code: string; fields: { path: string }[] }>(
      `/v1/projects/${projectId}/acceptance/plan`,
      await bureau(),
      { plan: "现场测试与资料审查", expertIds: ["local-x1", "local-x8"] },
    );
    expect(conflicted.status, JSON.stringify(conflicted.body)).toBe(422);
    expect(conflicted.body.code).toBe("EXPERT_CONFLICT_OF_INTEREST");
    expect(conflicted.body.fields.map((f) => f.path)).toEqual(["body.expertIds.1"]);
    expect(
      (
        await api.post(`/v1/projects/${projectId}/acceptance/plan`, await enterprise(), {
          plan: "现场测试",
          expertIds: ["local-unknown"],
        })
      ).status,
    ).toBe(422);
    const registered = await api.post("/v1/experts", await bureau(), {
      expertId: "local-x6",
      organisationId: "inst-6",
      name: "专家6",
      expertise: "technical",
    });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    const plan = { plan: "现场测试与资料审查", expertIds: ["local-x1", "local-x2", "local-x6"] };
    expect((await api.post(`/v1/projects/${projectId}/acceptance/plan`, await bureau(), plan)).status).toBe(
      200,
    );
    // Experts cannot review before the enterprise fixed the same plan.
    expect(
      (
        await api.post(`/v1/projects/${projectId}/acceptance/review`, await expert(1), {
          verdict: "pass",
          performanceScore: 90,
          comment: "x",
        })
      ).status,
    ).toBe(409);
    expect(
      (await api.post(`/v1/projects/${projectId}/acceptance/plan`, await enterprise(), plan)).status,
    ).toBe(200);
    const acceptanceVote = async (n: number, verdict: string, score: number) => {
      const voted = await api.post(`/v1/projects/${projectId}/acceptance/review`, await expert(n), {
        verdict,
        performanceScore: score,
        comment: `专家 ${n}`,
      });
      expect(voted.status, JSON.stringify(voted.body)).toBe(200);
    };
    await acceptanceVote(1, "pass", 92);
    await acceptanceVote(2, "pass", 85);
    // x6 becomes conflicted (回避) before voting; the enterprise cannot change the panel under review, the bureau
    // names x3 to x6's seat (the plan's text unchanged), which records the recusal.
    const declared = await api.post("/v1/experts/me/conflicts", await expert(6), {
      organisationId: "uni-a",
      reason: "受聘于揭榜方",
    });
    expect(declared.status, JSON.stringify(declared.body)).toBe(200);
    const replacement = { plan: plan.plan, expertIds: ["local-x1", "local-x2", "local-x3"] };
    expect(
      (await api.post(`/v1/projects/${projectId}/acceptance/plan`, await enterprise(), replacement)).status,
    ).toBe(409);
    const replaced = await api.post(`/v1/projects/${projectId}/acceptance/plan`, await bureau(), replacement);
    expect(replaced.status, JSON.stringify(replaced.body)).toBe(200);
    const accepting = (
      (await read(projectId)).track as unknown as {
        acceptance: { status: string; plan: { expertIds: string[] }; recusals: unknown[] };
      }
    ).acceptance;
    expect(accepting.status).toBe("under-review");
    expect(accepting.plan.expertIds).toEqual(["local-x1", "local-x2", "local-x3"]);
    expect(accepting.recusals).toEqual([
      expect.objectContaining({ expertId: "local-x6", organisationId: "uni-a", replacedBy: "local-x3" }),
    ]);
    await acceptanceVote(3, "fail", 60);
    // Let the workflow park the approver's callback before the approver answers.
    await settle();
    const confirmed = await api.post(
      `/v1/projects/${projectId}/acceptance/payment-opinion`,
      await approver(),
      {
        decision: "confirm",
      },
    );
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    await settle();
    const view = await read(projectId);
    expect(view.project.status).toBe("accepted");
    expect(view.track.status).toBe("closed");
    expect(view.tranches.map((t) => t.status)).toEqual(["eligible", "eligible", "eligible"]);
    expect(await running(projectId)).toEqual([]);
    // The adjustment still awaiting signatures is void with the closure, and nobody is asked to sign it any more.
    const performance = await api.get<{ adjustments: { status: string; voided?: { ending: string } }[] }>(
      `/v1/projects/${projectId}/performance`,
      await bureau(),
    );
    expect(performance.body.adjustments.map((a) => [a.status, a.voided?.ending])).toEqual([
      ["void", "closed"],
    ]);
    const todos = await api.get<{ items: { action: string; record: { id: string } }[] }>(
      "/v1/me/tasks?limit=100",
      await bureau(),
    );
    expect(
      todos.body.items.filter(
        (t) => t.action === "project.sign-adjustment" && t.record.id === `pfm-${projectId}`,
      ),
    ).toEqual([]);
    const ref = (
      view.track as unknown as { acceptance: { auditReport: { jsonKey: string; sha256: string } } }
    ).acceptance.auditReport;
    const stored = (await s3ReportStore(storage(), config.auditBucket()).read(ref.jsonKey)) as string;
    expect(sha256Hex(stored)).toBe(ref.sha256);
    const report = JSON.parse(stored) as {
      result: { verdict: string; performanceScore: number };
      money: { releasedFen: number };
      evidence: unknown[];
    };
    expect(report.result).toMatchObject({ verdict: "pass", performanceScore: 79 });
    expect(report.money.releasedFen).toBe(300_000_000);
    expect(report.evidence).toHaveLength(4);
    // Every listed hash matches the stored (sealed) evidence object; the HTML lists them too.
    const documents = s3DocumentStore(storage(), config.evidenceBucket(), { now: () => new Date() });
    for (const e of report.evidence as { key: string; sha256: string }[]) {
      expect(e.key.startsWith("sealed/")).toBe(true);
      expect((await documents.inspect(e.key))?.sha256).toBe(e.sha256);
    }
    expect(report.evidence.map((e) => (e as { sha256: string }).sha256)).toContain(
      sha256Hex(Buffer.from("audit 2")),
    );
    const html = (await s3ReportStore(storage(), config.auditBucket()).read(
      ref.jsonKey.replace(/\.json$/, ".html"),
    )) as string;
    expect(html).toContain("项目结题验收审计报告");
    expect(html).toContain(sha256Hex(Buffer.from("audit 2")));
  }, 60_000);
});
