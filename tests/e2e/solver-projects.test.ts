// End-to-end: a solver's (揭榜方) projects, GET /v1/me/projects on the embedded runtime over HTTP — the lead solver
// lists the projects its organisation leads (by the party records written with each project), newest first and paged,
// named by title, and opens each; another solver lists none of them; the route is the solver's only.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { myProjectsResponse } from "../../functions/operations/todo-views.ts";
import { type Runtime, startRuntime } from "../../local/runtime.ts";
import { apiClient, tokenIssuer } from "../support/api.ts";
import { awardedProject } from "../support/projects.ts";

let runtime: Runtime;
let dataDir: string;
const api = apiClient(() => runtime.info.apiUrl);
const as = tokenIssuer(() => runtime);

type Page = {
  items: { id: string; role: string; title: string; programmeNameZh?: string; applicationId: string }[];
  next?: string;
};

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "jiebang-solver-projects-"));
  runtime = await startRuntime({ dataDir, clockStart: "2025-06-02T02:00:00.000Z" });
});
afterAll(async () => {
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("a solver's projects (GET /v1/me/projects)", () => {
  it("lists the projects its organisation leads, newest first and paged; another solver's list holds none", async () => {
    const first = await awardedProject(runtime, { solverOrg: "uni-sp" });
    runtime.clock.advanceTo(runtime.clock.now() + 1000);
    const second = await awardedProject(runtime, { solverOrg: "uni-sp" });
    await awardedProject(runtime, { solverOrg: "uni-else" });
    const solver = await as("s-sp", "uni-sp", "solver");

    const page1 = await api.get<Page>("/v1/me/projects?limit=1", solver);
    expect(page1.status, JSON.stringify(page1.body)).toBe(200);
    myProjectsResponse.parse(page1.body);
    expect(page1.body.items.map((p) => [p.id, p.role])).toEqual([[second.projectId, "lead"]]);
    expect(page1.body.items[0]?.programmeNameZh).toBe("项目管理测试批次");
    const page2 = await api.get<Page>(
      `/v1/me/projects?limit=1&cursor=${encodeURIComponent(page1.body.next!)}`,
      solver,
    );
    expect(page2.body.items.map((p) => p.id)).toEqual([first.projectId]);
    expect(page2.body.items[0]).toMatchObject({ applicationId: first.applicationId });

    // Each listed project opens for it (its page, by the project's record rule).
    expect((await api.get(`/v1/projects/${first.projectId}`, solver)).status).toBe(200);

    const other = await api.get<Page>("/v1/me/projects", await as("s-x", "uni-x", "solver"));
    expect(other.status).toBe(200);
    expect(other.body.items).toEqual([]);
    // The route is the solver's; an enterprise is refused.
    expect((await api.get("/v1/me/projects", await as("e1", "ent-casting", "enterprise"))).status).toBe(403);
  }, 60_000);
});
