// End-to-end: an enterprise (出题企业) lists a programme's projects — only those it is the enterprise of (the project's
// read rule filters the page, as the challenge list does); another organisation's project stays refused when read
// directly, and the audit trail stays programme staff's.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Runtime, startRuntime } from "../../local/runtime.ts";
import { apiClient, tokenIssuer } from "../support/api.ts";
import { awardedProject, type SeededProject } from "../support/projects.ts";

let runtime: Runtime;
let dataDir: string;
const api = apiClient(() => runtime.info.apiUrl);
const as = tokenIssuer(() => runtime);
let mine: SeededProject;
let theirs: SeededProject;

type ProjectsPage = { items: { id: string; enterprise: { organisationId: string } }[]; next?: string };

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "jiebang-enterprise-projects-"));
  runtime = await startRuntime({ dataDir, clockStart: "2025-06-02T02:00:00.000Z" });
  // Two winners of one programme: one project of ent-casting, one of ent-other.
  mine = await awardedProject(runtime, { enterpriseOrg: "ent-casting", solverOrg: "uni-a" });
  theirs = await awardedProject(runtime, {
    enterpriseOrg: "ent-other",
    solverOrg: "uni-b",
    sameChallengeAs: mine,
  });
}, 120_000);

afterAll(async () => {
  await runtime?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe("GET /v1/projects for an enterprise", () => {
  it("lists only the projects the caller's organisation is the enterprise of", async () => {
    const own = await api.get<ProjectsPage>(
      `/v1/projects?programmeId=${mine.programmeId}&limit=100`,
      await as("e1", "ent-casting", "enterprise"),
    );
    expect(own.status, JSON.stringify(own.body)).toBe(200);
    expect(own.body.items.map((p) => p.id)).toEqual([mine.projectId]);
    const other = await api.get<ProjectsPage>(
      `/v1/projects?programmeId=${mine.programmeId}&limit=100`,
      await as("e2", "ent-other", "enterprise"),
    );
    expect(other.body.items.map((p) => p.id)).toEqual([theirs.projectId]);
    // An enterprise of no project of the programme sees none; the bureau sees both.
    const none = await api.get<ProjectsPage>(
      `/v1/projects?programmeId=${mine.programmeId}&limit=100`,
      await as("e3", "ent-none", "enterprise"),
    );
    expect(none.body.items).toEqual([]);
    const staff = await api.get<ProjectsPage>(
      `/v1/projects?programmeId=${mine.programmeId}&limit=100`,
      await as("b1", "taiyuan-stb", "bureau"),
    );
    expect(staff.body.items.map((p) => p.id).sort()).toEqual([mine.projectId, theirs.projectId].sort());
  });

  it("refuses another organisation's project read directly, and the audit trail to any enterprise", async () => {
    const token = await as("e1", "ent-casting", "enterprise");
    const refused = await api.get<{ code: string }>(`/v1/projects/${theirs.projectId}`, token);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe("NOT_A_PARTY");
    expect((await api.get(`/v1/projects/${mine.projectId}`, token)).status).toBe(200);
    const trail = await api.get(`/v1/projects/${mine.projectId}/audit-trail`, token);
    expect(trail.status).toBe(403);
  });

  it("is still refused to a solver (the role is not on the route)", async () => {
    const refused = await api.get(
      `/v1/projects?programmeId=${mine.programmeId}`,
      await as("s1", "uni-a", "solver"),
    );
    expect(refused.status).toBe(403);
  });
});
