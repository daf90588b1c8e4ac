// End-to-end: the organisation registry (机构名录) over HTTP — the bureau registers organisations by their unified
// social credit code (checked as GB 32100-2015 says), one body holds one code, anyone signed in reads and finds them,
// a rename keeps the code and needs the version read; refusals name the field and write nothing.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Runtime, startRuntime } from "../../local/runtime.ts";
import { apiClient, tokenIssuer } from "../support/api.ts";

let runtime: Runtime;
let dataDir: string;
const api = apiClient(() => runtime.info.apiUrl);
const as = tokenIssuer(() => runtime);

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "jiebang-organisations-"));
  runtime = await startRuntime({ dataDir });
});
afterAll(async () => {
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

type Organisation = { id: string; version: number; registeredName: string; uscc: string; type: string };
type Refusal = { code: string; messageZh: string; fields?: { path: string }[] };

describe("organisation registry", () => {
  it("registers an organisation by its code, which anyone signed in then finds, typed as copied from a licence", async () => {
    const bureau = await as("b1", "taiyuan-stb", "bureau");
    const made = await api.post<Organisation>("/v1/organisations", bureau, {
      organisationId: "sx-example",
      registeredName: "山西示例科技股份有限公司",
      uscc: "91350100M000100Y43",
      type: "enterprise",
    });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ id: "sx-example", version: 1, uscc: "91350100M000100Y43" });
    const solver = await as("s1", "tyut", "solver");
    const read = await api.get<Organisation>("/v1/organisations/sx-example", solver);
    expect(read.body.registeredName).toBe("山西示例科技股份有限公司");
    const found = await api.get<{ items: Organisation[] }>(
      `/v1/organisations?uscc=${encodeURIComponent("9135 0100m000100y43")}`,
      solver,
    );
    expect(found.body.items.map((o) => o.id)).toEqual(["sx-example"]);
    const listed = await api.get<{ items: Organisation[] }>("/v1/organisations?limit=10", solver);
    expect(listed.body.items.map((o) => o.id)).toContain("sx-example");
  });

  it("refuses a second id for a code already held, an id registered twice, and a wrong check character", async () => {
    const bureau = await as("b1", "taiyuan-stb", "bureau");
    await api.post("/v1/organisations", bureau, {
      organisationId: "held-code",
      registeredName: "北京示例有限公司",
      uscc: "91110000600037341L",
      type: "enterprise",
    });
    const second = await api.post<Refusal>("/v1/organisations", bureau, {
      organisationId: "another-id",
      registeredName: "北京示例有限公司（另一账号）",
      uscc: "91110000600037341l",
      type: "enterprise",
    });
    expect(second.status).toBe(409);
    expect(second.body.code).toBe("USCC_HELD");
    expect(second.body.messageZh).toContain("held-code");
    expect((await api.get("/v1/organisations/another-id", bureau)).status).toBe(404);

    const twice = await api.post<Refusal>("/v1/organisations", bureau, {
      organisationId: "held-code",
      registeredName: "北京示例有限公司",
      uscc: "91350100M000100Y43",
      type: "enterprise",
    });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe("ORGANISATION_EXISTS");

    const typo = await api.post<Refusal>("/v1/organisations", bureau, {
      organisationId: "typo-org",
      registeredName: "示例大学",
      uscc: "91110000600037341K",
      type: "university",
    });
    expect(typo.status).toBe(400);
    expect(typo.body.code).toBe("USCC_INVALID");
    expect(typo.body.fields?.map((f) => f.path)).toEqual(["body.uscc"]);
    expect((await api.get("/v1/organisations/typo-org", bureau)).status).toBe(404);

    const enterprise = await as("e1", "tisco", "enterprise");
    const notBureau = await api.post<Refusal>("/v1/organisations", enterprise, {
      organisationId: "self-made",
      registeredName: "自行登记有限公司",
      uscc: "91350100M000100Y43",
      type: "enterprise",
    });
    expect(notBureau.status).toBe(403);
  });

  it("renames with the version read (更名 keeps the code); a stale version is refused", async () => {
    const bureau = await as("b1", "taiyuan-stb", "bureau");
    const made = await api.post<Organisation>("/v1/organisations", bureau, {
      organisationId: "renamed-org",
      registeredName: "太原示例研究所",
      uscc: "12140100MB0000000A",
      type: "institute",
    });
    expect(made.status).toBe(201);
    const change = { registeredName: "太原示例研究院", reason: "经主管部门批准更名" };
    const renamed = await api.call<Organisation>("PATCH", "/v1/organisations/renamed-org", {
      token: bureau,
      body: change,
      headers: { "if-match": '"1"' },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({
      version: 2,
      registeredName: "太原示例研究院",
      uscc: "12140100MB0000000A",
    });
    const stale = await api.call<Refusal>("PATCH", "/v1/organisations/renamed-org", {
      token: bureau,
      body: { registeredName: "又一个名称", reason: "过期版本" },
      headers: { "if-match": '"1"' },
    });
    expect(stale.status).toBe(409);
    const code = await api.call<Refusal>("PATCH", "/v1/organisations/renamed-org", {
      token: bureau,
      body: { uscc: "91350100M000100Y43", reason: "换代码" },
      headers: { "if-match": '"2"' },
    });
    expect(code.status).toBe(400);
    expect((await api.get<Organisation>("/v1/organisations/renamed-org", bureau)).body.version).toBe(2);
  });

  it("a credit record (失信) names the body by its code: it bars the one registration holding it, and is found by code", async () => {
    const bureau = await as("b1", "taiyuan-stb", "bureau");
    expect(
      (
        await api.post("/v1/organisations", bureau, {
          organisationId: "barred-org",
          registeredName: "山西失信示例有限公司",
          uscc: "91140100MA00000016",
          type: "enterprise",
        })
      ).status,
    ).toBe(201);
    type Credit = { organisationId: string; uscc?: string; registeredName?: string };
    const byCode = await api.post<Credit & Refusal>("/v1/credit-records", bureau, {
      uscc: "91140100ma00000016",
      reason: "Fraud in a provincial programme",
      reasonZh: "在省级项目中弄虚作假",
      blockMonths: 36,
    });
    expect(byCode.status).toBe(201);
    expect(byCode.body).toMatchObject({
      organisationId: "barred-org",
      uscc: "91140100MA00000016",
      registeredName: "山西失信示例有限公司",
    });
    // Found by code: the registry names the holder, whose records are listed.
    const holder = await api.get<{ items: Organisation[] }>(
      "/v1/organisations?uscc=91140100MA00000016",
      bureau,
    );
    expect(holder.body.items.map((o) => o.id)).toEqual(["barred-org"]);
    const found = await api.get<{ items: Credit[] }>(
      `/v1/credit-records?organisationId=${holder.body.items[0]!.id}`,
      bureau,
    );
    expect(found.body.items.map((c) => c.uscc)).toEqual(["91140100MA00000016"]);
    // By id too, with the code the registry gives it.
    const byId = await api.post<Credit>("/v1/credit-records", bureau, {
      organisationId: "barred-org",
      reason: "Late report",
      blockMonths: 12,
    });
    expect(byId.body.uscc).toBe("91140100MA00000016");

    // A code no registration holds, a malformed one, or both names at once: refused, nothing written.
    const unknown = await api.post<Refusal>("/v1/credit-records", bureau, {
      uscc: "91140100MA00000029",
      reason: "x",
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.code).toBe("CREDIT_ORGANISATION_UNKNOWN");
    const nobody = await api.post<Refusal>("/v1/credit-records", bureau, {
      uscc: "12140100MB0000001",
      reason: "x",
    });
    expect(nobody.status).toBe(400);
    expect(nobody.body.fields?.map((f) => f.path)).toEqual(["body.uscc"]);
    const both = await api.post<Refusal>("/v1/credit-records", bureau, {
      organisationId: "barred-org",
      uscc: "91140100MA00000016",
      reason: "x",
    });
    expect(both.status).toBe(400);
    expect(
      (await api.get<{ items: Credit[] }>("/v1/credit-records?organisationId=barred-org", bureau)).body.items,
    ).toHaveLength(2);
  });
});
