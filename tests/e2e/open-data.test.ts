// End-to-end: open data over HTTP without signing in — GET /v1/public/open-data/grants.json is a 360Giving package
// valid against the standard's published schema, with an award's tranche paid as a disbursement and its recipient's
// CN-USCI- identifier from the organisation registry; grants.csv has the same grants; nothing private in either.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { treasurySimulator } from "../../functions/payments/adapters/simulated-treasury.ts";
import { trancheId } from "../../functions/projects/model.ts";
import { type Runtime, startRuntime } from "../../local/runtime.ts";
import { apiClient, tokenIssuer } from "../support/api.ts";
import { awardedProject } from "../support/projects.ts";
import { packageValidator } from "../support/three-sixty-giving.ts";

let runtime: Runtime;
let dataDir: string;
const api = apiClient(() => runtime.info.apiUrl);
const as = tokenIssuer(() => runtime);
const bureau = () => as("b1", "taiyuan-stb", "bureau");
const enterprise = () => as("e1", "ent-casting", "enterprise");
const solver = () => as("s1", "uni-a", "solver");
const finance1 = () => as("f1", "taiyuan-czj", "finance");
const finance2 = () => as("f2", "taiyuan-czj", "finance");
const admin = () => as("ad1", "taiyuan-stb", "admin");
const settle = () => runtime.stepFunctions.whenIdle();

interface Grant {
  id: string;
  amountAwarded: number;
  amountDisbursed: number;
  recipientOrganization: { id: string; name: string }[];
  fundingOrganization: { id: string }[];
  plannedDates?: { startDate: string; endDate: string }[];
  disbursementTransaction?: { value: number }[];
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "jiebang-open-data-"));
  runtime = await startRuntime({ dataDir, clockStart: "2025-06-02T02:00:00.000Z" });
  treasurySimulator.reset();
});
afterAll(async () => {
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("open data (360Giving)", () => {
  it("awards and disbursements as a valid 360Giving package and CSV, public, nothing private", async () => {
    const project = await awardedProject(runtime);
    // The enterprise in the registry with its 统一社会信用代码: its grants carry CN-USCI-<code>.
    const registered = await api.post(`/v1/organisations`, await admin(), {
      organisationId: "ent-casting",
      registeredName: "太原某铸造有限公司",
      uscc: "91140100MA0K12345Y",
      type: "enterprise",
    });
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
    const started = await api.call<{ results: { paymentId?: string }[] }>("POST", "/v1/payments", {
      token: await finance1(),
      body: { trancheIds: [trancheId(project.projectId, 1)] },
      headers: { "idempotency-key": `od-${project.projectId}` },
    });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    await settle();
    const paymentId = started.body.results[0]?.paymentId as string;
    const approved = await api.post(`/v1/payments/${paymentId}/approval`, await finance2(), {
      decision: "approve",
    });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    await settle();
    const paid = await api.get<{ status: string; amountFen: number }>(
      `/v1/payments/${paymentId}`,
      await finance1(),
    );
    expect(paid.body.status).toBe("paid");

    // No token.
    const res = await fetch(`${runtime.info.apiUrl}/v1/public/open-data/grants.json`);
    expect(res.status).toBe(200);
    const pkg = (await res.json()) as { grants: Grant[] };
    const validate = packageValidator();
    expect(validate(pkg), JSON.stringify(validate.errors)).toBe(true);
    const grant = pkg.grants.find((g) => g.id.endsWith(`-${project.projectId}`));
    expect(grant).toBeDefined();
    expect(grant!.amountDisbursed).toBe(paid.body.amountFen / 100);
    expect(grant!.disbursementTransaction?.map((t) => t.value)).toEqual([paid.body.amountFen / 100]);
    expect(grant!.plannedDates?.[0]?.startDate).toBe("2025-07-01");
    expect(grant!.fundingOrganization[0]!.id).toMatch(/^CN-USCI-[0-9A-Z]{18}$/);
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    expect(grant!.recipientOrganization[0]).toEqual({
      id: "CN-USCI-91140100MA0K12345Y",
      name: "太原某铸造有限公司",
    });
    const text = JSON.stringify(pkg).toLowerCase();
    for (const word of ["chiefengineer", "score", "bank", "rdinvestment", "treasuryreference", "createdby"])
      expect(text).not.toContain(word);

    const csv = await fetch(`${runtime.info.apiUrl}/v1/public/open-data/grants.csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
    const lines = (await csv.text())
      .replace(/^\uFEFF/, "")
      .trimEnd()
      .split("\r\n");
    expect(lines[0]).toMatch(/^Identifier,Title,Description,Currency,Amount Awarded,Amount Disbursed,/);
    expect(lines).toHaveLength(pkg.grants.length + 1);
    expect(lines.some((l) => l.startsWith(`${grant!.id},`))).toBe(true);
  });
});
