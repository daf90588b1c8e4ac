// End-to-end: 就高不重复 (《太原市…行动方案》六（一）) over HTTP — an application whose organisation (by unified social credit
// code) already has the same content supported is stopped at task-book drafting until the bureau decides; the decision
// reduces the grant the task book is drafted with; grants of other policies declared by the bureau are seen; different
// content and other organisations are not; every check and decision is in the audit trail.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { overlapCheckKind } from "../../functions/overlap/model.ts";
import { storage } from "../../functions/platform/clients.ts";
import { config } from "../../functions/platform/config.ts";
import { recordStore } from "../../functions/platform/deps.ts";
import { s3ReportStore } from "../../functions/platform/s3/report-store.ts";
import { projectKind } from "../../functions/projects/model.ts";
import { type Runtime, startRuntime } from "../../local/runtime.ts";
import { apiClient, sha256Hex, tokenIssuer } from "../support/api.ts";
import { projectWithContent, registerOrganisation, validCode } from "../support/overlap.ts";

let runtime: Runtime;
let dataDir: string;
const api = apiClient(() => runtime.info.apiUrl);
const as = tokenIssuer(() => runtime);
const bureau = () => as("b1", "taiyuan-stb", "bureau");
const code = validCode;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "jiebang-overlap-"));
  runtime = await startRuntime({ dataDir });
});
afterAll(async () => {
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

type Finding = {
  key: string;
  source: string;
  projectId?: string;
  sharedCodes: string[];
  amountFen: number;
  similarity: { score: number; overlaps: boolean };
  decision?: { outcome: string; effect: string; effectZh: string };
};
type Check = {
  applicationId: string;
  status: string;
  amountFen: number;
  codes: string[];
  findings: Finding[];
  grantCapFen?: number;
  auditReports?: { projectId: string; event: string; jsonKey: string; htmlKey: string; sha256: string }[];
};
type Refusal = { code: string; messageZh: string };

const register = async (organisationId: string, uscc: string, name: string) =>
  registerOrganisation(api, await bureau(), organisationId, uscc, name);
const project = (solverOrg: string, title: string, keyTechnologies: string[]) =>
  projectWithContent(runtime, solverOrg, title, keyTechnologies);

const draft = async (projectId: string) =>
  api.post<Refusal>(`/v1/projects/${projectId}/task-book`, await bureau(), {
    startDate: "2026-12-15",
    ipTerms: "知识产权归揭榜方所有，出题企业享有优先使用权。",
    rewardPenaltyTerms: "未完成考核指标的，按任务书约定收回资金。",
  });

describe("就高不重复: the same content supported once, at the higher amount", () => {
  it("stops a task book on the same content of the same organisation by code, until the bureau's decision reduces the grant", async () => {
    const uscc = code("12140000MB0K00011");
    await register("tyut-ovl", uscc, "太原理工示例大学");
    const first = await project("tyut-ovl", "高端不锈钢冷轧薄板表面缺陷智能检测", ["机器视觉", "缺陷识别"]);
    const second = await project("tyut-ovl", "不锈钢冷轧薄板表面缺陷智能检测系统研发", [
      "机器视觉检测",
      "深度学习缺陷识别",
    ]);
    // Different content of the same organisation, and the same content of another organisation: not found.
    await project("tyut-ovl", "煤矿瓦斯抽采智能监测", ["瓦斯监测"]);
    await register("other-ovl", code("12140000MB0K00029"), "另一示例研究院");
    await project("other-ovl", "高端不锈钢冷轧薄板表面缺陷智能检测", ["机器视觉", "缺陷识别"]);

    const stopped = await draft(second.projectId);
    expect(stopped.status).toBe(409);
    expect(stopped.body.code).toBe("OVERLAP_UNDECIDED");
    expect(stopped.body.messageZh).toContain("就高不重复");

    const read = await api.get<Check>(
      `/v1/applications/${second.applicationId}/overlap-check`,
      await bureau(),
    );
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ status: "open", codes: [uscc] });
    expect(read.body.findings.map((f) => f.key)).toEqual([`application:${first.applicationId}`]);
    const [finding] = read.body.findings;
    expect(finding).toMatchObject({ source: "project", projectId: first.projectId, sharedCodes: [uscc] });
    expect(finding?.similarity.score).toBeGreaterThan(0.5);

    // Refusals write nothing: the lower side's reduction must be below its amount; a decision names the lower side.
    const decide = async (body: Record<string, unknown>) =>
      api.post<Refusal & Check>(
        `/v1/applications/${second.applicationId}/overlap-check/decisions`,
        await bureau(),
        { key: finding?.key, reason: "同一研发内容已获本市支持", ...body },
      );
    const noLower = await decide({ outcome: "fund-higher" });
    expect([noLower.status, noLower.body.code]).toEqual([422, "OVERLAP_LOWER_REQUIRED"]);
    const notBelow = await decide({
      outcome: "fund-higher",
      lower: "subject",
      action: "reduce",
      reducedToFen: read.body.amountFen,
    });
    expect([notBelow.status, notBelow.body.code]).toEqual([422, "OVERLAP_REDUCTION_INVALID"]);

    const reducedToFen = 1_000_000_00;
    const decided = await decide({
      outcome: "fund-higher",
      lower: "subject",
      action: "reduce",
      reducedToFen,
    });
    expect(decided.status).toBe(200);
    expect(decided.body).toMatchObject({ status: "settled", grantCapFen: reducedToFen });
    expect(decided.body.findings[0]?.decision?.effectZh).toContain("核减为 1,000,000.00 元");
    // The check and the decision are in the audit report of each project concerned, read back from the audit bucket.
    const event = `overlap-${second.applicationId}-application-${first.applicationId}`;
    expect(decided.body.auditReports?.map((r) => [r.projectId, r.event])).toEqual([
      [second.projectId, event],
      [first.projectId, event],
    ]);
    const store = s3ReportStore(storage(), config.auditBucket());
    const readReport = async (ref: NonNullable<Check["auditReports"]>[number]) => {
      expect(ref.jsonKey).toBe(`projects/${ref.projectId}/decisions/${event}.json`);
      const json = (await store.read(ref.jsonKey)) as string;
      expect(sha256Hex(json)).toBe(ref.sha256);
      return {
        json: JSON.parse(json) as Record<string, unknown>,
        html: (await store.read(ref.htmlKey)) ?? "",
      };
    };
    const mine = await readReport(decided.body.auditReports![0]!);
    expect(mine.json).toMatchObject({
      kind: "overlap-decision",
      projectId: second.projectId,
      projectTitle: "不锈钢冷轧薄板表面缺陷智能检测系统研发",
      side: "subject",
      check: {
        applicationId: second.applicationId,
        stage: "task-book",
        codes: [uscc],
        checkedBy: "local-b1",
      },
      candidates: [
        {
          key: finding?.key,
          projectId: first.projectId,
          title: "高端不锈钢冷轧薄板表面缺陷智能检测",
          similarity: { score: finding?.similarity.score },
          decision: { outcome: "fund-higher" },
        },
      ],
      decision: { outcome: "fund-higher", lower: "subject", action: "reduce", decidedBy: "local-b1" },
      grant: { side: "subject", beforeFen: read.body.amountFen, afterFen: reducedToFen },
    });
    expect(mine.html).toContain("就高不重复核查审计报告");
    expect(mine.html).toContain("高端不锈钢冷轧薄板表面缺陷智能检测");
    expect(mine.html).toContain("核减至 1000000.00 元");
    const theirs = await readReport(decided.body.auditReports![1]!);
    expect(theirs.json).toMatchObject({ projectId: first.projectId, side: "other" });
    const again = await decide({ outcome: "distinct" });
    expect([again.status, again.body.code]).toEqual([409, "OVERLAP_DECIDED"]);

    const drafted = await draft(second.projectId);
    expect(drafted.status).toBe(201);
    expect((drafted.body as unknown as { taskBook: { grantFen: number } }).taskBook.grantFen).toBe(
      reducedToFen,
    );
    // The higher project keeps its grant.
    const higher = await recordStore().get(projectKind, first.projectId);
    expect(higher?.grantFen).toBeGreaterThan(reducedToFen);

    const trail = await recordStore().auditTrail(overlapCheckKind as never, `ovl-${second.applicationId}`);
    expect(trail.map((e) => e.action)).toEqual([
      "overlap.checked",
      "overlap.decided",
      "overlap.audit-reports-written",
      "overlap.checked",
    ]);
    // Drafting's check and the project's start wrote no second version of a report already written.
    const settled = await recordStore().get(overlapCheckKind, `ovl-${second.applicationId}`);
    expect(settled?.auditReports).toHaveLength(2);
    const projectTrail = await recordStore().auditTrail(projectKind as never, second.projectId);
    expect(projectTrail.map((e) => e.action)).toContain("project.grant-reduced");
  });

  it("sees a grant of another policy the bureau declared, by code; a different content is no finding", async () => {
    const uscc = code("91140100MA0K00037");
    await register("robot-ovl", uscc, "山西示例机器人有限公司");
    const mine = await project("robot-ovl", "煤矿井下5G智能巡检机器人", ["5G通信", "巡检机器人"]);
    const declare = async (body: Record<string, unknown>) =>
      api.post<Refusal & { id: string }>("/v1/overlap/external-grants", await bureau(), {
        uscc: uscc.toLowerCase(),
        organisationName: "山西示例机器人有限公司",
        amountFen: 8_000_000_00,
        policy: "太原市科技重大专项",
        startDate: "2026-06-01",
        endDate: "2028-05-31",
        ...body,
      });
    const same = await declare({ title: "煤矿井下智能巡检机器人研制", keywords: ["巡检机器人", "防爆"] });
    expect(same.status).toBe(201);
    const apart = await declare({ title: "煤矿瓦斯抽采智能监测", keywords: ["瓦斯监测"] });
    expect(apart.status).toBe(201);
    const badCode = await declare({ title: "x", uscc: "91140100MA0K000370" });
    expect([badCode.status, badCode.body.code]).toEqual([400, "USCC_INVALID"]);

    const checked = await api.post<Check>(
      `/v1/applications/${mine.applicationId}/overlap-check`,
      await bureau(),
      {
        stage: "award",
      },
    );
    expect(checked.status).toBe(200);
    expect(checked.body.findings.map((f) => f.key)).toEqual([`external:${same.body.id}`]);

    // The platform's project is the lower one here (8,000,000 CNY outside): withdrawing the external one is refused as
    // 就高 keeps the higher.
    const wrongWay = await api.post<Refusal>(
      `/v1/applications/${mine.applicationId}/overlap-check/decisions`,
      await bureau(),
      {
        key: `external:${same.body.id}`,
        outcome: "fund-higher",
        lower: "other",
        action: "withdraw",
        reason: "就高",
      },
    );
    expect([wrongWay.status, wrongWay.body.code]).toEqual([422, "OVERLAP_LOWER_IS_HIGHER"]);
    const distinct = await api.post<Check>(
      `/v1/applications/${mine.applicationId}/overlap-check/decisions`,
      await bureau(),
      { key: `external:${same.body.id}`, outcome: "distinct", reason: "研发内容为防爆结构，与本项目不同" },
    );
    expect(distinct.body.status).toBe("settled");
    expect((await draft(mine.projectId)).status).toBe(201);

    const listed = await api.get<{ items: Check[] }>(
      "/v1/overlap/checks",
      await as("au1", "audit-office", "auditor"),
    );
    expect(listed.body.items.map((c) => c.applicationId)).toContain(mine.applicationId);
    const solver = await as("s-robot", "robot-ovl", "solver");
    expect((await api.get("/v1/overlap/checks", solver)).status).toBe(403);
  });
});
