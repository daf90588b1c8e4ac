// End-to-end: a programme's ledger (GET /v1/programmes/{id}/ledger) names every account in words — the programme's
// accounts by its Chinese and English names, a project's by its title (its challenge's) — with what kind of money, so the
// finance ledger page shows no `prj:prj-…:committed` where a person reads.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shanghaiDate } from "../../functions/kernel/dates.ts";
import { trancheId } from "../../functions/projects/model.ts";
import { type Runtime, startRuntime } from "../../local/runtime.ts";
import { projectFlow } from "../support/project-flow.ts";

let runtime: Runtime;
let dataDir: string;
const flow = projectFlow(() => runtime);

interface Ledger {
  balances: Record<string, number>;
  rebuilt: Record<string, number>;
  accountNames: Record<string, { accountName: string; accountNameZh: string }>;
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "jiebang-ledger-names-"));
  runtime = await startRuntime({ dataDir, clockStart: "2025-06-02T02:00:00.000Z" });
});
afterAll(async () => {
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("the ledger's accounts in words", () => {
  it("names each account by its programme or project, and the kind of money", async () => {
    const { programmeId, projectId } = await flow.signedProject({
      startDate: shanghaiDate(runtime.clock.now()),
      solverOrg: "uni-ledger",
    });
    // A payment run reserves the first tranche: the ledger's accounts get their first entries.
    const ran = await flow.api.call("POST", "/v1/payments", {
      token: await flow.as("f1", "taiyuan-czj", "finance"),
      body: { trancheIds: [trancheId(projectId, 1)] },
      headers: { "idempotency-key": "ledger-names-run-0001" },
    });
    expect(ran.status, JSON.stringify(ran.body)).toBe(202);
    await flow.settle();
    const got = await flow.api.get<Ledger>(
      `/v1/programmes/${programmeId}/ledger`,
      await flow.as("f1", "taiyuan-czj", "finance"),
    );
    expect(got.status, JSON.stringify(got.body)).toBe(200);
    const ids = Object.keys({ ...got.body.balances, ...got.body.rebuilt }).sort();
    expect(ids.length).toBeGreaterThan(1);
    expect(Object.keys(got.body.accountNames).sort()).toEqual(ids);
    const projectAccounts = ids.filter((id) => id.startsWith(`prj:${projectId}:`));
    expect(projectAccounts.length).toBeGreaterThan(0);
    for (const id of projectAccounts) {
      expect(got.body.accountNames[id]?.accountNameZh).toMatch(/^项目 .+ · .+$/);
      // The kind of money in words, not the id's last part.
      expect(got.body.accountNames[id]?.accountNameZh).not.toContain(id.split(":").at(-1));
    }
    for (const id of ids.filter((i) => i.startsWith("prg:"))) {
      expect(got.body.accountNames[id]?.accountNameZh).toMatch(/^批次 项目管理测试批次 · /);
      expect(got.body.accountNames[id]?.accountName).toMatch(
        /^Programme Project lifecycle test programme · /,
      );
    }
  }, 90_000);
});
