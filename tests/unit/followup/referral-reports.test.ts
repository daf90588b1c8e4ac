// Unit tests: the fraud decision's audit report with its judicial referral (《太原市…行动方案》四（七）4) — the JSON's sections
// (finding, recovery, referral, the outcomes known at that version, evidence hashes), names instead of ids, escaped
// Chinese HTML, and one version per change of the referral.
import { describe, expect, it } from "vitest";
import type { JudicialReferralRecord } from "../../../functions/followup/model.ts";
import {
  referralAuditReport,
  referralEvents,
  referralReportHtml,
} from "../../../functions/followup/referral-reports.ts";
import type { ProjectRecord, ProjectTrackRecord } from "../../../functions/projects/model.ts";

const referral: JudicialReferralRecord = {
  id: "jrf-prj-1",
  version: 2,
  projectId: "prj-1",
  programmeId: "ty-2025",
  organ: "太原市公安局<经侦>支队",
  referredOn: "2025-07-01",
  reference: "并科移〔2025〕1号",
  reasoning: "伪造检测报告骗取财政资金 & 情节严重",
  documents: [{ title: "移送函", reference: "并科移〔2025〕1号" }, { title: "专项审计报告" }],
  recoveryId: "rcv-prj-1",
  recoverFen: 3_000_000_00,
  paidFen: 3_000_000_00,
  fraudDecidedAt: "2025-06-30T02:00:00.000Z",
  referredBy: "b1",
  outcomes: [
    {
      seq: 1,
      outcome: "accepted",
      decidedOn: "2025-08-01",
      reference: "并公经立字〔2025〕8号",
      summary: "公安机关决定立案侦查",
      recordedBy: "b1",
      at: "2025-08-02T02:00:00.000Z",
    },
  ],
  createdAt: "2025-07-01T02:00:00.000Z",
  updatedAt: "2025-08-02T02:00:00.000Z",
};

const track = {
  projectId: "prj-1",
  programmeId: "ty-2025",
  termination: {
    kind: "fraud",
    fault: true,
    reason: "伪造检测报告",
    proposedBy: "bureau",
    decidedBy: "b1",
    decidedByName: "王科长",
    decidedAt: "2025-06-30T02:00:00.000Z",
  },
  milestones: [
    {
      index: 1,
      files: [
        {
          fileId: "f1",
          fileName: "检测报告.pdf",
          kind: "test-report",
          sha256: "ab".repeat(32),
          verifiedAt: "x",
        },
        { fileId: "f2", fileName: "未核验.pdf", kind: "other", sha256: "cd".repeat(32) },
      ],
    },
  ],
} as unknown as ProjectTrackRecord;

const project = {
  id: "prj-1",
  title: "高端轴承钢冶炼",
  enterprise: { organisationId: "ent-casting", name: "award name" },
  solverLead: { organisationId: "uni-a", name: "甲大学" },
} as unknown as ProjectRecord;
const names = { title: "高端轴承钢冶炼", organisationNames: new Map([["ent-casting", "太原铸造有限公司"]]) };

describe("the fraud decision's audit report with its judicial referral", () => {
  it("one version per change: the referral, then one more for each outcome", () => {
    expect(referralEvents({ ...referral, outcomes: [] })).toEqual(["judicial-referral-0"]);
    expect(referralEvents(referral)).toEqual(["judicial-referral-0", "judicial-referral-1"]);
  });

  it("carries the finding, the recovery, the referral and the outcomes known at its version, by name", () => {
    const at = "2025-08-02T02:00:01.000Z";
    const first = referralAuditReport({ referral, n: 0, track, project, names, at });
    expect(first.event).toBe("judicial-referral-0");
    expect(first.outcomes).toEqual([]);
    expect(first.projectTitle).toBe("高端轴承钢冶炼");
    expect(first.enterprise).toBe("太原铸造有限公司");
    expect(first.solverLead).toBe("uni-a");
    expect(first.fraud).toEqual({
      reason: "伪造检测报告",
      proposedBy: "bureau",
      decidedBy: "王科长",
      decidedAt: "2025-06-30T02:00:00.000Z",
    });
    expect(first.recovery).toEqual({ id: "rcv-prj-1", amountFen: 3_000_000_00, paidFen: 3_000_000_00 });
    expect(first.referral).toMatchObject({
      organ: referral.organ,
      referredOn: "2025-07-01",
      reference: "并科移〔2025〕1号",
      documents: referral.documents,
      referredBy: "b1",
    });
    expect(first.evidence).toEqual([
      { milestone: 1, fileName: "检测报告.pdf", kind: "test-report", sha256: "ab".repeat(32) },
    ]);
    const second = referralAuditReport({ referral, n: 1, track, project, names, at });
    expect(second.outcomes).toEqual([
      expect.objectContaining({ outcome: "accepted", outcomeZh: "立案", reference: "并公经立字〔2025〕8号" }),
    ]);
  });

  it("renders Chinese HTML with every text escaped", () => {
    const html = referralReportHtml(
      referralAuditReport({ referral, n: 1, track, project, names, at: "2025-08-02T02:00:01.000Z" }),
    );
    expect(html).toContain('<h2 id="judicial-referral">移交司法机关</h2>');
    expect(html).toContain("太原市公安局&lt;经侦&gt;支队");
    expect(html).not.toContain("<经侦>");
    expect(html).toContain("伪造检测报告骗取财政资金 &amp; 情节严重");
    expect(html).toContain("<td>立案</td>");
    expect(html).toContain("太原铸造有限公司");
    expect(html).toContain("ab".repeat(32));
    expect(html).not.toContain("cd".repeat(32));
    const none = referralReportHtml(
      referralAuditReport({ referral, n: 0, track, project, names, at: "2025-08-02T02:00:01.000Z" }),
    );
    expect(none).toContain("尚无处理结果");
  });
});
