// Unit tests: 就高不重复 (《太原市…行动方案》六（一）) in the project's audit reports — a report per decided finding for each project
// it concerns, with the candidates and their similarity, the decision and the grant before and after, in escaped Chinese
// HTML; written once, and a decision taken at award (before the project existed) reported once the project's task book
// starts its workflow.
import { describe, expect, it } from "vitest";
import type { OverlapCheckRecord, OverlapFinding } from "../../../functions/overlap/model.ts";
import { overlapCheckKind } from "../../../functions/overlap/model.ts";
import {
  overlapAuditReport,
  overlapReportHtml,
  overlapReportsDue,
  writeProjectOverlapReports,
} from "../../../functions/overlap/reports.ts";
import { created } from "../../../functions/platform/ports/records.ts";
import { type ProjectRecord, projectKind } from "../../../functions/projects/model.ts";
import { memoryRecordStore } from "../../support/memory-records.ts";

const decided: OverlapFinding = {
  key: "application:app-1",
  source: "project",
  applicationId: "app-1",
  projectId: "prj-1",
  title: "高端不锈钢冷轧薄板表面缺陷<智能>检测",
  sharedCodes: ["12140000MB0K00011A"],
  amountFen: 5_000_000_00,
  status: "in-progress",
  period: { startDate: "2025-07-01", endDate: "2027-06-30" },
  similarity: { score: 0.62, titleScore: 0.7, keywordScore: 0.5, sharedDays: 300, overlaps: true },
  decision: {
    outcome: "fund-higher",
    lower: "subject",
    action: "reduce",
    reducedToFen: 1_000_000_00,
    effect: "reduced",
    effectZh: "立项时资助额不超过 1,000,000.00 元",
    reason: "同一研发内容 & 已获支持",
    grantBeforeFen: 3_000_000_00,
    decidedBy: "b1",
    decidedByName: "王科长",
    decidedAt: "2025-07-02T02:00:00.000Z",
  },
};
const open: OverlapFinding = {
  ...decided,
  key: "external:ext-1",
  source: "external",
  projectId: undefined as never,
  policy: "太原市科技重大专项",
  similarity: { score: 0.31, titleScore: 0.31, overlaps: true },
  decision: undefined as never,
};
const check: OverlapCheckRecord = {
  id: "ovl-app-2",
  version: 2,
  applicationId: "app-2",
  challengeId: "ch-2",
  programmeId: "ty-2025",
  title: "不锈钢冷轧薄板表面缺陷智能检测系统研发",
  keywords: ["机器视觉"],
  codes: ["12140000MB0K00011A"],
  amountFen: 3_000_000_00,
  stage: "award",
  checkedAt: "2025-07-01T02:00:00.000Z",
  checkedBy: "b1",
  findings: [decided, { ...open }],
  status: "open",
  createdAt: "2025-07-01T02:00:00.000Z",
  updatedAt: "2025-07-02T02:00:00.000Z",
};

describe("就高不重复 in the project's audit reports", () => {
  it("is due for each decided finding and each project it concerns, until recorded", () => {
    // At award the checked application has no project yet: only the found project's report is due.
    expect(overlapReportsDue(check).map((d) => [d.projectId, d.finding.key])).toEqual([
      ["prj-1", "application:app-1"],
    ]);
    const withProject = { ...check, projectId: "prj-2" };
    expect(overlapReportsDue(withProject).map((d) => d.projectId)).toEqual(["prj-2", "prj-1"]);
    const recorded = {
      ...withProject,
      auditReports: [
        {
          projectId: "prj-1",
          event: "overlap-app-2-application-app-1",
          jsonKey: "k",
          htmlKey: "h",
          sha256: "s",
          at: "t",
        },
      ],
    };
    expect(overlapReportsDue(recorded).map((d) => d.projectId)).toEqual(["prj-2"]);
  });

  it("holds the check, every candidate with its similarity, the decision by name and the grant before and after", () => {
    const r = overlapAuditReport({
      check: { ...check, projectId: "prj-2" },
      finding: decided,
      projectId: "prj-2",
      projectTitle: "不锈钢冷轧薄板表面缺陷智能检测系统研发",
      at: "2025-07-02T02:00:01.000Z",
    });
    expect(r).toMatchObject({
      kind: "overlap-decision",
      event: "overlap-app-2-application-app-1",
      side: "subject",
      check: { applicationId: "app-2", stage: "award", amountFen: 3_000_000_00, checkedBy: "b1" },
      decision: { outcome: "fund-higher", lower: "subject", action: "reduce", decidedBy: "王科长" },
      grant: { side: "subject", beforeFen: 3_000_000_00, afterFen: 1_000_000_00 },
    });
    expect(r.candidates.map((c) => [c.key, c.similarity.score, c.decision?.outcome ?? null])).toEqual([
      ["application:app-1", 0.62, "fund-higher"],
      ["external:ext-1", 0.31, null],
    ]);
    const other = overlapAuditReport({ check, finding: decided, projectId: "prj-1", at: "x" });
    expect(other.side).toBe("other");
    const distinct = overlapAuditReport({
      check,
      finding: { ...decided, decision: { ...decided.decision!, outcome: "distinct" } },
      projectId: "prj-1",
      at: "x",
    });
    expect(distinct.grant).toBeNull();
  });

  it("renders Chinese HTML, every text escaped", () => {
    const html = overlapReportHtml(
      overlapAuditReport({ check, finding: decided, projectId: "prj-1", projectTitle: "甲", at: "x" }),
    );
    expect(html).toContain('<h2 id="overlap-check">重复支持核查</h2>');
    expect(html).toContain('<h2 id="overlap-decision">主管部门认定</h2>');
    expect(html).toContain("高端不锈钢冷轧薄板表面缺陷&lt;智能&gt;检测");
    expect(html).not.toContain("<智能>");
    expect(html).toContain("同一研发内容 &amp; 已获支持");
    expect(html).toContain("<td>0.620</td>");
    expect(html).toContain("由 3000000.00 元调整为 1000000.00 元");
    expect(html).toContain("王科长");
  });

  it("a decision taken at award is written once the project exists, once", async () => {
    const records = memoryRecordStore();
    const at = "2025-07-03T02:00:00.000Z";
    const project = {
      id: "prj-2",
      version: 1,
      applicationId: "app-2",
      challengeId: "ch-2",
      programmeId: "ty-2025",
      title: "乙",
      enterprise: { organisationId: "ent-a", name: "甲企业" },
      solverLead: { organisationId: "uni-a", name: "甲大学" },
      solverMembers: [],
      createdAt: at,
    } as unknown as ProjectRecord;
    await records.write(
      [
        created(projectKind, project, { actor: "t", role: "t", action: "project.created", detail: {} }),
        created(
          overlapCheckKind,
          { ...check, version: 1, projectId: "prj-2" },
          { actor: "t", role: "t", action: "overlap.checked", detail: {} },
        ),
      ],
      at,
    );
    const stored = new Map<string, string>();
    const deps = {
      records,
      clock: { now: () => new Date(at) },
      reports: {
        putOnce: async (key: string, body: string) => {
          const written = !stored.has(key);
          if (written) stored.set(key, body);
          return { sha256: `sha-${key}`, written };
        },
        read: async (key: string) => stored.get(key),
      },
    };
    expect(await writeProjectOverlapReports(deps, "prj-2")).toBe(2);
    expect([...stored.keys()].sort()).toEqual([
      "projects/prj-1/decisions/overlap-app-2-application-app-1.html",
      "projects/prj-1/decisions/overlap-app-2-application-app-1.json",
      "projects/prj-2/decisions/overlap-app-2-application-app-1.html",
      "projects/prj-2/decisions/overlap-app-2-application-app-1.json",
    ]);
    const after = await records.get(overlapCheckKind, "ovl-app-2");
    expect(after?.auditReports?.map((r) => r.projectId)).toEqual(["prj-2", "prj-1"]);
    expect(await writeProjectOverlapReports(deps, "prj-2")).toBe(0);
    expect((await records.auditTrail(overlapCheckKind as never, "ovl-app-2")).map((e) => e.action)).toEqual([
      "overlap.checked",
      "overlap.audit-reports-written",
    ]);
  });
});
