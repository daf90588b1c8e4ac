// Use case: the fraud decision's audit report (审计报告) with its judicial referral (《太原市…行动方案》四（七）4 “情节严重者移交
// 司法机关处理”) — organ, date, reference, reasoning, documents, each outcome the organ gave later — beside the finding, the
// recovery and the project's evidence hashes. One report version per change of the referral: `judicial-referral-<n>`
// holds the referral and its first n outcomes (0: the referral itself), written once to the audit bucket (JSON + Chinese
// HTML) under `projects/<id>/decisions/`, like the termination's own report, and recorded on the referral.
import { bump, recordsById, retryOnConflict } from "../platform/ports/record-helpers.ts";
import { type RecordStore, updated } from "../platform/ports/records.ts";
import type { ReportStore } from "../platform/ports/report-store.ts";
import { escapeHtml, row, writeReportPair, yuan } from "../projects/decision-reports.ts";
import {
  type AuditReportRef,
  type ProjectRecord,
  type ProjectTrackRecord,
  projectKind,
  trackKind,
} from "../projects/model.ts";
import { projectNames } from "../projects/names.ts";
import { type RecoveryRecord, recoveryId, recoveryKind } from "../recoveries/model.ts";
import { type JudicialReferralRecord, judicialReferralId, judicialReferralKind } from "./model.ts";

export const referralOutcomeZh: Record<string, string> = {
  accepted: "立案",
  "not-accepted": "不予立案",
  prosecuted: "提起公诉",
  "not-prosecuted": "不起诉",
  convicted: "判决有罪",
  acquitted: "判决无罪",
  closed: "撤案/终结",
};

/** The referral report events a referral calls for: `judicial-referral-0` … `judicial-referral-<outcomes>`. */
export function referralEvents(referral: JudicialReferralRecord): string[] {
  return Array.from({ length: referral.outcomes.length + 1 }, (_, n) => `judicial-referral-${n}`);
}

/** The fraud decision's report carrying the referral as it stood after its first `n` outcomes (pure). */
export function referralAuditReport(input: {
  referral: JudicialReferralRecord;
  n: number;
  track: ProjectTrackRecord;
  project?: ProjectRecord | undefined;
  names?: { title?: string; organisationNames: ReadonlyMap<string, string> } | undefined;
  recovery?: RecoveryRecord | undefined;
  at: string;
}) {
  const { referral, n, track, project, names, recovery } = input;
  const t = track.termination;
  const nameOf = (id: string | undefined) => (id ? (names?.organisationNames.get(id) ?? id) : null);
  return {
    kind: "judicial-referral" as const,
    event: `judicial-referral-${n}`,
    projectId: referral.projectId,
    programmeId: referral.programmeId,
    projectTitle: names?.title ?? project?.title ?? null,
    enterprise: nameOf(project?.enterprise.organisationId),
    solverLead: nameOf(project?.solverLead.organisationId),
    fraud: {
      reason: t?.reason ?? null,
      proposedBy: t?.proposedBy ?? null,
      decidedBy: t?.decidedByName ?? t?.decidedBy ?? null,
      decidedAt: t?.decidedAt ?? referral.fraudDecidedAt,
    },
    recovery: recovery
      ? {
          id: recovery.id,
          amountFen: recovery.amountFen,
          paidFen: recovery.paidFen,
          verifiedSpendingFen: recovery.verifiedSpendingFen,
        }
      : { id: referral.recoveryId ?? null, amountFen: referral.recoverFen, paidFen: referral.paidFen },
    referral: {
      organ: referral.organ,
      referredOn: referral.referredOn,
      reference: referral.reference,
      reasoning: referral.reasoning,
      /** Declared by title and reference (文号): the letters are kept by the bureau, not uploaded. */
      documents: referral.documents,
      referredBy: referral.referredByName ?? referral.referredBy,
      recordedAt: referral.createdAt,
    },
    outcomes: referral.outcomes.slice(0, n).map((o) => ({
      seq: o.seq,
      outcome: o.outcome,
      outcomeZh: referralOutcomeZh[o.outcome] ?? o.outcome,
      decidedOn: o.decidedOn,
      reference: o.reference ?? null,
      summary: o.summary,
      recordedBy: o.recordedByName ?? o.recordedBy,
      recordedAt: o.at,
    })),
    /** The project's evidence as the finding found it: every verified file with its SHA-256. */
    evidence: track.milestones.flatMap((m) =>
      m.files
        .filter((f) => f.verifiedAt !== undefined)
        .map((f) => ({ milestone: m.index, fileName: f.fileName, kind: f.kind, sha256: f.sha256 })),
    ),
    generatedAt: input.at,
  };
}

export function referralReportHtml(r: ReturnType<typeof referralAuditReport>): string {
  const e = (s: string | null | undefined) => escapeHtml(s ?? "—");
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>项目弄虚作假处理及司法移交审计报告 ${e(r.projectId)}</title></head>
<body>
<h1>项目弄虚作假处理及司法移交审计报告</h1>
<p>项目：${e(r.projectTitle)}（${e(r.projectId)}）　批次：${e(r.programmeId)}　生成时间：${e(r.generatedAt)}</p>
<p>出题企业：${e(r.enterprise)}　揭榜方（牵头单位）：${e(r.solverLead)}</p>
<h2>弄虚作假认定</h2>
<p>理由：${e(r.fraud.reason)}</p>
<p>主管部门决定：${e(r.fraud.decidedBy)}，${e(r.fraud.decidedAt)}</p>
<p>应追回 ${yuan(r.recovery.amountFen)} 元（已拨付 ${yuan(r.recovery.paidFen)} 元）</p>
<h2 id="judicial-referral">移交司法机关</h2>
<table border="1"><tr><th>移交机关</th><th>移交日期</th><th>移送函文号</th><th>移交人</th></tr>
${row([r.referral.organ, r.referral.referredOn, r.referral.reference, r.referral.referredBy])}
</table>
<p>移交理由：${e(r.referral.reasoning)}</p>
<h3>移交材料</h3>
<table border="1"><tr><th>材料</th><th>文号</th></tr>
${r.referral.documents.map((d) => row([d.title, d.reference])).join("\n")}
</table>
<h3>司法机关处理结果</h3>
${
  r.outcomes.length === 0
    ? "<p>尚无处理结果。</p>"
    : `<table border="1"><tr><th>序号</th><th>结果</th><th>决定日期</th><th>文号</th><th>说明</th><th>登记人</th></tr>
${r.outcomes.map((o) => row([o.seq, o.outcomeZh, o.decidedOn, o.reference, o.summary, o.recordedBy])).join("\n")}
</table>`
}
<h2>证明材料（SHA-256）</h2>
<table border="1"><tr><th>里程碑</th><th>文件</th><th>类别</th><th>SHA-256</th></tr>
${r.evidence.map((f) => row([f.milestone, f.fileName, f.kind, f.sha256])).join("\n")}
</table>
</body></html>
`;
}

/**
 * Writes every referral report version not yet written (write-once keys: a repeat, or a retry after a crash between the
 * referral's write and its report, writes the missing ones only) and records them on the referral. Returns how many.
 */
export async function writeReferralReports(
  deps: { records: RecordStore; reports?: ReportStore | undefined; clock: { now(): Date } },
  projectId: string,
): Promise<number> {
  const reports = deps.reports;
  if (!reports) return 0;
  const referral = await deps.records.get(judicialReferralKind, judicialReferralId(projectId));
  if (!referral) return 0;
  const done = new Set((referral.auditReports ?? []).map((r) => r.event));
  const due = referralEvents(referral).filter((e) => !done.has(e));
  if (due.length === 0) return 0;
  const [track, project, recovery, names] = await Promise.all([
    deps.records.get(trackKind, projectId),
    recordsById(deps.records, projectKind, [projectId]).then((m) => m.get(projectId)),
    deps.records.get(recoveryKind, recoveryId(projectId)),
    projectNames(deps.records, [projectId]).then((m) => m.get(projectId)),
  ]);
  if (!track) return 0;
  const at = deps.clock.now().toISOString();
  const refs: AuditReportRef[] = [];
  for (const event of due) {
    const n = Number(event.slice("judicial-referral-".length));
    const report = referralAuditReport({ referral, n, track, project, names, recovery, at });
    const base = `projects/${projectId}/decisions/${event}`;
    refs.push({ event, ...(await writeReportPair(reports, base, report, referralReportHtml(report))), at });
  }
  await retryOnConflict(async () => {
    const current = await deps.records.get(judicialReferralKind, judicialReferralId(projectId));
    if (!current) return;
    const known = current.auditReports ?? [];
    const mine = refs.filter((r) => !known.some((k) => k.event === r.event));
    if (mine.length === 0) return;
    await deps.records.write(
      [
        updated(judicialReferralKind, current, bump(current, at, { auditReports: [...known, ...mine] }), {
          actor: "workflow",
          role: "workflow",
          action: "judicial-referral.audit-reports-written",
          detail: { reports: mine.map((r) => r.jsonKey) },
        }),
      ],
      at,
    );
  });
  return refs.length;
}
