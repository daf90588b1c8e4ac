// End-to-end: the API gives the names a page shows in the same reads — a project's title (stored at award; for a
// record written before, its challenge's title, filled in on read), its programme's and its policy's Chinese names, and
// its parties by their registered names (机构名录) where registered.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ChallengeRecord, challengeKind } from "../../functions/challenges/model.ts";
import { recordStore } from "../../functions/platform/deps.ts";
import { created } from "../../functions/platform/ports/records.ts";
import { type Runtime, startRuntime } from "../../local/runtime.ts";
import { apiClient, completeDemand, createProgramme, tokenIssuer } from "../support/api.ts";
import { paymentsOn } from "../support/payments.ts";
import { awardedProject, type SeededProject } from "../support/projects.ts";

let runtime: Runtime;
let dataDir: string;
const api = apiClient(() => runtime.info.apiUrl);
const as = tokenIssuer(() => runtime);
let old: SeededProject;

type ProjectPage = {
  project: { id: string; title?: string; enterprise: { name: string }; solverLead: { name: string } };
  names: { title: string; programme: string; policy: string; experts: Record<string, string> };
};

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "jiebang-names-"));
  runtime = await startRuntime({ dataDir, clockStart: "2025-06-02T02:00:00.000Z" });
  // A project written before projects had a title (the seed stores none), with its challenge on record.
  old = await awardedProject(runtime, { enterpriseOrg: "ent-casting", solverOrg: "uni-a" });
  const registered = await api.post("/v1/organisations", await as("b1", "taiyuan-stb", "bureau"), {
    organisationId: "ent-casting",
    registeredName: "太原精密铸造有限公司",
    uscc: "91350100M000100Y43",
    type: "enterprise",
  });
  expect(registered.status, JSON.stringify(registered.body)).toBe(201);
  const at = new Date(runtime.clock.now()).toISOString();
  await recordStore().write(
    [
      created(
        challengeKind,
        {
          id: old.challengeId,
          version: 1,
          programmeId: old.programmeId,
          title: "高温合金叶片精密铸造缺陷控制",
          keyTechnologies: [],
          status: "awarded",
          enterpriseOrganisationIds: ["ent-casting"],
          createdAt: at,
          updatedAt: at,
        } as unknown as ChallengeRecord,
        { actor: "test", role: "bureau", action: "test.seeded" },
      ),
    ],
    at,
  );
}, 120_000);

afterAll(async () => {
  await runtime?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe("GET /v1/projects/{projectId}: names", () => {
  it("fills in an old project's title from its challenge, and names its programme and policy in Chinese", async () => {
    const read = await api.get<ProjectPage>(
      `/v1/projects/${old.projectId}`,
      await as("b1", "taiyuan-stb", "bureau"),
    );
    expect(read.status, JSON.stringify(read.body)).toBe(200);
    expect(read.body.project.title).toBe("高温合金叶片精密铸造缺陷控制");
    expect(read.body.names).toEqual({
      title: "高温合金叶片精密铸造缺陷控制",
      programme: "项目管理测试批次",
      policy: "太原市“双百攻关行动”揭榜挂帅项目（2023）",
      // No panel nor acceptance plan yet: no experts to name.
      experts: {},
    });
    // The enterprise by its registered name; the unregistered solver by the name the award recorded.
    expect(read.body.project.enterprise.name).toBe("太原精密铸造有限公司");
    expect(read.body.project.solverLead.name).toBe("uni-a");
  });
});

describe("GET /v1/demands: the enterprise by its registered name", () => {
  it("names a registered enterprise on the bureau's list and on the demand, and leaves an unregistered one unnamed", async () => {
    const bureau = await as("b1", "taiyuan-stb", "bureau");
    const programmeId = await createProgramme(api, bureau);
    const submitted: Record<string, string> = {};
    for (const org of ["ent-casting", "ent-unregistered"]) {
      const token = await as(`u-${org}`, org, "enterprise");
      const draft = await api.post<{ id: string }>(
        "/v1/demands",
        token,
        completeDemand(`需求 ${org}`, programmeId),
      );
      expect(draft.status, JSON.stringify(draft.body)).toBe(201);
      const sent = await api.post(`/v1/demands/${draft.body.id}/submit`, token);
      expect(sent.status, JSON.stringify(sent.body)).toBe(202);
      submitted[org] = draft.body.id;
    }
    type Listed = { id: string; organisationId: string; organisationName?: string };
    const list = await api.get<{ items: Listed[] }>(
      `/v1/demands?status=submitted&programmeId=${programmeId}`,
      bureau,
    );
    expect(list.status).toBe(200);
    const byId = new Map(list.body.items.map((d) => [d.id, d]));
    expect(byId.get(submitted["ent-casting"] as string)?.organisationName).toBe("太原精密铸造有限公司");
    expect(byId.get(submitted["ent-unregistered"] as string)).toMatchObject({
      organisationId: "ent-unregistered",
    });
    expect(byId.get(submitted["ent-unregistered"] as string)?.organisationName).toBeUndefined();
    const one = await api.get<Listed>(`/v1/demands/${submitted["ent-casting"]}`, bureau);
    expect(one.body.organisationName).toBe("太原精密铸造有限公司");
  });
});

describe("GET /v1/payments/queue: the payee by its registered name", () => {
  it("names the registered payee by its registered name, not the id the award recorded as its name", async () => {
    const { signedProject } = paymentsOn(() => runtime);
    const project = await signedProject();
    const queue = await api.get<{
      items: { projectId: string; payeeOrganisationId: string; payeeName?: string }[];
    }>(`/v1/payments/queue?programmeId=${project.programmeId}`, await as("f1", "taiyuan-czj", "finance"));
    expect(queue.status, JSON.stringify(queue.body)).toBe(200);
    const queued = queue.body.items.find((i) => i.projectId === project.projectId);
    expect(queued).toMatchObject({ payeeOrganisationId: "ent-casting", payeeName: "太原精密铸造有限公司" });
  });
});

describe("GET /v1/experts: the pool's organisations by their registered names", () => {
  it("names a registered organisation of an expert or of a conflict, and leaves an unregistered one out", async () => {
    const bureau = await as("b1", "taiyuan-stb", "bureau");
    const made = await api.post("/v1/experts", bureau, {
      expertId: "local-pool-1",
      organisationId: "inst-unregistered",
      name: "周明",
      expertise: "technical",
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const declared = await api.post(
      "/v1/experts/me/conflicts",
      await as("pool-1", "inst-unregistered", "expert"),
      {
        organisationId: "ent-casting",
        reason: "曾任该企业技术顾问",
      },
    );
    expect(declared.status, JSON.stringify(declared.body)).toBe(200);
    const pool = await api.get<{ items: { id: string }[]; organisationNames?: Record<string, string> }>(
      "/v1/experts",
      bureau,
    );
    expect(pool.status).toBe(200);
    expect(pool.body.items.map((e) => e.id)).toContain("local-pool-1");
    expect(pool.body.organisationNames?.["ent-casting"]).toBe("太原精密铸造有限公司");
    expect(pool.body.organisationNames).not.toHaveProperty("inst-unregistered");
  });
});
