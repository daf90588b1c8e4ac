// End-to-end: observability on the embedded runtime — a request's X-Correlation-Id comes back in the
// response, goes into the input of the execution it starts, into every task payload and every task's log lines, and
// into the business metrics (EMF) the tasks emit; an unsafe id is replaced, never echoed.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DescribeExecutionCommand, GetExecutionHistoryCommand, SFNClient } from "@aws-sdk/client-sfn";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { stateMachineArnEnvVar, unqualifiedStateMachineArn } from "../../functions/catalog.ts";
import { paymentExecutionName } from "../../functions/payments/model.ts";
import { milestoneExecutionName, startExecutionName, trancheId } from "../../functions/projects/model.ts";
import { type Runtime, startRuntime } from "../../local/runtime.ts";
import { apiClient, completeDemand, createProgramme, sha256Hex, tokenIssuer } from "../support/api.ts";
import { awardedProject } from "../support/projects.ts";

let runtime: Runtime;
let dataDir: string;
let sfn: SFNClient;
const api = apiClient(() => runtime.info.apiUrl);
const level = process.env["LOG_LEVEL"];
/** Every JSON line the process wrote (logs and EMF). */
const lines: Record<string, unknown>[] = [];

function capture(text: unknown): void {
  for (const line of String(text).split("\n")) {
    if (!line.startsWith("{")) continue;
    try {
      lines.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      // not one of ours
    }
  }
}

const as = tokenIssuer(() => runtime);
const settle = () => runtime.stepFunctions.whenIdle();

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "jiebang-observability-"));
  runtime = await startRuntime({ dataDir, clockStart: "2025-06-02T02:00:00.000Z" });
  sfn = new SFNClient({
    endpoint: runtime.info.stepFunctionsEndpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "l", secretAccessKey: "l" },
  });
  process.env["LOG_LEVEL"] = "info";
  vi.spyOn(console, "log").mockImplementation(capture);
  vi.spyOn(console, "error").mockImplementation(capture);
  // Log lines go to stdout (warnings and errors to stderr) and EMF to stdout, as on Lambda.
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream);
    vi.spyOn(stream, "write").mockImplementation(((chunk: unknown, ...rest: unknown[]) => {
      // Our JSON lines are kept for the assertions (not echoed: the test output stays readable); anything else passes.
      if (String(chunk).startsWith("{")) {
        capture(chunk);
        return true;
      }
      return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof process.stdout.write);
  }
});
afterAll(async () => {
  vi.restoreAllMocks();
  process.env["LOG_LEVEL"] = level;
  sfn?.destroy();
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function executionInput(stateMachine: string, name: string): Promise<Record<string, unknown>> {
  const smArn = unqualifiedStateMachineArn(process.env[stateMachineArnEnvVar(stateMachine)] as string);
  const executionArn = `${smArn.replace(":stateMachine:", ":execution:")}:${name}`;
  const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
  return JSON.parse(described.input ?? "{}") as Record<string, unknown>;
}

/** The Payload of every Lambda task the execution scheduled. */
async function taskPayloads(executionArn: string): Promise<Record<string, unknown>[]> {
  const history = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }));
  return (history.events ?? [])
    .filter((e) => e.taskScheduledEventDetails)
    .map(
      (e) =>
        (JSON.parse(e.taskScheduledEventDetails!.parameters!) as { Payload: Record<string, unknown> })
          .Payload,
    );
}

const taskLines = (fn: string) => lines.filter((l) => l["function"] === fn && l["message"] === "task");

describe("correlation id from the HTTP request into the execution and its tasks", () => {
  it("a submitted demand: response header, execution input, task payloads and task log lines", async () => {
    const bureau = await as("b1", "taiyuan-stb", "bureau");
    const enterprise = await as("e1", "ent-001", "enterprise");
    const programmeId = await createProgramme(api, bureau);
    const created = await api.post<{ id: string }>(
      "/v1/demands",
      enterprise,
      completeDemand("关联标识", programmeId),
    );
    expect(created.status).toBe(201);
    const file = Buffer.from("%PDF-1.7 correlation");
    const reserved = await api.post<{ upload: { url: string; headers: Record<string, string> } }>(
      `/v1/demands/${created.body.id}/attachments`,
      enterprise,
      { fileName: "a.pdf", contentType: "application/pdf", sizeBytes: file.length, sha256: sha256Hex(file) },
    );
    expect(reserved.status).toBe(201);
    await fetch(reserved.body.upload.url, {
      method: "PUT",
      headers: reserved.body.upload.headers,
      body: file,
    });

    const submitted = await api.post<{ workflow?: { executionArn?: string } }>(
      `/v1/demands/${created.body.id}/submit`,
      enterprise,
      undefined,
      { "x-correlation-id": "obs-demand-0001" },
    );
    expect(submitted.status).toBe(202);
    expect(submitted.headers.get("x-correlation-id")).toBe("obs-demand-0001");
    await settle();

    const view = await api.get<{ workflow?: { executionArn?: string } }>(
      `/v1/demands/${created.body.id}`,
      bureau,
    );
    const executionArn = view.body.workflow?.executionArn as string;
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    expect(JSON.parse(described.input!)).toMatchObject({
      demandId: created.body.id,
      correlationId: "obs-demand-0001",
    });
    // The bureau's decision, another request with its own id, resumes the execution: the tasks keep the execution's.
    const decided = await api.post(
      `/v1/demands/${created.body.id}/decision`,
      bureau,
      { decision: "return", comment: "补充指标的测试方法" },
      { "x-correlation-id": "obs-decision-0001" },
    );
    expect(decided.status).toBe(202);
    expect(decided.headers.get("x-correlation-id")).toBe("obs-decision-0001");
    await settle();

    const payloads = await taskPayloads(executionArn);
    expect(payloads.map((p) => p["task"])).toEqual(
      expect.arrayContaining(["parkDecisionToken", "applyDecision", "parkResubmissionToken"]),
    );
    for (const p of payloads) expect(p["correlationId"], String(p["task"])).toBe("obs-demand-0001");
    const logged = taskLines("demand-intake-tasks").filter((l) => l["demandId"] === created.body.id);
    expect(logged.map((l) => l["task"])).toEqual(
      expect.arrayContaining(["parkDecisionToken", "applyDecision", "parkResubmissionToken"]),
    );
    for (const l of logged) expect(l["correlationId"]).toBe("obs-demand-0001");
  });

  it("an unsafe X-Correlation-Id is replaced by a generated one and never echoed", async () => {
    const unsafe = await api.call("GET", "/v1/health", { headers: { "x-correlation-id": 'evil id" <x>' } });
    const id = unsafe.headers.get("x-correlation-id") ?? "";
    expect(id).not.toContain("evil");
    expect(id).toMatch(/^[A-Za-z0-9._:-]{1,100}$/);
    const long = await api.call("GET", "/v1/health", { headers: { "x-correlation-id": "x".repeat(101) } });
    expect(long.headers.get("x-correlation-id")).not.toBe("x".repeat(101));
    const none = await api.call("GET", "/v1/health");
    expect(none.headers.get("x-correlation-id")).toMatch(/^[A-Za-z0-9._:-]{1,100}$/);
    expect(none.headers.get("x-correlation-id")).not.toBe(id);
  });

  it("a payment: the run's id reaches the payment execution, its tasks' logs and the disbursement metric", async () => {
    const bureau = await as("b1", "taiyuan-stb", "bureau");
    const finance1 = await as("f1", "taiyuan-czj", "finance");
    const finance2 = await as("f2", "taiyuan-czj", "finance");
    const project = await awardedProject(runtime);
    const drafted = await api.call("POST", `/v1/projects/${project.projectId}/task-book`, {
      token: bureau,
      body: {
        startDate: "2025-07-01",
        ipTerms: "知识产权归揭榜方所有，出题企业享有优先使用权。",
        rewardPenaltyTerms: "未完成考核指标的，按任务书约定收回资金。",
      },
      headers: { "x-correlation-id": "obs-draft-0001" },
    });
    expect(drafted.status, JSON.stringify(drafted.body)).toBe(201);
    const signers = [
      await as("s1", project.solverOrg, "solver"),
      await as("e-obs", project.enterpriseOrg, "enterprise"),
      bureau,
    ];
    for (const [n, token] of signers.entries()) {
      const signed = await api.post(
        `/v1/projects/${project.projectId}/task-book/sign`,
        token,
        { revision: 1 },
        { "x-correlation-id": `obs-sign-${n}` },
      );
      expect(signed.status, JSON.stringify(signed.body)).toBe(200);
    }
    await settle();
    // Drafting the task book started the project's first execution (project-start): its input, the milestone's
    // execution it started, and their tasks carry the draft's id.
    const start = await executionInput("project-start", startExecutionName(project.projectId, 1));
    expect(start["correlationId"]).toBe("obs-draft-0001");
    const milestone = await executionInput(
      "project-milestone",
      milestoneExecutionName(project.projectId, 1, 1),
    );
    expect(milestone["correlationId"]).toBe("obs-draft-0001");
    const phaseLines = taskLines("project-tasks").filter((l) => l["projectId"] === project.projectId);
    expect(phaseLines.length).toBeGreaterThan(0);
    for (const l of phaseLines) expect(l["correlationId"], String(l["task"])).toBe("obs-draft-0001");

    const tranche = trancheId(project.projectId, 1);
    const run = await api.call<{ results: { outcome: string; paymentId?: string }[] }>(
      "POST",
      "/v1/payments",
      {
        token: finance1,
        body: { trancheIds: [tranche] },
        headers: { "idempotency-key": "obs-run-000001", "x-correlation-id": "obs-pay-0001" },
      },
    );
    expect(run.status, JSON.stringify(run.body)).toBe(202);
    expect(run.headers.get("x-correlation-id")).toBe("obs-pay-0001");
    const paymentId = run.body.results[0]?.paymentId as string;
    await settle();
    expect(await executionInput("payment", paymentExecutionName(tranche, 1))).toMatchObject({
      paymentId,
      correlationId: "obs-pay-0001",
    });

    const approved = await api.call("POST", `/v1/payments/${paymentId}/approval`, {
      token: finance2,
      body: { decision: "approve" },
      headers: { "x-correlation-id": "obs-approve-0001" },
    });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    await settle();
    const paid = await api.get<{ status: string; amountFen: number }>(`/v1/payments/${paymentId}`, finance1);
    expect(paid.body.status).toBe("paid");

    const logged = taskLines("payment-tasks").filter((l) => l["paymentId"] === paymentId);
    expect(logged.map((l) => l["task"])).toEqual(
      expect.arrayContaining(["parkApproval", "recheck", "requestDisbursement", "recordPayment"]),
    );
    for (const l of logged) expect(l["correlationId"], String(l["task"])).toBe("obs-pay-0001");

    const emf = lines.filter((l) => l["_aws"] !== undefined && l["paymentId"] === paymentId);
    expect(emf).toHaveLength(1);
    expect(emf[0]).toMatchObject({
      event: "payment-disbursed",
      correlationId: "obs-pay-0001",
      PaymentsDisbursed: 1,
      DisbursedFen: paid.body.amountFen,
      ProgrammeId: project.programmeId,
    });
    expect(paid.body.amountFen).toBeGreaterThan(0);
  });
});
