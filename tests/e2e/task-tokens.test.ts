// End-to-end: no HTTP response carries a workflow task token (docs/security.md, trust boundary 6) — the routes that
// answer with a record whose execution is parked on it (a project's track, a payment awaiting approval) are walked
// while a token is parked, and their bodies hold no `taskToken`, no `pendingTask.token` and no token value.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shanghaiDate } from "../../functions/kernel/dates.ts";
import { type PaymentRecord, paymentKind } from "../../functions/payments/model.ts";
import { recordStore } from "../../functions/platform/deps.ts";
import { loadChain } from "../../functions/projects/inbox.ts";
import { type ProjectTrackRecord, trackKind, trancheId } from "../../functions/projects/model.ts";
import { type Runtime, startRuntime } from "../../local/runtime.ts";
import { sha256Hex, taskTokensIn } from "../support/api.ts";
import { projectFlow } from "../support/project-flow.ts";

let runtime: Runtime;
let dataDir: string;
const flow = projectFlow(() => runtime);
const { as, bureau, enterprise, solver } = flow;
const finance = () => as("f1", "taiyuan-czj", "finance");

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "jiebang-task-tokens-"));
  runtime = await startRuntime({ dataDir, clockStart: "2025-06-02T02:00:00.000Z" });
});

afterAll(async () => {
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

interface Answer {
  readonly route: string;
  readonly status: number;
  readonly text: string;
  readonly body: unknown;
}

/** One call, answered as sent (not through the test client, which refuses task tokens itself). */
async function call(
  method: string,
  path: string,
  token: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const response = await fetch(`${runtime.info.apiUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body !== undefined ? { "content-type": "application/json" } : {}),
      ...headers,
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { route: `${method} ${path}`, status: response.status, text, body: text ? JSON.parse(text) : {} };
}

/** Each answer: its route, status and where it carries a task token (none, for every one). */
const leaks = (answers: readonly Answer[], parked: readonly string[]) =>
  answers.map((a) => ({
    route: a.route,
    status: a.status,
    tokens: [
      ...new Set([
        ...taskTokensIn(a.body),
        ...parked.filter((t) => a.text.includes(t)).map(() => "(a parked token)"),
      ]),
    ],
  }));

const clean = (answers: readonly Answer[]) =>
  answers.map((a) => ({ route: a.route, status: a.status, tokens: [] }));

/**
 * The callback token parked on the project: the chain's execution in charge (its bookkeeping record's
 * lifecycle.parked), or project-phase's (the track's pendingTask).
 */
const parkedOnTrack = async (projectId: string) => {
  const track = (await recordStore().get(trackKind, projectId)) as ProjectTrackRecord | undefined;
  const chain = await loadChain({ records: recordStore() }, projectId);
  return chain?.lifecycle.parked?.taskToken ?? track?.pendingTask?.token;
};

describe("task tokens stay with the workflow", () => {
  it("no project route answers with the token parked on the project (report, extension, termination proposal, reads)", async () => {
    const start = shanghaiDate(runtime.clock.now());
    const reporting = await flow.signedProject({ solverOrg: "uni-tokens-a", startDate: start });
    const asking = await flow.signedProject({ solverOrg: "uni-tokens-b", startDate: start });
    const parked = [await parkedOnTrack(reporting.projectId), await parkedOnTrack(asking.projectId)];
    expect(parked.every((t) => typeof t === "string" && t.length > 0)).toBe(true);

    const answers: Answer[] = [];
    const fileOf = async (projectId: string, kind: string) => {
      const bytes = Buffer.from(`%PDF-1.7 ${kind} ${projectId}`);
      const reserved = await call(
        "POST",
        `/v1/projects/${projectId}/milestones/1/evidence`,
        await enterprise(),
        {
          kind,
          fileName: `${kind}.pdf`,
          contentType: "application/pdf",
          sizeBytes: bytes.length,
          sha256: sha256Hex(bytes),
        },
      );
      answers.push(reserved);
      const { file, upload } = reserved.body as {
        file: { fileId: string };
        upload: { url: string; headers: Record<string, string> };
      };
      expect((await fetch(upload.url, { method: "PUT", headers: upload.headers, body: bytes })).status).toBe(
        200,
      );
      return file.fileId;
    };

    const files = [
      await fileOf(reporting.projectId, "progress-report"),
      await fileOf(reporting.projectId, "audit-report"),
    ];
    const report = await call(
      "POST",
      `/v1/projects/${reporting.projectId}/milestones/1/report`,
      await enterprise(),
      {
        summary: "中试线已建成",
        indicators: [{ name: "良品率", actual: "86%" }],
        fileIds: files,
      },
    );
    expect(report.status, report.text).toBe(202);
    answers.push(report);
    await flow.settle();

    const evidence = await fileOf(asking.projectId, "evidence");
    const extension = await call("POST", `/v1/projects/${asking.projectId}/extension`, await enterprise(), {
      months: 6,
      reason: "洪灾导致中试线停产",
      evidenceFileIds: [evidence],
    });
    expect(extension.status, extension.text).toBe(201);
    answers.push(extension);
    const proposal = await call(
      "POST",
      `/v1/projects/${asking.projectId}/termination/proposal`,
      await solver("uni-tokens-b"),
      { reason: "技术路线无法实现", fault: false },
    );
    expect(proposal.status, proposal.text).toBeLessThan(300);
    answers.push(proposal);
    await flow.settle();

    for (const { projectId } of [reporting, asking]) {
      answers.push(await call("GET", `/v1/projects/${projectId}`, await bureau()));
      answers.push(await call("GET", `/v1/projects/${projectId}`, await enterprise()));
    }
    parked.push(await parkedOnTrack(reporting.projectId), await parkedOnTrack(asking.projectId));
    const tokens = parked.filter((t): t is string => typeof t === "string");
    expect(leaks(answers, tokens)).toEqual(clean(answers));
  }, 180_000);

  it("no payment route answers with the approval token parked on the payment", async () => {
    const { projectId, programmeId } = await flow.signedProject({
      solverOrg: "uni-tokens-pay",
      startDate: shanghaiDate(runtime.clock.now()),
    });
    const started = await call(
      "POST",
      "/v1/payments",
      await finance(),
      { trancheIds: [trancheId(projectId, 1)] },
      { "idempotency-key": "task-token-run-01" },
    );
    expect(started.status, started.text).toBeLessThan(300);
    await flow.settle();
    const paymentId = (started.body as { results: { paymentId: string }[] }).results[0]!.paymentId;
    const parked = ((await recordStore().get(paymentKind, paymentId)) as PaymentRecord | undefined)
      ?.pendingTask;
    expect(parked?.kind).toBe("approval");

    const answers = [
      started,
      await call("GET", `/v1/payments/${paymentId}`, await finance()),
      await call("GET", `/v1/payments/queue?programmeId=${programmeId}`, await finance()),
      await call("GET", `/v1/projects/${projectId}`, await bureau()),
    ];
    expect(answers.map((a) => a.status)).toEqual([started.status, 200, 200, 200]);
    expect(leaks(answers, [parked!.token])).toEqual(clean(answers));
  }, 120_000);
});
