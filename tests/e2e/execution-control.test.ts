// End-to-end: the operators' hand on executions on the embedded runtime. An admin stops a demand's waiting
// demand-intake execution (ABORTED, audited with who and why); a demand whose ApplyDecision fails (the local function
// host refuses its invocations, as a broken Lambda would) ends FAILED, and the admin's redrive resumes it at
// ApplyDecision under the same ARN — the bureau's decision (the callback before it) is not asked again — and the demand
// is accepted. Roles, reasons and states are checked: a bureau user, an empty reason, a second stop, a redrive of a
// running execution are refused and change nothing.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
/** ApplyDecision of this demand fails while set (the function host refuses the invocation). */
let failDemandId: string | undefined;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "jiebang-control-"));
  runtime = await startRuntime({
    dataDir,
    clockStart: "2026-03-02T01:00:00Z",
    beforeInvoke: (name, event) => {
      const payload = event as { task?: string; demandId?: string } | null;
      if (name !== "demand-intake-tasks" || payload?.task !== "applyDecision") return undefined;
      if (!failDemandId || payload.demandId !== failDemandId) return undefined;
      const error = new Error("the records table refused the write");
      error.name = "Records.Unavailable";
      return Promise.reject(error);
    },
  });
  tokens["enterprise"] = await runtime.identity.issue({ user: "e1", org: "ent-001", roles: ["enterprise"] });
  tokens["bureau"] = await runtime.identity.issue({ user: "b1", org: "taiyuan-stb", roles: ["bureau"] });
  tokens["admin"] = await runtime.identity.issue({ user: "a1", org: "taiyuan-stb", roles: ["admin"] });
  tokens["auditor"] = await runtime.identity.issue({ user: "au1", org: "audit", roles: ["auditor"] });
  programmeId = await createProgramme(api, tokens["bureau"]!);
}, 300_000);

afterAll(async () => {
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** A demand with its attachment uploaded and submitted: its demand-intake execution waits for the bureau. */
async function submittedDemand(title: string): Promise<string> {
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
  expect((await api.post(`/v1/demands/${created.body.id}/submit`, tokens["enterprise"])).status).toBe(202);
  await runtime.stepFunctions.whenIdle();
  return created.body.id;
}

interface Inspected {
  execution: { status: string; executionArn: string };
  currentState?: string;
  events: { type: string; details?: Record<string, unknown> }[];
}
const inspect = async (arn: string) =>
  (await api.get<Inspected>(`/v1/admin/executions/${encodeURIComponent(arn)}`, tokens["admin"])).body;
const control = (arn: string, what: "stop" | "redrive", token: string | undefined, body: unknown) =>
  api.post<{ status: string; code?: string; intervention?: Record<string, unknown> }>(
    `/v1/admin/executions/${encodeURIComponent(arn)}/interventions`,
    token,
    { action: what, ...(body as object) },
  );
const interventions = async (arn: string) =>
  (
    await api.get<{ items: Record<string, unknown>[] }>(
      `/v1/admin/executions/${encodeURIComponent(arn)}/interventions`,
      tokens["auditor"],
    )
  ).body.items;

/** The demand's execution (its name carries the demand id). */
async function executionOf(demandId: string): Promise<string> {
  const listed = await api.get<{ items: { executionArn: string; name: string }[] }>(
    "/v1/admin/executions?stateMachine=demand-intake&limit=100",
    tokens["admin"],
  );
  const found = listed.body.items.find((e) => e.name.includes(demandId));
  expect(found, JSON.stringify(listed.body)).toBeDefined();
  return found!.executionArn;
}

describe("stopping and redriving executions from the console", () => {
  it("an admin stops a waiting execution with a reason: ABORTED, audited; refused to others and twice", async () => {
    const demandId = await submittedDemand("叶片铸造");
    const arn = await executionOf(demandId);
    expect((await inspect(arn)).execution.status).toBe("RUNNING");

    expect((await control(arn, "stop", tokens["bureau"], { reason: "duplicate demand" })).status).toBe(403);
    const noReason = await control(arn, "stop", tokens["admin"], { reason: " " });
    expect(noReason.status).toBe(400);
    expect((await inspect(arn)).execution.status).toBe("RUNNING");

    const stopped = await control(arn, "stop", tokens["admin"], { reason: "重复需求，企业已撤回" });
    expect(stopped.status, JSON.stringify(stopped.body)).toBe(200);
    expect(stopped.body.status).toBe("ABORTED");
    const after = await inspect(arn);
    expect(after.execution.status).toBe("ABORTED");
    expect(after.events.at(-1)?.type).toBe("ExecutionAborted");
    expect(after.events.at(-1)?.details).toMatchObject({
      error: "Admin.Stopped",
      cause: "Stopped by local-a1: 重复需求，企业已撤回",
    });
    expect(await interventions(arn)).toEqual([
      expect.objectContaining({
        action: "stop",
        actorId: "local-a1",
        reason: "重复需求，企业已撤回",
        statusBefore: "RUNNING",
      }),
    ]);

    const again = await control(arn, "stop", tokens["admin"], { reason: "again" });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe("EXECUTION_NOT_RUNNING");
    expect(await interventions(arn)).toHaveLength(1);
  });

  it("a failed execution is redriven from the state that failed: the bureau's decision is not asked again", async () => {
    const demandId = await submittedDemand("温度场控制");
    const arn = await executionOf(demandId);
    const running = await control(arn, "redrive", tokens["admin"], { reason: "not yet" });
    expect(running.status).toBe(409);
    expect(running.body.code).toBe("EXECUTION_NOT_REDRIVABLE");

    failDemandId = demandId;
    const decided = await api.post(
      `/v1/demands/${demandId}/decision`,
      tokens["bureau"],
      draftChallengeDecision(runtime.clock.now()),
    );
    expect(decided.status).toBe(202);
    await runtime.stepFunctions.whenIdle();
    const failed = await inspect(arn);
    expect(failed.execution.status).toBe("FAILED");
    expect(failed.currentState).toBe("ApplyDecision");
    const callbacksBefore = failed.events.filter((e) => e.type === "TaskScheduled").length;

    failDemandId = undefined; // the fault is repaired
    expect((await control(arn, "redrive", tokens["auditor"], { reason: "fixed" })).status).toBe(403);
    const redriven = await control(arn, "redrive", tokens["admin"], {
      reason: "记录表已恢复，重新执行",
      idempotencyKey: "click-0001",
    });
    expect(redriven.status, JSON.stringify(redriven.body)).toBe(200);
    expect(redriven.body.status).toBe("RUNNING");
    await runtime.stepFunctions.whenIdle();

    const done = await inspect(arn);
    expect(done.execution.executionArn).toBe(arn);
    expect(done.execution.status).toBe("SUCCEEDED");
    const types = done.events.map((e) => e.type);
    const at = types.indexOf("ExecutionRedriven");
    expect(at).toBeGreaterThan(types.indexOf("ExecutionFailed"));
    expect(done.events[at + 1]).toMatchObject({
      type: "TaskStateEntered",
      details: { name: "ApplyDecision" },
    });
    // The callback (AwaitBureauDecision) is not scheduled again: one more TaskScheduled, ApplyDecision's.
    expect(types.filter((t) => t === "TaskScheduled").length).toBe(callbacksBefore + 1);
    const demand = await api.get<{ status: string }>(`/v1/demands/${demandId}`, tokens["bureau"]);
    expect(demand.body.status).toBe("accepted");
    expect(await interventions(arn)).toEqual([
      expect.objectContaining({
        action: "redrive",
        actorId: "local-a1",
        reason: "记录表已恢复，重新执行",
        statusBefore: "FAILED",
      }),
    ]);
  });

  it("an ARN Step Functions cannot parse (InvalidArn) is 404 on the inspector and on stop, nothing written", async () => {
    // Found by the fuzz test: shaped like an execution ARN, refused by Step Functions as InvalidArn (was a 500).
    const malformed = "arn:awsc-V-EE--Y-:states:--OreIapplye:337233234343:execution:bind:constructor";
    const read = await api.get(`/v1/admin/executions/${encodeURIComponent(malformed)}`, tokens["admin"]);
    expect(read.status).toBe(404);
    const stopped = await control(malformed, "stop", tokens["admin"], { reason: "无法解析的执行" });
    expect(stopped.status).toBe(404);
    expect(stopped.body.code).toBe("EXECUTION_NOT_FOUND");
    expect(await interventions(malformed)).toEqual([]);
  });
});
