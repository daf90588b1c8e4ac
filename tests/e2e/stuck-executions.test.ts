// End-to-end: the stuck-execution sweep on the embedded runtime. A healthy platform (a demand waiting weeks for the
// bureau) has nothing stuck; then a task is really held mid-step (the local function host's invocation hook keeps the
// demand-intake ApplyDecision invocation from starting, as a hung Lambda would) while the controllable clock moves
// 16 minutes: GET /v1/admin/stuck-executions and the scheduled sweep task report that execution, with its correlation
// id, and the metric; released, it finishes and nothing is stuck.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { handler as sweepTask } from "../../functions/operations/adapters/stuck-executions-task.ts";
import type { SweepResult } from "../../functions/operations/stuck-executions.ts";
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

/** The held invocation: which demand's ApplyDecision to hold, a signal when it is reached, and its release. */
let holdDemandId: string | undefined;
let reached: () => void = () => undefined;
let release: () => void = () => undefined;
const reachedHold = new Promise<void>((resolve) => {
  reached = resolve;
});
const released = new Promise<void>((resolve) => {
  release = resolve;
});

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "jiebang-stuck-"));
  runtime = await startRuntime({
    dataDir,
    clockStart: "2026-03-02T01:00:00Z",
    beforeInvoke: (name, event) => {
      const payload = event as { task?: string; demandId?: string } | null;
      if (name !== "demand-intake-tasks" || payload?.task !== "applyDecision") return undefined;
      if (!holdDemandId || payload.demandId !== holdDemandId) return undefined;
      reached();
      return released;
    },
  });
  tokens["enterprise"] = await runtime.identity.issue({ user: "e1", org: "ent-001", roles: ["enterprise"] });
  tokens["bureau"] = await runtime.identity.issue({ user: "b1", org: "taiyuan-stb", roles: ["bureau"] });
  tokens["admin"] = await runtime.identity.issue({ user: "a1", org: "taiyuan-stb", roles: ["admin"] });
  tokens["auditor"] = await runtime.identity.issue({ user: "au1", org: "audit", roles: ["auditor"] });
  programmeId = await createProgramme(api, tokens["bureau"]);
});

afterAll(async () => {
  release();
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** A demand with its attachment uploaded, submitted under `correlationId`: its demand-intake execution waits. */
async function submittedDemand(title: string, correlationId: string): Promise<string> {
  const created = await api.post<{ id: string }>(
    "/v1/demands",
    tokens["enterprise"],
    completeDemand(title, programmeId),
  );
  expect(created.status).toBe(201);
  const file = Buffer.from(`%PDF-1.7 ${title}`);
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
  const submitted = await api.post(`/v1/demands/${created.body.id}/submit`, tokens["enterprise"], undefined, {
    "x-correlation-id": correlationId,
  });
  expect(submitted.status).toBe(202);
  return created.body.id;
}

const sweep = (token: string, query = "") =>
  api.get<SweepResult & { code?: string }>(`/v1/admin/stuck-executions${query}`, token);

describe("stuck-execution sweep", () => {
  let waitingId: string;

  it("a healthy platform: a demand waiting weeks for the bureau is not stuck", async () => {
    waitingId = await submittedDemand("叶片铸造", "corr-waiting");
    await runtime.stepFunctions.whenIdle();
    // Three weeks pass: the bureau's decision is still within its 30-day deadline.
    await runtime.advanceClock(21 * 24 * 3600_000);
    const result = await sweep(tokens["admin"]!);
    expect(result.status).toBe(200);
    expect(result.body.running["demand-intake"]).toBe(1);
    expect(result.body.runningTotal).toBeGreaterThanOrEqual(1);
    expect(result.body.thresholdMs).toBe(15 * 60_000);
    // Checked at the platform's (advanced) time.
    expect(result.body.checkedAt.slice(0, 10)).toBe("2026-03-23");
    expect(result.body.stuck).toEqual([]);

    // Admins and auditors only; the threshold is validated.
    expect((await sweep(tokens["auditor"]!)).status).toBe(200);
    expect((await sweep(tokens["bureau"]!)).status).toBe(403);
    const bad = await sweep(tokens["admin"]!, "?thresholdMinutes=0");
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe("VALIDATION_FAILED");
  });

  it("a task held mid-step while the clock moves 16 minutes is reported stuck, with its correlation id", async () => {
    const stuckId = await submittedDemand("温度场控制", "corr-stuck");
    await runtime.stepFunctions.whenIdle();
    holdDemandId = stuckId;
    const decided = await api.post(
      `/v1/demands/${stuckId}/decision`,
      tokens["bureau"],
      draftChallengeDecision(runtime.clock.now()),
    );
    expect(decided.status).toBe(202);
    await reachedHold; // ApplyDecision's invocation is now held: the execution is mid-step.

    // Within the threshold it is merely in progress.
    runtime.clock.advanceBy(5 * 60_000);
    expect((await sweep(tokens["admin"]!)).body.stuck).toEqual([]);

    runtime.clock.advanceBy(11 * 60_000);
    const result = await sweep(tokens["admin"]!);
    expect(result.status).toBe(200);
    expect(result.body.running["demand-intake"]).toBe(2);
    expect(result.body.stuck).toHaveLength(1);
    const [stuck] = result.body.stuck;
    expect(stuck).toMatchObject({
      stateMachine: "demand-intake",
      correlationId: "corr-stuck",
      reason: "no-progress",
      stateName: "AwaitBureauDecision",
    });
    expect(stuck!.executionArn).toMatch(/:execution:jiebang-demand-intake:/);
    expect(stuck!.stuckForMs).toBeGreaterThanOrEqual(16 * 60_000);
    expect(stuck!.message).toMatch(/No progress for 16 min after AwaitBureauDecision/);
    // A longer threshold on the query: not stuck yet.
    expect((await sweep(tokens["admin"]!, "?thresholdMinutes=30")).body.stuck).toEqual([]);

    // The scheduled task (as EventBridge runs it): a warning per stuck execution under its correlation id, the metric.
    const previous = process.env["LOG_LEVEL"];
    process.env["LOG_LEVEL"] = "info";
    // Warnings go to stderr (Powertools Logger), the metric to stdout.
    const errors = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const infos = vi.spyOn(console, "log").mockImplementation(() => undefined);
    const out = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    let ran: { running: number; stuck: number };
    try {
      ran = await sweepTask({ id: "evt-1", source: "aws.events", "detail-type": "Scheduled Event" });
    } finally {
      process.env["LOG_LEVEL"] = previous;
    }
    const warnings = errors.mock.calls.map((c) => JSON.parse(String(c[0])) as Record<string, unknown>);
    const emf = out.mock.calls
      .map((c) => String(c[0]))
      .filter((line) => line.includes("StuckExecutions"))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    errors.mockRestore();
    infos.mockRestore();
    out.mockRestore();
    expect(ran).toEqual({ running: 2, stuck: 1 });
    expect(warnings).toEqual([
      expect.objectContaining({
        level: "WARN",
        message: "stuck execution",
        correlationId: "corr-stuck",
        executionArn: stuck!.executionArn,
        reason: "no-progress",
      }),
    ]);
    expect(emf).toEqual([
      expect.objectContaining({ StuckExecutions: 1, Service: "jiebang", correlationId: "evt-1", running: 2 }),
    ]);

    // Released, the task completes: the demand is accepted and nothing is stuck.
    release();
    await runtime.stepFunctions.whenIdle();
    const demand = await api.get<{ status: string }>(`/v1/demands/${stuckId}`, tokens["bureau"]);
    expect(demand.body.status).toBe("accepted");
    const after = await sweep(tokens["admin"]!);
    expect(after.body.stuck).toEqual([]);
    expect(after.body.running["demand-intake"]).toBe(1);
    const waiting = await api.get<{ status: string }>(`/v1/demands/${waitingId}`, tokens["bureau"]);
    expect(waiting.body.status).toBe("submitted");
  });
});
