// End-to-end: the platform as `npm start` runs it, in a child process, killed with SIGKILL while an execution waits
// for the bureau; after a restart on the same data directory the bureau's call still completes it.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { GetExecutionHistoryCommand, SFNClient } from "@aws-sdk/client-sfn";
import { afterAll, describe, expect, it } from "vitest";
import type { RuntimeInfo } from "../../local/runtime.ts";
import {
  apiClient,
  completeDemand,
  createProgramme,
  draftChallengeDecision,
  sha256Hex,
} from "../support/api.ts";
import { restartablePlatform } from "../support/restartable.ts";

const child = restartablePlatform("restart");
let info: RuntimeInfo | undefined;
const api = apiClient(() => info!.apiUrl);

async function startPlatform(): Promise<RuntimeInfo> {
  return (await child.start()).info;
}

async function settle(): Promise<void> {
  await child.platform().settle();
}

function processAlive(pid: number): boolean {
  try {
    // A zombie still answers kill(0); a stopped DynamoDB Local has no /proc entry once reaped, or is a zombie.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return !/\) Z /.test(stat);
  } catch {
    return false;
  }
}

afterAll(async () => {
  await child.cleanUp();
});

describe("durability of the embedded runtime", () => {
  it("survives SIGKILL while an execution waits for the bureau", async () => {
    const startedAt = Date.now();
    info = await startPlatform();
    const health = await api.get<{ status: string }>("/v1/health");
    expect(health.body.status).toBe("ok");
    // The README promises health within 60 s of `npm start` on a fresh data directory.
    expect(Date.now() - startedAt).toBeLessThan(60_000);

    const tokenOf = async (user: string, org: string, role: string) => {
      const r = await api.call<{ token: string }>("POST", "/local/token", {
        body: { user, org, roles: [role] },
      });
      return r.body.token;
    };
    const enterprise = await tokenOf("e1", "ent-001", "enterprise");
    const bureau = await tokenOf("b1", "taiyuan-stb", "bureau");

    const programmeId = await createProgramme(api, bureau);
    const created = await api.post<{ id: string }>(
      "/v1/demands",
      enterprise,
      completeDemand("重启前提交", programmeId),
    );
    const file = Buffer.from("%PDF-1.7 evidence");
    const reserved = await api.post<{ upload: { url: string; headers: Record<string, string> } }>(
      `/v1/demands/${created.body.id}/attachments`,
      enterprise,
      {
        fileName: "说明.pdf",
        contentType: "application/pdf",
        sizeBytes: file.length,
        sha256: sha256Hex(file),
      },
    );
    await fetch(reserved.body.upload.url, {
      method: "PUT",
      headers: reserved.body.upload.headers,
      body: file,
    });
    expect((await api.post(`/v1/demands/${created.body.id}/submit`, enterprise)).status).toBe(202);
    await settle();
    const waiting = await api.get<{ waitingFor?: { kind: string }; workflow: { executionArn: string } }>(
      `/v1/demands/${created.body.id}`,
      bureau,
    );
    expect(waiting.body.waitingFor?.kind).toBe("decision");

    await child.platform().kill();
    const before = info.pid;
    info = await startPlatform();
    expect(info.pid).not.toBe(before);

    // Same records, same signing keys (the old token still works), same waiting execution.
    const afterRestart = await api.get<{ status: string; waitingFor?: { kind: string } }>(
      `/v1/demands/${created.body.id}`,
      bureau,
    );
    expect(afterRestart.status).toBe(200);
    expect(afterRestart.body.waitingFor?.kind).toBe("decision");
    expect(
      (
        await api.post(
          `/v1/demands/${created.body.id}/decision`,
          bureau,
          draftChallengeDecision(Date.parse((await api.get<{ now: string }>("/local/clock")).body.now)),
        )
      ).status,
    ).toBe(202);
    await settle();
    const accepted = await api.get<{ status: string }>(`/v1/demands/${created.body.id}`, enterprise);
    expect(accepted.body.status).toBe("accepted");

    const sfn = new SFNClient({
      endpoint: info.stepFunctionsEndpoint,
      region: "us-east-1",
      credentials: { accessKeyId: "l", secretAccessKey: "l" },
    });
    const history = await sfn.send(
      new GetExecutionHistoryCommand({ executionArn: waiting.body.workflow.executionArn }),
    );
    sfn.destroy();
    const entered = (history.events ?? []).flatMap((e) =>
      e.stateEnteredEventDetails ? [e.stateEnteredEventDetails.name] : [],
    );
    expect(entered).toEqual(["AwaitBureauDecision", "ApplyDecision", "RouteByDecision", "Accepted"]);
    expect(history.events?.at(-1)?.type).toBe("ExecutionSucceeded");
  }, 120_000);

  it("stops cleanly on Ctrl-C (SIGINT), taking DynamoDB Local with it", async () => {
    const javaPid = Number(readFileSync(join(child.dataDir(), "dynamodb.pid"), "utf8"));
    expect(processAlive(javaPid)).toBe(true);
    const dataDir = child.dataDir();
    const code = await child.platform().interrupt();
    expect(code).toBe(0);
    expect(processAlive(javaPid)).toBe(false);
    expect(existsSync(join(dataDir, "runtime.json"))).toBe(false);
  }, 60_000);
});
